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
    /// Photos asked for and not yet whole: by request, the sizes still to come and those
    /// arrived.
    assembling: HashMap<u64, Assembly>,
}

#[derive(Debug)]
struct Assembly {
    wanted: Vec<(u32, u32)>,
    arrived: Vec<((u32, u32), Photo)>,
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
            assembling: HashMap::new(),
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
    pub fn expect(&mut self, request_id: u64, sizes: Vec<(u32, u32)>) {
        self.assembling.insert(
            request_id,
            Assembly {
                wanted: sizes,
                arrived: Vec::new(),
            },
        );
    }

    /// One size of photo `request_id` has come (or failed); the slideshow hears once the
    /// photo is whole, or at the first size that failed. Answers for a request no longer
    /// wanted (photos ahead were asked for again) are passed over.
    pub fn arrived(&mut self, request_id: u64, size: (u32, u32), arrival: Arrival) {
        let Some(assembly) = self.assembling.get_mut(&request_id) else {
            return;
        };
        let photo = match arrival {
            Arrival::Ready(photo) => photo,
            failed => {
                self.assembling.remove(&request_id);
                match failed {
                    Arrival::Failed => self.slideshow.photo_failed(request_id),
                    Arrival::Dropped => self.slideshow.photo_dropped(request_id),
                    Arrival::Unavailable => self.slideshow.photo_unavailable(request_id),
                    Arrival::Ready(_) => unreachable!("matched above"),
                }
                return;
            }
        };
        if !assembly.arrived.iter().any(|(have, _)| *have == size) {
            assembly.arrived.push((size, photo));
        }
        if assembly.arrived.len() >= assembly.wanted.len() {
            let whole = self
                .assembling
                .remove(&request_id)
                .expect("looked up above");
            self.slideshow
                .photo_ready(request_id, PhotoSet::new(whole.arrived));
        }
    }

    /// Photos ahead are to be prepared again (a window changed size, or one joined or left
    /// this show): what was being put together is forgotten.
    pub fn prepare_ahead_again(&mut self) {
        self.assembling.clear();
        self.slideshow.prepare_ahead_again();
    }

    /// Every photo this show holds, moved to another renderer.
    pub fn move_photos(&mut self, to: MoveTo<'_>) {
        self.slideshow.for_each_photo(|set| *set = set.moved(to));
        for assembly in self.assembling.values_mut() {
            for (_, photo) in &mut assembly.arrived {
                *photo = photo.moved(to);
            }
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
