//! The slideshow timeline against a scripted photo source.

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
        View::Transition { from, to, progress } => Seen::Transition(from.photo, to.photo, progress),
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

/// Asks for the next photo and answers at once with `photo`.
fn prepare_next(slideshow: &mut Slideshow<&'static str, Cycle>, photo: &'static str) {
    let request = slideshow.next_request().expect("a photo to prepare");
    slideshow.photo_ready(request.request_id, photo);
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
    prepare_next(&mut slideshow, "A");
    slideshow.tick(t0);
    prepare_next(&mut slideshow, "B");
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
        prepare_next(&mut slideshow, name);
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
    prepare_next(&mut slideshow, "A");
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
        prepare_next(&mut slideshow, name);
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
fn shows_in_order_but_never_waits_on_a_late_photo() {
    let mut slideshow = show(&["a", "b", "c"]).with_prefetch(3);
    let requests: Vec<_> = std::iter::from_fn(|| slideshow.next_request()).collect();
    let paths: Vec<_> = requests
        .iter()
        .map(|r| r.photo.path.to_str().unwrap())
        .collect();
    assert_eq!(paths, ["a", "b", "c"]);
    // "c" and "b" arrive before "a": "b" goes up rather than a black screen.
    slideshow.photo_ready(requests[2].request_id, "C");
    slideshow.photo_ready(requests[1].request_id, "B");
    let mut now = Instant::now();
    slideshow.tick(now);
    assert_eq!(seen(slideshow.view(now)), Seen::Still("B"));
    // "a" kept its place at the front: it is next once it arrives, then "c".
    slideshow.photo_ready(requests[0].request_id, "A");
    let next = slideshow.next_request().unwrap();
    assert_eq!(next.photo.path, PathBuf::from("a"), "one more dealt");
    assert_eq!(slideshow.next_request(), None);
    for expected in ["A", "C"] {
        now += Duration::from_secs(5);
        slideshow.tick(now);
        now += Duration::from_secs(1);
        slideshow.tick(now);
        assert_eq!(seen(slideshow.view(now)), Seen::Still(expected));
    }
}

#[test]
fn a_photo_still_late_when_its_time_comes_is_passed_over_until_it_arrives() {
    let mut slideshow = show(&["a", "slow", "c"]).with_prefetch(2);
    prepare_next(&mut slideshow, "A");
    let t0 = Instant::now();
    slideshow.tick(t0);
    let slow = slideshow.next_request().unwrap();
    let c = slideshow.next_request().unwrap();
    assert_eq!(paths(&[slow.clone(), c.clone()]), ["slow", "c"]);
    slideshow.photo_ready(c.request_id, "C");
    // Due: "slow" is not ready, "c" is. The show moves on to "c".
    let due = t0 + Duration::from_secs(5);
    slideshow.tick(due);
    assert_eq!(seen(slideshow.view(due)), Seen::Transition("A", "C", 0.0));
    // Its failure, when it comes, drops it without disturbing the show.
    slideshow.photo_failed(slow.request_id);
    let later = due + Duration::from_secs(1);
    slideshow.tick(later);
    assert_eq!(seen(slideshow.view(later)), Seen::Still("C"));
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
    prepare_next(&mut slideshow, "A");
    slideshow.tick(t0);
    prepare_next(&mut slideshow, "B-small");
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
    prepare_next(&mut slideshow, "A");
    slideshow.tick(t0);
    prepare_next(&mut slideshow, "B");
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

#[test]
fn a_pause_holds_the_photo_and_resuming_keeps_its_time_left() {
    let mut slideshow = show(&["a", "b"]);
    let t0 = Instant::now();
    prepare_next(&mut slideshow, "A");
    slideshow.tick(t0);
    prepare_next(&mut slideshow, "B");
    assert!(slideshow.toggle_pause(t0 + Duration::from_secs(2)));
    let late = t0 + Duration::from_secs(60);
    slideshow.tick(late);
    assert_eq!(seen(slideshow.view(late)), Seen::Still("A"), "paused");
    assert_eq!(slideshow.next_change(late), None);
    assert!(!slideshow.toggle_pause(late));
    // 3 s of its 5 were left when it paused.
    assert_eq!(
        slideshow.next_change(late),
        Some(late + Duration::from_secs(3))
    );
    slideshow.tick(late + Duration::from_secs(3));
    assert!(matches!(
        seen(slideshow.view(late + Duration::from_secs(3))),
        Seen::Transition("A", "B", _)
    ));
}

#[test]
fn skipping_moves_on_at_once_and_going_back_returns_to_the_photo_before() {
    let mut slideshow = show(&["a", "b", "c"]);
    let t0 = Instant::now();
    prepare_next(&mut slideshow, "A");
    slideshow.tick(t0);
    prepare_next(&mut slideshow, "B");
    slideshow.skip();
    let t1 = t0 + Duration::from_millis(10);
    slideshow.tick(t1);
    assert!(
        matches!(seen(slideshow.view(t1)), Seen::Transition("A", "B", _)),
        "skipped at once"
    );
    let t2 = t1 + Duration::from_secs(1);
    slideshow.tick(t2);
    assert_eq!(seen(slideshow.view(t2)), Seen::Still("B"));
    prepare_next(&mut slideshow, "C");
    assert!(slideshow.back());
    let t3 = t2 + Duration::from_millis(10);
    slideshow.tick(t3);
    assert!(
        matches!(seen(slideshow.view(t3)), Seen::Transition("B", "A", _)),
        "back to A"
    );
    let t4 = t3 + Duration::from_secs(1);
    slideshow.tick(t4);
    assert_eq!(seen(slideshow.view(t4)), Seen::Still("A"));
    // Forward again: B, the photo gone back from, then C, prepared all along.
    slideshow.skip();
    let t5 = t4 + Duration::from_millis(10);
    slideshow.tick(t5);
    assert!(matches!(
        seen(slideshow.view(t5)),
        Seen::Transition("A", "B", _)
    ));
    let t6 = t5 + Duration::from_secs(1);
    slideshow.tick(t6);
    slideshow.skip();
    let t7 = t6 + Duration::from_millis(10);
    slideshow.tick(t7);
    assert!(matches!(
        seen(slideshow.view(t7)),
        Seen::Transition("B", "C", _)
    ));
}
