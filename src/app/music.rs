//! The music side of the show, as the render loop sees it: the audio worker's latest record
//! (polled, never waited for), the visualizer's look, and the beat the slideshow may follow.

use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use framewave_protocol::{AudioConfig, AudioFrame};

use crate::audio::{AudioService, monotonic_ns};
use crate::supervisor::WorkerStatus;
use crate::visualizer::{Mode, Style};

/// What the show does with music.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MusicOptions {
    pub style: Style,
    /// What the audio worker is told.
    pub audio: AudioConfig,
    /// Transitions start on a beat (when the tempo is sure enough), lasting whole beats.
    pub beat_sync: bool,
}

impl MusicOptions {
    /// The show listens to music at all (and so runs an audio worker).
    pub fn listens(&self) -> bool {
        self.style.mode != Mode::Off || self.beat_sync
    }
}

/// The tempo must be at least this sure for transitions to wait for a beat.
const SURE_ENOUGH: f32 = 0.5;

/// The music while the show runs.
#[derive(Debug)]
pub struct Music {
    pub service: AudioService,
    pub options: MusicOptions,
    /// When beat sync last looked (monotonic ns).
    pub looked_ns: u64,
    /// The audio worker's latest status.
    pub workers: Vec<WorkerStatus>,
}

impl Music {
    /// Takes the worker's latest record (true if it changed) and status. Never waits.
    pub fn poll(&mut self) -> bool {
        if let Some(status) = self.service.latest_status() {
            self.workers = status;
        }
        self.service.poll(monotonic_ns())
    }

    pub fn frame(&self) -> &AudioFrame {
        self.service.frame()
    }

    /// How long the next transition takes and whether it may start now: with beat sync on and
    /// a sure tempo, a transition that is due by time waits for the next beat (at most one
    /// beat), and lasts a whole number of beats. `due` says the photo's time is up.
    pub fn gate(&mut self, next: Option<Duration>, due: bool) -> Option<Duration> {
        if !self.options.beat_sync {
            return next;
        }
        let now_ns = monotonic_ns();
        let gated = on_the_beat(self.frame(), next, due, self.looked_ns..=now_ns);
        self.looked_ns = now_ns;
        gated
    }

    /// When the loop must look again for a transition waiting for its beat: the next beat,
    /// if one is awaited (the loop wakes for it rather than drawing every frame meanwhile).
    pub fn next_beat(&self, due: bool, now: Instant) -> Option<Instant> {
        let beats = Beats::of(self.frame()).filter(|_| self.options.beat_sync && due)?;
        let now_ns = monotonic_ns();
        Some(now + Duration::from_nanos(beats.next_after(now_ns) - now_ns))
    }
}

/// [`Music::gate`] with beat sync on: the loop looked last at the start of `looked`, and
/// looks now at its end. A beat in between lets a due transition start.
fn on_the_beat(
    frame: &AudioFrame,
    next: Option<Duration>,
    due: bool,
    looked: RangeInclusive<u64>,
) -> Option<Duration> {
    let next = next?;
    let Some(beats) = Beats::of(frame) else {
        return Some(next);
    };
    // The look before this one saw it due too: a beat since then is the one waited for.
    let beat_came = beats.next_after(*looked.start()) <= *looked.end();
    (!due || beat_came).then(|| beats.whole(next))
}

/// The beat grid of a record: when beats fall, on the monotonic clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beats {
    period_ns: u64,
    /// A beat's time (the one just before the record's capture).
    beat_ns: u64,
}

impl Beats {
    /// The grid of `frame`, if its tempo is sure enough and music is playing. The record
    /// comes from another process: a tempo outside what music has, or a phase that is not a
    /// number, is no grid.
    pub fn of(frame: &AudioFrame) -> Option<Self> {
        let plausible = (30.0..=300.0).contains(&frame.bpm) && frame.beat_phase.is_finite();
        let sure = (SURE_ENOUGH..=1.0).contains(&frame.bpm_confidence);
        if frame.silent || !plausible || !sure {
            return None;
        }
        let period_ns = (60e9 / f64::from(frame.bpm)) as u64;
        let into = (f64::from(frame.beat_phase.clamp(0.0, 1.0)) * period_ns as f64) as u64;
        Some(Self {
            period_ns,
            beat_ns: frame.captured_at_ns.saturating_sub(into),
        })
    }

    /// The first beat after `at_ns`.
    pub fn next_after(&self, at_ns: u64) -> u64 {
        let since = i128::from(at_ns) - i128::from(self.beat_ns);
        let into = since.rem_euclid(i128::from(self.period_ns));
        (i128::from(at_ns) - into + i128::from(self.period_ns)) as u64
    }

