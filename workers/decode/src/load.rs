//! Decoding a photo file into upright sRGB RGBA8 pixels.

use std::io::Cursor;
use std::path::Path;

use framewave_protocol::Fit;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbaImage};

use crate::error::LoadError;
use crate::limits::{MAX_ALLOC_BYTES, MAX_SIDE, check_size};

/// What the decoded photo will be fitted to; lets the decoder skip detail that would be
/// thrown away (JPEG can decode at 1/2, 1/4 or 1/8 scale almost for free).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub width: u32,
    pub height: u32,
    pub fit: Fit,
}

/// Decodes `path` at full size (format sniffed from its bytes, not its name), applies its EXIF
/// orientation and converts it to RGBA8.
pub fn load_oriented(path: &Path, max_pixels: u64) -> Result<RgbaImage, LoadError> {
    let shown = path.display().to_string();
    load(&read(path, &shown)?, &shown, max_pixels, None)
}

/// Like [`load_oriented`], but may return a smaller image that still has every pixel needed to
/// fit `target` at full quality.
pub fn load_for_target(
    path: &Path,
    max_pixels: u64,
    target: Target,
) -> Result<RgbaImage, LoadError> {
    let shown = path.display().to_string();
    load(&read(path, &shown)?, &shown, max_pixels, Some(target))
}

/// Like [`load_for_target`], for a file already read into memory (`shown` names it in errors).
pub fn load_bytes_for_target(
    bytes: &[u8],
    shown: &str,
    max_pixels: u64,
    target: Target,
) -> Result<RgbaImage, LoadError> {
    load(bytes, shown, max_pixels, Some(target))
}

fn read(path: &Path, shown: &str) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.to_owned(),
        source,
    })
}

fn load(
    bytes: &[u8],
    shown: &str,
    max_pixels: u64,
    target: Option<Target>,
) -> Result<RgbaImage, LoadError> {
    let shown = shown.to_owned();
    if bytes.is_empty() {
        return Err(LoadError::Empty { path: shown });
    }
    if crate::heif::is_heif(bytes) {
        return crate::heif::decode(bytes, max_pixels, &shown);
    }
    let decode_err = |source| LoadError::Decode {
        path: shown.clone(),
        source,
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|source| LoadError::Io {
            path: shown.clone(),
            source,
        })?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC_BYTES);
    reader.limits(limits);
    let is_jpeg = reader.format() == Some(image::ImageFormat::Jpeg);
    // Reading the header is all into_decoder does: no pixel is decoded yet.
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, max_pixels, &shown)?;
    let orientation = decoder.orientation().map_err(decode_err)?;
    let reduced = match target {
        Some(target) if is_jpeg => {
            decode_jpeg_reduced(bytes, (width, height), orientation, target, &shown)?
        }
        _ => None,
    };
    let mut image = match reduced {
        Some(image) => image,
        None => DynamicImage::from_decoder(decoder).map_err(decode_err)?,
    };
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}

/// Decodes a JPEG at the smallest DCT scale that still covers `target`, or returns `None`
/// when that brings nothing (a small photo) or the colour model needs the full decoder.
fn decode_jpeg_reduced(
    bytes: &[u8],
    stored: (u32, u32),
    orientation: Orientation,
    target: Target,
    shown: &str,
) -> Result<Option<DynamicImage>, LoadError> {
    let quarter_turn = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let upright = if quarter_turn {
        (stored.1, stored.0)
    } else {
        stored
    };
    let scale = needed_scale(upright, target);
    if scale >= 0.5 {
        return Ok(None);
    }
    let jpeg_err = |e: jpeg_decoder::Error| LoadError::Jpeg {
        path: shown.to_owned(),
        message: e.to_string(),
    };
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(MAX_ALLOC_BYTES as usize);
    decoder.read_info().map_err(jpeg_err)?;
    let format = decoder.info().map(|info| info.pixel_format);
    if !matches!(
        format,
        Some(jpeg_decoder::PixelFormat::RGB24 | jpeg_decoder::PixelFormat::L8)
    ) {
        return Ok(None); // CMYK and 16-bit: the full decoder handles their colour.
    }
    let request =
        |side: u32| ((side as f64 * scale).ceil() as u32).clamp(1, u16::MAX as u32) as u16;
    let (width, height) = decoder
        .scale(request(stored.0), request(stored.1))
        .map_err(jpeg_err)?;
    let pixels = decoder.decode().map_err(jpeg_err)?;
    let (width, height) = (width as u32, height as u32);
    let image = match format {
        Some(jpeg_decoder::PixelFormat::L8) => {
            image::GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8),
    };
    image.map(Some).ok_or_else(|| LoadError::Jpeg {
        path: shown.to_owned(),
        message: "decoded size does not match its header".into(),
    })
}

/// The factor the upright photo is scaled by to fit `target`.
fn needed_scale(upright: (u32, u32), target: Target) -> f64 {
    let sx = target.width as f64 / upright.0.max(1) as f64;
    let sy = target.height as f64 / upright.1.max(1) as f64;
    match target.fit {
        Fit::Fill => sx.max(sy),
        Fit::Fit => sx.min(sy),
        Fit::FitNoUpscale => sx.min(sy).min(1.0),
    }
}
