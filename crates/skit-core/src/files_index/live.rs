//! The index while skit runs: one thread owns it. It loads the stored index (or
//! walks the roots once and stores the result), puts an inotify watch on every
//! indexed folder (one each, not recursive: excluded folders such as
//! `node_modules` cost no watch; see [`super::watch`]), then blocks until the
//! kernel reports something.
//! A reported path is looked at again: gone, it leaves the index with what was
//! under it; there and allowed by the [`Filter`], it is added (a new folder is
//! watched, then walked). The index is stored again [`SAVE_AFTER`] after the last
//! change. Readers take a snapshot; listeners hear of each change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::watch::{Change, Watcher};
use super::{Filter, Index, Kind, Settings, walk};

/// How long after the last change the index is stored again.
const SAVE_AFTER: Duration = Duration::from_secs(5);

/// What the index thread is asked to do.
enum Message {
    /// The kernel reported these paths.
    Changed(Vec<PathBuf>),
    /// Walk the roots again (the user asked).
    Rebuild,
    /// A path skit removed itself (moved to the trash).
    Removed(PathBuf),
    /// The [`LiveIndex`] is dropped.
    Stop,
}

/// Where the index is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Loading the stored index or walking the roots.
    Building,
    Ready,
}

struct Shared {
    index: Mutex<Index>,
    status: Mutex<Status>,
    listeners: Mutex<Vec<async_channel::Sender<()>>>,
}

impl Shared {
    fn changed(&self) {
        self.listeners
            .lock()
            .expect("listeners")
            .retain(|l| !matches!(l.try_send(()), Err(async_channel::TrySendError::Closed(_))));
    }
}

/// The live index. Dropping it stops its thread and its watches.
pub struct LiveIndex {
    shared: Arc<Shared>,
    messages: mpsc::Sender<Message>,
}

impl LiveIndex {
    /// Starts the index thread for `settings`, its file at `store`.
    pub fn start(settings: Settings, store: PathBuf) -> LiveIndex {
        let shared = Arc::new(Shared {
            index: Mutex::new(Index::default()),
            status: Mutex::new(Status::Building),
            listeners: Mutex::new(Vec::new()),
        });
        let (messages, inbox) = mpsc::channel();
        let thread_shared = shared.clone();
        let events = messages.clone();
        let spawned = std::thread::Builder::new()
            .name("skit-files".into())
            .spawn(move || run(settings, store, thread_shared, events, inbox));
        if let Err(e) = spawned {
            tracing::warn!("the file index could not start: {e}");
        }
        LiveIndex { shared, messages }
    }

    pub fn status(&self) -> Status {
        *self.shared.status.lock().expect("status")
    }