    /// `duration` rounded to a whole number of beats (one at least).
    pub fn whole(&self, duration: Duration) -> Duration {
        let beats = (duration.as_nanos() as f64 / self.period_ns as f64)
            .round()
            .max(1.0);
        Duration::from_nanos((beats * self.period_ns as f64) as u64)
    }
}

/// Something to show the user about the music (the HUD's line).
pub fn describe(music: &Music) -> String {
    let frame = music.frame();
    let source = music.service.source().unwrap_or("starting");
    if frame.silent {
        format!("music: {source}, silent")
    } else if frame.bpm > 0.0 {
        format!(
            "music: {source}, {:.0} BPM ({:.0}% sure)",
            frame.bpm,
            frame.bpm_confidence * 100.0
        )
    } else {
        format!("music: {source}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playing(bpm: f32, phase: f32, at_ns: u64) -> AudioFrame {
        AudioFrame {
            captured_at_ns: at_ns,
            bpm,
            bpm_confidence: 0.9,
            beat_phase: phase,
            silent: false,
            ..AudioFrame::default()
        }
    }

    #[test]
    fn beats_fall_on_the_grid_the_record_gives() {
        // 120 BPM: a beat every 500 ms; the record was a quarter into a beat at 10 s.
        let beats = Beats::of(&playing(120.0, 0.25, 10_000_000_000)).unwrap();
        let ms = |ms: u64| ms * 1_000_000;
        assert_eq!(beats.next_after(ms(9_800)), ms(9_875));
        assert_eq!(beats.next_after(ms(9_875)), ms(10_375), "after, not at");
        assert_eq!(
            beats.next_after(ms(12_400)),
            ms(12_875),
            "beats go on past the record"
        );
        assert_eq!(beats.next_after(ms(1_000)), ms(1_375), "and before it");
    }

    #[test]
    fn transitions_last_whole_beats() {
        let beats = Beats::of(&playing(120.0, 0.0, 1)).unwrap();
        assert_eq!(
            beats.whole(Duration::from_millis(1_400)),
            Duration::from_millis(1_500)
        );
        assert_eq!(
            beats.whole(Duration::from_millis(100)),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn a_due_transition_waits_for_the_beat_and_lasts_whole_beats() {
        let frame = playing(120.0, 0.0, 10_000_000_000);
        let asked = Some(Duration::from_millis(1_400));
        let ms = |ms: u64| ms * 1_000_000;
        // Between beats: held.
        assert_eq!(
            on_the_beat(&frame, asked, true, ms(10_100)..=ms(10_250)),
            None
        );
        // A beat since the last look: it starts, three beats long.
        assert_eq!(
            on_the_beat(&frame, asked, true, ms(10_490)..=ms(10_505)),
            Some(Duration::from_millis(1_500))
        );
        // However long the frame was: a beat in it counts.
        assert!(on_the_beat(&frame, asked, true, ms(10_300)..=ms(10_700)).is_some());
        // Not yet due: nothing held (the slideshow does not start it anyway).
        assert!(on_the_beat(&frame, asked, false, ms(10_100)..=ms(10_250)).is_some());
        // No sure tempo: on time, its own length.
        let mut unsure = frame.clone();
        unsure.bpm_confidence = 0.1;
        assert_eq!(
            on_the_beat(&unsure, asked, true, ms(10_100)..=ms(10_250)),
            asked
        );
        // No transition ready: still none.
        assert_eq!(
            on_the_beat(&frame, None, true, ms(10_490)..=ms(10_505)),
            None
        );
    }

    #[test]
    fn an_unsure_tempo_or_silence_gives_no_grid() {
        let mut unsure = playing(120.0, 0.0, 1);
        unsure.bpm_confidence = 0.2;
        assert_eq!(Beats::of(&unsure), None);
        let mut silent = playing(120.0, 0.0, 1);
        silent.silent = true;
        assert_eq!(Beats::of(&silent), None);
        assert_eq!(Beats::of(&playing(0.0, 0.0, 1)), None);
        // Garbage from the worker is no grid, never a panic or an endless transition.
        for bpm in [f32::NAN, f32::INFINITY, 1e30, 1e-30, -120.0] {
            assert_eq!(Beats::of(&playing(bpm, 0.0, 1)), None, "{bpm}");
        }
        assert_eq!(Beats::of(&playing(120.0, f32::NAN, 1)), None);
        let mut nan_sure = playing(120.0, 0.0, 1);
        nan_sure.bpm_confidence = f32::NAN;
        assert_eq!(Beats::of(&nan_sure), None);
    }
}
