//! The session's way down the rendering ladder, taken in the running window: the injected
//! faults for tests, and what follows a step down (photos moved, uploads asked for again,
//! transitions rebuilt or left).

use std::time::Instant;

use super::Running;
use crate::app::photo_cache::PhotoCache;
use crate::app::rung::GpuFault;
use crate::app::window_renderer::Moved;
use crate::slideshow::View;

impl Running {
    /// Strikes the injected GPU fault, if one was asked for and its time has come: a third of
    /// the way through the first transition, so the way down is taken mid-transition (a
    /// device lost twice: again in the second).
    pub(super) fn strike_fault(&mut self, now: Instant) {
        let Some(fault) = self.options.gpu_fault else {
            return;
        };
        let strikes = if fault == GpuFault::DeviceLostTwice {
            2
        } else {
            1
        };
        let midway = matches!(
            self.slideshow.view(now),
            View::Transition { progress, .. } if progress >= 0.3
        );
        if self.faults_struck >= strikes
            || !midway
            || self.slideshow.transitions_begun() <= u64::from(self.faults_struck)
        {
            return;
        }
        if fault == GpuFault::DriverCrash {
            // As a driver's failed assertion ends a process: no unwinding, no clean-up.
            tracing::info!("injected fault: the driver crashes");
            std::process::abort();
        }
        if self.renderer.inject(fault) {
            self.faults_struck += 1;
        }
    }

    /// The GPU failed (refused something, was lost, hangs, or cannot present): the session
    /// steps down the ladder in the same window, and everything it holds follows without a
    /// seam: photos move to the new device or into memory, the transition under way goes on
    /// where it was.
    pub(super) fn follow_the_ladder(&mut self, now: Instant) {
        self.strike_fault(now);
        let Some(trouble) = self.renderer.trouble(now) else {
            return;
        };
        let moved = match self
            .renderer
            .step_down(&self.window, &self.display, trouble)
        {
            Ok(moved) => moved,
            Err(e) => {
                self.fatal = Some(e);
                return;
            }
        };
        if moved != Moved::Nowhere {
            // Photos arriving were bound for the renderer that is gone: asked for again.
            for (request_id, _upload) in self.uploads.drain(..) {
                self.decoding.remove(&request_id);
                self.slideshow.photo_dropped(request_id);
            }
            self.cache = PhotoCache::new(self.cache_capacity);
        }
        if let Some(to) = self.renderer.move_to(moved) {
            let started = Instant::now();
            self.slideshow
                .for_each_photo(|photo| *photo = photo.moved(to));
            tracing::info!(
                "photos moved to the new renderer in {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        if moved == Moved::NewDevice
            && let Some((gpu, compositor)) = self.renderer.shaders_mut()
            && let Err(e) = self.transitions.rebuild_for(gpu, compositor)
        {
            self.fatal = Some(e);
        }
        if self.renderer.compositor().is_none() {
            self.transitions.without_shaders();
        }
    }
}
