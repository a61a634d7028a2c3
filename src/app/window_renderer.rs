//! What draws the window: the GPU (shader rung) or the CPU through softbuffer (software rung),
//! behind one interface over the same scene description, so the show does not care which and
//! the session can move down a rung without closing its window.

use std::num::NonZeroU32;
use std::sync::Arc;

use winit::event_loop::OwnedDisplayHandle;
use winit::window::Window;

use super::photo::Photo;
use super::rung::{GpuFault, Rung, announce};
use super::surface::WindowSurface;
use super::upload::UploadTarget;
use crate::render::software::{SoftwareCompositor, TextPainter};
use crate::render::{Compositor, Gpu, Overlay, OverlayLayout, OverlayText, Scene};

pub struct GpuRenderer {
    pub gpu: Gpu,
    surface: WindowSurface,
    pub compositor: Compositor,
    overlay: Overlay,
}

pub struct SoftwareRenderer {
    surface: softbuffer::Surface<OwnedDisplayHandle, Arc<Window>>,
    compositor: SoftwareCompositor,
    layout: OverlayLayout,
    text: TextPainter,
    size: (u32, u32),
}

pub enum WindowRenderer {
    Gpu(Box<GpuRenderer>),
    Software(Box<SoftwareRenderer>),
}

/// How a draw went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drew {
    /// Presented; `true` if the overlay wants one more frame to settle its text.
    Presented(bool),
    /// Nothing to draw into this time (the last good frame stays up).
    Skipped,
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
            announce(Rung::Software, "asked for with --rung");
            return Ok(Self::Software(Box::new(SoftwareRenderer::new(
                window, display,
            )?)));
        }
        let gpu = match fault {
            Some(GpuFault::NoAdapter) => Err(crate::render::GpuError::Injected),
            _ => Gpu::for_window(Arc::clone(window), display.clone()),
        };
        match gpu {
            // A CPU rasterizer (llvmpipe, WARP, SwiftShader) only emulates a GPU: unless the
            // shader rung is asked for, the software rung draws better here, at a third of the
            // CPU (1920x1080 crossfades under Xvfb: 60 fps with a hole a run at 29% of a core,
            // against 33 fps with every frame late at 96%).
            Ok((gpu, _)) if forced.is_none() && is_cpu_rasterizer(&gpu) => {
                let name = gpu.adapter.get_info().name;
                drop(gpu);
                announce(
                    Rung::Software,
                    &format!(
                        "the only GPU adapter, {name}, is a CPU rasterizer; the software rung \
                         keeps the refresh rate with less of the CPU (--rung shader to use it)"
                    ),
                );
                Ok(Self::Software(Box::new(SoftwareRenderer::new(
                    window, display,
                )?)))
            }
            Ok((gpu, surface)) => {
                let surface = WindowSurface::new(&gpu, surface, window);
                let compositor = Compositor::new(&gpu.device, surface.format());
                let overlay = Overlay::new(&gpu.device, surface.overlay_format());
                Ok(Self::Gpu(Box::new(GpuRenderer {
                    gpu,
                    surface,
                    compositor,
                    overlay,
                })))
            }
            Err(e) if forced.is_none() => {
                announce(Rung::Software, &e.to_string());
                Ok(Self::Software(Box::new(SoftwareRenderer::new(
                    window, display,
                )?)))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn rung(&self) -> Rung {
        match self {
            Self::Gpu(_) => Rung::Shader,
            Self::Software(_) => Rung::Software,
        }
    }

    /// Loses the GPU device on purpose (`--inject-gpu-fault device-lost`).
    pub fn lose_device(&self) {
        if let Self::Gpu(gpu) = self {
            tracing::info!("injected fault: losing the GPU device");
            gpu.gpu.device.destroy();
        }
    }

    /// Why the GPU cannot be trusted with another frame, if it cannot. Polls the device
    /// without waiting, so that its loss is reported.
    pub fn failure(&self) -> Option<String> {
        match self {
            Self::Gpu(gpu) => {
                let _ = gpu.gpu.device.poll(wgpu::PollType::Poll);
                gpu.gpu.failure().map(str::to_owned)
            }
            Self::Software(_) => None,
        }
    }

    /// Moves the session down to the software rung, in the same window.
    pub fn demote(
        &mut self,
        window: &Arc<Window>,
        display: &OwnedDisplayHandle,
        reason: &str,
    ) -> anyhow::Result<()> {
        *self = Self::Software(Box::new(SoftwareRenderer::new(window, display)?));
        announce(Rung::Software, reason);
        Ok(())
    }

    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Gpu(gpu) => gpu.surface.size(),
            Self::Software(software) => software.size,
        }
    }

    pub fn resize(&mut self, width: u32, height: u32) {
        match self {
            Self::Gpu(gpu) => gpu.surface.resize(&gpu.gpu, width, height),
            Self::Software(software) => software.resize(width, height),
        }
    }

    pub fn gpu(&self) -> Option<&Gpu> {
        match self {
            Self::Gpu(gpu) => Some(&gpu.gpu),
            Self::Software(_) => None,
        }
    }

    pub fn compositor_mut(&mut self) -> Option<&mut Compositor> {
        match self {
            Self::Gpu(gpu) => Some(&mut gpu.compositor),
            Self::Software(_) => None,
        }
    }

    pub fn compositor(&self) -> Option<&Compositor> {
        match self {
            Self::Gpu(gpu) => Some(&gpu.compositor),
            Self::Software(_) => None,
        }
    }

    pub fn upload_target(&self) -> UploadTarget<'_> {
        match self {
            Self::Gpu(gpu) => UploadTarget::Gpu(&gpu.gpu),
            Self::Software(_) => UploadTarget::Memory,
        }
    }

    /// Draws `scene` with `text` over it and presents. A photo kept for another rung is not
    /// drawn (the last good frame stays up until its replacement arrives).
    pub fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        text: Option<&OverlayText>,
    ) -> Drew {
        match self {
            Self::Gpu(gpu) => gpu.draw(window, scene, text),
            Self::Software(software) => software.draw(window, scene, text),
        }
    }
}

