//! When to draw: paced to the display's refresh (or a lower cap) while something moves, and
//! not at all while a still photo is up, so a screensaver left on for hours costs next to no
//! CPU. Presenting does not always wait for the display (on Xvfb it never does), so the loop
//! paces itself instead of trusting the swapchain to.

use std::time::{Duration, Instant};

/// While nothing moves, how often the loop still looks for finished photos and the library.
pub const IDLE_POLL: Duration = Duration::from_millis(100);

/// What is on screen, as far as deciding to redraw goes: a different key means a new frame.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneKey {
    /// Which photos are up (their appearance serials), 0 for none.
    pub photos: (u64, u64),
    pub text: Option<String>,
    pub size: (u32, u32),
    /// The settings panel or its button, and the panel's refresh tick (its figures change).
    pub ui: Option<u64>,
}

/// What the loop should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Draw,
    WaitUntil(Instant),
}

#[derive(Debug)]
pub struct FrameClock {
    interval: Duration,
    /// When the last frame was due: frames are due on a fixed grid, so the wake-up delay of
    /// one frame does not push every later one back (which would drop a frame now and then
    /// against a display's refresh).
    last_due: Option<Instant>,
    drawn: Option<SceneKey>,
}

impl FrameClock {
    /// Frames at most `refresh_hz` a second, or `max_fps` if lower.
    pub fn new(refresh_hz: f64, max_fps: Option<f64>) -> Self {
        Self {
            interval: Self::interval_for(refresh_hz, max_fps),
            last_due: None,
            drawn: None,
        }
    }

    fn interval_for(refresh_hz: f64, max_fps: Option<f64>) -> Duration {
        let hz = max_fps
            .map_or(refresh_hz, |cap| cap.min(refresh_hz))
            .clamp(1.0, 1000.0);
        Duration::from_secs_f64(1.0 / hz)
    }

    /// The window is now on a monitor refreshing `refresh_hz` times a second: frames follow
    /// it. True if the pace changed.
    pub fn follow_refresh(&mut self, refresh_hz: f64, max_fps: Option<f64>) -> bool {
        let interval = Self::interval_for(refresh_hz, max_fps);
        let changed = interval != self.interval;
        self.interval = interval;
        changed
    }

    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Draw now, or wait until when? `moving`: something animates (a transition, Ken Burns);
    /// `next_change`: when the still on screen is due to change by itself.
    pub fn next(
        &self,
        now: Instant,
        moving: bool,
        scene: &SceneKey,
        next_change: Option<Instant>,
    ) -> Next {
        let due = self.next_due(now);
        if moving || self.drawn.as_ref() != Some(scene) {
            return if now >= due {
                Next::Draw
            } else {
                Next::WaitUntil(due)
            };
        }
        let poll = now + IDLE_POLL;
        // A change due now that cannot happen yet (the next photo or transition not ready) is
        // looked at again a frame later, never in a busy loop.
        let soonest = now + self.interval.min(IDLE_POLL);
        Next::WaitUntil(next_change.map_or(poll, |at| at.clamp(soonest, poll)))
    }

    /// The next slot on the grid; after a gap of more than one interval the grid starts again
    /// from `now`.
    fn next_due(&self, now: Instant) -> Instant {
        match self.last_due {
            Some(last) if now.saturating_duration_since(last) < self.interval * 2 => {
                last + self.interval
            }
            _ => now,
        }
    }

    /// A frame showing `scene` was presented at `now`.
    pub fn presented(&mut self, now: Instant, scene: SceneKey) {
        self.last_due = Some(self.next_due(now).min(now));
        self.drawn = Some(scene);
    }

    /// A frame was due but the surface had none to give (occluded, being recreated): try
    /// again a frame later, not at once.
    pub fn missed(&mut self, now: Instant) {
        self.last_due = Some(self.next_due(now).min(now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(photo: u64) -> SceneKey {
        SceneKey {
            photos: (photo, photo),
            text: None,
            size: (640, 360),
            ui: None,
        }
    }

    #[test]
    fn moving_frames_are_paced_to_the_refresh_or_the_cap() {
        let t0 = Instant::now();
        let mut clock = FrameClock::new(60.0, None);
        assert_eq!(clock.next(t0, true, &scene(1), None), Next::Draw);
        clock.presented(t0, scene(1));
        let due = t0 + clock.interval();
        assert_eq!(clock.next(t0, true, &scene(1), None), Next::WaitUntil(due));
        assert_eq!(clock.next(due, true, &scene(1), None), Next::Draw);
        let capped = FrameClock::new(60.0, Some(24.0));
        assert_eq!(capped.interval(), Duration::from_secs_f64(1.0 / 24.0));
        let uncapped = FrameClock::new(60.0, Some(240.0));
        assert_eq!(uncapped.interval(), Duration::from_secs_f64(1.0 / 60.0));
    }

    #[test]
    fn frames_stay_on_their_grid_despite_late_wake_ups() {
        let t0 = Instant::now();
        let mut clock = FrameClock::new(50.0, None);
        let interval = clock.interval();
        clock.presented(t0, scene(1));
        // Woken 3 ms late: the next frame is still due one interval after the first's slot.
        let late = t0 + interval + Duration::from_millis(3);
        clock.presented(late, scene(1));
        assert_eq!(
            clock.next(late, true, &scene(1), None),
            Next::WaitUntil(t0 + interval * 2)
        );
        // A missed frame waits for the next slot rather than spinning.
        clock.missed(t0 + interval * 2);
        assert_eq!(
            clock.next(t0 + interval * 2, true, &scene(1), None),
            Next::WaitUntil(t0 + interval * 3)
        );
    }

    #[test]
    fn a_still_is_drawn_once_then_only_when_it_changes() {
        let t0 = Instant::now();
        let mut clock = FrameClock::new(60.0, None);
        clock.presented(t0, scene(1));
        let later = t0 + Duration::from_secs(1);
        // Nothing moves and nothing changed: sleep until the next look, or the change due.
        assert_eq!(
            clock.next(later, false, &scene(1), None),
            Next::WaitUntil(later + IDLE_POLL)
        );
        let soon = later + Duration::from_millis(30);
        assert_eq!(
            clock.next(later, false, &scene(1), Some(soon)),
            Next::WaitUntil(soon)
        );
        // A new photo (or text, or size) is drawn at once.
        assert_eq!(clock.next(later, false, &scene(2), None), Next::Draw);
    }
}
