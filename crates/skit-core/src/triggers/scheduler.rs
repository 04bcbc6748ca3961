//! The thread that fires `Schedule:`s. It sleeps in the kernel until the earliest
//! due time (a `CLOCK_REALTIME` timerfd, woken early when the wall clock is set and
//! by [`Scheduler::set`]) and sends [`Due`] for each entry whose time has come, as
//! [`super::schedule::due_now`] decides: after a suspend or a clock jump nothing
//! fires in a burst. Between due times it costs nothing: no polling, no timeouts.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use async_channel::{Sender, TrySendError};
use chrono::{DateTime, Local};
use rustix::event::{EventfdFlags, PollFd, PollFlags, eventfd, poll};
use rustix::io::Errno;
use rustix::time::{
    Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec, timerfd_create,
    timerfd_settime,
};

use super::schedule::{Planned, Schedule, due_now};

/// Sent when a scheduled entry is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Due(pub(crate) u64);

/// The scheduling thread. Dropping it stops the thread.
pub(crate) struct Scheduler {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// The mailbox between [`Scheduler::set`] and the thread: it holds only the latest
/// set of entries (a newer set replaces one not yet taken), so it is bounded and
/// never loses the set that matters.
struct Shared {
    pending: Mutex<Pending>,
    /// An eventfd: written by `set` and `drop`, polled by the thread.
    wake: OwnedFd,
}

#[derive(Default)]
struct Pending {
    entries: Option<Vec<(u64, Schedule)>>,
    stop: bool,
}

impl Scheduler {
    /// Starts the thread with no entries. `due` receives [`Due`] for each run (as
    /// the channel's own message type); when it is full the run is skipped with a
    /// warning, when closed the thread ends.
    pub(crate) fn start<T: From<Due> + Send + 'static>(
        due: Sender<T>,
    ) -> Result<Scheduler, String> {
        let wake = eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK)
            .map_err(|e| cannot_create("an eventfd", e))?;
        let timer = timerfd_create(
            TimerfdClockId::Realtime,
            TimerfdFlags::CLOEXEC | TimerfdFlags::NONBLOCK,
        )
        .map_err(|e| cannot_create("a timerfd", e))?;
        let shared = Arc::new(Shared {
            pending: Mutex::new(Pending::default()),
            wake,
        });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("skit-schedule".into())
            .spawn(move || run(&thread_shared, &timer, &due))
            .map_err(|e| format!("cannot start the scheduler thread: {e}"))?;
        Ok(Scheduler {
            shared,
            thread: Some(thread),
        })
    }

    /// Replaces the scheduled entries. Entries whose id and schedule are unchanged
    /// keep their plan. Never blocks on the thread.
    pub(crate) fn set(&self, entries: Vec<(u64, Schedule)>) {
        self.shared.lock().entries = Some(entries);
        self.shared.wake();
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.wake();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the scheduler thread panicked");
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        // A panic elsewhere while holding the lock leaves plain data behind.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wake(&self) {
        // It can only fail when the counter is about to overflow, and then the
        // thread is woken anyway.
        let _ = rustix::io::write(&self.wake, &1u64.to_ne_bytes());
    }
}

fn cannot_create(what: &str, e: Errno) -> String {
    format!("cannot create {what} for the scheduler: {e}; scheduled scripts will not run")
}

fn run<T: From<Due>>(shared: &Shared, timer: &OwnedFd, due: &Sender<T>) {
    let mut entries: Vec<(u64, Schedule)> = Vec::new();
    let mut state: BTreeMap<u64, Planned> = BTreeMap::new();
    loop {
        {
            let mut pending = shared.lock();
            if pending.stop {
                return;
            }
            if let Some(new) = pending.entries.take() {
                state.retain(|id, _| {
                    let old = entries.iter().find(|(e, _)| e == id).map(|(_, s)| s);
                    let new = new.iter().find(|(e, _)| e == id).map(|(_, s)| s);
                    old.is_some() && old == new
                });
                entries = new;
            }
        }
        let decision = due_now(&entries, &mut state, Local::now());
        for (id, at) in &decision.missed {
            let schedule = entries
                .iter()
                .find(|(e, _)| e == id)
                .map(|(_, s)| s.as_str());
            tracing::info!(
                "skipped the run of scheduled entry {id} ({}) due at {at}: the computer \
                 was asleep or the clock changed",
                schedule.unwrap_or_default()
            );
        }
        for id in decision.fire {
            match due.try_send(T::from(Due(id))) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => tracing::warn!(
                    "scheduled entry {id} is due but earlier runs are still waiting to be \
                     started; skipped this run"
                ),
                Err(TrySendError::Closed(_)) => return,
            }
        }
        if let Err(e) = arm(timer, decision.wake) {
            tracing::error!("cannot set the scheduler's timer ({e}); scheduled scripts stop");
            return;
        }
        if let Err(e) = wait(shared.wake.as_fd(), timer.as_fd()) {
            tracing::error!("the scheduler cannot wait ({e}); scheduled scripts stop");
            return;
        }
    }
}

