//! The rendering rungs, best first: what the session draws with, and why it came down.

/// How frames are drawn, best first. The session only ever moves down, and says why each time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Rung {
    /// The GPU, with the whole catalogue of transition shaders.
    #[default]
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

/// Why the GPU cannot go on as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// Something was refused (a shader, a pipeline): the rung below does without it.
    Refused(String),
    /// The device is gone.
    Lost(String),
    /// Work submitted long ago has not finished: the driver hangs.
    Hung(String),
    /// The window cannot be presented to, or no adapter opens at all.
    NoGpu(String),
}

impl Trouble {
    pub fn why(&self) -> &str {
        match self {
            Self::Refused(why) | Self::Lost(why) | Self::Hung(why) | Self::NoGpu(why) => why,
        }
    }
}

/// Where the session goes from a rung.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The same rung on a new device (the first loss).
    NewDevice,
    /// Down to this rung.
    Down(Rung),
}

/// The ladder: what `trouble` on `rung` moves the session to. Refused: one rung down. Lost:
/// a new device the first time, the software rung the second. Hung, or no GPU: software.
pub fn step(rung: Rung, trouble: &Trouble, lost_before: bool) -> Step {
    match trouble {
        Trouble::Refused(_) => Step::Down(rung.below().unwrap_or(Rung::Software)),
        Trouble::Lost(_) if !lost_before && rung != Rung::Software => Step::NewDevice,
        Trouble::Lost(_) | Trouble::Hung(_) | Trouble::NoGpu(_) => Step::Down(Rung::Software),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_goes_one_way_and_each_trouble_lands_where_it_should() {
        let refused = Trouble::Refused("shader".into());
        let lost = Trouble::Lost("lost".into());
        assert_eq!(
            step(Rung::Shader, &refused, false),
            Step::Down(Rung::Compositor)
        );
        assert_eq!(
            step(Rung::Compositor, &refused, false),
            Step::Down(Rung::Software)
        );
        assert_eq!(step(Rung::Shader, &lost, false), Step::NewDevice);
        assert_eq!(step(Rung::Compositor, &lost, false), Step::NewDevice);
        assert_eq!(step(Rung::Shader, &lost, true), Step::Down(Rung::Software));
        for trouble in [Trouble::Hung("hang".into()), Trouble::NoGpu("none".into())] {
            assert_eq!(
                step(Rung::Shader, &trouble, false),
                Step::Down(Rung::Software)
            );
        }
        assert!(Rung::Shader < Rung::Compositor && Rung::Compositor < Rung::Software);
        assert_eq!(Rung::Software.below(), None);
    }
}
