//! The clock of inline script commands (`@raycast.mode inline`): which are due
//! for a refresh, and when. One thread that sleeps until the next refresh while
//! the launcher is visible, and on its control channel alone while it is hidden,
//! so a hidden skit has no timer at all. At most [`MAX_INLINE`] scripts are
//! refreshed, each every `refreshTime` (at least [`MIN_REFRESH`]); one without a
//! `refreshTime` is refreshed when the launcher is shown, if its last run is
//! [`MIN_REFRESH`] old.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::{MAX_INLINE, MIN_REFRESH, Mode};
use crate::catalog::Script;

/// Tells the clock what it needs to know. Cheap to clone; never blocks.
#[derive(Clone)]
pub struct InlineClock {
    control: Sender<Control>,
}

enum Control {
    Visible(bool),
    Scripts(Vec<(PathBuf, Option<Duration>)>),
}

impl InlineClock {
    /// Starts the clock (hidden, with no scripts). `due` gets the scripts to
    /// refresh now, in list order.
    pub fn start() -> (InlineClock, async_channel::Receiver<Vec<PathBuf>>) {
        let (control, controls) = std::sync::mpsc::channel();
        let (due_tx, due) = async_channel::bounded(4);
        let spawned = std::thread::Builder::new()
            .name("skit-inline".into())
            .spawn(move || run(controls, due_tx));
        if let Err(e) = spawned {
            tracing::error!("cannot start the inline scripts' clock ({e}); they are not refreshed");
        }
        (InlineClock { control }, due)
    }

    /// The launcher was shown (`true`) or hidden.
    pub fn set_visible(&self, visible: bool) {
        let _ = self.control.send(Control::Visible(visible));
    }

    /// The scripts changed: the inline ones among them are refreshed (the first
    /// [`MAX_INLINE`]).
    pub fn set_scripts(&self, scripts: &[Script]) {
        let _ = self.control.send(Control::Scripts(inline_scripts(scripts)));
    }
}

/// The inline scripts that are refreshed, with their refresh time.
pub fn inline_scripts(scripts: &[Script]) -> Vec<(PathBuf, Option<Duration>)> {
    scripts
        .iter()
        .filter_map(|s| {
            let raycast = s.raycast()?;
            (raycast.mode == Mode::Inline && !raycast.asks(false))
                .then(|| (s.path.clone(), raycast.refresh))
        })
        .take(MAX_INLINE)
        .collect()
}

fn run(controls: Receiver<Control>, due: async_channel::Sender<Vec<PathBuf>>) {
    let mut visible = false;
    let mut scripts: Vec<(PathBuf, Option<Duration>)> = Vec::new();
    let mut last_run: HashMap<PathBuf, Instant> = HashMap::new();
    loop {
        let now = Instant::now();
        let next = scripts
            .iter()
            .filter_map(|(path, refresh)| {
                let refresh = (*refresh)?;
                Some(last_run.get(path).map_or(now, |at| *at + refresh))
            })
            .min();
        let control = match (visible, next) {
            (true, Some(next)) => controls.recv_timeout(next.saturating_duration_since(now)),
            // Hidden, or nothing on a timer: no timeout at all.
            _ => controls.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let shown = match control {
            Ok(Control::Visible(now_visible)) => {
                let shown = now_visible && !visible;
                visible = now_visible;
                shown
            }
            Ok(Control::Scripts(new)) => {
                last_run.retain(|path, _| new.iter().any(|(p, _)| p == path));
                scripts = new;
                visible
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !visible {
            continue;
        }
        let now = Instant::now();
        let paths: Vec<PathBuf> = scripts
            .iter()
            .filter(|(path, refresh)| {
                let age = last_run.get(path).map(|at| now.duration_since(*at));
                match (age, refresh) {
                    (None, _) => true,
                    (Some(age), Some(refresh)) => age >= *refresh,
                    // Refreshed when shown, not more often than the minimum.
                    (Some(age), None) => shown && age >= MIN_REFRESH,
                }
            })
            .map(|(path, _)| path.clone())
            .collect();
        if paths.is_empty() {
            continue;
        }
        for path in &paths {
            last_run.insert(path.clone(), now);
        }
        // A window too busy to take them skips this refresh.
        let _ = due.try_send(paths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::launch::Interpreters;

    #[test]
    fn only_while_visible_and_at_most_ten() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..12 {
            std::fs::write(
                dir.path().join(format!("inline-{n:02}.sh")),
                "# @raycast.schemaVersion 1\n# @raycast.mode inline\n# @raycast.refreshTime 10s\necho hi\n",
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join("full.sh"),
            "# @raycast.schemaVersion 1\n# @raycast.mode fullOutput\n",
        )
        .unwrap();
        let catalog = Catalog::load(dir.path(), &Interpreters::default());
        assert_eq!(inline_scripts(&catalog.scripts).len(), MAX_INLINE);

        let (clock, due) = InlineClock::start();
        clock.set_scripts(&catalog.scripts);
        std::thread::sleep(Duration::from_millis(100));
        assert!(due.try_recv().is_err(), "nothing is refreshed while hidden");
        clock.set_visible(true);
        let first = due.recv_blocking().unwrap();
        assert_eq!(first.len(), MAX_INLINE);
        clock.set_visible(false);
        clock.set_visible(true);
        std::thread::sleep(Duration::from_millis(100));
        assert!(due.try_recv().is_err(), "not again before refreshTime");
    }
}
