//! The music visualizer as the render loop draws it: from the latest audio record (never
//! waited for), each screen keeps what moves between records (`motion.rs`) and turns both into
//! egui shapes (`draw.rs`) in its theme's colours (`palette.rs`), which every rung paints.

mod draw;
mod motion;
mod palette;
pub mod sample;
pub mod style;

use std::time::Instant;

use framewave_protocol::AudioFrame;

pub use draw::Drawing;
pub use motion::Motion;
pub use palette::{Palette, grid_samples};
pub use style::{Mode, Placement, Style, Theme};

/// One screen's visualizer.
#[derive(Debug, Default)]
pub struct Visualizer {
    pub motion: Motion,
    last_advanced: Option<Instant>,
}

impl Visualizer {
    /// Moves caps and ghost on to `now` with the bars of `frame`.
    pub fn advance(&mut self, frame: &AudioFrame, now: Instant) {
        let dt = self.last_advanced.map_or(0.0, |last| {
            now.saturating_duration_since(last).as_secs_f32()
        });
        self.last_advanced = Some(now);
        self.motion.advance(frame.bars(), dt);
    }

    /// Something still moves: music is playing, or caps and ghost are still coming down.
    pub fn moving(&self, frame: &AudioFrame) -> bool {
        !frame.silent || !self.motion.at_rest() || frame.bars().iter().any(|b| *b > 1e-3)
    }

    /// The shapes for a screen `screen` points large.
    pub fn shapes(
        &self,
        frame: &AudioFrame,
        style: Style,
        palette: &Palette,
        screen: egui::Rect,
    ) -> Vec<egui::Shape> {
        Drawing {
            frame,
            motion: &self.motion,
            mode: style.mode,
            placement: style.placement,
            palette,
        }
        .shapes(screen)
    }
}
