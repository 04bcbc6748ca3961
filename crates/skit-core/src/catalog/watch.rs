//! Watches folders (inotify, through `notify`): the scripts folder and the config
//! folder, and the applications folders. Each set signals "something changed" on a
//! bounded channel of capacity 1: a burst of file events (an editor saving through a
//! temp file, a package installing many files) becomes one pending reload.

use std::path::{Path, PathBuf};

use async_channel::{Sender, TrySendError};
pub use notify::RecursiveMode;
use notify::{EventKind, RecommendedWatcher, Watcher};

/// Starts watching the scripts and config folders; the returned watcher must be
/// kept alive. `None` (logged) when the platform cannot watch: the app then works
/// without live reload.
pub fn watch(
    scripts_dir: &Path,
    config_dir: &Path,
    changes: Sender<()>,
) -> Option<RecommendedWatcher> {
    watch_folders(
        &[
            (scripts_dir.to_path_buf(), RecursiveMode::Recursive),
            (config_dir.to_path_buf(), RecursiveMode::NonRecursive),
            (config_dir.join("themes"), RecursiveMode::NonRecursive),
        ],
        changes,
    )
}

/// Watches `folders` (those that exist) and signals any change in them on
/// `changes`; the returned watcher must be kept alive.
pub fn watch_folders(
    folders: &[(PathBuf, RecursiveMode)],
    changes: Sender<()>,
) -> Option<RecommendedWatcher> {
    let handler = move |result: notify::Result<notify::Event>| match result {
        Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
        Ok(_) => match changes.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) => {} // full: a reload is already pending
            Err(TrySendError::Closed(())) => {}
        },
        Err(e) => tracing::warn!("file watcher: {e}"),
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(e) => {
            tracing::warn!("cannot watch for file changes ({e}); restart skit to see changes");
            return None;
        }
    };
    for (dir, mode) in folders {
        if dir.is_dir()
            && let Err(e) = watcher.watch(dir, *mode)
        {
            tracing::warn!("cannot watch {}: {e}", dir.display());
        }
    }
    Some(watcher)
}
