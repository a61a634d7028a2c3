//! What draws the window: the GPU (shader or compositor rung) or the CPU through softbuffer
//! (software rung), behind one interface over the same scene description, so the show does not
//! care which. The session's ladder lives here: what each kind of trouble moves it to, one way,
//! in the same window.

mod gpu;
mod software;

use std::sync::Arc;
use std::time::Instant;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use gpu::GpuRenderer;
use software::SoftwareRenderer;

use super::photo::{MoveTo, Photo};
use super::rung::{GpuFault, Rung, Step, Trouble};
use super::rung_notice::{announce, forced_reason};
use super::upload::UploadTarget;
use crate::render::{Compositor, Gpu, OverlayText, Scene};

pub enum WindowRenderer {
    Gpu(Box<GpuRenderer>),
    Software(Box<SoftwareRenderer>),
    /// For the instant between two renderers, while one lets go of the window before the next
    /// takes it (a window holds one swapchain at a time). Draws nothing.
    Released,
}

/// How long a step down waits for the renderer it left to let go of the window.
const LET_GO_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// How a draw went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drew {
    /// Presented; `true` if the overlay wants one more frame to settle its text.
    Presented(bool),
    /// Nothing to draw into this time (the last good frame stays up).
    Skipped,
}

/// Where the session's photos must go after a step down the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// Nowhere: the same device draws them, with fewer shaders.
    Nowhere,
    /// To a new GPU device.
    NewDevice,
    /// Into memory, for the software rung.
    Memory,
}

impl WindowRenderer {
    /// The rung asked for, or the best this machine has: the GPU if it opens, else software
    /// (said once, with why).
    pub fn open(
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        forced: Option<Rung>,
        fault: Option<GpuFault>,
    ) -> anyhow::Result<Self> {
        if forced == Some(Rung::Software) {
            announce(Rung::Software, &forced_reason());
            return Self::software(window, display);
        }
        let gpu = match fault {
            Some(GpuFault::NoAdapter) => Err(crate::render::GpuError::Injected),
            _ => Gpu::for_window(Arc::clone(window), display.clone()),
        };
        let (gpu, surface) = match gpu {
            Ok(opened) => opened,
            Err(e) => {
                announce(Rung::Software, &e.to_string());
                return Self::software(window, display);
            }
        };
        // A CPU rasterizer (llvmpipe, WARP, SwiftShader) only emulates a GPU: unless a GPU
        // rung is asked for, the software rung draws better here, at a third of the CPU
        // (1920x1080 crossfades under Xvfb on lavapipe: software 60 fps, p99 18 ms, at 35% of a
        // core; the shader rung 32 fps at 146%, the compositor rung 29 fps at 149%).
        if forced.is_none() && is_cpu_rasterizer(&gpu) {
            let name = gpu.adapter.get_info().name;
            drop((surface, gpu));
            announce(
                Rung::Software,
                &format!(
                    "the only GPU adapter, {name}, is a CPU rasterizer; the software rung \
                     keeps the refresh rate with less of the CPU (--rung shader to use it)"
                ),
            );
            return Self::software(window, display);
        }
        let rung = forced.unwrap_or(Rung::Shader);
        match GpuRenderer::open(gpu, surface, window, rung) {
            Ok(renderer) => {
                if forced.is_some() {
                    announce(renderer.rung(), &forced_reason());
                }
                Ok(Self::Gpu(Box::new(renderer)))
            }
            Err(e) => {
                announce(Rung::Software, &e);
                Self::software(window, display)
            }
        }
    }

    fn software(window: &Arc<Window>, display: &OwnedDisplayHandle) -> anyhow::Result<Self> {
        Ok(Self::Software(Box::new(SoftwareRenderer::new(
            window, display,
        )?)))
    }

    pub fn rung(&self) -> Rung {
        match self {
            Self::Gpu(gpu) => gpu.rung(),
            Self::Software(_) | Self::Released => Rung::Software,
        }
    }

    /// Makes the GPU fail as `fault` says (`--inject-gpu-fault`), the way a driver would.
    /// Returns false if this renderer has nothing for it to strike.
    pub fn inject(&mut self, fault: GpuFault) -> bool {
        let Self::Gpu(gpu) = self else {
            return false;
        };
        gpu.inject(fault)
    }

    /// What is wrong with the GPU, if anything (never waits).
    pub fn trouble(&mut self, now: Instant) -> Option<Trouble> {
        match self {
            Self::Gpu(gpu) => gpu.trouble(now),
            Self::Software(_) | Self::Released => None,
        }
    }

