//! Capture through cpal: what is playing (the default output's monitor) or a named input
//! device; any channel count is averaged to mono in the callback, which
//! never waits (a chunk that finds the queue full is dropped).

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};

use std::time::Duration;

use super::{Bound, Feed, Running, Watch, monitor, now_ns};

/// The ALSA devices that reach the sound server (PulseAudio's plugin, PipeWire's).
const SERVER_DEVICES: [&str; 2] = ["pulse", "pipewire"];

/// What the computer is playing: the default output's monitor.
pub fn playing(feed: &Feed) -> Result<Bound, String> {
    let sink = monitor::default_sink().ok_or("no sound server answers (pactl)")?;
    let mut bound = monitor_source(
        &format!("{sink}.monitor"),
        feed,
        monitor::sink_latency(&sink),
    )?;
    bound.watch = Watch::DefaultSink(Some(sink));
    Ok(bound)
}

/// Records the sound server's source `name` (a monitor) through its ALSA device; what it
/// records is heard `ahead` later.
fn monitor_source(name: &str, feed: &Feed, ahead: Duration) -> Result<Bound, String> {
    let host = cpal::default_host();
    let device = host
        .devices()
        .map_err(|e| e.to_string())?
        .find(|d| d.id().is_ok_and(|id| SERVER_DEVICES.contains(&id.id())))
        .ok_or("ALSA has no pulse or pipewire device (libasound2-plugins)")?;
    let mut bound = listen(&device, feed, ahead)?;
    monitor::route_to(name)?;
    bound.description = name.to_owned();
    Ok(bound)
}

/// The input device called `name` (its ALSA name or its description), or a sound server's
/// monitor of that name.
pub fn device(name: &str, feed: &Feed) -> Result<Bound, String> {
    if monitor::monitors().iter().any(|m| m.name == name) {
        let sink = name.strip_suffix(".monitor").unwrap_or(name);
        let mut bound = monitor_source(name, feed, monitor::sink_latency(sink))?;
        bound.watch = Watch::Listed(name.to_owned());
        return Ok(bound);
    }
    let device = find(name).ok_or("no such device")?;
    let mut bound = listen(&device, feed, Duration::ZERO)?;
    bound.watch = Watch::Listed(name.to_owned());
    Ok(bound)
}

/// Whether a device (or monitor) called `name` is still there.
pub fn is_listed(name: &str) -> bool {
    find(name).is_some() || monitor::monitors().iter().any(|m| m.name == name)
}

fn find(name: &str) -> Option<cpal::Device> {
    cpal::default_host().devices().ok()?.find(|d| {
        d.id().is_ok_and(|id| id.id() == name)
            || d.description().is_ok_and(|desc| desc.name() == name)
    })
}

/// A device's name as `framewave audio-devices` shows it: its ALSA name.
pub fn name_of(device: &cpal::Device) -> String {
    device
        .id()
        .map(|id| id.id().to_owned())
        .unwrap_or_else(|_| "an audio device".to_owned())
}

/// Opens and starts an input stream on `device`, whose sound is heard `ahead` after it is
/// recorded.
fn listen(device: &cpal::Device, feed: &Feed, ahead: Duration) -> Result<Bound, String> {
    let supported = device.default_input_config().map_err(|e| e.to_string())?;
    let config = supported.config();
    let stream = match supported.sample_format() {
        SampleFormat::F32 => build::<f32>(device, config, feed, ahead),
        SampleFormat::I16 => build::<i16>(device, config, feed, ahead),
        SampleFormat::I32 => build::<i32>(device, config, feed, ahead),
        SampleFormat::U16 => build::<u16>(device, config, feed, ahead),
        SampleFormat::U8 => build::<u8>(device, config, feed, ahead),
        SampleFormat::F64 => build::<f64>(device, config, feed, ahead),
        other => return Err(format!("samples of type {other} are not supported")),
    }?;
    stream.play().map_err(|e| e.to_string())?;
    Ok(Bound {
        description: name_of(device),
        sample_rate: config.sample_rate,
        watch: Watch::Nothing,
        _running: Running::Stream { _stream: stream },
    })
}

fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    feed: &Feed,
    ahead: Duration,
) -> Result<cpal::Stream, String>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels.max(1));
    let data_feed = feed.clone();
    let error_feed = feed.clone();
    device
        .build_input_stream(
            config,
            move |data: &[T], _: &cpal::InputCallbackInfo| {
                let mono = data
                    .chunks_exact(channels)
                    .map(|frame| {
                        frame.iter().map(|s| s.to_sample::<f32>()).sum::<f32>() / channels as f32
                    })
                    .collect();
                // The callback comes as the last sample is captured: it is heard now, or once
                // the output it was recorded from has played it.
                data_feed.offer(mono, now_ns() + ahead.as_nanos() as u64);
            },
            move |error| error_feed.stream_error(&error),
            None,
        )
        .map_err(|e| e.to_string())
}
