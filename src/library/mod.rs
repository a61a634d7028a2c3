//! The photo library: finds the photos in the user's folders, keeps watching them, and deals
//! them out in the chosen order, on its own thread.
//!
//! The render loop never touches the file system: it takes the next photo from a bounded
//! queue without waiting ([`LibraryFeed::next_photo`]) and reads progress from atomics
//! ([`LibraryStatus`]). Dealing happens here, so removing a photo from a 100,000-photo list
//! or sorting it by date costs the render loop nothing.

mod date_taken;
mod rotation;
mod service;
mod walk;
mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::SystemTime;

use crossbeam_channel::{Receiver, Sender};

pub use rotation::{Entry, Order, Rotation};
pub use walk::scan_all;

use crate::photos::PhotoFilter;

/// What the library searches and how it deals.
#[derive(Debug, Clone)]
pub struct LibraryConfig {
    pub roots: Vec<PathBuf>,
    pub filter: PhotoFilter,
    pub order: Order,
    /// Shuffle seed.
    pub seed: u64,
    /// Pick up photos added to or removed from the folders while the show runs.
    pub watch: bool,
    /// Each photo dealt carries the date it was taken (for captions).
    pub dates: bool,
}

/// A file's identity at the time it was dealt: when it changes, cached frames of it are stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    pub modified: SystemTime,
    pub len: u64,
}

impl FileStamp {
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        Self {
            modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            len: metadata.len(),
        }
    }
}

/// A photo to show, as dealt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRef {
    pub path: PathBuf,
    pub stamp: Option<FileStamp>,
    /// When it was taken (its EXIF date, else its file's), in seconds since 1970, for its
    /// caption: read on the library's thread as it is dealt.
    pub taken: Option<i64>,
}

impl PhotoRef {
    /// A photo with no stamp: cached frames of it are always reused.
    pub fn unstamped(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            stamp: None,
            taken: None,
        }
    }
}

/// Where the slideshow takes its next photo from, without ever waiting.
pub trait PhotoSource {
    /// The next photo to show, if one is ready now.
    fn next_photo(&mut self) -> Option<PhotoRef>;
    /// How many photos there are (found so far).
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// `photo` cannot be shown: leave it out until its file changes.
    fn reject(&mut self, photo: PhotoRef);
}

/// Progress of the search, readable from any thread without a lock.
#[derive(Debug, Default)]
pub struct LibraryStatus {
    found: AtomicU64,
    searched_once: AtomicBool,
}

impl LibraryStatus {
    /// Photos in the list now.
    pub fn found(&self) -> u64 {
        self.found.load(Ordering::Relaxed)
    }

    /// The first search has finished (whatever it found). Later searches (new folders, the
    /// periodic check) run quietly: they are not progress the user waits for.
    pub fn searched_once(&self) -> bool {
        self.searched_once.load(Ordering::Acquire)
    }
}

/// Messages from the show to the library.
#[derive(Debug)]
enum Control {
    Reject(PhotoRef),
}

/// The show's end of the library: photos to show, and progress.
#[derive(Debug)]
pub struct LibraryFeed {
    upcoming: Receiver<PhotoRef>,
    control: Sender<Control>,
    status: Arc<LibraryStatus>,
}

/// Photos dealt ahead of the show: enough for a few prefetches without a round trip.
const UPCOMING: usize = 8;
/// Rejections waiting for the library thread; more are dropped (and rejected again later).
const CONTROL: usize = 64;

impl LibraryFeed {
    /// Starts the library thread: it searches `config.roots` at once and deals as it finds.
    pub fn start(config: LibraryConfig) -> std::io::Result<Self> {
        let (upcoming_tx, upcoming) = crossbeam_channel::bounded(UPCOMING);
        let (control, control_rx) = crossbeam_channel::bounded(CONTROL);
        let status = Arc::new(LibraryStatus::default());
        // The thread ends by itself when this feed (its queues) is dropped.
        service::spawn(config, Arc::clone(&status), upcoming_tx, control_rx)?;
        Ok(Self {
            upcoming,
            control,
            status,
        })
    }

    pub fn status(&self) -> &Arc<LibraryStatus> {
        &self.status
    }
}

impl PhotoSource for LibraryFeed {
    fn next_photo(&mut self) -> Option<PhotoRef> {
        // Empty (still searching, or nothing to show) and closed alike mean: not now.
        self.upcoming.try_recv().ok()
    }

    fn len(&self) -> usize {
        self.status.found() as usize
    }

    fn reject(&mut self, photo: PhotoRef) {
        // Full: the library is busy; the photo fails again later and is rejected then.
        let _ = self.control.try_send(Control::Reject(photo));
    }
}
