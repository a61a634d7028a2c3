//! The music side of the show, as the render loop sees it: the audio worker's latest record
//! (polled, never waited for), the visualizer's look, and the beat the slideshow may follow.

use std::time::Duration;

use framewave_protocol::{AudioConfig, AudioFrame};

use crate::audio::{AudioService, monotonic_ns};
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
}

impl Music {
    /// Takes the worker's latest record; true if it changed. Never waits.
    pub fn poll(&mut self) -> bool {
        self.service.poll(monotonic_ns())
    }

    pub fn frame(&self) -> &AudioFrame {
        self.service.frame()
    }

    /// How long the next transition takes and whether it may start now: with beat sync on and
    /// a sure tempo, a transition that is due by time waits for the next beat (at most one
    /// beat), and lasts a whole number of beats. `due` says the photo's time is up;
    /// `frame_interval` is how often the loop looks.
    pub fn gate(
        &self,
        next: Option<Duration>,
        due: bool,
        frame_interval: Duration,
    ) -> Option<Duration> {
        if !self.options.beat_sync {
            return next;
        }
        on_the_beat(self.frame(), next, due, frame_interval, monotonic_ns())
    }
}

/// [`Music::gate`] with beat sync on, at `now_ns`.
fn on_the_beat(
    frame: &AudioFrame,
    next: Option<Duration>,
    due: bool,
    frame_interval: Duration,
    now_ns: u64,
) -> Option<Duration> {
    let next = next?;
    let Some(beats) = Beats::of(frame) else {
        return Some(next);
    };
    (!due || beats.on_beat(now_ns, frame_interval)).then(|| beats.whole(next))
}

/// The beat grid of a record: when beats fall, on the monotonic clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beats {
    period_ns: u64,
    /// A beat's time (the one just before the record's capture).
    beat_ns: u64,
}

impl Beats {
    /// The grid of `frame`, if its tempo is sure enough and music is playing.
    pub fn of(frame: &AudioFrame) -> Option<Self> {
        if frame.silent || frame.bpm <= 0.0 || frame.bpm_confidence < SURE_ENOUGH {
            return None;
        }
        let period_ns = (60e9 / f64::from(frame.bpm)) as u64;
        let into = (f64::from(frame.beat_phase.clamp(0.0, 1.0)) * period_ns as f64) as u64;
        Some(Self {
            period_ns,
            beat_ns: frame.captured_at_ns.saturating_sub(into),
        })
    }

    /// A beat falls within the frame now beginning (`now_ns` to `now_ns + interval`, so the
    /// first frame drawn after the beat is the frame the transition starts on).
    pub fn on_beat(&self, now_ns: u64, interval: Duration) -> bool {
        let since = now_ns.wrapping_sub(self.beat_ns) as i128;
        let into = since.rem_euclid(self.period_ns as i128) as u64;
        into < interval.as_nanos() as u64
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
        let frame = Duration::from_millis(16);
        let ms = |ms: u64| ms * 1_000_000;
        assert!(beats.on_beat(ms(9_875), frame), "the beat itself");
        assert!(
            beats.on_beat(ms(10_375 + 10), frame),
            "the next, within a frame"
        );
        assert!(
            !beats.on_beat(ms(10_375 + 20), frame),
            "too late: the frame after"
        );
        assert!(!beats.on_beat(ms(10_200), frame), "between beats");
        assert!(
            beats.on_beat(ms(12_375), frame),
            "beats go on past the record"
        );
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
        let interval = Duration::from_millis(16);
        let asked = Some(Duration::from_millis(1_400));
        let ms = |ms: u64| ms * 1_000_000;
        // Between beats: held.
        assert_eq!(on_the_beat(&frame, asked, true, interval, ms(10_250)), None);
        // On the next beat: it starts, three beats long.
        assert_eq!(
            on_the_beat(&frame, asked, true, interval, ms(10_505)),
            Some(Duration::from_millis(1_500))
        );
        // Not yet due: nothing held (the slideshow does not start it anyway).
        assert!(on_the_beat(&frame, asked, false, interval, ms(10_250)).is_some());
        // No sure tempo: on time, its own length.
        let mut unsure = frame.clone();
        unsure.bpm_confidence = 0.1;
        assert_eq!(
            on_the_beat(&unsure, asked, true, interval, ms(10_250)),
            asked
        );
        // No transition ready: still none.
        assert_eq!(on_the_beat(&frame, None, true, interval, ms(10_505)), None);
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
    }
}
