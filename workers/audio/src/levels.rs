//! Bass, mid and treble, as projectM gives them to its presets: each band's energy, and the
//! same relative to the song's long-term average (1.0 is "as usual for this song", 2.0 twice
//! as loud), each also smoothed.

/// The three bands, in Hz.
const BASS: (f32, f32) = (20.0, 250.0);
const MID: (f32, f32) = (250.0, 4_000.0);
const TREBLE: (f32, f32) = (4_000.0, 16_000.0);
/// The long-term average follows over about this long, in seconds.
const LONG_TERM_S: f32 = 10.0;
/// The smoothed values follow over about this long, in seconds.
const SMOOTH_S: f32 = 0.15;

pub use framewave_protocol::audio::{Level, Levels};

/// Follows the bands over successive spectra.
#[derive(Debug, Clone)]
pub struct LevelMeter {
    /// Updates a second.
    rate: f32,
    average: [f32; 3],
    levels: Levels,
}

impl LevelMeter {
    pub fn new(rate: f32) -> Self {
        Self {
            rate: rate.max(1.0),
            average: [0.0; 3],
            levels: Levels::default(),
        }
    }

    /// The levels after `magnitudes` (of a `size`-sample FFT at `sample_rate`).
    pub fn update(&mut self, magnitudes: &[f32], size: usize, sample_rate: u32) -> Levels {
        let bin_hz = sample_rate as f32 / size as f32;
        let energy = |(low, high): (f32, f32)| -> f32 {
            let first = ((low / bin_hz).ceil() as usize).min(magnitudes.len());
            let end = ((high / bin_hz).ceil() as usize).clamp(first, magnitudes.len());
            let bins = &magnitudes[first..end];
            bins.iter().map(|m| m * m).sum::<f32>() / bins.len().max(1) as f32
        };
        let follow = |seconds: f32| 1.0 - (-1.0 / (seconds * self.rate)).exp();
        let (long, short) = (follow(LONG_TERM_S), follow(SMOOTH_S));
        let mut bands = [
            &mut self.levels.bass,
            &mut self.levels.mid,
            &mut self.levels.treble,
        ];
        for ((level, average), band) in bands
            .iter_mut()
            .zip(&mut self.average)
            .zip([BASS, MID, TREBLE])
        {
            let now = energy(band);
            *average += (now - *average) * long;
            level.energy = now;
            level.relative = if *average > 1e-9 { now / *average } else { 1.0 };
            level.energy_smoothed += (now - level.energy_smoothed) * short;
            level.relative_smoothed += (level.relative - level.relative_smoothed) * short;
        }
        self.levels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spectrum::Spectrum;

    fn tone(hz: f32, amplitude: f32) -> Vec<f32> {
        (0..2048)
            .map(|i| (std::f32::consts::TAU * hz * i as f32 / 48_000.0).sin() * amplitude)
            .collect()
    }

    #[test]
    fn a_tone_is_heard_in_its_band_and_relative_to_the_songs_average() {
        let mut spectrum = Spectrum::new(2048);
        let mut meter = LevelMeter::new(60.0);
        let mut magnitudes = Vec::new();
        spectrum.magnitudes(&tone(100.0, 0.5), &mut magnitudes);
        let mut levels = Levels::default();
        for _ in 0..1_200 {
            levels = meter.update(&magnitudes, 2048, 48_000);
        }
        assert!(levels.bass.energy > 100.0 * levels.treble.energy.max(1e-12));
        assert!(levels.bass.energy > 100.0 * levels.mid.energy.max(1e-12));
        // After twenty seconds of the same, the bass is as usual for this song.
        assert!((levels.bass.relative - 1.0).abs() < 0.2, "{levels:?}");
        // Twice as loud is heard as more than usual, at once; smoothed, a little later.
        spectrum.magnitudes(&tone(100.0, 1.0), &mut magnitudes);
        let louder = meter.update(&magnitudes, 2048, 48_000);
        assert!(louder.bass.relative > 3.0, "{louder:?}");
        assert!(louder.bass.relative_smoothed < louder.bass.relative);
    }
}
