//! What draws the windows: the GPU (shader or compositor rung) or the CPU through softbuffer
//! (software rung), behind one interface over the same scene description, so the show does not
//! care which.
//!
//! What the windows share is the session's ([`SessionRenderer`]: one GPU device and its
//! compositor, or the CPU); what each window owns is its own ([`ScreenRenderer`]: a swapchain
//! and an overlay, or a softbuffer surface). The ladder lives here, and it is the session's:
//! every window steps down together, one way, each in place.

mod gpu;
mod software;

use std::sync::Arc;
use std::time::Instant;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use gpu::{GpuDevice, GpuScreen};
use software::SoftwareRenderer;

use super::photo::{MoveTo, Photo};
use super::rung_notice::{announce, forced_reason};
use super::surface::WindowSurface;
use super::upload::UploadTarget;
use crate::render::{Compositor, Gpu, OverlayItems, Scene};
use crate::rung::{GpuFault, Rung, Step, Trouble};

/// The session's renderer: the GPU device every window draws with, or none (software rung).
pub struct SessionRenderer {
    device: Option<Box<GpuDevice>>,
}

/// One window's part of the renderer.
pub enum ScreenRenderer {
    Gpu(Box<GpuScreen>),
    Software(Box<SoftwareRenderer>),
    /// For the instant between two renderers, while one lets go of the window before the next
    /// takes it (a window holds one swapchain at a time). Draws nothing.
    Released,
}

/// A window as the ladder sees it: the window and its part of the renderer.
pub struct ScreenSlot<'a> {
    pub window: &'a Arc<Window>,
    pub renderer: &'a mut ScreenRenderer,
}

/// How long a step down waits for the renderer it left to let go of the windows.
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

impl SessionRenderer {
    /// The rung asked for, or the best this machine has, for every one of `windows` (at least
    /// one): one GPU device for them all if it opens and presents to each, else software
    /// (said once, with why).
    pub fn open(
        windows: &[&Arc<Window>],
        display: &OwnedDisplayHandle,
        forced: Option<Rung>,
        fault: Option<GpuFault>,
    ) -> anyhow::Result<(Self, Vec<ScreenRenderer>)> {
        let software = |why: &str| -> anyhow::Result<(Self, Vec<ScreenRenderer>)> {
            announce(Rung::Software, why);
            let screens = windows
                .iter()
                .map(|window| ScreenRenderer::software(window, display))
                .collect::<anyhow::Result<_>>()?;
            Ok((Self { device: None }, screens))
        };
        if forced == Some(Rung::Software) {
            return software(&forced_reason());
        }
        let first = windows[0];
        let gpu = match fault {
            Some(GpuFault::NoAdapter) => Err(crate::render::GpuError::Injected),
            _ => Gpu::for_window(Arc::clone(first), display.clone()),
        };
        let (gpu, surface) = match gpu {
            Ok(opened) => opened,
            Err(e) => return software(&e.to_string()),
        };
        // A CPU rasterizer (llvmpipe, WARP, SwiftShader) only emulates a GPU: unless a GPU
        // rung is asked for, the software rung draws better here, at a third of the CPU
        // (1920x1080 crossfades under Xvfb on lavapipe: software 60 fps, p99 18 ms, at 35% of a
        // core; the shader rung 32 fps at 146%, the compositor rung 29 fps at 149%).
        if forced.is_none() && is_cpu_rasterizer(&gpu) {
            let name = gpu.adapter.get_info().name;
            drop((surface, gpu));
            return software(&format!(
                "the only GPU adapter, {name}, is a CPU rasterizer; the software rung keeps \
                 the refresh rate with less of the CPU (--rung shader to use it)"
            ));
        }
        let several = windows.len() > 1;
        let opened = WindowSurface::new(&gpu, surface, first, None, several).and_then(|surface| {
            let device = GpuDevice::open(gpu, surface.format(), forced.unwrap_or(Rung::Shader))?;
            let mut screens = vec![ScreenRenderer::Gpu(Box::new(GpuScreen::new_on(
                &device, surface,
            )))];
            for window in &windows[1..] {
                let screen = device.screen_for(window, several)?;
                screens.push(ScreenRenderer::Gpu(Box::new(screen)));
            }
            Ok((device, screens))
        });
        match opened {
            Ok((device, screens)) => {
                if forced.is_some() {
                    announce(device.rung(), &forced_reason());
                }
                Ok((
                    Self {
                        device: Some(Box::new(device)),
                    },
                    screens,
                ))
            }
            Err(e) => software(&e),
        }
    }

    pub fn rung(&self) -> Rung {
        self.device.as_ref().map_or(Rung::Software, |d| d.rung())
    }

