//! The description of the pixels in a frame slot, and its validation.
//!
//! A descriptor is written by a worker, which the UI does not trust: a broken or hostile worker
//! may write anything. [`FrameDescriptor::validate`] is the one gate between those numbers and a
//! read of pixel memory; it is pure so that it can be property-tested.

use serde::{Deserialize, Serialize};

/// How the pixels of a slot are laid out. Only one format exists today; the field is there so
/// that a new one is a protocol change the UI can reject rather than misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[repr(u32)]
pub enum PixelFormat {
    /// 8-bit sRGB red, green, blue, alpha; 4 bytes per pixel.
    Rgba8Srgb = 1,
}

impl PixelFormat {
    pub fn from_raw(raw: u32) -> Option<Self> {
        match raw {
            1 => Some(Self::Rgba8Srgb),
            _ => None,
        }
    }

    pub fn bytes_per_pixel(self) -> u32 {
        match self {
            Self::Rgba8Srgb => 4,
        }
    }
}

/// The raw descriptor as it sits in a slot header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameDescriptor {
    pub width: u32,
    pub height: u32,
    /// Bytes from the start of one row to the start of the next.
    pub stride: u32,
    pub format: u32,
    /// The decode request this frame answers.
    pub request_id: u64,
}

/// A descriptor that has been checked against the slot it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidFrame {
    pub width: u32,
    pub height: u32,
    pub stride: u32,
    pub format: PixelFormat,
    pub request_id: u64,
}

impl ValidFrame {
    /// Bytes the frame occupies from the start of its slot (the last row needs no padding).
    pub fn byte_len(&self) -> usize {
        self.stride as usize * (self.height as usize - 1)
            + self.width as usize * self.format.bytes_per_pixel() as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptorError {
    #[error("unknown pixel format {0}")]
    UnknownFormat(u32),
    #[error("empty frame {width}x{height}")]
    Empty { width: u32, height: u32 },
    #[error("frame {width}x{height} is larger than the {max}x{max} limit")]
    TooLarge { width: u32, height: u32, max: u32 },
    #[error("stride {stride} is shorter than a row of {row} bytes")]
    StrideTooShort { stride: u32, row: u64 },
    #[error("stride {stride} is not a multiple of the pixel size")]
    StrideMisaligned { stride: u32 },
    #[error("frame needs {needed} bytes but its slot holds {slot_bytes}")]
    Overflow { needed: u64, slot_bytes: u64 },
}

/// Larger than any display; bounds every size computation to values far from overflow.
pub const MAX_DIMENSION: u32 = 16_384;

impl FrameDescriptor {
    /// Checks that the frame fits entirely within a slot of `slot_bytes` bytes.
    pub fn validate(&self, slot_bytes: u64) -> Result<ValidFrame, DescriptorError> {
        let format = PixelFormat::from_raw(self.format)
            .ok_or(DescriptorError::UnknownFormat(self.format))?;
        let (width, height, stride) = (self.width, self.height, self.stride);
        if width == 0 || height == 0 {
            return Err(DescriptorError::Empty { width, height });
        }
        if width > MAX_DIMENSION || height > MAX_DIMENSION {
            return Err(DescriptorError::TooLarge {
                width,
                height,
                max: MAX_DIMENSION,
            });
        }
        let bpp = format.bytes_per_pixel() as u64;
        let row = width as u64 * bpp;
        if (stride as u64) < row {
            return Err(DescriptorError::StrideTooShort { stride, row });
        }
        if !(stride as u64).is_multiple_of(bpp) {
            return Err(DescriptorError::StrideMisaligned { stride });
        }
        // u64 cannot overflow here: stride < 2^32 and height <= 2^14.
        let needed = stride as u64 * (height as u64 - 1) + row;
        if needed > slot_bytes {
            return Err(DescriptorError::Overflow { needed, slot_bytes });
        }
        Ok(ValidFrame {
            width,
            height,
            stride,
            format,
            request_id: self.request_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rgba(width: u32, height: u32, stride: u32) -> FrameDescriptor {
        FrameDescriptor {
            width,
            height,
            stride,
            format: PixelFormat::Rgba8Srgb as u32,
            request_id: 1,
        }
    }

    #[test]
    fn accepts_a_frame_that_exactly_fills_its_slot() {
        let frame = rgba(4, 2, 16).validate(32).unwrap();
        assert_eq!(frame.byte_len(), 32);
    }

    #[test]
    fn rejects_each_kind_of_bad_descriptor() {
        assert!(matches!(
            rgba(4, 2, 16).validate(31),
            Err(DescriptorError::Overflow { .. })
        ));
        assert!(matches!(
            rgba(0, 2, 16).validate(64),
            Err(DescriptorError::Empty { .. })
        ));
        assert!(matches!(
            rgba(4, 2, 12).validate(64),
            Err(DescriptorError::StrideTooShort { .. })
        ));
        assert!(matches!(
            rgba(4, 2, 18).validate(64),
            Err(DescriptorError::StrideMisaligned { .. })
        ));
        let mut unknown = rgba(4, 2, 16);
        unknown.format = 7;
        assert_eq!(unknown.validate(64), Err(DescriptorError::UnknownFormat(7)));
        assert!(matches!(
            rgba(u32::MAX, u32::MAX, u32::MAX).validate(u64::MAX),
            Err(DescriptorError::TooLarge { .. })
        ));
    }

    proptest! {
        /// Whatever a worker writes, an accepted frame never reaches past its slot.
        #[test]
        fn accepted_frames_stay_inside_the_slot(
            width in any::<u32>(), height in any::<u32>(), stride in any::<u32>(),
            format in 0u32..4, slot_bytes in 0u64..(1 << 34),
        ) {
            let descriptor = FrameDescriptor { width, height, stride, format, request_id: 0 };
            if let Ok(frame) = descriptor.validate(slot_bytes) {
                let last_row_start = frame.stride as u64 * (frame.height as u64 - 1);
                let last_row_end = last_row_start + frame.width as u64 * 4;
                prop_assert!(last_row_end <= slot_bytes);
                prop_assert_eq!(frame.byte_len() as u64, last_row_end);
            }
        }

        /// Every frame that fits is accepted: validation is not stricter than the bounds.
        #[test]
        fn fitting_frames_are_accepted(width in 1u32..2048, height in 1u32..2048, pad in 0u32..64) {
            let stride = width * 4 + pad * 4;
            let needed = stride as u64 * (height as u64 - 1) + width as u64 * 4;
            prop_assert!(rgba(width, height, stride).validate(needed).is_ok());
        }
    }
}
