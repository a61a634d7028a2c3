//! The photo list and the order it is dealt in.
//!
//! Every photo is held once, as a compact [`Entry`], in one vector split in two piles: still to
//! be shown this round, or already shown. Shuffle deals a random undealt photo; sequential
//! orders keep the undealt pile sorted and deal its next photo. Dealing only moves the boundary
//! between the piles; a round ends when nothing is undealt and the boundary moves back. Photos found while the show runs join the pile they belong to,
//! so none is shown twice in a round and none waits longer than one round.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// The order photos are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Every photo once per round, in a new random order each round, never the same photo
    /// twice in a row across rounds.
    #[default]
    Shuffle,
    /// By path, then round again.
    ByName,
    /// By date taken (EXIF, else the file's modification time), then by path.
    ByDate,
}

/// One photo: the folder it was found in (an index into the library's roots), its path
/// relative to that folder, and when it was taken (seconds; only read for [`Order::ByDate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub taken: i64,
    pub relative: Box<Path>,
    pub root: u16,
}

impl Entry {
    pub fn new(root: u16, relative: &Path, taken: i64) -> Self {
        Self {
            taken,
            relative: relative.into(),
            root,
        }
    }

    /// Whether this is `relative` itself or a photo under it (a removed folder).
    fn is_at_or_under(&self, root: u16, relative: &Path) -> bool {
        self.root == root && self.relative.starts_with(relative)
    }

    pub fn identity(&self) -> u64 {
        identity(self.root, &self.relative)
    }
}

/// A 64-bit fingerprint of a photo's location, to tell in O(1) whether it is already listed
/// without keeping a second copy of every path.
pub fn identity(root: u16, relative: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    root.hash(&mut hasher);
    relative.hash(&mut hasher);
    hasher.finish()
}

#[derive(Debug)]
pub struct Rotation {
    order: Order,
    /// Every placed photo, in one allocation: `entries[..undealt]` are still to be shown this
    /// round (sequential orders keep them sorted with the next photo last), the rest are shown.
    entries: Vec<Entry>,
    undealt: usize,
    /// Found but not yet placed: sequential orders sort newcomers in batches, not one by one.
    pending: Vec<Entry>,
    members: HashSet<u64>,
    /// The photo dealt last (sequential newcomers before it wait for the next round), and the
    /// one before it (restored when the last one turns out to be gone).
    last: Option<Entry>,
    before_last: Option<Entry>,
    rng: u64,
}

/// Newcomers are placed once this many are waiting (or when nothing else is left to deal).
const BATCH: usize = 256;

impl Rotation {
    pub fn new(order: Order, seed: u64) -> Self {
        Self {
            order,
            entries: Vec::new(),
            undealt: 0,
            pending: Vec::new(),
            members: HashSet::new(),
            last: None,
            before_last: None,
            // xorshift must not start at zero
            rng: seed | 1,
        }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn contains(&self, root: u16, relative: &Path) -> bool {
        self.members.contains(&identity(root, relative))
    }

    /// Adds a photo; false if it is already listed.
    pub fn add(&mut self, entry: Entry) -> bool {
        if !self.members.insert(entry.identity()) {
            return false;
        }
        self.pending.push(entry);
        if self.pending.len() >= BATCH.max(self.members.len() / 8) {
            self.place_pending();
        }
        true
    }

    /// Removes the photo at `relative`, or every photo under it; returns how many.
    pub fn remove(&mut self, root: u16, relative: &Path) -> usize {
        self.retain(|entry| !entry.is_at_or_under(root, relative))
    }

    /// Keeps only the photos `keep` accepts (after a full rescan); returns how many went.
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) -> usize {
        let before = self.members.len();
        let members = &mut self.members;
        let mut keep = |entry: &Entry| {
            let kept = keep(entry);
            if !kept {
                members.remove(&entry.identity());
            }
            kept
        };
        // `Vec::retain` visits in order: count the undealt ones that go.
        let (mut index, mut undealt_gone) = (0, 0);
        let undealt = self.undealt;
        self.entries.retain(|entry| {
            let kept = keep(entry);
            undealt_gone += usize::from(!kept && index < undealt);
            index += 1;
            kept
        });
        self.undealt -= undealt_gone;
        self.pending.retain(&mut keep);
        before - self.members.len()
    }

