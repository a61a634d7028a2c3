//! The renderer: GPU setup, photo textures, and the compositor that draws slideshow frames.
//!
//! It knows nothing of the app, the workers or the UI: it is given pixels and a [`Scene`] and
//! draws them, into a window's surface or into memory.

mod compositor;
mod cover;
mod gpu;
pub mod ken_burns;
mod offscreen;
mod overlay;
mod photo;
pub mod shaders;

pub use compositor::{Compositor, Layer, Scene};
pub use cover::{UvRect, cover};
pub use gpu::{Gpu, GpuError};
pub use offscreen::{OffscreenTarget, ReadbackError};
pub use overlay::{Overlay, OverlayText};
pub use photo::{PhotoTexture, PixelsRef};
