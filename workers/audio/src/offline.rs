//! A whole recording analysed as fast as it goes: what `framewave analyze-audio` prints.

use crate::onsets::{self, Flux, Picking};
use crate::spectrum::{self, Spectrum};
use crate::tempo;

/// What the analysis of a recording found.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub sample_rate: u32,
    pub duration_s: f64,
    pub bpm: Option<f64>,
    pub bpm_confidence: f64,
    /// The dominant frequency over the whole recording.
    pub peak_hz: Option<f64>,
    /// Beat times, in seconds.
    pub beats: Vec<f64>,
    /// Onset times, in seconds.
    pub onsets: Vec<f64>,
    /// Spectra analysed.
    pub frames: usize,
}

/// Analysis frames a second: a hop of 10 ms, finer than the 1/60 s the visualizer needs, so
/// onsets and beats are placed to within a few milliseconds.
pub const FRAMES_PER_SECOND: u32 = 100;

/// Analyses mono `samples` at `sample_rate` with a `fft_size`-sample spectrum.
pub fn analyze(samples: &[f32], sample_rate: u32, fft_size: usize) -> Analysis {
    let hop = (sample_rate / FRAMES_PER_SECOND).max(1) as usize;
    let mut spectrum = Spectrum::new(fft_size);
    let size = spectrum.size();
    let mut flux = Flux::default();
    let mut magnitudes = Vec::new();
    let mut total = vec![0.0f64; spectrum.bins()];
    let mut envelope = Vec::new();
    // Frame `i` is the spectrum of the `size` samples ending at `(i + 1) * hop`.
    let mut end = hop;
    while end <= samples.len() {
        spectrum.magnitudes(&samples[end.saturating_sub(size)..end], &mut magnitudes);
        for (sum, m) in total.iter_mut().zip(&magnitudes) {
            *sum += f64::from(*m);
        }
        envelope.push(flux.next(&magnitudes));
        end += hop;
    }
    let frame_rate = f64::from(sample_rate) / hop as f64;
    let picked = onsets::pick(&envelope, frame_rate as f32, Picking::default());
    let onsets: Vec<f64> = picked
        .iter()
        .map(|&frame| {
            // The hit is somewhere in the frame's window: where its energy rose.
            let end = (frame + 1) * hop;
            let at = onsets::refine(samples, sample_rate, end.saturating_sub(size), end);
            at as f64 / f64::from(sample_rate)
        })
        .collect();
    let duration_s = samples.len() as f64 / f64::from(sample_rate);
    // A frame's flux belongs, near enough, to its window's middle.
    let offset_s = (hop as f64 - size as f64 / 2.0) / f64::from(sample_rate);
    let found = tempo::estimate(&envelope, frame_rate, offset_s, &onsets, duration_s);
    let mean: Vec<f32> = total.iter().map(|s| *s as f32).collect();
    let peak_hz = (!envelope.is_empty())
        .then(|| spectrum::peak_bin(&mean))
        .flatten()
        .filter(|_| mean.iter().any(|m| *m > 0.0))
        .map(|bin| f64::from(spectrum::bin_hz(bin, size, sample_rate)));
    Analysis {
        sample_rate,
        duration_s,
        bpm: found.as_ref().map(|t| t.bpm),
        bpm_confidence: found.as_ref().map_or(0.0, |t| t.confidence),
        peak_hz,
        beats: found.map(|t| t.beats).unwrap_or_default(),
        onsets,
        frames: envelope.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_signals::hits;

    const RATE: u32 = 48_000;

    fn click_track(bpm: f64, seconds: f64) -> (Vec<f32>, Vec<f64>) {
        let period = 60.0 / bpm;
        let times: Vec<f64> = (0..)
            .map(|k| 0.25 + k as f64 * period)
            .take_while(|t| *t < seconds - 0.1)
            .collect();
        (hits(&times, seconds), times)
    }

    #[test]
    fn click_tracks_give_their_tempo_and_beats() {
        for bpm in [90.0, 120.0, 128.0, 174.0] {
            let (samples, times) = click_track(bpm, 20.0);
            let analysis = analyze(&samples, RATE, 2048);
            let found = analysis.bpm.expect("a tempo");
            assert!((found - bpm).abs() <= 1.0, "{bpm} BPM read as {found}");
            assert!(
                analysis.bpm_confidence > 0.5,
                "{bpm}: {}",
                analysis.bpm_confidence
            );
            for t in &times {
                let nearest = analysis
                    .beats
                    .iter()
                    .map(|b| (b - t).abs())
                    .fold(f64::MAX, f64::min);
                assert!(
                    nearest <= 0.020,
                    "{bpm} BPM: no beat within 20 ms of {t:.3} s"
                );
            }
        }
    }

    #[test]
    fn percussive_hits_are_found_within_20_ms() {
        let times = [0.3, 0.71, 1.05, 1.8, 2.02, 2.9, 3.33];
        let analysis = analyze(&hits(&times, 4.0), RATE, 2048);
        assert_eq!(analysis.onsets.len(), times.len(), "{:?}", analysis.onsets);
        for (found, t) in analysis.onsets.iter().zip(&times) {
            assert!((found - t).abs() <= 0.020, "{found:.3} for {t:.3}");
        }
    }

    #[test]
    fn a_pure_tone_peaks_within_one_bin() {
        let hz = 1234.5;
        let samples: Vec<f32> = (0..RATE * 2)
            .map(|i| (std::f64::consts::TAU * hz * f64::from(i) / f64::from(RATE)).sin() as f32)
            .collect();
        let analysis = analyze(&samples, RATE, 2048);
        let peak = analysis.peak_hz.expect("a peak");
        assert!((peak - hz).abs() <= f64::from(RATE) / 2048.0, "{peak}");
    }

    #[test]
    fn silence_has_no_tempo_onsets_or_peak() {
        let analysis = analyze(&vec![0.0; RATE as usize * 3], RATE, 2048);
        assert_eq!(analysis.bpm, None);
        assert!(analysis.onsets.is_empty());
        assert_eq!(analysis.peak_hz, None);
        assert_eq!(analysis.frames, 300);
    }
}
