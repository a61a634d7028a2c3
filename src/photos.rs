//! Which files are photos: the bundled defaults, and the include/exclude patterns that pick
//! photos out of the user's folders.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Extensions tried as photos (the decoder sniffs the real format from the bytes).
const PHOTO_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif",
];

/// The photos shipped with framewave: beside the executable, or in the source tree it was
/// built from.
pub fn bundled_dir() -> PathBuf {
    // Looked for once: later calls (a change of folders in the running show) do no I/O.
    static FOUND: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let beside_exe = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("assets/photos")));
            match beside_exe {
                Some(dir) if dir.is_dir() => dir,
                _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/photos"),
            }
        })
        .clone()
}

/// Which files under a folder are photos to show. Patterns are globs matched against the path
/// relative to the folder (`holidays/**`, `**/*.png`); with no include pattern every photo
/// extension is included; an exclude pattern always wins.
#[derive(Debug, Clone)]
pub struct PhotoFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl PhotoFilter {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, globset::Error> {
        let set = |patterns: &[String]| -> Result<GlobSet, globset::Error> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                builder.add(Glob::new(pattern)?);
            }
            builder.build()
        };
        Ok(Self {
            include: (!include.is_empty()).then(|| set(include)).transpose()?,
            exclude: set(exclude)?,
        })
    }

    /// Whether `relative` (a path under a photo folder) is a photo to show.
    pub fn accepts(&self, relative: &Path) -> bool {
        let is_photo = relative
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        let included = self
            .include
            .as_ref()
            .map_or(is_photo, |set| set.is_match(relative));
        included && !self.exclude.is_match(relative)
    }
}

impl Default for PhotoFilter {
    fn default() -> Self {
        Self::new(&[], &[]).expect("no patterns cannot fail")
    }
}