    /// The next photo to show; `None` only when there are none.
    pub fn deal(&mut self) -> Option<&Entry> {
        // Sequential newcomers may belong before the next undealt photo.
        if self.undealt == 0 || self.order != Order::Shuffle {
            self.place_pending();
        }
        if self.undealt == 0 {
            self.new_round();
        }
        let next = match self.order {
            Order::Shuffle => {
                let mut index = self.random_index(self.undealt)?;
                let opens_round = self.undealt == self.entries.len() && self.undealt > 1;
                if opens_round && self.last.as_ref() == self.entries.get(index) {
                    index = (index + 1) % self.undealt;
                }
                index
            }
            Order::ByName | Order::ByDate => self.undealt.checked_sub(1)?,
        };
        // The dealt photo moves to the boundary and the boundary moves past it.
        self.undealt -= 1;
        self.entries.swap(next, self.undealt);
        let entry = &self.entries[self.undealt];
        self.before_last = self.last.replace(entry.clone());
        Some(entry)
    }

    /// Puts every photo found so far in its place (call when a scan ends, so sequential orders
    /// are exact from then on).
    pub fn place_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let order = self.order;
        for entry in self.pending.drain(..) {
            let this_round = match (&self.last, order) {
                (Some(last), Order::ByName | Order::ByDate) => compare(order, &entry, last).is_gt(),
                _ => true,
            };
            self.entries.push(entry);
            if this_round {
                // Into the undealt part: swap with the first dealt photo.
                let end = self.entries.len() - 1;
                self.entries.swap(self.undealt, end);
                self.undealt += 1;
            }
        }
        self.pending.shrink_to(BATCH);
        self.sort_undealt();
    }

    fn new_round(&mut self) {
        self.undealt = self.entries.len();
        self.sort_undealt();
    }

    /// Sequential orders deal from the end of the undealt part: sort it backwards.
    fn sort_undealt(&mut self) {
        if self.order != Order::Shuffle {
            let order = self.order;
            // Mostly sorted already (the walk is in name order): cheap.
            self.entries[..self.undealt].sort_by(|a, b| compare(order, b, a));
        }
    }

    fn random_index(&mut self, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        Some((self.rng % len as u64) as usize)
    }

    /// Forgets the photo dealt last: it vanished before it could be shown.
    pub fn forget_last_dealt(&mut self) {
        let Some(last) = self.last.take() else {
            return;
        };
        if self.entries.get(self.undealt) == Some(&last) {
            self.members.remove(&last.identity());
            self.entries.swap_remove(self.undealt);
        }
        self.last = self.before_last.take();
    }
}

