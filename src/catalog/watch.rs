//! Watches the scripts folder and the config folder (inotify, through `notify`)
//! and signals "something changed" on a bounded channel of capacity 1: a burst of
//! file events (an editor saving through a temp file) becomes one pending reload.

use std::path::Path;

use async_channel::{Sender, TrySendError};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// Starts watching; the returned watcher must be kept alive. `None` (logged) when
/// the platform cannot watch: the app then works without live reload.
pub(crate) fn watch(
    scripts_dir: &Path,
    config_dir: &Path,
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
            tracing::warn!(
                "cannot watch for file changes ({e}); restart skit after editing scripts"
            );
            return None;
        }
    };
    for (dir, mode) in [
        (scripts_dir, RecursiveMode::Recursive),
        (config_dir, RecursiveMode::NonRecursive),
        (&config_dir.join("themes"), RecursiveMode::NonRecursive),
    ] {
        if dir.is_dir()
            && let Err(e) = watcher.watch(dir, mode)
        {
            tracing::warn!("cannot watch {}: {e}", dir.display());
        }
    }
    Some(watcher)
}
