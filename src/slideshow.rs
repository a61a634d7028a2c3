//! The slideshow's timeline: which photo is shown, when to move on, and how far a transition is.
//!
//! Pure state, no I/O and no GPU: the photo type `P` is whatever the caller displays (a GPU
//! texture in the app, a plain value in tests). The render loop feeds it arrivals and the clock;
//! it answers with the next photo to fetch and the scene to draw. It never waits: when the next
//! photo is late, the current one simply stays up.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::library::{PhotoRef, PhotoSource};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// How long a photo stays still before the transition to the next starts.
    pub display: Duration,
    /// How long a transition takes.
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
    },
}

#[derive(Debug)]
pub struct Slideshow<P, S> {
    source: S,
    timing: Timing,
    stage: Stage<P>,
    /// The next photos in order, prepared or being prepared.
    ahead: VecDeque<Ahead<P>>,
    /// How many photos are prepared ahead of the one on screen.
    prefetch: usize,
    next_request_id: u64,
    shown: u64,
    /// Photos that have appeared on screen (counting replays again).
    appearances: u64,
    /// The last few photos shown, replayed when no new photo can be prepared at all.
    recent: VecDeque<P>,
    /// Photos that could not be shown, as dealt: copies the source dealt before it heard are
    /// skipped rather than decoded (and reported) again.
    rejected: VecDeque<PhotoRef>,
}

#[derive(Debug)]
struct Ahead<P> {
    /// The latest request for it.
    request_id: u64,
    source: PhotoRef,
    state: Preparation<P>,
    /// The photo as prepared for an earlier display size.
    fallback: Option<P>,
}

