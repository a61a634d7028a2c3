//! The show's options as the settings give them: one place that reads each setting into what
//! the show runs with, for the start (`commands/show.rs`) and for a change made while it runs
//! (`slideshow_window/live.rs`).

use std::path::PathBuf;
use std::time::Duration;

use super::input::ExitRules;
use super::music::MusicOptions;
use crate::overlays::ClockStyle;
use crate::settings::Settings;
use crate::slideshow::Timing;
use crate::transitions::{TransitionRequest, user};
use crate::visualizer::Style;

/// The slideshow's first guess at a transition's length; each run then says its own.
pub const DEFAULT_TRANSITION: Duration = Duration::from_millis(1500);

/// Every transition's length, when the settings fix one (else each its own).
pub fn transition_secs(settings: &Settings) -> Option<Duration> {
    Some(settings.transition_secs)
        .filter(|s| *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

/// How long photos stay and transitions take. Settings are clamped when read, so every time
/// is a real one; an impossible one would be the defaults'.
pub fn timing(settings: &Settings) -> Timing {
    Timing {
        display: Duration::try_from_secs_f64(settings.display_secs)
            .unwrap_or(Duration::from_secs(6)),
        transition: transition_secs(settings).unwrap_or(DEFAULT_TRANSITION),
    }
}

/// The folder of the user's transitions: the settings', else the platform's.
pub fn user_dir(settings: &Settings) -> Option<PathBuf> {
    Some(settings.transitions_dir.clone())
        .filter(|dir| !dir.as_os_str().is_empty())
        .or_else(user::default_dir)
}

pub fn transitions(settings: &Settings) -> TransitionRequest {
    TransitionRequest {
        name: settings.transition.clone(),
        pool: settings.transitions.clone(),
        user_dir: user_dir(settings),
    }
}

pub fn music(settings: &Settings) -> MusicOptions {
    MusicOptions {
        style: Style {
            mode: settings.visualizer,
            placement: settings.visualizer_placement,
            theme: settings.visualizer_theme,
        },
        audio: settings.audio_config(),
        beat_sync: settings.beat_sync,
    }
}

pub fn clock(settings: &Settings) -> Option<ClockStyle> {
    settings.clock.then_some(ClockStyle {
        hours_24: settings.clock_24h,
        date: settings.clock_date,
        anchor: settings.clock_anchor,
    })
}

pub fn exit(settings: &Settings) -> ExitRules {
    ExitRules {
        exit_on_input: settings.exit_on_input,
        threshold_px: settings.exit_mouse_threshold_px,
        grace: Duration::from_secs_f64(settings.exit_grace_secs),
    }
}

/// Frames a second at most, when limited.
pub fn max_fps(settings: &Settings) -> Option<f64> {
    Some(settings.max_fps).filter(|fps| *fps > 0.0)
}
