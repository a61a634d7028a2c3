//! Photos already prepared for a display, kept so a photo shown again (a small folder going
//! round, or a replay) needs no decode.
//!
//! Keyed by path, prescaled size and fit (`path|scaled:WxH|fit`), so each display size has its
//! own entries; an entry is only reused while the photo's file is unchanged.

use std::collections::VecDeque;
use std::path::PathBuf;

use framewave_protocol::Fit;

use crate::library::FileStamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    pub fit: Fit,
}

impl std::fmt::Display for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fit = match self.fit {
            Fit::Fill => "fill",
            Fit::Fit => "fit",
            Fit::FitNoUpscale => "fit-no-upscale",
        };
        let (path, width, height) = (self.path.display(), self.width, self.height);
        write!(f, "{path}|scaled:{width}x{height}|{fit}")
    }
}

/// Least-recently-used photos, at most `capacity` of them.
#[derive(Debug)]
pub struct PhotoCache<P> {
    /// Oldest use first.
    entries: VecDeque<(CacheKey, Option<FileStamp>, P)>,
    capacity: usize,
}

impl<P: Clone> PhotoCache<P> {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    /// The photo prepared for `key`, if its file is still as it was (`stamp`). A stale entry
    /// is dropped: the photo's file changed and must be decoded again.
    pub fn get(&mut self, key: &CacheKey, stamp: Option<FileStamp>) -> Option<P> {
        let index = self.entries.iter().position(|(k, ..)| k == key)?;
        let entry = self.entries.remove(index)?;
        if entry.1 != stamp {
            return None;
        }
        let photo = entry.2.clone();
        self.entries.push_back(entry);
        Some(photo)
    }

    pub fn insert(&mut self, key: CacheKey, stamp: Option<FileStamp>, photo: P) {
        self.entries.retain(|(k, ..)| *k != key);
        if self.capacity == 0 {
            return;
        }
        while self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((key, stamp, photo));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    fn key(path: &str, width: u32) -> CacheKey {
        CacheKey {
            path: path.into(),
            width,
            height: width / 2,
            fit: Fit::Fill,
        }
    }

    fn stamp(seconds: u64) -> Option<FileStamp> {
        Some(FileStamp {
            modified: SystemTime::UNIX_EPOCH + Duration::from_secs(seconds),
            len: 10,
        })
    }

    #[test]
    fn keys_read_as_path_size_and_fit() {
        assert_eq!(
            key("/p/a.jpg", 1920).to_string(),
            "/p/a.jpg|scaled:1920x960|fill"
        );
    }

    #[test]
    fn a_photo_is_reused_only_for_the_same_size_fit_and_file() {
        let mut cache = PhotoCache::new(4);
        cache.insert(key("a", 1920), stamp(1), "A@1920");
        assert_eq!(cache.get(&key("a", 1920), stamp(1)), Some("A@1920"));
        assert_eq!(
            cache.get(&key("a", 3840), stamp(1)),
            None,
            "another display size"
        );
        let fit = CacheKey {
            fit: Fit::Fit,
            ..key("a", 1920)
        };
        assert_eq!(cache.get(&fit, stamp(1)), None, "another fit");
        assert_eq!(
            cache.get(&key("a", 1920), stamp(2)),
            None,
            "the file changed"
        );
        assert_eq!(
            cache.get(&key("a", 1920), stamp(1)),
            None,
            "stale entry dropped"
        );
    }

    #[test]
    fn the_least_recently_used_photo_goes_first() {
        let mut cache = PhotoCache::new(2);
        cache.insert(key("a", 10), None, 'a');
        cache.insert(key("b", 10), None, 'b');
        assert_eq!(cache.get(&key("a", 10), None), Some('a'));
        cache.insert(key("c", 10), None, 'c');
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&key("b", 10), None), None);
        assert_eq!(cache.get(&key("a", 10), None), Some('a'));
        assert_eq!(PhotoCache::new(0).get(&key("a", 10), None), None::<char>);
    }
}
