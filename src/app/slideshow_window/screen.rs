//! One window of the show: what it owns alone — the window, its part of the renderer, its
//! frame clock, what is written over it, the HUD, and its frames measured.

use std::sync::Arc;
use std::time::Instant;

use winit::window::Window;

use super::monitors::MonitorPlace;
use crate::app::frame_clock::FrameClock;
use crate::app::hud::Hud;
use crate::app::window_renderer::ScreenRenderer;
use crate::pacing::PerTransition;
use crate::render::OverlayText;
use crate::visualizer::{Palette, Visualizer};

pub(super) struct Screen {
    pub window: Arc<Window>,
    pub renderer: ScreenRenderer,
    /// The monitor it covers (fullscreen), to follow monitors coming and going.
    pub monitor: Option<MonitorPlace>,
    /// Which window this is, counted from 0 in the order they were opened (reported to the
    /// observer, so pacing is measured per monitor).
    pub number: usize,
    /// Where its top-left corner is on the desktop: mouse positions are made desktop-wide
    /// with it, so moving from one monitor to the next is not a jump.
    pub origin: (f64, f64),
    /// When to draw next, paced to its own monitor.
    pub clock: FrameClock,
    /// The size photos are prepared at for it (its own, with any Ken Burns headroom).
    pub prepared_for: (u32, u32),
    /// When the window last changed size, until photos ahead follow it.
    pub resized_at: Option<Instant>,
    /// What is drawn over the photos this frame: what the show says, and the HUD.
    pub texts: Vec<OverlayText>,
    /// The visualizer's state on this screen, and its shapes this frame.
    pub visualizer: Visualizer,
    pub shapes: Vec<egui::Shape>,
    /// The colours taken from the photo on screen (by its appearance serial), for the photo
    /// theme.
    pub photo_palette: Option<(u64, Palette)>,
    /// The overlay asked for one more frame to show its text.
    pub overlay_settling: bool,
    /// The HUD is on (F3), and its figures.
    pub hud_on: bool,
    pub hud: Hud,
    /// The transition run under way, measured.
    pub runs: PerTransition,
    /// The window's input for egui (the settings panel), made for the overlay it was made
    /// for (by its layout's id).
    pub ui_input: Option<(u64, egui_winit::State)>,
    /// Input came that egui may answer: one more frame.
    pub ui_dirty: bool,
}

impl Screen {
    pub fn new(
        window: Arc<Window>,
        renderer: ScreenRenderer,
        monitor: Option<MonitorPlace>,
        number: usize,
        clock: FrameClock,
    ) -> Self {
        let origin = monitor.as_ref().map_or((0.0, 0.0), |place| {
            (f64::from(place.position.0), f64::from(place.position.1))
        });
        Self {
            window,
            renderer,
            monitor,
            number,
            origin,
            clock,
            prepared_for: (0, 0),
            resized_at: None,
            texts: Vec::new(),
            visualizer: Visualizer::default(),
            shapes: Vec::new(),
            photo_palette: None,
            overlay_settling: false,
            hud_on: false,
            hud: Hud::default(),
            runs: PerTransition::runs_only(),
            ui_input: None,
            ui_dirty: false,
        }
    }
}

/// The refresh rate of the window's monitor, 60 Hz if it does not say.
pub(super) fn refresh_hz(window: &Window) -> f64 {
    window
        .current_monitor()
        .and_then(|monitor| monitor.refresh_rate_millihertz())
        .map_or(60.0, |mhz| mhz as f64 / 1000.0)
}
