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
    last_present: Option<Instant>,
    drawn: Option<SceneKey>,
}

impl FrameClock {
    /// Frames at most `refresh_hz` a second, or `max_fps` if lower.
    pub fn new(refresh_hz: f64, max_fps: Option<f64>) -> Self {
        let hz = max_fps
            .map_or(refresh_hz, |cap| cap.min(refresh_hz))
            .clamp(1.0, 1000.0);
        Self {
            interval: Duration::from_secs_f64(1.0 / hz),
            last_present: None,
            drawn: None,
        }
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
        let due = self.last_present.map_or(now, |last| last + self.interval);
        if moving || self.drawn.as_ref() != Some(scene) {
            return if now >= due {
                Next::Draw
            } else {
                Next::WaitUntil(due)
            };
        }
        let poll = now + IDLE_POLL;
        Next::WaitUntil(next_change.map_or(poll, |at| at.clamp(now, poll)))
    }

    /// A frame showing `scene` was presented at `now`.
    pub fn presented(&mut self, now: Instant, scene: SceneKey) {
        self.last_present = Some(now);
        self.drawn = Some(scene);
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
