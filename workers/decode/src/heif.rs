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

/// Whether `bytes` start like a HEIF file (sniffed, like every other format, not named): an
/// `ftyp` box whose major brand, or one of its compatible brands, is a HEIF one.
pub fn is_heif(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = box_len.clamp(16, bytes.len());
    // Major brand at 8, minor version at 12, compatible brands from 16 to the box's end.
    let major = std::iter::once(&bytes[8..12]);
    let compatible = bytes[16..end].chunks_exact(4);
    major
        .chain(compatible)
        .any(|brand| HEIF_BRANDS.iter().any(|heif| brand == &heif[..]))
}

/// Decodes the primary image of a HEIF file to RGBA8, upright: libheif applies the container's
/// rotation and mirroring, which is where HEIF keeps orientation (its EXIF copy is not applied
/// again). The size is checked against the limits before any pixel is decoded, and again
/// after (a tiled image's real size is only known once decoded).
pub fn decode(bytes: &[u8], max_pixels: u64, shown: &str) -> Result<RgbaImage, LoadError> {
    let heif_err = |e: libheif_rs::HeifError| LoadError::Heif {
        path: shown.to_owned(),
        message: e.message,
    };
    let invalid = |message: &str| LoadError::Heif {
        path: shown.to_owned(),
        message: message.to_owned(),
    };
    // Initialised before, and released after, the context that uses it.
    let libheif = LibHeif::new();
    let mut context = HeifContext::read_from_bytes(bytes).map_err(heif_err)?;
    // One decoding thread: the pool is sized to leave a core to the render loop.
    context.set_max_decoding_threads(0);
    let handle = context.primary_image_handle().map_err(heif_err)?;
    check_size(handle.width(), handle.height(), max_pixels, shown)?;
    let image = libheif
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgba), None)
        .map_err(heif_err)?;
    let planes = image.planes();
    let plane = planes
        .interleaved
        .ok_or_else(|| invalid("no interleaved RGBA plane after decoding"))?;
    check_size(plane.width, plane.height, max_pixels, shown)?;
    let row_bytes = plane.width as usize * 4;
    if plane.storage_bits_per_pixel != 32 || plane.stride < row_bytes {
        return Err(invalid("decoded pixels are not 8-bit RGBA rows"));
    }
    let mut pixels = Vec::with_capacity(row_bytes * plane.height as usize);
    for row in plane.data.chunks(plane.stride).take(plane.height as usize) {
        let row = row
            .get(..row_bytes)
            .ok_or_else(|| invalid("decoded rows are shorter than the image"))?;
        pixels.extend_from_slice(row);
    }
    RgbaImage::from_raw(plane.width, plane.height, pixels)
        .ok_or_else(|| invalid("decoded size does not match the image"))
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
        // Major brand unknown, HEIF among the compatible ones.
        let mut listed = vec![0, 0, 0, 24];
        listed.extend_from_slice(b"ftypXXXX\0\0\0\0isommif1");
        assert!(is_heif(&listed));
        assert!(!is_heif(&header(b"isom")), "an MP4 video is not a photo");
        assert!(!is_heif(b"\xff\xd8\xff\xe0 JPEG"));
        assert!(!is_heif(b""));
    }
}
