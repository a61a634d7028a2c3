//! Watching photo folders for photos added, changed or removed.
//!
//! Events are debounced per path (a photo being copied in is only looked at once it has been
//! quiet for a moment) and handed to the library thread through a bounded queue. If the queue
//! overflows, or the kernel drops events, the library is told to search everything again
//! rather than silently miss a change.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use notify::RecursiveMode;
use notify_debouncer_mini::{DebouncedEventKind, Debouncer, new_debouncer};

/// How long a path must be quiet before it is looked at.
const QUIET: Duration = Duration::from_millis(750);
/// Paths waiting for the library thread; past this, a full rescan is asked for instead.
const QUEUE: usize = 4096;

/// Live watches on the photo folders; dropping it stops watching.
pub struct FolderWatch {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
    pub changed: Receiver<PathBuf>,
    /// Set when changes may have been missed: search everything again.
    pub rescan: Arc<AtomicBool>,
}

impl std::fmt::Debug for FolderWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderWatch").finish_non_exhaustive()
    }
}

impl FolderWatch {
    pub fn start(roots: &[PathBuf]) -> notify::Result<Self> {
        let (sender, changed) = crossbeam_channel::bounded(QUEUE);
        let rescan = Arc::new(AtomicBool::new(false));
        let handler = forward(sender, Arc::clone(&rescan));
        let mut debouncer = new_debouncer(QUIET, handler)?;
        for root in roots {
            // A folder that cannot be watched is still searched now and then.
            if let Err(e) = debouncer.watcher().watch(root, RecursiveMode::Recursive) {
                tracing::warn!("cannot watch {}: {e}", root.display());
            }
        }
        Ok(Self {
            _debouncer: debouncer,
            changed,
            rescan,
        })
    }
}

fn forward(
    sender: Sender<PathBuf>,
    rescan: Arc<AtomicBool>,
) -> impl FnMut(notify_debouncer_mini::DebounceEventResult) + Send + 'static {
    move |result| match result {
        Ok(events) => {
            // A path still being written reports `AnyContinuous`; wait for its quiet `Any`.
            let settled = events
                .into_iter()
                .filter(|e| e.kind == DebouncedEventKind::Any);
            for event in settled {
                if sender.try_send(event.path).is_err() {
                    rescan.store(true, Ordering::Relaxed);
                }
            }
        }
        Err(e) => {
            tracing::warn!("watching photo folders: {e}; searching them again");
            rescan.store(true, Ordering::Relaxed);
        }
    }
}
