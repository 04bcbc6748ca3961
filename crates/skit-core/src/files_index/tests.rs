use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;

fn touch(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, "x").unwrap();
}

fn settings(root: &Path) -> Settings {
    Settings::from_config(
        &FilesConfig {
            roots: vec![root.to_string_lossy().into_owned()],
            ..FilesConfig::default()
        },
        Path::new("/nonexistent-home"),
    )
}

fn names(index: &Index, root: &Path) -> Vec<String> {
    index
        .iter()
        .map(|(p, _)| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}

/// A home with what is searched and what is not.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    touch(&h.join("notes/todo.md"));
    touch(&h.join("photo.png"));
    touch(&h.join(".secret/key"));
    touch(&h.join(".bashrc"));
    touch(&h.join("code/app/node_modules/left/index.js"));
    touch(&h.join("code/app/target/debug/app"));
    touch(&h.join("code/app/src/main.rs"));
    touch(&h.join("code/app/app.log"));
    fs::write(h.join("code/app/.gitignore"), "*.log\n").unwrap();
    home
}

#[test]
fn the_walk_leaves_out_hidden_ignored_and_excluded_entries() {
    let home = home();
    let index = walk::build(&settings(home.path()));
    assert_eq!(
        names(&index, home.path()),
        [
            "code",
            "code/app",
            "code/app/src",
            "code/app/src/main.rs",
            "notes",
            "notes/todo.md",
            "photo.png"
        ]
    );
    assert_eq!(index.kind(&home.path().join("notes")), Some(Kind::Folder));
    assert_eq!(index.kind(&home.path().join("photo.png")), Some(Kind::File));
    // The filter for live changes agrees with the walk.
    let mut filter = Filter::new(&settings(home.path()));
    let h = home.path();
    assert!(filter.allows(&h.join("notes/new.txt"), false));
    assert!(!filter.allows(&h.join(".hidden"), false));
    assert!(!filter.allows(&h.join("code/app/other.log"), false));
    assert!(!filter.allows(&h.join("code/app/node_modules/x.js"), false));
    assert!(!filter.allows(&h.join("code/app/target"), true));
    assert!(!filter.allows(Path::new("/elsewhere/file"), false));
    // Exclusions are configured: the defaults replaced, `~` expanded.
    let custom = Settings::from_config(
        &FilesConfig {
            roots: vec!["~".into()],
            exclude: vec!["~/notes".into()],
        },
        h,
    );
    let index = walk::build(&custom);
    let names = names(&index, h);
    assert!(!names.iter().any(|n| n.starts_with("notes")), "{names:?}");
    assert!(names.contains(&"code/app/target/debug/app".to_string()));
}

#[test]
fn the_stored_index_is_the_index_for_the_same_settings_only() {
    let home = home();
    let settings = settings(home.path());
    let index = walk::build(&settings);
    let file = home.path().join(".local/state/skit/files.index");
    index.save(&file, &settings).unwrap();
    assert_eq!(Index::load(&file, &settings), Some(index.clone()));
    let other = Settings {
        exclude: vec![],
        ..settings.clone()
    };
    assert_eq!(Index::load(&file, &other), None);
    assert_eq!(Index::from_bytes(b"garbage\n", &settings), None);
    // A name that is not UTF-8 survives; one with a newline is left out.
    use std::os::unix::ffi::OsStrExt;
    let odd = home
        .path()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    let mut with_odd = index.clone();
    with_odd.insert(odd.clone(), Kind::File);
    with_odd.insert(home.path().join("two\nlines"), Kind::File);
    let back = Index::from_bytes(&with_odd.to_bytes(&settings), &settings).unwrap();
    assert!(back.contains(&odd));
    assert_eq!(back.len(), index.len() + 1);
}

#[test]
fn removing_a_folder_removes_what_is_under_it_only() {
    let mut index: Index = [
        ("/h/a", Kind::Folder),
        ("/h/a/x", Kind::File),
        ("/h/a/y/z", Kind::File),
        ("/h/a-b", Kind::File),
        ("/h/ab", Kind::File),
    ]
    .into_iter()
    .map(|(p, k)| (PathBuf::from(p), k))
    .collect();
    assert_eq!(index.remove_tree(Path::new("/h/a")), 3);
    assert_eq!(index.len(), 2);
    assert_eq!(display_folder(Path::new("/h/a/x"), Path::new("/h")), "~/a");
    assert_eq!(display_folder(Path::new("/h/x"), Path::new("/h")), "~");
    assert_eq!(display_folder(Path::new("/o/x"), Path::new("/h")), "/o");
}

fn wait_until(live: &LiveIndex, what: &str, done: impl Fn(&[(PathBuf, Kind)]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if live.status() == live::Status::Ready && done(&live.snapshot()) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn has(entries: &[(PathBuf, Kind)], path: &Path) -> bool {
    entries.iter().any(|(p, _)| p == path)
}

#[test]
fn the_live_index_follows_the_disk_and_starts_from_its_file() {
    let home = home();
    let h = home.path().to_path_buf();
    let settings = settings(&h);
    let store = h.join(".local/state/skit/files.index");
    let live = LiveIndex::start(settings.clone(), store.clone());
    let changes = live.subscribe();
    wait_until(&live, "the first walk", |e| {
        has(e, &h.join("notes/todo.md"))
    });
    assert!(store.exists(), "the walk is stored");

    // A new file, a new folder with a file in it, an ignored file.
    touch(&h.join("notes/new.txt"));
    fs::create_dir_all(h.join("music/live")).unwrap();
    touch(&h.join("music/live/song.ogg"));
    touch(&h.join("code/app/more.log"));
    wait_until(&live, "the new entries", |e| {
        has(e, &h.join("notes/new.txt")) && has(e, &h.join("music/live/song.ogg"))
    });
    assert!(changes.try_recv().is_ok(), "listeners heard of it");
    assert!(!has(&live.snapshot(), &h.join("code/app/more.log")));

    // Removed and renamed.
    fs::remove_file(h.join("notes/todo.md")).unwrap();
    fs::rename(h.join("music"), h.join("tunes")).unwrap();
    wait_until(&live, "the removals", |e| {
        !has(e, &h.join("notes/todo.md"))
            && !has(e, &h.join("music/live/song.ogg"))
            && has(e, &h.join("tunes/live/song.ogg"))
    });

    // Moved to the trash (its own XDG_DATA_HOME is not wanted here: the call is
    // covered by the app; the index side is the message).
    drop(live);
    // The next start reads the file, it does not walk: an entry only the file
    // has is there.
    let deadline = Instant::now() + Duration::from_secs(10);
    while Index::load(&store, &settings).is_none_or(|i| !i.contains(&h.join("notes/new.txt"))) {
        assert!(Instant::now() < deadline, "the index was stored on stop");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stored = Index::load(&store, &settings).unwrap();
    stored.insert(h.join("only/in/the/file"), Kind::File);
    stored.save(&store, &settings).unwrap();
    let live = LiveIndex::start(settings, store);
    wait_until(&live, "the stored index", |e| {
        has(e, &h.join("only/in/the/file"))
    });
}
