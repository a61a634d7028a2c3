//! `framewave render` against committed golden images.
//!
//! Tolerance: per channel, the mean absolute difference must be at most 0.5 and no channel may
//! differ by more than 4 (of 255) — room for rounding differences between GPU drivers, far
//! below anything visible. Each rung has golden sheets of crossfade, slide, wipe and Ken Burns
//! (`tests/golden/rungs/`). Re-bless with `UPDATE_SNAPSHOTS=1 cargo test --test render_golden`.

mod common;

use std::path::{Path, PathBuf};

const SIZE: (u32, u32) = (256, 144);
const MEAN_TOLERANCE: f64 = 0.5;
const MAX_TOLERANCE: u8 = 4;

fn render(progress: f32, out: &Path) {
    render_with(progress, None, out)
}

fn render_with(progress: f32, ken_burns: Option<f32>, out: &Path) {
    let mut command = common::command();
    if let Some(motion) = ken_burns {
        command.args(["render", "--ken-burns", &motion.to_string()]);
    } else {
        command.arg("render");
    }
    let output = command
        .args(["--transition", "crossfade"])
        .arg("--from")
        .arg(common::bundled_photo("Dune.jpg"))
        .arg("--to")
        .arg(common::bundled_photo("Storm.jpg"))
        .args(["--progress", &progress.to_string()])
        .args(["--size", &format!("{}x{}", SIZE.0, SIZE.1)])
        .arg("--out")
        .arg(out)
        .output()
        .expect("running framewave render");
    assert!(
        output.status.success(),
        "framewave render failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn rgba(path: &Path) -> Vec<u8> {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_rgba8()
        .into_raw()
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn assert_close(what: &str, actual: &[u8], expected: &[u8]) {
    let (mean, max) = common::difference(actual, expected);
    assert!(
        mean <= MEAN_TOLERANCE && max <= MAX_TOLERANCE,
        "{what}: mean difference {mean:.3}, largest {max} (tolerance {MEAN_TOLERANCE}, {MAX_TOLERANCE})"
    );
}

fn check_golden(progress: f32, name: &str) -> Vec<u8> {
    check_golden_with(progress, None, name)
}

fn check_golden_with(progress: f32, ken_burns: Option<f32>, name: &str) -> Vec<u8> {
    let out = std::env::temp_dir().join(format!("framewave-{}-{name}", std::process::id()));
    render_with(progress, ken_burns, &out);
    let actual = rgba(&out);
    let golden = golden_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::copy(&out, &golden).unwrap();
    } else {
        // Keep the failing frame beside the golden to look at.
        let expected = rgba(&golden);
        let (mean, max) = common::difference(&actual, &expected);
        if mean > MEAN_TOLERANCE || max > MAX_TOLERANCE {
            std::fs::copy(&out, golden.with_extension("new.png")).unwrap();
        }
        assert_close(name, &actual, &expected);
    }
    std::fs::remove_file(&out).unwrap();
    actual
}

#[test]
fn crossfade_matches_its_golden_images() {
    check_golden(0.0, "crossfade-0.png");
    check_golden(0.5, "crossfade-50.png");
    check_golden(1.0, "crossfade-100.png");
}

#[test]
fn ken_burns_matches_its_golden_image_and_moves() {
    check_golden_with(0.5, Some(0.5), "ken-burns-crossfade-50.png");
    let out = std::env::temp_dir().join(format!("framewave-{}-kb.png", std::process::id()));
    let frame_at = |motion| {
        render_with(1.0, Some(motion), &out);
        rgba(&out)
    };
    let (start, end) = (frame_at(0.0), frame_at(1.0));
    std::fs::remove_file(&out).unwrap();
    assert!(
        common::difference(&start, &end).0 > 3.0,
        "the photo did not move"
    );
}

/// The two photos as a decode worker prepares them for SIZE.
fn prescaled_photos() -> (Vec<u8>, Vec<u8>) {
    let (w, h) = SIZE;
    let photo =
        |name| framewave::commands::render::prescaled(&common::bundled_photo(name), w, h).unwrap();
    (photo("Dune.jpg"), photo("Storm.jpg"))
}

/// `framewave render` at `progress`, as RGBA.
fn rendered(progress: f32, name: &str) -> Vec<u8> {
    let out = std::env::temp_dir().join(format!("framewave-{}-{name}.png", std::process::id()));
    render(progress, &out);
    let pixels = rgba(&out);
    std::fs::remove_file(&out).unwrap();
    pixels
}

#[test]
fn the_end_frames_are_exactly_the_prescaled_photos() {
    let (from, to) = prescaled_photos();
    let (start, end) = (rendered(0.0, "start"), rendered(1.0, "end"));
    // sRGB decode and re-encode on the GPU may round by one level; nothing else may differ.
    let (mean, max) = common::difference(&start, &from);
    assert!(
        max <= 1,
        "progress 0 differs from the first photo: mean {mean}, max {max}"
    );
    let (mean, max) = common::difference(&end, &to);
    assert!(
        max <= 1,
        "progress 1 differs from the second photo: mean {mean}, max {max}"
    );
}

#[test]
fn the_middle_frame_is_a_blend_of_both_photos() {
    let (from, to) = prescaled_photos();
    let middle = rendered(0.5, "middle");
    // Every channel lies between the two photos' values (blending never overshoots) and the
    // frame is far from both ends.
    for ((m, a), b) in middle.iter().zip(&from).zip(&to) {
        let (low, high) = (*a.min(b) as i16, *a.max(b) as i16);
        assert!(
            (low - 1..=high + 1).contains(&(*m as i16)),
            "{m} outside {low}..={high}"
        );
    }
    assert!(common::difference(&middle, &from).0 > 5.0);
    assert!(common::difference(&middle, &to).0 > 5.0);
}

#[test]
fn a_missing_photo_is_one_clear_error() {
    let output = common::command()
        .args([
            "render",
            "--from",
            "/nonexistent.jpg",
            "--to",
            "/nonexistent.jpg",
        ])
        .args([
            "--progress",
            "0",
            "--size",
            "64x64",
            "--out",
            "/tmp/never.png",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent.jpg"), "{stderr}");
}

/// `framewave render --sheet 5` of `transition` on `rung` (with Ken Burns half-way, if asked)
/// against its golden sheet in `tests/golden/rungs/`.
fn check_rung_sheet(rung: &str, transition: &str, ken_burns: bool) -> Result<(), String> {
    let name = format!(
        "{rung}-{transition}{}.png",
        if ken_burns { "-ken-burns" } else { "" }
    );
    let mut args = vec!["--rung", rung, "--transition", transition];
    args.extend(["--sheet", "5", "--size", "160x90"]);
    if ken_burns {
        args.extend(["--ken-burns", "0.5"]);
    }
    check_render("rungs", &name, &args)
}

/// `framewave render` of the two bundled photos with `args`, against `tests/golden/{dir}/{name}`.
fn check_render(dir: &str, name: &str, args: &[&str]) -> Result<(), String> {
    let out = std::env::temp_dir().join(format!("framewave-{}-{dir}-{name}", std::process::id()));
    let output = common::command()
        .arg("render")
        .args(args)
        .arg("--from")
        .arg(common::bundled_photo("Dune.jpg"))
        .arg("--to")
        .arg(common::bundled_photo("Storm.jpg"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("running framewave render");
    if !output.status.success() {
        return Err(format!(
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let golden = golden_path(dir).join(name);
    let actual = rgba(&out);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::copy(&out, &golden).unwrap();
    }
    std::fs::remove_file(&out).unwrap();
    let (mean, max) = common::difference(&actual, &rgba(&golden));
    if mean > MEAN_TOLERANCE || max > MAX_TOLERANCE {
        return Err(format!("{name}: mean difference {mean:.3}, largest {max}"));
    }
    Ok(())
}

#[test]
fn each_rung_matches_its_golden_sheets() {
    let mut failures = Vec::new();
    for rung in ["shader", "compositor", "software"] {
        for transition in ["crossfade", "slide", "wipe"] {
            failures.extend(check_rung_sheet(rung, transition, false).err());
        }
        failures.extend(check_rung_sheet(rung, "crossfade", true).err());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every visualizer mode, drawn from the fixed record over the arriving photo, on every rung:
/// bars in a band along the bottom and along the top, the others over the whole screen, and
/// the photo's own colours once.
#[test]
fn each_visualizer_mode_matches_its_golden_image_on_every_rung() {
    let modes = [
        ("bars", "bars", "band", "aurora"),
        ("bars-top", "bars", "top", "mono"),
        ("mirrored", "mirrored", "overlay", "ember"),
        ("oscilloscope", "oscilloscope", "overlay", "ice"),
        ("radial", "radial", "overlay", "photo"),
    ];
    let mut failures = Vec::new();
    for rung in ["shader", "compositor", "software"] {
        for (golden, mode, placement, theme) in modes {
            let name = format!("{rung}-{golden}.png");
            let args = [
                "--rung",
                rung,
                "--progress",
                "1",
                "--size",
                "256x144",
                "--visualizer",
                mode,
                "--placement",
                placement,
                "--theme",
                theme,
            ];
            failures.extend(check_render("visualizer", &name, &args).err());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
