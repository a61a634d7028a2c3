//! Turning a finished frame in shared memory into a photo the renderer can draw (a GPU texture,
//! or linear pixels for the software rung), on the render thread, a stripe per frame: a large
//! photo arriving never costs a frame. The slot stays leased until
//! the last stripe is in, and the slot's sequence is checked at every stripe, so a frame the
//! worker rewrote meanwhile is caught (torn) and never shown.

use framewave_protocol::{SegmentError, ValidFrame};

use std::sync::Arc;

use super::photo::{GpuPhoto, Photo};
use crate::decode::FrameLease;
use crate::render::software::{CpuPhoto, append_linear_row};
use crate::render::{Gpu, PhotoTexture, PixelsRef};

/// Where photos go: onto this GPU, or into memory (the software rung).
#[derive(Debug, Clone, Copy)]
pub enum UploadTarget<'a> {
    Gpu(&'a Gpu),
    Memory,
}

impl UploadTarget<'_> {
    /// The largest side a photo may have here.
    fn max_side(&self) -> u32 {
        match self {
            Self::Gpu(gpu) => gpu.device.limits().max_texture_dimension_2d,
            Self::Memory => u32::MAX,
        }
    }
}

/// What the stripes are written into.
#[derive(Debug)]
enum Destination {
    /// The texture, and its pixels kept in memory (see [`GpuPhoto`]).
    Texture(PhotoTexture, Vec<u8>),
    Memory(Vec<u16>),
}

/// Bytes copied to the GPU per frame (and into the pixels kept): a whole 1080p photo, a 4K
/// photo over four frames.
pub const BYTES_PER_FRAME: u64 = 1920 * 1080 * 4;

/// Bytes converted to linear light per frame for the software rung, which costs far more
/// than a copy: a 1080p photo over four frames. A whole one in a frame cost that frame 20 ms
/// and more (`soak --screensaver --transition crossfade` on two monitors: 17 frames over
/// twice the refresh period in 30 s on the 1080p monitor; a quarter of it, none).
pub const MEMORY_BYTES_PER_FRAME: u64 = 1920 * 1080;

/// The bytes an upload to `target` may take each frame.
pub fn bytes_per_frame(target: &UploadTarget<'_>) -> u64 {
    match target {
        UploadTarget::Gpu(_) => BYTES_PER_FRAME,
        UploadTarget::Memory => MEMORY_BYTES_PER_FRAME,
    }
}

/// Why a frame could not be uploaded. Each but `RendererChanged` is the worker's fault, never
/// the photo's.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Slot(#[from] SegmentError),
    #[error("the worker rewrote the frame while it was being uploaded")]
    Torn,
    /// The session demoted to a rung without this upload's GPU: not the worker's fault.
    #[error("the renderer changed during the upload")]
    RendererChanged,
    #[error("a {width}x{height} frame is larger than {limit_w}x{limit_h}, what {what}")]
    TooLarge {
        width: u32,
        height: u32,
        limit_w: u32,
        limit_h: u32,
        what: &'static str,
    },
}

/// A photo on its way from its slot to a texture.
#[derive(Debug)]
pub struct Upload {
    lease: FrameLease,
    destination: Destination,
    width: u32,
    height: u32,
    /// The frame as described when the upload began; it must not change under it.
    frame: ValidFrame,
    next_row: u32,
}

/// Where an upload stands after a step.
#[derive(Debug)]
pub enum Step {
    Partly(Upload),
    Done(Photo),
    Failed(FrameLease, UploadError),
}

impl Upload {
    /// Checks the frame's size (larger than asked for, or than the GPU holds, is refused
    /// before any GPU memory is allocated) and makes its texture.
    /// Answers `Partly` with the upload begun, or `Failed`.
    pub fn begin(target: UploadTarget<'_>, lease: FrameLease) -> Step {
        let frame = match lease.read() {
            Ok(read) => read.frame(),
            Err(e) => return Step::Failed(lease, e.into()),
        };
        let (width, height) = (frame.width, frame.height);
        if let Err(e) = check_size((width, height), lease.requested(), target.max_side()) {
            return Step::Failed(lease, e);
        }
        let destination = match target {
            UploadTarget::Gpu(gpu) => Destination::Texture(
                PhotoTexture::empty(&gpu.device, width, height),
                Vec::with_capacity(width as usize * height as usize * 4),
            ),
            UploadTarget::Memory => {
                Destination::Memory(Vec::with_capacity(width as usize * height as usize * 3))
            }
        };
        Step::Partly(Self {
            destination,
            width,
            height,
            lease,
            frame,
            next_row: 0,
        })
    }