/// The adapter is the CPU pretending to be a GPU.
fn is_cpu_rasterizer(gpu: &Gpu) -> bool {
    gpu.adapter.get_info().device_type == wgpu::DeviceType::Cpu
}

impl GpuRenderer {
    fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        text: Option<&OverlayText>,
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
            .draw(&self.gpu.queue, &mut encoder, &view, size, scene)
        {
            tracing::error!("{e}");
        }
        let mut settling = false;
        if let Some(text) = text {
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
                text,
            );
        }
        self.gpu.queue.submit([encoder.finish()]);
        window.pre_present_notify();
        self.gpu.queue.present(frame);
        Drew::Presented(settling)
    }
}

impl SoftwareRenderer {
    fn new(window: &Arc<Window>, display: &OwnedDisplayHandle) -> anyhow::Result<Self> {
        let context = softbuffer::Context::new(display.clone())
            .map_err(|e| anyhow::anyhow!("cannot draw in software here: {e}"))?;
        let surface = softbuffer::Surface::new(&context, Arc::clone(window))
            .map_err(|e| anyhow::anyhow!("cannot draw in software here: {e}"))?;
        let size = window.inner_size();
        let mut renderer = Self {
            surface,
            compositor: SoftwareCompositor::new(),
            layout: OverlayLayout::default(),
            text: TextPainter::default(),
            size: (0, 0),
        };
        renderer.resize(size.width, size.height);
        Ok(renderer)
    }

    fn resize(&mut self, width: u32, height: u32) {
        let (Some(w), Some(h)) = (NonZeroU32::new(width), NonZeroU32::new(height)) else {
            return; // minimised: keep the old size until visible again
        };
        match self.surface.resize(w, h) {
            Ok(()) => self.size = (width, height),
            Err(e) => tracing::warn!("cannot resize the software surface: {e}"),
        }
    }

    fn draw(
        &mut self,
        window: &Window,
        scene: Scene<'_, Photo>,
        text: Option<&OverlayText>,
    ) -> Drew {
        // Photos still on the GPU the session left: black (and the text) until photos
        // prepared for this rung arrive, never the old swapchain's leftovers.
        let scene = scene.map(Photo::memory).unwrap_or(Scene::Empty);
        if self.size.0 == 0 {
            return Drew::Skipped;
        }
        let mut buffer = match self.surface.buffer_mut() {
            Ok(buffer) => buffer,
            Err(e) => {
                tracing::warn!("no software buffer this frame: {e}");
                return Drew::Skipped;
            }
        };
        self.compositor.draw(&mut buffer, self.size, scene);
        let mut again = false;
        if let Some(text) = text {
            let mut frame = self
                .layout
                .frame(self.size, window.scale_factor() as f32, text);
            self.text.update(&frame.textures);
            self.text.paint(
                &mut buffer,
                self.size,
                frame.pixels_per_point,
                &frame.primitives,
            );
            self.text.free(&frame.textures);
            // Applied: egui checks that no change is dropped unhandled.
            frame.textures.clear();
            again = frame.again;
        }
        window.pre_present_notify();
        match buffer.present() {
            Ok(()) => Drew::Presented(again),
            Err(e) => {
                tracing::warn!("cannot present the software frame: {e}");
                Drew::Skipped
            }
        }
    }
}
