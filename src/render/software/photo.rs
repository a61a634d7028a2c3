//! A photo kept in memory for the software rung.

use std::sync::Arc;

use super::color::LINEAR;

/// A photo as linear-light RGB, 16 bits a channel: converted once when it arrives, so each
/// frame only blends and encodes.
#[derive(Debug, Clone)]
pub struct CpuPhoto {
    pub width: u32,
    pub height: u32,
    /// `width * height * 3` values, row by row.
    pub linear: Arc<[u16]>,
}

impl CpuPhoto {
    /// From sRGB-encoded RGBA rows `stride` bytes apart (alpha is ignored: photos are opaque).
    pub fn from_rgba(width: u32, height: u32, stride: usize, rgba: &[u8]) -> Self {
        let mut linear = Vec::with_capacity(width as usize * height as usize * 3);
        for row in rgba.chunks(stride).take(height as usize) {
            append_linear_row(&row[..width as usize * 4], &mut linear);
        }
        Self::from_linear(width, height, linear)
    }

    /// From rows already converted with [`append_linear_row`].
    pub fn from_linear(width: u32, height: u32, linear: Vec<u16>) -> Self {
        debug_assert_eq!(linear.len(), width as usize * height as usize * 3);
        Self {
            width,
            height,
            linear: linear.into(),
        }
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
}

/// Appends one row of sRGB-encoded RGBA pixels to `linear` as linear RGB.
pub fn append_linear_row(rgba: &[u8], linear: &mut Vec<u16>) {
    for pixel in rgba.chunks_exact(4) {
        linear.extend(pixel[..3].iter().map(|&c| LINEAR[usize::from(c)]));
    }
}