    /// A renderer for a window opened while the show runs (a monitor plugged in), on the
    /// session's rung; `several`: other windows share the loop. `Err` with why if the session's
    /// GPU cannot present there: the session then steps down ([`Trouble::NoGpu`]).
    pub fn open_screen(
        &self,
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        several: bool,
    ) -> Result<ScreenRenderer, Trouble> {
        match &self.device {
            Some(device) => device
                .screen_for(window, several)
                .map(|screen| ScreenRenderer::Gpu(Box::new(screen)))
                .map_err(|why| Trouble::NoGpu(format!("a new monitor's window: {why}"))),
            None => {
                ScreenRenderer::software(window, display).map_err(|e| Trouble::NoGpu(e.to_string()))
            }
        }
    }

    /// Makes the GPU fail as `fault` says (`--inject-gpu-fault`), the way a driver would (a
    /// lost surface is `screen`'s). Returns false if there is nothing for it to strike.
    pub fn inject(&mut self, fault: GpuFault, screen: &mut ScreenRenderer) -> bool {
        let Some(device) = &mut self.device else {
            return false;
        };
        let screen = match screen {
            ScreenRenderer::Gpu(screen) => Some(&mut **screen),
            _ => None,
        };
        device.inject(fault, screen)
    }

    /// What is wrong with the GPU or any window's swapchain, if anything (never waits).
    pub fn trouble<'a>(
        &mut self,
        now: Instant,
        screens: impl IntoIterator<Item = &'a ScreenRenderer>,
    ) -> Option<Trouble> {
        let device = self.device.as_mut()?;
        device.trouble(now).or_else(|| {
            screens.into_iter().find_map(|screen| match screen {
                ScreenRenderer::Gpu(screen) => screen.surface.failing().map(Trouble::NoGpu),
                _ => None,
            })
        })
    }

    /// Steps the whole session down the ladder for `trouble`, every window in place, and says
    /// so once at WARN: refused → the compositor rung (or software from there); lost → a new
    /// device on the same rung, the first time, else software; hung or a failing swapchain →
    /// software.
    pub fn step_down(
        &mut self,
        screens: &mut [ScreenSlot<'_>],
        display: &OwnedDisplayHandle,
        trouble: Trouble,
    ) -> anyhow::Result<Moved> {
        let Some(device) = &mut self.device else {
            return Ok(Moved::Nowhere);
        };
        let why = trouble.why().to_owned();
        match crate::rung::step(device.rung(), &trouble, device.lost_before) {
            Step::Down(Rung::Compositor) => match device.leave_shaders() {
                Ok(()) => {
                    announce(Rung::Compositor, &why);
                    Ok(Moved::Nowhere)
                }
                Err(e) => self.step_to_software(screens, display, &format!("{why}; then {e}")),
            },
            Step::NewDevice => {
                let rung = device.rung();
                self.let_go(screens);
                match self.reopen(screens, display, rung) {
                    Ok(()) => {
                        // The new device may not build what the old one did: its own rung.
                        announce(self.rung(), &format!("{why}; a new device took its place"));
                        Ok(Moved::NewDevice)
                    }
                    Err(e) => self.step_to_software(
                        screens,
                        display,
                        &format!("{why}; and no new device opens: {e}"),
                    ),
                }
            }
            Step::Down(_) if matches!(trouble, Trouble::Lost(_)) => {
                self.step_to_software(screens, display, &format!("{why}, a second time"))
            }
            Step::Down(_) => self.step_to_software(screens, display, &why),
        }
    }

    /// A new device on `rung` for every window (their old renderers already let go).
    fn reopen(
        &mut self,
        screens: &mut [ScreenSlot<'_>],
        display: &OwnedDisplayHandle,
        rung: Rung,
    ) -> Result<(), String> {
        let several = screens.len() > 1;
        let Some((first, rest)) = screens.split_first_mut() else {
            return Err("no window to draw in".to_owned());
        };
        let (device, screen) = GpuDevice::reopen(first.window, display, rung, several)?;
        *first.renderer = ScreenRenderer::Gpu(Box::new(screen));
        for slot in rest {
            *slot.renderer =
                ScreenRenderer::Gpu(Box::new(device.screen_for(slot.window, several)?));
        }
        self.device = Some(Box::new(device));
        Ok(())
    }

    fn step_to_software(
        &mut self,
        screens: &mut [ScreenSlot<'_>],
        display: &OwnedDisplayHandle,
        why: &str,
    ) -> anyhow::Result<Moved> {
        self.let_go(screens);
        for slot in screens.iter_mut() {
            *slot.renderer = ScreenRenderer::software(slot.window, display)?;
        }
        announce(Rung::Software, why);
        Ok(Moved::Memory)
    }

    /// Lets go of the device and every window's swapchain, leaving each window `Released`
    /// (free for the next renderer). A GPU's last queue handle waits for the device to go idle
    /// when dropped, forever if its driver hangs: they are dropped on a thread of their own,
    /// never the render thread's.
    ///
    /// A window holds one swapchain at a time, so the next renderer waits for the old ones to
    /// be gone, for [`LET_GO_WAIT`] at most: a hung driver's is never waited out.
    fn let_go(&mut self, screens: &mut [ScreenSlot<'_>]) {
        let device = self.device.take();
        let swapchains: Vec<ScreenRenderer> = screens
            .iter_mut()
            .map(|slot| std::mem::replace(slot.renderer, ScreenRenderer::Released))
            .collect();
        let (gone, is_gone) = crossbeam_channel::bounded::<()>(1);
        let dropped = std::thread::Builder::new()
            .name("gpu-let-go".into())
            .spawn(move || {
                // The swapchains before the device they were made on.
                drop(swapchains);
                drop(device);
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
        match (moved, &self.device) {
            (Moved::NewDevice, Some(device)) => Some(MoveTo::Gpu(&device.gpu)),
            (Moved::Memory, _) => Some(MoveTo::Memory),
            _ => None,
        }
    }

    pub fn gpu(&self) -> Option<&Gpu> {
        self.device.as_ref().map(|device| &device.gpu)
    }

    /// The shader rung's compositor, whose transitions are built as they load.
    pub fn compositor_mut(&mut self) -> Option<&mut Compositor> {
        self.device
            .as_mut()
            .and_then(|device| device.compositor.shader_mut())
    }

    /// The device and the shader rung's compositor, to build transitions on.
    pub fn shaders_mut(&mut self) -> Option<(&Gpu, &mut Compositor)> {
        let device = &mut **self.device.as_mut()?;
        device
            .compositor
            .shader_mut()
            .map(|compositor| (&device.gpu, compositor))
    }

    pub fn compositor(&self) -> Option<&Compositor> {
        self.device
            .as_ref()
            .and_then(|device| device.compositor.shader())
    }

    pub fn upload_target(&self) -> UploadTarget<'_> {
        match &self.device {
            Some(device) => UploadTarget::Gpu(&device.gpu),
            None => UploadTarget::Memory,
        }
    }
}

impl ScreenRenderer {
    fn software(window: &Arc<Window>, display: &OwnedDisplayHandle) -> anyhow::Result<Self> {
        Ok(Self::Software(Box::new(SoftwareRenderer::new(
            window, display,
        )?)))
    }

    /// The egui context the window's overlay runs (and which layout it is), for input to be
    /// read into; none in the instant between two renderers.
    pub fn overlay_context(&self) -> Option<(u64, &egui::Context)> {
        match self {
            Self::Gpu(gpu) => Some(gpu.overlay.layout().context()),
            Self::Software(software) => Some(software.overlay.layout().context()),
            Self::Released => None,
        }
    }

    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Gpu(gpu) => gpu.surface.size(),
            Self::Software(software) => software.size,
            Self::Released => (0, 0),
        }
    }

    pub fn resize(&mut self, session: &SessionRenderer, width: u32, height: u32) {
        match (self, session.gpu()) {
            (Self::Gpu(screen), Some(gpu)) => screen.surface.resize(gpu, width, height),
            (Self::Software(software), _) => software.resize(width, height),
            _ => {}
        }
    }

    /// Other windows now share the render loop, or no longer do.
    pub fn share_loop(&mut self, session: &SessionRenderer, several: bool) {
        if let (Self::Gpu(screen), Some(gpu)) = (self, session.gpu()) {
            screen.surface.share_loop(gpu, several);
        }
    }

    /// Draws `scene` with `overlay` over it and presents. A photo kept for another rung is not
    /// drawn (the last good frame stays up until its replacement arrives).
    pub fn draw(
        &mut self,
        session: &mut SessionRenderer,
        window: &Window,
        scene: Scene<'_, Photo>,
        overlay: OverlayItems<'_>,
    ) -> Drew {
        match (self, session.device.as_deref_mut()) {
            (Self::Gpu(screen), Some(device)) => screen.draw(device, window, scene, overlay),
            (Self::Software(software), _) => software.draw(window, scene, overlay),
            _ => Drew::Skipped,
        }
    }
}

/// The adapter is the CPU pretending to be a GPU.
fn is_cpu_rasterizer(gpu: &Gpu) -> bool {
    gpu.adapter.get_info().device_type == wgpu::DeviceType::Cpu
}