    /// Bytes still to copy.
    pub fn remaining_bytes(&self) -> u64 {
        let rows = self.height.saturating_sub(self.next_row) as u64;
        rows * self.width as u64 * 4
    }

    /// Copies the next stripe of at most `budget` bytes straight from the mapped slot (onto
    /// the GPU through `gpu`'s queue, or into memory).
    pub fn step(mut self, gpu: Option<&Gpu>, budget: u64) -> Step {
        let read = match self.lease.read() {
            Ok(read) => read,
            Err(e) => return Step::Failed(self.lease, e.into()),
        };
        let info = read.frame();
        // Rewritten under us (even with its sequence kept): torn.
        if info != self.frame || self.next_row >= info.height {
            return Step::Failed(self.lease, UploadError::Torn);
        }
        let end = stripe_end(self.next_row, info.height, info.stride, budget);
        let pixels = PixelsRef {
            width: info.width,
            height: info.height,
            stride: info.stride,
            bytes: read.pixels(),
        };
        match (&mut self.destination, gpu) {
            (Destination::Texture(texture, kept), Some(gpu)) => {
                texture.write_rows(&gpu.queue, pixels, self.next_row..end);
                let stride = info.stride as usize;
                for row in self.next_row as usize..end as usize {
                    let start = row * stride;
                    kept.extend_from_slice(&pixels.bytes[start..start + info.width as usize * 4]);
                }
            }
            (Destination::Memory(linear), _) => {
                let stride = info.stride as usize;
                for row in self.next_row as usize..end as usize {
                    let start = row * stride;
                    append_linear_row(
                        &pixels.bytes[start..start + info.width as usize * 4],
                        linear,
                    );
                }
            }
            (Destination::Texture(..), None) => {
                return Step::Failed(self.lease, UploadError::RendererChanged);
            }
        }
        if !read.still_valid() {
            return Step::Failed(self.lease, UploadError::Torn);
        }
        self.next_row = end;
        if end < self.height {
            return Step::Partly(self);
        }
        Step::Done(match self.destination {
            Destination::Texture(texture, kept) => Photo::Texture(GpuPhoto {
                texture,
                pixels: kept.into(),
            }),
            Destination::Memory(linear) => Photo::Memory(Arc::new(CpuPhoto::from_linear(
                self.width,
                self.height,
                linear,
            ))),
        })
    }
}

/// Where the stripe that starts at `row` ends: as many rows of `stride` bytes as `budget` holds,
/// at least one (progress every frame), at most to the last row.
fn stripe_end(row: u32, height: u32, stride: u32, budget: u64) -> u32 {
    let rows = (budget / stride.max(1) as u64).clamp(1, u32::MAX as u64) as u32;
    row.saturating_add(rows).min(height)
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

    /// How many frames a photo of `width` x `height` takes to upload.
    fn frames_to_upload(width: u32, height: u32) -> usize {
        let (mut row, mut frames) = (0, 0);
        while row < height {
            row = stripe_end(row, height, width * 4, BYTES_PER_FRAME);
            frames += 1;
        }
        frames
    }

    #[test]
    fn a_4k_photo_goes_up_in_four_stripes_and_a_1080p_one_at_once() {
        assert_eq!(frames_to_upload(3840, 2160), 4);
        assert_eq!(frames_to_upload(1920, 1080), 1);
        // Ken Burns headroom at 4K: six frames, none over the budget.
        assert_eq!(frames_to_upload(4608, 2592), 6);
        // A row wider than the budget still moves on, one row a frame.
        assert_eq!(stripe_end(0, 10, u32::MAX, BYTES_PER_FRAME), 1);
        assert_eq!(stripe_end(9, 10, 4, BYTES_PER_FRAME), 10);
    }

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
