//! A photo as the window's renderer keeps it: a GPU texture, or linear pixels in memory for
//! the software rung. Cloning is cheap either way.

use std::sync::Arc;

use crate::render::PhotoTexture;
use crate::render::software::CpuPhoto;

#[derive(Debug, Clone)]
pub enum Photo {
    Texture(PhotoTexture),
    Memory(Arc<CpuPhoto>),
}

impl Photo {
    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Texture(texture) => texture.size(),
            Self::Memory(photo) => photo.size(),
        }
    }

    pub fn texture(&self) -> Option<&PhotoTexture> {
        match self {
            Self::Texture(texture) => Some(texture),
            Self::Memory(_) => None,
        }
    }

    pub fn memory(&self) -> Option<&CpuPhoto> {
        match self {
            Self::Memory(photo) => Some(photo),
            Self::Texture(_) => None,
        }
    }
}
