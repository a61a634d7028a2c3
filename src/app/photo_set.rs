//! One photo of a show, prepared at the size of each monitor the show is on: a show with one
//! window has one, all monitors showing the same photo have one per distinct monitor size (two
//! monitors of the same size share one decode and one texture).

use super::photo::{MoveTo, Photo};

/// The same photo at one or more prepared sizes. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct PhotoSet {
    /// At least one; sizes are distinct.
    prepared: Vec<((u32, u32), Photo)>,
    /// Which photo it is (for its caption).
    about: std::sync::Arc<crate::library::PhotoRef>,
}

impl PhotoSet {
    /// `prepared` must not be empty.
    pub fn new(
        prepared: Vec<((u32, u32), Photo)>,
        about: std::sync::Arc<crate::library::PhotoRef>,
    ) -> Self {
        assert!(!prepared.is_empty(), "a photo set holds at least one size");
        Self { prepared, about }
    }

    /// Which photo it is.
    pub fn about(&self) -> &crate::library::PhotoRef {
        &self.about
    }

    /// The photo prepared for a window preparing at `size`: that size's own, else (a monitor
    /// joined or a window resized since it was asked for) the largest there is, which the
    /// compositor scales until the next photo arrives at the right size.
    pub fn for_size(&self, size: (u32, u32)) -> &Photo {
        self.prepared
            .iter()
            .find(|(prepared, _)| *prepared == size)
            .or_else(|| {
                self.prepared
                    .iter()
                    .max_by_key(|((w, h), _)| u64::from(*w) * u64::from(*h))
            })
            .map(|(_, photo)| photo)
            .expect("a photo set holds at least one size")
    }

    /// The same photo for another renderer (see [`Photo::moved`]).
    pub fn moved(&self, to: MoveTo<'_>) -> Self {
        Self {
            prepared: self
                .prepared
                .iter()
                .map(|(size, photo)| (*size, photo.moved(to)))
                .collect(),
            about: std::sync::Arc::clone(&self.about),
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn each_window_gets_its_own_size_or_the_largest() {
        let set = PhotoSet::new(
            vec![
                ((64, 36), Photo::blank(64, 36)),
                ((80, 64), Photo::blank(80, 64)),
            ],
            std::sync::Arc::new(crate::library::PhotoRef::unstamped("a.jpg")),
        );
        assert_eq!(set.for_size((64, 36)).size(), (64, 36));
        assert_eq!(set.for_size((80, 64)).size(), (80, 64));
        assert_eq!(set.for_size((10, 10)).size(), (80, 64));
    }
}
