//! Data under faults, with real processes: this test binary runs itself again as
//! a helper (the ignored test [`helper`], told what to do by environment
//! variables) that writes in a loop and reports each finished write on stdout;
//! the test kills it with SIGKILL right after a report, so the next write is cut
//! short somewhere, and checks what is on disk. Also a full disk (a small tmpfs,
//! when mounting is allowed).

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::clipboard::store::{Content, Limits, NewEntry, Store};

const KIND_VAR: &str = "SKIT_FAULT_HELPER";
const PATH_VAR: &str = "SKIT_FAULT_PATH";

/// The text of write number `i`: long enough that a write takes a while and a
/// cut shows, and checkable whole (it names `i` at both ends).
fn payload(i: usize) -> String {
    format!(
        "begin-{i}-{}-end-{i}",
        "x".repeat(2000 + (i * 997) % 30_000)
    )
}

/// Checks that `text` is `payload(i)` for the `i` it names.
fn is_whole_payload(text: &str) -> bool {
    let Some(i) = text
        .strip_prefix("begin-")
        .and_then(|rest| rest.split('-').next())
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return false;
    };
    text == payload(i)
}

/// The helper process: does writes of `kind` on `path` until it is killed.
#[test]
#[ignore = "run by the fault tests as a separate process"]
fn helper() {
    let (Ok(kind), Some(path)) = (std::env::var(KIND_VAR), std::env::var_os(PATH_VAR)) else {
        return;
    };
    let path = PathBuf::from(path);
    let done = |i: usize| println!("done {i}");
    match kind.as_str() {
        "clipboard" => {
            let (mut store, _) = Store::open(&path).unwrap();
            let limits = Limits {
                max_entries: 100_000,
                ..Limits::default()
            };
            for i in 0.. {
                let entry = NewEntry {
                    content: Content::Text(payload(i)),
                    source_app: None,
                    copied_at_ms: i as i64,
                };
                store.add(entry, &limits).unwrap();
                done(i);
            }
        }
        "env" => {
            for i in 0.. {
                crate::env_file::store(&path, &format!("V{i}"), &payload(i)).unwrap();
                done(i);
            }
        }
        "config" => {
            for i in 0.. {
                let app = format!("{}.desktop", payload(i % 50));
                crate::config::hide_app(&path, &app).unwrap();
                done(i);
            }
        }
        "create" => {
            for i in 0.. {
                crate::script_files::create(&path, "New", crate::config::ScriptLanguage::Bash)
                    .unwrap();
                done(i);
            }
        }
        "rename" => {
            let mut current = path.join("alpha.sh");
            for i in 0.. {
                let name = if i % 2 == 0 { "Beta" } else { "Alpha" };
                current = crate::script_files::rename(&current, name).unwrap();
                done(i);
            }
        }
        other => panic!("unknown helper {other}"),
    }
}

/// Runs the helper on `path` and kills it with SIGKILL right after it reports
/// write number `kill_after`. Returns the last write it reported.
fn run_and_kill(kind: &str, path: &Path, kill_after: usize) -> usize {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "fault_tests::helper", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(KIND_VAR, kind)
        .env(PATH_VAR, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut last = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("done ") {
            let n: usize = n.parse().unwrap();
            last = Some(n);
            if n >= kill_after {
                child.kill().unwrap();
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(libc::SIGKILL),
        "the helper ran to the kill"
    );
    last.expect("the helper reported writes")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn kill_9_while_recording_copies_leaves_a_whole_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clipboard.sqlite3");
    let mut reported = 0;
    for round in 0..5 {
        // Each round adds to the same file, killed at a different moment.
        reported = reported.max(run_and_kill("clipboard", &path, 20 + round * 7));
        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        drop(conn);
        let (store, notice) = Store::open(&path).unwrap();
        assert_eq!(notice, None, "not moved aside as corrupt");
        let entries = store.list(100_000).unwrap();
        // Every write the helper reported is there (each round restarts at 0 and
        // moves the same contents to the top), and every entry is whole.
        assert!(entries.len() > reported, "{} entries", entries.len());
        for entry in entries {
            let Some(Content::Text(text)) = store.content(entry.id).unwrap() else {
                panic!("entry {} has no text", entry.id);
            };
            assert!(is_whole_payload(&text), "entry {} is cut", entry.id);
        }
    }
}

#[test]
fn kill_9_while_storing_in_the_env_file_leaves_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        let path = dir.path().join(format!("env{round}"));
        let reported = run_and_kill("env", &path, 3 + round * 5);
        let text = std::fs::read_to_string(&path).unwrap();
        let (variables, problems) = crate::env_file::parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        // Every reported write is there, each value whole. (How many more: the
        // helper goes on writing until the kill lands, later on a busy machine.)
        assert!(
            variables.len() > reported,
            "{} variables after {reported}",
            variables.len()
        );
        for (i, v) in variables.iter().enumerate() {
            assert_eq!(v.name, format!("V{i}"));
            assert!(v.value == payload(i), "V{i} whole");
        }
        assert_eq!(mode(&path), 0o600);
    }
}

