//! Fitting decoded pixels to a display rectangle, written straight into the destination memory.

use fast_image_resize::images::{CroppedImageMut, Image, ImageRef};
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

fn resize_err(e: impl std::fmt::Display) -> PrescaleError {
    PrescaleError::Resize(e.to_string())
}

/// The background of `Fit` is built at this fraction of the display size: blurring a small
/// image and scaling it up is both cheap and smooth.
const BACKDROP_DIVISOR: u32 = 16;
/// How much of the backdrop's brightness is kept, so the photo stands out from it.
const BACKDROP_BRIGHTNESS: u32 = 140; // of 256

/// Scales `source` to `width`×`height` according to `fit` into `destination`, a tightly packed
/// RGBA8 buffer (stride `width * 4`). The photo itself is resampled with Lanczos3.
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
    let src = ImageRef::new(
        source.width(),
        source.height(),
        source.as_raw(),
        PixelType::U8x4,
    )
    .map_err(resize_err)?;
    let mut dst = Image::from_slice_u8(width, height, &mut destination[..needed], PixelType::U8x4)
        .map_err(resize_err)?;
    let lanczos = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut resizer = Resizer::new();
    if fit == Fit::Fill {
        // Crop the source to the destination's aspect ratio, centred, then scale: "cover".
        let cover = lanczos.fit_into_destination(Some((0.5, 0.5)));
        return resizer.resize(&src, &mut dst, &cover).map_err(resize_err);
    }
    let (photo_w, photo_h) = contained_size(
        (source.width(), source.height()),
        (width, height),
        fit == Fit::Fit,
    );
    if (photo_w, photo_h) != (width, height) {
        draw_backdrop(&mut resizer, &src, &mut dst)?;
    }
    let (left, top) = ((width - photo_w) / 2, (height - photo_h) / 2);
    let mut photo_area =
        CroppedImageMut::new(&mut dst, left, top, photo_w, photo_h).map_err(resize_err)?;
    resizer
        .resize(&src, &mut photo_area, &lanczos)
        .map_err(resize_err)
}

/// The largest size with the photo's aspect ratio that fits in `target` (never larger than
/// the photo itself unless `upscale`).
pub fn contained_size(photo: (u32, u32), target: (u32, u32), upscale: bool) -> (u32, u32) {
    let scale =
        (target.0 as f64 / photo.0.max(1) as f64).min(target.1 as f64 / photo.1.max(1) as f64);
    let scale = if upscale { scale } else { scale.min(1.0) };
    let side = |v: u32, limit: u32| ((v as f64 * scale).round() as u32).clamp(1, limit);
    (side(photo.0, target.0), side(photo.1, target.1))
}

/// Fills `dst` with a blurred, darkened copy of the photo covering it.
fn draw_backdrop(
    resizer: &mut Resizer,
    src: &ImageRef<'_>,
    dst: &mut Image<'_>,
) -> Result<(), PrescaleError> {
    let small_w = (dst.width() / BACKDROP_DIVISOR).max(1);
    let small_h = (dst.height() / BACKDROP_DIVISOR).max(1);
    let mut small = Image::new(small_w, small_h, PixelType::U8x4);
    let cover_small = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Box))
        .fit_into_destination(Some((0.5, 0.5)));
    resizer
        .resize(src, &mut small, &cover_small)
        .map_err(resize_err)?;
    let mut pixels = small.into_vec();
    box_blur(&mut pixels, small_w as usize, small_h as usize, 2);
    for value in pixels.chunks_exact_mut(4).flat_map(|p| &mut p[..3]) {
        *value = ((*value as u32 * BACKDROP_BRIGHTNESS) >> 8) as u8;
    }
    let small =
        Image::from_vec_u8(small_w, small_h, pixels, PixelType::U8x4).map_err(resize_err)?;
    let smooth_up = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
    resizer.resize(&small, dst, &smooth_up).map_err(resize_err)
}

/// Three passes of a separable box blur approximate a Gaussian; the image is tiny, so this is
/// cheap. Edges clamp.
fn box_blur(pixels: &mut [u8], width: usize, height: usize, radius: usize) {
    let mut scratch = pixels.to_vec();
    for _ in 0..3 {
        blur_pass(pixels, &mut scratch, width, height, radius, true);
        blur_pass(&scratch, pixels, width, height, radius, false);
    }
}

