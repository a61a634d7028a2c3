//! Samples this process's resident memory on a background thread, so the render thread never
//! reads a file to know it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RssSampler {
    bytes: Arc<AtomicU64>,
}

impl RssSampler {
    pub fn start() -> std::io::Result<Self> {
        // The first sample too is taken on the sampler's thread: the caller may be the
        // render thread.
        let bytes = Arc::new(AtomicU64::new(0));
        let sampled = Arc::downgrade(&bytes);
        std::thread::Builder::new()
            .name("rss-sampler".into())
            .spawn(move || {
                // Ends when the sampler is dropped.
                while let Some(bytes) = sampled.upgrade() {
                    if let Some(now) = crate::procfs::resident_bytes() {
                        bytes.store(now, Ordering::Relaxed);
                    }
                    drop(bytes);
                    std::thread::sleep(Duration::from_millis(200));
                }
            })?;
        Ok(Self { bytes })
    }

    /// A sampler that never samples (when no thread can be started for one).
    pub fn fixed(bytes: u64) -> Self {
        Self {
            bytes: Arc::new(AtomicU64::new(bytes)),
        }
    }

    /// The most recent sample, in bytes.
    pub fn current(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}