    /// Steps down the ladder for `trouble`, in the same window, and says so once at WARN:
    /// refused → the compositor rung (or software from there); lost → a new device on the
    /// same rung, the first time, else software; hung or a failing surface → software.
    pub fn step_down(
        &mut self,
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        trouble: Trouble,
    ) -> anyhow::Result<Moved> {
        let Self::Gpu(gpu) = self else {
            return Ok(Moved::Nowhere);
        };
        let why = trouble.why().to_owned();
        match super::rung::step(gpu.rung(), &trouble, gpu.lost_before) {
            Step::Down(Rung::Compositor) => match gpu.leave_shaders() {
                Ok(()) => {
                    announce(Rung::Compositor, &why);
                    Ok(Moved::Nowhere)
                }
                Err(e) => self.step_to_software(window, display, &format!("{why}; then {e}")),
            },
            Step::NewDevice => {
                let rung = gpu.rung();
                self.let_go();
                match GpuRenderer::reopen(window, display, rung) {
                    Ok(renderer) => {
                        // The new device may not build what the old one did: its own rung.
                        announce(
                            renderer.rung(),
                            &format!("{why}; a new device took its place"),
                        );
                        *self = Self::Gpu(Box::new(renderer));
                        Ok(Moved::NewDevice)
                    }
                    Err(e) => self.step_to_software(
                        window,
                        display,
                        &format!("{why}; and no new device opens: {e}"),
                    ),
                }
            }
            Step::Down(_) if matches!(trouble, Trouble::Lost(_)) => {
                self.step_to_software(window, display, &format!("{why}, a second time"))
            }
            Step::Down(_) => self.step_to_software(window, display, &why),
        }
    }

    fn step_to_software(
        &mut self,
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        why: &str,
    ) -> anyhow::Result<Moved> {
        self.let_go();
        *self = Self::software(window, display)?;
        announce(Rung::Software, why);
        Ok(Moved::Memory)
    }

    /// Lets go of this renderer, leaving `Released` (the window free for the next). A GPU's
    /// last queue handle waits for the device to go idle when dropped, forever if its driver
    /// hangs: it is dropped on a thread of its own, never the render thread's.
    ///
    /// The window holds one swapchain at a time, so the next renderer waits for the old one
    /// to be gone, for [`LET_GO_WAIT`] at most: a hung driver's is never waited out.
    fn let_go(&mut self) {
        let Self::Gpu(gpu) = std::mem::replace(self, Self::Released) else {
            return;
        };
        let (gone, is_gone) = crossbeam_channel::bounded::<()>(1);
        let dropped = std::thread::Builder::new()
            .name("gpu-let-go".into())
            .spawn(move || {
                drop(gpu);
                let _ = gone.send(());
            });
        match dropped {
            Ok(_) => {
                if is_gone.recv_timeout(LET_GO_WAIT).is_err() {
                    tracing::warn!("the GPU the show left is still letting go; going on");
                }
            }
            Err(e) => tracing::warn!("cannot let go of the GPU on a thread of its own: {e}"),
        }
    }

    /// Where photos must go to follow `moved`.
    pub fn move_to(&self, moved: Moved) -> Option<MoveTo<'_>> {
        match (moved, self) {
            (Moved::NewDevice, Self::Gpu(gpu)) => Some(MoveTo::Gpu(&gpu.gpu)),
            (Moved::Memory, _) => Some(MoveTo::Memory),
            _ => None,
        }
    }

    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Gpu(gpu) => gpu.surface.size(),
            Self::Software(software) => software.size,
            Self::Released => (0, 0),
        }
    }

    pub fn resize(&mut self, width: u32, height: u32) {
        match self {
            Self::Gpu(gpu) => gpu.surface.resize(&gpu.gpu, width, height),
            Self::Software(software) => software.resize(width, height),
            Self::Released => {}
        }
    }

    pub fn gpu(&self) -> Option<&Gpu> {
        match self {
            Self::Gpu(gpu) => Some(&gpu.gpu),
            Self::Software(_) | Self::Released => None,
        }
    }

    /// The shader rung's compositor, whose transitions are built as they load.
    pub fn compositor_mut(&mut self) -> Option<&mut Compositor> {
        match self {
            Self::Gpu(gpu) => gpu.compositor.shader_mut(),
            Self::Software(_) | Self::Released => None,
        }
    }

    /// The device and the shader rung's compositor, to build transitions on.
    pub fn shaders_mut(&mut self) -> Option<(&Gpu, &mut Compositor)> {
        match self {
            Self::Gpu(gpu) => {
                let gpu = &mut **gpu;
                gpu.compositor
                    .shader_mut()
                    .map(|compositor| (&gpu.gpu, compositor))
            }
            Self::Software(_) | Self::Released => None,
        }
    }

    pub fn compositor(&self) -> Option<&Compositor> {
        match self {
            Self::Gpu(gpu) => gpu.compositor.shader(),
            Self::Software(_) | Self::Released => None,
        }
    }

    pub fn upload_target(&self) -> UploadTarget<'_> {
        match self {
            Self::Gpu(gpu) => UploadTarget::Gpu(&gpu.gpu),
            Self::Software(_) | Self::Released => UploadTarget::Memory,
        }
    }

    /// Draws `scene` with `texts` over it and presents. A photo kept for another rung is not
    /// drawn (the last good frame stays up until its replacement arrives).
    pub fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        texts: &[OverlayText],
    ) -> Drew {
        match self {
            Self::Gpu(gpu) => gpu.draw(window, scene, texts),
            Self::Software(software) => software.draw(window, scene, texts),
            Self::Released => Drew::Skipped,
        }
    }
}

/// The adapter is the CPU pretending to be a GPU.
fn is_cpu_rasterizer(gpu: &Gpu) -> bool {
    gpu.adapter.get_info().device_type == wgpu::DeviceType::Cpu
}
