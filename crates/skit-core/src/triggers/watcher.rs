//! The file watcher for `Watch:` headers: `notify` (inotify) reports raw changes
//! to the watched folders, the ones a script's globs match go to a debouncing
//! thread, and each path's net change leaves it as one [`WatchEvent`] once the path
//! has been quiet for the debounce time. Both threads block in the kernel between
//! changes; the debouncer only has a timeout while some path waits out its delay.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::watch::{DEBOUNCE, Debouncer, Raw, WatchEvent, WatchGlob};

/// Raw events between the file watcher and the debouncer.
const RAW_CAPACITY: usize = 4096;

/// The raw changes in one `notify` event.
fn raw_changes(event: &notify::Event) -> Vec<(PathBuf, Raw)> {
    let raw = match event.kind {
        EventKind::Create(_) => Raw::Created,
        EventKind::Remove(_) => Raw::Removed,
        // inotify reports a rename as From, To, and then Both; From and To suffice.
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Raw::Removed,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Raw::Created,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => return Vec::new(),
        EventKind::Modify(ModifyKind::Name(_)) => {
            return event
                .paths
                .iter()
                .map(|p| {
                    let raw = if p.exists() {
                        Raw::Created
                    } else {
                        Raw::Removed
                    };
                    (p.clone(), raw)
                })
                .collect();
        }
        EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        EventKind::Modify(_) => Raw::Modified,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => return Vec::new(),
    };
    event.paths.iter().map(|p| (p.clone(), raw)).collect()
}

enum Input {
    Raw(u64, PathBuf, Raw),
    Stop,
}

type Table = Arc<Mutex<Vec<(u64, Vec<WatchGlob>)>>>;

/// The file watcher and its debouncing thread. Dropping it stops both.
pub(crate) struct Watches {
    table: Table,
    watched: BTreeMap<PathBuf, RecursiveMode>,
    input: SyncSender<Input>,
    debouncer: Option<JoinHandle<()>>,
    // Last, so it is dropped after the debouncer has stopped.
    watcher: RecommendedWatcher,
}

impl Watches {
    /// Starts watching nothing; [`Watches::set`] says what. Events go to `out` (as
    /// the channel's own message type); when it is full an event is dropped with a
    /// warning.
    pub(crate) fn start<T: From<WatchEvent> + Send + 'static>(
        out: async_channel::Sender<T>,
    ) -> Result<Watches, String> {
        Watches::start_with_delay(DEBOUNCE, out)
    }

    /// [`Watches::start`] with another debounce delay.
    pub(crate) fn start_with_delay<T: From<WatchEvent> + Send + 'static>(
        delay: Duration,
        out: async_channel::Sender<T>,
    ) -> Result<Watches, String> {
        let (input, input_rx) = std::sync::mpsc::sync_channel(RAW_CAPACITY);
        let table: Table = Arc::default();
        let handler_table = table.clone();
        let handler_input = input.clone();
        let overflowing = AtomicBool::new(false);
        let handler = move |result: notify::Result<notify::Event>| {
            let event = match result {
                Ok(event) => event,
                Err(e) => return tracing::warn!("file watcher: {e}"),
            };
            if event.need_rescan() {
                tracing::warn!("too many file changes at once; some watched changes were missed");
            }
            let table = handler_table.lock().unwrap_or_else(|e| e.into_inner());
            for (path, raw) in raw_changes(&event) {
                for (script, globs) in table.iter() {
                    if !globs.iter().any(|g| g.matches(&path)) {
                        continue;
                    }
                    match handler_input.try_send(Input::Raw(*script, path.clone(), raw)) {
                        Ok(()) => overflowing.store(false, Ordering::Relaxed),
                        Err(TrySendError::Full(_)) => {
                            if !overflowing.swap(true, Ordering::Relaxed) {
                                tracing::warn!(
                                    "too many file changes at once; dropping some until \
                                     they are handled"
                                );
                            }
                        }
                        Err(TrySendError::Disconnected(_)) => {}
                    }
                }
            }
        };
        let watcher = notify::recommended_watcher(handler)
            .map_err(|e| format!("cannot watch files ({e}); Watch: scripts will not run"))?;
        let debouncer = std::thread::Builder::new()
            .name("skit-watch".into())
            .spawn(move || debounce(Debouncer::new(delay), &input_rx, &out))
            .map_err(|e| format!("cannot start the file-watch thread: {e}"))?;
        Ok(Watches {
            table,
            watched: BTreeMap::new(),
            input,
            debouncer: Some(debouncer),
            watcher,
        })
    }

    /// Replaces what is watched: each script id with its globs. Returns (and logs)
    /// one warning per folder that cannot be watched; the rest still work.
    pub(crate) fn set(&mut self, scripts: Vec<(u64, Vec<WatchGlob>)>) -> Vec<String> {
        let mut wanted: BTreeMap<PathBuf, RecursiveMode> = BTreeMap::new();
        for glob in scripts.iter().flat_map(|(_, globs)| globs) {
            let mode = if glob.recursive() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            let slot = wanted
                .entry(glob.base().to_path_buf())
                .or_insert(RecursiveMode::NonRecursive);
            if mode == RecursiveMode::Recursive {
                *slot = mode;
            }
        }
        // A folder inside a recursively watched one is already covered.
        let recursive: Vec<PathBuf> = wanted
            .iter()
            .filter(|(_, m)| **m == RecursiveMode::Recursive)
            .map(|(p, _)| p.clone())
            .collect();
        wanted.retain(|path, _| !recursive.iter().any(|r| path != r && path.starts_with(r)));

        *self.table.lock().unwrap_or_else(|e| e.into_inner()) = scripts;

        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(path, mode)| wanted.get(*path) != Some(*mode))
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            self.watched.remove(&path);
            if let Err(e) = self.watcher.unwatch(&path) {
                tracing::debug!("unwatching {}: {e}", path.display());
            }
        }
        let mut warnings = Vec::new();
        for (path, mode) in wanted {
            if self.watched.contains_key(&path) {
                continue;
            }
            match self.watcher.watch(&path, mode) {
                Ok(()) => {
                    self.watched.insert(path, mode);
                }
                Err(e) => {
                    let warning = if path.exists() {
                        format!("Watch: cannot watch {}: {e}", path.display())
                    } else {
                        format!(
                            "Watch: the folder {} does not exist; create it, then save the \
                             script again",
                            path.display()
                        )
                    };
                    tracing::warn!("{warning}");
                    warnings.push(warning);
                }
            }
        }
        warnings
    }
}

