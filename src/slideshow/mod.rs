//! The slideshow's timeline: which photo is shown, when to move on, and how far a transition is.
//!
//! Pure state, no I/O and no GPU: the photo type `P` is whatever the caller displays (a GPU
//! texture in the app, a plain value in tests). The render loop feeds it arrivals and the clock;
//! it answers with the next photo to fetch and the scene to draw. It never waits: when the next
//! photo is late, the current one simply stays up.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::library::{PhotoRef, PhotoSource};

mod ahead;

use ahead::Ahead;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// How long a photo stays still before the transition to the next starts.
    pub display: Duration,
    /// How long a transition takes, unless the next one is given its own duration
    /// ([`Slideshow::set_next_transition`]).
    pub transition: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            display: Duration::from_secs(6),
            transition: Duration::from_millis(1500),
        }
    }
}

/// Ask for this photo to be prepared; answer with [`Slideshow::photo_ready`] or
/// [`Slideshow::photo_failed`] quoting `request_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRequest {
    pub request_id: u64,
    pub photo: PhotoRef,
}

/// What the slideshow shows at an instant.
#[derive(Debug, PartialEq)]
pub enum View<'a, P> {
    Empty,
    Still(Shown<'a, P>),
    Transition {
        from: Shown<'a, P>,
        to: Shown<'a, P>,
        /// The share of the transition's time gone, 0..1 (easing is the transition's own).
        progress: f32,
    },
}

/// A photo on screen, with what an effect needs to animate it (Ken Burns).
#[derive(Debug, PartialEq)]
pub struct Shown<'a, P> {
    pub photo: &'a P,
    /// How long it has been visible: since its transition in began.
    pub on_screen: Duration,
    /// Which appearance this is (1 for the first photo), so each one can move differently.
    pub serial: u64,
}

#[derive(Debug)]
struct OnScreen<P> {
    photo: P,
    appeared: Instant,
    serial: u64,
}

impl<P> OnScreen<P> {
    fn shown(&self, now: Instant) -> Shown<'_, P> {
        Shown {
            photo: &self.photo,
            on_screen: now.saturating_duration_since(self.appeared),
            serial: self.serial,
        }
    }
}

#[derive(Debug)]
enum Stage<P> {
    /// Before the first photo arrives.
    Waiting,
    Showing {
        photo: OnScreen<P>,
        since: Instant,
    },
    Transitioning {
        from: OnScreen<P>,
        to: OnScreen<P>,
        start: Instant,
        duration: Duration,
    },
}

#[derive(Debug)]
pub struct Slideshow<P, S> {
    source: S,
    timing: Timing,
    stage: Stage<P>,
    /// The next photos in order, prepared or being prepared.
    ahead: Ahead<P>,
    /// How many photos are prepared ahead of the one on screen.
    prefetch: usize,
    shown: u64,
    /// Photos that have appeared on screen (counting replays again).
    appearances: u64,
    /// The last few photos shown, replayed when no new photo can be prepared at all.
    recent: VecDeque<P>,
    /// Photos that could not be shown, as dealt: copies the source dealt before it heard are
    /// skipped rather than decoded (and reported) again.
    rejected: VecDeque<PhotoRef>,
    /// Photos that could not be shown, since the start.
    failed: u64,
    /// How long the next transition will take; `None` while it is not ready to run.
    next_transition: Option<Duration>,
    /// Transitions begun so far.
    transitions: u64,
    /// Paused since then: the photo on screen stays (a transition under way finishes).
    paused_at: Option<Instant>,
    /// The next photo is wanted now, not when the display time is up.
    skip: bool,
}

/// How many shown photos are kept for replay (each is a display-sized GPU texture).
pub const RECENT: usize = 4;
/// How many rejected photos are remembered (more than the source deals ahead).
const REJECTED: usize = 32;
/// How many photos are prepared ahead by default.
pub const DEFAULT_PREFETCH: usize = 3;

impl<P: Clone, S: PhotoSource> Slideshow<P, S> {
    pub fn new(source: S, timing: Timing) -> Self {
        Self {
            source,
            timing,
            stage: Stage::Waiting,
            ahead: Ahead::default(),
            prefetch: DEFAULT_PREFETCH,
            shown: 0,
            appearances: 0,
            recent: VecDeque::with_capacity(RECENT),
            rejected: VecDeque::new(),
            failed: 0,
            next_transition: Some(timing.transition),
            transitions: 0,
            paused_at: None,
            skip: false,
        }
    }

