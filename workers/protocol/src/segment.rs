//! A shared-memory segment of sequence-numbered frame slots.
//!
//! The UI creates the segment as an anonymous `memfd` and hands it to a worker by file-descriptor
//! inheritance. It has no name anywhere (nothing in `/dev/shm` to leak or to guess), only
//! processes holding the descriptor can map it, and it is freed by the kernel when the last of
//! them exits — however they exit. Its size is sealed, so a hostile worker cannot shrink it
//! under the UI's mapping.
//!
//! Each slot is a seqlock: a writer makes the sequence odd, writes, makes it even. Writers never
//! wait for readers. A reader takes an even sequence, reads, and checks the sequence again
//! ([`SlotRead::still_valid`]); a change means the read was torn and is dropped.
#![allow(unsafe_code)] // reason: mapping memory shared with another process; see SAFETY notes.

use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::process::Command;
use std::sync::atomic::{Ordering, fence};

use command_fds::{CommandFdExt, FdMapping};
use memmap2::MmapMut;
use rustix::fs::{MemfdFlags, SealFlags};

use crate::descriptor::{DescriptorError, FrameDescriptor, PixelFormat, ValidFrame};
use crate::layout::{self, SegmentHeader, SlotHeader};

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

/// A mapped frame segment. Both sides hold one: the UI (creator, reader) and a worker (writer).
pub struct FrameSegment {
    map: MmapMut,
    fd: OwnedFd,
    slot_count: u32,
    slot_bytes: u64,
}

impl std::fmt::Debug for FrameSegment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameSegment")
            .field("fd", &self.fd.as_raw_fd())
            .field("slot_count", &self.slot_count)
            .field("slot_bytes", &self.slot_bytes)
            .finish()
    }
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
        let fd = rustix::fs::memfd_create(
            "framewave-frames",
            MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING,
        )
        .map_err(std::io::Error::from)?;
        let len = layout::segment_len(slot_count, slot_bytes);
        rustix::fs::ftruncate(&fd, len as u64).map_err(std::io::Error::from)?;
        rustix::fs::fcntl_add_seals(&fd, SealFlags::SHRINK | SealFlags::GROW | SealFlags::SEAL)
            .map_err(std::io::Error::from)?;
        let segment = Self {
            map: map(&fd, len)?,
            fd,
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
        // Refuse anything that is not an open, sealed memfd before taking ownership of it.
        let borrowed_seals = {
            // SAFETY: the descriptor is only borrowed for this one fcntl call; if `raw_fd` is not
            // open the call fails with EBADF and we return before taking ownership.
            let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(raw_fd) };
            rustix::fs::fcntl_get_seals(fd)
        };
        let seals = borrowed_seals.map_err(|e| {
            SegmentError::Header(format!("descriptor {raw_fd} is not a frame segment: {e}"))
        })?;
        if !seals.contains(SealFlags::SHRINK) {
            return Err(SegmentError::Header("segment size is not sealed".into()));
        }
        // SAFETY: the fd is open (fcntl succeeded) and was placed at this number for us alone by
        // the parent's fd mapping; nothing else in this process owns it.
        let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(raw_fd) };
        let len = rustix::fs::fstat(&fd)
            .map_err(std::io::Error::from)?
            .st_size as usize;
        if len < layout::HEADER_BYTES {
            return Err(SegmentError::Header(format!("segment of {len} bytes")));
        }
        let map = map(&fd, len)?;
        let mut segment = Self {
            map,
            fd,
            slot_count: 0,
            slot_bytes: 0,
        };
        let header = segment.header();
        let slot_count = header.slot_count.load(Ordering::Acquire);
        let slot_bytes = header.slot_bytes.load(Ordering::Acquire);
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
        let parent_fd = self.fd.as_fd().try_clone_to_owned()?;
        command
            .fd_mappings(vec![FdMapping {
                parent_fd,
                child_fd,
            }])
            .map_err(|e| SegmentError::Io(std::io::Error::other(e)))?;
        Ok(())
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
            && layout::segment_len(count, bytes) <= self.map.len();
        if !valid_geometry {
            return Err(SegmentError::Geometry {
                slot_count: count,
                slot_bytes: bytes,
            });
        }
        Ok(())
    }

    /// Claims `slot` for writing (its sequence becomes odd). Fails if another writer holds it.
    pub fn begin_write(&self, slot: u32) -> Result<SlotWrite<'_>, SegmentError> {
        let header = self.slot_header(slot)?;
        let seq = header.seq.load(Ordering::Acquire);
        let odd = seq | 1;
        let claimed = if seq.is_multiple_of(2) {
            header
                .seq
                .compare_exchange(seq, seq + 1, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        } else {
            false
        };
        if !claimed {
            return Err(SegmentError::Busy(slot));
        }
        // Pixel writes must not become visible before the odd sequence.
        fence(Ordering::Release);
        Ok(SlotWrite {
            segment: self,
            slot,
            seq: odd,
            finished: false,
        })
    }

    /// Reads `slot` if it holds a stable frame under sequence `expected_seq`, validating its
    /// descriptor against the slot size before any pixel is touched.
    pub fn read(&self, slot: u32, expected_seq: u64) -> Result<SlotRead<'_>, SegmentError> {
        self.check_header()?;
        let header = self.slot_header(slot)?;
        let seq = header.seq.load(Ordering::Acquire);
        if !seq.is_multiple_of(2) {
            return Err(SegmentError::Busy(slot));
        }
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
        // ever accessed through atomic operations, so concurrent writes by another process are
        // not data races.
        unsafe { &*(self.map.as_ptr() as *const SegmentHeader) }
    }

    fn slot_header(&self, slot: u32) -> Result<&SlotHeader, SegmentError> {
        if slot >= self.slot_count {
            return Err(SegmentError::NoSuchSlot {
                slot,
                slot_count: self.slot_count,
            });
        }
        let offset = layout::slot_header_offset(slot);
        // SAFETY: slot < slot_count, and check_header/create guarantee the mapping holds every
        // slot header; offsets are multiples of 64 from a page-aligned base, so the atomics are
        // aligned. Atomics are valid for any bit pattern and only accessed atomically.
        Ok(unsafe { &*(self.map.as_ptr().add(offset) as *const SlotHeader) })
    }

    fn slot_ptr(&self, slot: u32) -> *mut u8 {
        let offset = layout::slot_data_offset(self.slot_count, self.slot_bytes, slot);
        // SAFETY: callers pass a slot already bounds-checked by slot_header(); the geometry was
        // checked against the mapping length, so offset + slot_bytes lies inside the mapping.
        unsafe { self.map.as_ptr().add(offset).cast_mut() }
    }
}

