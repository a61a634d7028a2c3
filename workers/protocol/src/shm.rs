//! An anonymous, sealed shared-memory mapping: the storage under every segment type.
//!
//! Created by the UI as a `memfd` and handed to a worker by file-descriptor inheritance. It has
//! no name anywhere (nothing in `/dev/shm` to leak or to guess), only processes holding the
//! descriptor can map it, and the kernel frees it when the last holder exits — however they
//! exit. Its size is sealed, so a hostile worker cannot shrink it under the UI's mapping.
#![allow(unsafe_code)] // reason: mapping memory shared with another process; see SAFETY notes.

use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::process::Command;

use command_fds::{CommandFdExt, FdMapping};
use memmap2::MmapMut;
use rustix::fs::{MemfdFlags, SealFlags};

use crate::error::SegmentError;

pub struct SharedMapping {
    map: MmapMut,
    fd: OwnedFd,
}

impl std::fmt::Debug for SharedMapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedMapping")
            .field("fd", &self.fd.as_raw_fd())
            .field("len", &self.map.len())
            .finish()
    }
}

impl SharedMapping {
    /// A zero-filled mapping of `len` bytes; `name` shows in /proc/<pid>/fd for debugging only.
    pub fn create(name: &str, len: usize) -> Result<Self, SegmentError> {
        let fd = rustix::fs::memfd_create(name, MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING)
            .map_err(std::io::Error::from)?;
        rustix::fs::ftruncate(&fd, len as u64).map_err(std::io::Error::from)?;
        rustix::fs::fcntl_add_seals(&fd, SealFlags::SHRINK | SealFlags::GROW | SealFlags::SEAL)
            .map_err(std::io::Error::from)?;
        Self::map(fd)
    }

    /// Takes over descriptor `raw_fd`, inherited from the parent, if it is a sealed memfd.
    pub fn attach_inherited(raw_fd: RawFd) -> Result<Self, SegmentError> {
        let borrowed_seals = {
            // SAFETY: the descriptor is only borrowed for this one fcntl call; if `raw_fd` is not
            // open the call fails with EBADF and we return before taking ownership.
            let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(raw_fd) };
            rustix::fs::fcntl_get_seals(fd)
        };
        let seals = borrowed_seals.map_err(|e| {
            SegmentError::Header(format!("descriptor {raw_fd} is not a shared segment: {e}"))
        })?;
        if !seals.contains(SealFlags::SHRINK) {
            return Err(SegmentError::Header("segment size is not sealed".into()));
        }
        // SAFETY: the fd is open (fcntl succeeded) and was placed at this number for us alone by
        // the parent's fd mapping; nothing else in this process owns it.
        let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(raw_fd) };
        Self::map(fd)
    }

    /// A second, independent mapping of the same memory (what a worker thread in the same
    /// process uses in tests, standing in for a worker process).
    pub fn try_clone(&self) -> Result<Self, SegmentError> {
        Self::map(self.fd.as_fd().try_clone_to_owned()?)
    }

    fn map(fd: OwnedFd) -> Result<Self, SegmentError> {
        let len = rustix::fs::fstat(&fd)
            .map_err(std::io::Error::from)?
            .st_size as usize;
        // SAFETY: the file is a sealed memfd whose size cannot shrink, so the mapping never
        // refers past the end of the file (which would raise SIGBUS). Its contents may change
        // under us at any time; every access goes through atomics (headers) or is a plain byte
        // copy whose result is validated by the seqlock (pixels).
        let map = unsafe { memmap2::MmapOptions::new().len(len).map_mut(&fd) }?;
        Ok(Self { map, fd })
    }

    /// Arranges for `command`'s child to inherit this mapping's memory as descriptor `child_fd`.
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

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The start of the mapping: page-aligned.
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// A reference to a `T` at `offset`.
    ///
    /// # Safety
    /// `T` must be valid for any bit pattern and only ever accessed through atomic operations
    /// (it is shared with another process), `offset` must be aligned for `T`, and
    /// `offset + size_of::<T>()` must not exceed [`SharedMapping::len`].
    pub unsafe fn shared_at<T>(&self, offset: usize) -> &T {
        debug_assert!(offset + size_of::<T>() <= self.len());
        debug_assert!(offset.is_multiple_of(align_of::<T>()));
        // SAFETY: upheld by the caller, as documented above.
        unsafe { &*(self.map.as_ptr().add(offset) as *const T) }
    }
}