fn compare(order: Order, a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let by_name = (a.root, &a.relative).cmp(&(b.root, &b.relative));
    match order {
        Order::ByDate => a.taken.cmp(&b.taken).then(by_name),
        Order::Shuffle | Order::ByName => by_name,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn rotation(order: Order, names: &[&str]) -> Rotation {
        let mut rotation = Rotation::new(order, 7);
        for name in names {
            rotation.add(Entry::new(0, Path::new(name), 0));
        }
        rotation
    }

    fn deal(rotation: &mut Rotation, count: usize) -> Vec<PathBuf> {
        (0..count)
            .map(|_| rotation.deal().unwrap().relative.to_path_buf())
            .collect()
    }

    fn names(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("{i:03}.jpg")).collect()
    }

    #[test]
    fn shuffle_shows_every_photo_once_per_round_and_never_repeats_across_rounds() {
        for seed in 0..50 {
            let mut shuffle = Rotation::new(Order::Shuffle, seed);
            for name in names(7) {
                shuffle.add(Entry::new(0, Path::new(&name), 0));
            }
            let mut previous = None;
            for _ in 0..5 {
                let round = deal(&mut shuffle, 7);
                let distinct: HashSet<_> = round.iter().collect();
                assert_eq!(distinct.len(), 7, "a photo repeated within a round");
                assert_ne!(previous.as_ref(), Some(&round[0]), "repeat across rounds");
                previous = round.last().cloned();
            }
        }
    }

    #[test]
    fn a_vanished_round_opener_does_not_let_the_previous_photo_repeat() {
        for seed in 0..50 {
            let mut shuffle = Rotation::new(Order::Shuffle, seed);
            for name in ["a.jpg", "b.jpg", "c.jpg"] {
                shuffle.add(Entry::new(0, Path::new(name), 0));
            }
            let ended_round = deal(&mut shuffle, 3).pop().unwrap();
            deal(&mut shuffle, 1);
            shuffle.forget_last_dealt();
            assert_eq!(shuffle.len(), 2);
            assert_ne!(deal(&mut shuffle, 1)[0], ended_round, "seed {seed}");
        }
    }

    #[test]
    fn shuffle_orders_differ_between_rounds() {
        let all = names(20);
        let refs: Vec<_> = all.iter().map(String::as_str).collect();
        let mut shuffle = rotation(Order::Shuffle, &refs);
        let first = deal(&mut shuffle, 20);
        let second = deal(&mut shuffle, 20);
        assert_ne!(first, second);
        let sorted: Vec<PathBuf> = all.iter().map(PathBuf::from).collect();
        assert_ne!(first, sorted, "not shuffled at all");
    }

    #[test]
    fn by_name_goes_in_path_order_and_wraps() {
        let mut by_name = rotation(Order::ByName, &["c.jpg", "a/z.jpg", "b.jpg", "a.jpg"]);
        let shown = deal(&mut by_name, 5);
        let expected = ["a/z.jpg", "a.jpg", "b.jpg", "c.jpg", "a/z.jpg"];
        assert_eq!(shown, expected.map(PathBuf::from));
    }

    #[test]
    fn by_date_goes_oldest_first_and_breaks_ties_by_name() {
        let mut by_date = Rotation::new(Order::ByDate, 1);
        for (name, taken) in [
            ("new.jpg", 300),
            ("b.jpg", 100),
            ("old.jpg", 50),
            ("a.jpg", 100),
        ] {
            by_date.add(Entry::new(0, Path::new(name), taken));
        }
        let expected = ["old.jpg", "a.jpg", "b.jpg", "new.jpg"];
        assert_eq!(deal(&mut by_date, 4), expected.map(PathBuf::from));
    }

    #[test]
    fn photos_added_mid_round_are_shown_this_round_if_still_ahead_else_next_round() {
        let mut by_name = rotation(Order::ByName, &["b.jpg", "d.jpg"]);
        assert_eq!(deal(&mut by_name, 1), [PathBuf::from("b.jpg")]);
        assert!(by_name.add(Entry::new(0, Path::new("c.jpg"), 0)));
        assert!(by_name.add(Entry::new(0, Path::new("a.jpg"), 0)));
        assert!(
            !by_name.add(Entry::new(0, Path::new("a.jpg"), 0)),
            "listed twice"
        );
        let expected = ["c.jpg", "d.jpg", "a.jpg", "b.jpg"];
        assert_eq!(deal(&mut by_name, 4), expected.map(PathBuf::from));
    }

    #[test]
    fn removing_a_photo_or_a_folder_takes_it_out_of_every_pile() {
        let mut by_name = rotation(
            Order::ByName,
            &["a.jpg", "trip/b.jpg", "trip/c.jpg", "d.jpg"],
        );
        deal(&mut by_name, 2);
        assert_eq!(by_name.remove(0, Path::new("trip")), 2);
        assert_eq!(by_name.remove(0, Path::new("a.jpg")), 1);
        assert_eq!(by_name.len(), 1);
        assert_eq!(
            deal(&mut by_name, 2),
            [PathBuf::from("d.jpg"), "d.jpg".into()]
        );
        assert!(!by_name.contains(0, Path::new("a.jpg")));
    }

    #[test]
    fn an_empty_rotation_deals_nothing_and_one_photo_repeats() {
        assert!(Rotation::new(Order::Shuffle, 1).deal().is_none());
        let mut one = rotation(Order::Shuffle, &["only.jpg"]);
        assert_eq!(deal(&mut one, 3), vec![PathBuf::from("only.jpg"); 3]);
    }
}
