//! The renderer: GPU setup, photo textures, and the compositor that draws slideshow frames.
//!
//! It knows nothing of the app, the workers or the UI: it is given pixels and a [`Scene`] and
//! draws them, into a window's surface or into memory.

mod compositor;
mod cover;
pub mod faults;
mod fixed_blend;
mod fixed_compositor;
mod fixed_geometry;
mod frame;
mod gpu;
mod gpu_compositor;
pub mod ken_burns;
mod offscreen;
mod overlay;
mod photo;
mod pipeline_builder;
pub mod software;
mod transition_pipeline;
mod warm_up;
mod watchdog;

pub use compositor::{Compositor, DrawError};
pub use cover::{UvRect, cover};
pub use fixed_blend::stand_in;
pub use fixed_compositor::{FixedCompositor, FixedPipelineError};
pub use frame::{Drawn, Layer, Scene};
pub use gpu::{Gpu, GpuError, GpuFailure};
pub use gpu_compositor::GpuCompositor;
pub use offscreen::{OffscreenTarget, ReadbackError, TargetError};
pub use overlay::{Overlay, OverlayFrame, OverlayItems, OverlayLayout, OverlayText, UiPass};
pub use photo::{PhotoTexture, PixelsRef};
pub use pipeline_builder::{Built, Loaded, load_in_background};
pub use transition_pipeline::{MAX_PARAMS_BYTES, PipelineError, PipelineFactory};
pub use warm_up::{Cost, WarmUp};
pub use watchdog::Watchdog;
