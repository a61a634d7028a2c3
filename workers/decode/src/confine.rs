//! Reading a photo only from inside the photo folders, checked on the opened file itself.
//!
//! The file is opened once (without blocking, so a link to a FIFO or a device cannot stall or
//! disturb anything); where that descriptor really lives is asked of the kernel
//! (`/proc/self/fd/N`), checked against the folders, it must be a regular file, and the photo
//! is read from that same descriptor. A symbolic link swapped in after the check cannot
//! redirect the read: there is no second lookup of the path.

use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::os::fd::AsRawFd as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

/// Where a worker may read photos from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// Anywhere: a tool given one file by the user.
    Anywhere,
    /// Only under these folders (canonical). Empty when none of the configured folders could
    /// be resolved: then nothing may be read.
    Only(Vec<PathBuf>),
}

impl Roots {
    /// The configured folders, resolved once; none configured means anywhere.
    pub fn resolve(configured: &[PathBuf]) -> Self {
        if configured.is_empty() {
            return Self::Anywhere;
        }
        Self::Only(
            configured
                .iter()
                .filter_map(|root| root.canonicalize().ok())
                .collect(),
        )
    }
}

/// Reads the whole of `path`, refusing it unless the file opened is a regular file within
/// `roots`.
pub fn read_confined(path: &Path, roots: &Roots) -> Result<Vec<u8>, String> {
    let mut file = open_confined(path, roots)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

/// Opens `path` without blocking and checks the opened file (see [`check_opened`]).
pub fn open_confined(path: &Path, roots: &Roots) -> Result<File, String> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32)
        .open(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    check_opened(&file, path, roots)?;
    // Reads block as usual from here: a share that honours O_NONBLOCK would otherwise fail
    // them with EAGAIN.
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(file)
}

/// Refuses an opened file that is not a regular file, or that really lives outside `roots`.
pub fn check_opened(file: &File, path: &Path, roots: &Roots) -> Result<(), String> {
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    if !file.metadata().map_err(cannot_read)?.is_file() {
        return Err(format!("refusing {}: not a regular file", path.display()));
    }
    let Roots::Only(roots) = roots else {
        return Ok(());
    };
    let real = real_path(file).map_err(cannot_read)?;
    if roots.iter().any(|root| real.starts_with(root)) {
        Ok(())
    } else {
        Err(format!(
            "refusing {}: it is outside the photo folders",
            path.display()
        ))
    }
}

/// Where an open file really is: the kernel's own record of the descriptor, not a path lookup.
pub fn real_path(file: &File) -> std::io::Result<PathBuf> {
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("framewave-confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("photos")).unwrap();
        std::fs::create_dir_all(dir.join("private")).unwrap();
        std::fs::write(dir.join("photos/inside.jpg"), b"inside").unwrap();
        std::fs::write(dir.join("private/secret.jpg"), b"secret").unwrap();
        dir
    }

    fn only(dir: &Path) -> Roots {
        Roots::Only(vec![dir.join("photos").canonicalize().unwrap()])
    }

    #[test]
    fn reads_inside_and_refuses_links_leading_outside() {
        let dir = scratch("links");
        let roots = only(&dir);
        let inside = dir.join("photos/inside.jpg");
        assert_eq!(read_confined(&inside, &roots).unwrap(), b"inside");
        let link = dir.join("photos/link.jpg");
        std::os::unix::fs::symlink(dir.join("private/secret.jpg"), &link).unwrap();
        let refused = read_confined(&link, &roots).unwrap_err();
        assert!(refused.contains("outside the photo folders"), "{refused}");
        // No roots: a tool given one file by the user reads it wherever it is.
        assert_eq!(read_confined(&link, &Roots::Anywhere).unwrap(), b"secret");
        // Folders configured but none found: nothing may be read.
        let none = Roots::resolve(&[dir.join("gone")]);
        assert_eq!(none, Roots::Only(Vec::new()));
        assert!(read_confined(&inside, &none).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_check_is_on_the_file_opened_not_on_what_the_path_says_later() {
        let dir = scratch("swap");
        let roots = only(&dir);
        let link = dir.join("photos/swapped.jpg");
        std::os::unix::fs::symlink(dir.join("private/secret.jpg"), &link).unwrap();
        let file = File::open(&link).unwrap();
        // The link now says "inside", but the file opened is the secret: still refused.
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(dir.join("photos/inside.jpg"), &link).unwrap();
        let refused = check_opened(&file, &link, &roots).unwrap_err();
        assert!(refused.contains("outside the photo folders"), "{refused}");
        // And the other way: checked inside, then swapped to point out: the read is the
        // file that was checked.
        let mut checked = open_confined(&link, &roots).unwrap();
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(dir.join("private/secret.jpg"), &link).unwrap();
        let mut bytes = Vec::new();
        checked.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, b"inside");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = scratch("fifo");
        let fifo = dir.join("photos/pipe.jpg");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let refused = read_confined(&fifo, &only(&dir)).unwrap_err();
        assert!(refused.contains("not a regular file"), "{refused}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
