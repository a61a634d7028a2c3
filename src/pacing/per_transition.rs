//! Frame pacing per transition: each run of a transition measured on its own (for the perf
//! log, one line per run) and every run of the same transition together (for the soak).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{FramePacing, PacingSummary};

/// One run of a transition, finished.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    pub name: String,
    pub duration: Duration,
    pub pacing: PacingSummary,
}

impl std::fmt::Display for RunSummary {
    /// One line of the perf log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = &self.pacing;
        write!(
            f,
            "{} duration_ms={:.0} intervals={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} holes={}",
            self.name,
            self.duration.as_secs_f64() * 1000.0,
            p.frames,
            p.p50,
            p.p99,
            p.max,
            p.holes_25ms
        )
    }
}

#[derive(Debug, Default)]
pub struct PerTransition {
    /// The run under way: its name, first frame and intervals.
    current: Option<(String, Instant, FramePacing)>,
    totals: BTreeMap<String, FramePacing>,
    /// Only the runs, no totals: for a show that runs for hours (the totals keep every
    /// interval).
    runs_only: bool,
}

impl PerTransition {
    /// Summaries of each run as it ends, keeping nothing after.
    pub fn runs_only() -> Self {
        Self {
            runs_only: true,
            ..Self::default()
        }
    }

    /// A frame presented at `now`, during `transition` (`None`: between transitions). Returns
    /// the run that just ended, if this frame ended one.
    pub fn frame(&mut self, now: Instant, transition: Option<&str>) -> Option<RunSummary> {
        let same = matches!((&self.current, transition), (Some((name, ..)), Some(t)) if name == t);
        let ended = if same { None } else { self.end(now) };
        if let Some(name) = transition {
            let (_, _, pacing) = self
                .current
                .get_or_insert_with(|| (name.to_owned(), now, FramePacing::default()));
            pacing.frame(now);
            if !self.runs_only {
                self.totals.entry(name.to_owned()).or_default().frame(now);
            }
        }
        ended
    }

    fn end(&mut self, now: Instant) -> Option<RunSummary> {
        let (name, start, pacing) = self.current.take()?;
        // The next run of this transition starts a new series of intervals.
        if let Some(total) = self.totals.get_mut(&name) {
            total.pause();
        }
        Some(RunSummary {
            name,
            duration: now.saturating_duration_since(start),
            pacing: pacing.summary(),
        })
    }

    /// Every transition seen, all its runs together.
    pub fn totals(&self) -> BTreeMap<String, PacingSummary> {
        self.totals
            .iter()
            .map(|(name, pacing)| (name.clone(), pacing.summary()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_measured_one_by_one_and_together() {
        let mut per = PerTransition::default();
        let mut now = Instant::now();
        let mut ended = Vec::new();
        for (name, frames) in [
            (Some("wipe"), 5),
            (None, 3),
            (Some("burn"), 4),
            (Some("wipe"), 3),
        ] {
            for _ in 0..frames {
                now += Duration::from_millis(16);
                ended.extend(per.frame(now, name));
            }
        }
        now += Duration::from_millis(16);
        ended.extend(per.frame(now, None));
        let names: Vec<&str> = ended.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["wipe", "burn", "wipe"]);
        assert_eq!(ended[0].pacing.frames, 4, "5 frames, 4 intervals");
        assert_eq!(ended[0].duration, Duration::from_millis(16 * 5));
        let totals = per.totals();
        assert_eq!(
            totals["wipe"].frames,
            4 + 2,
            "the gap between runs is not an interval"
        );
        assert_eq!(totals["burn"].frames, 3);
        assert!(
            ended[1]
                .to_string()
                .starts_with("burn duration_ms=64 intervals=3 p50_ms=16.00 p99_ms=16.00")
        );
    }
}
