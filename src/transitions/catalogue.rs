//! Every transition the show can use: the built-ins compiled into the binary (and, later in
//! the start-up, the user's files), by name.

use super::spec::{Origin, TransitionSpec};

/// The built-in transitions: one WGSL file each under `shaders/transitions/`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "blinds",
        include_str!("../../shaders/transitions/blinds.wgsl"),
    ),
    (
        "block_puzzle_flip",
        include_str!("../../shaders/transitions/block_puzzle_flip.wgsl"),
    ),
    (
        "block_spin",
        include_str!("../../shaders/transitions/block_spin.wgsl"),
    ),
    ("burn", include_str!("../../shaders/transitions/burn.wgsl")),
    (
        "circle_open",
        include_str!("../../shaders/transitions/circle_open.wgsl"),
    ),
    (
        "cross_zoom",
        include_str!("../../shaders/transitions/cross_zoom.wgsl"),
    ),
    (
        "crossfade",
        include_str!("../../shaders/transitions/crossfade.wgsl"),
    ),
    (
        "crumble",
        include_str!("../../shaders/transitions/crumble.wgsl"),
    ),
    ("cube", include_str!("../../shaders/transitions/cube.wgsl")),
    (
        "directional_warp",
        include_str!("../../shaders/transitions/directional_warp.wgsl"),
    ),
    (
        "dissolve",
        include_str!("../../shaders/transitions/dissolve.wgsl"),
    ),
    (
        "doorway",
        include_str!("../../shaders/transitions/doorway.wgsl"),
    ),
    (
        "dreamy_zoom",
        include_str!("../../shaders/transitions/dreamy_zoom.wgsl"),
    ),
    (
        "fade_colour",
        include_str!("../../shaders/transitions/fade_colour.wgsl"),
    ),
    (
        "linear_blur",
        include_str!("../../shaders/transitions/linear_blur.wgsl"),
    ),
    (
        "particles",
        include_str!("../../shaders/transitions/particles.wgsl"),
    ),
    (
        "pixelize",
        include_str!("../../shaders/transitions/pixelize.wgsl"),
    ),
    (
        "ripple",
        include_str!("../../shaders/transitions/ripple.wgsl"),
    ),
    (
        "slide",
        include_str!("../../shaders/transitions/slide.wgsl"),
    ),
    (
        "swirl",
        include_str!("../../shaders/transitions/swirl.wgsl"),
    ),
    (
        "warp_dissolve",
        include_str!("../../shaders/transitions/warp_dissolve.wgsl"),
    ),
    (
        "window_slice",
        include_str!("../../shaders/transitions/window_slice.wgsl"),
    ),
    ("wipe", include_str!("../../shaders/transitions/wipe.wgsl")),
];

/// What the host draws for a photo on its own (see `shaders/still.wgsl`).
pub fn still() -> TransitionSpec {
    TransitionSpec::parse(
        "still",
        include_str!("../../shaders/still.wgsl"),
        Origin::BuiltIn,
    )
    .expect("the still effect has no header to get wrong")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    /// Sorted by name.
    specs: Vec<TransitionSpec>,
}

impl Catalogue {
    /// The built-in transitions. Their headers are checked by the test suite.
    pub fn built_in() -> Self {
        let specs = BUILT_IN
            .iter()
            .filter_map(|(name, body)| {
                TransitionSpec::parse(name, body, Origin::BuiltIn)
                    .inspect_err(|e| tracing::error!("built-in transition {name}: {e}"))
                    .ok()
            })
            .collect();
        Self::from_specs(specs)
    }

    pub fn from_specs(mut specs: Vec<TransitionSpec>) -> Self {
        specs.sort_by(|a, b| a.name.cmp(&b.name));
        Self { specs }
    }

    pub fn get(&self, name: &str) -> Option<&TransitionSpec> {
        self.specs.iter().find(|s| s.name == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &TransitionSpec> {
        self.specs.iter()
    }

    pub fn specs(&self) -> &[TransitionSpec] {
        &self.specs
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.specs.iter().map(|s| s.name.as_str())
    }

    /// Adds `spec`, replacing a transition of the same name (a user's file may override a
    /// built-in).
    pub fn add(&mut self, spec: TransitionSpec) {
        self.specs.retain(|s| s.name != spec.name);
        self.specs.push(spec);
        self.specs.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_header_reads() {
        for (name, body) in BUILT_IN {
            let spec = TransitionSpec::parse(name, body, Origin::BuiltIn);
            assert!(spec.is_ok(), "{name}: {}", spec.unwrap_err());
        }
        assert_eq!(Catalogue::built_in().iter().count(), BUILT_IN.len());
    }
}
