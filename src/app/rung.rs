//! The rendering rungs, best first: what the session draws with, and why it came down.

/// How frames are drawn. The session only ever moves down, and says why each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Rung {
    /// The GPU, with the whole catalogue of transition shaders.
    Shader,
    /// The CPU, presented with softbuffer: no GPU API at all. Crossfade, slide, wipe and Ken
    /// Burns; other transitions by their stand-ins.
    Software,
}

impl Rung {
    pub fn name(self) -> &'static str {
        match self {
            Self::Shader => "shader",
            Self::Software => "software",
        }
    }
}

/// Says, once, at WARN, which rung the session now draws on and why.
pub fn announce(rung: Rung, reason: &str) {
    tracing::warn!("rendering on the {} rung: {reason}", rung.name());
}

/// A GPU failure made on purpose, to test the way down (`--inject-gpu-fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GpuFault {
    /// No adapter opens.
    NoAdapter,
    /// The device is lost once the second photo is on screen.
    DeviceLost,
}
