//! The GPU rungs: one device for the session (its compositor, the compositor rung's pipeline
//! kept ready, the watchdog) and, for each window, its swapchain and its overlay. What can go
//! wrong with the GPU is watched every frame.

use std::sync::Arc;
use std::time::Instant;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use super::Drew;
use crate::app::photo::Photo;
use crate::app::rung_notice::announce;
use crate::app::surface::WindowSurface;
use crate::render::{
    Compositor, FixedCompositor, Gpu, GpuCompositor, GpuFailure, Overlay, OverlayItems, Scene,
    Watchdog, faults,
};
use crate::rung::{GpuFault, Rung, Trouble};

/// What every window draws with: one device, one compositor.
pub struct GpuDevice {
    pub gpu: Gpu,
    pub(super) compositor: GpuCompositor,
    /// On the shader rung, the compositor rung's pipeline, built at start: stepping down to
    /// it builds nothing.
    fixed: Option<FixedCompositor>,
    /// Every window's swapchain uses this format, the compositor's.
    format: wgpu::TextureFormat,
    /// Every submission, of every window.
    watchdog: Watchdog,
    /// A device was lost before this one: the next loss leaves the GPU.
    pub(super) lost_before: bool,
}

/// One window's part: its swapchain and the text drawn over it.
pub struct GpuScreen {
    pub(super) surface: WindowSurface,
    pub(super) overlay: Overlay,
}

impl GpuDevice {
    /// The GPU rungs from `rung` down, on `gpu`, for swapchains of `format`: each rung that
    /// cannot be built is said and the next tried. `Err` with why when neither can be.
    pub(super) fn open(gpu: Gpu, format: wgpu::TextureFormat, rung: Rung) -> Result<Self, String> {
        let compositor = compositor_from(&gpu, format, rung)?;
        let fixed = match compositor {
            GpuCompositor::Shader(_) => FixedCompositor::new(&gpu.device, format).ok(),
            GpuCompositor::Fixed(_) => None,
        };
        Ok(Self {
            gpu,
            compositor,
            fixed,
            format,
            watchdog: Watchdog::default(),
            lost_before: false,
        })
    }

    /// A new device for the same windows and rung, after the old one was lost, with the
    /// first window's swapchain (the others are made with [`GpuDevice::screen_for`]).
    pub(super) fn reopen(
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        rung: Rung,
        several: bool,
    ) -> Result<(Self, GpuScreen), String> {
        let (gpu, surface) =
            Gpu::for_window(Arc::clone(window), display.clone()).map_err(|e| e.to_string())?;
        let surface = WindowSurface::new(&gpu, surface, window, None, several)?;
        let mut device = Self::open(gpu, surface.format(), rung)?;
        device.lost_before = true;
        let screen = GpuScreen::new_on(&device, surface);
        Ok((device, screen))
    }

    /// A swapchain and an overlay for another window, on this device; `Err` with why if the
    /// device cannot present there.
    pub(super) fn screen_for(
        &self,
        window: &Arc<Window>,
        several: bool,
    ) -> Result<GpuScreen, String> {
        let surface = self
            .gpu
            .instance
            .create_surface(Arc::clone(window))
            .map_err(|e| format!("cannot create a surface for another window: {e}"))?;
        let surface = WindowSurface::new(&self.gpu, surface, window, Some(self.format), several)?;
        Ok(GpuScreen::new_on(self, surface))
    }

    pub(super) fn rung(&self) -> Rung {
        match self.compositor {
            GpuCompositor::Shader(_) => Rung::Shader,
            GpuCompositor::Fixed(_) => Rung::Compositor,
        }
    }

    /// Moves this device down to the compositor rung (the shaders were refused something).
    pub(super) fn leave_shaders(&mut self) -> Result<(), String> {
        let fixed = match self.fixed.take() {
            Some(fixed) => fixed,
            None => {
                FixedCompositor::new(&self.gpu.device, self.format).map_err(|e| e.to_string())?
            }
        };
        self.compositor = GpuCompositor::Fixed(fixed);
        self.gpu.forget_refusal();
        Ok(())
    }

