//! The audio worker's costs, on one core:
//! - its analysis per 10 ms hop (48 kHz, 2048-sample FFT, 64 bars, smoothing, levels, onsets,
//!   and the tempo re-read twice a second, shared out over the hops), on the bundled clip.
//!   The target is 2% of a core at 60 updates a second: 333 µs an update;
//! - the latency from a hop of samples entering the worker process to its analysis being
//!   readable by the render loop (the real worker, through the shared record; the FFT
//!   window's own length is not counted). Target: 5 ms at p99, printed after the run.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use framewave::audio::{AudioService, monotonic_ns};
use framewave_audio::live::LiveAnalyzer;
use framewave_protocol::{AudioConfig, AudioSource};

const RATE: u32 = 48_000;
const HOP: usize = RATE as usize / 100;

fn analysis(c: &mut Criterion) {
    let clip = framewave_audio::clip::samples();
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    let mut at = 0;
    let mut heard_ns = 0;
    c.bench_function(
        "live analysis per 10 ms hop (2048 FFT, 64 bars, 48 kHz)",
        |b| {
            b.iter(|| {
                at = if at + 2 * HOP > clip.len() {
                    0
                } else {
                    at + HOP
                };
                heard_ns += 10_000_000;
                analyzer.push(&clip[at..at + HOP], heard_ns)
            })
        },
    );
}

fn latency(c: &mut Criterion) {
    let exe = std::path::PathBuf::from(env!("CARGO_BIN_EXE_framewave"));
    let config = AudioConfig {
        source: AudioSource::Clip,
        ..AudioConfig::default()
    };
    let mut service = AudioService::start(exe, config, Vec::new()).expect("the audio worker");
    let deadline = Instant::now() + Duration::from_secs(20);
    while service.frame().silent {
        assert!(Instant::now() < deadline, "no record from the audio worker");
        service.poll(monotonic_ns());
    }
    let mut seen = Vec::new();
    let mut group = c.benchmark_group("audio worker");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("from samples in to record readable", |b| {
        b.iter_custom(|records| {
            let mut total = Duration::ZERO;
            for _ in 0..records {
                // Spin as a reader that never misses the moment a record becomes readable.
                let last = service.frame().captured_at_ns;
                loop {
                    let now = monotonic_ns();
                    if service.poll(now) && service.frame().captured_at_ns != last {
                        let latency = Duration::from_nanos(now - service.frame().captured_at_ns);
                        seen.push(latency);
                        total += latency;
                        break;
                    }
                }
            }
            total
        })
    });
    group.finish();
    seen.sort();
    let at = |q: f64| seen[((seen.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    eprintln!(
        "worker to render over {} records: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        seen.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    service.shutdown();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = analysis, latency
}
criterion_main!(benches);
