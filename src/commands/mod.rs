//! One module per mode of the executable.

pub mod prescale;
pub mod render;
pub mod scan;
pub mod show;
pub mod soak;
pub mod worker;

use std::path::Path;

use anyhow::Context as _;

/// Writes tightly packed RGBA8 pixels as a PNG: the output of the one-shot tools.
fn write_png(path: &Path, pixels: &[u8], width: u32, height: u32) -> anyhow::Result<()> {
    image::save_buffer(path, pixels, width, height, image::ExtendedColorType::Rgba8)
        .with_context(|| format!("cannot write {}", path.display()))
}
