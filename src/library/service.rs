//! The library thread: searches a little, deals a photo, answers the watcher, and repeats.
//!
//! One thread does it all, cooperatively: the search is walked in chunks between waits, so
//! the first photo is dealt as soon as it is found, even in a tree of 100,000 files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Select, Sender};

use super::date_taken::date_taken;
use super::rotation::{Entry, Order, Rotation, identity};
use super::walk::{Found, Step, Walk};
use super::watch::FolderWatch;
use super::{Control, FileStamp, LibraryConfig, LibraryStatus, PhotoRef};

/// Search steps between two looks at the queues.
const CHUNK: usize = 256;
/// Photos that vanished in a row before giving up dealing for now.
const DEAL_ATTEMPTS: usize = 64;
/// Full searches, to catch what the watcher missed (or all changes, if watching failed).
const SEARCH_AGAIN_WATCHED: Duration = Duration::from_secs(600);
const SEARCH_AGAIN_UNWATCHED: Duration = Duration::from_secs(60);
/// Longest wait between looks at the watcher's rescan flag.
const IDLE_WAIT: Duration = Duration::from_secs(1);

/// Starts the thread. It ends by itself once the show has dropped its end of the queues.
pub(super) fn spawn(
    config: LibraryConfig,
    status: Arc<LibraryStatus>,
    upcoming: Sender<PhotoRef>,
    control: Receiver<Control>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("photo-library".into())
        .spawn(move || Library::new(config, status).run(&upcoming, &control))?;
    Ok(())
}

struct Library {
    config: LibraryConfig,
    rotation: Rotation,
    walk: Walk,
    /// A search is under way; `since` times it for the log.
    searching: Option<Instant>,
    /// During a full search: every photo seen, so what was not seen can be dropped.
    seen: Option<HashSet<u64>>,
    /// Photos that could not be shown, left out until their file changes.
    rejected: HashMap<PathBuf, Option<FileStamp>>,
    status: Arc<LibraryStatus>,
    watch: Option<FolderWatch>,
    /// Dealt and waiting for room in the show's queue.
    staged: Option<PhotoRef>,
    next_full_search: Option<Instant>,
}

enum Wake {
    Timeout,
    Stop,
    Rejected(PhotoRef),
    Changed(PathBuf),
    WatchEnded,
    Sent,
}

impl Library {
    fn new(config: LibraryConfig, status: Arc<LibraryStatus>) -> Self {
        let mut walk = Walk::default();
        for (index, root) in config.roots.iter().enumerate() {
            walk.push(index as u16, root.clone());
        }
        Self {
            rotation: Rotation::new(config.order, config.seed),
            config,
            walk,
            searching: Some(Instant::now()),
            seen: None,
            rejected: HashMap::new(),
            status,
            watch: None,
            staged: None,
            next_full_search: None,
        }
    }

    fn run(mut self, upcoming: &Sender<PhotoRef>, control: &Receiver<Control>) {
        loop {
            if self.searching.is_some() {
                self.search_a_little();
            }
            if self.staged.is_none() {
                self.staged = self.deal();
            }
            match self.wait(upcoming, control) {
                Wake::Stop => return,
                Wake::Timeout | Wake::Sent => {}
                Wake::Rejected(photo) => self.reject(photo),
                Wake::Changed(path) => self.reconcile(&path),
                Wake::WatchEnded => self.watch = None,
            }
            self.search_again_if_due();
            self.publish_count();
        }
    }

    fn publish_count(&self) {
        let found = self.rotation.len() as u64;
        self.status.found.store(found, Ordering::Relaxed);
    }

    fn wait(&mut self, upcoming: &Sender<PhotoRef>, control: &Receiver<Control>) -> Wake {
        let timeout = if self.searching.is_some() {
            Duration::ZERO
        } else {
            IDLE_WAIT
        };
        let mut select = Select::new();
        let control_op = select.recv(control);
        let watch_op = self.watch.as_ref().map(|w| select.recv(&w.changed));
        let send_op = self.staged.is_some().then(|| select.send(upcoming));
        let Ok(op) = select.select_timeout(timeout) else {
            return Wake::Timeout;
        };
        let index = op.index();
        if index == control_op {
            match op.recv(control) {
                Ok(Control::Reject(photo)) => Wake::Rejected(photo),
                Err(_) => Wake::Stop,
            }
        } else if Some(index) == watch_op {
            let watch = self.watch.as_ref().expect("selected the watch queue");
            op.recv(&watch.changed)
                .map_or(Wake::WatchEnded, Wake::Changed)
        } else {
            debug_assert_eq!(Some(index), send_op);
            let photo = self.staged.take().expect("selected the send");
            match op.send(upcoming, photo) {
                Ok(()) => Wake::Sent,
                Err(_) => Wake::Stop,
            }
        }
    }

    fn search_a_little(&mut self) {
        for _ in 0..CHUNK {
            match self.walk.step(&self.config.roots, &self.config.filter) {
                Step::Photo(found) => self.found(found),
                Step::RootFailed(root, e) => tracing::warn!(
                    "cannot read the photo folder {}: {e}",
                    self.config.roots[root as usize].display()
                ),
                Step::Done => {
                    self.search_finished();
                    return;
                }
            }
        }
        self.publish_count();
    }

    fn found(&mut self, found: Found) {
        if let Some(seen) = &mut self.seen {
            seen.insert(identity(found.root, &found.relative));
        }
        if self.rotation.contains(found.root, &found.relative) {
            return;
        }
        let path = self.config.roots[found.root as usize].join(&found.relative);
        if self.still_rejected(&path) {
            return;
        }
        let taken = match self.config.order {
            Order::ByDate => date_taken(&path),
            Order::Shuffle | Order::ByName => 0,
        };
        self.rotation
            .add(Entry::new(found.root, &found.relative, taken));
    }

