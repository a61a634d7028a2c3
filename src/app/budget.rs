//! One memory budget for decoded photos: shared-memory slots plus the photos the slideshow
//! holds (on screen, prepared ahead, kept for replay, and cached), each a GPU texture and the
//! pixels kept in memory for a change of renderer (or, on the software rung, linear pixels).

use crate::slideshow::{DEFAULT_PREFETCH, RECENT};

/// How the budget is spent, in photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryPlan {
    /// Photos prepared ahead of the one on screen (at least two).
    pub prefetch: usize,
    /// Prepared photos kept for reuse.
    pub cached: usize,
}

/// Photos prepared ahead at the least: the next, and one to show if the next is late.
const MIN_PREFETCH: usize = 2;

/// Spends `budget` on photos of `photo_bytes`, after the decode slots (`slot_bytes`), the two
/// photos on screen during a transition and the replay set. Prefetch comes first: a slideshow
/// that cannot prepare its next photo cannot run, and one that prepares only one cannot pass
/// over a photo that is late, so it always gets two even over budget.
pub fn plan_within(budget: u64, photo_bytes: u64, slot_bytes: u64) -> MemoryPlan {
    let photos = budget.saturating_sub(slot_bytes) / photo_bytes.max(1);
    let spare = photos.saturating_sub(RECENT as u64 + 2) as usize;
    let prefetch = spare.clamp(MIN_PREFETCH, DEFAULT_PREFETCH);
    MemoryPlan {
        prefetch,
        cached: spare.saturating_sub(prefetch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings' default budget (`memory_budget_mib`).
    const DEFAULT_BUDGET_BYTES: u64 = 512 * 1024 * 1024;

    #[test]
    fn full_prefetch_and_a_cache_at_1080p_and_4k_less_at_8k() {
        let hd = 1920 * 1080 * 4;
        let uhd = 3840 * 2160 * 4;
        let eight_k = 7680 * 4320 * 4;
        // 512 MiB = 2 slots of 1080p and 31 photos (texture and kept pixels): 4 replay, 2 on
        // screen, 3 ahead, 22 cached.
        let plan = plan_within(DEFAULT_BUDGET_BYTES, 2 * hd, 2 * hd);
        assert_eq!(
            plan,
            MemoryPlan {
                prefetch: 3,
                cached: 22
            }
        );
        assert_eq!(
            plan_within(DEFAULT_BUDGET_BYTES, 2 * uhd, 2 * uhd),
            MemoryPlan {
                prefetch: 2,
                cached: 0
            }
        );
        // 512 MiB holds 4 frames of 8K: not enough for everything; still two ahead.
        assert_eq!(
            plan_within(DEFAULT_BUDGET_BYTES, 2 * eight_k, 2 * eight_k),
            MemoryPlan {
                prefetch: 2,
                cached: 0
            }
        );
    }
}