    /// Pauses, or resumes where it was (the photo keeps the display time it had left).
    /// Returns whether the show is now paused.
    pub fn toggle_pause(&mut self, now: Instant) -> bool {
        match self.paused_at.take() {
            Some(at) => {
                if let Stage::Showing { since, .. } = &mut self.stage {
                    *since += now.saturating_duration_since(at);
                }
                false
            }
            None => {
                self.paused_at = Some(now);
                true
            }
        }
    }

    /// The next photo as soon as it and its transition are ready (paused or not).
    pub fn skip(&mut self) {
        self.skip = true;
    }

    /// Back to the photo shown before this one, as soon as a transition is ready; again and
    /// again (once each has arrived), as far back as the photos kept for replay go. Returns
    /// false if there is none, or a step is already under way.
    pub fn back(&mut self) -> bool {
        // One step at a time, between transitions: the photo on screen must be the last kept.
        if self.skip || !matches!(self.stage, Stage::Showing { .. }) || self.recent.len() < 2 {
            return false;
        }
        // The photo on screen is the last kept; the one before it comes next (and is kept
        // again when it shows), then the one on screen again, so → returns to it.
        let Some(current) = self.recent.pop_back() else {
            return false;
        };
        let Some(previous) = self.recent.pop_back() else {
            self.recent.push_back(current);
            return false;
        };
        self.ahead.put_first(current);
        self.ahead.put_first(previous);
        self.skip = true;
        true
    }

    /// Prepares `count` photos ahead (at least one).
    pub fn with_prefetch(mut self, count: usize) -> Self {
        self.prefetch = count.max(1);
        self
    }

    /// Prepares `count` photos ahead from now on (at least one).
    pub fn set_prefetch(&mut self, count: usize) {
        self.prefetch = count.max(1);
    }

    /// New display and transition times, from now on: the photo on screen keeps the time it
    /// has been up, and leaves when that reaches the new display time.
    pub fn set_timing(&mut self, timing: Timing) {
        self.timing = timing;
    }

    /// The next photo to prepare: one asked for again at a new display size, or a new one if
    /// fewer than the prefetch count are prepared or on the way.
    pub fn next_request(&mut self) -> Option<PhotoRequest> {
        if let Some(request) = self.ahead.ask_again() {
            return Some(request);
        }
        if self.ahead.len() >= self.prefetch {
            return None;
        }
        let photo = self.source.next_photo()?;
        // Dealt before the source heard it cannot be shown: skip it, it was reported once.
        if self.rejected.contains(&photo) {
            return None;
        }
        Some(self.ahead.ask(photo))
    }

    /// The display changed size: the photos ahead are asked for again, in the same order, so
    /// they are prepared for the new size (see [`Ahead::prepare_again`]).
    pub fn prepare_ahead_again(&mut self) {
        self.ahead.prepare_again();
    }

    pub fn source(&self) -> &S {
        &self.source
    }

    /// Every photo held (on screen, prepared ahead, kept for replay), for `f` to replace: the
    /// renderer moved, and each photo moves with it without the show noticing.
    pub fn for_each_photo(&mut self, mut f: impl FnMut(&mut P)) {
        match &mut self.stage {
            Stage::Waiting => {}
            Stage::Showing { photo, .. } => f(&mut photo.photo),
            Stage::Transitioning { from, to, .. } => {
                f(&mut from.photo);
                f(&mut to.photo);
            }
        }
        self.ahead.for_each_photo(&mut f);
        self.recent.iter_mut().for_each(f);
    }

    /// A requested photo is ready. Answers to requests no longer pending are dropped.
    pub fn photo_ready(&mut self, request_id: u64, photo: P) {
        self.ahead.answer(request_id, photo);
    }

    /// A requested photo cannot be shown: the source leaves it out (until its file changes)
    /// and the show moves on to the next one.
    pub fn photo_failed(&mut self, request_id: u64) {
        let Some(photo) = self.ahead.remove(request_id) else {
            return;
        };
        self.failed += 1;
        if self.rejected.len() == REJECTED {
            self.rejected.pop_front();
        }
        self.rejected.push_back(photo.clone());
        self.source.reject(photo);
    }

    /// A requested photo will not come, through no fault of its own (a full queue dropped its
    /// job): it is left out this time, without being reported.
    pub fn photo_dropped(&mut self, request_id: u64) {
        self.ahead.remove(request_id);
    }

