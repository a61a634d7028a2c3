//! `framewave render`: one frame of a transition, composited offscreen and written as a PNG.

use std::path::Path;

use framewave_decode::{Target, load_for_target, prescale_into};
use framewave_protocol::{Fit, WorkerConfig};

use crate::cli::{RenderArgs, TransitionKind};
use crate::render::{Gpu, Layer, OffscreenTarget, PhotoTexture, PixelsRef, Scene, ken_burns};

/// One frame to composite: which transition, how far, at what size, and with what motion.
#[derive(Debug, Clone, Copy)]
pub struct FrameSpec {
    pub transition: TransitionKind,
    pub progress: f32,
    pub size: (u32, u32),
    /// Ken Burns: how far through their time on screen both photos are (0 to 1).
    pub ken_burns: Option<f32>,
}

impl FrameSpec {
    /// The size photos are prepared at: with Ken Burns, larger than the frame by its headroom.
    pub fn prepared_size(&self) -> (u32, u32) {
        let (width, height) = self.size;
        match self.ken_burns {
            Some(_) => ken_burns::with_headroom((width, height)),
            None => (width, height),
        }
    }
}

pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let spec = FrameSpec {
        transition: args.transition,
        progress: args.progress,
        size: args.size,
        ken_burns: args.ken_burns,
    };
    let (prepared_w, prepared_h) = spec.prepared_size();
    let from = prescaled(&args.from, prepared_w, prepared_h)?;
    let to = prescaled(&args.to, prepared_w, prepared_h)?;
    let gpu = Gpu::headless()?;
    let pixels = render_frame(&gpu, &spec, &from, &to)?;
    let (width, height) = spec.size;
    super::write_png(&args.out, &pixels, width, height)?;
    Ok(())
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

/// Composites one frame through the same compositor the window uses, from two photos
/// prepared at `spec.prepared_size()`.
pub fn render_frame(
    gpu: &Gpu,
    spec: &FrameSpec,
    from: &[u8],
    to: &[u8],
) -> anyhow::Result<Vec<u8>> {
    let TransitionKind::Crossfade = spec.transition;
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
    // The photo leaving is serial 1, the one arriving serial 2, as in a show's first transition.
    let layer = |photo, serial| match spec.ken_burns {
        Some(motion) => Layer {
            photo,
            window: ken_burns::window(serial, motion),
        },
        None => Layer::whole(photo),
    };
    let target = OffscreenTarget::new(gpu, spec.size.0, spec.size.1);
    let scene = Scene::Transition {
        from: layer(&from, 1),
        to: layer(&to, 2),
        progress: spec.progress,
    };
    Ok(target.render(gpu, scene)?)
}