#[derive(Debug)]
enum Preparation<P> {
    /// To be asked for (again) by [`Slideshow::next_request`].
    ToAsk,
    Asked,
    /// Asked for at a display size that has since changed: once the answer is in it becomes
    /// the fallback and the photo is asked for again.
    AskedAtOldSize,
    Ready(P),
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
            ahead: VecDeque::new(),
            prefetch: DEFAULT_PREFETCH,
            next_request_id: 1,
            shown: 0,
            appearances: 0,
            recent: VecDeque::with_capacity(RECENT),
            rejected: VecDeque::new(),
        }
    }

    /// Prepares `count` photos ahead (at least one).
    pub fn with_prefetch(mut self, count: usize) -> Self {
        self.prefetch = count.max(1);
        self
    }

    /// The next photo to prepare: one asked for again at a new display size, or a new one if
    /// fewer than the prefetch count are prepared or on the way.
    pub fn next_request(&mut self) -> Option<PhotoRequest> {
        if let Some(ahead) = self
            .ahead
            .iter_mut()
            .find(|a| matches!(a.state, Preparation::ToAsk))
        {
            ahead.request_id = self.next_request_id;
            self.next_request_id += 1;
            ahead.state = Preparation::Asked;
            return Some(PhotoRequest {
                request_id: ahead.request_id,
                photo: ahead.source.clone(),
            });
        }
        if self.ahead.len() >= self.prefetch {
            return None;
        }
        let photo = self.source.next_photo()?;
        // Dealt before the source heard it cannot be shown: skip it, it was reported once.
        if self.rejected.contains(&photo) {
            return None;
        }
        let request_id = self.next_request_id;
        self.next_request_id += 1;
        self.ahead.push_back(Ahead {
            request_id,
            source: photo.clone(),
            state: Preparation::Asked,
            fallback: None,
        });
        Some(PhotoRequest { request_id, photo })
    }

    /// The display changed size: the photos ahead are asked for again, in the same order, so
    /// they are prepared for the new size. What was prepared for the old size stays as a
    /// fallback, shown if the new one is late; a photo still being prepared is asked for again
    /// once that answer is in, so no more than one job per photo is ever outstanding.
    pub fn prepare_ahead_again(&mut self) {
        for ahead in &mut self.ahead {
            ahead.state = match std::mem::replace(&mut ahead.state, Preparation::ToAsk) {
                Preparation::Ready(photo) => {
                    ahead.fallback = Some(photo);
                    Preparation::ToAsk
                }
                Preparation::Asked | Preparation::AskedAtOldSize => Preparation::AskedAtOldSize,
                Preparation::ToAsk => Preparation::ToAsk,
            };
        }
    }

    pub fn source(&self) -> &S {
        &self.source
    }

    /// The photo ahead whose answer `request_id` is (answers to anything else are stale).
    fn asked(&mut self, request_id: u64) -> Option<&mut Ahead<P>> {
        self.ahead.iter_mut().find(|a| {
            a.request_id == request_id
                && matches!(a.state, Preparation::Asked | Preparation::AskedAtOldSize)
        })
    }

    /// A requested photo is ready. Answers to requests no longer pending are dropped.
    pub fn photo_ready(&mut self, request_id: u64, photo: P) {
        if let Some(ahead) = self.asked(request_id) {
            ahead.state = match ahead.state {
                Preparation::AskedAtOldSize => {
                    ahead.fallback = Some(photo);
                    Preparation::ToAsk
                }
                _ => Preparation::Ready(photo),
            };
        }
    }

    /// A requested photo cannot be shown: the source leaves it out (until its file changes)
    /// and the show moves on to the next one.
    pub fn photo_failed(&mut self, request_id: u64) {
        let Some(ahead) = self.asked(request_id) else {
            return;
        };
        let photo = ahead.source.clone();
        self.ahead.retain(|a| a.request_id != request_id);
        if self.rejected.len() == REJECTED {
            self.rejected.pop_front();
        }
        self.rejected.push_back(photo.clone());
        self.source.reject(photo);
    }

    /// No photo can be prepared at all (every decode worker is gone): the show goes on with
    /// what it has, the photo as prepared for an earlier size or else the oldest of the
    /// recently shown photos.
    pub fn photo_unavailable(&mut self, request_id: u64) {
        let Some(ahead) = self.asked(request_id) else {
            return;
        };
        let fallback = ahead.fallback.take();
        let Some(photo) = fallback.or_else(|| self.recent.pop_front()) else {
            self.ahead.retain(|a| a.request_id != request_id);
            return;
        };
        if let Some(ahead) = self.asked(request_id) {
            ahead.state = Preparation::Ready(photo);
        }
    }

    /// The next photo, if it is prepared: photos go on screen in the order they were asked
    /// for. One still being prepared for a new display size goes on as prepared for the old.
    fn take_next(&mut self) -> Option<P> {
        let front = self.ahead.front_mut()?;
        let photo = match std::mem::replace(&mut front.state, Preparation::ToAsk) {
            Preparation::Ready(photo) => photo,
            state => {
                front.state = state;
                front.fallback.take()?
            }
        };
        self.ahead.pop_front();
        Some(photo)
    }

    /// Advances the timeline to `now`.
    pub fn tick(&mut self, now: Instant) {
        self.stage = match std::mem::replace(&mut self.stage, Stage::Waiting) {
            Stage::Waiting => match self.take_next() {
                Some(photo) => {
                    let photo = self.appear(photo, now);
                    self.show(photo, now)
                }
                None => Stage::Waiting,
            },
            Stage::Showing { photo, since } => {
                let due = now.saturating_duration_since(since) >= self.timing.display;
                match due.then(|| self.take_next()).flatten() {
                    Some(to) => Stage::Transitioning {
                        from: photo,
                        to: self.appear(to, now),
                        start: now,
                    },
                    None => Stage::Showing { photo, since },
                }
            }
            Stage::Transitioning { from, to, start } => {
                if now.saturating_duration_since(start) >= self.timing.transition {
                    self.show(to, now)
                } else {
                    Stage::Transitioning { from, to, start }
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
            Stage::Transitioning { from, to, start } => {
                let linear = now.saturating_duration_since(*start).as_secs_f32()
                    / self.timing.transition.as_secs_f32().max(f32::EPSILON);
                View::Transition {
                    from: from.shown(now),
                    to: to.shown(now),
                    progress: ease_in_out(linear.clamp(0.0, 1.0)),
                }
            }
        }
    }

    /// How many photos have been put on screen so far.
    pub fn photos_shown(&self) -> u64 {
        self.shown
    }
}

/// Smoothstep: starts and ends gently, so a crossfade has no visible jolt at either end.
fn ease_in_out(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Deals its paths over and over, in order; rejected paths drop out.
    #[derive(Debug)]
    struct Cycle {
        paths: Vec<PathBuf>,
        dealt: usize,
        /// Rejections take effect at once (a real library hears them later).
        prompt: bool,
    }

    impl PhotoSource for Cycle {
        fn next_photo(&mut self) -> Option<PhotoRef> {
            let path = self.paths.get(self.dealt % self.paths.len().max(1))?;
            self.dealt += 1;
            Some(PhotoRef::unstamped(path))
        }

        fn len(&self) -> usize {
            self.paths.len()
        }

        fn reject(&mut self, photo: PhotoRef) {
            if self.prompt {
                self.paths.retain(|p| *p != photo.path);
            }
        }
    }

    /// What a view shows, without the timing details.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Empty,
        Still(&'static str),
        Transition(&'static str, &'static str, f32),
    }

    fn seen(view: View<'_, &'static str>) -> Seen {
        match view {
            View::Empty => Seen::Empty,
            View::Still(shown) => Seen::Still(shown.photo),
            View::Transition { from, to, progress } => {
                Seen::Transition(from.photo, to.photo, progress)
            }
        }
    }

    fn show(paths: &[&str]) -> Slideshow<&'static str, Cycle> {
        let timing = Timing {
            display: Duration::from_secs(5),
            transition: Duration::from_secs(1),
        };
        let paths = paths.iter().map(PathBuf::from).collect();
        let source = Cycle {
            paths,
            dealt: 0,
            prompt: true,
        };
        Slideshow::new(source, timing).with_prefetch(1)
    }

    #[test]
    fn shows_the_first_photo_as_soon_as_it_arrives() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        let first = slideshow.next_request().unwrap();
        assert_eq!(first.photo.path, PathBuf::from("a"));
        assert_eq!(slideshow.next_request(), None, "one request at a time");
        slideshow.tick(t0);
        assert_eq!(seen(slideshow.view(t0)), Seen::Empty);
        slideshow.photo_ready(first.request_id, "A");
        slideshow.tick(t0);
        assert_eq!(seen(slideshow.view(t0)), Seen::Still("A"));
    }

    #[test]
    fn transitions_after_the_display_time_and_lands_exactly_on_the_next_photo() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        let a = slideshow.next_request().unwrap();
        slideshow.photo_ready(a.request_id, "A");
        slideshow.tick(t0);
        let b = slideshow.next_request().unwrap();
        slideshow.photo_ready(b.request_id, "B");
        let t = t0 + Duration::from_secs(4);
        slideshow.tick(t);
        assert_eq!(seen(slideshow.view(t)), Seen::Still("A"), "not yet due");
        let start = t0 + Duration::from_secs(5);
        slideshow.tick(start);
        assert_eq!(seen(slideshow.view(start)), Seen::Transition("A", "B", 0.0));
        let mid = start + Duration::from_millis(500);
        slideshow.tick(mid);
        assert_eq!(seen(slideshow.view(mid)), Seen::Transition("A", "B", 0.5));
        let end = start + Duration::from_secs(1);
        slideshow.tick(end);
        assert_eq!(seen(slideshow.view(end)), Seen::Still("B"));
        assert_eq!(slideshow.photos_shown(), 2);
    }

    #[test]
    fn each_photo_knows_how_long_it_has_been_visible_through_its_transitions() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        for name in ["A", "B"] {
            let request = slideshow.next_request().unwrap();
            slideshow.photo_ready(request.request_id, name);
            slideshow.tick(t0);
        }
        let start = t0 + Duration::from_secs(5);
        slideshow.tick(start);
        let mid = start + Duration::from_millis(500);
        slideshow.tick(mid);
        let View::Transition { from, to, .. } = slideshow.view(mid) else {
            panic!("expected a transition");
        };
        assert_eq!(
            (from.on_screen, from.serial),
            (Duration::from_millis(5500), 1)
        );
        assert_eq!((to.on_screen, to.serial), (Duration::from_millis(500), 2));
        let end = start + Duration::from_secs(1);
        slideshow.tick(end);
        let View::Still(still) = slideshow.view(end) else {
            panic!("expected a still");
        };
        // No jump when the transition ends: the clock of the photo runs on.
        assert_eq!((still.on_screen, still.serial), (Duration::from_secs(1), 2));
    }

    #[test]
    fn a_late_photo_keeps_the_current_one_up() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        let a = slideshow.next_request().unwrap();
        slideshow.photo_ready(a.request_id, "A");
        slideshow.tick(t0);
        let _late = slideshow.next_request().unwrap();
        let much_later = t0 + Duration::from_secs(60);
        slideshow.tick(much_later);
        assert_eq!(seen(slideshow.view(much_later)), Seen::Still("A"));
    }

    #[test]
    fn a_failed_photo_is_skipped_and_stale_answers_are_ignored() {
        let mut slideshow = show(&["bad", "good"]);
        let bad = slideshow.next_request().unwrap();
        slideshow.photo_failed(bad.request_id);
        slideshow.photo_ready(bad.request_id, "stale");
        let good = slideshow.next_request().unwrap();
        assert_eq!(good.photo.path, PathBuf::from("good"));
        slideshow.photo_ready(good.request_id, "G");
        let t0 = Instant::now();
        slideshow.tick(t0);
        assert_eq!(seen(slideshow.view(t0)), Seen::Still("G"));
    }

    #[test]
    fn a_rejected_photo_dealt_again_before_the_source_heard_is_not_asked_for() {
        let mut slideshow = show(&["bad", "good"]);
        slideshow.source.prompt = false;
        let bad = slideshow.next_request().unwrap();
        slideshow.photo_failed(bad.request_id);
        let good = slideshow.next_request().unwrap();
        assert_eq!(good.photo.path, PathBuf::from("good"));
        slideshow.photo_ready(good.request_id, "G");
        slideshow.tick(Instant::now());
        // "bad" comes round again: skipped, and "good" is asked for instead.
        assert_eq!(slideshow.next_request(), None);
        let next = slideshow.next_request().unwrap();
        assert_eq!(next.photo.path, PathBuf::from("good"));
    }

    #[test]
    fn replays_recent_photos_when_nothing_new_can_be_prepared() {
        let mut slideshow = show(&["a", "b", "c"]);
        let mut now = Instant::now();
        for name in ["A", "B"] {
            let request = slideshow.next_request().unwrap();
            slideshow.photo_ready(request.request_id, name);
            slideshow.tick(now);
            now += Duration::from_secs(5);
            slideshow.tick(now);
            now += Duration::from_secs(1);
            slideshow.tick(now);
        }
        assert_eq!(seen(slideshow.view(now)), Seen::Still("B"));
        // Decoding is gone for good: the show cycles A, B, A, ...
        let mut replayed = Vec::new();
        for _ in 0..3 {
            let request = slideshow.next_request().expect("keeps asking");
            slideshow.photo_unavailable(request.request_id);
            now += Duration::from_secs(5);
            slideshow.tick(now);
            now += Duration::from_secs(1);
            slideshow.tick(now);
            let Seen::Still(photo) = seen(slideshow.view(now)) else {
                panic!("expected a still");
            };
            replayed.push(photo);
        }
        assert_eq!(replayed, ["A", "B", "A"]);
    }

    #[test]
    fn prefetches_ahead_and_shows_in_order_whatever_order_photos_arrive_in() {
        let mut slideshow = show(&["a", "b", "c"]).with_prefetch(3);
        let requests: Vec<_> = std::iter::from_fn(|| slideshow.next_request()).collect();
        let paths: Vec<_> = requests
            .iter()
            .map(|r| r.photo.path.to_str().unwrap())
            .collect();
        assert_eq!(paths, ["a", "b", "c"]);
        // "c" and "b" arrive before "a": nothing shows until "a" is there.
        slideshow.photo_ready(requests[2].request_id, "C");
        slideshow.photo_ready(requests[1].request_id, "B");
        let mut now = Instant::now();
        slideshow.tick(now);
        assert_eq!(seen(slideshow.view(now)), Seen::Empty);
        slideshow.photo_ready(requests[0].request_id, "A");
        slideshow.tick(now);
        assert_eq!(seen(slideshow.view(now)), Seen::Still("A"));
        // One slot freed: one more request, for the photo after "c".
        let next = slideshow.next_request().unwrap();
        assert_eq!(next.photo.path, PathBuf::from("a"));
        assert_eq!(slideshow.next_request(), None);
        for expected in ["B", "C"] {
            now += Duration::from_secs(6);
            slideshow.tick(now);
            now += Duration::from_secs(1);
            slideshow.tick(now);
            assert_eq!(seen(slideshow.view(now)), Seen::Still(expected));
        }
    }

    fn paths(requests: &[PhotoRequest]) -> Vec<&str> {
        requests
            .iter()
            .map(|r| r.photo.path.to_str().unwrap())
            .collect()
    }

    #[test]
    fn photos_ahead_are_asked_for_again_after_the_display_changed() {
        let mut slideshow = show(&["a", "b", "c"]).with_prefetch(2);
        let old: Vec<_> = std::iter::from_fn(|| slideshow.next_request()).collect();
        slideshow.photo_ready(old[0].request_id, "A-small");
        slideshow.prepare_ahead_again();
        // "a" is asked for again now; "b", still on its way, once its answer is in.
        let again_a: Vec<_> = std::iter::from_fn(|| slideshow.next_request()).collect();
        assert_eq!(paths(&again_a), ["a"]);
        assert_ne!(again_a[0].request_id, old[0].request_id);
        slideshow.photo_ready(old[1].request_id, "B-small");
        let again_b: Vec<_> = std::iter::from_fn(|| slideshow.next_request()).collect();
        assert_eq!(paths(&again_b), ["b"]);
        slideshow.photo_ready(again_b[0].request_id, "B-big");
        slideshow.photo_ready(again_a[0].request_id, "A-big");
        let now = Instant::now();
        slideshow.tick(now);
        assert_eq!(seen(slideshow.view(now)), Seen::Still("A-big"));
        let later = now + Duration::from_secs(5);
        slideshow.tick(later);
        assert_eq!(
            seen(slideshow.view(later)),
            Seen::Transition("A-big", "B-big", 0.0)
        );
    }

    #[test]
    fn a_photo_late_after_a_resize_goes_on_as_prepared_for_the_old_size() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        let a = slideshow.next_request().unwrap();
        slideshow.photo_ready(a.request_id, "A");
        slideshow.tick(t0);
        let b = slideshow.next_request().unwrap();
        slideshow.photo_ready(b.request_id, "B-small");
        slideshow.prepare_ahead_again();
        let b_again = slideshow.next_request().unwrap();
        assert_eq!(b_again.photo.path, PathBuf::from("b"));
        // The new size is not ready when "b" is due: no stall, the old one goes on.
        let due = t0 + Duration::from_secs(5);
        slideshow.tick(due);
        assert_eq!(
            seen(slideshow.view(due)),
            Seen::Transition("A", "B-small", 0.0)
        );
        slideshow.photo_ready(b_again.request_id, "B-big"); // too late: dropped
        let end = due + Duration::from_secs(1);
        slideshow.tick(end);
        assert_eq!(seen(slideshow.view(end)), Seen::Still("B-small"));
    }

    #[test]
    fn without_workers_a_resize_keeps_the_photos_it_had() {
        let mut slideshow = show(&["a", "b"]);
        let t0 = Instant::now();
        let a = slideshow.next_request().unwrap();
        slideshow.photo_ready(a.request_id, "A");
        slideshow.tick(t0);
        let b = slideshow.next_request().unwrap();
        slideshow.photo_ready(b.request_id, "B");
        slideshow.prepare_ahead_again();
        let b_again = slideshow.next_request().unwrap();
        slideshow.photo_unavailable(b_again.request_id);
        assert_eq!(slideshow.recent.len(), 1, "the replay set is left alone");
        let due = t0 + Duration::from_secs(6);
        slideshow.tick(due);
        slideshow.tick(due + Duration::from_secs(1));
        assert_eq!(
            seen(slideshow.view(due + Duration::from_secs(1))),
            Seen::Still("B")
        );
    }

    #[test]
    fn a_photo_failing_at_the_old_size_is_not_asked_for_again() {
        let mut slideshow = show(&["bad", "good"]);
        slideshow.source.prompt = false;
        let bad = slideshow.next_request().unwrap();
        slideshow.prepare_ahead_again();
        assert_eq!(
            slideshow.next_request(),
            None,
            "one job per photo at a time"
        );
        slideshow.photo_failed(bad.request_id);
        let next = slideshow.next_request().unwrap();
        assert_eq!(next.photo.path, PathBuf::from("good"));
    }

    #[test]
    fn stops_asking_when_every_photo_failed() {
        let mut slideshow = show(&["x", "y"]);
        for _ in 0..2 {
            let request = slideshow.next_request().unwrap();
            slideshow.photo_failed(request.request_id);
        }
        assert_eq!(slideshow.next_request(), None);
    }
}
