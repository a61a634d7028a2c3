//! The window's swapchain, and the one place surface errors are handled.

use std::sync::Arc;

use winit::window::Window;

use crate::render::Gpu;

#[derive(Debug)]
pub struct WindowSurface {
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
}

impl WindowSurface {
    pub fn new(gpu: &Gpu, surface: wgpu::Surface<'static>, window: &Arc<Window>) -> Self {
        let caps = surface.get_capabilities(&gpu.adapter);
        // Photos are sRGB: an sRGB swapchain encodes the shader's linear output correctly.
        let format = caps
            .formats
            .iter()
            .copied()
            .find(wgpu::TextureFormat::is_srgb)
            .unwrap_or(caps.formats[0]);
        let size = window.inner_size();
        // egui blends its text in gamma space: it draws through a non-sRGB view where the
        // backend allows one (GL does not: there the overlay draws through the sRGB view).
        let view_formats = if gpu
            .adapter
            .get_downlevel_capabilities()
            .flags
            .contains(wgpu::DownlevelFlags::SURFACE_VIEW_FORMATS)
        {
            vec![format.remove_srgb_suffix()]
        } else {
            Vec::new()
        };
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            format,
            width: size.width.max(1),
            height: size.height.max(1),
            // Vsync: smooth pacing and no runaway fan.
            present_mode: wgpu::PresentMode::AutoVsync,
            desired_maximum_frame_latency: 2,
            alpha_mode: caps.alpha_modes[0],
            view_formats,
            color_space: wgpu::SurfaceColorSpace::Auto,
        };
        surface.configure(&gpu.device, &config);
        Self { surface, config }
    }

    pub fn format(&self) -> wgpu::TextureFormat {
        self.config.format
    }

    /// The same pixels without sRGB encoding on write, for the overlay, where the backend
    /// allows such a view; else the surface's own format.
    pub fn overlay_format(&self) -> wgpu::TextureFormat {
        self.config
            .view_formats
            .first()
            .copied()
            .unwrap_or(self.config.format)
    }

    pub fn size(&self) -> (u32, u32) {
        (self.config.width, self.config.height)
    }

    pub fn resize(&mut self, gpu: &Gpu, width: u32, height: u32) {
        if width == 0 || height == 0 {
            return; // minimised: keep the old configuration until we are visible again
        }
        self.config.width = width;
        self.config.height = height;
        self.surface.configure(&gpu.device, &self.config);
    }

    /// The texture to draw this frame into, or `None` to skip this frame (the last good frame
    /// stays on screen).
    pub fn acquire(&mut self, gpu: &Gpu) -> Option<wgpu::SurfaceTexture> {
        match self.surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(frame) => Some(frame),
            wgpu::CurrentSurfaceTexture::Suboptimal(frame) => {
                // Draw this one; the configure on the next resize event fixes the rest.
                Some(frame)
            }
            wgpu::CurrentSurfaceTexture::Timeout | wgpu::CurrentSurfaceTexture::Occluded => None,
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                tracing::debug!("surface outdated or lost; reconfiguring");
                self.surface.configure(&gpu.device, &self.config);
                None
            }
            wgpu::CurrentSurfaceTexture::Validation => {
                tracing::warn!("surface validation error; skipping a frame");
                None
            }
        }
    }
}
