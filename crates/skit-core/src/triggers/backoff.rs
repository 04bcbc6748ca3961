//! When to restart a `Background: true` script: after each failing exit (non-zero
//! code, or a signal skit did not send) wait 1 s, 2 s, 4 s, ... up to
//! [`MAX_DELAY`]; a run that lasted [`HEALTHY_AFTER`] starts the count again. A
//! clean exit (code 0) is not restarted, and Stop holds it until Start.
//!
//! Pure logic with the clock passed in: the caller starts processes and timers and
//! tells [`Restarts`] what happened. Not here: the process, the timer, the log.

use std::time::{Duration, Instant};

/// The first delay after a failure; it doubles with each failure in a row.
pub(crate) const FIRST_DELAY: Duration = Duration::from_secs(1);
/// The longest delay between restarts.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(5 * 60);
/// A run this long counts as healthy: its failure restarts the count at 1 s.
pub(crate) const HEALTHY_AFTER: Duration = Duration::from_secs(60);

/// Where a background script is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Stopped by the user (or never started): nothing happens until Start.
    Stopped,
    Running {
        since: Instant,
    },
    /// Failed; waits to be restarted at `at`.
    Waiting {
        at: Instant,
    },
    /// Exited cleanly: done until Start.
    Exited,
}

/// What the caller should do after an exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Call [`Restarts::due`] after this delay, and start it if it says so.
    RestartAfter(Duration),
    /// Nothing: it exited cleanly or was stopped.
    Nothing,
}

/// The restart policy of one background script.
#[derive(Clone, Debug)]
pub(crate) struct Restarts {
    state: State,
    /// Failures in a row since the last healthy run.
    failures: u32,
}

impl Default for Restarts {
    fn default() -> Restarts {
        Restarts::new()
    }
}

impl Restarts {
    pub(crate) fn new() -> Restarts {
        Restarts {
            state: State::Stopped,
            failures: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn state(&self) -> State {
        self.state
    }

    /// The process was started at `now` at skit's start or by Start or Restart
    /// from the menu: the failure count starts over.
    pub(crate) fn started(&mut self, now: Instant) {
        self.failures = 0;
        self.state = State::Running { since: now };
    }

    /// The process was started again at `now` because [`Restarts::due`] said so:
    /// the failure count goes on.
    pub(crate) fn restarted(&mut self, now: Instant) {
        self.state = State::Running { since: now };
    }

    /// The process ended at `now`; `failed` as in `RunExit::failed`: a non-zero
    /// exit that skit did not cause.
    pub(crate) fn exited(&mut self, failed: bool, now: Instant) -> Next {
        let State::Running { since } = self.state else {
            // Stopped meanwhile (the exit of a cancelled run), or a stray report.
            return Next::Nothing;
        };
        if !failed {
            self.state = State::Exited;
            self.failures = 0;
            return Next::Nothing;
        }
        if now.saturating_duration_since(since) >= HEALTHY_AFTER {
            self.failures = 0;
        }
        let delay = delay_after(self.failures + 1);
        self.failures = self.failures.saturating_add(1);
        self.state = State::Waiting { at: now + delay };
        Next::RestartAfter(delay)
    }

    /// Whether a restart is due at `now`. The caller's timer may be stale (the user
    /// pressed Start or Stop meanwhile): then this says no.
    pub(crate) fn due(&self, now: Instant) -> bool {
        matches!(self.state, State::Waiting { at } if at <= now)
    }

    /// Stop from the menu: never restarted until started again. The caller cancels
    /// the running process; its exit is then ignored.
    pub(crate) fn stop(&mut self) {
        self.state = State::Stopped;
        self.failures = 0;
    }
}

/// The delay before restart number `failures` (1-based).
fn delay_after(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(31);
    FIRST_DELAY
        .checked_mul(1u32 << doublings)
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    /// Crashes after one second each time, restarting when due.
    fn crash_loop(r: &mut Restarts, mut now: Instant, times: usize) -> (Vec<u64>, Instant) {
        let mut delays = vec![];
        for _ in 0..times {
            now += S;
            let Next::RestartAfter(delay) = r.exited(true, now) else {
                panic!("a failure must restart");
            };
            delays.push(delay.as_secs());
            assert!(!r.due(now + delay - Duration::from_millis(1)));
            now += delay;
            assert!(r.due(now));
            r.restarted(now);
        }
        (delays, now)
    }

    #[test]
    fn delays_double_up_to_five_minutes() {
        let mut r = Restarts::new();
        let t0 = Instant::now();
        r.started(t0);
        let (delays, _) = crash_loop(&mut r, t0, 12);
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        assert_eq!(delay_after(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn a_healthy_run_starts_the_count_again() {
        let mut r = Restarts::new();
        let t0 = Instant::now();
        r.started(t0);
        let (_, now) = crash_loop(&mut r, t0, 4);
        // This run lasts long enough to count as healthy.
        let later = now + HEALTHY_AFTER;
        assert_eq!(r.exited(true, later), Next::RestartAfter(S));
        r.restarted(later + S);
        // Just short of healthy: the count goes on.
        let soon = later + S + HEALTHY_AFTER - S;
        assert_eq!(r.exited(true, soon), Next::RestartAfter(2 * S));
    }

    #[test]
    fn a_clean_exit_is_not_restarted() {
        let mut r = Restarts::new();
        let t0 = Instant::now();
        r.started(t0);
        let (_, now) = crash_loop(&mut r, t0, 3);
        assert_eq!(r.exited(false, now + S), Next::Nothing);
        assert_eq!(r.state(), State::Exited);
        assert!(!r.due(now + 1000 * S));
        // Started again by hand, its first failure waits 1 s.
        r.started(now + 2 * S);
        assert_eq!(r.exited(true, now + 3 * S), Next::RestartAfter(S));
    }

    #[test]
    fn stop_holds_it_until_started() {
        let mut r = Restarts::new();
        let t0 = Instant::now();
        r.started(t0);
        assert!(matches!(r.state(), State::Running { .. }));
        // Stop while running: the cancelled run's exit does not restart it.
        r.stop();
        assert_eq!(r.exited(true, t0 + S), Next::Nothing);
        assert!(!r.due(t0 + 1000 * S));
        // Stop while waiting: the pending restart is void.
        r.started(t0 + 2 * S);
        assert_eq!(r.exited(true, t0 + 3 * S), Next::RestartAfter(S));
        r.stop();
        assert!(!r.due(t0 + 1000 * S));
        assert_eq!(r.state(), State::Stopped);
        // Start by hand during a wait: the old timer is stale, the count starts over.
        r.started(t0 + 5 * S);
        assert_eq!(r.exited(true, t0 + 6 * S), Next::RestartAfter(S));
        r.restarted(t0 + 7 * S);
        assert_eq!(r.exited(true, t0 + 8 * S), Next::RestartAfter(2 * S));
        r.started(t0 + 9 * S);
        assert!(!r.due(t0 + 10 * S));
        assert_eq!(r.exited(true, t0 + 11 * S), Next::RestartAfter(S));
    }
}
