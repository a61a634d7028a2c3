//! Where photos come from: the bundled defaults, or folders searched recursively with
//! include/exclude patterns.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Extensions tried as photos (the decoder sniffs the real format from the bytes).
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"];

/// The photos shipped with framewave: beside the executable, or in the source tree it was
/// built from.
pub fn bundled_dir() -> PathBuf {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("assets/photos")));
    match beside_exe {
        Some(dir) if dir.is_dir() => dir,
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/photos"),
    }
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

    fn accepts(&self, relative: &Path) -> bool {
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

/// The photo files under `root`, recursively, sorted. Entries that cannot be read (a folder
/// without permission, a file deleted during the walk) are reported once each and skipped.
pub fn scan(root: &Path, filter: &PhotoFilter) -> std::io::Result<Vec<PathBuf>> {
    if std::fs::metadata(root)?.is_file() {
        return Err(std::io::ErrorKind::NotADirectory.into());
    }
    let mut photos = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = match entry {
            Ok(entry) => entry,
            // A root that cannot be read is an error; trouble below it is not.
            Err(e) if e.depth() == 0 => return Err(e.into()),
            Err(e) => {
                tracing::warn!("skipping while scanning {}: {e}", root.display());
                continue;
            }
        };
        // Symbolic links to files are kept; the decode worker refuses those leading outside.
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if filter.accepts(relative) {
            photos.push(entry.into_path());
        }
    }
    photos.sort();
    Ok(photos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> PathBuf {
        let root = std::env::temp_dir().join(format!("framewave-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in [
            "a.jpg",
            "notes.txt",
            "2024/summer/b.JPEG",
            "2024/summer/c.png",
            "2024/.trash/d.jpg",
            "raw/e.webp",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        root
    }

    fn names(root: &Path, photos: &[PathBuf]) -> Vec<String> {
        photos
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn finds_photos_recursively_and_honours_patterns() {
        let root = tree();
        let all = scan(&root, &PhotoFilter::default()).unwrap();
        assert_eq!(
            names(&root, &all),
            [
                "2024/.trash/d.jpg",
                "2024/summer/b.JPEG",
                "2024/summer/c.png",
                "a.jpg",
                "raw/e.webp"
            ]
        );
        let filter = PhotoFilter::new(&["2024/**".into()], &["**/.trash/**".into()]).unwrap();
        let some = scan(&root, &filter).unwrap();
        assert_eq!(
            names(&root, &some),
            ["2024/summer/b.JPEG", "2024/summer/c.png"]
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_missing_folder_is_an_error_and_a_bad_pattern_is_refused() {
        assert!(scan(Path::new("/nonexistent/photos"), &PhotoFilter::default()).is_err());
        assert!(PhotoFilter::new(&["[".into()], &[]).is_err());
    }
}
