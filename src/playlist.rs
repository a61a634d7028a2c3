//! The order photos are shown in.
//!
//! Shuffle deals every photo once per round in a random order, and never starts a round with
//! the photo that ended the previous one; sequential goes by name. Either way the playlist holds
//! only the paths.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Every photo once per round, in a new random order each round.
    #[default]
    Shuffle,
    /// By file path, then round again.
    ByName,
}

#[derive(Debug, Clone)]
pub struct Playlist {
    photos: Vec<PathBuf>,
    order: Order,
    /// Indices into `photos` for the current round, and how far into it we are.
    round: Vec<usize>,
    position: usize,
    rng: u64,
}

impl Playlist {
    pub fn new(mut photos: Vec<PathBuf>, order: Order, seed: u64) -> Self {
        photos.sort();
        let mut playlist = Self {
            round: Vec::new(),
            position: 0,
            photos,
            order,
            // xorshift must not start at zero
            rng: seed | 1,
        };
        playlist.deal(None);
        playlist
    }

    pub fn len(&self) -> usize {
        self.photos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.photos.is_empty()
    }

    /// The next photo to show; `None` only when the playlist is empty.
    pub fn next_photo(&mut self) -> Option<PathBuf> {
        if self.photos.is_empty() {
            return None;
        }
        if self.position == self.round.len() {
            let last = self.round.last().copied();
            self.deal(last);
        }
        let index = self.round[self.position];
        self.position += 1;
        Some(self.photos[index].clone())
    }

    /// Starts a new round; in shuffle, `avoid_first` (the photo just shown) does not open it.
    fn deal(&mut self, avoid_first: Option<usize>) {
        self.round = (0..self.photos.len()).collect();
        self.position = 0;
        if self.order == Order::ByName {
            return;
        }
        // Fisher-Yates.
        for i in (1..self.round.len()).rev() {
            let j = (self.random() % (i as u64 + 1)) as usize;
            self.round.swap(i, j);
        }
        if self.round.len() > 1 && self.round.first().copied() == avoid_first {
            let j = 1 + (self.random() % (self.round.len() as u64 - 1)) as usize;
            self.round.swap(0, j);
        }
    }

    fn random(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn photos(n: usize) -> Vec<PathBuf> {
        (0..n)
            .map(|i| PathBuf::from(format!("{i:03}.jpg")))
            .collect()
    }

    #[test]
    fn shuffle_shows_every_photo_once_per_round_and_never_repeats_across_rounds() {
        for seed in 0..50 {
            let mut playlist = Playlist::new(photos(7), Order::Shuffle, seed);
            let mut previous = None;
            for _ in 0..5 {
                let round: Vec<_> = (0..7).map(|_| playlist.next_photo().unwrap()).collect();
                let distinct: HashSet<_> = round.iter().collect();
                assert_eq!(distinct.len(), 7, "a photo repeated within a round");
                assert_ne!(previous.as_ref(), Some(&round[0]), "repeat across rounds");
                previous = round.last().cloned();
            }
        }
    }

    #[test]
    fn shuffle_orders_differ_between_rounds() {
        let mut playlist = Playlist::new(photos(20), Order::Shuffle, 42);
        let first: Vec<_> = (0..20).map(|_| playlist.next_photo().unwrap()).collect();
        let second: Vec<_> = (0..20).map(|_| playlist.next_photo().unwrap()).collect();
        assert_ne!(first, second);
        assert_ne!(first, photos(20), "not shuffled at all");
    }

    #[test]
    fn by_name_goes_in_path_order_and_wraps() {
        let mut reversed = photos(3);
        reversed.reverse();
        let mut playlist = Playlist::new(reversed, Order::ByName, 0);
        let shown: Vec<_> = (0..4).map(|_| playlist.next_photo().unwrap()).collect();
        assert_eq!(shown[..3], photos(3)[..]);
        assert_eq!(shown[3], photos(3)[0]);
    }

    #[test]
    fn a_single_photo_and_an_empty_list_behave() {
        let mut one = Playlist::new(photos(1), Order::Shuffle, 1);
        assert_eq!(one.next_photo(), one.next_photo());
        assert_eq!(
            Playlist::new(Vec::new(), Order::Shuffle, 1).next_photo(),
            None
        );
    }
}
