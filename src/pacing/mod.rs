//! Frame pacing: the distribution of intervals between presented frames, and its holes.
//!
//! Average fps hides stutter; what a viewer sees is the long frames. So we keep every interval
//! and report percentiles, the maximum and the count of frames at or over 25 ms.

mod per_transition;

pub use per_transition::{PerTransition, RunSummary};

use std::time::{Duration, Instant};

/// A frame this long or longer is a visible hole at any refresh rate of 40 Hz or more.
pub const HOLE: Duration = Duration::from_millis(25);

#[derive(Debug, Default, Clone)]
pub struct FramePacing {
    last: Option<Instant>,
    intervals_ms: Vec<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PacingSummary {
    pub frames: usize,
    pub fps: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub holes_25ms: usize,
}

impl FramePacing {
    /// Records that a frame was presented at `now`.
    pub fn frame(&mut self, now: Instant) {
        if let Some(last) = self.last {
            let interval = now.saturating_duration_since(last);
            self.intervals_ms.push(interval.as_secs_f32() * 1000.0);
        }
        self.last = Some(now);
    }

    /// Records an interval measured elsewhere (a share of another run's frames).
    pub fn record(&mut self, interval: Duration) {
        self.intervals_ms.push(interval.as_secs_f32() * 1000.0);
    }

    /// Nothing was due for a while: the next frame starts a new run of intervals.
    pub fn pause(&mut self) {
        self.last = None;
    }

    pub fn summary(&self) -> PacingSummary {
        let mut sorted = self.intervals_ms.clone();
        sorted.sort_by(f32::total_cmp);
        let percentile = |p: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            // Nearest rank: the smallest interval with at least p of all at or below it.
            let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
            sorted[rank - 1] as f64
        };
        let total_ms: f64 = sorted.iter().map(|v| *v as f64).sum();
        let hole_ms = HOLE.as_secs_f32() * 1000.0;
        PacingSummary {
            frames: sorted.len(),
            fps: if total_ms > 0.0 {
                sorted.len() as f64 * 1000.0 / total_ms
            } else {
                0.0
            },
            p50: percentile(0.50),
            p95: percentile(0.95),
            p99: percentile(0.99),
            max: sorted.last().copied().unwrap_or(0.0) as f64,
            holes_25ms: sorted.iter().filter(|v| **v >= hole_ms).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_holes_of_a_known_run() {
        let mut pacing = FramePacing::default();
        let mut now = Instant::now();
        pacing.frame(now);
        // 98 frames of 10 ms, one of 30 ms, one of 100 ms.
        for ms in std::iter::repeat_n(10, 98).chain([30, 100]) {
            now += Duration::from_millis(ms);
            pacing.frame(now);
        }
        let summary = pacing.summary();
        assert_eq!(summary.frames, 100);
        assert!((summary.p50 - 10.0).abs() < 0.01);
        assert!((summary.p99 - 30.0).abs() < 0.01);
        assert!((summary.max - 100.0).abs() < 0.01);
        assert_eq!(summary.holes_25ms, 2);
        assert!((summary.fps - 100.0 / 1.11).abs() < 0.1);
    }

    #[test]
    fn an_empty_run_reports_zeros() {
        let summary = FramePacing::default().summary();
        assert_eq!(summary.frames, 0);
        assert_eq!(summary.max, 0.0);
    }
}