fn blur_pass(
    from: &[u8],
    to: &mut [u8],
    width: usize,
    height: usize,
    radius: usize,
    horizontal: bool,
) {
    let span = (2 * radius + 1) as u32;
    for y in 0..height {
        for x in 0..width {
            let mut sum = [0u32; 4];
            for offset in 0..=2 * radius {
                let (sx, sy) = if horizontal {
                    ((x + offset).saturating_sub(radius).min(width - 1), y)
                } else {
                    (x, (y + offset).saturating_sub(radius).min(height - 1))
                };
                let i = (sy * width + sx) * 4;
                for (channel, total) in sum.iter_mut().enumerate() {
                    *total += from[i + channel] as u32;
                }
            }
            let o = (y * width + x) * 4;
            for (channel, total) in sum.iter().enumerate() {
                to[o + channel] = (total / span) as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source whose left quarter is red, middle half green, right quarter blue.
    fn striped(width: u32, height: u32) -> RgbaImage {
        RgbaImage::from_fn(width, height, |x, _| match x * 4 / width {
            0 => image::Rgba([255, 0, 0, 255]),
            1 | 2 => image::Rgba([0, 255, 0, 255]),
            _ => image::Rgba([0, 0, 255, 255]),
        })
    }

    fn pixel(buffer: &[u8], width: u32, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * width + x) * 4) as usize;
        buffer[i..i + 4].try_into().unwrap()
    }

    #[test]
    fn fill_crops_the_overflowing_sides_and_keeps_the_centre() {
        // A square target of a 2:1 source keeps only the middle half: all green.
        let mut out = vec![0; 10 * 10 * 4];
        prescale_into(&striped(40, 20), &mut out, 10, 10, Fit::Fill).unwrap();
        for pixel in out.chunks_exact(4) {
            assert!(
                pixel[1] > 240 && pixel[0] < 15 && pixel[2] < 15,
                "{pixel:?}"
            );
        }
    }

    #[test]
    fn fit_shows_the_whole_photo_over_a_darker_backdrop() {
        // A 2:1 photo in a square: a 64x32 band in the middle, backdrop above and below.
        let mut out = vec![0; 64 * 64 * 4];
        prescale_into(&striped(400, 200), &mut out, 64, 64, Fit::Fit).unwrap();
        // The whole width of the photo is visible: red at the left edge, blue at the right.
        let left = pixel(&out, 64, 1, 32);
        let right = pixel(&out, 64, 62, 32);
        assert!(left[0] > 200 && left[1] < 40, "{left:?}");
        assert!(right[2] > 200 && right[1] < 40, "{right:?}");
        // Above the photo: not black (no bars), and darker than the photo.
        let above = pixel(&out, 64, 32, 4);
        assert!(above[..3].iter().any(|c| *c > 20), "black bar: {above:?}");
        assert!(above[1] < 200, "backdrop not darkened: {above:?}");
    }

    #[test]
    fn fit_without_upscaling_keeps_a_small_photo_at_its_size() {
        let mut out = vec![0; 100 * 100 * 4];
        prescale_into(&striped(20, 10), &mut out, 100, 100, Fit::FitNoUpscale).unwrap();
        assert_eq!(contained_size((20, 10), (100, 100), false), (20, 10));
        // Column 40 is inside the 20-pixel-wide photo (40..60); column 30 is backdrop.
        let inside = pixel(&out, 100, 41, 50);
        assert!(inside[0] > 200, "{inside:?}");
        let backdrop = pixel(&out, 100, 30, 50);
        assert!(backdrop[0] < 200, "{backdrop:?}");
    }

    #[test]
    fn contained_sizes() {
        assert_eq!(
            contained_size((4000, 3000), (1920, 1080), true),
            (1440, 1080)
        );
        assert_eq!(
            contained_size((1000, 4000), (1920, 1080), true),
            (270, 1080)
        );
        assert_eq!(contained_size((100, 50), (1920, 1080), true), (1920, 960));
        assert_eq!(contained_size((100, 50), (1920, 1080), false), (100, 50));
    }

    #[test]
    fn refuses_a_destination_that_is_too_small() {
        let source = RgbaImage::new(8, 8);
        let mut out = vec![0; 15];
        assert!(prescale_into(&source, &mut out, 2, 2, Fit::Fill).is_err());
    }
}
