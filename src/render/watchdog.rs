//! Watching that the GPU finishes what it is given: a driver that hangs shows no error, only
//! submissions that never complete. Each frame's submission asks to be told when it is done;
//! one not done within [`Watchdog::LIMIT`] is a hang. Nothing here waits: the render loop
//! polls the device each frame, which runs the callbacks.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Watchdog {
    /// Submissions made, and the latest known done (shared with the queue's callbacks).
    submitted: u64,
    done: Arc<AtomicU64>,
    /// When each submission not yet known done was made, oldest first.
    pending: VecDeque<(u64, Instant)>,
    /// For tests: completions are never reported, as with a hung driver.
    deaf: Arc<AtomicBool>,
}

impl Watchdog {
    /// A frame's work this long unfinished is a hang: far beyond any frame, or a shader's
    /// first compile, on the slowest CPU rasterizer.
    pub const LIMIT: Duration = Duration::from_secs(5);

    /// Call right after `queue.submit`.
    pub fn submitted(&mut self, queue: &wgpu::Queue, now: Instant) {
        self.submitted += 1;
        let index = self.submitted;
        self.pending.push_back((index, now));
        let (done, deaf) = (Arc::clone(&self.done), Arc::clone(&self.deaf));
        queue.on_submitted_work_done(move || {
            if !deaf.load(Ordering::Relaxed) {
                done.fetch_max(index, Ordering::Relaxed);
            }
        });
    }

    /// How long the oldest unfinished submission has waited, if over [`Self::LIMIT`].
    pub fn hung(&mut self, now: Instant) -> Option<Duration> {
        let done = self.done.load(Ordering::Relaxed);
        while self
            .pending
            .front()
            .is_some_and(|(index, _)| *index <= done)
        {
            self.pending.pop_front();
        }
        let (_, since) = self.pending.front()?;
        let waited = now.saturating_duration_since(*since);
        (waited > Self::LIMIT).then_some(waited)
    }

    /// From now on no submission is reported done (`--inject-gpu-fault gpu-hang`).
    pub fn go_deaf(&self) {
        self.deaf.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_submission_unfinished_beyond_the_limit_is_a_hang() {
        let mut watchdog = Watchdog::default();
        let start = Instant::now();
        watchdog.pending.push_back((1, start));
        watchdog
            .pending
            .push_back((2, start + Duration::from_secs(1)));
        watchdog.submitted = 2;
        assert_eq!(watchdog.hung(start + Duration::from_secs(1)), None);
        let late = start + Watchdog::LIMIT + Duration::from_millis(1);
        assert!(watchdog.hung(late).is_some());
        // The first finishes: the second has not waited long enough yet.
        watchdog.done.store(1, Ordering::Relaxed);
        assert_eq!(watchdog.hung(late), None);
        watchdog.done.store(2, Ordering::Relaxed);
        assert_eq!(watchdog.hung(start + Duration::from_secs(60)), None);
    }
}
