//! HEIC and AVIF photos (the HEIF container), decoded by the system's libheif.
//!
//! Phones save HEIC by default and AVIF is spreading; libheif (with libde265 and dav1d behind
//! it) is what every Linux image viewer uses for them. It runs only here, in a worker process,
//! so a crash on a hostile file costs a restart and quarantines the file, never the show.

use image::RgbaImage;
use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};

use crate::error::LoadError;
use crate::limits::check_size;

/// The brands of the ISO base media `ftyp` box that mark a HEIF still image (HEVC or AV1).
const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis",
];

/// Whether `bytes` start like a HEIF file (sniffed, like every other format, not named).
pub fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && HEIF_BRANDS.iter().any(|brand| bytes[8..12] == brand[..])
}

/// Decodes the primary image of a HEIF file to RGBA8, upright: libheif applies the container's
/// rotation and mirroring, which is where HEIF keeps orientation (its EXIF copy is not applied
/// again). The size is checked against the limits before any pixel is decoded.
pub fn decode(bytes: &[u8], max_pixels: u64, shown: &str) -> Result<RgbaImage, LoadError> {
    let heif_err = |e: libheif_rs::HeifError| LoadError::Heif {
        path: shown.to_owned(),
        message: e.message,
    };
    let context = HeifContext::read_from_bytes(bytes).map_err(heif_err)?;
    let handle = context.primary_image_handle().map_err(heif_err)?;
    check_size(handle.width(), handle.height(), max_pixels, shown)?;
    let image = LibHeif::new()
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgba), None)
        .map_err(heif_err)?;
    let planes = image.planes();
    let plane = planes.interleaved.ok_or_else(|| LoadError::Heif {
        path: shown.to_owned(),
        message: "no interleaved RGBA plane after decoding".into(),
    })?;
    let row_bytes = plane.width as usize * 4;
    let mut pixels = Vec::with_capacity(row_bytes * plane.height as usize);
    for row in plane.data.chunks(plane.stride).take(plane.height as usize) {
        pixels.extend_from_slice(row.get(..row_bytes).ok_or_else(|| LoadError::Heif {
            path: shown.to_owned(),
            message: "decoded rows are shorter than the image".into(),
        })?);
    }
    RgbaImage::from_raw(plane.width, plane.height, pixels).ok_or_else(|| LoadError::Heif {
        path: shown.to_owned(),
        message: "decoded size does not match the image".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_heic_and_avif_by_their_brand() {
        let header = |brand: &[u8; 4]| {
            let mut bytes = vec![0, 0, 0, 24];
            bytes.extend_from_slice(b"ftyp");
            bytes.extend_from_slice(brand);
            bytes.extend_from_slice(&[0; 12]);
            bytes
        };
        assert!(is_heif(&header(b"heic")));
        assert!(is_heif(&header(b"avif")));
        assert!(is_heif(&header(b"mif1")));
        assert!(!is_heif(&header(b"isom")), "an MP4 video is not a photo");
        assert!(!is_heif(b"\xff\xd8\xff\xe0 JPEG"));
        assert!(!is_heif(b""));
    }
}
