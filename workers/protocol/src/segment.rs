//! A shared-memory segment of sequence-numbered frame slots.
//!
//! Each slot is a [`SeqLock`](crate::seqlock): a writer makes the sequence odd, writes, makes it
//! even. Writers never wait for readers. A reader takes an even sequence, reads, and checks the
//! sequence again ([`SlotRead::still_valid`]); a change means the read was torn and is dropped.
#![allow(unsafe_code)] // reason: slot memory is shared with another process; see SAFETY notes.

use std::os::fd::RawFd;
use std::process::Command;
use std::sync::atomic::Ordering;

use crate::descriptor::{FrameDescriptor, PixelFormat, ValidFrame};
pub use crate::error::SegmentError;
use crate::layout::{self, SegmentHeader, SlotHeader};
use crate::seqlock::SeqLock;
use crate::shm::SharedMapping;

/// A mapped frame segment. Both sides hold one: the UI (creator, reader) and a worker (writer).
#[derive(Debug)]
pub struct FrameSegment {
    memory: SharedMapping,
    slot_count: u32,
    slot_bytes: u64,
}

impl FrameSegment {
    /// Creates a segment of `slot_count` slots, each able to hold `slot_bytes` bytes of pixels.
    pub fn create(slot_count: u32, slot_bytes: u64) -> Result<Self, SegmentError> {
        let slot_bytes = layout::round_slot_bytes(slot_bytes);
        if slot_count == 0
            || slot_count > layout::MAX_SLOTS
            || slot_bytes == 0
            || slot_bytes > layout::MAX_SLOT_BYTES
        {
            return Err(SegmentError::Geometry {
                slot_count,
                slot_bytes,
            });
        }
        let memory = SharedMapping::create(
            "framewave-frames",
            layout::segment_len(slot_count, slot_bytes),
        )?;
        let segment = Self {
            memory,
            slot_count,
            slot_bytes,
        };
        let header = segment.header();
        header.magic.store(layout::MAGIC, Ordering::Relaxed);
        header
            .layout_version
            .store(layout::LAYOUT_VERSION, Ordering::Relaxed);
        header.slot_count.store(slot_count, Ordering::Relaxed);
        header.slot_bytes.store(slot_bytes, Ordering::Release);
        Ok(segment)
    }

    /// Attaches to a segment inherited from the parent as descriptor `raw_fd`
    /// (see [`FrameSegment::pass_to_child`]). The header must match what the layout allows.
    pub fn attach_inherited(raw_fd: RawFd) -> Result<Self, SegmentError> {
        Self::attach(SharedMapping::attach_inherited(raw_fd)?)
    }

    /// An independent mapping of the same segment, as a worker would have; for in-process tests.
    pub fn try_clone(&self) -> Result<Self, SegmentError> {
        Self::attach(self.memory.try_clone()?)
    }

    fn attach(memory: SharedMapping) -> Result<Self, SegmentError> {
        if memory.len() < layout::HEADER_BYTES {
            return Err(SegmentError::Header(format!(
                "segment of {} bytes",
                memory.len()
            )));
        }
        let mut segment = Self {
            memory,
            slot_count: 0,
            slot_bytes: 0,
        };
        let (slot_count, slot_bytes) = {
            let header = segment.header();
            (
                header.slot_count.load(Ordering::Acquire),
                header.slot_bytes.load(Ordering::Acquire),
            )
        };
        segment.slot_count = slot_count;
        segment.slot_bytes = slot_bytes;
        segment.check_header()?;
        Ok(segment)
    }

    /// Arranges for `command`'s child to inherit this segment as descriptor `child_fd`.
    pub fn pass_to_child(
        &self,
        command: &mut Command,
        child_fd: RawFd,
    ) -> Result<(), SegmentError> {
        self.memory.pass_to_child(command, child_fd)
    }

    pub fn slot_count(&self) -> u32 {
        self.slot_count
    }

    pub fn slot_bytes(&self) -> u64 {
        self.slot_bytes
    }

