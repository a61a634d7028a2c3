//! JPEG fixtures carrying EXIF, as cameras write it: an APP1 segment right after SOI holding a
//! big-endian TIFF structure, the orientation in IFD0 and the date taken in the Exif IFD.

use image::{DynamicImage, ImageFormat};

fn entry(tag: u16, kind: u16, count: u32, value: [u8; 4]) -> Vec<u8> {
    let mut bytes = tag.to_be_bytes().to_vec();
    bytes.extend_from_slice(&kind.to_be_bytes());
    bytes.extend_from_slice(&count.to_be_bytes());
    bytes.extend_from_slice(&value);
    bytes
}

/// `pixels` as a JPEG with an EXIF orientation (1–8) and/or a `DateTimeOriginal`
/// ("YYYY:MM:DD HH:MM:SS").
pub fn jpeg_with_exif(
    pixels: &DynamicImage,
    orientation: Option<u16>,
    taken: Option<&str>,
) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    let ifd0_entries = orientation.is_some() as usize + taken.is_some() as usize;
    let ifd0_len = 2 + 12 * ifd0_entries + 4;
    let exif_ifd_at = 8 + ifd0_len as u32;
    let date_at = exif_ifd_at + 2 + 12 + 4;

    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec(); // big-endian, IFD0 at offset 8
    tiff.extend_from_slice(&(ifd0_entries as u16).to_be_bytes());
    if let Some(orientation) = orientation {
        let [hi, lo] = orientation.to_be_bytes();
        tiff.extend(entry(0x0112, SHORT, 1, [hi, lo, 0, 0]));
    }
    if taken.is_some() {
        tiff.extend(entry(0x8769, LONG, 1, exif_ifd_at.to_be_bytes())); // Exif IFD pointer
    }
    tiff.extend_from_slice(&[0; 4]); // no next IFD
    if let Some(taken) = taken {
        let mut text = taken.as_bytes().to_vec();
        text.push(0);
        tiff.extend_from_slice(&1u16.to_be_bytes());
        tiff.extend(entry(
            0x9003,
            ASCII,
            text.len() as u32,
            date_at.to_be_bytes(),
        ));
        tiff.extend_from_slice(&[0; 4]);
        tiff.extend_from_slice(&text);
    }

    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(pixels.to_rgb8())
        .write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A small grey JPEG taken at `date` ("YYYY:MM:DD HH:MM:SS").
pub fn jpeg_taken_at(date: &str) -> Vec<u8> {
    let pixels = DynamicImage::new_rgb8(16, 16);
    jpeg_with_exif(&pixels, None, Some(date))
}
