//! The transitions the lower rungs can draw without a transition shader: crossfade, slide and
//! wipe, read from a run's parameters. The compositor rung draws them with quads and the
//! software rung with CPU fills, from this one description, so the two agree (the software
//! rung moves a slide by whole pixels, so there they agree to within half a pixel).

use std::collections::HashSet;

use crate::transitions::{TransitionRun, Value};

/// The transition a lower rung draws for `name`: itself if it can, else the nearest it knows
/// (crossfade unless another is closer).
pub fn stand_in(name: &str) -> &'static str {
    match name {
        "slide" | "cube" | "directional_warp" => "slide",
        "wipe" | "blinds" | "window_slice" | "circle_open" => "wipe",
        _ => "crossfade",
    }
}

/// How the new photo replaces the old one, with its parameters read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blend {
    Crossfade,
    /// Both photos move along `motion` (target uv per unit of progress).
    Slide {
        motion: [f32; 2],
    },
    /// A soft edge sweeping along `axis`: see [`Blend::wipe_weight`].
    Wipe {
        axis: [f32; 2],
        softness: f32,
    },
}

impl Blend {
    pub fn of(run: &TransitionRun) -> Self {
        let int = |index: usize, default: i32| match run.values.get(index) {
            Some(Value::I32(v)) => *v,
            _ => default,
        };
        let float = |index: usize, default: f32| match run.values.get(index) {
            Some(Value::F32(v)) => *v,
            _ => default,
        };
        // Parameters only count when the transition is itself; a stand-in takes its defaults.
        let own = |name: &str| run.name == name;
        match stand_in(&run.name) {
            "slide" => {
                let direction = if own("slide") { int(0, 0) } else { 0 };
                let motion = match direction {
                    1 => [1.0, 0.0],
                    2 => [0.0, -1.0],
                    3 => [0.0, 1.0],
                    _ => [-1.0, 0.0],
                };
                Self::Slide { motion }
            }
            "wipe" => {
                let (direction, softness) = if own("wipe") {
                    (int(0, 0), float(1, 0.08))
                } else {
                    (0, 0.08)
                };
                let d = std::f32::consts::FRAC_1_SQRT_2;
                let axis = match direction {
                    1 => [-1.0, 0.0],
                    2 => [0.0, 1.0],
                    3 => [0.0, -1.0],
                    4 => [d, d],
                    5 => [-d, d],
                    6 => [d, -d],
                    7 => [-d, -d],
                    _ => [1.0, 0.0],
                };
                Self::Wipe {
                    axis,
                    softness: softness.max(1e-4),
                }
            }
            _ => Self::Crossfade,
        }
    }

    /// Where each photo is read from at `progress`, in target uv: moved along with a slide,
    /// else in place. (from, to).
    pub fn shifts(self, progress: f32) -> ([f32; 2], [f32; 2]) {
        match self {
            Self::Slide { motion } => {
                let back = [-motion[0] * progress, -motion[1] * progress];
                (back, [back[0] + motion[0], back[1] + motion[1]])
            }
            _ => ([0.0; 2], [0.0; 2]),
        }
    }

    /// How far along a wipe's axis target uv `(u, v)` lies, 0 where the wipe begins to 1
    /// where it ends.
    pub fn wipe_along(axis: [f32; 2], u: f32, v: f32) -> f32 {
        let span = axis[0].abs() + axis[1].abs();
        let lo = axis[0].min(0.0) + axis[1].min(0.0);
        (u * axis[0] + v * axis[1] - lo) / span
    }

    /// Where a wipe's soft edge begins at `progress`, along its axis (it ends `softness`
    /// further on): the new photo shows wholly before it and not at all after it.
    pub fn wipe_edge(softness: f32, progress: f32) -> f32 {
        progress * (1.0 + softness) - softness
    }

    /// How much of the new photo shows at `along` on a wipe's axis.
    pub fn wipe_weight(softness: f32, progress: f32, along: f32) -> f32 {
        let edge = Self::wipe_edge(softness, progress);
        1.0 - smoothstep(edge, edge + softness, along)
    }
}

/// Says once per transition that a lower rung draws it as a stand-in.
#[derive(Debug, Default)]
pub struct StandInNotice {
    said: HashSet<String>,
}

impl StandInNotice {
    pub fn note(&mut self, name: &str, rung: &str) {
        let stand_in = stand_in(name);
        if stand_in != name && self.said.insert(name.to_owned()) {
            tracing::info!("transition {name} is drawn as {stand_in} on the {rung} rung");
        }
    }
}

pub fn smoothstep(edge0: f32, edge1: f32, x: f32) -> f32 {
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}
