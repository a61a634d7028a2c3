//! The software rung's window: CPU compositing and CPU text, presented with softbuffer.

use std::num::NonZeroU32;
use std::sync::Arc;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use super::Drew;
use crate::app::photo::Photo;
use crate::render::software::{SoftwareCompositor, SoftwareOverlay};
use crate::render::{OverlayItems, Scene};

pub struct SoftwareRenderer {
    surface: softbuffer::Surface<OwnedDisplayHandle, Arc<Window>>,
    compositor: SoftwareCompositor,
    pub(super) overlay: SoftwareOverlay,
    pub(super) size: (u32, u32),
}

impl SoftwareRenderer {
    pub(super) fn new(window: &Arc<Window>, display: &OwnedDisplayHandle) -> anyhow::Result<Self> {
        let context = softbuffer::Context::new(display.clone())
            .map_err(|e| anyhow::anyhow!("cannot draw in software here: {e}"))?;
        let surface = softbuffer::Surface::new(&context, Arc::clone(window))
            .map_err(|e| anyhow::anyhow!("cannot draw in software here: {e}"))?;
        let size = window.inner_size();
        let mut renderer = Self {
            surface,
            compositor: SoftwareCompositor::new(),
            overlay: SoftwareOverlay::default(),
            size: (0, 0),
        };
        renderer.resize(size.width, size.height);
        Ok(renderer)
    }

    pub(super) fn resize(&mut self, width: u32, height: u32) {
        let (Some(w), Some(h)) = (NonZeroU32::new(width), NonZeroU32::new(height)) else {
            return; // minimised: keep the old size until visible again
        };
        match self.surface.resize(w, h) {
            Ok(()) => self.size = (width, height),
            Err(e) => tracing::warn!("cannot resize the software surface: {e}"),
        }
    }

    pub(super) fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        overlay: OverlayItems<'_>,
    ) -> Drew {
        // Photos are moved into memory when the session comes down to this rung; one that is
        // not (it cannot be) is never drawn as black: the last good frame stays up.
        let Some(scene) = scene.map(Photo::memory) else {
            return Drew::Skipped;
        };
        if self.size.0 == 0 {
            return Drew::Skipped;
        }
        let mut buffer = match self.surface.buffer_mut() {
            Ok(buffer) => buffer,
            Err(e) => {
                tracing::warn!("no software buffer this frame: {e}");
                return Drew::Skipped;
            }
        };
        self.compositor.draw(&mut buffer, self.size, scene);
        let again = !overlay.is_empty()
            && self.overlay.paint(
                &mut buffer,
                self.size,
                window.scale_factor() as f32,
                overlay,
            );
        window.pre_present_notify();
        match buffer.present() {
            Ok(()) => Drew::Presented(again),
            Err(e) => {
                tracing::warn!("cannot present the software frame: {e}");
                Drew::Skipped
            }
        }
    }
}
