//! The software rung: frames composited on the CPU from the same [`Scene`](super::Scene) the GPU
//! draws, with no GPU API at all. It knows the transitions a fixed compositor can draw
//! (crossfade, slide, wipe) and Ken Burns; any other transition is drawn as its stand-in.
//! Blending is in linear light, as the shaders blend, so the rungs agree.

mod color;
mod compositor;
mod overlay;
mod photo;
mod sampler;
mod text;

pub use compositor::SoftwareCompositor;
pub use overlay::SoftwareOverlay;
pub use photo::{CpuPhoto, append_linear_row};
pub use text::TextPainter;
