//! `framewave render`: frames of a transition, composited offscreen and written as a PNG,
//! on the rung asked for or the best there is (`ladder.rs`), through the same compositors the
//! window uses (`frames.rs`).

mod frames;
mod ladder;

pub use frames::{
    FrameSpec, prescaled, render_frames, render_frames_fixed, render_frames_software,
};

use crate::cli::RenderArgs;

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
