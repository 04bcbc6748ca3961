//! Frecency: how recently and how often each script was run, as one decaying
//! number per script, stored as JSON in the state folder.
//!
//! Each run adds 1 to a score that halves every [`HALF_LIFE_SECS`]. A corrupt store
//! is moved aside to `frecency.json.corrupt` (never silently overwritten) and the
//! ranking starts fresh.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::files;

/// A run counts half as much after three days.
pub(crate) const HALF_LIFE_SECS: f64 = 3.0 * 24.0 * 3600.0;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    /// Decayed score at `last`.
    score: f64,
    /// Unix seconds of the last run.
    last: u64,
    /// Total runs, for display and debugging.
    count: u64,
}

#[derive(Serialize, Deserialize, Default)]
struct Store {
    version: u32,
    entries: HashMap<String, Entry>,
}

/// Usage of scripts, keyed by their path.
#[derive(Debug)]
pub struct Frecency {
    path: PathBuf,
    entries: HashMap<String, Entry>,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Frecency {
    /// Loads the store at `path`. Missing: empty. Corrupt: moved aside with a
    /// warning, empty.
    pub fn load(path: &Path) -> Frecency {
        let entries = match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<Store>(&bytes) {
                Ok(store) => store.entries,
                Err(e) => {
                    match files::move_aside(path, ".corrupt") {
                        Ok(to) => tracing::warn!(
                            "{} is corrupt ({e}); moved it to {} and starting a fresh ranking",
                            path.display(),
                            to.display()
                        ),
                        Err(move_err) => tracing::warn!(
                            "{} is corrupt ({e}) and could not be moved aside ({move_err}); \
                             starting a fresh ranking",
                            path.display()
                        ),
                    }
                    HashMap::new()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => {
                tracing::warn!(
                    "cannot read {}: {e}; ranking without history",
                    path.display()
                );
                HashMap::new()
            }
        };
        Frecency {
            path: path.to_path_buf(),
            entries,
        }
    }

    /// Records one run of `key` at `now` (unix seconds).
    pub fn record(&mut self, key: &str, now: u64) {
        let entry = self.entries.entry(key.to_string()).or_insert(Entry {
            score: 0.0,
            last: now,
            count: 0,
        });
        entry.score = decay(entry.score, entry.last, now) + 1.0;
        entry.last = now.max(entry.last);
        entry.count += 1;
    }

    /// Forgets `key` (the "Reset ranking" action).
    pub fn forget(&mut self, key: &str) {
        self.entries.remove(key);
    }

    /// The usage boost of `key` at `now`: 0 for never used, about 1 for one run
    /// just now, growing slowly (logarithmically) with more runs.
    pub fn boost(&self, key: &str, now: u64) -> f64 {
        self.entries
            .get(key)
            .map(|e| (1.0 + decay(e.score, e.last, now)).log2())
            .unwrap_or(0.0)
    }

    /// Writes the store atomically.
    pub fn save(&self) -> std::io::Result<()> {
        let store = Store {
            version: 1,
            entries: self.entries.clone(),
        };
        let json = serde_json::to_vec_pretty(&store).map_err(std::io::Error::other)?;
        files::write_atomic(&self.path, &json)
    }
}

fn decay(score: f64, last: u64, now: u64) -> f64 {
    let age = now.saturating_sub(last) as f64;
    score * 0.5f64.powf(age / HALF_LIFE_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_and_frequent_score_higher() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Frecency::load(&dir.path().join("f.json"));
        let day = 24 * 3600;
        f.record("old", 0);
        f.record("often", 10 * day);
        f.record("often", 10 * day);
        f.record("recent", 10 * day);
        let now = 10 * day;
        assert!(f.boost("often", now) > f.boost("recent", now));
        assert!(f.boost("recent", now) > f.boost("old", now));
        assert_eq!(f.boost("never", now), 0.0);
        assert!((f.boost("recent", now) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn survives_a_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/f.json");
        let mut f = Frecency::load(&path);
        f.record("a", 100);
        f.save().unwrap();
        let g = Frecency::load(&path);
        assert_eq!(g.boost("a", 100), f.boost("a", 100));
    }

    #[test]
    fn a_corrupt_store_is_moved_aside_and_ranking_starts_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, "{not json").unwrap();
        let mut f = Frecency::load(&path);
        assert_eq!(f.boost("a", 0), 0.0);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("f.json.corrupt")).unwrap(),
            "{not json"
        );
        f.record("a", 1);
        f.save().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("f.json.corrupt")).unwrap(),
            "{not json"
        );
        assert!(Frecency::load(&path).boost("a", 1) > 0.0);
    }
}
