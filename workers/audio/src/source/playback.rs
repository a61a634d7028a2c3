//! A music file played aloud through the default output: the callback resamples it to the
//! device's rate (linearly), writes it to every channel, and hands the same samples to the
//! analysis, stamped with when they will come out of the speaker.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use super::{Feed, now_ns};

/// After the end, this much silence goes to the analysis so the bars fall to rest.
const TRAILING_SILENCE_S: f64 = 1.2;

/// Starts playing `samples` (mono, at `rate`); the stream and the rate the analysis gets.
/// Fails when there is no output that opens.
pub fn play(
    samples: Arc<[f32]>,
    rate: u32,
    path: &Path,
    feed: &Feed,
) -> Result<(cpal::Stream, u32), String> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or("no default output")?;
    let supported = device.default_output_config().map_err(|e| e.to_string())?;
    let config = supported.config();
    let player = Player {
        samples,
        step: f64::from(rate) / f64::from(config.sample_rate.max(1)),
        position: 0.0,
        silence_left: (TRAILING_SILENCE_S * f64::from(config.sample_rate)) as usize,
        path: path.to_owned(),
        ended: false,
        channels: usize::from(config.channels.max(1)),
    };
    let stream = match supported.sample_format() {
        SampleFormat::F32 => build::<f32>(&device, config, player, feed),
        SampleFormat::I16 => build::<i16>(&device, config, player, feed),
        SampleFormat::I32 => build::<i32>(&device, config, player, feed),
        SampleFormat::U16 => build::<u16>(&device, config, player, feed),
        SampleFormat::U8 => build::<u8>(&device, config, player, feed),
        SampleFormat::F64 => build::<f64>(&device, config, player, feed),
        other => return Err(format!("samples of type {other} are not supported")),
    }?;
    stream.play().map_err(|e| e.to_string())?;
    Ok((stream, config.sample_rate))
}

/// Where the callback is in the file.
struct Player {
    samples: Arc<[f32]>,
    /// File samples per device sample.
    step: f64,
    position: f64,
    silence_left: usize,
    path: PathBuf,
    ended: bool,
    channels: usize,
}

impl Player {
    /// The next device sample, or `None` past the end.
    fn next(&mut self) -> Option<f32> {
        let at = self.position as usize;
        let now = *self.samples.get(at)?;
        let then = self.samples.get(at + 1).copied().unwrap_or(now);
        let t = (self.position - at as f64) as f32;
        self.position += self.step;
        Some(now + (then - now) * t)
    }

    /// Fills `out` (interleaved) and returns the mono samples played, if the analysis should
    /// still get any.
    fn fill<T: Sample + FromSample<f32>>(
        &mut self,
        out: &mut [T],
        feed: &Feed,
    ) -> Option<Vec<f32>> {
        let mut played = Vec::with_capacity(out.len() / self.channels);
        for frame in out.chunks_exact_mut(self.channels) {
            let sample = self.next().unwrap_or(0.0);
            frame.fill(T::from_sample(sample));
            played.push(sample);
        }
        if self.position as usize >= self.samples.len() {
            if !self.ended {
                // Told once; a full queue is tried again next callback.
                self.ended = feed.offer_end(&self.path);
            }
            if self.silence_left == 0 {
                return None;
            }
            self.silence_left = self.silence_left.saturating_sub(played.len());
        }
        Some(played)
    }
}

fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut player: Player,
    feed: &Feed,
) -> Result<cpal::Stream, String>
where
    T: SizedSample + FromSample<f32>,
{
    let data_feed = feed.clone();
    let error_feed = feed.clone();
    device
        .build_output_stream(
            config,
            move |out: &mut [T], info: &cpal::OutputCallbackInfo| {
                let stamp = info.timestamp();
                // How long until what is written now comes out of the speaker.
                let latency = stamp
                    .playback
                    .checked_duration_since(stamp.callback)
                    .unwrap_or_default();
                if let Some(played) = player.fill(out, &data_feed) {
                    let heard = now_ns() + latency.as_nanos() as u64;
                    let last =
                        played.len() as u64 * 1_000_000_000 / u64::from(config.sample_rate.max(1));
                    data_feed.offer(played, heard + last);
                }
            },
            move |error| error_feed.stream_error(&error),
            None,
        )
        .map_err(|e| e.to_string())
}
