//! The photos coming next, in show order: asked for, being prepared, or ready; asked for
//! again when the display changes size, with what was prepared for the old size kept as a
//! fallback.

use std::collections::VecDeque;

use super::PhotoRequest;
use crate::library::PhotoRef;

#[derive(Debug)]
pub struct Ahead<P> {
    entries: VecDeque<Entry<P>>,
    next_request_id: u64,
}

#[derive(Debug)]
struct Entry<P> {
    /// The latest request for it.
    request_id: u64,
    /// `None` for a photo put back from those already shown (it is not asked for again).
    source: Option<PhotoRef>,
    state: Preparation<P>,
    /// The photo as prepared for an earlier display size.
    fallback: Option<P>,
}

#[derive(Debug)]
enum Preparation<P> {
    /// To be asked for again by [`Ahead::ask_again`].
    ToAsk,
    Asked,
    /// Asked for at a display size that has since changed: once the answer is in it becomes
    /// the fallback and the photo is asked for again.
    AskedAtOldSize,
    Ready(P),
}

impl<P> Default for Ahead<P> {
    fn default() -> Self {
        Self {
            entries: VecDeque::new(),
            next_request_id: 1,
        }
    }
}

impl<P> Ahead<P> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn new_request_id(&mut self) -> u64 {
        let id = self.next_request_id;
        self.next_request_id += 1;
        id
    }

    /// Asks for `photo` after the others.
    pub fn ask(&mut self, photo: PhotoRef) -> PhotoRequest {
        let request_id = self.new_request_id();
        self.entries.push_back(Entry {
            request_id,
            source: Some(photo.clone()),
            state: Preparation::Asked,
            fallback: None,
        });
        PhotoRequest { request_id, photo }
    }

    /// Puts a photo already prepared (one shown before) first in line.
    pub fn put_first(&mut self, photo: P) {
        let request_id = self.new_request_id();
        self.entries.push_front(Entry {
            request_id,
            source: None,
            state: Preparation::Ready(photo),
            fallback: None,
        });
    }

    /// The first photo to be asked for again at a new display size, if any.
    pub fn ask_again(&mut self) -> Option<PhotoRequest> {
        let index = self
            .entries
            .iter()
            .position(|e| matches!(e.state, Preparation::ToAsk) && e.source.is_some())?;
        let request_id = self.new_request_id();
        let entry = &mut self.entries[index];
        entry.request_id = request_id;
        entry.state = Preparation::Asked;
        let photo = entry.source.clone()?;
        Some(PhotoRequest { request_id, photo })
    }

    /// The display changed size: every photo is to be asked for again. What was prepared for
    /// the old size stays as a fallback, shown if the new one is late; a photo still being
    /// prepared is asked for again once that answer is in, so no more than one job per photo
    /// is ever outstanding.
    pub fn prepare_again(&mut self) {
        // A photo put back from those shown has nothing to be asked for again with: it stays.
        for entry in self.entries.iter_mut().filter(|e| e.source.is_some()) {
            entry.state = match std::mem::replace(&mut entry.state, Preparation::ToAsk) {
                Preparation::Ready(photo) => {
                    entry.fallback = Some(photo);
                    Preparation::ToAsk
                }
                Preparation::Asked | Preparation::AskedAtOldSize => Preparation::AskedAtOldSize,
                Preparation::ToAsk => Preparation::ToAsk,
            };
        }
    }

    /// The photo whose answer `request_id` is (answers to anything else are stale).
    fn asked(&mut self, request_id: u64) -> Option<&mut Entry<P>> {
        self.entries.iter_mut().find(|e| {
            e.request_id == request_id
                && matches!(e.state, Preparation::Asked | Preparation::AskedAtOldSize)
        })
    }

    /// The answer to `request_id`; a stale one is dropped.
    pub fn answer(&mut self, request_id: u64, photo: P) {
        if let Some(entry) = self.asked(request_id) {
            entry.state = match entry.state {
                Preparation::AskedAtOldSize => {
                    entry.fallback = Some(photo);
                    Preparation::ToAsk
                }
                _ => Preparation::Ready(photo),
            };
        }
    }

    /// Gives up on the photo asked for as `request_id`, returning which photo it was.
    pub fn remove(&mut self, request_id: u64) -> Option<PhotoRef> {
        let photo = self.asked(request_id)?.source.clone()?;
        self.entries.retain(|e| e.request_id != request_id);
        Some(photo)
    }

    /// The photo asked for as `request_id` cannot be prepared: it is shown as prepared for an
    /// earlier size, else as `replay` offers, else left out.
    pub fn make_do(&mut self, request_id: u64, replay: impl FnOnce() -> Option<P>) {
        let Some(entry) = self.asked(request_id) else {
            return;
        };
        match entry.fallback.take().or_else(replay) {
            Some(photo) => entry.state = Preparation::Ready(photo),
            None => self.entries.retain(|e| e.request_id != request_id),
        }
    }

    /// Every prepared photo (ready, or kept from an earlier size), to be moved elsewhere.
    pub fn for_each_photo(&mut self, f: &mut impl FnMut(&mut P)) {
        for entry in &mut self.entries {
            if let Preparation::Ready(photo) = &mut entry.state {
                f(photo);
            }
            if let Some(photo) = &mut entry.fallback {
                f(photo);
            }
        }
    }

    /// The next photo to show: the first in order that is prepared (or has a fallback from an
    /// earlier size). A photo that is late keeps its place at the front for when it arrives;
    /// the show does not wait on it while a later one is ready.
    pub fn take_next(&mut self) -> Option<P> {
        let index = self
            .entries
            .iter()
            .position(|e| matches!(e.state, Preparation::Ready(_)) || e.fallback.is_some())?;
        let entry = &mut self.entries[index];
        let photo = match std::mem::replace(&mut entry.state, Preparation::ToAsk) {
            Preparation::Ready(photo) => photo,
            state => {
                entry.state = state;
                entry.fallback.take().expect("checked above")
            }
        };
        self.entries.remove(index);
        Some(photo)
    }
}
