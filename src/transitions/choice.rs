//! Which transition comes next: one chosen by name, or a random pick from a pool that never
//! repeats the last pick.

use super::Catalogue;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    One(String),
    /// A random pick from these names each time.
    Random(Vec<String>),
}

impl Selection {
    /// `name` (or `random`) and the random `pool` (empty: every transition), checked against
    /// `catalogue`.
    pub fn resolve(catalogue: &Catalogue, name: &str, pool: &[String]) -> Result<Self, String> {
        let known = |name: &str| {
            if catalogue.get(name).is_some() {
                Ok(())
            } else {
                let names: Vec<&str> = catalogue.names().collect();
                Err(format!(
                    "no transition {name:?} (there are: {})",
                    names.join(", ")
                ))
            }
        };
        if name != "random" {
            known(name)?;
            return Ok(Self::One(name.to_owned()));
        }
        let pool: Vec<String> = if pool.is_empty() {
            catalogue.names().map(str::to_owned).collect()
        } else {
            pool.iter().map(|n| n.trim().to_owned()).collect()
        };
        for name in &pool {
            known(name)?;
        }
        Ok(Self::Random(pool))
    }

    /// Every name it may pick.
    pub fn names(&self) -> &[String] {
        match self {
            Self::One(name) => std::slice::from_ref(name),
            Self::Random(pool) => pool,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Chooser {
    selection: Selection,
    last: Option<String>,
    /// xorshift64 state; never 0.
    state: u64,
}

impl Chooser {
    pub fn new(selection: Selection, seed: u64) -> Self {
        Self {
            selection,
            last: None,
            state: seed | 1,
        }
    }

    /// The next transition among those `ready` allows (a pipeline still being built is not
    /// ready). A random pool of more than one never gives the same transition twice in a row:
    /// while only the last one is ready, it gives none.
    pub fn next(&mut self, ready: impl Fn(&str) -> bool) -> Option<String> {
        let pick = match &self.selection {
            Selection::One(name) => ready(name).then(|| name.clone()),
            Selection::Random(pool) => {
                let candidates: Vec<String> = pool.iter().filter(|n| ready(n)).cloned().collect();
                let fresh: Vec<String> = candidates
                    .iter()
                    .filter(|n| Some(*n) != self.last.as_ref())
                    .cloned()
                    .collect();
                let mut from = if pool.len() > 1 { fresh } else { candidates };
                if from.is_empty() {
                    None
                } else {
                    let index = self.random(from.len());
                    Some(from.swap_remove(index))
                }
            }
        };
        if pick.is_some() {
            self.last.clone_from(&pick);
        }
        pick
    }

    fn random(&mut self, below: usize) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state % below as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(names: &[&str]) -> Selection {
        Selection::Random(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn the_random_pool_never_repeats_and_uses_every_transition() {
        let mut chooser = Chooser::new(pool(&["a", "b", "c"]), 42);
        let picks: Vec<String> = (0..300).filter_map(|_| chooser.next(|_| true)).collect();
        assert_eq!(picks.len(), 300);
        assert!(picks.windows(2).all(|w| w[0] != w[1]), "a repeat");
        for name in ["a", "b", "c"] {
            assert!(
                picks.iter().filter(|p| *p == name).count() > 60,
                "{name} is rare"
            );
        }
    }

    #[test]
    fn only_ready_transitions_are_picked_and_the_last_is_never_repeated() {
        let mut chooser = Chooser::new(pool(&["a", "b"]), 7);
        assert_eq!(chooser.next(|n| n == "b"), Some("b".into()));
        assert_eq!(chooser.next(|n| n == "b"), None, "waits rather than repeat");
        assert_eq!(chooser.next(|_| true), Some("a".into()));
        assert_eq!(chooser.next(|_| false), None);
        let mut lone = Chooser::new(pool(&["a"]), 7);
        assert_eq!(lone.next(|_| true), Some("a".into()));
        assert_eq!(
            lone.next(|_| true),
            Some("a".into()),
            "a pool of one repeats"
        );
        let mut one = Chooser::new(Selection::One("wipe".into()), 1);
        assert_eq!(one.next(|_| true), Some("wipe".into()));
        assert_eq!(one.next(|_| false), None);
    }
}
