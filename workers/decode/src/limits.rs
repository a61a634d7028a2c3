//! What one decode may cost, checked from a photo's header before any pixel is allocated.

use crate::error::LoadError;

/// Photos larger than this on either side are refused before any pixel is allocated.
pub const MAX_SIDE: u32 = 20_000;
/// Upper bound on what one decode may allocate (a 100-megapixel RGBA image is 400 MB).
pub const MAX_ALLOC_BYTES: u64 = 512 * 1024 * 1024;

/// Refuses a photo whose header declares more than the limits allow (a decompression bomb).
pub fn check_size(width: u32, height: u32, max_pixels: u64, shown: &str) -> Result<(), LoadError> {
    if width > MAX_SIDE || height > MAX_SIDE || width as u64 * height as u64 > max_pixels {
        return Err(LoadError::TooLarge {
            path: shown.to_owned(),
            width,
            height,
            max_pixels,
            max_side: MAX_SIDE,
        });
    }
    Ok(())
}
