//! Handing things to the desktop: opening a URL or path with the user's handler
//! (`xdg-open`), started directly (never through a shell) and reaped in the
//! background so no zombie is left.

use std::process::{Command, Stdio};

/// The program that opens URLs and files.
pub(crate) const OPENER: &str = "xdg-open";

/// Opens `target` with the desktop's handler. Errors say what to install.
pub fn open(target: &str) -> Result<(), String> {
    spawn_detached(Command::new(OPENER).arg(target)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("cannot open {target:?}: `{OPENER}` is not installed (package xdg-utils)")
        } else {
            format!("cannot open {target:?}: {e}")
        }
    })
}

/// Starts `command` with no stdin/stdout, and a thread that reaps it.
pub fn spawn_detached(command: &mut Command) -> std::io::Result<()> {
    let mut child = crate::child_env::restore(command)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::Builder::new()
        .name("skit-reap".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(())
}
