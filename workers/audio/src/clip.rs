//! The bundled clip: eight seconds of music made in code (kick, snare, hi-hat, a bass line and
//! a chord pad at 120 BPM), so the visualizer has something real to show when there is nothing
//! to listen to. Synthesised, not recorded: nothing to license, nothing to ship, the same
//! samples on every machine. Every sound's tail wraps around the end, so the loop has no seam.

use std::f32::consts::TAU;
use std::sync::OnceLock;

pub const SAMPLE_RATE: u32 = 48_000;
pub const BPM: f32 = 120.0;
/// Four bars of four beats.
const BEATS: usize = 16;
const BEAT: usize = (SAMPLE_RATE as f32 * 60.0 / BPM) as usize;
const LENGTH: usize = BEATS * BEAT;

/// One chord a bar (A minor, F, C, G), in Hz, with the bass note under it.
const CHORDS: [([f32; 3], f32); 4] = [
    ([220.00, 261.63, 329.63], 55.00),
    ([174.61, 220.00, 261.63], 43.65),
    ([261.63, 329.63, 392.00], 65.41),
    ([196.00, 246.94, 293.66], 49.00),
];

/// The clip's samples, mono, -1..1, at [`SAMPLE_RATE`]; made once.
pub fn samples() -> &'static [f32] {
    static CLIP: OnceLock<Vec<f32>> = OnceLock::new();
    CLIP.get_or_init(synthesise)
}

fn synthesise() -> Vec<f32> {
    let mut mix = vec![0.0f32; LENGTH];
    let mut noise = Noise {
        state: 0x9e37_79b9,
        last: 0.0,
    };
    for beat in 0..BEATS {
        let start = beat * BEAT;
        let (chord, root) = CHORDS[beat / 4];
        add(&mut mix, start, 0.3, kick);
        if beat % 2 == 1 {
            add(&mut mix, start, 0.25, |t| snare(t, &mut noise));
        }
        for eighth in [0, BEAT / 2] {
            let accent = if eighth == 0 { 1.0 } else { 0.6 };
            add(&mut mix, start + eighth, 0.08, |t| {
                accent * hat(t, &mut noise)
            });
        }
        // The bass walks root, root, fifth, octave through the bar.
        let step = [1.0, 1.0, 1.5, 2.0][beat % 4];
        add(&mut mix, start, 0.45, |t| bass(t, root * step));
        if beat % 4 == 0 {
            add(&mut mix, start, 2.0, |t| pad(t, &chord));
        }
    }
    let peak = mix.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let gain = if peak > 0.0 { 0.8 / peak } else { 0.0 };
    mix.iter_mut().for_each(|s| *s *= gain);
    mix
}

/// Adds `seconds` of `voice` (a function of the time since its start) from sample `start`,
/// wrapping past the end to the beginning.
fn add(mix: &mut [f32], start: usize, seconds: f32, mut voice: impl FnMut(f32) -> f32) {
    let len = (seconds * SAMPLE_RATE as f32) as usize;
    for i in 0..len {
        let t = i as f32 / SAMPLE_RATE as f32;
        mix[(start + i) % LENGTH] += voice(t);
    }
}

/// A sine swept down from 150 Hz to 50 Hz: the thump of a bass drum.
fn kick(t: f32) -> f32 {
    // The phase of a sweep f(t) = 50 + 100 e^(-t/0.03), integrated.
    let phase = TAU * (50.0 * t + 100.0 * 0.03 * (1.0 - (-t / 0.03).exp()));
    phase.sin() * (-t / 0.12).exp() * attack(t)
}

fn snare(t: f32, noise: &mut Noise) -> f32 {
    let body = (TAU * 190.0 * t).sin() * (-t / 0.04).exp();
    let rattle = noise.next() * (-t / 0.07).exp();
    (0.4 * body + 0.6 * rattle) * attack(t)
}

/// Noise with its low end taken out (each sample minus the one before): a closed hi-hat.
fn hat(t: f32, noise: &mut Noise) -> f32 {
    let now = noise.next();
    let hiss = now - noise.last;
    noise.last = now;
    hiss * (-t / 0.02).exp()
}

/// Three harmonics of `hz`, plucked.
fn bass(t: f32, hz: f32) -> f32 {
    let tone: f32 = (1..=3)
        .map(|h| (TAU * hz * h as f32 * t).sin() / h as f32)
        .sum();
    tone * 0.5 * (-t / 0.3).exp() * attack(t) * release(t, 0.45)
}

/// The chord's notes, each a pair of slightly detuned sines, swelling in and out over a bar.
fn pad(t: f32, chord: &[f32; 3]) -> f32 {
    let notes: f32 = chord
        .iter()
        .map(|hz| (TAU * hz * t).sin() + (TAU * hz * 1.003 * t).sin())
        .sum();
    let swell = (t / 0.3).min(1.0) * release(t, 2.0);
    notes * 0.04 * swell
}

/// 2 ms fade-in: no click at a note's start.
fn attack(t: f32) -> f32 {
    (t / 0.002).min(1.0)
}

/// 0.2 s fade-out to silence at `end`.
fn release(t: f32, end: f32) -> f32 {
    ((end - t) / 0.2).clamp(0.0, 1.0)
}

/// Deterministic white noise (xorshift), -1..1; `last` for the hi-hat's difference.
struct Noise {
    state: u32,
    last: f32,
}

impl Noise {
    fn next(&mut self) -> f32 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state = x;
        x as f32 / u32::MAX as f32 * 2.0 - 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::LiveAnalyzer;
    use crate::offline;

    #[test]
    fn the_clip_is_eight_seconds_of_music_at_120_bpm() {
        let clip = samples();
        assert_eq!(clip.len(), 8 * SAMPLE_RATE as usize);
        let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - 0.8).abs() < 1e-3, "{peak}");
        // Twice round the loop, as it is played.
        let twice: Vec<f32> = clip.iter().chain(clip).copied().collect();
        let analysis = offline::analyze(&twice, SAMPLE_RATE, 2048);
        let bpm = analysis.bpm.expect("a tempo");
        let near = |target: f64| (bpm - target).abs() <= 2.0;
        assert!(near(120.0) || near(60.0) || near(240.0), "{bpm} BPM");
        assert!(
            analysis.onsets.len() >= 24,
            "{} onsets",
            analysis.onsets.len()
        );
    }

    #[test]
    fn the_clip_moves_the_bars() {
        let mut analyzer = LiveAnalyzer::new(&Default::default(), SAMPLE_RATE);
        let mut tallest = 0.0f32;
        let mut frames = 0;
        for (i, chunk) in samples().chunks(480).enumerate() {
            if let Some(frame) = analyzer.push(chunk, i as u64 * 10_000_000) {
                assert!(!frame.silent, "silent at chunk {i}");
                tallest = frame.bars().iter().copied().fold(tallest, f32::max);
                frames += 1;
            }
        }
        assert_eq!(frames, 800);
        assert!(tallest > 0.5, "{tallest}");
    }

    #[test]
    fn the_loop_has_no_seam() {
        let clip = samples();
        let jump = (clip[0] - clip[clip.len() - 1]).abs();
        let typical = clip.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f32>() / clip.len() as f32;
        assert!(jump < 20.0 * typical, "{jump} vs {typical}");
    }
}
