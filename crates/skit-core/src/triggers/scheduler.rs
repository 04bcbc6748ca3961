//! The thread that fires `Schedule:`s. It sleeps in the kernel until the earliest
//! due time (a `CLOCK_REALTIME` timerfd, woken early when the wall clock is set and
//! by [`Scheduler::set`]) and sends [`Due`] for each entry whose time has come, as
//! [`super::schedule::due_now`] decides: after a suspend or a clock jump nothing
//! fires in a burst. Between due times it costs nothing: no polling, no timeouts.

use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use async_channel::{Sender, TrySendError};
use chrono::{DateTime, Local};

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
        let wake = new_fd(
            // SAFETY: eventfd takes no pointers.
            unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) },
            "an eventfd",
        )?;
        let timer = new_fd(
            // SAFETY: timerfd_create takes no pointers.
            unsafe {
                libc::timerfd_create(libc::CLOCK_REALTIME, libc::TFD_CLOEXEC | libc::TFD_NONBLOCK)
            },
            "a timerfd",
        )?;
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
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a live u64. It can only fail when the counter
        // is about to overflow, and then the thread is woken anyway.
        unsafe {
            libc::write(
                self.wake.as_raw_fd(),
                (&raw const one).cast(),
                size_of::<u64>(),
            )
        };
    }
}

fn new_fd(fd: libc::c_int, what: &str) -> Result<OwnedFd, String> {
    if fd < 0 {
        return Err(format!(
            "cannot create {what} for the scheduler: {}; scheduled scripts will not run",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: a fresh descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
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
        if let Err(e) = wait(shared.wake.as_raw_fd(), timer.as_raw_fd()) {
            tracing::error!("the scheduler cannot wait ({e}); scheduled scripts stop");
            return;
        }
    }
}

/// Arms the timer for the absolute wall-clock time `at`, or disarms it.
fn arm(timer: &OwnedFd, at: Option<DateTime<Local>>) -> std::io::Result<()> {
    let mut spec = libc::itimerspec {
        it_interval: libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        },
        it_value: libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        },
    };
    if let Some(at) = at {
        spec.it_value.tv_sec = at.timestamp() as libc::time_t;
        spec.it_value.tv_nsec = at.timestamp_subsec_nanos() as libc::c_long;
        if spec.it_value.tv_sec <= 0 {
            // A zero value would disarm; the earliest real time fires at once.
            spec.it_value.tv_sec = 0;
            spec.it_value.tv_nsec = 1;
        }
    }
    // CANCEL_ON_SET: a wall-clock change (settimeofday, NTP step, resume) ends the
    // wait with ECANCELED, so plans are recomputed instead of firing an hour late.
    let flags = libc::TFD_TIMER_ABSTIME | libc::TFD_TIMER_CANCEL_ON_SET;
    // SAFETY: `spec` is a valid itimerspec; the old value is not wanted.
    let rc =
        unsafe { libc::timerfd_settime(timer.as_raw_fd(), flags, &spec, std::ptr::null_mut()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Blocks until the timer expires, the clock is set, or `set`/`drop` wakes us, and
/// clears whichever fired.
fn wait(wake: libc::c_int, timer: libc::c_int) -> std::io::Result<()> {
    let mut fds = [
        libc::pollfd {
            fd: wake,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: timer,
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    loop {
        // SAFETY: `fds` is a live array of two pollfds.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if n >= 0 {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    for fd in fds.iter().filter(|fd| fd.revents != 0) {
        let mut counter: u64 = 0;
        // SAFETY: reads at most 8 bytes into a live u64.
        let n = unsafe { libc::read(fd.fd, (&raw mut counter).cast(), size_of::<u64>()) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::ECANCELED) => {
                    tracing::info!("the wall clock was set; computing schedules again")
                }
                Some(libc::EAGAIN) | Some(libc::EINTR) => {}
                _ => return Err(e),
            }
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
