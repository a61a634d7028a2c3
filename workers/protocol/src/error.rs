//! What can go wrong with shared memory: creating, attaching, validating, reading.

use crate::descriptor::DescriptorError;

#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    #[error("shared memory: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid segment geometry: {slot_count} slots of {slot_bytes} bytes")]
    Geometry { slot_count: u32, slot_bytes: u64 },
    #[error("segment header mismatch: {0}")]
    Header(String),
    #[error("slot {slot} does not exist (segment has {slot_count})")]
    NoSuchSlot { slot: u32, slot_count: u32 },
    #[error("slot {0} is being written")]
    Busy(u32),
    #[error("slot {slot} holds sequence {found}, expected {expected}")]
    Stale {
        slot: u32,
        found: u64,
        expected: u64,
    },
    #[error("slot {slot}: {source}")]
    Descriptor {
        slot: u32,
        #[source]
        source: DescriptorError,
    },
}
