//! `framewave prescale` through a real decode worker: every format, every EXIF orientation,
//! every fit mode, and every kind of bad input (one clear line, non-zero exit).
//! Fixtures are generated here, not committed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage, metadata::Orientation};

const RED: [u8; 3] = [230, 30, 30];
const GREEN: [u8; 3] = [30, 200, 30];
const BLUE: [u8; 3] = [30, 30, 230];
const WHITE: [u8; 3] = [240, 240, 240];

/// 64x32, one colour per quadrant: any rotation or flip is visible.
fn upright() -> RgbaImage {
    RgbaImage::from_fn(64, 32, |x, y| {
        let [r, g, b] = match (x < 32, y < 16) {
            (true, true) => RED,
            (false, true) => GREEN,
            (true, false) => BLUE,
            (false, false) => WHITE,
        };
        Rgba([r, g, b, 255])
    })
}

fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prescale-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn prescale(input: &Path, size: &str, fit: &str, out: &Path) -> Output {
    common::command()
        .args(["prescale", "--size", size, "--fit", fit])
        .arg("--in")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .expect("running framewave prescale")
}

fn prescaled(input: &Path, size: &str, fit: &str) -> RgbaImage {
    let out = input.with_extension("out.png");
    let output = prescale(input, size, fit, &out);
    assert!(
        output.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    image::open(&out).unwrap().into_rgba8()
}

fn assert_colour(image: &RgbaImage, x: u32, y: u32, expected: [u8; 3], what: &str) {
    let got = image.get_pixel(x, y).0;
    let close = got[..3]
        .iter()
        .zip(expected)
        .all(|(g, e)| g.abs_diff(e) <= 40);
    assert!(
        close,
        "{what}: pixel ({x},{y}) is {got:?}, expected about {expected:?}"
    );
}

/// Checks the four quadrants of an upright 64x32 result.
fn assert_upright(image: &RgbaImage, what: &str) {
    assert_eq!(image.dimensions(), (64, 32), "{what}");
    assert_colour(image, 8, 8, RED, what);
    assert_colour(image, 56, 8, GREEN, what);
    assert_colour(image, 8, 24, BLUE, what);
    assert_colour(image, 56, 24, WHITE, what);
}

#[test]
fn every_supported_format_decodes_upright() {
    let dir = scratch_dir("formats");
    let image = DynamicImage::ImageRgba8(upright());
    let variants: Vec<(&str, DynamicImage, ImageFormat)> = vec![
        (
            "jpeg.jpg",
            DynamicImage::ImageRgb8(image.to_rgb8()),
            ImageFormat::Jpeg,
        ),
        ("rgba.png", image.clone(), ImageFormat::Png),
        (
            "rgb16.png",
            DynamicImage::ImageRgb16(image.to_rgb16()),
            ImageFormat::Png,
        ),
        ("webp.webp", image.clone(), ImageFormat::WebP),
        ("gif.gif", image.clone(), ImageFormat::Gif),
        (
            "bmp.bmp",
            DynamicImage::ImageRgb8(image.to_rgb8()),
            ImageFormat::Bmp,
        ),
        ("tiff.tiff", image.clone(), ImageFormat::Tiff),
    ];
    for (name, variant, format) in variants {
        let path = dir.join(name);
        variant.save_with_format(&path, format).unwrap();
        assert_upright(&prescaled(&path, "64x32", "fill"), name);
    }
    // Grey: every quadrant keeps its luminance.
    let grey = dir.join("grey.png");
    DynamicImage::ImageLuma8(image.to_luma8())
        .save(&grey)
        .unwrap();
    let out = prescaled(&grey, "64x32", "fill");
    let expected = image.to_luma8();
    for (x, y) in [(8, 8), (56, 8), (8, 24), (56, 24)] {
        let luma = expected.get_pixel(x, y).0[0];
        let got = out.get_pixel(x, y).0;
        assert!(
            got[0].abs_diff(luma) <= 3 && got[0] == got[1] && got[1] == got[2],
            "{got:?}"
        );
    }
}

#[test]
fn cmyk_jpeg_palette_png_heic_and_avif_decode_upright() {
    // Encoders for these live in ImageMagick (HEIC and AVIF through libheif), not in the image
    // crate.
    let dir = scratch_dir("imagemagick");
    let source = dir.join("source.png");
    upright().save(&source).unwrap();
    for (name, args) in [
        ("cmyk.jpg", vec!["-colorspace", "CMYK", "-quality", "95"]),
        ("palette.png", vec!["-colors", "16"]),
        ("phone.heic", vec!["-quality", "90"]),
        ("photo.avif", vec!["-quality", "90"]),
    ] {
        let path = dir.join(name);
        let target = if name.ends_with(".png") {
            format!("PNG8:{}", path.display())
        } else {
            path.display().to_string()
        };
        let status = Command::new("convert")
            .arg(&source)
            .args(&args)
            .arg(&target)
            .status()
            .expect("ImageMagick's convert is needed: run scripts/setup.sh");
        assert!(status.success());
        assert_upright(&prescaled(&path, "64x32", "fill"), name);
    }
    // A phone photo cut short in the copy: one clear line, no output.
    let heic = std::fs::read(dir.join("phone.heic")).unwrap();
    let truncated = dir.join("truncated.heic");
    std::fs::write(&truncated, &heic[..heic.len() / 2]).unwrap();
    let out = dir.join("truncated.out.png");
    let output = prescale(&truncated, "64x32", "fill", &out);
    assert!(!output.status.success(), "a truncated HEIC was accepted");
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
    assert!(!out.exists());
}

#[test]
fn all_eight_exif_orientations_come_out_upright() {
    let dir = scratch_dir("orientations");
    for exif in 1..=8u16 {
        let orientation = Orientation::from_exif(exif as u8).unwrap();
        // Store the picture as a camera would have: transformed so that applying the tag
        // restores it. Rotations by 90 and 270 are each other's inverse; the rest undo
        // themselves.
        let inverse = match orientation {
            Orientation::Rotate90 => Orientation::Rotate270,
            Orientation::Rotate270 => Orientation::Rotate90,
            other => other,
        };
        let mut stored = DynamicImage::ImageRgba8(upright());
        stored.apply_orientation(inverse);
        let path = dir.join(format!("orientation-{exif}.jpg"));
        std::fs::write(
            &path,
            common::exif::jpeg_with_exif(&stored, Some(exif), None),
        )
        .unwrap();
        assert_upright(
            &prescaled(&path, "64x32", "fill"),
            &format!("orientation {exif}"),
        );
    }
}

#[test]
fn fit_modes_place_the_photo_as_asked() {
    let dir = scratch_dir("fits");
    let path = dir.join("wide.png");
    upright().save(&path).unwrap();
    // Fill a square: the centre of the 2:1 photo, cropped left and right.
    let fill = prescaled(&path, "32x32", "fill");
    assert_eq!(fill.dimensions(), (32, 32));
    assert_colour(&fill, 4, 4, RED, "fill, left");
    assert_colour(&fill, 28, 4, GREEN, "fill, right");
    // Fit a square: the whole photo in a 32x16 band, over a backdrop, no black bars.
    let fit = prescaled(&path, "32x32", "fit");
    assert_colour(&fit, 2, 12, RED, "fit, photo's left edge");
    assert_colour(&fit, 30, 20, WHITE, "fit, photo's right edge");
    let backdrop = fit.get_pixel(16, 2).0;
    assert!(
        backdrop[..3].iter().any(|c| *c > 10),
        "black bar: {backdrop:?}"
    );
    // Fit without upscaling in a larger square: the photo stays 64x32, centred.
    let small = prescaled(&path, "128x128", "fit-no-upscale");
    assert_colour(&small, 40, 52, RED, "unscaled, top left");
    assert_colour(&small, 88, 76, WHITE, "unscaled, bottom right");
    assert_ne!(
        small.get_pixel(20, 52).0[..3],
        RED,
        "the photo was enlarged"
    );
}

/// A PNG that declares `width`x`height` and has no pixel data.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in bytes {
            crc ^= *byte as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    png
}

