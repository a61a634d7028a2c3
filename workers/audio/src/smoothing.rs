//! Bars that move as music looks: cava's smoothing. A bar falls under gravity (slowly, then
//! faster) instead of dropping with every quiet frame; an integral filter takes the flicker
//! out; "monstercat" spreads each bar's height to its neighbours; and autosens keeps the
//! loudest bars just under full height, lowering the sensitivity fast when bars overshoot and
//! raising it within seconds (not cava's minutes) when the music gets quieter.

/// How bars are smoothed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Smoothing {
    /// 0..1: how much of the last frame each bar keeps (the integral filter); 0 is raw.
    pub noise_reduction: f32,
    /// How fast bars fall, 1 as cava's default; 0 drops them at once.
    pub gravity: f32,
    /// Spread each bar to its neighbours, divided by `monstercat` per bar away (0: off).
    pub monstercat: f32,
    /// Keep the loudest bars just under full height.
    pub autosens: bool,
    /// Updates a second (the fall is timed in seconds whatever the rate).
    pub rate: f32,
}

impl Smoothing {
    /// The smoothing the UI asked for, at `rate` updates a second.
    pub fn from_config(config: &framewave_protocol::SmoothingConfig, rate: f32) -> Self {
        Self {
            noise_reduction: config.noise_reduction,
            gravity: config.gravity,
            monstercat: config.monstercat,
            autosens: config.autosens,
            rate,
        }
    }
}

impl Default for Smoothing {
    /// The protocol's defaults (cava's), at 60 updates a second.
    fn default() -> Self {
        Self::from_config(&framewave_protocol::SmoothingConfig::default(), 60.0)
    }
}

/// Sensitivity change per update: down when a bar overshoots, up otherwise (about 2× in 1.2 s
/// at 60 updates a second).
const SENS_DOWN: f32 = 0.98;
const SENS_UP: f32 = 1.01;
const SENS_RANGE: (f32, f32) = (1e-3, 1e4);

#[derive(Debug, Clone)]
pub struct Smoother {
    settings: Smoothing,
    sensitivity: f32,
    peak: Vec<f32>,
    fall: Vec<f32>,
    previous: Vec<f32>,
    memory: Vec<f32>,
    out: Vec<f32>,
}

impl Smoother {
    pub fn new(settings: Smoothing) -> Self {
        Self {
            settings,
            sensitivity: 1.0,
            peak: Vec::new(),
            fall: Vec::new(),
            previous: Vec::new(),
            memory: Vec::new(),
            out: Vec::new(),
        }
    }

    pub fn sensitivity(&self) -> f32 {
        self.sensitivity
    }

    /// The smoothed bars for this update's raw `bars` (0..1 once autosens has settled).
    /// `silent`: no sound is coming: the bars fall to rest and the sensitivity is not raised
    /// to make noise of the silence.
    pub fn update(&mut self, bars: &[f32], silent: bool) -> &[f32] {
        let n = bars.len();
        for state in [
            &mut self.peak,
            &mut self.fall,
            &mut self.previous,
            &mut self.memory,
        ] {
            state.resize(n, 0.0);
        }
        self.out.clear();
        self.out.extend(
            bars.iter()
                .map(|b| if silent { 0.0 } else { b * self.sensitivity }),
        );
        let Smoothing {
            noise_reduction,
            gravity,
            monstercat,
            autosens,
            rate,
        } = self.settings;
        if monstercat > 1.0 {
            spread(&mut self.out, monstercat);
        }
        // cava's gravity, timed for the update rate.
        let gravity_mod = (60.0 / rate.max(1.0)).powf(2.5) * 1.54 * gravity.max(0.0)
            / noise_reduction.clamp(0.05, 1.0);
        let mut overshoot = false;
        for i in 0..n {
            let mut bar = self.out[i];
            if bar < self.previous[i] && gravity > 0.0 {
                bar = (self.peak[i] * (1.0 - self.fall[i] * self.fall[i] * gravity_mod)).max(0.0);
                self.fall[i] += 0.028;
            } else {
                self.peak[i] = bar;
                self.fall[i] = 0.0;
            }
            self.previous[i] = bar;
            let nr = noise_reduction.clamp(0.0, 0.99);
            bar = self.memory[i] * nr + bar * (1.0 - nr);
            self.memory[i] = bar;
            overshoot |= bar > 1.0;
            self.out[i] = bar.min(1.0);
        }
        if autosens && !silent {
            let change = if overshoot { SENS_DOWN } else { SENS_UP };
            self.sensitivity = (self.sensitivity * change).clamp(SENS_RANGE.0, SENS_RANGE.1);
        }
        &self.out
    }
}

/// Each bar at least `bar / factor^distance` of every other: peaks spread like cava's
/// monstercat mode.
fn spread(bars: &mut [f32], factor: f32) {
    let original = bars.to_vec();
    for (i, bar) in bars.iter_mut().enumerate() {
        for (j, other) in original.iter().enumerate() {
            let distance = i.abs_diff(j) as i32;
            *bar = bar.max(other / factor.powi(distance));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fall_to_rest_when_the_sound_stops() {
        let mut smoother = Smoother::new(Smoothing {
            autosens: false,
            ..Smoothing::default()
        });
        for _ in 0..60 {
            smoother.update(&[0.8, 0.5], false);
        }
        let held = smoother.update(&[0.8, 0.5], false)[0];
        assert!((held - 0.8).abs() < 0.01, "{held}");
        // The first quiet frame only starts the fall: no drop to nothing at once.
        let first = smoother.update(&[0.0, 0.0], true)[0];
        assert!(first > 0.5, "{first}");
        let mut frames = 1;
        while smoother.update(&[0.0, 0.0], true)[0] > 0.001 {
            frames += 1;
            assert!(frames < 120, "still up after two seconds");
        }
    }

    #[test]
    fn autosens_lowers_and_raises_the_sensitivity_within_seconds() {
        let mut smoother = Smoother::new(Smoothing::default());
        // Loud: within two seconds the bars are back under full height.
        let mut top = 0.0;
        for _ in 0..120 {
            let out = smoother.update(&[8.0, 2.0], false);
            top = out[0];
        }
        assert!(smoother.sensitivity() < 0.2, "{}", smoother.sensitivity());
        assert!(top <= 1.0);
        // Much quieter: within ten seconds the bars are tall again.
        for _ in 0..600 {
            top = smoother.update(&[0.08, 0.02], false)[0];
        }
        assert!(top > 0.5, "{top}");
    }

    #[test]
    fn silence_never_raises_the_sensitivity() {
        let mut smoother = Smoother::new(Smoothing::default());
        for _ in 0..600 {
            smoother.update(&[0.0; 4], true);
        }
        assert_eq!(smoother.sensitivity(), 1.0);
    }

    #[test]
    fn monstercat_spreads_a_peak_to_its_neighbours() {
        let mut bars = [0.0, 0.0, 1.0, 0.0, 0.0];
        spread(&mut bars, 2.0);
        assert_eq!(bars, [0.25, 0.5, 1.0, 0.5, 0.25]);
    }
}
