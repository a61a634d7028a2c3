//! Byte layout of a frame segment. Every field another process writes is an atomic, so that
//! reading it is defined behaviour whatever the writer does.
//!
//! ```text
//! [SegmentHeader 64 B][SlotHeader 64 B × slot_count][pad to 4 KiB][slot 0 pixels][slot 1 pixels]…
//! ```

use std::sync::atomic::{AtomicU32, AtomicU64};

/// "FRAMEWAV" in ASCII.
pub const MAGIC: u64 = u64::from_be_bytes(*b"FRAMEWAV");
/// Bumped whenever this layout changes.
pub const LAYOUT_VERSION: u32 = 1;
pub const HEADER_BYTES: usize = 64;
pub const SLOT_HEADER_BYTES: usize = 64;
pub const MAX_SLOTS: u32 = 64;
/// One slot holds at most a 16384×16384 RGBA frame.
pub const MAX_SLOT_BYTES: u64 = 1 << 30;
const PAGE: usize = 4096;

#[repr(C)]
pub struct SegmentHeader {
    pub magic: AtomicU64,
    pub layout_version: AtomicU32,
    pub slot_count: AtomicU32,
    pub slot_bytes: AtomicU64,
}

#[repr(C)]
pub struct SlotHeader {
    /// Odd while a writer is inside the slot, even when its contents are stable.
    pub seq: AtomicU64,
    pub width: AtomicU32,
    pub height: AtomicU32,
    pub stride: AtomicU32,
    pub format: AtomicU32,
    pub request_id: AtomicU64,
}

const _: () = assert!(size_of::<SegmentHeader>() <= HEADER_BYTES);
const _: () = assert!(size_of::<SlotHeader>() <= SLOT_HEADER_BYTES);

/// Where slot pixel data starts: page-aligned after all headers.
pub fn data_offset(slot_count: u32) -> usize {
    (HEADER_BYTES + SLOT_HEADER_BYTES * slot_count as usize).next_multiple_of(PAGE)
}

/// Slot sizes are rounded up to a page so every slot starts page-aligned.
pub fn round_slot_bytes(slot_bytes: u64) -> u64 {
    slot_bytes.next_multiple_of(PAGE as u64)
}

pub fn segment_len(slot_count: u32, slot_bytes: u64) -> usize {
    data_offset(slot_count) + slot_count as usize * slot_bytes as usize
}

pub fn slot_header_offset(slot: u32) -> usize {
    HEADER_BYTES + SLOT_HEADER_BYTES * slot as usize
}

pub fn slot_data_offset(slot_count: u32, slot_bytes: u64, slot: u32) -> usize {
    data_offset(slot_count) + slot as usize * slot_bytes as usize
}
