//! A bounded queue whose producer never blocks: when it is full, the oldest entry is dropped.
//! Latest state wins; a slow consumer never makes anyone catch up.

use crossbeam_channel::{Receiver, Sender, TrySendError};

#[derive(Debug, Clone)]
pub struct DropOldestSender<T> {
    sender: Sender<T>,
    /// A receiving end kept only to evict the oldest entry when the queue is full.
    evictor: Receiver<T>,
}

/// A queue of `capacity` entries: the sending half drops the oldest when full.
pub fn drop_oldest<T>(capacity: usize) -> (DropOldestSender<T>, Receiver<T>) {
    let (sender, receiver) = crossbeam_channel::bounded(capacity);
    let evictor = receiver.clone();
    (DropOldestSender { sender, evictor }, receiver)
}

impl<T> DropOldestSender<T> {
    /// Queues `item`, evicting the oldest entry if needed. Returns how many were evicted;
    /// returns `None` if every receiver is gone.
    pub fn push(&self, item: T) -> Option<usize> {
        let mut evicted = 0;
        self.push_evicting(item, |_| evicted += 1)
            .then_some(evicted)
    }

    /// Queues `item`, evicting the oldest entries if needed and handing each to `evicted`.
    /// Returns false if every receiver is gone.
    pub fn push_evicting(&self, mut item: T, mut evicted: impl FnMut(T)) -> bool {
        loop {
            match self.sender.try_send(item) {
                Ok(()) => return true,
                Err(TrySendError::Disconnected(_)) => return false,
                Err(TrySendError::Full(back)) => {
                    item = back;
                    if let Ok(old) = self.evictor.try_recv() {
                        evicted(old);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_entries_when_full() {
        let (sender, receiver) = drop_oldest(2);
        assert_eq!(sender.push(1), Some(0));
        assert_eq!(sender.push(2), Some(0));
        assert_eq!(sender.push(3), Some(1));
        assert_eq!(receiver.try_iter().collect::<Vec<_>>(), vec![2, 3]);
    }
}
