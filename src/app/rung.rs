//! The rendering rungs, best first: what the session draws with, and why it came down.

/// How frames are drawn, best first. The session only ever moves down, and says why each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Rung {
    /// The GPU, with the whole catalogue of transition shaders.
    Shader,
    /// The GPU through one fixed textured-triangle pipeline: crossfade, slide, wipe and Ken
    /// Burns; other transitions by their stand-ins.
    Compositor,
    /// The CPU, presented with softbuffer: no GPU API at all. What the compositor rung draws.
    Software,
}

impl Rung {
    pub fn name(self) -> &'static str {
        match self {
            Self::Shader => "shader",
            Self::Compositor => "compositor",
            Self::Software => "software",
        }
    }

    /// The next rung down, if there is one.
    pub fn below(self) -> Option<Self> {
        match self {
            Self::Shader => Some(Self::Compositor),
            Self::Compositor => Some(Self::Software),
            Self::Software => None,
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Shader, Self::Compositor, Self::Software]
            .into_iter()
            .find(|rung| rung.name() == name)
    }
}

/// Says, once, at WARN, which rung the session now draws on and why.
pub fn announce(rung: Rung, reason: &str) {
    tracing::warn!("rendering on the {} rung: {reason}", rung.name());
}

/// A GPU failure made on purpose, to test the way down (`--inject-gpu-fault`). Window faults
/// strike once the second photo is on screen, so a transition has run before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GpuFault {
    /// A transition shader fails to compile: the compositor rung.
    ShaderCompile,
    /// A render pipeline fails to build: the compositor rung.
    Pipeline,
    /// The device is lost once: a new device, same rung.
    DeviceLost,
    /// The device is lost, and lost again after it was opened anew: the software rung.
    DeviceLostTwice,
    /// No adapter opens: the software rung.
    NoAdapter,
    /// The window's surface is lost once: a new surface, same rung.
    SurfaceLost,
    /// A submission never finishes: the watchdog moves the session to the software rung.
    GpuHang,
    /// The process dies by a signal inside "the driver": the parent restarts it a rung lower.
    DriverCrash,
}
