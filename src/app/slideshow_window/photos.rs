//! Photos arriving: asked for from the cache or the decode workers, followed to a new window
//! size, and taken from their slots a stripe a frame, never waiting.

use std::time::{Duration, Instant};

use super::{Running, prepared_size};
use crate::app::photo_cache::CacheKey;
use crate::app::upload::{self, Step, Upload, UploadError};
use crate::decode::{DecodeEvent, DecodeJob, FailureKind, FrameLease};

/// How long a new window size must hold before photos ahead are prepared again for it: a
/// drag-resize sends many sizes, and each would otherwise restart every decode.
const RESIZE_SETTLE: Duration = Duration::from_millis(300);

impl Running {
    /// Asks for the photos the slideshow wants next: from the cache when this display already
    /// has them, else from a decode worker.
    pub(super) fn request_photos(&mut self) {
        let (width, height) = self.prepared_for;
        while let Some(request) = self.slideshow.next_request() {
            let key = CacheKey {
                path: request.photo.path,
                width,
                height,
                fit: self.options.fit,
            };
            let stamp = request.photo.stamp;
            if let Some(photo) = self.cache.get(&key, stamp) {
                self.slideshow.photo_ready(request.request_id, photo);
                continue;
            }
            self.decode.submit(DecodeJob {
                request_id: request.request_id,
                path: key.path.clone(),
                width,
                height,
                fit: self.options.fit,
            });
            self.decoding.insert(request.request_id, (key, stamp));
        }
    }

    /// Once a new window size has held for a moment, the photos ahead are prepared again for
    /// it (those already prepared stay in the cache, for a window resized back). The photo on
    /// screen stays: it is shown covering the window until the next one replaces it.
    pub(super) fn follow_window_size(&mut self, now: Instant) {
        let size = prepared_size(&self.options, self.renderer.size(), self.decode.max_frame());
        let settled = self
            .resized_at
            .is_none_or(|at| now.saturating_duration_since(at) >= RESIZE_SETTLE);
        if size != self.prepared_for && settled {
            tracing::info!(
                "window resized: preparing photos at {}x{} (was {}x{})",
                size.0,
                size.1,
                self.prepared_for.0,
                self.prepared_for.1
            );
            self.prepared_for = size;
            self.slideshow.prepare_ahead_again();
        }
    }

    /// Takes every finished photo without waiting and uploads it.
    pub(super) fn receive_photos(&mut self, now: Instant) {
        while let Some(event) = self.decode.try_event() {
            match event {
                DecodeEvent::Ready { request_id, frame } => {
                    match Upload::begin(self.renderer.upload_target(), frame) {
                        Step::Partly(upload) => self.uploads.push_back((request_id, upload)),
                        Step::Failed(frame, e) => Self::refuse(frame, &e),
                        Step::Done(_) => unreachable!("an upload begins with nothing copied"),
                    }
                }
                // The supervisor has already logged why, once.
                DecodeEvent::Failed {
                    request_id, kind, ..
                } => {
                    self.decoding.remove(&request_id);
                    match kind {
                        FailureKind::NoWorker => self.slideshow.photo_unavailable(request_id),
                        FailureKind::Dropped => self.slideshow.photo_dropped(request_id),
                        FailureKind::BadPhoto | FailureKind::Quarantined => {
                            self.slideshow.photo_failed(request_id);
                        }
                    }
                }
            }
        }
        self.continue_uploads(now);
    }

    /// Copies the next stripes of the photos arriving, within this frame's budget.
    pub(super) fn continue_uploads(&mut self, now: Instant) {
        if now.saturating_duration_since(self.upload_frame_start) >= self.clock.interval() {
            self.upload_frame_start = now;
            self.uploaded_this_frame = 0;
        }
        loop {
            let budget = upload::BYTES_PER_FRAME.saturating_sub(self.uploaded_this_frame);
            if budget == 0 {
                return;
            }
            let Some((request_id, upload)) = self.uploads.pop_front() else {
                return;
            };
            let before = upload.remaining_bytes();
            match upload.step(self.renderer.gpu(), budget) {
                Step::Partly(upload) => {
                    let copied = before.saturating_sub(upload.remaining_bytes());
                    self.uploads.push_front((request_id, upload));
                    if copied == 0 {
                        return; // cannot happen (a step copies at least a row); never spin
                    }
                    self.uploaded_this_frame += copied;
                }
                Step::Done(texture) => {
                    self.uploaded_this_frame += before;
                    if let Some((key, stamp)) = self.decoding.remove(&request_id) {
                        self.cache.insert(key, stamp, texture.clone());
                    }
                    self.slideshow.photo_ready(request_id, texture);
                }
                // Begun for the GPU the session left: that photo is passed over this time.
                Step::Failed(_, UploadError::RendererChanged) => {
                    self.decoding.remove(&request_id);
                    self.slideshow.photo_dropped(request_id);
                }
                Step::Failed(frame, e) => Self::refuse(frame, &e),
            }
        }
    }

    /// A frame the worker spoiled: it is restarted and the photo comes again under the same
    /// request, never blamed.
    pub(super) fn refuse(frame: FrameLease, error: &UploadError) {
        tracing::warn!("refused a frame from a decode worker: {error}");
        frame.reject(error.to_string());
    }
}
