//! The sizes photos are prepared at: a window's, grown by the headroom Ken Burns zooms
//! within, and never larger than a decode slot holds.

use crate::app::ShowOptions;
use crate::render::ken_burns;

/// The size to prepare photos at for a window of `window` pixels: with the headroom Ken Burns
/// zooms within, and no larger than a decode slot holds.
pub(super) fn prepared_size(
    options: &ShowOptions,
    window: (u32, u32),
    max_frame: (u32, u32),
) -> (u32, u32) {
    fit_within(with_motion_headroom(options, window), max_frame)
}

/// `size` grown by the headroom Ken Burns zooms within, when it is on.
pub(super) fn with_motion_headroom(options: &ShowOptions, size: (u32, u32)) -> (u32, u32) {
    if options.ken_burns {
        ken_burns::with_headroom(size)
    } else {
        size
    }
}

/// Scales `size` down, keeping its aspect ratio, until it fits inside `limit`.
pub(super) fn fit_within(size: (u32, u32), limit: (u32, u32)) -> (u32, u32) {
    let scale = (limit.0 as f64 / size.0.max(1) as f64)
        .min(limit.1 as f64 / size.1.max(1) as f64)
        .min(1.0);
    let scaled = |v: u32| ((v as f64 * scale).floor() as u32).max(1);
    (scaled(size.0), scaled(size.1))
}

#[cfg(test)]
mod tests {
    use super::fit_within;

    #[test]
    fn sizes_are_only_ever_scaled_down() {
        assert_eq!(fit_within((1280, 720), (1920, 1080)), (1280, 720));
        assert_eq!(fit_within((3840, 2160), (1920, 1080)), (1920, 1080));
        assert_eq!(fit_within((4000, 1000), (2000, 2000)), (2000, 500));
    }
}
