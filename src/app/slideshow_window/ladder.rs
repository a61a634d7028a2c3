//! The session's way down the rendering ladder, taken by every window together: the injected
//! faults for tests, and what follows a step down (photos moved, uploads asked for again,
//! transitions rebuilt or left).

use std::time::Instant;

use super::Running;
use crate::app::photo_cache::PhotoCache;
use crate::app::window_renderer::{Moved, ScreenSlot};
use crate::rung::GpuFault;
use crate::slideshow::View;

impl Running {
    /// Strikes the injected GPU fault, if one was asked for and its time has come: a third of
    /// the way through the first show's first transition, so the way down is taken
    /// mid-transition (a device lost twice: again in the second). A lost surface is the first
    /// window's.
    pub(super) fn strike_fault(&mut self, now: Instant) {
        let Some(fault) = self.shared.options.gpu_fault else {
            return;
        };
        let Some(show) = self.shows.first_mut() else {
            return;
        };
        let strikes = if fault == GpuFault::DeviceLostTwice {
            2
        } else {
            1
        };
        let struck = self.shared.faults_struck;
        let midway = matches!(
            show.slideshow.view(now),
            View::Transition { progress, .. } if progress >= 0.3
        );
        if struck >= strikes || !midway || show.slideshow.transitions_begun() <= u64::from(struck) {
            return;
        }
        if fault == GpuFault::DriverCrash {
            // As a driver's failed assertion ends a process: no unwinding, no clean-up.
            tracing::info!("injected fault: the driver crashes");
            std::process::abort();
        }
        let Some(screen) = show.screens.first_mut() else {
            return;
        };
        if self.shared.renderer.inject(fault, &mut screen.renderer) {
            self.shared.faults_struck += 1;
        }
    }

    /// The GPU failed (refused something, was lost, hangs, or cannot present to a window):
    /// the session steps down the ladder, every window in place, and everything it holds
    /// follows without a seam: photos move to the new device or into memory, the transitions
    /// under way go on where they were.
    pub(super) fn follow_the_ladder(&mut self, now: Instant) {
        self.strike_fault(now);
        let screens = self.shows.iter().flat_map(|show| &show.screens);
        let Some(trouble) = self
            .shared
            .renderer
            .trouble(now, screens.map(|screen| &screen.renderer))
        else {
            return;
        };
        self.step_down(trouble);
    }

    /// Steps the session down for `trouble` and moves everything it holds along.
    pub(super) fn step_down(&mut self, trouble: crate::app::Trouble) {
        let Self { shared, shows } = self;
        let mut slots: Vec<ScreenSlot<'_>> = shows
            .iter_mut()
            .flat_map(|show| show.screens.iter_mut())
            .map(|screen| ScreenSlot {
                window: &screen.window,
                renderer: &mut screen.renderer,
            })
            .collect();
        let moved = match shared
            .renderer
            .step_down(&mut slots, &shared.display, trouble)
        {
            Ok(moved) => moved,
            Err(e) => {
                shared.fatal = Some(e);
                return;
            }
        };
        drop(slots);
        if moved != Moved::Nowhere {
            shared.drop_uploads(shows);
            shared.cache = PhotoCache::new(shared.cache_capacity);
        }
        if let Some(to) = shared.renderer.move_to(moved) {
            let started = Instant::now();
            for show in shows.iter_mut() {
                show.move_photos(to);
            }
            tracing::info!(
                "photos moved to the new renderer in {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        if moved == Moved::NewDevice
            && let Some((gpu, compositor)) = shared.renderer.shaders_mut()
            && let Err(e) =
                shared
                    .transitions
                    .rebuild_for(gpu, compositor, shows.iter().map(|show| &show.runs))
        {
            shared.fatal = Some(e);
        }
        if shared.renderer.compositor().is_none() {
            shared.transitions.without_shaders();
        }
    }
}