    /// Checks the header against this process's idea of the geometry and the mapping's size.
    /// The UI calls it before reading: a worker that overwrote the header is detected, not obeyed.
    pub fn check_header(&self) -> Result<(), SegmentError> {
        let header = self.header();
        let magic = header.magic.load(Ordering::Acquire);
        if magic != layout::MAGIC {
            return Err(SegmentError::Header(format!("bad magic {magic:#x}")));
        }
        let version = header.layout_version.load(Ordering::Acquire);
        if version != layout::LAYOUT_VERSION {
            return Err(SegmentError::Header(format!(
                "layout version {version}, expected {}",
                layout::LAYOUT_VERSION
            )));
        }
        let (count, bytes) = (
            header.slot_count.load(Ordering::Acquire),
            header.slot_bytes.load(Ordering::Acquire),
        );
        if count != self.slot_count || bytes != self.slot_bytes {
            return Err(SegmentError::Header(format!(
                "geometry {count}x{bytes}, expected {}x{}",
                self.slot_count, self.slot_bytes
            )));
        }
        let valid_geometry = (1..=layout::MAX_SLOTS).contains(&count)
            && bytes <= layout::MAX_SLOT_BYTES
            && layout::segment_len(count, bytes) <= self.memory.len();
        if !valid_geometry {
            return Err(SegmentError::Geometry {
                slot_count: count,
                slot_bytes: bytes,
            });
        }
        Ok(())
    }

    /// Overwrites the header's layout version. Only a broken worker would do this: it exists so
    /// that fault-injection tests can prove the UI notices.
    pub fn damage_header(&self, layout_version: u32) {
        self.header()
            .layout_version
            .store(layout_version, Ordering::Release);
    }

    /// Claims `slot` for writing (its sequence becomes odd). Fails if another writer holds it.
    pub fn begin_write(&self, slot: u32) -> Result<SlotWrite<'_>, SegmentError> {
        let header = self.slot_header(slot)?;
        let claimed = SeqLock::new(&header.seq)
            .claim()
            .map_err(|_| SegmentError::Busy(slot))?;
        Ok(SlotWrite {
            segment: self,
            slot,
            seq: claimed,
            finished: false,
        })
    }

    /// Reads `slot` if it holds a stable frame under sequence `expected_seq`, validating the
    /// header and the frame's descriptor against the slot size before any pixel is touched.
    pub fn read(&self, slot: u32, expected_seq: u64) -> Result<SlotRead<'_>, SegmentError> {
        self.check_header()?;
        let header = self.slot_header(slot)?;
        let seq = SeqLock::new(&header.seq)
            .begin_read()
            .map_err(|_| SegmentError::Busy(slot))?;
        if seq != expected_seq {
            return Err(SegmentError::Stale {
                slot,
                found: seq,
                expected: expected_seq,
            });
        }
        let descriptor = FrameDescriptor {
            width: header.width.load(Ordering::Relaxed),
            height: header.height.load(Ordering::Relaxed),
            stride: header.stride.load(Ordering::Relaxed),
            format: header.format.load(Ordering::Relaxed),
            request_id: header.request_id.load(Ordering::Relaxed),
        };
        let frame = descriptor
            .validate(self.slot_bytes)
            .map_err(|source| SegmentError::Descriptor { slot, source })?;
        Ok(SlotRead {
            segment: self,
            slot,
            seq,
            frame,
        })
    }

    fn header(&self) -> &SegmentHeader {
        // SAFETY: the mapping is page-aligned and at least HEADER_BYTES long (checked on create
        // and attach); SegmentHeader is repr(C) of atomics, valid for any bit pattern, and only
        // ever accessed atomically.
        unsafe { self.memory.shared_at(0) }
    }

    fn slot_header(&self, slot: u32) -> Result<&SlotHeader, SegmentError> {
        if slot >= self.slot_count {
            return Err(SegmentError::NoSuchSlot {
                slot,
                slot_count: self.slot_count,
            });
        }
        // SAFETY: slot < slot_count, and the geometry was checked against the mapping length, so
        // every slot header lies inside it; offsets are multiples of 64 from a page-aligned base;
        // SlotHeader is atomics only, valid for any bit pattern and only accessed atomically.
        Ok(unsafe { self.memory.shared_at(layout::slot_header_offset(slot)) })
    }

    fn slot_ptr(&self, slot: u32) -> *mut u8 {
        let offset = layout::slot_data_offset(self.slot_count, self.slot_bytes, slot);
        // SAFETY: callers pass a slot already bounds-checked by slot_header(); the geometry was
        // checked against the mapping length, so offset + slot_bytes lies inside the mapping.
        unsafe { self.memory.as_ptr().add(offset).cast_mut() }
    }
}

