//! Frames of a transition composited offscreen, on each rung, from photos prepared as a decode
//! worker prepares them: what `framewave render`, the goldens and the benches draw.

use std::path::Path;

use framewave_decode::{Target, load_for_target, prescale_into};
use framewave_protocol::{Fit, WorkerConfig};

use anyhow::Context as _;

use crate::render::OverlayItems;
use crate::render::software::{CpuPhoto, SoftwareCompositor, SoftwareOverlay};
use crate::render::{Gpu, Layer, OffscreenTarget, PhotoTexture, PixelsRef, Scene, ken_burns};
use crate::transitions::{Catalogue, TransitionRun, TransitionSpec};

/// Frames to composite: which transition run, at what size, and with what motion.
#[derive(Debug, Clone)]
pub struct FrameSpec {
    pub spec: TransitionSpec,
    pub run: TransitionRun,
    pub size: (u32, u32),
    /// Ken Burns: how far through their time on screen both photos are (0 to 1).
    pub ken_burns: Option<f32>,
    /// Drawn over every frame, in points at one pixel a point (the visualizer).
    pub overlay: Vec<egui::Shape>,
}

impl FrameSpec {
    /// `name` from `catalogue` with `params` (`key=value`) set.
    pub fn new(
        catalogue: &Catalogue,
        name: &str,
        params: &[String],
        size: (u32, u32),
    ) -> anyhow::Result<Self> {
        let spec = catalogue.get(name).cloned().with_context(|| {
            let known: Vec<&str> = catalogue.names().collect();
            format!("no transition {name:?} (there are: {})", known.join(", "))
        })?;
        let mut run = TransitionRun::with_defaults(&spec, None);
        for param in params {
            let (key, value) = param
                .split_once('=')
                .with_context(|| format!("--param {param:?}: expected KEY=VALUE"))?;
            run.set(&spec, key.trim(), value)
                .map_err(anyhow::Error::msg)?;
        }
        Ok(Self {
            spec,
            run,
            size,
            ken_burns: None,
            overlay: Vec::new(),
        })
    }

    /// The size photos are prepared at: with Ken Burns, larger than the frame by its headroom.
    pub fn prepared_size(&self) -> (u32, u32) {
        let (width, height) = self.size;
        match self.ken_burns {
            Some(_) => ken_burns::with_headroom((width, height)),
            None => (width, height),
        }
    }
}

/// Frames of `width`×`height` RGBA laid left to right in one image.
pub(super) fn side_by_side(frames: &[Vec<u8>], width: u32, height: u32) -> Vec<u8> {
    let row = width as usize * 4;
    let mut sheet = Vec::with_capacity(row * frames.len() * height as usize);
    for y in 0..height as usize {
        for frame in frames {
            sheet.extend_from_slice(&frame[y * row..(y + 1) * row]);
        }
    }
    sheet
}

/// Decodes and prescales a photo exactly as a decode worker would, into an owned buffer.
pub fn prescaled(path: &Path, width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let target = Target {
        width,
        height,
        fit: Fit::Fill,
    };
    let image = load_for_target(path, WorkerConfig::default().max_source_pixels, target)?;
    let mut pixels = vec![0; width as usize * height as usize * 4];
    prescale_into(&image, &mut pixels, width, height, Fit::Fill)?;
    Ok(pixels)
}

/// Composites frames at the given progresses (time fractions; the transition's easing is
/// applied) through the same compositor the window uses (the shader rung's), from two photos
/// prepared at `spec.prepared_size()`. `hang`: see [`render_into`].
pub fn render_frames(
    gpu: &Gpu,
    spec: &FrameSpec,
    from: &[u8],
    to: &[u8],
    progresses: &[f32],
    hang: bool,
) -> anyhow::Result<Vec<Vec<u8>>> {
    let target = OffscreenTarget::shader(gpu, spec.size.0, spec.size.1)?;
    render_into(target, gpu, spec, (from, to), progresses, hang)
}

