//! Turning a finished frame in shared memory into a GPU texture, on the render thread.

use framewave_protocol::SegmentError;

use crate::render::{Gpu, PhotoTexture, PixelsRef};
use crate::supervisor::FrameLease;

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Slot(#[from] SegmentError),
    #[error("the worker rewrote the frame while it was being uploaded")]
    Torn,
}

/// Uploads the frame straight from the mapped slot (no intermediate copy), then checks that
/// the slot's sequence did not move during the copy.
pub fn upload(gpu: &Gpu, frame: &FrameLease) -> Result<PhotoTexture, UploadError> {
    let read = frame.read()?;
    let info = read.frame();
    let texture = PhotoTexture::upload(
        &gpu.device,
        &gpu.queue,
        PixelsRef {
            width: info.width,
            height: info.height,
            stride: info.stride,
            bytes: read.pixels(),
        },
    );
    if read.still_valid() {
        Ok(texture)
    } else {
        Err(UploadError::Torn)
    }
}
