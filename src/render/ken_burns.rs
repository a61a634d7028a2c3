//! Ken Burns: each photo slowly zooms and pans while it is on screen.
//!
//! Photos are prepared `HEADROOM` times larger than the screen, so the motion only ever shows
//! the photo at its prepared resolution or smaller: never enlarged, never soft. Each
//! appearance gets its own direction (in or out) and path, derived from its serial number, so
//! the motion is varied yet the same frame is drawn for the same instant (exact end frames).

use super::cover::UvRect;

/// How much larger than the screen photos are prepared: the zoom range.
pub const HEADROOM: f32 = 1.2;

/// The size to prepare photos at for a `screen`-sized display.
pub fn with_headroom((width, height): (u32, u32)) -> (u32, u32) {
    let grow = |side: u32| (side as f32 * HEADROOM).ceil() as u32;
    (grow(width), grow(height))
}

/// How far through its time on screen a photo is: from the start of its transition in to the
/// end of its transition out. A photo kept up longer (the next one is late) stops moving.
pub fn progress(
    on_screen: std::time::Duration,
    display: std::time::Duration,
    transition: std::time::Duration,
) -> f32 {
    let lifetime = display + transition * 2;
    (on_screen.as_secs_f32() / lifetime.as_secs_f32().max(f32::EPSILON)).min(1.0)
}

/// Where the motion may start or end, as a fraction of the slack on each axis.
const ANCHORS: [[f32; 2]; 5] = [[0.0, 0.0], [1.0, 0.0], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0]];

/// The window of the prepared photo to show for appearance `serial`, `progress` (0 to 1) of
/// the way through its time on screen; `strength` (0 to 1) of the headroom is zoomed and panned
/// through.
pub fn window(serial: u64, progress: f32, strength: f32) -> UvRect {
    let t = progress.clamp(0.0, 1.0);
    let mix = |a: f32, b: f32| a + (b - a) * t;
    // Visible fraction of the prepared photo: all of it, down to one screen's worth at full
    // strength.
    let (wide, close) = (1.0, 1.0 - (1.0 - 1.0 / HEADROOM) * strength.clamp(0.0, 1.0));
    let zoom_in = serial.is_multiple_of(2);
    let size = if zoom_in {
        mix(wide, close)
    } else {
        mix(close, wide)
    };
    let hash = serial.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32;
    let from = ANCHORS[(hash % 5) as usize];
    let to = ANCHORS[((hash / 5 % 4 + 1 + hash % 5) % 5) as usize];
    let slack = 1.0 - size;
    UvRect {
        scale: [size, size],
        offset: [slack * mix(from[0], to[0]), slack * mix(from[1], to[1])],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(rect: UvRect) -> bool {
        (0..2).all(|i| rect.offset[i] >= -1e-6 && rect.offset[i] + rect.scale[i] <= 1.0 + 1e-6)
    }

    #[test]
    fn the_window_stays_inside_the_photo_and_never_enlarges_it() {
        for serial in 0..40 {
            for step in 0..=20 {
                let rect = window(serial, step as f32 / 20.0, 1.0);
                assert!(inside(rect), "serial {serial} step {step}: {rect:?}");
                // At most one screen's worth of prepared pixels is never less than 1:1.
                assert!(rect.scale[0] >= 1.0 / HEADROOM - 1e-6);
            }
        }
    }

    #[test]
    fn a_weaker_motion_stays_closer_to_the_whole_photo() {
        for serial in 0..10 {
            for step in 0..=10 {
                let t = step as f32 / 10.0;
                let (full, half) = (window(serial, t, 1.0), window(serial, t, 0.5));
                assert!(inside(half));
                assert!(
                    half.scale[0] >= full.scale[0] - 1e-6,
                    "serial {serial} at {t}"
                );
            }
        }
        assert_eq!(
            window(4, 0.7, 0.0).scale,
            [1.0, 1.0],
            "no strength: no motion"
        );
    }

    #[test]
    fn photos_move_differently_and_do_move() {
        let starts: Vec<_> = (1..=6).map(|serial| window(serial, 0.0, 1.0)).collect();
        assert!(starts.windows(2).any(|w| w[0] != w[1]));
        for serial in 1..=10 {
            assert_ne!(
                window(serial, 0.0, 1.0),
                window(serial, 1.0, 1.0),
                "serial {serial} is still"
            );
        }
        assert_eq!(
            window(3, 1.5, 1.0),
            window(3, 1.0, 1.0),
            "motion ends, it does not overshoot"
        );
    }
}
