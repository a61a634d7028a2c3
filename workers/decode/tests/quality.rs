//! Our prescale (reduced JPEG decode + SIMD Lanczos3) against a plain reference: a full decode
//! and the `image` crate's Lanczos3 of the same centred crop. PSNR must be at least 35 dB.

use std::path::PathBuf;

use framewave_decode::{Target, load_for_target, load_oriented, prescale_into};
use framewave_protocol::Fit;
use image::imageops::{self, FilterType};

fn detailed_photo() -> PathBuf {
    // Wood grain: fine detail everywhere, the hardest case for a downscaler.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/photos/Wood.jpg")
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    let (mut total, mut count) = (0f64, 0usize);
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        for channel in 0..3 {
            let d = x[channel] as f64 - y[channel] as f64;
            total += d * d;
            count += 1;
        }
    }
    let mse = total / count as f64;
    10.0 * (255.0 * 255.0 / mse.max(1e-9)).log10()
}

fn reference(width: u32, height: u32) -> Vec<u8> {
    let full = load_oriented(&detailed_photo(), u64::MAX).unwrap();
    let (w, h) = full.dimensions();
    // The centred crop with the target's aspect ratio, as "fill" shows it.
    let scale = (width as f64 / w as f64).max(height as f64 / h as f64);
    let (crop_w, crop_h) = (
        (width as f64 / scale).round() as u32,
        (height as f64 / scale).round() as u32,
    );
    let cropped = imageops::crop_imm(&full, (w - crop_w) / 2, (h - crop_h) / 2, crop_w, crop_h);
    imageops::resize(&cropped.to_image(), width, height, FilterType::Lanczos3).into_raw()
}

fn ours(width: u32, height: u32) -> Vec<u8> {
    let target = Target {
        width,
        height,
        fit: Fit::Fill,
    };
    let decoded = load_for_target(&detailed_photo(), u64::MAX, target).unwrap();
    let mut out = vec![0; width as usize * height as usize * 4];
    prescale_into(&decoded, &mut out, width, height, Fit::Fill).unwrap();
    out
}

#[test]
fn prescale_matches_a_reference_lanczos_at_35_db_or_better() {
    // 1920x1080 decodes at full size; 640x360 and 480x270 use the reduced JPEG decode.
    for (width, height) in [(1920, 1080), (640, 360), (480, 270)] {
        let db = psnr(&ours(width, height), &reference(width, height));
        assert!(db >= 35.0, "{width}x{height}: PSNR {db:.1} dB");
        println!("{width}x{height}: PSNR {db:.1} dB");
    }
}

#[test]
fn the_reduced_decode_is_really_smaller() {
    let target = Target {
        width: 480,
        height: 270,
        fit: Fit::Fill,
    };
    let reduced = load_for_target(&detailed_photo(), u64::MAX, target).unwrap();
    // Wood.jpg is 2560x1920; covering 480x270 needs 480 wide: 1/4 scale (640x480) suffices.
    assert_eq!(reduced.dimensions(), (640, 480));
}
