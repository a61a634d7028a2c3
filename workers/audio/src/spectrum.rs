//! The magnitude spectrum of the newest `size` samples: Hann-windowed, real-input FFT, each
//! bin's magnitude scaled so a full-scale sine reads 1.0 in its bin.

use std::sync::Arc;

use realfft::{RealFftPlanner, RealToComplex};

pub struct Spectrum {
    size: usize,
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// Scratch: the windowed input, the complex output, the FFT's own.
    input: Vec<f32>,
    output: Vec<realfft::num_complex::Complex<f32>>,
    scratch: Vec<realfft::num_complex::Complex<f32>>,
    /// Window sum: a sine of amplitude 1 peaks at `sum / 2` in its bin.
    gain: f32,
}

impl std::fmt::Debug for Spectrum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spectrum")
            .field("size", &self.size)
            .finish()
    }
}

impl Spectrum {
    /// An FFT of `size` samples (a power of two is fastest; at least 2).
    pub fn new(size: usize) -> Self {
        let size = size.max(2);
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(size);
        let window: Vec<f32> = (0..size)
            .map(|i| {
                let phase = std::f32::consts::TAU * i as f32 / size as f32;
                0.5 - 0.5 * phase.cos()
            })
            .collect();
        let gain = window.iter().sum::<f32>() / 2.0;
        Self {
            size,
            input: fft.make_input_vec(),
            output: fft.make_output_vec(),
            scratch: fft.make_scratch_vec(),
            fft,
            window,
            gain,
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Bins in a spectrum: `size / 2 + 1`, from 0 Hz to half the sample rate.
    pub fn bins(&self) -> usize {
        self.size / 2 + 1
    }

    /// The magnitudes of `samples` (the newest `size`; fewer are zero-padded at the start)
    /// into `magnitudes` (`bins()` values).
    pub fn magnitudes(&mut self, samples: &[f32], magnitudes: &mut Vec<f32>) {
        let take = samples.len().min(self.size);
        let pad = self.size - take;
        self.input[..pad].fill(0.0);
        for ((slot, sample), weight) in self.input[pad..]
            .iter_mut()
            .zip(&samples[samples.len() - take..])
            .zip(&self.window[pad..])
        {
            *slot = sample * weight;
        }
        // The lengths are the plan's own: this cannot fail.
        let _ = self
            .fft
            .process_with_scratch(&mut self.input, &mut self.output, &mut self.scratch);
        magnitudes.clear();
        magnitudes.extend(self.output.iter().map(|c| c.norm() / self.gain));
    }
}

/// The frequency of bin `bin` of a `size`-sample FFT at `sample_rate`.
pub fn bin_hz(bin: f32, size: usize, sample_rate: u32) -> f32 {
    bin * sample_rate as f32 / size as f32
}

/// The strongest bin of `magnitudes` (past the DC bin), refined between bins by the parabola
/// through it and its neighbours: a fractional bin.
pub fn peak_bin(magnitudes: &[f32]) -> Option<f32> {
    let (at, _) = magnitudes
        .iter()
        .enumerate()
        .skip(1)
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    if at + 1 >= magnitudes.len() {
        return Some(at as f32);
    }
    let (a, b, c) = (magnitudes[at - 1], magnitudes[at], magnitudes[at + 1]);
    let bend = a - 2.0 * b + c;
    let shift = if bend.abs() > f32::EPSILON {
        (0.5 * (a - c) / bend).clamp(-0.5, 0.5)
    } else {
        0.0
    };
    Some(at as f32 + shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(hz: f32, rate: u32, len: usize) -> Vec<f32> {
        (0..len)
            .map(|i| (std::f32::consts::TAU * hz * i as f32 / rate as f32).sin())
            .collect()
    }

    #[test]
    fn magnitudes_match_a_reference_dft() {
        let size = 256;
        let samples: Vec<f32> = (0..size)
            .map(|i| ((i * 7919) % 97) as f32 / 48.0 - 1.0)
            .collect();
        let mut spectrum = Spectrum::new(size);
        let mut fast = Vec::new();
        spectrum.magnitudes(&samples, &mut fast);
        let windowed: Vec<f64> = samples
            .iter()
            .zip(&spectrum.window)
            .map(|(s, w)| f64::from(*s) * f64::from(*w))
            .collect();
        for (bin, fast) in fast.iter().enumerate() {
            let (mut re, mut im) = (0.0f64, 0.0f64);
            for (n, x) in windowed.iter().enumerate() {
                let phase = -std::f64::consts::TAU * (bin * n) as f64 / size as f64;
                re += x * phase.cos();
                im += x * phase.sin();
            }
            let slow = (re.hypot(im) / f64::from(spectrum.gain)) as f32;
            assert!(
                (fast - slow).abs() < 1e-3 * slow.max(1.0),
                "bin {bin}: {fast} vs {slow}"
            );
        }
    }

    #[test]
    fn a_full_scale_sine_reads_one_at_its_frequency() {
        let (rate, size) = (48_000, 2048);
        let hz = 1000.0;
        let mut spectrum = Spectrum::new(size);
        let mut magnitudes = Vec::new();
        spectrum.magnitudes(&sine(hz, rate, size), &mut magnitudes);
        let peak = peak_bin(&magnitudes).unwrap();
        let bin_width = rate as f32 / size as f32;
        assert!((bin_hz(peak, size, rate) - hz).abs() < bin_width / 4.0);
        let top = magnitudes.iter().copied().fold(0.0, f32::max);
        assert!((top - 1.0).abs() < 0.2, "{top}");
    }
}
