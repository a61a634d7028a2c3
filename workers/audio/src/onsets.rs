//! Onsets: where the spectrum grows suddenly. The spectral flux (the sum, over bins, of each
//! bin's rise in log-compressed magnitude since the frame before) is high at a note's or a
//! drum's start; an onset is a flux peak above an adaptive threshold (the local mean, scaled,
//! plus a floor), refined in time on the samples' short-term energy.

/// The log compression of magnitudes before the flux: loud partials do not drown the rest.
const COMPRESSION: f32 = 100.0;

/// Keeps the last spectrum and gives each new one's flux.
#[derive(Debug, Default)]
pub struct Flux {
    previous: Vec<f32>,
}

impl Flux {
    /// The flux of `magnitudes` over the spectrum before (0 for the first).
    pub fn next(&mut self, magnitudes: &[f32]) -> f32 {
        let compressed = magnitudes.iter().map(|m| (1.0 + COMPRESSION * m).ln());
        let flux = if self.previous.len() == magnitudes.len() {
            compressed
                .clone()
                .zip(&self.previous)
                .map(|(now, before)| (now - before).max(0.0))
                .sum()
        } else {
            0.0
        };
        self.previous.clear();
        self.previous.extend(compressed);
        flux
    }
}

/// How the threshold is set.
#[derive(Debug, Clone, Copy)]
pub struct Picking {
    /// The threshold is this many times the mean flux around a frame...
    pub scale: f32,
    /// ... plus this share of the largest flux of the whole run (silence never triggers).
    pub floor: f32,
    /// Over this long either side, in seconds.
    pub window_s: f32,
    /// Two onsets are at least this far apart, in seconds.
    pub min_gap_s: f32,
}

impl Default for Picking {
    fn default() -> Self {
        Self {
            scale: 1.5,
            floor: 0.1,
            window_s: 0.25,
            min_gap_s: 0.05,
        }
    }
}

/// The frames of `flux` (at `frame_rate` frames a second) that are onsets: local peaks above
/// the adaptive threshold, at least the minimum gap apart (the stronger kept).
pub fn pick(flux: &[f32], frame_rate: f32, picking: Picking) -> Vec<usize> {
    let half = ((picking.window_s * frame_rate).round() as usize).max(1);
    let gap = (picking.min_gap_s * frame_rate).round() as usize;
    let loudest = flux.iter().copied().fold(0.0, f32::max);
    if loudest <= 0.0 {
        return Vec::new();
    }
    let mut picked: Vec<usize> = Vec::new();
    for i in 1..flux.len().saturating_sub(1) {
        let f = flux[i];
        if f <= flux[i - 1] || f < flux[i + 1] {
            continue;
        }
        let around = &flux[i.saturating_sub(half)..(i + half + 1).min(flux.len())];
        let mean = around.iter().sum::<f32>() / around.len() as f32;
        if f < picking.scale * mean + picking.floor * loudest {
            continue;
        }
        match picked.last() {
            Some(&last) if i - last < gap => {
                if f > flux[last] {
                    *picked.last_mut().expect("just seen") = i;
                }
            }
            _ => picked.push(i),
        }
    }
    picked
}

/// The moment in `samples` (at `sample_rate`) within `from..to` (sample indices) where the
/// short-term energy rises most steeply: where a hit found in a spectrum frame began.
pub fn refine(samples: &[f32], sample_rate: u32, from: usize, to: usize) -> usize {
    // 2.5 ms blocks: fine enough to place a hit, coarse enough not to see single waves.
    let block = (sample_rate as usize / 400).max(1);
    let to = to.min(samples.len());
    let energy = |start: usize| -> f32 {
        let end = (start + block).min(samples.len());
        let sum: f32 = samples[start.min(end)..end].iter().map(|s| s * s).sum();
        (sum / block as f32 + 1e-10).ln()
    };
    let mut best = (f32::MIN, from);
    let mut start = from;
    let mut before = energy(from.saturating_sub(block));
    while start < to {
        let now = energy(start);
        let rise = now - before;
        if rise > best.0 {
            best = (rise, start);
        }
        before = now;
        start += block;
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolated_peaks_above_the_threshold_are_onsets() {
        let mut flux = vec![0.1f32; 200];
        for at in [20, 60, 62, 120] {
            flux[at] = 5.0;
        }
        flux[62] = 6.0; // within the gap of 60: the stronger is kept
        let onsets = pick(&flux, 100.0, Picking::default());
        assert_eq!(onsets, vec![20, 62, 120]);
    }

    #[test]
    fn silence_has_no_onsets() {
        assert!(pick(&[0.0; 100], 100.0, Picking::default()).is_empty());
    }

    #[test]
    fn a_hit_is_placed_where_its_energy_rises() {
        let rate = 48_000;
        let mut samples = vec![0.0f32; rate as usize];
        for (i, s) in samples[24_000..24_480].iter_mut().enumerate() {
            *s = (i as f32 * 0.3).sin() * (-(i as f32) / 200.0).exp();
        }
        let at = refine(&samples, rate, 20_000, 28_000);
        assert!(at.abs_diff(24_000) <= 120, "{at}");
    }
}
