//! The software rung's cost per frame at 1920x1080 on one core: crossfade, slide and wipe
//! halfway, and a still photo, composited from photos already in memory.

use criterion::{Criterion, criterion_group, criterion_main};

use framewave::render::software::{CpuPhoto, SoftwareCompositor};
use framewave::render::{Layer, Scene};
use framewave::transitions::{Catalogue, TransitionRun};

const SIZE: (u32, u32) = (1920, 1080);

/// A photo of SIZE with some detail in it.
fn photo(seed: u32) -> CpuPhoto {
    let (w, h) = SIZE;
    let rgba: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            [(x + seed) as u8, (y * 3) as u8, (x ^ y) as u8, 255]
        })
        .collect();
    CpuPhoto::from_rgba(w, h, w as usize * 4, &rgba)
}

fn bench(c: &mut Criterion) {
    let (from, to) = (photo(0), photo(97));
    let catalogue = Catalogue::built_in();
    let mut compositor = SoftwareCompositor::new();
    let mut target = vec![0u32; SIZE.0 as usize * SIZE.1 as usize];
    let mut group = c.benchmark_group("software 1920x1080");
    group.bench_function("still", |b| {
        b.iter(|| {
            let scene = Scene::Still(Layer::whole(&from, from.size()));
            compositor.draw(&mut target, SIZE, scene);
        })
    });
    for name in ["crossfade", "slide", "wipe"] {
        let run = TransitionRun::with_defaults(catalogue.get(name).unwrap(), None);
        group.bench_function(name, |b| {
            b.iter(|| {
                let scene = Scene::Transition {
                    from: Layer::whole(&from, from.size()),
                    to: Layer::whole(&to, to.size()),
                    progress: 0.5,
                    run: &run,
                };
                compositor.draw(&mut target, SIZE, scene);
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
