//! A photo as the window's renderer keeps it: a GPU texture (with its pixels kept in memory),
//! or linear pixels in memory for the software rung. Cloning is cheap either way.
//!
//! The GPU may be lost at any frame, and the photos on it with it. The pixels a texture was
//! made from are kept, so a photo moves to a new device or down to the software rung in one
//! frame, and a transition under way goes on where it was instead of waiting for the workers.

use std::sync::Arc;

use crate::render::software::CpuPhoto;
use crate::render::{Gpu, PhotoTexture, PixelsRef};
use crate::visualizer::grid_samples;

#[derive(Debug, Clone)]
pub enum Photo {
    Texture(GpuPhoto),
    Memory(Arc<CpuPhoto>),
}

/// A photo on the GPU and the sRGB RGBA rows it was made from.
#[derive(Debug, Clone)]
pub struct GpuPhoto {
    pub texture: PhotoTexture,
    /// Tightly packed RGBA8 rows.
    pub pixels: Arc<[u8]>,
}

/// Where a photo is to move: a new GPU device, or memory (the software rung).
#[derive(Debug, Clone, Copy)]
pub enum MoveTo<'a> {
    Gpu(&'a Gpu),
    Memory,
}

impl Photo {
    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Texture(photo) => photo.texture.size(),
            Self::Memory(photo) => photo.size(),
        }
    }

    pub fn texture(&self) -> Option<&PhotoTexture> {
        match self {
            Self::Texture(photo) => Some(&photo.texture),
            Self::Memory(_) => None,
        }
    }

    pub fn memory(&self) -> Option<&CpuPhoto> {
        match self {
            Self::Memory(photo) => Some(photo),
            Self::Texture(_) => None,
        }
    }

    /// The same photo for another renderer, made from the kept pixels. A photo already in
    /// memory stays there (the session never moves back up).
    pub fn moved(&self, to: MoveTo<'_>) -> Self {
        match (self, to) {
            (Self::Texture(photo), MoveTo::Gpu(gpu)) => Self::Texture(GpuPhoto {
                texture: PhotoTexture::upload(&gpu.device, &gpu.queue, photo.pixels_ref()),
                pixels: Arc::clone(&photo.pixels),
            }),
            (Self::Texture(photo), MoveTo::Memory) => {
                let (width, height) = photo.texture.size();
                Self::Memory(Arc::new(CpuPhoto::from_rgba(
                    width,
                    height,
                    width as usize * 4,
                    &photo.pixels,
                )))
            }
            (Self::Memory(_), _) => self.clone(),
        }
    }
}

impl Photo {
    /// A grid of the photo's colours, sRGB 0..1 (see [`grid_samples`]).
    pub fn colour_samples(&self) -> Vec<[f32; 3]> {
        let (width, height) = self.size();
        grid_samples(width, height, |at| match self {
            Self::Texture(photo) => {
                let p = &photo.pixels[at * 4..at * 4 + 3];
                [p[0], p[1], p[2]].map(|c| f32::from(c) / 255.0)
            }
            // Linear light back to roughly sRGB: the hue and the saturation are what count,
            // not the exact curve.
            Self::Memory(photo) => {
                let p = &photo.linear[at * 3..at * 3 + 3];
                [p[0], p[1], p[2]].map(|c| (f32::from(c) / 65535.0).powf(1.0 / 2.2))
            }
        })
    }
}

#[cfg(test)]
impl Photo {
    /// A black photo in memory, for tests.
    pub fn blank(width: u32, height: u32) -> Self {
        let pixels = vec![0u8; (width * height * 4) as usize];
        Self::Memory(Arc::new(CpuPhoto::from_rgba(
            width,
            height,
            width as usize * 4,
            &pixels,
        )))
    }
}

impl GpuPhoto {
    fn pixels_ref(&self) -> PixelsRef<'_> {
        let (width, height) = self.texture.size();
        PixelsRef {
            width,
            height,
            stride: width * 4,
            bytes: &self.pixels,
        }
    }
}
