//! One memory budget for decoded photos: shared-memory slots plus the GPU textures the
//! slideshow holds (on screen, prepared ahead, kept for replay, and cached).

use crate::slideshow::{DEFAULT_PREFETCH, RECENT};

/// Default budget for slots and photo textures together.
pub const DEFAULT_BUDGET_BYTES: u64 = 512 * 1024 * 1024;

/// How the budget is spent, in display-sized frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryPlan {
    /// Photos prepared ahead of the one on screen (at least two).
    pub prefetch: usize,
    /// Prepared photos kept for reuse.
    pub cached: usize,
}

/// Photos prepared ahead at the least: the next, and one to show if the next is late.
const MIN_PREFETCH: usize = 2;

/// Spends `budget` on frames of `frame_bytes`, after the decode slots (`slot_frames`), the two
/// photos on screen during a transition and the replay set. Prefetch comes first: a slideshow
/// that cannot prepare its next photo cannot run, and one that prepares only one cannot pass
/// over a photo that is late, so it always gets two even over budget.
pub fn plan_within(budget: u64, frame_bytes: u64, slot_frames: u64) -> MemoryPlan {
    let frames = budget / frame_bytes.max(1);
    let fixed = slot_frames + RECENT as u64 + 2;
    let spare = frames.saturating_sub(fixed) as usize;
    let prefetch = spare.clamp(MIN_PREFETCH, DEFAULT_PREFETCH);
    MemoryPlan {
        prefetch,
        cached: spare.saturating_sub(prefetch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_prefetch_and_a_cache_at_1080p_and_4k_less_at_8k() {
        let hd = 1920 * 1080 * 4;
        let uhd = 3840 * 2160 * 4;
        let eight_k = 7680 * 4320 * 4;
        // 512 MiB = 64 frames of 1080p: 2 slots, 4 replay, 2 on screen, 3 ahead, 53 cached.
        let plan = plan_within(DEFAULT_BUDGET_BYTES, hd, 2);
        assert_eq!(
            plan,
            MemoryPlan {
                prefetch: 3,
                cached: 53
            }
        );
        assert_eq!(
            plan_within(DEFAULT_BUDGET_BYTES, uhd, 2),
            MemoryPlan {
                prefetch: 3,
                cached: 5
            }
        );
        // 512 MiB holds 4 frames of 8K: not enough for everything; still two ahead.
        assert_eq!(
            plan_within(DEFAULT_BUDGET_BYTES, eight_k, 2),
            MemoryPlan {
                prefetch: 2,
                cached: 0
            }
        );
    }
}
