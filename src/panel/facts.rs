//! What the panel shows but does not own: the show's state, handed in each frame.

use crate::rung::Rung;
use crate::supervisor::WorkerStatus;

/// Frame pacing as the Status tab reports it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PacingFigures {
    /// Over the last few seconds of frames due.
    pub fps: f64,
    pub p99_ms: f64,
    /// Of those, the frames that took over twice the refresh period.
    pub long_frames: u64,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct PanelFacts<'a> {
    /// Photos found in the folders, and whether the search is still going.
    pub photos_found: u64,
    pub searching: bool,
    /// Photos that could not be shown, and why (the newest last).
    pub photos_rejected: &'a [(String, String)],
    /// Transitions that can be chosen (built-in and the user's own), with their parameters.
    pub transitions: &'a [crate::transitions::TransitionSpec],
    /// The user's transition files left out, and why.
    pub transitions_rejected: &'a [String],
    /// Every worker: decode, then audio.
    pub workers: &'a [WorkerStatus],
    /// The rung the show draws on, and why it is not the best (if it is not).
    pub rung: Option<Rung>,
    pub rung_why: Option<&'a str>,
    pub pacing: Option<PacingFigures>,
    /// The settings file, and the last problem writing it.
    pub settings_file: Option<&'a std::path::Path>,
    pub save_problem: Option<&'a str>,
}
