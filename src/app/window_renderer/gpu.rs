//! The GPU rungs' window: the shader or compositor rung drawing into the window's swapchain,
//! with the overlay on top, and what can go wrong with the GPU watched every frame.

use std::sync::Arc;
use std::time::Instant;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use super::Drew;
use crate::app::photo::Photo;
use crate::app::rung::{GpuFault, Rung, Trouble};
use crate::app::rung_notice::announce;
use crate::app::surface::WindowSurface;
use crate::render::{
    Compositor, FixedCompositor, Gpu, GpuCompositor, GpuFailure, Overlay, OverlayText, Scene,
    Watchdog, faults,
};

pub struct GpuRenderer {
    pub gpu: Gpu,
    pub(super) surface: WindowSurface,
    pub(super) compositor: GpuCompositor,
    /// On the shader rung, the compositor rung's pipeline, built at start: stepping down to
    /// it builds nothing.
    fixed: Option<FixedCompositor>,
    overlay: Overlay,
    watchdog: Watchdog,
    /// A device was lost before this one: the next loss leaves the GPU.
    pub(super) lost_before: bool,
}

impl GpuRenderer {
    /// The GPU rungs from `rung` down, on `gpu`: each rung that cannot be built is said and
    /// the next tried. `Err` with why when neither GPU rung can be.
    pub(super) fn open(
        gpu: Gpu,
        surface: wgpu::Surface<'static>,
        window: &Arc<Window>,
        rung: Rung,
    ) -> Result<Self, String> {
        let surface = WindowSurface::new(&gpu, surface, window)?;
        let compositor = compositor_from(&gpu, surface.format(), rung)?;
        let fixed = match compositor {
            GpuCompositor::Shader(_) => FixedCompositor::new(&gpu.device, surface.format()).ok(),
            GpuCompositor::Fixed(_) => None,
        };
        let overlay = Overlay::new(&gpu.device, surface.overlay_format());
        Ok(Self {
            gpu,
            surface,
            compositor,
            fixed,
            overlay,
            watchdog: Watchdog::default(),
            lost_before: false,
        })
    }

    /// A new device for the same window and rung, after the old one was lost.
    pub(super) fn reopen(
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        rung: Rung,
    ) -> Result<Self, String> {
        let (gpu, surface) =
            Gpu::for_window(Arc::clone(window), display.clone()).map_err(|e| e.to_string())?;
        let mut renderer = Self::open(gpu, surface, window, rung)?;
        renderer.lost_before = true;
        Ok(renderer)
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
            None => FixedCompositor::new(&self.gpu.device, self.surface.format())
                .map_err(|e| e.to_string())?,
        };
        self.compositor = GpuCompositor::Fixed(fixed);
        self.gpu.forget_refusal();
        Ok(())
    }

    /// What is wrong, if anything. Polls the device without waiting, which reports its loss
    /// and runs the watchdog's callbacks.
    pub(super) fn trouble(&mut self, now: Instant) -> Option<Trouble> {
        let _ = self.gpu.device.poll(wgpu::PollType::Poll);
        match self.gpu.failure() {
            Some(GpuFailure::Lost(why)) => return Some(Trouble::Lost(why.clone())),
            Some(GpuFailure::Refused(why)) => return Some(Trouble::Refused(why.clone())),
            None => {}
        }
        if let Some(waited) = self.watchdog.hung(now) {
            return Some(Trouble::Hung(format!(
                "the GPU has not finished a frame in {:.1} s (the driver hangs)",
                waited.as_secs_f64()
            )));
        }
        self.surface.failing().map(Trouble::NoGpu)
    }

    /// Makes the GPU fail as `fault` says (`--inject-gpu-fault`), the way a driver would.
    /// Returns false if the fault is not one a GPU renderer strikes.
    pub(super) fn inject(&mut self, fault: GpuFault) -> bool {
        tracing::info!("injected fault: {fault:?}");
        let device = &self.gpu.device;
        match fault {
            GpuFault::ShaderCompile => faults::refuse_shader(device),
            GpuFault::Pipeline => faults::refuse_pipeline(device),
            GpuFault::DeviceLost | GpuFault::DeviceLostTwice => device.destroy(),
            GpuFault::SurfaceLost => self.surface.lose(),
            GpuFault::GpuHang => self.watchdog.go_deaf(),
            GpuFault::NoAdapter | GpuFault::DriverCrash => return false,
        }
        true
    }

    pub(super) fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        texts: &[OverlayText],
    ) -> Drew {
        let Some(scene) = scene.map(Photo::texture) else {
            return Drew::Skipped;
        };
        let Some(frame) = self.surface.acquire(&self.gpu) else {
            return Drew::Skipped;
        };
        let view = frame
            .texture
            .create_view(&wgpu::TextureViewDescriptor::default());
        let mut encoder = self
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        let size = self.surface.size();
        if let Err(e) = self
            .compositor
            .draw(&self.gpu, &mut encoder, &view, size, scene)
        {
            tracing::error!("{e}");
        }
        let mut settling = false;
        if !texts.is_empty() {
            let overlay_view = frame.texture.create_view(&wgpu::TextureViewDescriptor {
                format: Some(self.surface.overlay_format()),
                ..Default::default()
            });
            settling = self.overlay.draw(
                &self.gpu.device,
                &self.gpu.queue,
                &mut encoder,
                &overlay_view,
                size,
                window.scale_factor() as f32,
                texts,
            );
        }
        self.gpu.queue.submit([encoder.finish()]);
        self.watchdog.submitted(&self.gpu.queue, Instant::now());
        window.pre_present_notify();
        self.gpu.queue.present(frame);
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
