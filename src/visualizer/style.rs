//! How the visualizer looks: its mode, where it goes and its colours (the settings file's
//! `visualizer*` keys).

use serde::{Deserialize, Serialize};

/// What is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// No visualizer (and no audio worker).
    #[default]
    Off,
    /// Spectrum bars, low notes on the left, with peak caps and a fading ghost of recent
    /// heights.
    Bars,
    /// Bars growing up and down from a centre line, low notes in the middle.
    Mirrored,
    /// The waveform, as an oscilloscope draws it.
    Oscilloscope,
    /// Bars around a circle that swells with the bass.
    Radial,
}

/// Where it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// A band along the bottom of the screen, over the photos.
    #[default]
    Band,
    /// A band along the top of the screen, bars hanging down, over the photos.
    Top,
    /// Over the whole screen, over the photos.
    Overlay,
    /// On its own, on black: no photos.
    Alone,
}

/// Its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Teal to blue to violet.
    #[default]
    Aurora,
    /// Red to orange to gold.
    Ember,
    /// Ice blue to white.
    Ice,
    /// White.
    Mono,
    /// Taken from the photo on screen.
    Photo,
}

/// The visualizer's look, as the render loop needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub mode: Mode,
    pub placement: Placement,
    pub theme: Theme,
}
