//! The window's swapchain, and the one place surface errors are handled: an outdated surface
//! is configured again, a lost one made anew from the window, and one that keeps failing is
//! reported for the session to leave the GPU.

use std::sync::Arc;

use winit::window::Window;

use crate::render::Gpu;
use crate::settings::PresentChoice;

#[derive(Debug)]
pub struct WindowSurface {
    /// `None` between losing a surface and making its replacement (a window holds one
    /// swapchain at a time: the old one goes first).
    surface: Option<wgpu::Surface<'static>>,
    config: wgpu::SurfaceConfiguration,
    window: Arc<Window>,
    /// Frames in a row with no texture to draw into, for a reason other than waiting.
    failures: u32,
    /// `--inject-gpu-fault surface-lost`: the next frame finds the surface lost.
    lose_next: bool,
}

/// Frames in a row a surface may fail before the GPU is given up for this window.
const SURFACE_FAILURES: u32 = 30;

impl WindowSurface {
    /// Configures `surface` for `window`, in `format` (another window's, whose compositor
    /// this one shares) or the best it offers; `several`: other windows share the render
    /// loop. `Err` with why if the device refuses it.
    pub fn new(
        gpu: &Gpu,
        surface: wgpu::Surface<'static>,
        window: &Arc<Window>,
        format: Option<wgpu::TextureFormat>,
        several: bool,
    ) -> Result<Self, String> {
        let caps = surface.get_capabilities(&gpu.adapter);
        if caps.formats.is_empty() {
            return Err("the GPU cannot present to this window".to_owned());
        }
        // Photos are sRGB: an sRGB swapchain encodes the shader's linear output correctly.
        let format = match format {
            Some(format) if caps.formats.contains(&format) => format,
            Some(format) => {
                return Err(format!(
                    "this window cannot take the {format:?} frames the other windows' \
                     compositor draws"
                ));
            }
            None => caps
                .formats
                .iter()
                .copied()
                .find(wgpu::TextureFormat::is_srgb)
                .unwrap_or(caps.formats[0]),
        };
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
        let max_side = gpu.device.limits().max_texture_dimension_2d;
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            format,
            width: size.width.clamp(1, max_side),
            height: size.height.clamp(1, max_side),
            present_mode: present_mode(&caps, several),
            desired_maximum_frame_latency: 2,
            alpha_mode: caps.alpha_modes[0],
            view_formats,
            color_space: wgpu::SurfaceColorSpace::Auto,
        };
        configure(&surface, gpu, &config)?;
        Ok(Self {
            surface: Some(surface),
            config,
            window: Arc::clone(window),
            failures: 0,
            lose_next: false,
        })
    }

    /// The surface has failed frame after frame: the GPU cannot present to this window.
    pub fn failing(&self) -> Option<String> {
        (self.failures >= SURFACE_FAILURES).then(|| {
            format!(
                "the window's GPU surface failed {} frames in a row",
                self.failures
            )
        })
    }

    /// Loses the surface on purpose (`--inject-gpu-fault surface-lost`).
    pub fn lose(&mut self) {
        tracing::info!("injected fault: losing the window's surface");
        self.lose_next = true;
    }

    /// Makes the surface anew from the window, as a lost surface must be (configuring a lost
    /// one again is not enough), the old one let go first. A failure counts towards giving
    /// the GPU up for this window; it is caught in an error scope, never taken for a refusal.
    fn recreate(&mut self, gpu: &Gpu) {
        self.surface = None;
        let made = gpu
            .instance
            .create_surface(Arc::clone(&self.window))
            .map_err(|e| e.to_string())
            .and_then(|surface| configure(&surface, gpu, &self.config).map(|()| surface));
        match made {
            Ok(surface) => {
                self.surface = Some(surface);
                tracing::warn!("the window's GPU surface was lost; made a new one");
            }
            Err(e) => {
                tracing::warn!("the window's GPU surface cannot be made anew: {e}");
            }
        }
    }

    /// Other windows now share the render loop (`several`), or no longer do: the present
    /// mode follows (see [`present_mode`]).
    pub fn share_loop(&mut self, gpu: &Gpu, several: bool) {
        let Some(surface) = &self.surface else {
            return;
        };
        let mode = present_mode(&surface.get_capabilities(&gpu.adapter), several);
        if mode == self.config.present_mode {
            return;
        }
        self.config.present_mode = mode;
        if let Err(e) = configure(surface, gpu, &self.config) {
            self.failures += 1;
            tracing::warn!("cannot change how the window's GPU surface presents: {e}");
        }
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
        // Never more than the device holds: a larger window is drawn at the largest size and
        // stretched by the system, rather than refused.
        let max_side = gpu.device.limits().max_texture_dimension_2d;
        self.config.width = width.min(max_side);
        self.config.height = height.min(max_side);
        if let Some(surface) = &self.surface
            && let Err(e) = configure(surface, gpu, &self.config)
        {
            self.failures += 1;
            tracing::warn!("cannot resize the window's GPU surface: {e}");
        }
    }

    /// The texture to draw this frame into, or `None` to skip this frame (the last good frame
    /// stays on screen).
    pub fn acquire(&mut self, gpu: &Gpu) -> Option<wgpu::SurfaceTexture> {
        if std::mem::take(&mut self.lose_next) {
            self.failures += 1;
            self.recreate(gpu);
            return None;
        }
        let Some(surface) = &self.surface else {
            self.failures += 1;
            self.recreate(gpu);
            return None;
        };
        match surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(frame) => {
                self.failures = 0;
                Some(frame)
            }
            wgpu::CurrentSurfaceTexture::Suboptimal(frame) => {
                // Draw this one; the configure on the next resize event fixes the rest.
                self.failures = 0;
                Some(frame)
            }
            wgpu::CurrentSurfaceTexture::Timeout | wgpu::CurrentSurfaceTexture::Occluded => None,
            // Routine while a window is resized: configured again, never held against it.
            wgpu::CurrentSurfaceTexture::Outdated => {
                tracing::debug!("surface outdated; reconfiguring");
                if let Err(e) = configure(surface, gpu, &self.config) {
                    self.failures += 1;
                    tracing::warn!("cannot configure the window's GPU surface: {e}");
                }
                None
            }
            wgpu::CurrentSurfaceTexture::Lost => {
                // Until a frame is drawn again: a surface lost frame after frame is given up.
                self.failures += 1;
                self.recreate(gpu);
                None
            }
            wgpu::CurrentSurfaceTexture::Validation => {
                tracing::warn!("surface validation error; skipping a frame");
                self.failures += 1;
                None
            }
        }
    }
}

