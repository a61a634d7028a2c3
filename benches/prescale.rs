//! Decode + orient + prescale, as one decode worker does it, on a 24-megapixel JPEG and a
//! 12-megapixel PNG, to 1920x1080 and 3840x2160 (fill). For comparison in the same run:
//! `image::open` + `resize_exact(Lanczos3)`, the straightforward way.
//!
//! The fixtures are generated on first use into target/bench-fixtures/ from a bundled photo.
//! Run with `cargo bench --bench prescale`; `scripts/compare-prescale.sh` puts the same
//! files through vipsthumbnail and ImageMagick.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use framewave_decode::{Target, load_for_target, prescale_into};
use framewave_protocol::Fit;

/// Writes (once) a 6000x4000 JPEG and a 4000x3000 PNG made from a bundled photo.
pub fn fixtures() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-fixtures");
    let jpeg = dir.join("24mp.jpg");
    let png = dir.join("12mp.png");
    if !jpeg.exists() || !png.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let photo = image::open(root.join("assets/photos/Wood.jpg")).unwrap();
        let mut big = photo
            .resize_exact(6000, 4000, image::imageops::FilterType::CatmullRom)
            .to_rgb8();
        // Sensor-like grain, so the file is as hard to decode as a camera's (several MB).
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for value in big.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *value = value.saturating_add((state % 24) as u8).saturating_sub(12);
        }
        big.save(&jpeg).unwrap();
        let medium = photo.resize_exact(4000, 3000, image::imageops::FilterType::CatmullRom);
        medium.to_rgb8().save(&png).unwrap();
    }
    (jpeg, png)
}

fn ours(path: &Path, width: u32, height: u32, out: &mut [u8]) {
    let target = Target {
        width,
        height,
        fit: Fit::Fill,
    };
    let image = load_for_target(path, u64::MAX, target).unwrap();
    prescale_into(&image, out, width, height, Fit::Fill).unwrap();
}

fn naive(path: &Path, width: u32, height: u32) -> image::DynamicImage {
    image::open(path)
        .unwrap()
        .resize_exact(width, height, image::imageops::FilterType::Lanczos3)
}

fn prescale(c: &mut Criterion) {
    let (jpeg, png) = fixtures();
    for (name, path) in [("24 MP JPEG", &jpeg), ("12 MP PNG", &png)] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for (w, h) in [(1920u32, 1080u32), (3840, 2160)] {
            let mut out = vec![0u8; w as usize * h as usize * 4];
            group.bench_function(format!("framewave to {w}x{h}"), |b| {
                b.iter(|| ours(path, w, h, &mut out))
            });
        }
        if path == &jpeg {
            group.bench_function("image::open + resize_exact(Lanczos3) to 1920x1080", |b| {
                b.iter(|| black_box(naive(path, 1920, 1080)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, prescale);
criterion_main!(benches);
