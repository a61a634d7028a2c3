//! The overlay (the visualizer's shapes and the text) laid out by egui and painted on the CPU.

use super::text::TextPainter;
use crate::render::{OverlayItems, OverlayLayout};

#[derive(Debug, Default)]
pub struct SoftwareOverlay {
    layout: OverlayLayout,
    painter: TextPainter,
}

impl SoftwareOverlay {
    pub fn layout(&self) -> &OverlayLayout {
        &self.layout
    }

    /// Paints `items` over `target` (0RGB pixels of `size`) at `scale` pixels per point;
    /// true if egui wants one more frame to settle its layout.
    pub fn paint(
        &mut self,
        target: &mut [u32],
        size: (u32, u32),
        scale: f32,
        items: OverlayItems<'_>,
    ) -> bool {
        let mut frame = self.layout.frame(size, scale, items);
        self.painter.update(&frame.textures);
        self.painter
            .paint(target, size, frame.pixels_per_point, &frame.primitives);
        self.painter.free(&frame.textures);
        // Applied: egui checks that no change is dropped unhandled.
        frame.textures.clear();
        frame.again
    }
}
