//! One script's triggered runs, one at a time: what arrives while it runs (watch
//! events, mostly) waits in a bounded queue whose oldest item is dropped when it
//! is full. Pure bookkeeping; the caller starts the runs and logs what was dropped.

use std::collections::VecDeque;

/// Items a [`RunQueue`] holds while its script runs.
pub(crate) const RUN_QUEUE_CAPACITY: usize = 64;

/// What to do with an item offered to a [`RunQueue`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Offer<T> {
    /// Nothing was running: start a run with it now (the queue counts it as
    /// running).
    Start(T),
    /// It waits its turn.
    Wait,
    /// It waits its turn, and the queue was full: this, the oldest, was dropped.
    WaitDropped(T),
}

/// At most one run at a time; what arrives meanwhile waits, bounded.
#[derive(Debug)]
pub(crate) struct RunQueue<T> {
    capacity: usize,
    running: bool,
    waiting: VecDeque<T>,
}

impl<T> RunQueue<T> {
    pub(crate) fn new(capacity: usize) -> RunQueue<T> {
        RunQueue {
            capacity: capacity.max(1),
            running: false,
            waiting: VecDeque::new(),
        }
    }

    /// Offers an item: start it now, or queue it.
    pub(crate) fn offer(&mut self, item: T) -> Offer<T> {
        if !self.running {
            self.running = true;
            return Offer::Start(item);
        }
        let dropped = if self.waiting.len() >= self.capacity {
            self.waiting.pop_front()
        } else {
            None
        };
        self.waiting.push_back(item);
        match dropped {
            Some(dropped) => Offer::WaitDropped(dropped),
            None => Offer::Wait,
        }
    }

    /// The run ended. `Some(item)`: start the next run with it. `None`: idle.
    pub(crate) fn finished(&mut self) -> Option<T> {
        let next = self.waiting.pop_front();
        self.running = next.is_some();
        next
    }

    pub(crate) fn is_running(&self) -> bool {
        self.running
    }

    /// Items waiting (not counting the running one).
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Forgets what waits (the script was stopped or removed).
    pub(crate) fn clear(&mut self) {
        self.waiting.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_at_a_time_and_the_oldest_is_dropped_when_full() {
        let mut q = RunQueue::new(3);
        assert_eq!(q.offer(0), Offer::Start(0));
        assert!(q.is_running());
        for i in 1..=3 {
            assert_eq!(q.offer(i), Offer::Wait);
        }
        assert_eq!(q.offer(4), Offer::WaitDropped(1));
        assert_eq!(q.offer(5), Offer::WaitDropped(2));
        assert_eq!(q.waiting(), 3);
        assert_eq!(q.finished(), Some(3));
        assert_eq!(q.finished(), Some(4));
        assert_eq!(q.finished(), Some(5));
        assert!(q.is_running());
        assert_eq!(q.finished(), None);
        assert!(!q.is_running());
        assert_eq!(q.offer(6), Offer::Start(6));
        q.offer(7);
        q.clear();
        assert_eq!(q.finished(), None);
    }
}
