//! Photos arriving: asked for from the cache or the decode workers at each size a show needs
//! (one decode for every window of that size, whichever show it is in), followed to a new
//! window size, and taken from their slots a stripe a frame, never waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::show::{Arrival, Show};
use super::sizes::prepared_size;
use super::{Running, Shared};
use crate::app::photo_cache::CacheKey;
use crate::app::upload::{self, Step, Upload, UploadError};
use crate::decode::{DecodeEvent, DecodeJob, FailureKind, FrameLease};
use crate::library::FileStamp;

/// How long a new window size must hold before photos ahead are prepared again for it: a
/// drag-resize sends many sizes, and each would otherwise restart every decode.
const RESIZE_SETTLE: Duration = Duration::from_millis(300);

/// Decodes under way, each wanted by one or more shows.
#[derive(Debug, Default)]
pub(super) struct Jobs {
    next_id: u64,
    by_id: HashMap<u64, Job>,
}

#[derive(Debug)]
struct Job {
    key: CacheKey,
    stamp: Option<FileStamp>,
    waiters: Vec<Waiter>,
}

/// A show waiting for a photo at one size.
#[derive(Debug, Clone, Copy)]
pub(super) struct Waiter {
    pub show: u64,
    pub request_id: u64,
    pub size: (u32, u32),
}

impl Jobs {
    /// `waiter` wants `key`: joins the decode already under way for it, or starts one with
    /// `submit`, which returns the jobs it pushed out of a full queue (never to be answered).
    /// Returns those.
    fn want(
        &mut self,
        key: CacheKey,
        stamp: Option<FileStamp>,
        waiter: Waiter,
        submit: impl FnOnce(DecodeJob) -> Vec<u64>,
    ) -> Vec<u64> {
        if let Some(job) = self
            .by_id
            .values_mut()
            .find(|job| job.key == key && job.stamp == stamp)
        {
            job.waiters.push(waiter);
            return Vec::new();
        }
        self.next_id += 1;
        let evicted = submit(DecodeJob {
            request_id: self.next_id,
            path: key.path.clone(),
            width: key.width,
            height: key.height,
            fit: key.fit,
        });
        self.by_id.insert(
            self.next_id,
            Job {
                key,
                stamp,
                waiters: vec![waiter],
            },
        );
        evicted
    }

    fn take(&mut self, id: u64) -> Option<Job> {
        self.by_id.remove(&id)
    }

