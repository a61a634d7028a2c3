//! Jobs suspected of killing workers, by subject: the second death in a job quarantines it.

use std::collections::VecDeque;

/// A job in flight during this many worker deaths is quarantined.
pub const DEATHS_TO_QUARANTINE: u32 = 2;
/// Suspects remembered; the oldest is forgotten first. Far more than a show ever has.
const REMEMBERED: usize = 256;

/// What one more death during a job means for its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspicion {
    Suspected,
    /// This death quarantined it (said once; later deaths answer `AlreadyQuarantined`).
    NewlyQuarantined,
    AlreadyQuarantined,
}

#[derive(Debug, Default)]
pub struct Quarantine {
    suspects: VecDeque<(String, u32)>,
}

impl Quarantine {
    /// Counts a worker death during a job about `subject`.
    pub fn blame(&mut self, subject: &str) -> Suspicion {
        let deaths = match self.suspects.iter_mut().find(|(s, _)| s == subject) {
            Some((_, deaths)) => {
                *deaths += 1;
                *deaths
            }
            None => {
                if self.suspects.len() == REMEMBERED {
                    // Forget a mere suspect first; a quarantined subject only when all are.
                    let oldest_suspect = self
                        .suspects
                        .iter()
                        .position(|(_, deaths)| *deaths < DEATHS_TO_QUARANTINE)
                        .unwrap_or(0);
                    self.suspects.remove(oldest_suspect);
                }
                self.suspects.push_back((subject.to_owned(), 1));
                1
            }
        };
        match deaths {
            d if d < DEATHS_TO_QUARANTINE => Suspicion::Suspected,
            DEATHS_TO_QUARANTINE => Suspicion::NewlyQuarantined,
            _ => Suspicion::AlreadyQuarantined,
        }
    }

    pub fn is_quarantined(&self, subject: &str) -> bool {
        self.suspects
            .iter()
            .any(|(s, deaths)| s == subject && *deaths >= DEATHS_TO_QUARANTINE)
    }

    /// A job about `subject` succeeded: earlier deaths were not its fault.
    pub fn clear(&mut self, subject: &str) {
        self.suspects.retain(|(s, _)| s != subject);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_death_quarantines_and_success_forgives() {
        let mut quarantine = Quarantine::default();
        assert_eq!(quarantine.blame("a"), Suspicion::Suspected);
        assert!(!quarantine.is_quarantined("a"));
        quarantine.clear("a");
        assert_eq!(
            quarantine.blame("a"),
            Suspicion::Suspected,
            "forgiven after a success"
        );
        assert_eq!(quarantine.blame("a"), Suspicion::NewlyQuarantined);
        assert_eq!(
            quarantine.blame("a"),
            Suspicion::AlreadyQuarantined,
            "said once"
        );
        assert!(quarantine.is_quarantined("a"));
        assert!(!quarantine.is_quarantined("b"));
    }

    #[test]
    fn a_quarantined_subject_outlives_newer_suspects() {
        let mut quarantine = Quarantine::default();
        quarantine.blame("bad");
        quarantine.blame("bad");
        for n in 0..REMEMBERED * 2 {
            quarantine.blame(&n.to_string());
        }
        assert!(quarantine.is_quarantined("bad"));
    }

    #[test]
    fn remembers_a_bounded_number_of_suspects() {
        let mut quarantine = Quarantine::default();
        for n in 0..REMEMBERED * 3 {
            quarantine.blame(&n.to_string());
        }
        assert_eq!(quarantine.suspects.len(), REMEMBERED);
    }
}