impl Drop for Watches {
    fn drop(&mut self) {
        // The debouncer drains its input without blocking, so this send finishes.
        let _ = self.input.send(Input::Stop);
        if let Some(thread) = self.debouncer.take()
            && thread.join().is_err()
        {
            tracing::error!("the file-watch thread panicked");
        }
    }
}

/// The debouncing thread: blocks on its input, with a timeout only while some path
/// waits out its delay.
fn debounce<T: From<WatchEvent>>(
    mut state: Debouncer,
    input: &Receiver<Input>,
    out: &async_channel::Sender<T>,
) {
    loop {
        let received = match state.next_deadline() {
            Some(deadline) => {
                input.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
            None => input.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Input::Raw(script, path, raw)) => {
                if !state.push(script, path.clone(), raw, Instant::now()) {
                    tracing::warn!(
                        "too many watched files changing at once; ignored {}",
                        path.display()
                    );
                }
            }
            Ok(Input::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        for event in state.take_due(Instant::now()) {
            let what = format!("{} {}", event.kind, event.path.display());
            match out.try_send(T::from(event)) {
                Ok(()) => {}
                Err(async_channel::TrySendError::Full(_)) => {
                    tracing::warn!("too many watch events waiting; dropped {what}")
                }
                Err(async_channel::TrySendError::Closed(_)) => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triggers::recv_within;
    use crate::triggers::watch::{WatchKind, parse_watch};
    use std::fs;
    use std::io::Write;
    use std::path::Path;

    /// A real watcher on `dir` for `value`, as script 1. A longer delay than the
    /// default keeps a loaded machine from splitting one burst into two.
    struct Fixture {
        watches: Watches,
        events: async_channel::Receiver<WatchEvent>,
    }

    fn watching(value: &str, dir: &Path, home: Option<&Path>) -> Fixture {
        let (tx, events) = async_channel::bounded::<WatchEvent>(64);
        let mut watches = Watches::start_with_delay(Duration::from_millis(500), tx).unwrap();
        let globs = parse_watch(value, dir, home).unwrap();
        assert!(watches.set(vec![(1, globs)]).is_empty());
        Fixture { watches, events }
    }

    impl Fixture {
        /// Creates `sentinel` and returns every event before the sentinel's own:
        /// its delay ends last, so everything caused earlier has been sent by then.
        fn events_before(&self, sentinel: &Path) -> Vec<(String, WatchKind)> {
            fs::write(sentinel, "s").unwrap();
            let mut seen = Vec::new();
            loop {
                let event = recv_within(&self.events, Duration::from_secs(20))
                    .expect("the sentinel's event never came");
                assert_eq!(event.script, 1);
                if event.path == sentinel {
                    assert_eq!(event.kind, WatchKind::Add);
                    return seen;
                }
                let name = event
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                seen.push((name, event.kind));
            }
        }
    }

    #[test]
    fn a_burst_of_writes_is_one_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        fs::write(&file, "start").unwrap();
        let fx = watching("*.txt", dir.path(), None);
        for i in 0..20 {
            let mut f = fs::OpenOptions::new().append(true).open(&file).unwrap();
            writeln!(f, "line {i}").unwrap();
        }
        let seen = fx.events_before(&dir.path().join("zz-sentinel.txt"));
        assert_eq!(seen, [("notes.txt".to_string(), WatchKind::Change)]);
        drop(fx.watches);
    }

    #[test]
    fn create_and_write_is_one_add_and_remove_is_remove() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.pdf");
        fs::write(&old, "x").unwrap();
        let fx = watching("*.pdf", dir.path(), None);
        let new = dir.path().join("new.pdf");
        fs::write(&new, "a").unwrap();
        fs::OpenOptions::new()
            .append(true)
            .open(&new)
            .unwrap()
            .write_all(b"more")
            .unwrap();
        fs::remove_file(&old).unwrap();
        // A download: written under a temporary name, then renamed into place.
        fs::write(dir.path().join("dl.pdf.part"), "p").unwrap();
        fs::rename(dir.path().join("dl.pdf.part"), dir.path().join("dl.pdf")).unwrap();
        // Created and deleted at once: never seen by the script.
        fs::write(dir.path().join("brief.pdf"), "b").unwrap();
        fs::remove_file(dir.path().join("brief.pdf")).unwrap();
        let mut seen = fx.events_before(&dir.path().join("zz-sentinel.pdf"));
        seen.sort();
        assert_eq!(
            seen,
            [
                ("dl.pdf".to_string(), WatchKind::Add),
                ("new.pdf".to_string(), WatchKind::Add),
                ("old.pdf".to_string(), WatchKind::Remove),
            ]
        );
    }

    #[test]
    fn files_that_do_not_match_give_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let fx = watching("*.pdf", dir.path(), None);
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        fs::write(dir.path().join("sub/deep.pdf"), "x").unwrap();
        fs::set_permissions(
            dir.path().join("a.txt"),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        assert_eq!(fx.events_before(&dir.path().join("zz-sentinel.pdf")), []);
    }

    #[test]
    fn tilde_is_the_home_folder_and_double_star_reaches_subfolders() {
        let home = tempfile::tempdir().unwrap();
        fs::create_dir_all(home.path().join("Inbox/2025/06")).unwrap();
        let fx = watching(
            "~/Inbox/**/*.md",
            Path::new("/nonexistent"),
            Some(home.path()),
        );
        fs::write(home.path().join("Inbox/2025/06/a.md"), "x").unwrap();
        fs::write(home.path().join("Inbox/2025/b.txt"), "x").unwrap();
        let seen = fx.events_before(&home.path().join("Inbox/zz-sentinel.md"));
        assert_eq!(seen, [("a.md".to_string(), WatchKind::Add)]);
    }

    #[test]
    fn a_missing_folder_is_a_warning_and_set_replaces_the_watches() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, events) = async_channel::bounded::<WatchEvent>(64);
        let mut watches = Watches::start_with_delay(Duration::from_millis(500), tx).unwrap();
        let missing = parse_watch("nope/*.pdf", dir.path(), None).unwrap();
        let warnings = watches.set(vec![(1, missing)]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("does not exist"), "{warnings:?}");
        // Script 2 replaces script 1 entirely.
        let globs = parse_watch("*.pdf", dir.path(), None).unwrap();
        assert!(watches.set(vec![(2, globs)]).is_empty());
        fs::write(dir.path().join("a.pdf"), "x").unwrap();
        let event = recv_within(&events, Duration::from_secs(20)).unwrap();
        assert_eq!((event.script, event.kind), (2, WatchKind::Add));
        watches.set(Vec::new());
        assert!(watches.watched.is_empty());
    }
}