fn map(fd: &OwnedFd, len: usize) -> Result<MmapMut, SegmentError> {
    // SAFETY: the file is a sealed memfd whose size cannot shrink, so the mapping never
    // refers past the end of the file (which would raise SIGBUS). Its contents may change
    // under us at any time; every access goes through atomics (headers) or is a plain byte
    // copy whose result is validated by the seqlock (pixels).
    let map = unsafe { memmap2::MmapOptions::new().len(len).map_mut(fd) }?;
    Ok(map)
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

    /// Publishes the frame described by `width`, `height`, `stride`; returns its sequence.
    pub fn finish(mut self, width: u32, height: u32, stride: u32, request_id: u64) -> u64 {
        self.publish(width, height, stride, request_id)
    }

    fn publish(&mut self, width: u32, height: u32, stride: u32, request_id: u64) -> u64 {
        let header = self
            .segment
            .slot_header(self.slot)
            .expect("slot was bounds-checked when claimed");
        header.width.store(width, Ordering::Relaxed);
        header.height.store(height, Ordering::Relaxed);
        header.stride.store(stride, Ordering::Relaxed);
        header
            .format
            .store(PixelFormat::Rgba8Srgb as u32, Ordering::Relaxed);
        header.request_id.store(request_id, Ordering::Relaxed);
        let stable = self.seq + 1;
        header.seq.store(stable, Ordering::Release);
        self.finished = true;
        stable
    }
}

impl Drop for SlotWrite<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.publish(0, 0, 0, 0);
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
        fence(Ordering::Acquire);
        let header = self
            .segment
            .slot_header(self.slot)
            .expect("slot was bounds-checked when read");
        header.seq.load(Ordering::Relaxed) == self.seq
    }
}
