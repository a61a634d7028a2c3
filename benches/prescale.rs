//! Decode + orient + prescale, as one decode worker does it, on a 24-megapixel JPEG and a
//! 12-megapixel PNG, to 1920x1080 and 3840x2160 (fill). For comparison in the same run:
//! `image::open` + `resize_exact(Lanczos3)`, the straightforward way.
//!
//! The fixtures are generated on first use into target/bench-fixtures/ from a bundled photo.
//! Run with `cargo bench --bench prescale`; `scripts/compare-prescale.sh` puts the same
//! files through vipsthumbnail and ImageMagick.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use fixtures::fixtures;
use framewave_decode::{Target, load_for_target, prescale_into};
use framewave_protocol::Fit;

#[path = "common/fixtures.rs"]
mod fixtures;

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
