//! One photo sequence and the windows showing it: each monitor its own show, or one show on
//! every monitor (`same_photo_on_all_monitors`). A show's photo is prepared at the size of each
//! of its windows, and is ready once every size has arrived.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::screen::Screen;
use crate::app::photo::{MoveTo, Photo};
use crate::app::photo_set::PhotoSet;
use crate::app::transition_plan::Runs;
use crate::library::{LibraryFeed, LibraryStatus, PhotoRef, PhotoSource};
use crate::slideshow::Slideshow;

pub(super) struct Show {
    /// Tells this show's photos apart from other shows' in the shared decode work.
    pub id: u64,
    pub slideshow: Slideshow<PhotoSet, LibraryShare>,
    pub runs: Runs,
    pub screens: Vec<Screen>,
    /// Photos asked for and not yet whole.
    assembling: Assemblies,
}

/// Photos asked for and not yet whole: by request, the sizes wanted and those arrived.
#[derive(Debug, Default)]
struct Assemblies(HashMap<u64, Assembly>);

#[derive(Debug)]
struct Assembly {
    wanted: Vec<(u32, u32)>,
    arrived: Vec<((u32, u32), Photo)>,
    about: Arc<PhotoRef>,
}

/// How a photo asked for in one size went.
pub(super) enum Arrival {
    Ready(Photo),
    /// Unreadable or corrupt, or kept from the workers: never shown.
    Failed,
    /// Not this time; nothing known against it (asked for again).
    Dropped,
    /// No decode worker is left.
    Unavailable,
}

impl Show {
    pub fn new(id: u64, slideshow: Slideshow<PhotoSet, LibraryShare>) -> Self {
        Self {
            id,
            slideshow,
            runs: Runs::default(),
            screens: Vec::new(),
            assembling: Assemblies::default(),
        }
    }

    /// The sizes this show's photos are prepared at, one per distinct window size.
    pub fn sizes(&self) -> Vec<(u32, u32)> {
        let mut sizes: Vec<(u32, u32)> = self.screens.iter().map(|s| s.prepared_for).collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    /// Photo `request_id` is wanted at `sizes`.
    pub fn expect(&mut self, request_id: u64, sizes: Vec<(u32, u32)>, photo: &PhotoRef) {
        self.assembling.expect(request_id, sizes, photo);
    }

    /// One size of photo `request_id` has come (or failed); see [`Assemblies::arrived`].
    pub fn arrived(&mut self, request_id: u64, size: (u32, u32), arrival: Arrival) {
        self.assembling
            .arrived(&mut self.slideshow, request_id, size, arrival);
    }

    /// Photos ahead are to be prepared again, at the sizes the show's windows have now (one
    /// changed size, or one joined or left this show). Photos still being put together are
    /// finished at the sizes they were asked for: the slideshow waits for each answer it is
    /// owed (and keeps it as a stand-in).
    pub fn prepare_ahead_again(&mut self) {
        self.slideshow.prepare_ahead_again();
    }

    /// Every photo this show holds, moved to another renderer.
    pub fn move_photos(&mut self, to: MoveTo<'_>) {
        self.slideshow.for_each_photo(|set| *set = set.moved(to));
        for assembly in self.assembling.0.values_mut() {
            for (_, photo) in &mut assembly.arrived {
                *photo = photo.moved(to);
            }
        }
    }
}

impl Assemblies {
    fn expect(&mut self, request_id: u64, sizes: Vec<(u32, u32)>, photo: &PhotoRef) {
        self.0.insert(
            request_id,
            Assembly {
                wanted: sizes,
                arrived: Vec::new(),
                about: Arc::new(photo.clone()),
            },
        );
    }

