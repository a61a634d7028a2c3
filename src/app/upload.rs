//! Turning a finished frame in shared memory into a GPU texture, on the render thread.

use framewave_protocol::SegmentError;

use crate::decode::FrameLease;
use crate::render::{Gpu, PhotoTexture, PixelsRef};

/// Why a frame could not be uploaded. Each is the worker's fault, never the photo's.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Slot(#[from] SegmentError),
    #[error("the worker rewrote the frame while it was being uploaded")]
    Torn,
    #[error("a {width}x{height} frame is larger than {limit_w}x{limit_h}, what {what}")]
    TooLarge {
        width: u32,
        height: u32,
        limit_w: u32,
        limit_h: u32,
        what: &'static str,
    },
}

/// Uploads the frame straight from the mapped slot (no intermediate copy), then checks that
/// the slot's sequence did not move during the copy. A frame larger than was asked for, or
/// than the GPU can hold, is refused before any GPU memory is allocated for it.
pub fn upload(gpu: &Gpu, frame: &FrameLease) -> Result<PhotoTexture, UploadError> {
    let read = frame.read()?;
    let info = read.frame();
    let max_side = gpu.device.limits().max_texture_dimension_2d;
    check_size((info.width, info.height), frame.requested(), max_side)?;
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

/// A frame may be no larger than requested, nor than the GPU's largest texture.
fn check_size(frame: (u32, u32), requested: (u32, u32), max_side: u32) -> Result<(), UploadError> {
    let too_large = |(limit_w, limit_h): (u32, u32), what| {
        (frame.0 > limit_w || frame.1 > limit_h).then_some(UploadError::TooLarge {
            width: frame.0,
            height: frame.1,
            limit_w,
            limit_h,
            what,
        })
    };
    match too_large(requested, "was asked for").or(too_large((max_side, max_side), "the GPU holds"))
    {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_larger_than_asked_or_than_the_gpu_holds_are_refused() {
        assert!(check_size((1920, 1080), (1920, 1080), 8192).is_ok());
        assert!(
            check_size((1000, 1080), (1920, 1080), 8192).is_ok(),
            "a photo shown whole"
        );
        let larger = check_size((1936, 1096), (1920, 1080), 8192).unwrap_err();
        assert!(larger.to_string().contains("was asked for"), "{larger}");
        let beyond_gpu = check_size((9216, 5184), (9216, 5184), 8192).unwrap_err();
        assert!(
            beyond_gpu.to_string().contains("the GPU holds"),
            "{beyond_gpu}"
        );
    }
}
