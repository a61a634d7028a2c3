//! `framewave render`: frames of a transition, composited offscreen and written as a PNG,
//! on the rung asked for or the best there is (`ladder.rs`), through the same compositors the
//! window uses (`frames.rs`).

mod frames;
mod ladder;

pub use frames::{
    FrameSpec, prescaled, render_frames, render_frames_fixed, render_frames_software,
};

use crate::cli::RenderArgs;
use crate::visualizer::{self, Palette, Style, Theme, grid_samples};

pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let (catalogue, rejected) =
        crate::transitions::with_user_files(args.user_transitions.transitions_dir.as_deref());
    for file in rejected {
        eprintln!("left out: {file}");
    }
    let mut spec = FrameSpec::new(&catalogue, &args.transition, &args.params, args.size)?;
    spec.ken_burns = args.ken_burns;
    let (prepared_w, prepared_h) = spec.prepared_size();
    let from = prescaled(&args.from, prepared_w, prepared_h)?;
    let to = prescaled(&args.to, prepared_w, prepared_h)?;
    let (width, height) = spec.size;
    if let Some(mode) = args.visualizer {
        spec.overlay = visualizer_shapes(args, mode, &to, (prepared_w, prepared_h));
    }
    let progresses: Vec<f32> = match (args.sheet, args.progress) {
        (Some(steps), _) => (0..steps).map(|i| i as f32 / (steps - 1) as f32).collect(),
        (None, Some(progress)) => vec![progress],
        (None, None) => anyhow::bail!("give --progress P or --sheet N"),
    };
    let rendered = ladder::frames(
        &spec,
        (&from, &to),
        &progresses,
        args.rung,
        args.inject_gpu_fault,
    )?;
    let sheet = frames::side_by_side(&rendered, width, height);
    super::write_png(&args.out, &sheet, width * rendered.len() as u32, height)
}

/// The visualizer drawn from the fixed record over a frame of `args.size`; the photo theme
/// takes its colours from the photo arriving (`to`, RGBA rows of `to_size`).
fn visualizer_shapes(
    args: &RenderArgs,
    mode: visualizer::Mode,
    to: &[u8],
    (to_w, to_h): (u32, u32),
) -> Vec<egui::Shape> {
    let record = visualizer::sample::record(args.bars as usize);
    let photo = (args.theme == Theme::Photo).then(|| {
        Palette::from_photo(&grid_samples(to_w, to_h, |at| {
            [to[at * 4], to[at * 4 + 1], to[at * 4 + 2]].map(|c| f32::from(c) / 255.0)
        }))
    });
    let style = Style {
        mode,
        placement: args.placement,
        theme: args.theme,
    };
    let screen = egui::Rect::from_min_size(
        egui::Pos2::ZERO,
        egui::vec2(args.size.0 as f32, args.size.1 as f32),
    );
    visualizer::sample::visualizer(&record).shapes(
        &record,
        style,
        &Palette::new(args.theme, photo),
        screen,
    )
}