    /// One size of photo `request_id` has come (or failed); `slideshow` hears once the photo
    /// is whole (at the sizes it was asked for, even if the windows have changed size since:
    /// the slideshow keeps it as a stand-in and asks again), or at the first size that
    /// failed. Answers for a request already answered are passed over.
    fn arrived<S: PhotoSource>(
        &mut self,
        slideshow: &mut Slideshow<PhotoSet, S>,
        request_id: u64,
        size: (u32, u32),
        arrival: Arrival,
    ) {
        let Some(assembly) = self.0.get_mut(&request_id) else {
            return;
        };
        let photo = match arrival {
            Arrival::Ready(photo) => photo,
            failed => {
                self.0.remove(&request_id);
                match failed {
                    Arrival::Failed => slideshow.photo_failed(request_id),
                    Arrival::Dropped => slideshow.photo_dropped(request_id),
                    Arrival::Unavailable => slideshow.photo_unavailable(request_id),
                    Arrival::Ready(_) => unreachable!("matched above"),
                }
                return;
            }
        };
        if !assembly.arrived.iter().any(|(have, _)| *have == size) {
            assembly.arrived.push((size, photo));
        }
        if assembly.arrived.len() >= assembly.wanted.len() {
            let whole = self.0.remove(&request_id).expect("looked up above");
            slideshow.photo_ready(request_id, PhotoSet::new(whole.arrived, whole.about));
        }
    }
}

/// The show's end of the one photo library: every show deals from it in turn, so monitors
/// with a sequence of their own show different photos. Only the render thread holds it.
#[derive(Debug, Clone)]
pub(super) struct LibraryShare(Rc<RefCell<LibraryFeed>>);

impl LibraryShare {
    pub fn new(feed: LibraryFeed) -> Self {
        Self(Rc::new(RefCell::new(feed)))
    }

    pub fn status(&self) -> Arc<LibraryStatus> {
        Arc::clone(self.0.borrow().status())
    }

    /// Every show deals from `feed` from now on (a new search); the old one's thread ends as
    /// it is dropped.
    pub fn replace(&self, feed: LibraryFeed) {
        *self.0.borrow_mut() = feed;
    }
}

impl PhotoSource for LibraryShare {
    fn next_photo(&mut self) -> Option<PhotoRef> {
        self.0.borrow_mut().next_photo()
    }

    fn len(&self) -> usize {
        self.0.borrow().len()
    }

    fn reject(&mut self, photo: PhotoRef) {
        self.0.borrow_mut().reject(photo);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::library::PhotoRef;
    use crate::slideshow::{Timing, View};

    /// A library of three photos, dealt round and round.
    struct Three(usize);

    impl PhotoSource for Three {
        fn next_photo(&mut self) -> Option<PhotoRef> {
            self.0 += 1;
            Some(PhotoRef::unstamped(format!("{}.jpg", self.0 % 3)))
        }
        fn len(&self) -> usize {
            3
        }
        fn reject(&mut self, _: PhotoRef) {}
    }

    #[test]
    fn a_photo_is_ready_once_every_size_has_come_even_if_asked_for_again_meanwhile() {
        let timing = Timing {
            display: Duration::from_secs(5),
            transition: Duration::from_secs(1),
        };
        let mut slideshow: Slideshow<PhotoSet, Three> = Slideshow::new(Three(0), timing);
        let request = slideshow.next_request().expect("a first request");
        let mut assembling = Assemblies::default();
        assembling.expect(request.request_id, vec![(64, 36), (80, 45)], &request.photo);
        // A window changes size before the photo is whole: its answer is still awaited.
        slideshow.prepare_ahead_again();
        let id = request.request_id;
        assembling.arrived(
            &mut slideshow,
            id,
            (64, 36),
            Arrival::Ready(Photo::blank(64, 36)),
        );
        assert!(assembling.0.contains_key(&id));
        assembling.arrived(
            &mut slideshow,
            id,
            (80, 45),
            Arrival::Ready(Photo::blank(80, 45)),
        );
        assert!(assembling.0.is_empty());
        slideshow.tick(std::time::Instant::now());
        assert!(
            matches!(slideshow.view(std::time::Instant::now()), View::Still(_)),
            "the photo asked for before the resize is shown meanwhile"
        );
    }
}
