//! What is drawn over the slideshow with egui, on top of the composited frame: the music
//! visualizer's shapes, and over them text: a short caption (search progress), a centred
//! notice (no photos), and the HUD (F3).

use egui_wgpu::{Renderer, RendererOptions, ScreenDescriptor};

/// What to write on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlayText {
    /// A discreet caption in the bottom-left corner, over the photo.
    Caption(String),
    /// A notice in the middle of the screen, when there is nothing else to see.
    Notice(String),
    /// The HUD: figures in monospace in the top-left corner, a line each.
    Hud(String),
}

/// Everything drawn over the photos this frame: shapes (the visualizer), then text over them.
#[derive(Debug, Clone, Copy, Default)]
pub struct OverlayItems<'a> {
    /// In points, on the screen's own rectangle.
    pub shapes: &'a [egui::Shape],
    pub texts: &'a [OverlayText],
}

impl OverlayItems<'_> {
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty() && self.texts.is_empty()
    }
}

pub struct Overlay {
    layout: OverlayLayout,
    renderer: Renderer,
}

impl std::fmt::Debug for Overlay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Overlay").finish_non_exhaustive()
    }
}

/// The overlay's text laid out by egui, ready for any painter: the GPU's, or the software
/// rung's.
#[derive(Debug, Default)]
pub struct OverlayLayout {
    context: egui::Context,
}

/// One frame of laid-out text.
#[derive(Debug)]
pub struct OverlayFrame {
    pub primitives: Vec<egui::ClippedPrimitive>,
    pub textures: egui::TexturesDelta,
    pub pixels_per_point: f32,
    /// egui wants one more frame (to settle a layout).
    pub again: bool,
}

impl OverlayLayout {
    /// Lays out `items` on a `target_size` screen at `scale` pixels per point.
    pub fn frame(
        &mut self,
        target_size: (u32, u32),
        scale: f32,
        items: OverlayItems<'_>,
    ) -> OverlayFrame {
        let points = egui::vec2(target_size.0 as f32, target_size.1 as f32) / scale;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, points)),
            ..Default::default()
        };
        self.context.set_pixels_per_point(scale);
        let mut output = self.context.run_ui(input, |ui| {
            if !items.shapes.is_empty() {
                ui.ctx()
                    .layer_painter(egui::LayerId::background())
                    .extend(items.shapes.iter().cloned());
            }
            for (index, text) in items.texts.iter().enumerate() {
                layout(ui.ctx(), index, text);
            }
        });
        let primitives = self
            .context
            .tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        OverlayFrame {
            primitives,
            textures: std::mem::take(&mut output.textures_delta),
            pixels_per_point: output.pixels_per_point,
            again: output
                .viewport_output
                .values()
                .any(|viewport| viewport.repaint_delay.is_zero()),
        }
    }
}

impl Overlay {
    pub fn new(device: &wgpu::Device, target_format: wgpu::TextureFormat) -> Self {
        Self {
            layout: OverlayLayout::default(),
            renderer: Renderer::new(device, target_format, RendererOptions::default()),
        }
    }

    /// Draws `items` over `target`; true if it wants one more frame to settle.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        target_size: (u32, u32),
        scale: f32,
        items: OverlayItems<'_>,
    ) -> bool {
        let screen = ScreenDescriptor {
            size_in_pixels: [target_size.0, target_size.1],
            pixels_per_point: scale,
        };
        let OverlayFrame {
            primitives,
            textures: mut deltas,
            again,
            ..
        } = self.layout.frame(target_size, scale, items);
        for (id, changes) in &deltas.set {
            for delta in changes {
                self.renderer.update_texture(device, queue, *id, delta);
            }
        }
        let extra = self
            .renderer
            .update_buffers(device, queue, encoder, &primitives, &screen);
        queue.submit(extra);
        {
            let pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("overlay"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: target,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Load,
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            self.renderer
                .render(&mut pass.forget_lifetime(), &primitives, &screen);
        }
        for id in &deltas.free {
            self.renderer.free_texture(id);
        }
        deltas.clear();
        again
    }
}

fn layout(context: &egui::Context, index: usize, text: &OverlayText) {
    // A caption stays on one line; a notice wraps within most of the screen's width.
    let (message, anchor, offset, font, wrap) = match text {
        OverlayText::Caption(message) => (
            message,
            egui::Align2::LEFT_BOTTOM,
            [24.0, -24.0],
            egui::FontId::proportional(18.0),
            egui::TextWrapMode::Extend,
        ),
        OverlayText::Notice(message) => (
            message,
            egui::Align2::CENTER_CENTER,
            [0.0, 0.0],
            egui::FontId::proportional(24.0),
            egui::TextWrapMode::Wrap,
        ),
        OverlayText::Hud(message) => (
            message,
            egui::Align2::LEFT_TOP,
            [16.0, 16.0],
            egui::FontId::monospace(14.0),
            egui::TextWrapMode::Extend,
        ),
    };
    let width = context.content_rect().width() * 0.8;
    egui::Area::new(egui::Id::unique(("overlay", index)))
        .anchor(anchor, offset)
        .interactable(false)
        .default_width(width)
        .show(context, |ui| {
            ui.set_max_width(width);
            egui::Frame::NONE
                .fill(egui::Color32::from_black_alpha(170))
                .corner_radius(10.0)
                .inner_margin(egui::Margin::symmetric(16, 10))
                .show(ui, |ui| {
                    let text = egui::RichText::new(message.as_str())
                        .font(font)
                        .color(egui::Color32::from_gray(235));
                    ui.add(egui::Label::new(text).wrap_mode(wrap));
                });
        });
}
