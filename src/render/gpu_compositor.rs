//! What draws a frame on the GPU: the transition shaders (shader rung) or the one fixed
//! pipeline (compositor rung). The window and offscreen targets hold either.

use super::compositor::{Compositor, DrawError};
use super::fixed_compositor::FixedCompositor;
use super::frame::Scene;
use super::gpu::Gpu;
use super::photo::PhotoTexture;

#[derive(Debug)]
pub enum GpuCompositor {
    Shader(Compositor),
    Fixed(FixedCompositor),
}

impl GpuCompositor {
    /// The shader rung's compositor, whose transitions are built as they load.
    pub fn shader(&self) -> Option<&Compositor> {
        match self {
            Self::Shader(compositor) => Some(compositor),
            Self::Fixed(_) => None,
        }
    }

    pub fn shader_mut(&mut self) -> Option<&mut Compositor> {
        match self {
            Self::Shader(compositor) => Some(compositor),
            Self::Fixed(_) => None,
        }
    }

    /// Records the drawing of `scene` into `target`, a `target_size` texture view.
    pub fn draw(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        target_size: (u32, u32),
        scene: Scene<'_, PhotoTexture>,
    ) -> Result<(), DrawError> {
        match self {
            Self::Shader(compositor) => {
                compositor.draw(&gpu.queue, encoder, target, target_size, scene)
            }
            Self::Fixed(compositor) => {
                compositor.draw(&gpu.device, &gpu.queue, encoder, target, target_size, scene);
                Ok(())
            }
        }
    }
}