/// A slot claimed for writing. Dropping it without [`SlotWrite::finish`] publishes an empty
/// (invalid) descriptor, so a failed write can never be mistaken for a frame.
#[derive(Debug)]
pub struct SlotWrite<'a> {
    segment: &'a FrameSegment,
    slot: u32,
    seq: u64,
    finished: bool,
}

impl SlotWrite<'_> {
    /// The slot's pixel memory, `slot_bytes` long.
    pub fn pixels(&mut self) -> &mut [u8] {
        let len = self.segment.slot_bytes as usize;
        // SAFETY: the slot lies inside the mapping (see slot_ptr). This writer holds the slot's
        // odd sequence, won by compare-exchange, so no other cooperating writer touches it;
        // readers in other processes may copy concurrently but detect it through the sequence.
        unsafe { std::slice::from_raw_parts_mut(self.segment.slot_ptr(self.slot), len) }
    }

    /// Publishes a tightly packed RGBA frame; returns its sequence number.
    pub fn finish(self, width: u32, height: u32, request_id: u64) -> u64 {
        self.publish(FrameDescriptor {
            width,
            height,
            stride: width.saturating_mul(4),
            format: PixelFormat::Rgba8Srgb as u32,
            request_id,
        })
    }

    /// Publishes `descriptor` as is, valid or not (the reader validates); returns the sequence.
    pub fn publish(mut self, descriptor: FrameDescriptor) -> u64 {
        self.store(descriptor)
    }

    fn store(&mut self, descriptor: FrameDescriptor) -> u64 {
        let header = self
            .segment
            .slot_header(self.slot)
            .expect("slot was bounds-checked when claimed");
        header.width.store(descriptor.width, Ordering::Relaxed);
        header.height.store(descriptor.height, Ordering::Relaxed);
        header.stride.store(descriptor.stride, Ordering::Relaxed);
        header.format.store(descriptor.format, Ordering::Relaxed);
        header
            .request_id
            .store(descriptor.request_id, Ordering::Relaxed);
        let stable = SeqLock::new(&header.seq).publish(self.seq);
        self.finished = true;
        stable
    }
}

impl Drop for SlotWrite<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.store(FrameDescriptor {
                width: 0,
                height: 0,
                stride: 0,
                format: 0,
                request_id: 0,
            });
        }
    }
}

/// A validated view of a stable frame.
#[derive(Debug)]
pub struct SlotRead<'a> {
    segment: &'a FrameSegment,
    slot: u32,
    seq: u64,
    frame: ValidFrame,
}

impl SlotRead<'_> {
    pub fn frame(&self) -> ValidFrame {
        self.frame
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The frame's bytes: `frame().byte_len()` bytes, rows `frame().stride` apart.
    pub fn pixels(&self) -> &[u8] {
        // SAFETY: byte_len() <= slot_bytes was checked by validate(), and the slot lies inside
        // the mapping. The bytes may be rewritten by a misbehaving worker while we read them;
        // u8 has no invalid values, and still_valid() tells the caller whether to trust them.
        unsafe {
            std::slice::from_raw_parts(self.segment.slot_ptr(self.slot), self.frame.byte_len())
        }
    }

    /// True if no writer entered the slot since this read began: the pixels copied are whole.
    pub fn still_valid(&self) -> bool {
        let header = self
            .segment
            .slot_header(self.slot)
            .expect("slot was bounds-checked when read");
        SeqLock::new(&header.seq).unchanged_since(self.seq)
    }
}
