//! The soak's JSON report.

use std::time::Duration;

use serde::Serialize;

use super::SoakResults;
use crate::procfs;

#[derive(Debug, Clone, Serialize)]
pub struct FrameMs {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseMs {
    pub intervals: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

impl PhaseMs {
    fn of(pacing: &crate::pacing::FramePacing) -> Self {
        let summary = pacing.summary();
        Self {
            intervals: summary.frames,
            p50: round(summary.p50),
            p99: round(summary.p99),
            max: round(summary.max),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RestartMs {
    pub p50: f64,
    pub max: f64,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RssMb {
    pub start: f64,
    pub end: f64,
}

/// One transition's frame intervals, over all its runs.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionMs {
    pub intervals: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
    pub holes: usize,
}

/// One window's frames (one per monitor with `--screensaver`).
#[derive(Debug, Clone, Serialize)]
pub struct WindowReport {
    /// Its frame interval: the refresh period of its monitor, or the cap asked for.
    pub refresh_ms: f64,
    pub first_photo_ms: Option<f64>,
    pub frames: usize,
    pub fps: f64,
    pub frame_ms: FrameMs,
    pub holes_25ms: usize,
    /// Frames drawn during transitions, and how many came over twice the refresh period.
    pub transition_frames: usize,
    pub over_twice_refresh: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoakReport {
    /// The rung the show was drawn on at the end, and what the show said about it.
    pub rung: &'static str,
    pub rung_said: Option<String>,
    /// From the start of the show to its first frame, and to a photo on every window.
    pub first_frame_ms: Option<f64>,
    pub first_photo_ms: Option<f64>,
    /// The frame figures below are the first window's; `windows` has each one's.
    pub frames: usize,
    pub fps: f64,
    pub frame_ms: FrameMs,
    pub holes_25ms: usize,
    /// Frame intervals that ended while decode workers were busy, and while none was: the
    /// cost of decoding to the render loop, within one run.
    pub while_decoding: PhaseMs,
    pub while_idle: PhaseMs,
    pub worker_restarts: u64,
    /// Faults injected: workers killed, and rounds of stopping every worker.
    pub kills: usize,
    pub stops: usize,
    /// From a worker's death, or the start of its hang, to its replacement serving.
    pub restart_ms: RestartMs,
    pub killed_restart_ms: RestartMs,
    pub hung_restart_ms: RestartMs,
    pub photos_shown: u64,
    pub rss_mb: RssMb,
    pub leftover_processes: usize,
    pub leftover_segments: usize,
    pub per_transition: std::collections::BTreeMap<String, TransitionMs>,
    pub windows: Vec<WindowReport>,
    /// With `--visualizer`: from the newest sound a frame draws being heard to the frame's
    /// presentation (the display's own latency comes on top).
    pub sound_to_picture_ms: Option<FrameMs>,
    /// With `--panel`: from asking for the panel to its first frame presented.
    pub panel_open_ms: Option<f64>,
    /// With `--set`: from the change (made as the panel makes one) to the first frame
    /// presented with it, and frames presented in between (0: the very next frame).
    pub change_applied_ms: Option<f64>,
    pub frames_before_change: Option<usize>,
}

pub fn build(results: SoakResults, shm_before: &[String]) -> SoakReport {
    let pacing = results.pacing.summary();
    let all: Vec<Duration> = results
        .kill_recoveries
        .iter()
        .chain(&results.hang_recoveries)
        .copied()
        .collect();
    let mb = |bytes: u64| (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0;
    let ms = |d: Option<Duration>| d.map(|d| round(d.as_secs_f64() * 1000.0));
    SoakReport {
        rung: results.rung.name(),
        rung_said: results.rung_said,
        first_frame_ms: ms(results.first_frame),
        first_photo_ms: ms(results.first_photo),
        frames: pacing.frames,
        fps: round(pacing.fps),
        frame_ms: FrameMs::of(&pacing),
        holes_25ms: pacing.holes_25ms,
        while_decoding: PhaseMs::of(&results.while_decoding),
        while_idle: PhaseMs::of(&results.while_idle),
        worker_restarts: results.worker_restarts,
        kills: results.kills,
        stops: results.stops,
        restart_ms: restart_ms(&all),
        killed_restart_ms: restart_ms(&results.kill_recoveries),
        hung_restart_ms: restart_ms(&results.hang_recoveries),
        photos_shown: results.photos_shown,
        sound_to_picture_ms: sound_to_picture_ms(&results.sound_to_picture),
        panel_open_ms: ms(results.panel_opened_in),
        change_applied_ms: ms(results.change_applied.map(|(took, _)| took)),
        frames_before_change: results.change_applied.map(|(_, frames)| frames),
        rss_mb: RssMb {
            start: mb(results.rss_start),
            end: mb(results.rss_end),
        },
        leftover_processes: results
            .pids
            .iter()
            .filter(|pid| procfs::is_alive(**pid))
            .count(),
        leftover_segments: leftover_segments(shm_before),
        per_transition: results
            .per_transition
            .iter()
            .map(|(name, p)| {
                let ms = TransitionMs {
                    intervals: p.frames,
                    p50: round(p.p50),
                    p99: round(p.p99),
                    max: round(p.max),
                    holes: p.holes_25ms,
                };
                (name.clone(), ms)
            })
            .collect(),
        windows: results
            .windows
            .values()
            .map(|window| {
                let pacing = window.pacing.summary();
                WindowReport {
                    refresh_ms: round(window.frame_interval.as_secs_f64() * 1000.0),
                    first_photo_ms: ms(window.first_photo),
                    frames: pacing.frames,
                    fps: round(pacing.fps),
                    frame_ms: FrameMs::of(&pacing),
                    holes_25ms: pacing.holes_25ms,
                    transition_frames: window.transition_frames,
                    over_twice_refresh: window.over_twice_in_transitions,
                }
            })
            .collect(),
    }
}

impl FrameMs {
    fn of(pacing: &crate::pacing::PacingSummary) -> Self {
        Self {
            p50: round(pacing.p50),
            p95: round(pacing.p95),
            p99: round(pacing.p99),
            max: round(pacing.max),
        }
    }
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn sound_to_picture_ms(delays: &[Duration]) -> Option<FrameMs> {
    let mut ms: Vec<f64> = delays.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| round(ms[((ms.len() - 1) as f64 * q).round() as usize]);
    (!ms.is_empty()).then(|| FrameMs {
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
        max: at(1.0),
    })
}

fn restart_ms(durations: &[Duration]) -> RestartMs {
    let mut ms: Vec<f64> = durations.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    RestartMs {
        p50: ms
            .get(ms.len().saturating_sub(1) / 2)
            .copied()
            .map_or(0.0, round),
        max: ms.last().copied().map_or(0.0, round),
        count: ms.len(),
    }
}

/// New names in /dev/shm, plus framewave memory segments this process still holds open.
fn leftover_segments(shm_before: &[String]) -> usize {
    let new_names = procfs::shm_entries()
        .iter()
        .filter(|name| !shm_before.contains(name))
        .count();
    let open_segments = std::fs::read_dir("/proc/self/fd")
        .map(|fds| {
            fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
                .filter(|target| target.to_string_lossy().starts_with("/memfd:framewave"))
                .count()
        })
        .unwrap_or(0);
    new_names + open_segments
}
