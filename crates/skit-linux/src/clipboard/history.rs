//! The clipboard history as the running launcher uses it: the [`Store`] behind a
//! lock, the list of entry summaries kept in memory (so opening the history screen
//! never reads the disk on the UI thread), the limits from the config, and the
//! "Pause History" switch shared with the watcher. Not for reading the X clipboard
//! (see `x11_watch`).
//!
//! Methods that write or read content block on the disk: call them from background
//! tasks. [`History::entries`] and [`History::is_paused`] only take a short lock.
//!
//! A pause lasts until it is resumed, across restarts of skit: it is kept as an
//! empty file next to the database, so a user who paused recording is never
//! recorded again without knowing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::copies::Captured;
use super::store::{AddOutcome, Content, EntrySummary, Kind, Limits, NewEntry, Store, now_ms};

pub struct History {
    store: Mutex<Store>,
    /// Every entry, pinned first, then newest first; replaced after each change.
    entries: Mutex<Arc<Vec<EntrySummary>>>,
    limits: Mutex<Limits>,
    /// Set while recording is paused; the watcher reads it before each copy.
    paused: Arc<AtomicBool>,
    /// Exists while recording is paused.
    pause_file: PathBuf,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("pause_file", &self.pause_file)
            .finish()
    }
}

impl History {
    /// Opens the history at `path` (see [`Store::open`]: a corrupt file is moved
    /// aside, and the returned notice says so).
    pub fn open(path: &Path, limits: Limits) -> Result<(History, Option<String>), String> {
        let (store, notice) = Store::open(path)?;
        let pause_file = PathBuf::from(format!("{}.paused", path.display()));
        let history = History {
            store: Mutex::new(store),
            entries: Mutex::new(Arc::new(Vec::new())),
            limits: Mutex::new(limits),
            paused: Arc::new(AtomicBool::new(pause_file.exists())),
            pause_file,
        };
        history.refresh(&history.store())?;
        Ok((history, notice))
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Re-reads the summaries after a change.
    fn refresh(&self, store: &Store) -> Result<(), String> {
        let entries = store.list(i64::MAX as usize)?;
        *self.entries.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(entries);
        Ok(())
    }

    /// Every entry: pinned ones first, then newest first.
    pub fn entries(&self) -> Arc<Vec<EntrySummary>> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Records a copy the watcher captured, unless recording is paused.
    pub fn record(&self, captured: Captured) -> Result<AddOutcome, String> {
        if self.is_paused() {
            return Ok(AddOutcome::Unusable);
        }
        let content = match captured.kind {
            Kind::Text => Content::Text(String::from_utf8(captured.bytes).map_err(|_| {
                "the copied text is not UTF-8 (the watcher decodes it first)".to_string()
            })?),
            Kind::Png => Content::Png(captured.bytes),
        };
        let entry = NewEntry {
            content,
            source_app: captured.source_app,
            copied_at_ms: now_ms(),
        };
        let limits = *self.limits.lock().unwrap_or_else(|e| e.into_inner());
        let mut store = self.store();
        let outcome = store.add(entry, &limits)?;
        self.refresh(&store)?;
        Ok(outcome)
    }

    /// The full content of entry `id`.
    pub fn content(&self, id: i64) -> Result<Option<Content>, String> {
        self.store().content(id)
    }

    pub fn pin(&self, id: i64, pinned: bool) -> Result<(), String> {
        let mut store = self.store();
        store.pin(id, pinned)?;
        self.refresh(&store)
    }

    pub fn delete(&self, id: i64) -> Result<(), String> {
        let mut store = self.store();
        store.delete(id)?;
        self.refresh(&store)
    }

    /// "Clear History": every entry but the pinned ones. Returns how many went.
    pub fn clear(&self) -> Result<usize, String> {
        let mut store = self.store();
        let removed = store.clear()?;
        self.refresh(&store)?;
        Ok(removed)
    }

    /// New limits (the config changed). They apply from the next copy on.
    pub fn set_limits(&self, limits: Limits) {
        *self.limits.lock().unwrap_or_else(|e| e.into_inner()) = limits;
    }

    /// The flag the watcher checks before recording.
    pub fn paused_flag(&self) -> Arc<AtomicBool> {
        self.paused.clone()
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    /// "Pause History" / "Resume History". The pause holds at once, and is kept
    /// on disk so it outlasts a restart.
    pub fn set_paused(&self, paused: bool) -> Result<(), String> {
        self.paused.store(paused, Ordering::SeqCst);
        let written = if paused {
            std::fs::write(&self.pause_file, b"")
        } else {
            match std::fs::remove_file(&self.pause_file) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            }
        };
        written.map_err(|e| {
            format!(
                "Cannot save the pause in {}: {e}. It holds until skit quits.",
                self.pause_file.display()
            )
        })
    }
}

/// How long ago `then_ms` was, as a list row says it: "just now", "5 min ago",
/// "3 h ago", "2 days ago".
pub fn ago(then_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - then_ms).max(0) / 1000;
    match seconds {
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", seconds / 60),
        3600..86400 => format!("{} h ago", seconds / 3600),
        86400..172800 => "yesterday".to_string(),
        _ => format!("{} days ago", seconds / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Captured {
        Captured {
            kind: Kind::Text,
            bytes: text.as_bytes().to_vec(),
            source_app: Some("Gedit".into()),
        }
    }

    fn previews(history: &History) -> Vec<String> {
        history
            .entries()
            .iter()
            .map(|e| e.preview.clone())
            .collect()
    }

    #[test]
    fn the_summaries_follow_every_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clipboard.sqlite3");
        let (history, notice) = History::open(&path, Limits::default()).unwrap();
        assert_eq!(notice, None);
        for t in ["one", "two", "three"] {
            history.record(text(t)).unwrap();
        }
        assert_eq!(previews(&history), ["three", "two", "one"]);
        let one = history.entries()[2].id;
        history.pin(one, true).unwrap();
        assert_eq!(previews(&history), ["one", "three", "two"]);
        assert_eq!(
            history.content(one).unwrap(),
            Some(Content::Text("one".into()))
        );
        let three = history.entries()[1].id;
        history.delete(three).unwrap();
        assert_eq!(previews(&history), ["one", "two"]);
        assert_eq!(history.clear().unwrap(), 1);
        assert_eq!(previews(&history), ["one"]);
        history.set_limits(Limits {
            max_text_bytes: 3,
            ..Limits::default()
        });
        assert!(matches!(
            history.record(text("four")).unwrap(),
            AddOutcome::TooLarge { .. }
        ));
    }

    #[test]
    fn a_pause_stops_recording_and_outlasts_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clipboard.sqlite3");
        let (history, _) = History::open(&path, Limits::default()).unwrap();
        let flag = history.paused_flag();
        history.set_paused(true).unwrap();
        assert!(flag.load(Ordering::SeqCst));
        history.record(text("while paused")).unwrap();
        assert!(previews(&history).is_empty());
        drop(history);
        let (history, _) = History::open(&path, Limits::default()).unwrap();
        assert!(history.is_paused());
        history.set_paused(false).unwrap();
        history.record(text("resumed")).unwrap();
        assert_eq!(previews(&history), ["resumed"]);
        let (history, _) = History::open(&path, Limits::default()).unwrap();
        assert!(!history.is_paused());
    }

    #[test]
    fn ages_read_like_a_person_says_them() {
        let minute = 60_000;
        assert_eq!(ago(0, 59_000), "just now");
        assert_eq!(ago(0, 5 * minute), "5 min ago");
        assert_eq!(ago(0, 180 * minute), "3 h ago");
        assert_eq!(ago(0, 25 * 60 * minute), "yesterday");
        assert_eq!(ago(0, 3 * 24 * 60 * minute), "3 days ago");
        assert_eq!(ago(10, 0), "just now");
    }
}
