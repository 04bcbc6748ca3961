//! Starting skit with the desktop session: an XDG autostart entry
//! (`~/.config/autostart/skit.desktop`) that runs this binary, hidden, at login.

use std::io;
use std::path::{Path, PathBuf};

use crate::files;

/// The entry's text for the binary at `exe`.
pub(crate) fn desktop_entry(exe: &Path) -> String {
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=skit\n\
         Comment=Keyboard-first script launcher (press the hotkey from its config.json)\n\
         Exec=\"{}\"\n\
         Terminal=false\n\
         X-GNOME-Autostart-enabled=true\n",
        exe.display()
    )
}

/// Writes the autostart entry into `config_home/autostart/` and returns its path.
/// An existing, different entry is kept as `skit.desktop.bak`.
pub fn install(config_home: &Path, exe: &Path) -> io::Result<PathBuf> {
    let path = config_home.join("autostart").join("skit.desktop");
    write_keeping_other(&path, &desktop_entry(exe))?;
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
}
