//! A FUSE mount that behaves like a network share that stopped answering: one file's reads
//! hang forever while everything else about the share keeps working.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use fuser::{
    BackgroundSession, Config, Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags,
    Generation, INodeNo, LockOwner, MountOption, OpenFlags, ReplyAttr, ReplyData, ReplyDirectory,
    ReplyEntry, ReplyOpen, Request,
};
use rustix::mount::UnmountFlags;

/// How long the kernel may cache names and attributes; the share never changes.
const TTL: Duration = Duration::from_secs(60);

/// A folder mounted with FUSE that serves the files of `source` (a flat folder), except that
/// reads of `stalled` never return. Unmounted on drop.
#[derive(Debug)]
pub struct StalledShare {
    mount_point: PathBuf,
    session: Option<BackgroundSession>,
}

impl StalledShare {
    /// Mounts a mirror of `source` on a new folder in the temporary directory. As root, fuser
    /// mounts with mount(2) itself; otherwise through `fusermount3` (package fuse3).
    pub fn mount(source: &Path, stalled: &str) -> io::Result<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("stalled-share-{}-{unique}", std::process::id());
        let mount_point = std::env::temp_dir().join(name);
        fs::create_dir(&mount_point)?;
        let mut config = Config::default();
        // No AutoUnmount: fuser does that only through fusermount3, which is not installed.
        config.mount_options = vec![MountOption::RO, MountOption::FSName("stalled-share".into())];
        let session = Mirror::new(source, stalled)
            .and_then(|mirror| fuser::spawn_mount(mirror, &mount_point, &config))
            .inspect_err(|_| {
                let _ = fs::remove_dir(&mount_point);
            })?;
        Ok(Self {
            mount_point,
            session: Some(session),
        })
    }

    /// The mount point.
    pub fn path(&self) -> &Path {
        &self.mount_point
    }
}

impl Drop for StalledShare {
    fn drop(&mut self) {
        // A plain unmount fails with EBUSY while a reader is stuck. MNT_FORCE makes FUSE abort
        // the connection, failing every pending request so stuck readers return; MNT_DETACH
        // then unmounts even if they still hold files open.
        let flags = UnmountFlags::FORCE | UnmountFlags::DETACH;
        let unmounted = rustix::mount::unmount(&self.mount_point, flags);
        if let Some(session) = self.session.take()
            && unmounted.is_ok()
        {
            // The aborted connection ends the session thread, which drops the pending replies.
            let _ = session.join();
        }
        let _ = fs::remove_dir(&self.mount_point);
    }
}

/// One regular file of the source folder, read into memory at mount time.
struct Entry {
    name: OsString,
    attr: FileAttr,
    data: Vec<u8>,
}

/// The filesystem: inode 1 is the root, inode `i + 2` is `entries[i]`.
struct Mirror {
    root: FileAttr,
    entries: Vec<Entry>,
    stalled: OsString,
    /// Reads of the stalled file: never answered, and kept so that fuser does not answer
    /// them either (a dropped reply sends EIO).
    pending: Mutex<Vec<ReplyData>>,
}

impl Mirror {
    fn new(source: &Path, stalled: &str) -> io::Result<Self> {
        let mut paths = Vec::new();
        for item in fs::read_dir(source)? {
            let item = item?;
            if item.file_type()?.is_file() {
                paths.push(item.path());
            }
        }
        paths.sort();
        let mut entries = Vec::with_capacity(paths.len());
        for (index, path) in paths.iter().enumerate() {
            let meta = fs::metadata(path)?;
            entries.push(Entry {
                name: path.file_name().unwrap_or_default().to_owned(),
                attr: attr(INodeNo(index as u64 + 2), &meta, FileType::RegularFile),
                data: fs::read(path)?,
            });
        }
        Ok(Self {
            root: attr(INodeNo::ROOT, &fs::metadata(source)?, FileType::Directory),
            entries,
            stalled: stalled.into(),
            pending: Mutex::new(Vec::new()),
        })
    }

    fn entry(&self, ino: INodeNo) -> Option<&Entry> {
        let index = ino.0.checked_sub(2)?;
        self.entries.get(usize::try_from(index).ok()?)
    }
}

/// Read-only attributes for `ino` with the size, times and owner of `meta`.
fn attr(ino: INodeNo, meta: &fs::Metadata, kind: FileType) -> FileAttr {
    let directory = kind == FileType::Directory;
    let mtime = meta.modified().unwrap_or(UNIX_EPOCH);
    FileAttr {
        ino,
        size: meta.len(),
        blocks: meta.len().div_ceil(512),
        atime: mtime,
        mtime,
        ctime: mtime,
        crtime: mtime,
        kind,
        perm: if directory { 0o555 } else { 0o444 },
        nlink: if directory { 2 } else { 1 },
        uid: meta.uid(),
        gid: meta.gid(),
        rdev: 0,
        blksize: 4096,
        flags: 0,
    }
}

impl Filesystem for Mirror {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        match self.entries.iter().find(|entry| entry.name == name) {
            Some(entry) if parent == INodeNo::ROOT => reply.entry(&TTL, &entry.attr, Generation(0)),
            _ => reply.error(Errno::ENOENT),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        if ino == INodeNo::ROOT {
            reply.attr(&TTL, &self.root);
        } else if let Some(entry) = self.entry(ino) {
            reply.attr(&TTL, &entry.attr);
        } else {
            reply.error(Errno::ENOENT);
        }
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let Some(entry) = self.entry(ino) else {
            return reply.error(Errno::ENOENT);
        };
        if entry.name == self.stalled {
            // Stall: keep the reply, unanswered, until unmount. Interrupts never reach us:
            // fuser answers them with ENOSYS itself, which leaves the read waiting.
            self.pending
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(reply);
            return;
        }
        let len = entry.data.len();
        let start = usize::try_from(offset).map_or(len, |offset| offset.min(len));
        let end = start.saturating_add(size as usize).min(len);
        reply.data(&entry.data[start..end]);
    }

    fn open(&self, _req: &Request, _ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        // Keep the page cache: without it every open invalidates it, and an open of the
        // stalled file then waits, unkillably, on the page that the first stalled read locked.
        // With it, readers wait for that page killably, like on a hard-mounted NFS share.
        reply.opened(FileHandle(0), FopenFlags::FOPEN_KEEP_CACHE);
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        if ino != INodeNo::ROOT {
            return reply.error(Errno::ENOTDIR);
        }
        let dots = [".", ".."].map(|name| (INodeNo::ROOT, FileType::Directory, OsStr::new(name)));
        let files = self.entries.iter();
        let files = files.map(|e| (e.attr.ino, e.attr.kind, e.name.as_os_str()));
        // Each entry's offset is that of the next one, as the kernel asks to resume there.
        for (index, (ino, kind, name)) in dots.into_iter().chain(files).enumerate() {
            let next = index as u64 + 1;
            if next > offset && reply.add(ino, next, kind, name) {
                break;
            }
        }
        reply.ok();
    }
}
