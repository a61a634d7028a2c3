//! Every built-in transition at 1920x1080, progress 0.5, on whatever adapter exists (lavapipe,
//! a CPU, where there is no GPU): the whole frame offscreen including the wait for the GPU and
//! the read back (`frame/NAME`), and the render thread's own CPU time to record and submit a
//! frame, excluding the GPU's work (`record/NAME`).
//!
//! Run with `cargo bench --bench transitions`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use framewave::commands::render::{FrameSpec, prescaled};
use framewave::render::{Compositor, Gpu, Layer, OffscreenTarget, PhotoTexture, PixelsRef, Scene};
use framewave::transitions::Catalogue;

const SIZE: (u32, u32) = (1920, 1080);

fn photo(gpu: &Gpu, name: &str) -> PhotoTexture {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/photos")
        .join(name);
    let bytes = prescaled(&path, SIZE.0, SIZE.1).unwrap();
    let pixels = PixelsRef {
        width: SIZE.0,
        height: SIZE.1,
        stride: SIZE.0 * 4,
        bytes: &bytes,
    };
    PhotoTexture::upload(&gpu.device, &gpu.queue, pixels)
}

fn transitions(c: &mut Criterion) {
    let gpu = Gpu::headless().expect("a GPU adapter");
    let (from, to) = (photo(&gpu, "Dune.jpg"), photo(&gpu, "Storm.jpg"));
    let catalogue = Catalogue::built_in();
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2));
    let mut target = OffscreenTarget::shader(&gpu, SIZE.0, SIZE.1).unwrap();
    for name in catalogue.names() {
        let spec = FrameSpec::new(&catalogue, name, &[], SIZE).unwrap();
        target.prepare(&spec.spec).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                let scene = Scene::Transition {
                    from: Layer::whole(&from, from.size()),
                    to: Layer::whole(&to, to.size()),
                    progress: 0.5,
                    run: &spec.run,
                };
                target.render(&gpu, scene, None).unwrap()
            })
        });
    }
    group.finish();

    // The render thread's share: recording and submitting, not waiting for the GPU.
    let mut group = c.benchmark_group("record");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2));
    let view_texture = gpu.device.create_texture(&wgpu::TextureDescriptor {
        label: Some("bench target"),
        size: wgpu::Extent3d {
            width: SIZE.0,
            height: SIZE.1,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: PhotoTexture::FORMAT,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
        view_formats: &[],
    });
    let view = view_texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut compositor = Compositor::new(&gpu.device, PhotoTexture::FORMAT).unwrap();
    for name in catalogue.names() {
        let spec = FrameSpec::new(&catalogue, name, &[], SIZE).unwrap();
        compositor.build(&spec.spec).unwrap();
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                let mut recording = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    let mut encoder = gpu.device.create_command_encoder(&Default::default());
                    let scene = Scene::Transition {
                        from: Layer::whole(&from, from.size()),
                        to: Layer::whole(&to, to.size()),
                        progress: 0.5,
                        run: &spec.run,
                    };
                    compositor
                        .draw(&gpu.queue, &mut encoder, &view, SIZE, scene)
                        .unwrap();
                    gpu.queue.submit([encoder.finish()]);
                    recording += start.elapsed();
                    // The GPU's work is waited for outside the measured time.
                    let _ = gpu.device.poll(wgpu::PollType::wait_indefinitely());
                }
                recording
            })
        });
    }
    group.finish();
}

criterion_group!(benches, transitions);
criterion_main!(benches);
