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
    /// Large text at an anchor, with a soft shadow so it reads on any photo (the clock):
    /// `opacity` 0 to 255 (its fade), `shift` in points (burn-in protection).
    Placed {
        text: String,
        anchor: crate::overlays::Anchor,
        opacity: u8,
        shift: [i8; 2],
    },
}

/// Everything drawn over the photos this frame: shapes (the visualizer), then text over them,
/// then what the user works with (the settings panel), if anything.
#[derive(Default)]
pub struct OverlayItems<'a> {
    /// In points, on the screen's own rectangle.
    pub shapes: &'a [egui::Shape],
    pub texts: &'a [OverlayText],
    pub ui: Option<UiPass<'a>>,
}

/// An interactive pass: the window's input since the last frame, what to build with it, and
/// where egui's requests to the platform (a cursor, a copied text) go back.
pub struct UiPass<'a> {
    pub input: egui::RawInput,
    pub build: &'a mut dyn FnMut(&egui::Context),
    pub platform: &'a mut egui::PlatformOutput,
}

impl std::fmt::Debug for UiPass<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UiPass")
            .field("events", &self.input.events.len())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for OverlayItems<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverlayItems")
            .field("shapes", &self.shapes.len())
            .field("texts", &self.texts)
            .field("ui", &self.ui.is_some())
            .finish()
    }
}

impl OverlayItems<'_> {
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty() && self.texts.is_empty() && self.ui.is_none()
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
#[derive(Debug)]
pub struct OverlayLayout {
    context: egui::Context,
    /// Tells one layout (and the textures its painter holds) from the next, so input made for
    /// an old one is made again for its replacement.
    id: u64,
}

impl Default for OverlayLayout {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self {
            context: egui::Context::default(),
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
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
    /// The egui context this layout runs, and its identity.
    pub fn context(&self) -> (u64, &egui::Context) {
        (self.id, &self.context)
    }

    /// Lays out `items` on a `target_size` screen at `scale` pixels per point.
    pub fn frame(
        &mut self,
        target_size: (u32, u32),
        scale: f32,
        items: OverlayItems<'_>,
    ) -> OverlayFrame {
        let OverlayItems { shapes, texts, ui } = items;
        let points = egui::vec2(target_size.0 as f32, target_size.1 as f32) / scale;
        let (mut input, mut pass) = match ui {
            Some(UiPass {
                input,
                build,
                platform,
            }) => (input, Some((build, platform))),
            None => (egui::RawInput::default(), None),
        };
        input.screen_rect = Some(egui::Rect::from_min_size(egui::Pos2::ZERO, points));
        self.context.set_pixels_per_point(scale);
        let mut output = self.context.run_ui(input, |ui| {
            if !shapes.is_empty() {
                ui.ctx()
                    .layer_painter(egui::LayerId::background())
                    .extend(shapes.iter().cloned());
            }
            for (index, text) in texts.iter().enumerate() {
                layout(ui.ctx(), index, text);
            }
            if let Some((build, _)) = &mut pass {
                build(ui.ctx());
            }
        });
        if let Some((_, platform)) = pass {
            *platform = std::mem::take(&mut output.platform_output);
        }
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
    pub fn layout(&self) -> &OverlayLayout {
        &self.layout
    }

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
        OverlayText::Placed {
            text,
            anchor,
            opacity,
            shift,
        } => return placed(context, text, *anchor, *opacity, *shift),
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

/// Margin of placed text from the screen's edges, in points.
const PLACED_MARGIN: f32 = 40.0;

/// `text` at `anchor`, first line large, the rest smaller, over a soft shadow: the text drawn
/// dark and faint at a ring of offsets under it (egui has no blur), so white text reads on a
/// white sky.
fn placed(
    context: &egui::Context,
    text: &str,
    anchor: crate::overlays::Anchor,
    opacity: u8,
    shift: [i8; 2],
) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let mut job = egui::text::LayoutJob::default();
    let line = |size: f32| egui::TextFormat {
        font_id: egui::FontId::proportional(size),
        color: egui::Color32::PLACEHOLDER,
        ..Default::default()
    };
    job.append(first, 0.0, line(56.0));
    if !rest.is_empty() {
        job.append(&format!("\n{rest}"), 0.0, line(22.0));
    }
    job.halign = anchor.align().x();
    let painter = context.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("placed"),
    ));
    let galley = painter.layout_job(job);
    let screen = context.content_rect();
    let [dx, dy] = anchor.inset(PLACED_MARGIN);
    let at = anchor.align().pos_in_rect(&screen)
        + egui::vec2(dx + f32::from(shift[0]), dy + f32::from(shift[1]));
    // A galley aligned right or centred extends left of its origin: place its own rectangle.
    let rect = anchor.align().anchor_size(at, galley.size());
    let origin = rect.min - galley.rect.min.to_vec2();
    let alpha = f32::from(opacity) / 255.0;
    for (x, y) in [(2.0, 2.0), (-1.0, 2.0), (2.0, -1.0), (0.0, 3.0), (3.0, 0.0)] {
        let shadow = egui::Color32::from_black_alpha((70.0 * alpha) as u8);
        painter.galley_with_override_text_color(origin + egui::vec2(x, y), galley.clone(), shadow);
    }
    painter.galley_with_override_text_color(
        origin,
        galley,
        egui::Color32::from_white_alpha((245.0 * alpha) as u8),
    );
}
