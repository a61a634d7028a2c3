//! The analysis of sound as it arrives: every 10 ms, a spectrum of the newest samples becomes
//! bars, levels, a waveform, onsets and a tempo with the beat's phase — one [`AudioFrame`].
//!
//! The same pieces as the offline analysis (`offline.rs`), run causally: an onset is only
//! known one hop after its peak, and its threshold is taken over the frames before it. After
//! about a second of silence the analyzer hands out one resting frame and then stops doing
//! FFTs until sound returns, so a worker with nothing to hear costs nothing.

use std::collections::VecDeque;

use framewave_protocol::audio::{BANDS, WAVEFORM};
use framewave_protocol::{AudioConfig, AudioFrame};

use crate::bars::BarLayout;
use crate::levels::LevelMeter;
use crate::onsets::{self, Flux, Picking};
use crate::smoothing::{Smoother, Smoothing};
use crate::spectrum::Spectrum;
use crate::tempo;

/// Analyses a second: 10 ms hops, finer than the 1/60 s the visualizer needs.
pub const HOPS_PER_SECOND: u32 = 100;
/// Quieter than this (-60 dBFS) is silence.
const SILENT_RMS: f32 = 1e-3;
/// This many quiet hops in a row (1 s) and the analyzer rests.
const QUIET_HOPS: u32 = 100;
/// The flux envelope and onsets the tempo is read from (10 s).
const TEMPO_HOPS: usize = 1_000;
/// The tempo is read again every this many hops (0.5 s).
const TEMPO_EVERY: u64 = 50;
/// An onset's flash fades out over this long, in seconds.
const ONSET_FADE_S: f64 = 0.2;

/// The analysis settings a config carries.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    fft_size: usize,
    bars: usize,
    low_hz: f32,
    high_hz: f32,
    smoothing: Smoothing,
    sensitivity: f32,
}

impl Settings {
    fn of(config: &AudioConfig) -> Self {
        let s = config.smoothing;
        Self {
            // A power of two between 256 and 16384: anything else is a bad config, not a crash.
            fft_size: (config.fft_size.clamp(256, 16_384) as usize).next_power_of_two(),
            bars: (config.bars as usize).clamp(1, BANDS),
            low_hz: config.low_hz,
            high_hz: config.high_hz,
            smoothing: Smoothing::from_config(&s, HOPS_PER_SECOND as f32),
            sensitivity: s.sensitivity.max(0.0),
        }
    }
}

/// The tempo last read, with one of its beats to extrapolate the phase from.
#[derive(Debug, Clone, Copy)]
struct Beat {
    bpm: f64,
    confidence: f64,
    /// A beat's time, in seconds of the analyzer's sample clock.
    at_s: f64,
    period_s: f64,
}

/// Streaming analysis of one source's mono samples.
#[derive(Debug)]
pub struct LiveAnalyzer {
    sample_rate: u32,
    hop: usize,
    settings: Settings,
    spectrum: Spectrum,
    layout: BarLayout,
    smoother: Smoother,
    levels: LevelMeter,
    flux: Flux,
    /// The newest samples (at least an FFT's and a waveform's worth).
    history: Vec<f32>,
    /// Samples since the last hop.
    pending: usize,
    /// Samples pushed so far: the analyzer's clock.
    samples_seen: u64,
    hops: u64,
    magnitudes: Vec<f32>,
    raw_bars: Vec<f32>,
    /// Flux of the last `TEMPO_HOPS` hops, and the sample clock (s) of the newest.
    envelope: VecDeque<f32>,
    /// Onset times (s of the sample clock) within the envelope's reach.
    onset_times: VecDeque<f64>,
    last_onset_s: Option<f64>,
    onsets: u64,
    beat: Option<Beat>,
    quiet_hops: u32,
    /// At rest: no FFTs until a hop is loud again.
    resting: bool,
}

