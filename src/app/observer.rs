//! A hook into the render loop for diagnostics such as `framewave soak`.

use std::time::Instant;

use crate::supervisor::WorkerStatus;

/// What the render loop knows at the end of a frame.
#[derive(Debug)]
pub struct FrameContext<'a> {
    /// When the frame was presented.
    pub now: Instant,
    /// Which window presented it, counted from 0 (one per monitor in the screensaver).
    pub window: usize,
    /// That window's frame interval (its monitor's refresh period, or the cap asked for).
    pub frame_interval: std::time::Duration,
    /// Photos shown so far by that window's show.
    pub photos_shown: u64,
    /// The latest status of every decode worker.
    pub workers: &'a [WorkerStatus],
    /// Something moved in this frame (a transition, Ken Burns): a frame was due. Between such
    /// frames a still photo is not redrawn, so those gaps are not frame intervals.
    pub moving: bool,
    /// Photos were being prepared by the decode workers when the frame was presented.
    pub decoding: bool,
    /// The transition on screen, if one is.
    pub transition: Option<&'a str>,
    /// A photo is on screen (not the dark screen before the first).
    pub photo_on_screen: bool,
    /// The rung frames are drawn on.
    pub rung: super::Rung,
    /// What the session last said about its rung (why it is on it), if anything.
    pub rung_said: Option<&'a str>,
    /// How long before this frame's presentation the newest sound it draws was heard (the
    /// visualizer's record), when music is playing.
    pub sound_age: Option<std::time::Duration>,
    /// Since the show started (the process, near enough).
    pub since_start: std::time::Duration,
    /// The settings the show runs with now.
    pub settings: &'a crate::settings::Settings,
    /// The settings panel is open on this window.
    pub panel_open: bool,
    /// How long the panel took to appear (from asked to presented), the last time it opened.
    pub panel_opened_in: Option<std::time::Duration>,
}

/// Called on the render thread after every presented frame; must not block.
pub trait FrameObserver {
    /// Returns `false` to close the window.
    fn on_frame(&mut self, frame: &FrameContext<'_>) -> bool;

    /// New settings for the show, as the panel would make them (a diagnostic changing them
    /// mid-run); taken after each frame.
    fn change_settings(
        &mut self,
        _current: &crate::settings::Settings,
    ) -> Option<crate::settings::Settings> {
        None
    }
}
