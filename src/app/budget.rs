//! One memory budget for decoded photos: shared-memory slots plus the GPU textures the
//! slideshow holds (on screen, prepared ahead, and kept for replay).

use crate::slideshow::{DEFAULT_PREFETCH, RECENT};

/// Default budget for slots and photo textures together.
pub const DEFAULT_BUDGET_BYTES: u64 = 512 * 1024 * 1024;

/// How many photos to prepare ahead within `budget`, given the size of one display frame and
/// how many frames the decode slots take. Always at least one: a slideshow that cannot prepare
/// its next photo cannot run.
pub fn prefetch_within(budget: u64, frame_bytes: u64, slot_frames: u64) -> usize {
    let frames = budget / frame_bytes.max(1);
    // On screen: the current photo and, during a transition, the next.
    let fixed = slot_frames + RECENT as u64 + 2;
    (frames.saturating_sub(fixed) as usize).clamp(1, DEFAULT_PREFETCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_prefetch_at_1080p_and_4k_less_at_8k() {
        let hd = 1920 * 1080 * 4;
        let uhd = 3840 * 2160 * 4;
        let eight_k = 7680 * 4320 * 4;
        assert_eq!(prefetch_within(DEFAULT_BUDGET_BYTES, hd, 2), 3);
        assert_eq!(prefetch_within(DEFAULT_BUDGET_BYTES, uhd, 2), 3);
        // 512 MiB holds 4 frames of 8K: not enough for everything; still one ahead.
        assert_eq!(prefetch_within(DEFAULT_BUDGET_BYTES, eight_k, 2), 1);
    }
}