impl LiveAnalyzer {
    pub fn new(config: &AudioConfig, sample_rate: u32) -> Self {
        let sample_rate = sample_rate.max(HOPS_PER_SECOND);
        let settings = Settings::of(config);
        Self {
            sample_rate,
            hop: (sample_rate / HOPS_PER_SECOND) as usize,
            spectrum: Spectrum::new(settings.fft_size),
            layout: BarLayout::new(settings.bars, settings.low_hz, settings.high_hz),
            smoother: Smoother::new(settings.smoothing),
            levels: LevelMeter::new(HOPS_PER_SECOND as f32),
            flux: Flux::default(),
            settings,
            history: Vec::new(),
            pending: 0,
            samples_seen: 0,
            hops: 0,
            magnitudes: Vec::new(),
            raw_bars: Vec::new(),
            envelope: VecDeque::with_capacity(TEMPO_HOPS),
            onset_times: VecDeque::new(),
            last_onset_s: None,
            onsets: 0,
            beat: None,
            quiet_hops: 0,
            resting: false,
        }
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Starts over for another source at `sample_rate`: only the onset count goes on (a
    /// reader sees a new onset when it grows, so it never goes back).
    pub fn restart(&mut self, config: &AudioConfig, sample_rate: u32) {
        let onsets = self.onsets;
        *self = Self::new(config, sample_rate);
        self.onsets = onsets;
    }

    /// Takes a new config: the spectrum, bars or smoothing change where they differ; the
    /// tempo, onsets and levels heard so far are kept.
    pub fn configure(&mut self, config: &AudioConfig) {
        let new = Settings::of(config);
        if new.fft_size != self.settings.fft_size {
            self.spectrum = Spectrum::new(new.fft_size);
            // Another bin count: the flux restarts (its first value is 0, not a false onset).
            self.flux = Flux::default();
        }
        if (new.bars, new.low_hz, new.high_hz)
            != (
                self.settings.bars,
                self.settings.low_hz,
                self.settings.high_hz,
            )
        {
            self.layout = BarLayout::new(new.bars, new.low_hz, new.high_hz);
        }
        if new.smoothing != self.settings.smoothing || new.bars != self.settings.bars {
            self.smoother = Smoother::new(new.smoothing);
        }
        self.settings = new;
    }

    /// Takes `samples` (mono, -1..1), the last of which was heard at `heard_at_ns`
    /// (`CLOCK_MONOTONIC`). Returns the newest frame analysed among them, if any: none while
    /// the chunk completes no hop, and none while at rest in silence (after one resting frame).
    pub fn push(&mut self, samples: &[f32], heard_at_ns: u64) -> Option<AudioFrame> {
        let mut newest = None;
        self.push_each(samples, heard_at_ns, |frame| newest = Some(frame));
        newest
    }

    /// As [`LiveAnalyzer::push`], handing `each` every frame the chunk completes, oldest first,
    /// each stamped with when its own last sample is heard: a chunk of sound still to be
    /// played gives a frame for each hop, to be shown as each is heard.
    pub fn push_each(
        &mut self,
        samples: &[f32],
        heard_at_ns: u64,
        mut each: impl FnMut(AudioFrame),
    ) {
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (self.hop - self.pending).min(rest.len());
            self.remember(&rest[..take]);
            self.pending += take;
            rest = &rest[take..];
            if self.pending == self.hop {
                self.pending = 0;
                let after = rest.len() as u64 * 1_000_000_000 / u64::from(self.sample_rate);
                if let Some(frame) = self.hop_done(heard_at_ns.saturating_sub(after)) {
                    each(frame);
                }
            }
        }
    }

    /// A frame at rest: no sound, bars down, the tempo forgotten.
    pub fn resting_frame(&self, heard_at_ns: u64) -> AudioFrame {
        AudioFrame {
            captured_at_ns: heard_at_ns,
            sample_rate: self.sample_rate,
            bar_count: self.settings.bars as u32,
            onsets: self.onsets,
            silent: true,
            ..AudioFrame::default()
        }
    }

    /// Nothing more is coming (a file played out): rest now, without waiting for a second of
    /// silence. The resting frame, unless already at rest.
    pub fn rest(&mut self, heard_at_ns: u64) -> Option<AudioFrame> {
        if self.resting {
            return None;
        }
        self.go_to_rest();
        Some(self.resting_frame(heard_at_ns))
    }

    fn remember(&mut self, samples: &[f32]) {
        self.history.extend_from_slice(samples);
        self.samples_seen += samples.len() as u64;
        let keep = self.settings.fft_size.max(WAVEFORM);
        // Trimmed in batches: a copy every few hops, not every hop.
        if self.history.len() > 2 * keep {
            self.history.drain(..self.history.len() - keep);
        }
    }

    fn now_s(&self) -> f64 {
        self.samples_seen as f64 / f64::from(self.sample_rate)
    }

    fn hop_done(&mut self, at_ns: u64) -> Option<AudioFrame> {
        self.hops += 1;
        let newest_hop = &self.history[self.history.len().saturating_sub(self.hop)..];
        let loud = rms(newest_hop) >= SILENT_RMS;
        self.quiet_hops = if loud { 0 } else { self.quiet_hops + 1 };
        if self.resting {
            if !loud {
                return None;
            }
            self.resting = false;
        } else if self.quiet_hops >= QUIET_HOPS {
            self.go_to_rest();
            return Some(self.resting_frame(at_ns));
        }
        Some(self.analyse(at_ns))
    }

    /// Silence: the song is over, so its tempo and onsets are forgotten too.
    fn go_to_rest(&mut self) {
        self.resting = true;
        self.envelope.clear();
        self.onset_times.clear();
        self.beat = None;
        self.flux = Flux::default();
        // Bars start from nothing when sound returns, not from where they were.
        self.smoother = Smoother::new(self.settings.smoothing);
    }

    fn analyse(&mut self, at_ns: u64) -> AudioFrame {
        let size = self.settings.fft_size;
        let window = &self.history[self.history.len().saturating_sub(size)..];
        self.spectrum.magnitudes(window, &mut self.magnitudes);
        let mut frame = AudioFrame {
            captured_at_ns: at_ns,
            sample_rate: self.sample_rate,
            bar_count: self.settings.bars as u32,
            rms: rms(window),
            silent: false,
            ..AudioFrame::default()
        };
        self.layout
            .fill(&self.magnitudes, size, self.sample_rate, &mut self.raw_bars);
        self.layout.tilt(&mut self.raw_bars);
        let quiet = self.quiet_hops > 0;
        let smoothed = self.smoother.update(&self.raw_bars, quiet);
        for (out, bar) in frame.bars.iter_mut().zip(smoothed) {
            *out = (bar * self.settings.sensitivity).min(1.0);
        }
        frame.levels = self.levels.update(&self.magnitudes, size, self.sample_rate);
        let from = self.history.len().saturating_sub(WAVEFORM);
        frame.waveform[WAVEFORM - (self.history.len() - from)..]
            .copy_from_slice(&self.history[from..]);
        let flux = self.flux.next(&self.magnitudes);
        self.follow_onsets(flux);
        let now = self.now_s();
        frame.onsets = self.onsets;
        frame.onset = self.last_onset_s.map_or(0.0, |at| {
            (1.0 - (now - at) / ONSET_FADE_S).clamp(0.0, 1.0) as f32
        });
        if self.hops.is_multiple_of(TEMPO_EVERY) {
            self.read_tempo();
        }
        if let Some(beat) = self.beat {
            frame.bpm = beat.bpm as f32;
            frame.bpm_confidence = beat.confidence as f32;
            frame.beat_phase = ((now - beat.at_s) / beat.period_s).rem_euclid(1.0) as f32;
        }
        frame
    }

    /// Adds this hop's flux to the envelope, and decides whether the hop before it was an
    /// onset: `onsets::pick`'s rule (a local peak, above `scale` times the mean flux around it
    /// plus `floor` times the loudest, a minimum gap after the last), with the mean taken over
    /// the frames up to it instead of either side, and the loudest over the envelope kept.
    fn follow_onsets(&mut self, flux: f32) {
        if self.envelope.len() == TEMPO_HOPS {
            self.envelope.pop_front();
        }
        self.envelope.push_back(flux);
        let n = self.envelope.len();
        if n < 3 {
            return;
        }
        let picking = Picking::default();
        let (before, peak, after) = (
            self.envelope[n - 3],
            self.envelope[n - 2],
            self.envelope[n - 1],
        );
        if peak <= before || peak < after {
            return;
        }
        let rate = HOPS_PER_SECOND as f32;
        let span = (2.0 * picking.window_s * rate).round() as usize + 1;
        let trailing = self.envelope.range(n.saturating_sub(span + 1)..n - 1);
        let mean = trailing.clone().sum::<f32>() / trailing.len() as f32;
        let loudest = self.envelope.iter().copied().fold(0.0, f32::max);
        if loudest <= 0.0 || peak < picking.scale * mean + picking.floor * loudest {
            return;
        }
        let at = self.onset_time();
        if self
            .last_onset_s
            .is_some_and(|last| at - last < f64::from(picking.min_gap_s))
        {
            return;
        }
        self.last_onset_s = Some(at);
        self.onsets += 1;
        self.onset_times.push_back(at);
        let reach = self.now_s() - TEMPO_HOPS as f64 / f64::from(HOPS_PER_SECOND);
        while self.onset_times.front().is_some_and(|t| *t < reach) {
            self.onset_times.pop_front();
        }
    }

    /// Where, in the previous hop's window, the hit began (its energy rose most steeply), in
    /// seconds of the sample clock.
    fn onset_time(&self) -> f64 {
        let size = self.settings.fft_size;
        // The previous hop's window ends a hop before the newest sample.
        let end = self.history.len().saturating_sub(self.hop);
        let start = end.saturating_sub(size);
        let at = onsets::refine(&self.history, self.sample_rate, start, end);
        let behind = self.history.len() - at;
        (self.samples_seen - behind as u64) as f64 / f64::from(self.sample_rate)
    }

    /// Reads the tempo from the last ten seconds; times are given to `tempo::estimate` from
    /// the envelope's start, as it expects, and turned back to the sample clock.
    fn read_tempo(&mut self) {
        let rate = f64::from(HOPS_PER_SECOND);
        let frames = self.envelope.len();
        let now = self.now_s();
        let start = now - frames as f64 / rate;
        // A hop's flux belongs, near enough, to its window's middle.
        let half_window = self.settings.fft_size as f64 / 2.0 / f64::from(self.sample_rate);
        let offset = 1.0 / rate - half_window;
        let onsets: Vec<f64> = self.onset_times.iter().map(|t| t - start).collect();
        let envelope: Vec<f32> = self.envelope.iter().copied().collect();
        let found = tempo::estimate(&envelope, rate, offset, &onsets, now - start);
        self.beat = found.and_then(|t| {
            let last = *t.beats.last()?;
            Some(Beat {
                bpm: t.bpm,
                confidence: t.confidence,
                at_s: start + last,
                period_s: 60.0 / t.bpm,
            })
        });
    }
}

fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt()
}

#[cfg(test)]
mod tests;
