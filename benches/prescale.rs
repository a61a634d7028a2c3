//! Decode + prescale of a bundled photo to common display sizes, as one decode worker does it.
//! Run with `cargo bench --bench prescale`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use framewave_decode::{load_oriented, prescale_into};
use framewave_protocol::{Fit, WorkerConfig};

fn prescale(c: &mut Criterion) {
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/photos/Wood.jpg");
    let mut group = c.benchmark_group("prescale Wood.jpg (2560x1920)");
    group.sample_size(10);
    group.bench_function("decode + orient", |b| {
        b.iter(|| {
            black_box(load_oriented(&photo, WorkerConfig::default().max_source_pixels).unwrap())
        })
    });
    let decoded = load_oriented(&photo, WorkerConfig::default().max_source_pixels).unwrap();
    for (w, h) in [(1920u32, 1080u32), (1280, 720)] {
        let mut out = vec![0u8; w as usize * h as usize * 4];
        group.bench_function(format!("fill to {w}x{h}"), |b| {
            b.iter(|| prescale_into(&decoded, &mut out, w, h, Fit::Fill).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, prescale);
criterion_main!(benches);
