//! The one seqlock protocol of every record shared between processes (frame slots, the audio
//! record): a sequence word, odd while a writer is inside, even when the contents are stable.
//!
//! A writer claims the word by compare-exchange from even to odd (so two writers can never be
//! inside at once, and a writer that died inside leaves it odd: nobody can claim it again, and
//! readers never trust it), writes, then publishes the next even number. Writers never wait.
//! A reader takes an even sequence, copies, and checks the sequence did not move; if it did the
//! copy is dropped and tried again later. Readers never wait either.

use std::sync::atomic::{AtomicU64, Ordering, fence};

/// A view of one record's sequence word.
#[derive(Debug, Clone, Copy)]
pub struct SeqLock<'a> {
    word: &'a AtomicU64,
}

/// The record is being written (or its writer died inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl<'a> SeqLock<'a> {
    pub fn new(word: &'a AtomicU64) -> Self {
        Self { word }
    }

    /// Claims the record for writing; returns the odd sequence that must be handed to
    /// [`SeqLock::publish`].
    pub fn claim(&self) -> Result<u64, Busy> {
        let seq = self.word.load(Ordering::Acquire);
        let claimed = seq.is_multiple_of(2)
            && self
                .word
                .compare_exchange(seq, seq + 1, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok();
        if !claimed {
            return Err(Busy);
        }
        // The writes that follow must not become visible before the odd sequence.
        fence(Ordering::Release);
        Ok(seq + 1)
    }

    /// Ends a write begun with [`SeqLock::claim`]; returns the record's new (even) sequence.
    pub fn publish(&self, claimed: u64) -> u64 {
        let stable = claimed + 1;
        self.word.store(stable, Ordering::Release);
        stable
    }

    /// Begins a read: the stable sequence to check the copy against.
    pub fn begin_read(&self) -> Result<u64, Busy> {
        let seq = self.word.load(Ordering::Acquire);
        if seq.is_multiple_of(2) {
            Ok(seq)
        } else {
            Err(Busy)
        }
    }

    /// True if no writer entered the record since [`SeqLock::begin_read`] returned `seq`: what
    /// was copied in between is whole.
    pub fn unchanged_since(&self, seq: u64) -> bool {
        // The copy's loads must complete before the sequence is looked at again.
        fence(Ordering::Acquire);
        self.word.load(Ordering::Relaxed) == seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_writer_at_a_time_and_readers_see_each_write() {
        let word = AtomicU64::new(0);
        let lock = SeqLock::new(&word);
        let read = lock.begin_read().unwrap();
        let claimed = lock.claim().unwrap();
        assert_eq!(lock.claim(), Err(Busy), "a second writer is refused");
        assert_eq!(lock.begin_read(), Err(Busy), "no read while writing");
        assert!(!lock.unchanged_since(read), "a read across a write is torn");
        let stable = lock.publish(claimed);
        assert_eq!(lock.begin_read(), Ok(stable));
        assert!(lock.unchanged_since(stable));
        assert!(stable > read);
    }

    #[test]
    fn a_writer_that_never_published_leaves_the_record_untrusted() {
        let word = AtomicU64::new(4);
        let lock = SeqLock::new(&word);
        let _abandoned = lock.claim().unwrap();
        assert_eq!(lock.claim(), Err(Busy));
        assert_eq!(lock.begin_read(), Err(Busy));
    }
}
