//! What moves between audio updates on one screen: peak caps that hold, then fall under
//! gravity, and a ghost of recent heights that fades; both timed by the frame clock, so they
//! move the same at 30 or 144 frames a second.

/// How long a peak cap stays up before it falls, in seconds.
const PEAK_HOLD_S: f32 = 0.35;
/// How fast a falling cap accelerates, in heights a second squared.
const PEAK_GRAVITY: f32 = 3.0;
/// How fast the ghost fades down, in heights a second.
const GHOST_FALL: f32 = 0.45;
/// Below this, a height is at rest.
const REST: f32 = 1e-3;

#[derive(Debug, Clone, Default)]
pub struct Motion {
    pub peaks: Vec<f32>,
    pub ghost: Vec<f32>,
    /// Seconds each cap has been held, and its falling speed.
    held: Vec<f32>,
    speed: Vec<f32>,
}

impl Motion {
    /// Moves on by `dt` seconds with the bars now at `bars`.
    pub fn advance(&mut self, bars: &[f32], dt: f32) {
        let n = bars.len();
        if self.peaks.len() != n {
            *self = Self {
                peaks: vec![0.0; n],
                ghost: vec![0.0; n],
                held: vec![0.0; n],
                speed: vec![0.0; n],
            };
        }
        let dt = dt.clamp(0.0, 0.25);
        for (i, &bar) in bars.iter().enumerate() {
            if bar >= self.peaks[i] {
                self.peaks[i] = bar;
                self.held[i] = 0.0;
                self.speed[i] = 0.0;
            } else if self.held[i] < PEAK_HOLD_S {
                self.held[i] += dt;
            } else {
                self.speed[i] += PEAK_GRAVITY * dt;
                self.peaks[i] = (self.peaks[i] - self.speed[i] * dt).max(bar);
            }
            self.ghost[i] = (self.ghost[i] - GHOST_FALL * dt).max(bar);
        }
    }

    /// Nothing left moving: caps and ghost have come down to bars at rest.
    pub fn at_rest(&self) -> bool {
        self.peaks.iter().chain(&self.ghost).all(|h| *h < REST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cap_holds_then_falls_faster_and_faster_and_the_ghost_fades() {
        let mut motion = Motion::default();
        motion.advance(&[0.8], 1.0 / 60.0);
        assert_eq!(motion.peaks, [0.8]);
        // The bar drops at once; the cap holds for its hold time.
        for _ in 0..20 {
            motion.advance(&[0.0], 1.0 / 60.0);
        }
        assert_eq!(motion.peaks, [0.8], "held for {PEAK_HOLD_S} s");
        let mut drops = Vec::new();
        for _ in 0..10 {
            let before = motion.peaks[0];
            motion.advance(&[0.0], 1.0 / 60.0);
            drops.push(before - motion.peaks[0]);
        }
        assert!(drops.windows(2).skip(2).all(|w| w[1] > w[0]), "{drops:?}");
        assert!(motion.ghost[0] < 0.8 && motion.ghost[0] > 0.0);
        for _ in 0..240 {
            motion.advance(&[0.0], 1.0 / 60.0);
        }
        assert!(motion.at_rest());
    }

    #[test]
    fn the_same_time_moves_the_same_at_any_frame_rate() {
        let mut slow = Motion::default();
        let mut fast = Motion::default();
        slow.advance(&[1.0], 0.0);
        fast.advance(&[1.0], 0.0);
        for _ in 0..30 {
            slow.advance(&[0.0], 1.0 / 30.0);
        }
        for _ in 0..144 {
            fast.advance(&[0.0], 1.0 / 144.0);
        }
        assert!((slow.ghost[0] - fast.ghost[0]).abs() < 0.01);
        assert!((slow.peaks[0] - fast.peaks[0]).abs() < 0.05);
    }
}
