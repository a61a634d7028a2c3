//! Photos per second the decode pool sustains at 1920x1080 fill, with real worker processes
//! (cores − 1 of them) fed as the slideshow feeds them: the bundled photos (1.3–4 MP) and
//! camera-sized 24 MP JPEGs. Run with `cargo bench --bench pool`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use framewave::decode::{DecodeConfig, DecodeEvent, DecodeJob, DecodeService};
use framewave::supervisor::WorkerState;
use framewave_protocol::Fit;

const IN_FLIGHT: usize = 8;

#[path = "common/fixtures.rs"]
mod fixtures;

fn bundled_photos() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/photos");
    framewave::library::scan_all(&[dir], &Default::default()).unwrap()
}

/// Decodes `count` photos, keeping a few jobs queued, and returns the time taken.
fn run(service: &DecodeService, photos: &[PathBuf], count: usize) -> Duration {
    let start = Instant::now();
    let (mut submitted, mut finished) = (0, 0);
    while finished < count {
        while submitted < count && submitted - finished < IN_FLIGHT {
            service.submit(DecodeJob {
                request_id: submitted as u64,
                path: photos[submitted % photos.len()].clone(),
                width: 1920,
                height: 1080,
                fit: Fit::Fill,
            });
            submitted += 1;
        }
        match service.wait_event(Duration::from_secs(30)) {
            // Dropping the lease hands the slot back, as the render loop does after upload.
            Some(DecodeEvent::Ready { frame, .. }) => drop(frame),
            Some(DecodeEvent::Failed { reason, .. }) => panic!("decode failed: {reason}"),
            None => panic!("the pool stalled"),
        }
        finished += 1;
    }
    start.elapsed()
}

fn pool(c: &mut Criterion) {
    let config = DecodeConfig::new(env!("CARGO_BIN_EXE_framewave").into(), (1920, 1080));
    let workers = config.pool.workers;
    let service = DecodeService::start(config).unwrap();
    while !service
        .latest_status()
        .is_some_and(|s| s.iter().all(|w| w.state == WorkerState::Running))
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let (camera_jpeg, _) = fixtures::fixtures();
    let sets = [
        ("bundled photos to 1920x1080", bundled_photos()),
        ("24 MP JPEGs to 1920x1080", vec![camera_jpeg; 8]),
    ];
    let mut group = c.benchmark_group(format!("decode pool ({workers} workers)"));
    group.sample_size(10);
    for (name, photos) in &sets {
        group.throughput(Throughput::Elements(photos.len() as u64));
        group.bench_function(*name, |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| run(&service, photos, photos.len()))
                    .sum()
            })
        });
    }
    group.finish();
    service.shutdown();
}

criterion_group!(benches, pool);
criterion_main!(benches);
