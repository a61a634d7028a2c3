//! Log-spaced bars over a magnitude spectrum: bar `i` covers `low * (high / low)^(i / n)` to
//! the next edge, so each octave gets the same number of bars, as the ear hears them.

/// Where each bar begins and ends, in Hz.
#[derive(Debug, Clone, PartialEq)]
pub struct BarLayout {
    /// `count + 1` edges, rising.
    edges: Vec<f32>,
}

impl BarLayout {
    /// `count` bars (at least 1) from `low_hz` to `high_hz` (`low_hz` at least 1 Hz, and
    /// `high_hz` above it).
    pub fn new(count: usize, low_hz: f32, high_hz: f32) -> Self {
        let count = count.max(1);
        let low = low_hz.max(1.0);
        let high = high_hz.max(low * 1.01);
        let edges = (0..=count)
            .map(|i| low * (high / low).powf(i as f32 / count as f32))
            .collect();
        Self { edges }
    }

    pub fn count(&self) -> usize {
        self.edges.len() - 1
    }

    /// The bar `hz` falls in, if any.
    pub fn bar_of(&self, hz: f32) -> Option<usize> {
        self.edges.windows(2).position(|e| hz >= e[0] && hz < e[1])
    }

    /// Each bar's level from `magnitudes` (of a `size`-sample FFT at `sample_rate`): the
    /// strongest bin within it, or, for a bar narrower than a bin (the lowest ones), the
    /// spectrum read between bins at the bar's centre.
    pub fn fill(&self, magnitudes: &[f32], size: usize, sample_rate: u32, bars: &mut Vec<f32>) {
        let bin_hz = sample_rate as f32 / size as f32;
        let last = magnitudes.len().saturating_sub(1);
        bars.clear();
        bars.extend(self.edges.windows(2).map(|edge| {
            let first = (edge[0] / bin_hz).ceil() as usize;
            let end = ((edge[1] / bin_hz).ceil() as usize).min(last + 1);
            if first < end {
                magnitudes[first..end].iter().copied().fold(0.0, f32::max)
            } else {
                let centre = (edge[0] * edge[1]).sqrt() / bin_hz;
                let below = (centre.floor() as usize).min(last);
                let above = (below + 1).min(last);
                let t = centre - below as f32;
                magnitudes.get(below).map_or(0.0, |m| m * (1.0 - t))
                    + magnitudes.get(above).map_or(0.0, |m| m * t)
            }
        }));
    }
}

/// The spectral tilt the bars are given, in dB per octave about 1 kHz: music's level falls
/// with frequency (by 3 dB an octave for pink noise, the usual model), so untilted bars would
/// leave the treble flat at the bottom. Spectrum analysers tilt theirs the same way.
pub const TILT_DB_PER_OCTAVE: f32 = 3.0;

impl BarLayout {
    /// Tilts `bars` by [`TILT_DB_PER_OCTAVE`] from each bar's centre to 1 kHz.
    pub fn tilt(&self, bars: &mut [f32]) {
        let per_octave = 10f32.powf(TILT_DB_PER_OCTAVE / 20.0);
        for (bar, edge) in bars.iter_mut().zip(self.edges.windows(2)) {
            let octaves = ((edge[0] * edge[1]).sqrt() / 1_000.0).log2();
            *bar *= per_octave.powf(octaves);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spectrum::Spectrum;

    #[test]
    fn bars_are_tilted_up_the_octaves() {
        let layout = BarLayout::new(2, 500.0, 2_000.0);
        let mut bars = [1.0, 1.0];
        layout.tilt(&mut bars);
        // Centres at 707 Hz and 1414 Hz: half an octave either side of 1 kHz.
        let half = 10f32.powf(TILT_DB_PER_OCTAVE / 40.0);
        assert!((bars[0] - 1.0 / half).abs() < 1e-4 && (bars[1] - half).abs() < 1e-4);
    }

    #[test]
    fn edges_are_log_spaced() {
        let layout = BarLayout::new(10, 20.0, 20_480.0);
        // Ten bars over ten octaves: one octave each.
        assert!((layout.edges[1] - 40.0).abs() < 0.01);
        assert!((layout.edges[10] - 20_480.0).abs() < 1.0);
        assert_eq!(layout.bar_of(30.0), Some(0));
        assert_eq!(layout.bar_of(1000.0), Some(5));
        assert_eq!(layout.bar_of(10.0), None);
    }

    #[test]
    fn a_pure_tone_lands_in_its_bar() {
        let (rate, size) = (48_000, 2048);
        let layout = BarLayout::new(32, 20.0, 16_000.0);
        let mut spectrum = Spectrum::new(size);
        let (mut magnitudes, mut bars) = (Vec::new(), Vec::new());
        for hz in [55.0, 440.0, 3_000.0, 12_000.0] {
            let tone: Vec<f32> = (0..size)
                .map(|i| (std::f32::consts::TAU * hz * i as f32 / rate as f32).sin() * 0.5)
                .collect();
            spectrum.magnitudes(&tone, &mut magnitudes);
            layout.fill(&magnitudes, size, rate, &mut bars);
            let loudest = bars
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i);
            assert_eq!(loudest, layout.bar_of(hz), "{hz} Hz: {bars:?}");
        }
    }
}
