//! Starting skit with the desktop session: an XDG autostart entry
//! (`~/.config/autostart/skit.desktop`) that runs this binary, hidden, at login.

use std::io;
use std::path::{Path, PathBuf};

use crate::apps::exec;
use skit_core::files;

/// The entry's text for the binary at `exe`. Fails for a path that is not UTF-8,
/// which a desktop entry cannot hold.
pub(crate) fn desktop_entry(exe: &Path) -> io::Result<String> {
    let Some(exe) = exe.to_str() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "an autostart entry cannot run {}: its path is not UTF-8",
                exe.display()
            ),
        ));
    };
    // Quoted for the Exec rules, then escaped as a string of the file: a path with
    // `"`, `$`, `\`, `%` or a line break still runs exactly this binary.
    let exec = exec::escape_value(&exec::quote(&[exe]));
    Ok(format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=skit\n\
         Comment=Keyboard-first script launcher (press the hotkey from its config.json)\n\
         Exec={exec}\n\
         Terminal=false\n\
         X-GNOME-Autostart-enabled=true\n"
    ))
}

/// Writes the autostart entry into `config_home/autostart/` and returns its path.
/// An existing, different entry is kept as `skit.desktop.bak`.
pub fn install(config_home: &Path, exe: &Path) -> io::Result<PathBuf> {
    let path = config_home.join("autostart").join("skit.desktop");
    write_keeping_other(&path, &desktop_entry(exe)?)?;
    Ok(path)
}

/// Makes `path` hold `text`, for a file in the user's own configuration: an
/// existing file with other content is moved aside to `path.bak` (`.bak.1`, ...)
/// first, and its new place returned. The same content is left alone.
pub(crate) fn write_keeping_other(path: &Path, text: &str) -> io::Result<Option<PathBuf>> {
    let kept = match std::fs::read(path) {
        Ok(existing) if existing == text.as_bytes() => return Ok(None),
        Ok(_) => Some(files::move_aside(path, ".bak")?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    files::write_atomic(path, text.as_bytes())?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_entry_and_keeps_a_different_one() {
        let dir = tempfile::tempdir().unwrap();
        let exe = Path::new("/opt/skit/bin/skit");
        let path = install(dir.path(), exe).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Exec=\"/opt/skit/bin/skit\""), "{text}");
        // Same content: nothing to keep.
        install(dir.path(), exe).unwrap();
        assert!(!dir.path().join("autostart/skit.desktop.bak").exists());
        std::fs::write(&path, "[Desktop Entry]\nExec=mine\n").unwrap();
        install(dir.path(), exe).unwrap();
        let kept = std::fs::read_to_string(dir.path().join("autostart/skit.desktop.bak")).unwrap();
        assert_eq!(kept, "[Desktop Entry]\nExec=mine\n");
    }

    /// The argument vector skit itself would run for the entry at `entry`: read by
    /// the desktop-file parser, then split by `apps::exec`.
    fn argv_of(entry: &Path) -> Vec<String> {
        use crate::apps::entries::{AppDirs, load_apps_with};
        use crate::apps::exec::{Fields, expand};
        let dirs = AppDirs::new(vec![entry.parent().unwrap().to_path_buf()]);
        let (apps, warnings) = load_apps_with(&dirs, &[], &[], &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let [app] = apps.as_slice() else {
            panic!("one entry expected, found {apps:?}");
        };
        expand(app.exec.as_deref().unwrap(), &Fields::default()).unwrap()
    }

    #[test]
    fn the_exec_line_runs_exactly_the_binary_whatever_its_path() {
        let dir = tempfile::tempdir().unwrap();
        for exe in [
            "/opt/skit/bin/skit",
            "/home/me/my apps/skit",
            r#"/tmp/a "quoted" dir/skit"#,
            "/tmp/$HOME/`id`/skit",
            r"/tmp/back\slash\\/skit",
            "/tmp/100%/%f %u %%/skit",
            "/tmp/it's/skit",
            "/tmp/new\nline/tab\there/skit",
            "/tmp/日本語/skit",
        ] {
            let path = install(dir.path(), Path::new(exe)).unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(argv_of(&path), [exe], "{text}");
        }
        use std::os::unix::ffi::OsStrExt;
        let not_utf8 = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/\xff/skit"));
        let err = install(dir.path(), not_utf8).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }

    use proptest::prelude::*;
    use skit_core::test_strategies::{cases, text_without};

    proptest! {
        #![proptest_config(cases(64))]

        /// Any path a binary can have (no NUL) is the one the entry runs.
        #[test]
        fn any_path_is_the_one_the_entry_runs(path in text_without(40, &['\0'])) {
            let dir = tempfile::tempdir().unwrap();
            let exe = format!("/{path}");
            let entry = install(dir.path(), Path::new(&exe)).unwrap();
            prop_assert_eq!(argv_of(&entry), [exe]);
        }
    }
}
