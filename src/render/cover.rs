//! The geometry of fitting a photo to a target: which part of the photo each target pixel sees.

/// Target-uv to photo-uv mapping: `photo_uv = target_uv * scale + offset`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UvRect {
    pub scale: [f32; 2],
    pub offset: [f32; 2],
}

impl UvRect {
    /// Shows all of it.
    pub const WHOLE: Self = Self {
        scale: [1.0, 1.0],
        offset: [0.0, 0.0],
    };

    pub fn as_vec4(self) -> [f32; 4] {
        [self.scale[0], self.scale[1], self.offset[0], self.offset[1]]
    }

    /// The part `inner` picks out of what `self` shows (a zoom into a covered photo).
    pub fn then(self, inner: UvRect) -> UvRect {
        let axis = |i: usize| {
            let scale = inner.scale[i] * self.scale[i];
            let offset = inner.offset[i] * self.scale[i] + self.offset[i];
            (scale, offset)
        };
        let ((sx, ox), (sy, oy)) = (axis(0), axis(1));
        UvRect {
            scale: [sx, sy],
            offset: [ox, oy],
        }
    }
}

/// Shows a `photo`-sized image covering a `target`-sized rectangle, centred, cropping whatever
/// overflows. Photos are prescaled to the target already, so this is the identity unless the
/// window changed shape since the photo was prepared.
pub fn cover(photo: (u32, u32), target: (u32, u32)) -> UvRect {
    let photo_aspect = photo.0.max(1) as f32 / photo.1.max(1) as f32;
    let target_aspect = target.0.max(1) as f32 / target.1.max(1) as f32;
    let (sx, sy) = if photo_aspect > target_aspect {
        // Photo is wider: show a centred horizontal band of it.
        (target_aspect / photo_aspect, 1.0)
    } else {
        (1.0, photo_aspect / target_aspect)
    };
    UvRect {
        scale: [sx, sy],
        offset: [(1.0 - sx) / 2.0, (1.0 - sy) / 2.0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_aspect_is_the_identity() {
        let rect = cover((1920, 1080), (1280, 720));
        assert_eq!(rect.scale, [1.0, 1.0]);
        assert_eq!(rect.offset, [0.0, 0.0]);
    }

    #[test]
    fn a_wider_photo_is_cropped_left_and_right() {
        let rect = cover((200, 100), (100, 100));
        assert_eq!(rect.scale, [0.5, 1.0]);
        assert_eq!(rect.offset, [0.25, 0.0]);
    }

    #[test]
    fn a_window_into_a_covered_photo_composes() {
        let covered = cover((200, 100), (100, 100));
        assert_eq!(covered.then(UvRect::WHOLE), covered);
        let right_half = UvRect {
            scale: [0.5, 1.0],
            offset: [0.5, 0.0],
        };
        let rect = covered.then(right_half);
        assert_eq!(rect.scale, [0.25, 1.0]);
        assert_eq!(rect.offset, [0.5, 0.0]);
    }

    #[test]
    fn a_taller_photo_is_cropped_top_and_bottom() {
        let rect = cover((100, 400), (100, 100));
        assert_eq!(rect.scale, [1.0, 0.25]);
        assert_eq!(rect.offset, [0.0, 0.375]);
    }
}
