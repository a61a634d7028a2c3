//! Walking photo folders a piece at a time, so the library thread can hand out photos and
//! answer the file watcher while a 100,000-file tree is still being searched.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use crate::photos::PhotoFilter;

/// A photo found by the walk: which root it is under and its path relative to that root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub root: u16,
    pub relative: PathBuf,
}

/// Folders waiting to be walked, and the walk under way.
#[derive(Debug, Default)]
pub struct Walk {
    queue: VecDeque<(u16, PathBuf)>,
    current: Option<(u16, PathBuf, walkdir::IntoIter)>,
}

/// What one step of the walk produced.
#[derive(Debug)]
pub enum Step {
    Photo(Found),
    /// A root folder that cannot be read at all (a missing or unreadable folder).
    RootFailed(u16, std::io::Error),
    /// Nothing more to walk.
    Done,
}

impl Walk {
    /// Queues `folder` (a root, or a folder inside root `root`) to be searched.
    pub fn push(&mut self, root: u16, folder: PathBuf) {
        self.queue.push_back((root, folder));
    }

    /// The next photo, skipping what is not one. Trouble below a root (a folder without
    /// permission, a file deleted during the walk) is logged once and skipped.
    pub fn step(&mut self, roots: &[PathBuf], filter: &PhotoFilter) -> Step {
        loop {
            let Some((root, _, entries)) = &mut self.current else {
                let Some((root, folder)) = self.queue.pop_front() else {
                    return Step::Done;
                };
                // Name order, so sequential shows can start before the walk ends.
                let entries = walkdir::WalkDir::new(&folder)
                    .follow_links(false)
                    .sort_by_file_name()
                    .into_iter();
                self.current = Some((root, folder, entries));
                continue;
            };
            let root = *root;
            let entry = match entries.next() {
                None => {
                    self.current = None;
                    continue;
                }
                Some(Ok(entry)) => entry,
                Some(Err(e)) if e.depth() == 0 && is_root(roots, root, e.path()) => {
                    self.current = None;
                    return Step::RootFailed(root, e.into());
                }
                Some(Err(e)) => {
                    tracing::warn!("skipping while searching for photos: {e}");
                    continue;
                }
            };
            // Symbolic links to files are kept; the decode worker refuses those leading out.
            if entry.file_type().is_dir() {
                continue;
            }
            let Some(relative) = relative_to(roots, root, entry.path()) else {
                continue;
            };
            if filter.accepts(relative) {
                let relative = relative.to_path_buf();
                return Step::Photo(Found { root, relative });
            }
        }
    }
}

fn is_root(roots: &[PathBuf], root: u16, path: Option<&Path>) -> bool {
    path.is_some_and(|p| Some(p) == roots.get(root as usize).map(PathBuf::as_path))
}

fn relative_to<'p>(roots: &[PathBuf], root: u16, path: &'p Path) -> Option<&'p Path> {
    path.strip_prefix(roots.get(root as usize)?).ok()
}

/// Every photo under `roots`, at once, sorted: for one-shot tools and benchmarks (the show
/// itself searches in the background).
pub fn scan_all(roots: &[PathBuf], filter: &PhotoFilter) -> std::io::Result<Vec<PathBuf>> {
    let mut walk = Walk::default();
    for (index, root) in roots.iter().enumerate() {
        if std::fs::metadata(root)?.is_file() {
            return Err(std::io::ErrorKind::NotADirectory.into());
        }
        walk.push(index as u16, root.clone());
    }
    let mut photos = Vec::new();
    loop {
        match walk.step(roots, filter) {
            Step::Photo(found) => photos.push(roots[found.root as usize].join(found.relative)),
            Step::RootFailed(_, e) => return Err(e),
            Step::Done => break,
        }
    }
    photos.sort();
    Ok(photos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("framewave-{name}-{}", std::process::id()));
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
        let root = tree("walk");
        let roots = [root.clone()];
        let all = scan_all(&roots, &PhotoFilter::default()).unwrap();
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
        let some = scan_all(&roots, &filter).unwrap();
        assert_eq!(
            names(&root, &some),
            ["2024/summer/b.JPEG", "2024/summer/c.png"]
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn walks_in_name_order_a_folder_at_a_time() {
        let root = tree("walk-order");
        let roots = [root.clone()];
        let mut walk = Walk::default();
        walk.push(0, root.join("2024"));
        walk.push(0, root.join("raw"));
        let mut found = Vec::new();
        while let Step::Photo(photo) = walk.step(&roots, &PhotoFilter::default()) {
            found.push(photo.relative);
        }
        let expected = [
            "2024/.trash/d.jpg",
            "2024/summer/b.JPEG",
            "2024/summer/c.png",
            "raw/e.webp",
        ];
        assert_eq!(found, expected.map(PathBuf::from));
        assert!(matches!(
            walk.step(&roots, &PhotoFilter::default()),
            Step::Done
        ));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_missing_folder_is_an_error_and_a_bad_pattern_is_refused() {
        let missing = [PathBuf::from("/nonexistent/photos")];
        assert!(scan_all(&missing, &PhotoFilter::default()).is_err());
        let mut walk = Walk::default();
        walk.push(0, missing[0].clone());
        assert!(matches!(
            walk.step(&missing, &PhotoFilter::default()),
            Step::RootFailed(0, _)
        ));
        assert!(PhotoFilter::new(&["[".into()], &[]).is_err());
    }
}
