//! `framewave render`: one frame of a transition, composited offscreen and written as a PNG.

use std::path::Path;

use framewave_decode::{Target, load_for_target, prescale_into};
use framewave_protocol::{Fit, WorkerConfig};

use crate::cli::{RenderArgs, TransitionKind};
use crate::render::{Gpu, OffscreenTarget, PhotoTexture, PixelsRef, Scene};

pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let (width, height) = args.size;
    let from = prescaled(&args.from, width, height)?;
    let to = prescaled(&args.to, width, height)?;
    let gpu = Gpu::headless()?;
    let pixels = render_frame(
        &gpu,
        args.transition,
        &from,
        &to,
        args.progress,
        (width, height),
    )?;
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

/// Composites one frame through the same compositor the window uses.
pub fn render_frame(
    gpu: &Gpu,
    transition: TransitionKind,
    from: &[u8],
    to: &[u8],
    progress: f32,
    (width, height): (u32, u32),
) -> anyhow::Result<Vec<u8>> {
    let TransitionKind::Crossfade = transition;
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
    let target = OffscreenTarget::new(gpu, width, height);
    let scene = Scene::Transition {
        from: &from,
        to: &to,
        progress,
    };
    Ok(target.render(gpu, scene)?)
}