#[test]
fn bad_input_fails_with_one_clear_line() {
    let dir = scratch_dir("bad");
    let mut good_jpeg = Vec::new();
    DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(upright()).to_rgb8())
        .write_to(&mut std::io::Cursor::new(&mut good_jpeg), ImageFormat::Jpeg)
        .unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("zero-byte.jpg", Vec::new()),
        ("truncated.jpg", good_jpeg[..good_jpeg.len() / 3].to_vec()),
        (
            "corrupt.jpg",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        (
            "text.png",
            b"these are not the pixels you are looking for".to_vec(),
        ),
        ("bomb.png", png_header_only(60_000, 60_000)),
        // A HEIF header (so libheif is asked), then noise.
        (
            "corrupt.heic",
            [&b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"[..], &[0x5a; 512]].concat(),
        ),
    ];
    let mut paths: Vec<PathBuf> = cases
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    paths.push(dir.join("vanished.jpg")); // never existed
    let folder = dir.join("a-folder.jpg");
    std::fs::create_dir_all(&folder).unwrap();
    paths.push(folder); // exists, cannot be read as a file
    for path in paths {
        let out = path.with_extension("out.png");
        let output = prescale(&path, "64x32", "fill", &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{} was accepted", path.display());
        assert_eq!(stderr.lines().count(), 1, "{}: {stderr}", path.display());
        assert!(stderr.contains(&*path.to_string_lossy()), "{stderr}");
        assert!(!out.exists(), "{} produced output", path.display());
    }
}

#[test]
fn a_photo_with_the_wrong_extension_is_decoded_by_its_content() {
    let dir = scratch_dir("wrong-extension");
    let path = dir.join("really-a-png.jpg");
    upright().save_with_format(&path, ImageFormat::Png).unwrap();
    assert_upright(&prescaled(&path, "64x32", "fill"), "PNG named .jpg");
}