    /// No photo can be prepared at all (every decode worker is gone): the show goes on with
    /// what it has, the photo as prepared for an earlier size or else the oldest of the
    /// recently shown photos.
    pub fn photo_unavailable(&mut self, request_id: u64) {
        let recent = &mut self.recent;
        self.ahead.make_do(request_id, || recent.pop_front());
    }

    /// Advances the timeline to `now`.
    pub fn tick(&mut self, now: Instant) {
        self.stage = match std::mem::replace(&mut self.stage, Stage::Waiting) {
            Stage::Waiting => match self.ahead.take_next() {
                Some(photo) => {
                    let photo = self.appear(photo, now);
                    self.show(photo, now)
                }
                None => Stage::Waiting,
            },
            Stage::Showing { photo, since } => {
                let due = self.skip
                    || (self.paused_at.is_none()
                        && now.saturating_duration_since(since) >= self.timing.display);
                // The photo and the transition must both be ready.
                let next = due.then_some(self.next_transition).flatten();
                match next.and_then(|duration| Some((duration, self.ahead.take_next()?))) {
                    Some((duration, to)) => {
                        self.transitions += 1;
                        self.skip = false;
                        Stage::Transitioning {
                            from: photo,
                            to: self.appear(to, now),
                            start: now,
                            duration,
                        }
                    }
                    None => Stage::Showing { photo, since },
                }
            }
            Stage::Transitioning {
                from,
                to,
                start,
                duration,
            } => {
                if now.saturating_duration_since(start) >= duration {
                    self.show(to, now)
                } else {
                    Stage::Transitioning {
                        from,
                        to,
                        start,
                        duration,
                    }
                }
            }
        };
    }

    fn appear(&mut self, photo: P, now: Instant) -> OnScreen<P> {
        self.appearances += 1;
        OnScreen {
            photo,
            appeared: now,
            serial: self.appearances,
        }
    }

    fn show(&mut self, photo: OnScreen<P>, now: Instant) -> Stage<P> {
        self.shown += 1;
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(photo.photo.clone());
        Stage::Showing { photo, since: now }
    }

    /// What to draw at `now` (call [`Slideshow::tick`] first).
    pub fn view(&self, now: Instant) -> View<'_, P> {
        match &self.stage {
            Stage::Waiting => View::Empty,
            Stage::Showing { photo, .. } => View::Still(photo.shown(now)),
            Stage::Transitioning {
                from,
                to,
                start,
                duration,
            } => {
                let linear = now.saturating_duration_since(*start).as_secs_f32()
                    / duration.as_secs_f32().max(f32::EPSILON);
                View::Transition {
                    from: from.shown(now),
                    to: to.shown(now),
                    progress: linear.clamp(0.0, 1.0),
                }
            }
        }
    }

    /// When the still on screen is due to give way to the next photo, if that is still to
    /// come (once it is overdue, the next photo is late: nothing is due at a known time).
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        match &self.stage {
            Stage::Showing { .. } if self.skip => Some(now),
            Stage::Showing { .. } if self.paused_at.is_some() => None,
            Stage::Showing { since, .. } => {
                Some(*since + self.timing.display).filter(|at| *at > now)
            }
            _ => None,
        }
    }

    /// The photo on screen has had its time (not skipped, not paused): the next transition
    /// starts as soon as it and the next photo are ready.
    pub fn due_by_time(&self, now: Instant) -> bool {
        match &self.stage {
            Stage::Showing { since, .. } => {
                !self.skip
                    && self.paused_at.is_none()
                    && now.saturating_duration_since(*since) >= self.timing.display
            }
            _ => false,
        }
    }

    /// How long the next transition to begin will take (the one under way keeps its own);
    /// `None` holds the photo on screen until one is ready.
    pub fn set_next_transition(&mut self, duration: Option<Duration>) {
        self.next_transition = duration;
    }

    /// How many transitions have begun so far: when it changes, a new one has started.
    pub fn transitions_begun(&self) -> u64 {
        self.transitions
    }

    /// How many photos could not be shown so far.
    pub fn photos_failed(&self) -> u64 {
        self.failed
    }

    /// How many photos have been put on screen so far.
    pub fn photos_shown(&self) -> u64 {
        self.shown
    }
}

#[cfg(test)]
mod tests;