/// Arms the timer for the absolute wall-clock time `at`, or disarms it.
fn arm(timer: &OwnedFd, at: Option<DateTime<Local>>) -> std::io::Result<()> {
    let zero = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut spec = Itimerspec {
        it_interval: zero,
        it_value: zero,
    };
    if let Some(at) = at {
        spec.it_value.tv_sec = at.timestamp();
        spec.it_value.tv_nsec = at.timestamp_subsec_nanos().into();
        if spec.it_value.tv_sec <= 0 {
            // A zero value would disarm; the earliest real time fires at once.
            spec.it_value.tv_sec = 0;
            spec.it_value.tv_nsec = 1;
        }
    }
    // CANCEL_ON_SET: a wall-clock change (settimeofday, NTP step, resume) ends the
    // wait with ECANCELED, so plans are recomputed instead of firing an hour late.
    let flags = TimerfdTimerFlags::ABSTIME | TimerfdTimerFlags::CANCEL_ON_SET;
    timerfd_settime(timer, flags, &spec)?;
    Ok(())
}

/// Blocks until the timer expires, the clock is set, or `set`/`drop` wakes us, and
/// clears whichever fired.
fn wait(wake: BorrowedFd<'_>, timer: BorrowedFd<'_>) -> std::io::Result<()> {
    let mut fds = [
        PollFd::new(&wake, PollFlags::IN),
        PollFd::new(&timer, PollFlags::IN),
    ];
    loop {
        match poll(&mut fds, None) {
            Ok(_) => break,
            Err(Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    for (fd, fired) in [wake, timer].into_iter().zip(&fds) {
        if fired.revents().is_empty() {
            continue;
        }
        let mut counter = [0u8; 8];
        match rustix::io::read(fd, &mut counter) {
            Ok(_) | Err(Errno::AGAIN | Errno::INTR) => {}
            Err(Errno::CANCELED) => {
                tracing::info!("the wall clock was set; computing schedules again")
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triggers::recv_within;
    use std::time::Duration;

    #[test]
    fn the_thread_fires_due_entries_and_follows_set() {
        let (tx, rx) = async_channel::bounded(4);
        let scheduler = Scheduler::start(tx).unwrap();
        scheduler.set(vec![(7, Schedule::with_seconds("* * * * * *"))]);
        let limit = Duration::from_secs(10);
        assert_eq!(recv_within(&rx, limit), Some(Due(7)));
        assert_eq!(recv_within(&rx, limit), Some(Due(7)));
        scheduler.set(vec![(8, Schedule::with_seconds("* * * * * *"))]);
        // A Due(7) may already be on its way; once 8 fires, 7 never comes again.
        let mut tries = 0;
        while recv_within(&rx, limit) != Some(Due(8)) {
            tries += 1;
            assert!(tries < 5, "entry 8 never fired");
        }
        assert_eq!(recv_within(&rx, limit), Some(Due(8)));
        assert_eq!(recv_within(&rx, limit), Some(Due(8)));
        drop(scheduler);
        while let Ok(due) = rx.try_recv() {
            assert_eq!(due, Due(8));
        }
        assert!(
            rx.is_closed(),
            "the thread has ended and dropped its sender"
        );
    }

    #[test]
    fn a_full_channel_skips_runs_and_does_not_block_the_thread() {
        let (tx, rx) = async_channel::bounded(1);
        let scheduler = Scheduler::start(tx).unwrap();
        scheduler.set(vec![(1, Schedule::with_seconds("* * * * * *"))]);
        assert_eq!(recv_within(&rx, Duration::from_secs(10)), Some(Due(1)));
        // Nobody reads now; the thread must still stop when asked.
        drop(scheduler);
        assert!(rx.len() <= 1);
    }
}
