//! Starting skit with the graphical session through systemd, the alternative to
//! the XDG autostart entry (`autostart.rs`): a user unit,
//! `~/.config/systemd/user/skit.service`, that runs this binary once
//! `graphical-session.target` is reached, stops with the session, and restarts
//! skit when it fails.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::autostart;

/// The variables a graphical program needs, passed from the user manager's
/// environment (the desktop imports them when the session starts).
pub(crate) const PASSED_ENVIRONMENT: &[&str] = &[
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
];

/// The unit's name, as `systemctl --user` knows it.
pub const UNIT: &str = "skit.service";

/// The unit's text for the binary at `exe`. Fails for a path the unit cannot
/// express (a line break, or not UTF-8).
pub(crate) fn unit(exe: &Path) -> io::Result<String> {
    Ok(format!(
        "# Written by `skit install-service`; `systemctl --user disable --now skit` undoes it.\n\
         [Unit]\n\
         Description=skit script launcher\n\
         Documentation=man:skit(1)\n\
         PartOf=graphical-session.target\n\
         After=graphical-session.target\n\
         \n\
         [Service]\n\
         ExecStart={}\n\
         Restart=on-failure\n\
         RestartSec=2\n\
         PassEnvironment={}\n\
         \n\
         [Install]\n\
         WantedBy=graphical-session.target\n",
        exec_path(exe)?,
        PASSED_ENVIRONMENT.join(" ")
    ))
}

/// `exe` as the first word of `ExecStart=`: quoted, with systemd's specifiers
/// (`%`) and variable references (`$`) escaped.
fn exec_path(exe: &Path) -> io::Result<String> {
    let Some(text) = exe.to_str().filter(|t| !t.contains(['\n', '\r'])) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a systemd unit cannot run {}", exe.display()),
        ));
    };
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('%', "%%")
        .replace('$', "$$");
    Ok(format!("\"{escaped}\""))
}

/// Where the unit goes under `config_home` (`~/.config`).
pub(crate) fn unit_path(config_home: &Path) -> PathBuf {
    config_home.join("systemd/user").join(UNIT)
}

/// What `write` did.
#[derive(Debug, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    /// Where an existing, different unit was kept.
    pub kept: Option<PathBuf>,
}

/// Writes the unit for `exe` into `config_home/systemd/user/`. An existing,
/// different file is kept as `skit.service.bak` (then `.bak.1`, ...).
pub fn write(config_home: &Path, exe: &Path) -> io::Result<Written> {
    let path = unit_path(config_home);
    let kept = autostart::write_keeping_other(&path, &unit(exe)?)?;
    Ok(Written { path, kept })
}

/// Why `systemctl --user` cannot be used.
#[derive(Debug)]
pub enum Systemctl {
    /// No `systemctl` on this system: it does not run systemd.
    Missing,
    /// `systemctl --user` ran and failed, with its message (e.g. no user manager
    /// reachable: not logged in through a systemd session, no D-Bus).
    Failed(String),
}

impl std::fmt::Display for Systemctl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Systemctl::Missing => write!(f, "there is no systemctl on this system"),
            Systemctl::Failed(message) => write!(f, "{message}"),
        }
    }
}

/// Runs `systemctl --user ARGS` and returns its stdout.
pub fn systemctl(args: &[&str]) -> Result<String, Systemctl> {
    let output = match Command::new("systemctl").arg("--user").args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Systemctl::Missing),
        Err(e) => return Err(Systemctl::Failed(format!("cannot run systemctl: {e}"))),
    };
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let message = stderr.trim();
    Err(Systemctl::Failed(format!(
        "`systemctl --user {}` failed: {}",
        args.join(" "),
        if message.is_empty() {
            output.status.to_string()
        } else {
            message.to_owned()
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_starts_with_the_graphical_session_and_restarts_on_failure() {
        let text = unit(Path::new("/usr/bin/skit")).unwrap();
        for line in [
            "PartOf=graphical-session.target",
            "After=graphical-session.target",
            "WantedBy=graphical-session.target",
            "ExecStart=\"/usr/bin/skit\"",
            "Restart=on-failure",
            "PassEnvironment=DISPLAY WAYLAND_DISPLAY XDG_SESSION_TYPE XDG_CURRENT_DESKTOP \
             DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR",
        ] {
            assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
        }
        // Sections in order, each key under its own.
        let unit_at = text.find("[Unit]").unwrap();
        let service_at = text.find("[Service]").unwrap();
        let install_at = text.find("[Install]").unwrap();
        assert!(unit_at < service_at && service_at < install_at);
        assert!(text.find("ExecStart").unwrap() > service_at);
        assert!(text.find("WantedBy").unwrap() > install_at);
    }

    #[test]
    fn exec_start_quotes_and_escapes_the_path() {
        let text = unit(Path::new("/home/a b/100%/$x/skit")).unwrap();
        assert!(
            text.contains("ExecStart=\"/home/a b/100%%/$$x/skit\"\n"),
            "{text}"
        );
        assert!(unit(Path::new("/tmp/bad\nExecStartPre=/bin/false")).is_err());
    }

    #[test]
    fn writes_the_unit_and_keeps_a_different_one_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let exe = Path::new("/opt/skit/bin/skit");
        let written = write(dir.path(), exe).unwrap();
        assert_eq!(written.path, dir.path().join("systemd/user/skit.service"));
        assert_eq!(written.kept, None);
        assert_eq!(
            std::fs::read_to_string(&written.path).unwrap(),
            unit(exe).unwrap()
        );

        // The same unit again: nothing to keep.
        assert_eq!(write(dir.path(), exe).unwrap().kept, None);
        let bak = dir.path().join("systemd/user/skit.service.bak");
        assert!(!bak.exists());

        // A unit the user edited is kept, and a second one does not replace it.
        std::fs::write(&written.path, "[Service]\nExecStart=mine\n").unwrap();
        assert_eq!(write(dir.path(), exe).unwrap().kept, Some(bak.clone()));
        assert_eq!(
            std::fs::read_to_string(&bak).unwrap(),
            "[Service]\nExecStart=mine\n"
        );
        std::fs::write(&written.path, "[Service]\nExecStart=mine too\n").unwrap();
        let again = write(dir.path(), exe).unwrap();
        assert_eq!(
            again.kept,
            Some(dir.path().join("systemd/user/skit.service.bak.1"))
        );
        assert_eq!(
            std::fs::read_to_string(&bak).unwrap(),
            "[Service]\nExecStart=mine\n"
        );
        assert_eq!(
            std::fs::read_to_string(&written.path).unwrap(),
            unit(exe).unwrap()
        );
    }
}
