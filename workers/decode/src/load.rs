//! Decoding a photo file into upright sRGB RGBA8 pixels.

use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbaImage};

/// Photos larger than this on either side are refused before any pixel is allocated.
pub const MAX_SIDE: u32 = 20_000;
/// Upper bound on what one decode may allocate (a 100-megapixel RGBA image is 400 MB).
pub const MAX_ALLOC_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot decode {path}: {source}")]
    Decode {
        path: String,
        #[source]
        source: image::ImageError,
    },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} is {width}x{height}: more than the {max_pixels}-pixel limit")]
    TooLarge {
        path: String,
        width: u32,
        height: u32,
        max_pixels: u64,
    },
}

/// Decodes `path` (format sniffed from its bytes, not its name), applies its EXIF orientation and
/// converts it to RGBA8. Dimensions are checked against `max_pixels` and the decoder's limits
/// before the image is allocated.
pub fn load_oriented(path: &Path, max_pixels: u64) -> Result<RgbaImage, LoadError> {
    let shown = path.display().to_string();
    let decode_err = |source| LoadError::Decode {
        path: shown.clone(),
        source,
    };
    let mut reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|source| LoadError::Io {
            path: shown.clone(),
            source,
        })?;
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Err(LoadError::Empty { path: shown });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let (width, height) = decoder.dimensions();
    if width as u64 * height as u64 > max_pixels {
        return Err(LoadError::TooLarge {
            path: shown,
            width,
            height,
            max_pixels,
        });
    }
    let orientation = decoder.orientation().map_err(decode_err)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}