/// The same frames as [`render_frames`], drawn by the compositor rung's one fixed pipeline.
pub fn render_frames_fixed(
    gpu: &Gpu,
    spec: &FrameSpec,
    from: &[u8],
    to: &[u8],
    progresses: &[f32],
    hang: bool,
) -> anyhow::Result<Vec<Vec<u8>>> {
    let target = OffscreenTarget::fixed(gpu, spec.size.0, spec.size.1)?;
    render_into(target, gpu, spec, (from, to), progresses, hang)
}

/// Renders into `target`; with `hang`, no frame read back is ever reported, as with a hung
/// driver (`--inject-gpu-fault gpu-hang`).
fn render_into(
    mut target: OffscreenTarget,
    gpu: &Gpu,
    spec: &FrameSpec,
    (from, to): (&[u8], &[u8]),
    progresses: &[f32],
    hang: bool,
) -> anyhow::Result<Vec<Vec<u8>>> {
    if hang {
        target.go_deaf();
    }
    let (width, height) = spec.prepared_size();
    let texture = |bytes| {
        let pixels = PixelsRef {
            width,
            height,
            stride: width * 4,
            bytes,
        };
        PhotoTexture::upload(&gpu.device, &gpu.queue, pixels)
    };
    let (from, to) = (texture(from), texture(to));
    target.prepare(&spec.spec)?;
    let mut overlay = (!spec.overlay.is_empty()).then(|| target.overlay(gpu));
    let items = || OverlayItems {
        shapes: &spec.overlay,
        ..Default::default()
    };
    progresses
        .iter()
        .map(|&progress| {
            let scene = spec.scene(&from, from.size(), &to, to.size(), progress);
            Ok(target.render(gpu, scene, overlay.as_mut().map(|o| (o, items())))?)
        })
        .collect()
}

/// The same frames as [`render_frames`], composited by the software rung (RGBA rows).
pub fn render_frames_software(
    spec: &FrameSpec,
    from: &[u8],
    to: &[u8],
    progresses: &[f32],
) -> Vec<Vec<u8>> {
    let (width, height) = spec.prepared_size();
    let photo = |bytes: &[u8]| CpuPhoto::from_rgba(width, height, width as usize * 4, bytes);
    let (from, to) = (photo(from), photo(to));
    let mut compositor = SoftwareCompositor::new();
    let mut target = vec![0u32; spec.size.0 as usize * spec.size.1 as usize];
    let mut overlay = SoftwareOverlay::default();
    let items = || OverlayItems {
        shapes: &spec.overlay,
        ..Default::default()
    };
    progresses
        .iter()
        .map(|&progress| {
            let scene = spec.scene(&from, from.size(), &to, to.size(), progress);
            compositor.draw(&mut target, spec.size, scene);
            if !spec.overlay.is_empty() {
                overlay.paint(&mut target, spec.size, 1.0, items());
            }
            target
                .iter()
                .flat_map(|&p| [(p >> 16) as u8, (p >> 8) as u8, p as u8, 255])
                .collect()
        })
        .collect()
}

impl FrameSpec {
    /// The scene at time fraction `progress` (eased here): the photo leaving is serial 1, the
    /// one arriving serial 2, as in a show's first transition.
    fn scene<'a, P>(
        &'a self,
        from: &'a P,
        from_size: (u32, u32),
        to: &'a P,
        to_size: (u32, u32),
        progress: f32,
    ) -> Scene<'a, P> {
        let layer = |photo: &'a P, size, serial| {
            let mut layer = Layer::whole(photo, size);
            if let Some(motion) = self.ken_burns {
                layer.window = ken_burns::window(serial, motion, 1.0);
            }
            layer
        };
        Scene::Transition {
            from: layer(from, from_size, 1),
            to: layer(to, to_size, 2),
            progress: self.run.easing.apply(progress),
            run: &self.run,
        }
    }
}
