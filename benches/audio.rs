//! The audio analysis's cost per update, on one core: what the audio worker spends each
//! 1/60 s hop at 48 kHz with a 2048-sample FFT (spectrum, 64 bars, smoothing, levels, flux).
//! At 60 updates a second the target is 2% of a core: 333 µs an update.

use criterion::{Criterion, criterion_group, criterion_main};

use framewave_audio::bars::BarLayout;
use framewave_audio::levels::LevelMeter;
use framewave_audio::onsets::Flux;
use framewave_audio::smoothing::{Smoother, Smoothing};
use framewave_audio::spectrum::Spectrum;

const RATE: u32 = 48_000;
const SIZE: usize = 2048;

fn bench(c: &mut Criterion) {
    let music: Vec<f32> = (0..RATE as usize)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            (std::f32::consts::TAU * 110.0 * t).sin() * 0.4
                + (std::f32::consts::TAU * 1_760.0 * t).sin() * 0.2
                + ((i * 7919 % 1000) as f32 / 1000.0 - 0.5) * 0.1
        })
        .collect();
    let mut spectrum = Spectrum::new(SIZE);
    let layout = BarLayout::new(64, 20.0, 16_000.0);
    let mut smoother = Smoother::new(Smoothing::default());
    let mut meter = LevelMeter::new(60.0);
    let mut flux = Flux::default();
    let (mut magnitudes, mut bars) = (Vec::new(), Vec::new());
    let hop = RATE as usize / 60;
    let mut end = SIZE;
    c.bench_function("audio update (2048 FFT, 64 bars, 48 kHz)", |b| {
        b.iter(|| {
            end = if end + hop > music.len() {
                SIZE
            } else {
                end + hop
            };
            spectrum.magnitudes(&music[end - SIZE..end], &mut magnitudes);
            layout.fill(&magnitudes, SIZE, RATE, &mut bars);
            let smoothed = smoother.update(&bars, false)[0];
            let levels = meter.update(&magnitudes, SIZE, RATE);
            (smoothed, levels.bass.energy, flux.next(&magnitudes))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
