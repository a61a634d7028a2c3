//! Where the settings file lives, writing it atomically, and keeping a bad one aside.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `settings.toml` in the platform's config directory (`~/.config/framewave` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "framewave")
        .map(|dirs| dirs.config_dir().join("settings.toml"))
}

/// Writes `text` to `path` atomically: into a temporary file beside it, flushed to disk, then
/// renamed over it, so a crash leaves the old file or the new one, never half of either.
pub fn save(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".tmp-{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// Moves a settings file that cannot be read aside, unchanged, under a name no earlier one
/// has (`settings.toml.bak`, then `.bak.1`, ...): a bad file is never lost or overwritten.
pub fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    for n in 0..1000 {
        let mut aside = path.as_os_str().to_owned();
        aside.push(if n == 0 {
            ".bak".to_owned()
        } else {
            format!(".bak.{n}")
        });
        let aside = PathBuf::from(aside);
        if !aside.exists() {
            std::fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(std::io::Error::other(
        "too many settings files kept aside already",
    ))
}