/// The settings' `present_mode`, fixed for the process when the show starts (it is said to
/// apply at the next start).
static PRESENT_CHOICE: std::sync::OnceLock<PresentChoice> = std::sync::OnceLock::new();

/// Sets how windows present, once, before the first surface is made.
pub fn choose_present_mode(choice: PresentChoice) {
    if PRESENT_CHOICE.set(choice).is_err() {
        tracing::debug!("the present mode was chosen already");
    }
}

/// The mode the settings ask for, where offered; else (`auto`) vsync (FIFO) for one window:
/// smooth pacing and no runaway fan. With several windows on one
/// render loop, a FIFO swapchain waits in `acquire` for its own monitor's vertical blank (or
/// for seconds, hidden), stalling every other window: mailbox then, which never waits and
/// never tears, or where it is not offered (GL), immediate, which never waits but may tear
/// (said). The frame clock paces each window to its monitor either way.
fn present_mode(caps: &wgpu::SurfaceCapabilities, several: bool) -> wgpu::PresentMode {
    let offered = |mode| caps.present_modes.contains(&mode);
    let choice = PRESENT_CHOICE.get().copied().unwrap_or(PresentChoice::Auto);
    let asked = match choice {
        PresentChoice::Auto => None,
        PresentChoice::Vsync => Some(wgpu::PresentMode::Fifo),
        PresentChoice::Mailbox => Some(wgpu::PresentMode::Mailbox),
        PresentChoice::Immediate => Some(wgpu::PresentMode::Immediate),
    };
    if let Some(mode) = asked {
        // Not offered here (GL has no mailbox): vsync, which every surface has.
        return if offered(mode) {
            mode
        } else {
            wgpu::PresentMode::AutoVsync
        };
    }
    if !several {
        wgpu::PresentMode::AutoVsync
    } else if offered(wgpu::PresentMode::Mailbox) {
        wgpu::PresentMode::Mailbox
    } else if offered(wgpu::PresentMode::Immediate) {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            tracing::info!(
                "several windows present without waiting for their monitors (no mailbox mode \
                 here): one waiting would stall the others; a frame may tear"
            );
        });
        wgpu::PresentMode::Immediate
    } else {
        wgpu::PresentMode::AutoVsync
    }
}

/// Configures `surface` inside an error scope: a refusal is this surface's failure, counted
/// towards giving the GPU up for the window, never taken for a refused shader.
fn configure(
    surface: &wgpu::Surface<'_>,
    gpu: &Gpu,
    config: &wgpu::SurfaceConfiguration,
) -> Result<(), String> {
    let scope = gpu.device.push_error_scope(wgpu::ErrorFilter::Validation);
    surface.configure(&gpu.device, config);
    match pollster::block_on(scope.pop()) {
        None => Ok(()),
        Some(error) => Err(error.to_string()),
    }
}