    fn search_finished(&mut self) {
        let Some(since) = self.searching.take() else {
            return;
        };
        let full = self.seen.is_some() || !self.status.searched_once();
        if let Some(seen) = self.seen.take() {
            let gone = self.rotation.retain(|e| seen.contains(&e.identity()));
            if gone > 0 {
                tracing::info!(photos = gone, "photos no longer in the folders");
            }
        }
        self.rotation.place_pending();
        self.publish_count();
        if !self.status.searched_once() {
            tracing::info!(
                photos = self.rotation.len(),
                seconds = since.elapsed().as_secs_f32(),
                folders = ?self.config.roots,
                "searched the photo folders"
            );
            // Watches go up before the search is announced as done, so nothing added after
            // that is missed; what was added during the search is caught by one more search
            // (not before: setting up watches on a big tree would delay the first photo).
            if self.start_watching() {
                self.search_everything();
            }
            self.status.searched_once.store(true, Ordering::Release);
        }
        if full {
            self.next_full_search = self.full_search_period().map(|p| Instant::now() + p);
        }
    }

    fn full_search_period(&self) -> Option<Duration> {
        match (self.config.watch, &self.watch) {
            (false, _) => None,
            (true, Some(_)) => Some(SEARCH_AGAIN_WATCHED),
            (true, None) => Some(SEARCH_AGAIN_UNWATCHED),
        }
    }

    /// Starts watching, if asked to; true if the folders are now watched.
    fn start_watching(&mut self) -> bool {
        if !self.config.watch {
            return false;
        }
        match FolderWatch::start(&self.config.roots) {
            Ok(watch) => self.watch = Some(watch),
            Err(e) => tracing::warn!(
                "cannot watch the photo folders ({e}); searching them again every {} s",
                SEARCH_AGAIN_UNWATCHED.as_secs()
            ),
        }
        self.watch.is_some()
    }

    fn search_again_if_due(&mut self) {
        if self.searching.is_some() {
            // The watcher's flag stays set until this search is over.
            return;
        }
        let missed = self
            .watch
            .as_ref()
            .is_some_and(|w| w.rescan.swap(false, Ordering::Relaxed));
        let due = self.next_full_search.is_some_and(|t| Instant::now() >= t);
        if missed || due {
            self.search_everything();
        }
    }

    /// Searches every folder again, then drops the photos it did not see.
    fn search_everything(&mut self) {
        for (index, root) in self.config.roots.iter().enumerate() {
            self.walk.push(index as u16, root.clone());
        }
        self.seen = Some(HashSet::new());
        self.searching = Some(Instant::now());
    }

    /// The next photo that still exists, with its file stamp.
    fn deal(&mut self) -> Option<PhotoRef> {
        for _ in 0..DEAL_ATTEMPTS {
            let entry = self.rotation.deal()?;
            let path = self.config.roots[entry.root as usize].join(&entry.relative);
            // The date taken, for captions: the search read it for the by-date order; else it
            // is read now, only when captions show it (a file that never answers stops this
            // thread as it would the by-date search).
            let known = (self.config.order == Order::ByDate).then_some(entry.taken);
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    let stamp = Some(FileStamp::of(&metadata));
                    let taken = known
                        .or_else(|| self.config.dates.then(|| date_taken(&path)))
                        .filter(|seconds| *seconds != 0);
                    return Some(PhotoRef { path, stamp, taken });
                }
                _ => {
                    tracing::warn!("skipping {}: it is gone", path.display());
                    self.rotation.forget_last_dealt();
                }
            }
        }
        None
    }

    fn locate<'p>(&self, path: &'p Path) -> Option<(u16, &'p Path)> {
        self.config
            .roots
            .iter()
            .enumerate()
            .find_map(|(index, root)| Some((index as u16, path.strip_prefix(root).ok()?)))
    }

    /// A photo could not be shown: out of the rotation until its file is no longer the one
    /// that was dealt (a photo still being copied when dealt comes back once complete).
    fn reject(&mut self, photo: PhotoRef) {
        let Some((root, relative)) = self.locate(&photo.path) else {
            return;
        };
        self.rotation.remove(root, relative);
        self.rejected.insert(photo.path, photo.stamp);
    }

    /// Whether `path` was rejected and its file has not changed since.
    fn still_rejected(&mut self, path: &Path) -> bool {
        let Some(rejected) = self.rejected.get(path) else {
            return false;
        };
        let now = std::fs::metadata(path).ok().map(|m| FileStamp::of(&m));
        if now == *rejected {
            return true;
        }
        self.rejected.remove(path);
        false
    }

    /// Something changed at `path`: a photo or folder appeared, changed or went away.
    fn reconcile(&mut self, path: &Path) {
        let Some((root, relative)) = self.locate(path) else {
            return;
        };
        let relative = relative.to_path_buf();
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => {
                // A folder moved or copied in: search it (already-listed photos are skipped).
                self.walk.push(root, path.to_path_buf());
                self.searching.get_or_insert_with(Instant::now);
            }
            Ok(_) => {
                if !self.config.filter.accepts(&relative) || self.rotation.contains(root, &relative)
                {
                    return;
                }
                let before = self.rotation.len();
                self.found(Found { root, relative });
                if self.rotation.len() > before {
                    tracing::info!("new photo: {}", path.display());
                }
            }
            Err(_) => {
                self.rejected.remove(path);
                let gone = self.rotation.remove(root, &relative);
                if gone > 0 {
                    tracing::info!(photos = gone, "removed from the show: {}", path.display());
                }
            }
        }
    }
}