    /// What is wrong with the device, if anything. Polls it without waiting, which reports
    /// its loss and runs the watchdog's callbacks.
    pub(super) fn trouble(&mut self, now: Instant) -> Option<Trouble> {
        let _ = self.gpu.device.poll(wgpu::PollType::Poll);
        match self.gpu.failure() {
            Some(GpuFailure::Lost(why)) => return Some(Trouble::Lost(why.clone())),
            Some(GpuFailure::Refused(why)) => return Some(Trouble::Refused(why.clone())),
            None => {}
        }
        self.watchdog.hung(now).map(|waited| {
            Trouble::Hung(format!(
                "the GPU has not finished a frame in {:.1} s (the driver hangs)",
                waited.as_secs_f64()
            ))
        })
    }

    /// Makes the GPU fail as `fault` says (`--inject-gpu-fault`), the way a driver would;
    /// a lost surface is `screen`'s. Returns false if the fault is not one a GPU renderer
    /// strikes.
    pub(super) fn inject(&mut self, fault: GpuFault, screen: Option<&mut GpuScreen>) -> bool {
        tracing::info!("injected fault: {fault:?}");
        let device = &self.gpu.device;
        match fault {
            GpuFault::ShaderCompile => faults::refuse_shader(device),
            GpuFault::Pipeline => faults::refuse_pipeline(device),
            GpuFault::DeviceLost | GpuFault::DeviceLostTwice => device.destroy(),
            GpuFault::SurfaceLost => match screen {
                Some(screen) => screen.surface.lose(),
                None => return false,
            },
            GpuFault::GpuHang => self.watchdog.go_deaf(),
            GpuFault::NoAdapter | GpuFault::DriverCrash => return false,
        }
        true
    }
}

impl GpuScreen {
    /// `surface`'s window, drawn on `device`.
    pub(super) fn new_on(device: &GpuDevice, surface: WindowSurface) -> Self {
        let overlay = Overlay::new(&device.gpu.device, surface.overlay_format());
        Self { surface, overlay }
    }

    /// Draws `scene` with `overlay` over it into this window's swapchain, on `device`, and
    /// presents. Never waits for the GPU.
    pub(super) fn draw(
        &mut self,
        device: &mut GpuDevice,
        window: &Window,
        scene: Scene<'_, Photo>,
        overlay: OverlayItems<'_>,
    ) -> Drew {
        let Some(scene) = scene.map(Photo::texture) else {
            return Drew::Skipped;
        };
        let gpu = &device.gpu;
        let Some(frame) = self.surface.acquire(gpu) else {
            return Drew::Skipped;
        };
        let view = frame
            .texture
            .create_view(&wgpu::TextureViewDescriptor::default());
        let mut encoder = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        let size = self.surface.size();
        if let Err(e) = device
            .compositor
            .draw(gpu, &mut encoder, &view, size, scene)
        {
            tracing::error!("{e}");
        }
        let mut settling = false;
        if !overlay.is_empty() {
            let overlay_view = frame.texture.create_view(&wgpu::TextureViewDescriptor {
                format: Some(self.surface.overlay_format()),
                ..Default::default()
            });
            settling = self.overlay.draw(
                &gpu.device,
                &gpu.queue,
                &mut encoder,
                &overlay_view,
                size,
                window.scale_factor() as f32,
                overlay,
            );
        }
        gpu.queue.submit([encoder.finish()]);
        device.watchdog.submitted(&gpu.queue, Instant::now());
        window.pre_present_notify();
        gpu.queue.present(frame);
        Drew::Presented(settling)
    }
}

/// The compositor for `rung` (a GPU rung), or the compositor rung's if the shaders cannot be
/// built here (said); `Err` if neither can.
fn compositor_from(
    gpu: &Gpu,
    format: wgpu::TextureFormat,
    rung: Rung,
) -> Result<GpuCompositor, String> {
    if rung == Rung::Shader {
        match Compositor::new(&gpu.device, format) {
            Ok(compositor) => return Ok(GpuCompositor::Shader(compositor)),
            Err(e) => announce(
                Rung::Compositor,
                &format!("the shaders cannot be built: {e}"),
            ),
        }
    }
    FixedCompositor::new(&gpu.device, format)
        .map(GpuCompositor::Fixed)
        .map_err(|e| e.to_string())
}
