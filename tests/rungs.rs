//! The three rungs draw the same frames: crossfade, slide and wipe at progress 0, 0.2, 0.4,
//! 0.6, 0.8 and 1, from the same scene description, compared offscreen (the compositor and
//! software rungs each against the shader rung).
//!
//! Tolerance: a mean absolute difference of at most 1/255 per channel (all blend in linear
//! light), with no more than 1% of channel values off by more than 16 (an edge sampled a
//! little differently). The software rung is deterministic:
//! the same input gives the same bytes.

mod common;

use framewave::commands::render::{
    FrameSpec, prescaled, render_frames, render_frames_fixed, render_frames_software,
};
use framewave::render::Gpu;
use framewave::transitions::Catalogue;

const SIZE: (u32, u32) = (160, 90);
/// The software rung moves a slide's photos by whole pixels (a copy, not a filter: sharp, and
/// a quarter of the cost), where the GPU rungs filter them at fractional positions: they are
/// compared where a slide moves whole pixels at this size (0.2 of 160x90 is 32x18), so the
/// comparison measures the drawing, not the half pixel the software rung rounds to.
const STEPS: [f32; 6] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

fn far_off_share(a: &[u8], b: &[u8]) -> f64 {
    let far = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.abs_diff(**y) > 16)
        .count();
    far as f64 / a.len() as f64
}

#[test]
fn the_three_rungs_agree_on_crossfade_slide_and_wipe() {
    let (w, h) = SIZE;
    let from = prescaled(&common::bundled_photo("Garden.jpg"), w, h).unwrap();
    let to = prescaled(&common::bundled_photo("Storm.jpg"), w, h).unwrap();
    let gpu = Gpu::headless().expect("a GPU adapter (lavapipe on CI)");
    let catalogue = Catalogue::built_in();
    let cases: [(&str, &[&str], f64); 6] = [
        ("crossfade", &[], 1.0),
        ("slide", &[], 1.0),
        ("slide", &["direction=3"], 1.0),
        ("wipe", &[], 1.0),
        ("wipe", &["direction=5"], 1.0),
        ("wipe", &["direction=2", "softness=0.3"], 1.0),
    ];
    let mut failures = Vec::new();
    for (name, params, tolerance) in cases {
        let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        let spec = FrameSpec::new(&catalogue, name, &params, SIZE).unwrap();
        let shader = render_frames(&gpu, &spec, &from, &to, &STEPS, false).unwrap();
        let software = render_frames_software(&spec, &from, &to, &STEPS);
        let fixed = render_frames_fixed(&gpu, &spec, &from, &to, &STEPS, false).unwrap();
        for (rung, frames) in [("software", &software), ("compositor", &fixed)] {
            for ((step, a), b) in STEPS.iter().zip(&shader).zip(frames) {
                let (mean, _) = common::difference(a, b);
                let far = far_off_share(a, b);
                if mean > tolerance || far > 0.01 {
                    failures.push(format!(
                        "{rung} rung, {name} {params:?} at {step}: mean {mean:.3}, {:.2}% far off",
                        far * 100.0
                    ));
                }
            }
        }
        assert_eq!(
            software,
            render_frames_software(&spec, &from, &to, &STEPS),
            "{name}: the software rung is deterministic"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_software_rung_ends_exactly_on_the_photos_and_stands_in_for_the_rest() {
    let (w, h) = SIZE;
    let from = prescaled(&common::bundled_photo("Garden.jpg"), w, h).unwrap();
    let to = prescaled(&common::bundled_photo("Storm.jpg"), w, h).unwrap();
    let catalogue = Catalogue::built_in();
    for name in catalogue.names() {
        let spec = FrameSpec::new(&catalogue, name, &[], SIZE).unwrap();
        let frames = render_frames_software(&spec, &from, &to, &STEPS);
        assert!(common::difference(&frames[0], &from).1 <= 1, "{name}");
        assert!(
            common::difference(&frames[STEPS.len() - 1], &to).1 <= 1,
            "{name}"
        );
        assert!(
            common::difference(&frames[2], &from).0 > 2.0,
            "{name}: nothing moved"
        );
    }
}

/// `framewave render` of a swirl's middle frame with `args`: its stderr and the frame. Only the
/// shader rung draws a swirl; the others draw its stand-in, so the frame tells the rungs apart.
fn render_cli(args: &[&str]) -> (String, image::RgbaImage) {
    let out = std::env::temp_dir().join(format!(
        "framewave-rung-{}-{}.png",
        std::process::id(),
        args.join("-").replace('/', "_")
    ));
    let output = common::command()
        .args([
            "render",
            "--transition",
            "swirl",
            "--size",
            "160x90",
            "--progress",
            "0.5",
        ])
        .arg("--from")
        .arg(common::bundled_photo("Garden.jpg"))
        .arg("--to")
        .arg(common::bundled_photo("Storm.jpg"))
        .arg("--out")
        .arg(&out)
        .args(args)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "framewave=info")
        .output()
        .expect("running framewave render");
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{args:?}: {}\n{log}",
        output.status
    );
    let frame = image::open(&out).expect("the frame written").to_rgba8();
    let _ = std::fs::remove_file(&out);
    (log, frame)
}

#[test]
fn each_injected_fault_lands_offscreen_on_its_rung_and_the_frame_is_still_drawn() {
    let on = |rung: &str| render_cli(&["--rung", rung]).1;
    let (shader, compositor, software) = (on("shader"), on("compositor"), on("software"));
    assert!(
        common::difference(shader.as_raw(), compositor.as_raw()).0 > 2.0,
        "the shader rung's frame must differ from its stand-in's"
    );
    let cases: [(&str, &str, &image::RgbaImage); 8] = [
        (
            "shader-compile",
            "rendering on the compositor rung: GPU error",
            &compositor,
        ),
        (
            "pipeline",
            "rendering on the compositor rung: GPU error",
            &compositor,
        ),
        (
            "device-lost",
            "rendering on the shader rung: GPU device lost",
            &shader,
        ),
        (
            "device-lost-twice",
            "rendering on the software rung: GPU device lost",
            &software,
        ),
        (
            "no-adapter",
            "rendering on the software rung: no GPU adapter",
            &software,
        ),
        (
            "surface-lost",
            "offscreen there is no surface to lose",
            &shader,
        ),
        (
            "gpu-hang",
            "rendering on the software rung: the GPU has not finished",
            &software,
        ),
        (
            "driver-crash",
            "rendering on the compositor rung: restarted on it after the UI process was killed by SIGABRT",
            &compositor,
        ),
    ];
    let mut failures = Vec::new();
    for (fault, lands, expected) in cases {
        let (log, frame) = render_cli(&["--inject-gpu-fault", fault]);
        let (mean, _) = common::difference(frame.as_raw(), expected.as_raw());
        if !log.contains(lands) || mean > 0.01 {
            failures.push(format!("{fault}: mean difference {mean:.3}; log:\n{log}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