    fn contains(&self, id: u64) -> bool {
        self.by_id.contains_key(&id)
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Tells every show waiting for a job how it went.
fn tell(shows: &mut [Show], waiters: &[Waiter], arrival: impl Fn() -> Arrival) {
    for waiter in waiters {
        if let Some(show) = shows.iter_mut().find(|show| show.id == waiter.show) {
            show.arrived(waiter.request_id, waiter.size, arrival());
        }
    }
}

impl Running {
    /// Asks for the photos each show wants next, at each of its sizes: from the cache when
    /// there, else from a decode worker (one decode for every show wanting the same size).
    /// Shows ask in turn, one photo each, so every monitor's first photo is asked for before
    /// any monitor's second.
    pub(super) fn request_photos(&mut self) {
        let Self { shared, shows } = self;
        // Jobs pushed out of the decode queue, never to be answered.
        let mut evicted = Vec::new();
        let mut asked = true;
        while asked {
            asked = false;
            for show in shows.iter_mut() {
                let Some(request) = show.slideshow.next_request() else {
                    continue;
                };
                asked = true;
                let sizes = show.sizes();
                show.expect(request.request_id, sizes.clone(), &request.photo);
                for (width, height) in sizes {
                    let key = CacheKey {
                        path: request.photo.path.clone(),
                        width,
                        height,
                        fit: shared.options.fit,
                    };
                    let stamp = request.photo.stamp;
                    let size = (width, height);
                    if let Some(photo) = shared.cache.get(&key, stamp) {
                        show.arrived(request.request_id, size, Arrival::Ready(photo));
                        continue;
                    }
                    let waiter = Waiter {
                        show: show.id,
                        request_id: request.request_id,
                        size,
                    };
                    let decode = &shared.decode;
                    let pushed_out = shared
                        .jobs
                        .want(key, stamp, waiter, |job| decode.submit(job));
                    evicted.extend(pushed_out);
                }
            }
        }
        for id in evicted {
            if let Some(job) = shared.jobs.take(id) {
                tell(shows, &job.waiters, || Arrival::Dropped);
            }
        }
    }

    /// Once a window's new size has held for a moment, its show's photos ahead are prepared
    /// again for it (those already prepared stay in the cache, for a window resized back).
    /// The photo on screen stays: it is shown covering the window until the next one
    /// replaces it.
    pub(super) fn follow_window_sizes(&mut self, now: Instant) {
        let max_frame = self.shared.decode.max_frame();
        for show in &mut self.shows {
            let sizes = show.sizes();
            for screen in &mut show.screens {
                let size = prepared_size(&self.shared.options, screen.renderer.size(), max_frame);
                let settled = screen
                    .resized_at
                    .is_none_or(|at| now.saturating_duration_since(at) >= RESIZE_SETTLE);
                if size != screen.prepared_for && settled {
                    tracing::info!(
                        "window {} resized: preparing photos at {}x{} (was {}x{})",
                        screen.number,
                        size.0,
                        size.1,
                        screen.prepared_for.0,
                        screen.prepared_for.1
                    );
                    screen.prepared_for = size;
                }
            }
            if show.sizes() != sizes {
                show.prepare_ahead_again();
            }
        }
    }

    /// Takes every finished photo without waiting and uploads it, a stripe at a time.
    pub(super) fn receive_photos(&mut self, now: Instant) {
        let Self { shared, shows } = self;
        while let Some(event) = shared.decode.try_event() {
            match event {
                DecodeEvent::Ready { request_id, frame } => {
                    if !shared.jobs.contains(request_id) {
                        continue; // wanted by nobody now: its slot is freed as it drops
                    }
                    match Upload::begin(shared.renderer.upload_target(), frame) {
                        Step::Partly(upload) => shared.uploads.push_back((request_id, upload)),
                        Step::Failed(frame, e) => refuse(frame, &e),
                        Step::Done(_) => unreachable!("an upload begins with nothing copied"),
                    }
                }
                // The supervisor has already logged why, once.
                DecodeEvent::Failed {
                    request_id,
                    kind,
                    path,
                    reason,
                } => {
                    let Some(job) = shared.jobs.take(request_id) else {
                        continue;
                    };
                    if matches!(kind, FailureKind::BadPhoto | FailureKind::Quarantined) {
                        shared.rejected(&path, &reason);
                    }
                    tell(shows, &job.waiters, || match kind {
                        FailureKind::NoWorker => Arrival::Unavailable,
                        FailureKind::Dropped => Arrival::Dropped,
                        FailureKind::BadPhoto | FailureKind::Quarantined => Arrival::Failed,
                    });
                }
            }
        }
        let interval = self.fastest_interval();
        self.continue_uploads(now, interval);
    }

    /// The shortest frame interval of any window: uploads are budgeted per frame of the
    /// fastest monitor, so none of them misses a frame for one.
    fn fastest_interval(&self) -> Duration {
        self.shows
            .iter()
            .flat_map(|show| &show.screens)
            .map(|screen| screen.clock.interval())
            .min()
            .unwrap_or(Duration::from_millis(16))
    }

    /// Copies the next stripes of the photos arriving, within this frame's budget.
    fn continue_uploads(&mut self, now: Instant, interval: Duration) {
        let Self { shared, shows } = self;
        if now.saturating_duration_since(shared.upload_frame_start) >= interval {
            shared.upload_frame_start = now;
            shared.uploaded_this_frame = 0;
        }
        loop {
            let per_frame = upload::bytes_per_frame(&shared.renderer.upload_target());
            let budget = per_frame.saturating_sub(shared.uploaded_this_frame);
            if budget == 0 {
                return;
            }
            let Some((job_id, upload)) = shared.uploads.pop_front() else {
                return;
            };
            let before = upload.remaining_bytes();
            match upload.step(shared.renderer.gpu(), budget) {
                Step::Partly(upload) => {
                    let copied = before.saturating_sub(upload.remaining_bytes());
                    shared.uploads.push_front((job_id, upload));
                    if copied == 0 {
                        return; // cannot happen (a step copies at least a row); never spin
                    }
                    shared.uploaded_this_frame += copied;
                }
                Step::Done(photo) => {
                    shared.uploaded_this_frame += before;
                    if let Some(job) = shared.jobs.take(job_id) {
                        shared.cache.insert(job.key, job.stamp, photo.clone());
                        tell(shows, &job.waiters, || Arrival::Ready(photo.clone()));
                    }
                }
                // Begun for the GPU the session left: that photo is passed over this time.
                Step::Failed(_, UploadError::RendererChanged) => {
                    if let Some(job) = shared.jobs.take(job_id) {
                        tell(shows, &job.waiters, || Arrival::Dropped);
                    }
                }
                Step::Failed(frame, e) => refuse(frame, &e),
            }
        }
    }
}

impl Shared {
    /// Photos arriving were bound for the renderer the session left: every show waiting for
    /// one is told to ask again.
    pub(super) fn drop_uploads(&mut self, shows: &mut [Show]) {
        for (job_id, _upload) in self.uploads.drain(..) {
            if let Some(job) = self.jobs.take(job_id) {
                tell(shows, &job.waiters, || Arrival::Dropped);
            }
        }
    }
}

/// A frame the worker spoiled: it is restarted and the photo comes again under the same
/// request, never blamed.
fn refuse(frame: FrameLease, error: &UploadError) {
    tracing::warn!("refused a frame from a decode worker: {error}");
    frame.reject(error.to_string());
}

#[cfg(test)]
mod tests {
    use framewave_protocol::Fit;

    use super::*;

    fn key(path: &str, width: u32) -> CacheKey {
        CacheKey {
            path: path.into(),
            width,
            height: 720,
            fit: Fit::Fill,
        }
    }

    fn waiter(show: u64, request_id: u64, width: u32) -> Waiter {
        Waiter {
            show,
            request_id,
            size: (width, 720),
        }
    }

    #[test]
    fn a_photo_wanted_at_one_size_by_several_shows_is_decoded_once() {
        let mut jobs = Jobs::default();
        let mut submitted = Vec::new();
        let mut want = |key, waiter| {
            jobs.want(key, None, waiter, |job| {
                submitted.push(job);
                Vec::new()
            })
        };
        want(key("a.jpg", 1280), waiter(1, 7, 1280));
        want(key("a.jpg", 1280), waiter(2, 3, 1280));
        // Another size, or another photo, is another decode.
        want(key("a.jpg", 1920), waiter(2, 3, 1920));
        want(key("b.jpg", 1280), waiter(1, 8, 1280));
        assert_eq!(submitted.len(), 3);
        let first = jobs
            .take(submitted[0].request_id)
            .expect("the first decode");
        let shows: Vec<(u64, u64)> = first
            .waiters
            .iter()
            .map(|w| (w.show, w.request_id))
            .collect();
        assert_eq!(shows, vec![(1, 7), (2, 3)]);
        assert!(!jobs.contains(submitted[0].request_id));
    }

    #[test]
    fn jobs_pushed_out_of_the_queue_are_handed_back() {
        let mut jobs = Jobs::default();
        // A queue that pushes out every job before the one just submitted.
        let mut last = None;
        let mut submit = |job: DecodeJob| last.replace(job.request_id).into_iter().collect();
        assert!(
            jobs.want(key("a.jpg", 1280), None, waiter(1, 1, 1280), &mut submit)
                .is_empty()
        );
        let evicted = jobs.want(key("b.jpg", 1280), None, waiter(1, 2, 1280), &mut submit);
        let first = jobs.take(evicted[0]).expect("the job pushed out");
        assert_eq!(first.key, key("a.jpg", 1280));
    }
}
