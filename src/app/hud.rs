//! The HUD (F3): how the show is doing, in a few lines over the photos — frame rate, the
//! frame-interval p99 and holes over the last few seconds, the rung and why, the decode
//! workers, and the process's memory (sampled on a thread of its own, from when the HUD is
//! first shown).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::Rung;
use crate::pacing::{FramePacing, PacingSummary};
use crate::rss::RssSampler;
use crate::supervisor::{WorkerState, WorkerStatus};

/// The figures cover this much of the recent past.
const WINDOW: Duration = Duration::from_secs(5);
/// The text changes at most this often: readable, and never a redraw a frame for itself.
const REFRESH: Duration = Duration::from_millis(500);
/// The reason for the rung is cut to this many characters.
const REASON_CHARS: usize = 90;

#[derive(Debug, Default)]
pub struct Hud {
    /// Intervals between frames that were due (something moving), each with when it ended.
    intervals: VecDeque<(Instant, Duration)>,
    last: Option<Instant>,
    rss: Option<RssSampler>,
    /// The text last made, and when.
    shown: Option<(Instant, String)>,
}

/// What the HUD reports on, besides the frames.
#[derive(Debug, Clone)]
pub struct HudState<'a> {
    pub rung: Rung,
    pub rung_said: Option<&'a str>,
    pub workers: &'a [WorkerStatus],
    /// With music: what is heard (see `music::describe`) and the audio worker's status.
    pub music: Option<(String, &'a [WorkerStatus])>,
}

impl Hud {
    /// A frame was presented at `now`; `moving`: it was due (a still photo's redraw is not).
    pub fn presented(&mut self, now: Instant, moving: bool) {
        if let (Some(last), true) = (self.last, moving) {
            self.intervals
                .push_back((now, now.saturating_duration_since(last)));
        }
        self.last = moving.then_some(now);
        while self
            .intervals
            .front()
            .is_some_and(|(at, _)| now.saturating_duration_since(*at) > WINDOW)
        {
            self.intervals.pop_front();
        }
    }

    /// The recent frames as the settings panel reports them: frame rate, p99, and frames that
    /// took over twice `period` (the refresh period).
    pub fn pacing(&self, now: Instant, period: Duration) -> Option<crate::panel::PacingFigures> {
        let recent = self.recent(now);
        let summary = figures(&recent)?;
        Some(crate::panel::PacingFigures {
            fps: summary.fps,
            p99_ms: summary.p99,
            long_frames: recent.iter().filter(|i| **i > period * 2).count() as u64,
        })
    }

    /// The intervals of the last [`WINDOW`] before `now`.
    fn recent(&self, now: Instant) -> Vec<Duration> {
        self.intervals
            .iter()
            .filter(|(at, _)| now.saturating_duration_since(*at) <= WINDOW)
            .map(|(_, interval)| *interval)
            .collect()
    }

    /// The HUD's lines at `now` (made anew every [`REFRESH`]).
    pub fn text(&mut self, now: Instant, state: &HudState<'_>) -> String {
        if let Some((at, text)) = &self.shown
            && now.saturating_duration_since(*at) < REFRESH
        {
            return text.clone();
        }
        let text = self.make(now, state);
        self.shown = Some((now, text.clone()));
        text
    }

    fn make(&mut self, now: Instant, state: &HudState<'_>) -> String {
        let recent = self.recent(now);
        let rss = self
            .rss
            .get_or_insert_with(|| RssSampler::start().unwrap_or_else(|_| RssSampler::fixed(0)));
        let frames = match figures(&recent) {
            Some(f) => format!(
                "{:.0} fps · p99 {:.1} ms · {} holes (last {} s)",
                f.fps,
                f.p99,
                f.holes_25ms,
                WINDOW.as_secs()
            ),
            None => "still: nothing redrawn".to_owned(),
        };
        let rung = match state.rung_said {
            Some(said) if said.chars().count() > REASON_CHARS => {
                format!("{}…", said.chars().take(REASON_CHARS).collect::<String>())
            }
            Some(said) => said.to_owned(),
            None => format!("rendering on the {} rung", state.rung.name()),
        };
        let music = match &state.music {
            Some((heard, audio)) => format!("{heard}\n{}\n", workers("audio", audio)),
            None => String::new(),
        };
        format!(
            "{frames}\n{rung}\n{}\n{music}memory {:.0} MB",
            workers("decode", state.workers),
            rss.current() as f64 / (1024.0 * 1024.0)
        )
    }
}

/// The pacing figures of `intervals`, as the soak and the perf log count them (a hole is a
/// frame of 25 ms or more); `None` when nothing was due.
fn figures(intervals: &[Duration]) -> Option<PacingSummary> {
    if intervals.is_empty() {
        return None;
    }
    let mut pacing = FramePacing::default();
    for interval in intervals {
        pacing.record(*interval);
    }
    Some(pacing.summary())
}

/// "decode: 2 of 3 running, 1 starting or down, 3 restarts".
fn workers(kind: &str, workers: &[WorkerStatus]) -> String {
    if workers.is_empty() {
        return format!("{kind}: starting");
    }
    if workers
        .iter()
        .all(|w| matches!(w.state, WorkerState::GivenUp))
    {
        return format!(
            "{kind}: given up after {} restarts",
            workers.iter().map(|w| w.restarts).sum::<u64>()
        );
    }
    let count =
        |wanted: fn(&WorkerState) -> bool| workers.iter().filter(|w| wanted(&w.state)).count();
    let running = count(|s| matches!(s, WorkerState::Running));
    let others = workers.len() - running;
    let restarts: u64 = workers.iter().map(|w| w.restarts).sum();
    let mut line = format!("{kind}: {running} of {} running", workers.len());
    if others > 0 {
        line.push_str(&format!(", {others} starting or down"));
    }
    line.push_str(&format!(", {restarts} restarts"));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_count_fps_p99_and_holes_of_due_frames_only() {
        let frame = Duration::from_micros(16_667);
        let mut intervals = vec![frame; 99];
        intervals.push(Duration::from_millis(50));
        let f = figures(&intervals).unwrap();
        assert!(
            (f.fps - 100.0 / (99.0 * 0.016667 + 0.05)).abs() < 0.5,
            "{f:?}"
        );
        assert_eq!(f.holes_25ms, 1);
        assert!((f.p99 - 16.667).abs() < 0.01, "{f:?}");
        assert_eq!(figures(&[]), None);

        let mut hud = Hud::default();
        let t0 = Instant::now();
        hud.presented(t0, true);
        hud.presented(t0 + frame, true);
        // A still: its long wait is not an interval.
        hud.presented(t0 + Duration::from_secs(3), false);
        hud.presented(t0 + Duration::from_secs(4), true);
        hud.presented(t0 + Duration::from_secs(4) + frame, true);
        assert_eq!(hud.intervals.len(), 2);
    }
}
