//! Scripts that start by themselves: `Schedule:` (cron), `Watch:` (files) and
//! `Background: true` (kept running). No gpui here.
//!
//! The [`Host`] owns these runs while skit runs: one run of a script at a time,
//! each logged to the script's run log (`run_log.rs`), a background script
//! restarted with backoff when it fails. A triggered run goes without the window
//! until it asks something: then it is handed to the window ([`ToWindow::Asks`]).
//! The parts:
//!
//! | file | job |
//! |---|---|
//! | `schedule.rs`, `scheduler.rs` | parse a schedule; the thread that sleeps until one is due |
//! | `watch.rs`, `watcher.rs` | parse globs, debounce changes; the file watcher and its thread |
//! | `run_queue.rs` | one run at a time per script, the rest waits (bounded) |
//! | `backoff.rs` | when to restart a background script that failed |
//! | `host.rs` | the thread that owns the runs and decides what starts |
//! | `unattended.rs` | one run without the window: logs it, hands it over when it asks |

pub(crate) mod backoff;
mod host;
pub(crate) mod run_queue;
pub(crate) mod schedule;
mod scheduler;
mod unattended;
pub(crate) mod watch;
mod watcher;

use std::path::Path;

use chrono::{DateTime, Local};

pub use host::{Asking, Control, Host, Options, ToWindow};

use crate::catalog::Script;
use schedule::Schedule;
use watch::WatchGlob;

/// The environment variable of the test hook that lets `Schedule:` take a 6-field
/// pattern with seconds first, so tests need not wait for a minute to turn.
pub(crate) const SECONDS_HOOK: &str = "SKIT_TEST_SCHEDULE_SECONDS";

/// Whether the seconds test hook is on in this process's environment.
pub fn seconds_hook_from_env() -> bool {
    std::env::var_os(SECONDS_HOOK).is_some_and(|v| v == "1")
}

/// What makes one script start by itself, checked.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub(crate) schedule: Option<Schedule>,
    pub(crate) watch: Vec<WatchGlob>,
    pub(crate) background: bool,
}

impl Plan {
    /// The checked triggers of `script`, and a problem sentence for each header
    /// that cannot be used (that trigger is left out; the others still work).
    /// `home` expands `~` in `Watch:`; `seconds` is the test hook.
    pub(crate) fn of(script: &Script, home: Option<&Path>, seconds: bool) -> (Plan, Vec<String>) {
        let mut problems = Vec::new();
        let schedule = script
            .schedule()
            .and_then(|text| match parse_schedule(text, seconds) {
                Ok(schedule) => Some(schedule),
                Err(e) => {
                    problems.push(format!(
                        "“{}”: {e}. It does not run on a schedule until this is fixed",
                        script.name
                    ));
                    None
                }
            });
        let script_dir = script.path.parent().unwrap_or(Path::new("/"));
        let watch = match script.watch() {
            None => Vec::new(),
            Some(value) => watch::parse_watch(value, script_dir, home).unwrap_or_else(|e| {
                problems.push(format!(
                    "“{}”: {e}. It watches no files until this is fixed",
                    script.name
                ));
                Vec::new()
            }),
        };
        let plan = Plan {
            schedule,
            watch,
            background: script.background(),
        };
        (plan, problems)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.schedule.is_none() && self.watch.is_empty() && !self.background
    }
}

/// Parses a `Schedule:` value: 5 fields or a shorthand, or with the test hook
/// also 6 fields with seconds first.
fn parse_schedule(text: &str, seconds: bool) -> Result<Schedule, String> {
    if seconds && text.split_whitespace().count() == 6 {
        return Schedule::parse_with_seconds(text);
    }
    Schedule::parse(text)
}

/// When `script` runs next by its `Schedule:`, from now; `None` without one (or
/// with one that does not parse or never matches). For `skit list --json`.
pub fn next_run(script: &Script, seconds: bool) -> Option<DateTime<Local>> {
    let schedule = parse_schedule(script.schedule()?, seconds).ok()?;
    schedule.next_after(Local::now())
}

/// Waits for the next message on `rx` up to `limit` (a deadline for a failing
/// test, not a threshold the passing test depends on).
#[cfg(test)]
pub(crate) fn recv_within<T: Send + 'static>(
    rx: &async_channel::Receiver<T>,
    limit: std::time::Duration,
) -> Option<T> {
    let (tx, got) = std::sync::mpsc::channel();
    let rx = rx.clone();
    std::thread::spawn(move || {
        let _ = tx.send(rx.recv_blocking());
    });
    got.recv_timeout(limit).ok().and_then(Result::ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Metadata;
    use std::path::PathBuf;

    fn script(header: &str) -> Script {
        Script {
            path: PathBuf::from("/scripts/tools/sort.sh"),
            file_name: "sort.sh".into(),
            name: "Sort".into(),
            group: Some("tools".into()),
            metadata: Metadata::parse(header),
        }
    }

    #[test]
    fn a_plan_keeps_what_parses_and_names_what_does_not() {
        let (plan, problems) = Plan::of(
            &script("# Schedule: 61 * * * *\n# Watch: inbox/*.txt\n# Background: true\n"),
            Some(Path::new("/home/u")),
            false,
        );
        assert_eq!(
            problems,
            [
                "“Sort”: Schedule \"61 * * * *\": minute 61 is out of range (0-59). It does not \
              run on a schedule until this is fixed"
            ]
        );
        assert!(plan.schedule.is_none());
        assert_eq!(plan.watch[0].base(), Path::new("/scripts/tools/inbox"));
        assert!(plan.background);

        let (plan, problems) = Plan::of(&script("# Watch: ~/x/*\n"), None, false);
        assert!(plan.is_empty());
        assert!(problems[0].contains("$HOME"), "{problems:?}");
        assert!(Plan::of(&script(""), None, false).0.is_empty());
    }

    #[test]
    fn seconds_only_with_the_test_hook() {
        let every_second = script("# Schedule: * * * * * *\n");
        assert!(Plan::of(&every_second, None, false).0.schedule.is_none());
        assert!(Plan::of(&every_second, None, true).0.schedule.is_some());
        assert!(next_run(&every_second, true).is_some());
        assert!(next_run(&every_second, false).is_none());
        let hourly = script("# Schedule: @hourly\n");
        let next = next_run(&hourly, false).unwrap();
        assert!(next > Local::now() && next - Local::now() <= chrono::TimeDelta::hours(1));
        assert!(next_run(&script(""), false).is_none());
    }
}
