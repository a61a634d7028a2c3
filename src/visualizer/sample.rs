//! A fixed audio record and motion, the same on every machine: what `framewave render
//! --visualizer` draws, so each mode has golden images per rung.

use framewave_protocol::audio::{BANDS, WAVEFORM};
use framewave_protocol::{AudioFrame, Level, Levels};

use super::Visualizer;

/// Bars of `count`: a music-like slope (strong bass, falling towards the treble) with a few
/// peaks; a waveform of a bass note and a higher one; the bass a little over its average.
pub fn record(count: usize) -> AudioFrame {
    let count = count.clamp(1, BANDS);
    let mut bars = [0.0; BANDS];
    for (i, bar) in bars.iter_mut().enumerate().take(count) {
        let x = i as f32 / count as f32;
        let slope = 0.85 - 0.55 * x;
        let ripple = 0.12 * (x * 23.0).sin() + 0.08 * (x * 61.0).cos();
        *bar = (slope + ripple).clamp(0.05, 1.0);
    }
    let mut waveform = [0.0; WAVEFORM];
    for (i, sample) in waveform.iter_mut().enumerate() {
        let t = i as f32 / WAVEFORM as f32;
        *sample = 0.5 * (t * std::f32::consts::TAU * 2.0).sin()
            + 0.2 * (t * std::f32::consts::TAU * 13.0).sin();
    }
    let level = |relative: f32| Level {
        energy: 0.1,
        relative,
        energy_smoothed: 0.1,
        relative_smoothed: relative,
    };
    AudioFrame {
        captured_at_ns: 1,
        sample_rate: 48_000,
        bar_count: count as u32,
        bars,
        waveform,
        rms: 0.3,
        levels: Levels {
            bass: level(1.5),
            mid: level(1.0),
            treble: level(0.8),
        },
        onset: 0.0,
        onsets: 0,
        bpm: 120.0,
        bpm_confidence: 0.9,
        beat_phase: 0.0,
        silent: false,
    }
}

/// A visualizer that has just seen louder bars (every bar up to its height plus a quarter,
/// 0.4 s ago), so caps and ghost stand above `record`'s bars as they do in music.
pub fn visualizer(record: &AudioFrame) -> Visualizer {
    let mut louder = record.clone();
    for bar in louder.bars.iter_mut() {
        *bar = (*bar + 0.25).min(1.0);
    }
    let mut visualizer = Visualizer::default();
    visualizer.motion.advance(louder.bars(), 0.0);
    for _ in 0..24 {
        visualizer.motion.advance(record.bars(), 1.0 / 60.0);
    }
    visualizer
}
