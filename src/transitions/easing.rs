//! How a transition's progress follows the clock.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Easing {
    Linear,
    QuadInOut,
    SineInOut,
    CubicInOut,
}

impl Easing {
    pub const ALL: [Easing; 4] = [
        Self::Linear,
        Self::QuadInOut,
        Self::SineInOut,
        Self::CubicInOut,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::QuadInOut => "quad-in-out",
            Self::SineInOut => "sine-in-out",
            Self::CubicInOut => "cubic-in-out",
        }
    }

    /// The eased progress for linear progress `t` (clamped to 0..1); 0 and 1 map to themselves.
    pub fn apply(self, t: f32) -> f32 {
        let t = t.clamp(0.0, 1.0);
        match self {
            Self::Linear => t,
            Self::QuadInOut if t < 0.5 => 2.0 * t * t,
            Self::QuadInOut => 1.0 - (-2.0 * t + 2.0).powi(2) / 2.0,
            Self::SineInOut => -((std::f32::consts::PI * t).cos() - 1.0) / 2.0,
            Self::CubicInOut if t < 0.5 => 4.0 * t * t * t,
            Self::CubicInOut => 1.0 - (-2.0 * t + 2.0).powi(3) / 2.0,
        }
    }
}

impl FromStr for Easing {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|e| e.name() == text)
            .ok_or_else(|| {
                format!("unknown easing {text:?} (linear, quad-in-out, sine-in-out, cubic-in-out)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_easing_keeps_its_ends_and_rises() {
        for easing in Easing::ALL {
            assert_eq!(easing.apply(0.0), 0.0, "{easing:?}");
            assert!((easing.apply(1.0) - 1.0).abs() < 1e-6, "{easing:?}");
            assert!(
                (easing.apply(0.5) - 0.5).abs() < 1e-6,
                "{easing:?} is symmetric"
            );
            let mut last = 0.0;
            for step in 1..=100 {
                let value = easing.apply(step as f32 / 100.0);
                assert!(value >= last, "{easing:?} falls at {step}");
                last = value;
            }
            assert_eq!(easing.name().parse::<Easing>(), Ok(easing));
        }
    }
}
