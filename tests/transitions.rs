//! Every built-in transition, rendered offscreen by `framewave render` through the same code as
//! the show: each matches its golden sheet (progress 0, 0.25, 0.5, 0.75 and 1 side by side),
//! and its first and last frames are exactly the photos. The vendored gl-transitions files
//! match what the collection's own host draws.
//!
//! Tolerance: a mean absolute difference of at most 0.75 (of 255) per channel, and at most
//! 0.5% of channel values off by more than 16 — room for a driver rounding a noise threshold
//! or an edge differently, far below anything a person would see. Re-bless with
//! `UPDATE_SNAPSHOTS=1 cargo test --test transitions`.

mod common;

use std::path::{Path, PathBuf};

use framewave::commands::render::{FrameSpec, prescaled, render_frames};
use framewave::render::Gpu;
use framewave::transitions::Catalogue;

const SIZE: (u32, u32) = (128, 72);
const STEPS: [f32; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];
const MEAN_TOLERANCE: f64 = 0.75;
const FAR_OFF: u8 = 16;
const FAR_OFF_SHARE: f64 = 0.005;

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/transitions")
        .join(format!("{name}.png"))
}

fn far_off_share(a: &[u8], b: &[u8]) -> f64 {
    let far = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.abs_diff(**y) > FAR_OFF)
        .count();
    far as f64 / a.len() as f64
}

/// `framewave render ... --sheet 5` for `name` (from `dir` if given): the sheet, as written.
fn render_sheet(dir: Option<&Path>, name: &str, from: &Path, to: &Path) -> image::RgbaImage {
    let out =
        std::env::temp_dir().join(format!("framewave-sheet-{name}-{}.png", std::process::id()));
    render_cli(dir, name, from, to, SIZE, &["--sheet", "5"], &out)
}

/// Runs `framewave render` for `name` with `extra` arguments and reads the image it wrote.
fn render_cli(
    dir: Option<&Path>,
    name: &str,
    from: &Path,
    to: &Path,
    (w, h): (u32, u32),
    extra: &[&str],
    out: &Path,
) -> image::RgbaImage {
    let mut command = common::command();
    command.arg("render").args(["--transition", name]);
    if let Some(dir) = dir {
        command.arg("--transitions-dir").arg(dir);
    }
    let output = command
        .arg("--from")
        .arg(from)
        .arg("--to")
        .arg(to)
        .args(["--size", &format!("{w}x{h}")])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "framewave render {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let image = image::open(out).unwrap().into_rgba8();
    let _ = std::fs::remove_file(out);
    image
}

/// Frame `index` of a sheet of SIZE frames.
fn frame_of(sheet: &image::RgbaImage, index: u32) -> Vec<u8> {
    let (w, h) = SIZE;
    image::imageops::crop_imm(sheet, index * w, 0, w, h)
        .to_image()
        .into_raw()
}

