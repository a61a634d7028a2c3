//! Reading a photo only from inside the photo folders, checked on the opened file itself.
//!
//! The file is opened once; where that descriptor really lives is asked of the kernel
//! (`/proc/self/fd/N`), checked against the folders, and the photo is read from that same
//! descriptor. A symbolic link swapped in after the check cannot redirect the read: there is no
//! second lookup of the path.

use std::fs::File;
use std::io::Read as _;
use std::os::fd::AsRawFd as _;
use std::path::{Path, PathBuf};

/// Reads the whole of `path`, refusing it when the file opened is outside every root (when
/// roots are given; they must already be canonical).
pub fn read_confined(path: &Path, roots: &[PathBuf]) -> Result<Vec<u8>, String> {
    let mut file = open_confined(path, roots)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

/// Opens `path` and checks where the opened file really is against `roots`.
pub fn open_confined(path: &Path, roots: &[PathBuf]) -> Result<File, String> {
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = File::open(path).map_err(cannot_read)?;
    if !roots.is_empty() {
        let real = real_path(&file).map_err(cannot_read)?;
        if !roots.iter().any(|root| real.starts_with(root)) {
            return Err(format!(
                "refusing {}: it is outside the photo folders",
                path.display()
            ));
        }
    }
    Ok(file)
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

    #[test]
    fn reads_inside_and_refuses_links_leading_outside() {
        let dir = scratch("links");
        let roots = [dir.join("photos").canonicalize().unwrap()];
        let inside = dir.join("photos/inside.jpg");
        assert_eq!(read_confined(&inside, &roots).unwrap(), b"inside");
        let link = dir.join("photos/link.jpg");
        std::os::unix::fs::symlink(dir.join("private/secret.jpg"), &link).unwrap();
        let refused = read_confined(&link, &roots).unwrap_err();
        assert!(refused.contains("outside the photo folders"), "{refused}");
        // No roots: a tool given one file by the user reads it wherever it is.
        assert_eq!(read_confined(&link, &[]).unwrap(), b"secret");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_link_swapped_after_opening_changes_nothing() {
        let dir = scratch("swap");
        let roots = [dir.join("photos").canonicalize().unwrap()];
        let link = dir.join("photos/swapped.jpg");
        std::os::unix::fs::symlink(dir.join("photos/inside.jpg"), &link).unwrap();
        let mut file = open_confined(&link, &roots).unwrap();
        // The attacker's move, between the check and the read.
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(dir.join("private/secret.jpg"), &link).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, b"inside", "the descriptor checked is the one read");
        // A fresh read through the swapped link is refused.
        assert!(read_confined(&link, &roots).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
