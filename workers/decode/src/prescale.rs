//! Fitting decoded pixels to a display rectangle, written straight into the destination memory.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use framewave_protocol::Fit;
use image::RgbaImage;

#[derive(Debug, thiserror::Error)]
pub enum PrescaleError {
    #[error("destination of {have} bytes cannot hold {width}x{height} RGBA")]
    DestinationTooSmall {
        width: u32,
        height: u32,
        have: usize,
    },
    #[error("resize failed: {0}")]
    Resize(String),
}

/// Scales `source` to `width`×`height` according to `fit` into `destination`, a tightly packed
/// RGBA8 buffer (stride `width * 4`), with Lanczos3 resampling.
pub fn prescale_into(
    source: &RgbaImage,
    destination: &mut [u8],
    width: u32,
    height: u32,
    fit: Fit,
) -> Result<(), PrescaleError> {
    let needed = width as usize * height as usize * 4;
    if width == 0 || height == 0 || destination.len() < needed {
        return Err(PrescaleError::DestinationTooSmall {
            width,
            height,
            have: destination.len(),
        });
    }
    let resize_err = |e: &dyn std::fmt::Display| PrescaleError::Resize(e.to_string());
    let src = ImageRef::new(
        source.width(),
        source.height(),
        source.as_raw(),
        PixelType::U8x4,
    )
    .map_err(|e| resize_err(&e))?;
    let mut dst = Image::from_slice_u8(width, height, &mut destination[..needed], PixelType::U8x4)
        .map_err(|e| resize_err(&e))?;
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let options = match fit {
        // Crop the source to the destination's aspect ratio, centred, then scale: "cover".
        Fit::Fill => options.fit_into_destination(Some((0.5, 0.5))),
    };
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| resize_err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_crops_the_overflowing_sides_and_keeps_the_centre() {
        // 4x2 source: left half red, right half blue, centre column pair green.
        let mut source = RgbaImage::new(40, 20);
        for (x, _, pixel) in source.enumerate_pixels_mut() {
            *pixel = match x {
                0..10 => image::Rgba([255, 0, 0, 255]),
                10..30 => image::Rgba([0, 255, 0, 255]),
                _ => image::Rgba([0, 0, 255, 255]),
            };
        }
        // A square target keeps only the middle 20 columns: all green.
        let mut out = vec![0; 10 * 10 * 4];
        prescale_into(&source, &mut out, 10, 10, Fit::Fill).unwrap();
        for pixel in out.chunks_exact(4) {
            assert!(
                pixel[1] > 240 && pixel[0] < 15 && pixel[2] < 15,
                "{pixel:?}"
            );
        }
    }

    #[test]
    fn refuses_a_destination_that_is_too_small() {
        let source = RgbaImage::new(8, 8);
        let mut out = vec![0; 15];
        assert!(prescale_into(&source, &mut out, 2, 2, Fit::Fill).is_err());
    }
}