#[test]
fn every_built_in_matches_its_golden_sheet_and_ends_exactly_on_the_photos() {
    let (w, h) = SIZE;
    let (from_photo, to_photo) = (
        common::bundled_photo("Dune.jpg"),
        common::bundled_photo("Storm.jpg"),
    );
    let from = prescaled(&from_photo, w, h).unwrap();
    let to = prescaled(&to_photo, w, h).unwrap();
    let bless = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for name in Catalogue::built_in().names() {
        let actual = render_sheet(None, name, &from_photo, &to_photo);
        assert_eq!(actual.dimensions(), (w * STEPS.len() as u32, h));
        let frame = |i| frame_of(&actual, i);
        // The host keeps the contract: exact ends whatever the shader does.
        let (_, start) = common::difference(&frame(0), &from);
        let (_, end) = common::difference(&frame(4), &to);
        if start > 1 || end > 1 {
            failures.push(format!(
                "{name}: ends differ from the photos by {start} and {end}"
            ));
        }
        // A transition that shows nothing in between is not a transition.
        if common::difference(&frame(2), &from).0 < 2.0
            && common::difference(&frame(2), &to).0 < 2.0
        {
            failures.push(format!("{name}: the middle frame is one of the photos"));
        }
        let golden = golden_path(name);
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            actual.save(&golden).unwrap();
            continue;
        }
        let Ok(expected) = image::open(&golden) else {
            failures.push(format!("{name}: no golden sheet at {}", golden.display()));
            continue;
        };
        let expected = expected.into_rgba8();
        let (mean, _) = common::difference(actual.as_raw(), expected.as_raw());
        let far = far_off_share(actual.as_raw(), expected.as_raw());
        if mean > MEAN_TOLERANCE || far > FAR_OFF_SHARE {
            actual.save(golden.with_extension("new.png")).unwrap();
            failures.push(format!(
                "{name}: mean difference {mean:.3}, {:.2}% far off (tolerance {MEAN_TOLERANCE}, {}%)",
                far * 100.0,
                FAR_OFF_SHARE * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn gl_transitions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gl-transitions")
}

/// The vendored files of the gl-transitions collection (see its README there).
const GL_TRANSITIONS: [&str; 7] = [
    "Bounce",
    "CircleCrop",
    "Directional",
    "GridFlip",
    "luminance_melt",
    "Swirl",
    "windowslice",
];

/// Each vendored gl-transitions file loads, draws the frame the collection's own WebGL host
/// draws (rendered by Mesa's OpenGL from the same file and stored beside it: coordinates,
/// colour space and parameter defaults all show there), and ends exactly on the photos.
#[test]
fn gl_transitions_look_as_in_their_own_host_and_end_exactly() {
    let reference = gl_transitions().join("reference");
    let (from, to) = (reference.join("a.png"), reference.join("b.png"));
    let photo = |path: &Path| image::open(path).unwrap().into_rgba8();
    let (from_pixels, to_pixels) = (photo(&from), photo(&to));
    let size = from_pixels.dimensions();
    let mut failures = Vec::new();
    for name in GL_TRANSITIONS {
        let out =
            std::env::temp_dir().join(format!("framewave-gl-{name}-{}.png", std::process::id()));
        let dir = Some(gl_transitions());
        let frame = render_cli(
            dir.as_deref(),
            name,
            &from,
            &to,
            size,
            &["--progress", "0.2"],
            &out,
        );
        let expected = photo(&reference.join(format!("{name}.png")));
        let (mean, _) = common::difference(frame.as_raw(), expected.as_raw());
        let far = far_off_share(frame.as_raw(), expected.as_raw());
        if mean > MEAN_TOLERANCE || far > FAR_OFF_SHARE {
            failures.push(format!(
                "{name}: mean difference {mean:.3} from the reference, {:.2}% far off",
                far * 100.0
            ));
        }
        for (progress, photo) in [("0", &from_pixels), ("1", &to_pixels)] {
            let end = render_cli(
                dir.as_deref(),
                name,
                &from,
                &to,
                size,
                &["--progress", progress],
                &out,
            );
            let (_, largest) = common::difference(end.as_raw(), photo.as_raw());
            if largest > 1 {
                failures.push(format!(
                    "{name}: progress {progress} differs from the photo by {largest}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn at_least_twenty_distinct_transitions_are_built_in() {
    assert!(Catalogue::built_in().names().count() >= 20);
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transitions")
}

#[test]
fn a_user_transition_is_listed_rendered_and_ends_exactly() {
    let listing = common::command()
        .arg("transitions")
        .arg("--transitions-dir")
        .arg(fixtures())
        .output()
        .unwrap();
    assert!(listing.status.success());
    let stdout = String::from_utf8_lossy(&listing.stdout);
    let iris = stdout
        .lines()
        .find(|line| line.starts_with("iris\t"))
        .unwrap_or_else(|| panic!("iris not listed:\n{stdout}"));
    assert!(
        iris.contains("1.4 s") && iris.contains("quad-in-out"),
        "{iris}"
    );
    assert!(iris.contains("centre_x=0.5 (0..1)"), "{iris}");
    assert!(
        iris.ends_with(&fixtures().join("iris.wgsl").display().to_string()),
        "{iris}"
    );

    let (catalogue, rejected) = framewave::transitions::with_user_files(Some(&fixtures()));
    assert!(rejected.is_empty(), "{rejected:?}");
    let (w, h) = SIZE;
    let from = prescaled(&common::bundled_photo("Dune.jpg"), w, h).unwrap();
    let to = prescaled(&common::bundled_photo("Storm.jpg"), w, h).unwrap();
    let gpu = Gpu::headless().expect("a GPU adapter");
    let params = ["centre_x=0.2".to_string()];
    let spec = FrameSpec::new(&catalogue, "iris", &params, SIZE).unwrap();
    let frames = render_frames(&gpu, &spec, &from, &to, &STEPS, false).unwrap();
    assert!(common::difference(&frames[0], &from).1 <= 1);
    assert!(common::difference(&frames[4], &to).1 <= 1);
    assert!(common::difference(&frames[2], &from).0 > 2.0);
    // The parameter took: opened off to the left, the frames differ from the default's.
    let default = FrameSpec::new(&catalogue, "iris", &[], SIZE).unwrap();
    let default_frames = render_frames(&gpu, &default, &from, &to, &STEPS, false).unwrap();
    assert!(common::difference(&frames[2], &default_frames[2]).0 > 2.0);
    let left = |frame: &[u8]| frame[4 * (w as usize * (h as usize / 2))..][..4].to_vec();
    assert_eq!(
        left(&frames[2]),
        left(&to),
        "centre_x=0.2: open at the left by halfway"
    );
    assert_ne!(left(&default_frames[2]), left(&frames[2]));
    assert!(FrameSpec::new(&catalogue, "iris", &["centre_x=7".into()], SIZE).is_err());
}

#[test]
fn broken_user_files_are_named_on_stderr_and_the_rest_still_listed() {
    let dir = std::env::temp_dir().join(format!(
        "framewave-broken-transitions-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("oops.wgsl"),
        "fn transition(uv: vec2<f32>) -> vec4<f32> {\n  return;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("noisy.glsl"),
        "uniform sampler2D noise;\nvec4 transition(vec2 uv) { return getToColor(uv); }\n",
    )
    .unwrap();
    std::fs::copy(fixtures().join("iris.wgsl"), dir.join("iris.wgsl")).unwrap();
    std::fs::copy(
        gl_transitions().join("Directional.glsl"),
        dir.join("Directional.glsl"),
    )
    .unwrap();
    let output = common::command()
        .arg("transitions")
        .arg("--transitions-dir")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "a bad file never fails the listing"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("oops.wgsl:2:"), "{stderr}");
    assert!(
        stderr.contains("noisy.glsl:1: uniform noise is a texture of its own"),
        "{stderr}"
    );
    assert!(stdout.lines().any(|l| l.starts_with("iris\t")), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("Directional\t") && l.contains("direction=0,1")),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("crossfade\t")),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