#[test]
fn kill_9_while_hiding_apps_leaves_config_json_old_or_new_with_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..6 {
        let path = dir.path().join(format!("config{round}.json"));
        let original = "// my settings, private\n{\n  \"theme\": \"dark\"\n}\n";
        std::fs::write(&path, original).unwrap();
        // A user's own choice of mode, which the edit must keep.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        // And its owner, where this user may give it away (root, as in CI).
        let given = std::os::unix::fs::chown(&path, Some(4242), Some(4243)).is_ok();
        let reported = run_and_kill("config", &path, 2 + round * 4);
        let text = std::fs::read_to_string(&path).unwrap();
        let config = crate::config::Config::parse(&text).expect("config.json parses");
        assert!(text.starts_with("// my settings, private\n"), "{text}");
        assert!(matches!(config.theme, crate::config::ThemeChoice::Dark));
        let hidden = config.hidden_apps.len();
        // Every reported edit is there (more may have landed before the kill).
        assert!(hidden > reported, "{hidden} hidden after {reported}");
        // hide_app keeps the list sorted: compare as sets.
        let mut want: Vec<String> = (0..hidden)
            .map(|i| format!("{}.desktop", payload(i)))
            .collect();
        want.sort();
        let mut got = config.hidden_apps.clone();
        got.sort();
        assert!(got == want, "every hidden app whole");
        assert_eq!(mode(&path), 0o640, "the mode is kept");
        if given {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(&path).unwrap();
            assert_eq!((meta.uid(), meta.gid()), (4242, 4243), "the owner is kept");
        }
    }
}

/// The scripts in `dir` (the catalog skips dot files, such as a temporary file).
fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    found.sort();
    found
}

#[test]
fn kill_9_while_creating_scripts_leaves_only_whole_executable_ones() {
    let template = crate::config::ScriptLanguage::Bash
        .template()
        .replace("{{name}}", "New");
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let reported = run_and_kill("create", dir.path(), 2 + round * 5);
        let found = scripts(dir.path());
        // Every reported script is there (more may have landed before the kill).
        assert!(
            found.len() > reported,
            "{} scripts after {reported}",
            found.len()
        );
        for script in found {
            assert_eq!(std::fs::read_to_string(&script).unwrap(), template);
            assert_eq!(mode(&script), 0o755, "{}", script.display());
        }
    }
}

#[test]
fn kill_9_while_renaming_a_script_leaves_one_whole_executable_script() {
    let template = |name: &str| {
        crate::config::ScriptLanguage::Bash
            .template()
            .replace("{{name}}", name)
    };
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let alpha = dir.path().join("alpha.sh");
        std::fs::write(&alpha, template("Alpha")).unwrap();
        std::fs::set_permissions(&alpha, std::fs::Permissions::from_mode(0o750)).unwrap();
        run_and_kill("rename", dir.path(), 3 + round * 5);
        let found = scripts(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        let text = std::fs::read_to_string(&found[0]).unwrap();
        assert!(
            text == template("Alpha") || text == template("Beta"),
            "{text}"
        );
        assert_eq!(mode(&found[0]), 0o750, "the mode is kept");
    }
}

/// A tmpfs of `size` mounted on a new folder, unmounted on drop; `None` (with
/// the reason printed) where mounting is not allowed.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match output {
            Ok(output) if output.status.success() => Some(SmallDisk { dir }),
            Ok(output) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_gives_an_error_and_keeps_what_is_stored() {
    let Some(disk) = SmallDisk::mount("512k") else {
        return;
    };
    // The env file: store until the disk is full.
    let env = disk.dir.path().join("env");
    let mut stored = 0;
    let error = loop {
        match crate::env_file::store(&env, &format!("V{stored}"), &payload(stored)) {
            Ok(_) => stored += 1,
            Err(e) => break e,
        }
        assert!(stored < 1000, "the disk never filled");
    };
    assert_eq!(error.raw_os_error(), Some(libc::ENOSPC), "{error}");
    assert!(error.to_string().contains("No space left"), "{error}");
    let (variables, _) = crate::env_file::parse(&std::fs::read_to_string(&env).unwrap());
    assert_eq!(variables.len(), stored, "nothing stored is lost");
    for (i, v) in variables.iter().enumerate() {
        assert!(v.value == payload(i), "V{i} whole");
    }
    // No temporary file is left to hold the space.
    assert_eq!(std::fs::read_dir(disk.dir.path()).unwrap().count(), 1);
    std::fs::remove_file(&env).unwrap();

    // The clipboard history: add until the disk is full.
    let path = disk.dir.path().join("clipboard.sqlite3");
    let (mut store, _) = Store::open(&path).unwrap();
    let limits = Limits {
        max_entries: 100_000,
        ..Limits::default()
    };
    let mut added = 0;
    let error = loop {
        let entry = NewEntry {
            content: Content::Text(payload(added)),
            source_app: None,
            copied_at_ms: added as i64,
        };
        match store.add(entry, &limits) {
            Ok(_) => added += 1,
            Err(e) => break e,
        }
        assert!(added < 10_000, "the disk never filled");
    };
    assert!(
        error.contains("full") || error.contains("space"),
        "a clear error: {error}"
    );
    drop(store);
    let (store, notice) = Store::open(&path).unwrap();
    assert_eq!(notice, None);
    let entries = store.list(100_000).unwrap();
    assert_eq!(entries.len(), added, "nothing stored is lost");
    for entry in entries {
        let Some(Content::Text(text)) = store.content(entry.id).unwrap() else {
            panic!("no text");
        };
        assert!(is_whole_payload(&text));
    }
}
