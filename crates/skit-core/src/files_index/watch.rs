//! The indexed folders' watches: one inotify instance, one watch per folder, for
//! what changes the index only (an entry made, removed, or moved in or out), so
//! that reading or writing a file in an indexed folder never wakes skit (the
//! `notify` crate asks inotify for opens, writes and attribute changes too, and
//! has no way to ask for less). A thread of its own blocks in `poll` on the
//! inotify and a stop eventfd; what the kernel reports becomes paths to look at
//! again.

use std::collections::HashMap;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask, Watches};
use rustix::event::{EventfdFlags, PollFd, PollFlags, eventfd, poll};

/// What the watches report.
pub(super) enum Change {
    /// Look at these paths again.
    Paths(Vec<PathBuf>),
    /// The kernel's queue overflowed: changes were lost, walk again.
    Lost,
}

/// The folders of each watch.
type Folders = Arc<Mutex<HashMap<WatchDescriptor, PathBuf>>>;

/// The watches; dropping it stops its thread.
pub(super) struct Watcher {
    watches: Watches,
    folders: Folders,
    stop: OwnedFd,
}

/// Entries made, removed, moved in or out; the folder itself removed or moved.
fn mask() -> WatchMask {
    WatchMask::CREATE
        | WatchMask::DELETE
        | WatchMask::MOVED_FROM
        | WatchMask::MOVED_TO
        | WatchMask::DELETE_SELF
        | WatchMask::MOVE_SELF
        | WatchMask::ONLYDIR
        | WatchMask::DONT_FOLLOW
        | WatchMask::EXCL_UNLINK
}

impl Watcher {
    /// Starts the thread that hands each change to `changed`.
    pub(super) fn start(changed: impl Fn(Change) + Send + 'static) -> io::Result<Watcher> {
        let inotify = Inotify::init()?;
        let stop = eventfd(0, EventfdFlags::CLOEXEC)?;
        let folders = Folders::default();
        let watcher = Watcher {
            watches: inotify.watches(),
            folders: folders.clone(),
            stop: stop.try_clone()?,
        };
        std::thread::Builder::new()
            .name("skit-files-watch".into())
            .spawn(move || read(inotify, stop, folders, changed))?;
        Ok(watcher)
    }

    /// Watches `folder` (again: the same watch if it has one).
    pub(super) fn watch(&mut self, folder: &Path) -> io::Result<()> {
        let wd = self.watches.add(folder, mask())?;
        self.folders
            .lock()
            .expect("watched folders")
            .insert(wd, folder.to_path_buf());
        Ok(())
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = rustix::io::write(&self.stop, &1u64.to_ne_bytes());
    }
}

/// The thread: blocks until the kernel reports something or the watcher goes.
fn read(mut inotify: Inotify, stop: OwnedFd, folders: Folders, changed: impl Fn(Change)) {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let mut fds = [
            PollFd::new(&inotify, PollFlags::IN),
            PollFd::from_borrowed_fd(stop.as_fd(), PollFlags::IN),
        ];
        match poll(&mut fds, None) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => {
                tracing::warn!("the file index stops following changes: {e}");
                return;
            }
        }
        if !fds[1].revents().is_empty() {
            return;
        }
        let events = match inotify.read_events(&mut buffer) {
            Ok(events) => events,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => {
                tracing::warn!("the file index stops following changes: {e}");
                return;
            }
        };
        let mut paths = Vec::new();
        let mut lost = false;
        {
            let mut folders = folders.lock().expect("watched folders");
            for event in events {
                if event.mask.contains(EventMask::Q_OVERFLOW) {
                    lost = true;
                    continue;
                }
                let Some(folder) = folders.get(&event.wd).cloned() else {
                    continue;
                };
                if event.mask.contains(EventMask::IGNORED) {
                    folders.remove(&event.wd);
                    continue;
                }
                paths.push(match event.name {
                    Some(name) => folder.join(name),
                    None => folder,
                });
            }
        }
        if lost {
            changed(Change::Lost);
        }
        if !paths.is_empty() {
            changed(Change::Paths(paths));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    fn paths(change: Change) -> Vec<PathBuf> {
        match change {
            Change::Paths(paths) => paths,
            Change::Lost => panic!("the queue overflowed"),
        }
    }

    #[test]
    fn reading_and_writing_a_file_is_not_a_change_but_making_and_removing_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_path_buf();
        let existing = folder.join("notes.txt");
        std::fs::write(&existing, "first").unwrap();
        let (sender, changes) = mpsc::channel();
        let mut watcher = Watcher::start(move |change| {
            let _ = sender.send(change);
        })
        .unwrap();
        watcher.watch(&folder).unwrap();

        // Written, read, its mode changed: nothing the index needs.
        std::fs::write(&existing, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "second");
        std::fs::set_permissions(
            &existing,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        // Then one made: the first change the watcher reports.
        let made = folder.join("made.txt");
        std::fs::write(&made, "x").unwrap();
        let first = paths(changes.recv_timeout(Duration::from_secs(10)).unwrap());
        assert_eq!(first, std::slice::from_ref(&made));

        std::fs::rename(&made, folder.join("moved.txt")).unwrap();
        std::fs::remove_file(&existing).unwrap();
        let mut seen = Vec::new();
        while seen.len() < 3 {
            seen.extend(paths(
                changes.recv_timeout(Duration::from_secs(10)).unwrap(),
            ));
        }
        assert_eq!(seen, [made, folder.join("moved.txt"), existing]);
    }

    #[test]
    fn dropping_the_watcher_stops_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let (sender, changes) = mpsc::channel::<Change>();
        let mut watcher = Watcher::start(move |change| {
            let _ = sender.send(change);
        })
        .unwrap();
        watcher.watch(dir.path()).unwrap();
        drop(watcher);
        // The thread owned the only sender: it is gone once the thread ends.
        assert!(matches!(
            changes.recv_timeout(Duration::from_secs(10)),
            Err(mpsc::RecvTimeoutError::Disconnected)
        ));
    }
}
