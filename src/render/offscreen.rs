//! Rendering a scene into memory instead of a window: the `render` command and golden tests.

use super::compositor::{Compositor, DrawError};
use super::fixed_compositor::{FixedCompositor, FixedPipelineError};
use super::frame::Scene;
use super::gpu::Gpu;
use super::gpu_compositor::GpuCompositor;
use super::overlay::{Overlay, OverlayItems};
use super::photo::PhotoTexture;
use super::transition_pipeline::PipelineError;
use super::watchdog::Watchdog;

#[derive(Debug, thiserror::Error)]
pub enum ReadbackError {
    #[error("reading the frame back from the GPU failed: {0}")]
    Map(String),
    #[error("{0}")]
    Draw(#[from] DrawError),
    #[error("the GPU has not finished a frame in {} s (the driver hangs)", Watchdog::LIMIT.as_secs())]
    Hung,
}

/// Why an offscreen target could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("a {width}x{height} frame is larger than this GPU's largest texture ({limit})")]
    TooLarge { width: u32, height: u32, limit: u32 },
    #[error("{0}")]
    Shader(#[from] PipelineError),
    #[error("{0}")]
    Fixed(#[from] FixedPipelineError),
}

/// An offscreen target of a fixed size, with the compositor that draws into it.
#[derive(Debug)]
pub struct OffscreenTarget {
    texture: wgpu::Texture,
    view: wgpu::TextureView,
    compositor: GpuCompositor,
    size: (u32, u32),
    /// For tests: the frame read back is never reported, as with a hung driver.
    deaf: bool,
}

impl OffscreenTarget {
    /// Same format as the photos: what is read back is sRGB RGBA8, like a PNG.
    const FORMAT: wgpu::TextureFormat = PhotoTexture::FORMAT;

    /// A target drawn by the transition shaders (the shader rung).
    pub fn shader(gpu: &Gpu, width: u32, height: u32) -> Result<Self, TargetError> {
        Self::check_size(gpu, width, height)?;
        let compositor = Compositor::new(&gpu.device, Self::FORMAT)?;
        Ok(Self::new(
            gpu,
            width,
            height,
            GpuCompositor::Shader(compositor),
        ))
    }

    /// A target drawn by the one fixed pipeline (the compositor rung).
    pub fn fixed(gpu: &Gpu, width: u32, height: u32) -> Result<Self, TargetError> {
        Self::check_size(gpu, width, height)?;
        let compositor = FixedCompositor::new(&gpu.device, Self::FORMAT)?;
        Ok(Self::new(
            gpu,
            width,
            height,
            GpuCompositor::Fixed(compositor),
        ))
    }

    /// Refused before the device is asked for more than its limits allow.
    fn check_size(gpu: &Gpu, width: u32, height: u32) -> Result<(), TargetError> {
        let limit = gpu.device.limits().max_texture_dimension_2d;
        if width > limit || height > limit {
            return Err(TargetError::TooLarge {
                width,
                height,
                limit,
            });
        }
        Ok(())
    }

    fn new(gpu: &Gpu, width: u32, height: u32, compositor: GpuCompositor) -> Self {
        let texture = gpu.device.create_texture(&wgpu::TextureDescriptor {
            label: Some("offscreen target"),
            size: wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: Self::FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
            view_formats: &[],
        });
        Self {
            view: texture.create_view(&wgpu::TextureViewDescriptor::default()),
            texture,
            compositor,
            size: (width, height),
            deaf: false,
        }
    }

    /// Builds the pipeline of a transition to be rendered (the compositor rung has none to
    /// build).
    pub fn prepare(
        &mut self,
        spec: &crate::transitions::TransitionSpec,
    ) -> Result<(), PipelineError> {
        match self.compositor.shader_mut() {
            Some(compositor) => compositor.build(spec),
            None => Ok(()),
        }
    }

    /// From now on no frame read back is reported (`--inject-gpu-fault gpu-hang`).
    pub fn go_deaf(&mut self) {
        self.deaf = true;
    }

    /// An overlay painter for this target's format.
    pub fn overlay(&self, gpu: &Gpu) -> Overlay {
        Overlay::new(&gpu.device, Self::FORMAT)
    }

    /// Draws `scene` (and `overlay`'s items over it, at one pixel a point) and returns the
    /// frame as tightly packed RGBA8 rows.
    pub fn render(
        &mut self,
        gpu: &Gpu,
        scene: Scene<'_, PhotoTexture>,
        overlay: Option<(&mut Overlay, OverlayItems<'_>)>,
    ) -> Result<Vec<u8>, ReadbackError> {
        let (width, height) = self.size;
        // Buffer rows must be 256-byte aligned; the padding is dropped on the way out.
        let row = width * 4;
        let padded_row = row.next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT);
        let readback = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("offscreen readback"),
            size: padded_row as u64 * height as u64,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let mut encoder = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("offscreen frame"),
            });
        self.compositor
            .draw(gpu, &mut encoder, &self.view, self.size, scene)?;
        if let Some((overlay, items)) = overlay {
            overlay.draw(
                &gpu.device,
                &gpu.queue,
                &mut encoder,
                &self.view,
                self.size,
                1.0,
                items,
            );
        }
        encoder.copy_texture_to_buffer(
            self.texture.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &readback,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded_row),
                    rows_per_image: Some(height),
                },
            },
            self.texture.size(),
        );
        gpu.queue.submit([encoder.finish()]);

        let (sender, receiver) = crossbeam_channel::bounded(1);
        let deaf = self.deaf;
        // Held here too: a callback that never sends is waited for, not taken for an error.
        let _held = sender.clone();
        readback
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |result| {
                if !deaf {
                    let _ = sender.send(result);
                }
            });
        // Offscreen rendering is allowed to wait, but not forever: a driver that never
        // finishes is a hang, as the window's watchdog judges it.
        let wait = wgpu::PollType::Wait {
            submission_index: None,
            timeout: Some(Watchdog::LIMIT),
        };
        match gpu.device.poll(wait) {
            Err(wgpu::PollError::Timeout) => return Err(ReadbackError::Hung),
            Err(e) => return Err(ReadbackError::Map(e.to_string())),
            Ok(_) => {}
        }
        match receiver.recv_timeout(Watchdog::LIMIT) {
            Ok(result) => result.map_err(|e| ReadbackError::Map(e.to_string()))?,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => return Err(ReadbackError::Hung),
            Err(e) => return Err(ReadbackError::Map(e.to_string())),
        }
        let mapped = readback
            .get_mapped_range(..)
            .map_err(|e| ReadbackError::Map(e.to_string()))?;
        let mut pixels = Vec::with_capacity((row * height) as usize);
        for padded in mapped.chunks_exact(padded_row as usize) {
            pixels.extend_from_slice(&padded[..row as usize]);
        }
        Ok(pixels)
    }
}