    /// How many entries are indexed.
    pub fn len(&self) -> usize {
        self.shared.index.lock().expect("index").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry now, in path order.
    pub fn snapshot(&self) -> Vec<(PathBuf, Kind)> {
        self.read(|index| index.iter().map(|(p, k)| (p.to_path_buf(), k)).collect())
    }

    /// What `read` makes of the index now (which waits meanwhile: for building
    /// something from half a million entries without copying them first).
    pub fn read<R>(&self, read: impl FnOnce(&Index) -> R) -> R {
        read(&self.shared.index.lock().expect("index"))
    }

    /// A channel that receives (at least) one message after each change to the
    /// index, and when it is ready.
    pub fn subscribe(&self) -> async_channel::Receiver<()> {
        let (sender, receiver) = async_channel::bounded(1);
        self.shared
            .listeners
            .lock()
            .expect("listeners")
            .push(sender);
        receiver
    }

    /// Walks the roots again.
    pub fn rebuild(&self) {
        *self.shared.status.lock().expect("status") = Status::Building;
        let _ = self.messages.send(Message::Rebuild);
    }

    /// Moves `path` to the desktop's trash, and out of the index.
    pub fn trash(&self, path: &Path) -> Result<(), String> {
        trash::delete(path)
            .map_err(|e| format!("cannot move {} to the trash: {e}", path.display()))?;
        let _ = self.messages.send(Message::Removed(path.to_path_buf()));
        Ok(())
    }
}

impl Drop for LiveIndex {
    fn drop(&mut self) {
        let _ = self.messages.send(Message::Stop);
    }
}

/// The index thread.
fn run(
    settings: Settings,
    store: PathBuf,
    shared: Arc<Shared>,
    events: mpsc::Sender<Message>,
    inbox: mpsc::Receiver<Message>,
) {
    let started = std::time::Instant::now();
    let (index, loaded) = match Index::load(&store, &settings) {
        Some(index) => (index, true),
        None => (walk::build(&settings), false),
    };
    tracing::info!(
        "file index: {} entries {} in {:?}",
        index.len(),
        if loaded { "loaded" } else { "walked" },
        started.elapsed()
    );
    if !loaded && let Err(e) = index.save(&store, &settings) {
        tracing::warn!(
            "the file index could not be stored in {}: {e}",
            store.display()
        );
    }
    let watcher = Watcher::start(move |change| {
        let _ = events.send(match change {
            Change::Paths(paths) => Message::Changed(paths),
            // Changes were lost: only a walk finds them.
            Change::Lost => Message::Rebuild,
        });
    });
    let mut watcher = match watcher {
        Ok(watcher) => Some(watcher),
        Err(e) => {
            tracing::warn!("the file index cannot follow changes: {e}");
            None
        }
    };
    let mut live = Live {
        settings,
        filter: None,
        watch_failed: false,
    };
    live.filter = Some(Filter::new(&live.settings));
    if let Some(watcher) = &mut watcher {
        for root in live.settings.roots.clone() {
            live.watch(watcher, &root);
        }
        for folder in index.folders() {
            live.watch(watcher, folder);
        }
    }
    let count = index.len();
    *shared.index.lock().expect("index") = index;
    *shared.status.lock().expect("status") = Status::Ready;
    shared.changed();
    report_ready(count, loaded, started.elapsed());

    let mut dirty = false;
    loop {
        let message = if dirty {
            match inbox.recv_timeout(SAVE_AFTER) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    let index = shared.index.lock().expect("index").clone();
                    if let Err(e) = index.save(&store, &live.settings) {
                        tracing::warn!("the file index could not be stored: {e}");
                    }
                    dirty = false;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match inbox.recv() {
                Ok(message) => message,
                Err(_) => break,
            }
        };
        // What else is waiting is applied together, then listeners hear once.
        let mut batch = vec![message];
        batch.extend(inbox.try_iter());
        let mut changed = false;
        let stop = batch.iter().any(|m| matches!(m, Message::Stop));
        for message in batch {
            changed |= match message {
                Message::Changed(paths) => paths
                    .into_iter()
                    .map(|path| live.apply(&path, &shared, watcher.as_mut()))
                    .fold(false, |a, b| a | b),
                Message::Removed(path) => {
                    shared.index.lock().expect("index").remove_tree(&path) > 0
                }
                Message::Rebuild => {
                    let started = std::time::Instant::now();
                    let index = walk::build(&live.settings);
                    if let Some(watcher) = &mut watcher {
                        for folder in index.folders() {
                            live.watch(watcher, folder);
                        }
                    }
                    let count = index.len();
                    *shared.index.lock().expect("index") = index;
                    *shared.status.lock().expect("status") = Status::Ready;
                    report_ready(count, false, started.elapsed());
                    true
                }
                Message::Stop => false,
            };
        }
        if changed {
            dirty = true;
            shared.changed();
        }
        if stop {
            break;
        }
    }
    // The owner is gone (the settings changed, or skit quits): store what is new.
    if dirty {
        let index = shared.index.lock().expect("index").clone();
        let _ = index.save(&store, &live.settings);
    }
}

/// Tells `make bench` the index is ready (searchable, its folders watched):
/// `skit::timing` event `files_indexed` after a walk, `files_loaded` after reading
/// the stored index, with its size and how long it took; the timestamp is
/// CLOCK_MONOTONIC in nanoseconds, like skit's other timing events.
fn report_ready(count: usize, loaded: bool, took: Duration) {
    if !tracing::enabled!(target: "skit::timing", tracing::Level::INFO) {
        return;
    }
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes into a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    let t_ns = ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64;
    let took_ms = took.as_secs_f64() * 1e3;
    if loaded {
        tracing::info!(target: "skit::timing", event = "files_loaded", t_ns, count, took_ms);
    } else {
        tracing::info!(target: "skit::timing", event = "files_indexed", t_ns, count, took_ms);
    }
}

struct Live {
    settings: Settings,
    filter: Option<Filter>,
    /// A watch could not be added (inotify's limit): said once.
    watch_failed: bool,
}

impl Live {
    fn watch(&mut self, watcher: &mut Watcher, folder: &Path) {
        if let Err(e) = watcher.watch(folder)
            && !self.watch_failed
        {
            self.watch_failed = true;
            tracing::warn!(
                "the file index cannot watch {} ({e}); changes there show after \
                 \"Rebuild the index\" (raise fs.inotify.max_user_watches)",
                folder.display()
            );
        }
    }

    /// Looks at `path` again; whether the index changed.
    fn apply(&mut self, path: &Path, shared: &Shared, watcher: Option<&mut Watcher>) -> bool {
        let filter = self.filter.as_mut().expect("a filter");
        filter.forget_rules(path);
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return shared.index.lock().expect("index").remove_tree(path) > 0;
        };
        let is_dir = meta.is_dir();
        if !filter.allows(path, is_dir) {
            // Renamed to a hidden name, say: out if it was in.
            return shared.index.lock().expect("index").remove_tree(path) > 0;
        }
        let kind = if is_dir { Kind::Folder } else { Kind::File };
        let known = shared.index.lock().expect("index").kind(path) == Some(kind);
        if known {
            return false;
        }
        shared
            .index
            .lock()
            .expect("index")
            .insert(path.to_path_buf(), kind);
        if is_dir {
            // Watched before it is walked, so nothing made in between is missed.
            let mut watcher = watcher;
            if let Some(watcher) = watcher.as_deref_mut() {
                self.watch(watcher, path);
            }
            // Its folders are watched as the walk finds them; what was made in one
            // of them before its watch came is found by walking again, until a
            // walk finds no folder that is not watched yet.
            let mut watched = std::collections::HashSet::from([path.to_path_buf()]);
            loop {
                let found: Vec<(PathBuf, Kind)> = walk::walk(&[path], &self.settings).collect();
                let mut new_folders = 0;
                if let Some(watcher) = watcher.as_deref_mut() {
                    for (folder, _) in found.iter().filter(|(_, k)| *k == Kind::Folder) {
                        if watched.insert(folder.clone()) {
                            self.watch(watcher, folder);
                            new_folders += 1;
                        }
                    }
                }
                let mut index = shared.index.lock().expect("index");
                for (path, kind) in found {
                    index.insert(path, kind);
                }
                if new_folders == 0 {
                    break;
                }
            }
        }
        true
    }
}
