//! The built-in rows that act on the desktop rather than on skit: "Switch to
//! Window" and the system commands (Lock Screen, Suspend, Hibernate, Log Out,
//! Restart, Shut Down). Like Clipboard History ([`crate::builtins`]) each is a
//! [`Script`] whose path is `skit:NAME`, so ranking, frecency and `skit run NAME`
//! need nothing new. Each is listed only where this session can do it: what the
//! desktop offers is probed once, off the UI thread, by `skit_linux` (windows: an
//! EWMH window manager, sway/i3 or Hyprland; system commands: logind's `CanX`),
//! and set here with [`set_abilities`]; until then none is listed.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::catalog::{Metadata, Script};

/// The path of the "Switch to Window" row.
pub const SWITCH_WINDOW: &str = "skit:switch-window";

/// A system command, done through logind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SystemCommand {
    Lock,
    Suspend,
    Hibernate,
    LogOut,
    Restart,
    ShutDown,
}

impl SystemCommand {
    pub const ALL: [SystemCommand; 6] = [
        SystemCommand::Lock,
        SystemCommand::Suspend,
        SystemCommand::Hibernate,
        SystemCommand::LogOut,
        SystemCommand::Restart,
        SystemCommand::ShutDown,
    ];

    /// The row's name (and `skit run`'s).
    pub fn name(self) -> &'static str {
        match self {
            SystemCommand::Lock => "Lock Screen",
            SystemCommand::Suspend => "Suspend",
            SystemCommand::Hibernate => "Hibernate",
            SystemCommand::LogOut => "Log Out",
            SystemCommand::Restart => "Restart",
            SystemCommand::ShutDown => "Shut Down",
        }
    }

    /// The row's path, `skit:system-…`.
    pub fn path(self) -> &'static str {
        match self {
            SystemCommand::Lock => "skit:system-lock",
            SystemCommand::Suspend => "skit:system-suspend",
            SystemCommand::Hibernate => "skit:system-hibernate",
            SystemCommand::LogOut => "skit:system-log-out",
            SystemCommand::Restart => "skit:system-restart",
            SystemCommand::ShutDown => "skit:system-shut-down",
        }
    }

    fn description(self) -> &'static str {
        match self {
            SystemCommand::Lock => "Lock this session",
            SystemCommand::Suspend => "Suspend the computer to RAM",
            SystemCommand::Hibernate => "Save the session to disk and power off",
            SystemCommand::LogOut => "End this session",
            SystemCommand::Restart => "Reboot the computer",
            SystemCommand::ShutDown => "Power the computer off",
        }
    }

    fn alias(self) -> &'static str {
        match self {
            SystemCommand::Lock => "lock",
            SystemCommand::Suspend => "sleep",
            SystemCommand::Hibernate => "hibernate",
            SystemCommand::LogOut => "logout",
            SystemCommand::Restart => "reboot",
            SystemCommand::ShutDown => "poweroff",
        }
    }

    /// The question the confirm step asks.
    pub fn question(self) -> String {
        match self {
            SystemCommand::Lock => "Lock the screen?".into(),
            SystemCommand::LogOut => "Log out? Unsaved work in open applications is lost.".into(),
            other => format!("{} the computer?", other.name()),
        }
    }

    /// The system command a row stands for.
    pub fn from_path(path: &str) -> Option<SystemCommand> {
        SystemCommand::ALL.into_iter().find(|c| c.path() == path)
    }
}

/// What this session can do, as probed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Abilities {
    /// Open windows can be listed and focused.
    pub windows: bool,
    /// The system commands logind allows here, in [`SystemCommand::ALL`]'s order.
    pub system: Vec<SystemCommand>,
}

static ABILITIES: OnceLock<Abilities> = OnceLock::new();

/// Records what the session can do (once a process; later calls are ignored).
pub fn set_abilities(abilities: Abilities) {
    let _ = ABILITIES.set(abilities);
}

/// What the session can do, once probed.
pub fn abilities() -> Option<&'static Abilities> {
    ABILITIES.get()
}

/// The rows for `abilities`.
pub fn rows(abilities: &Abilities) -> Vec<Script> {
    let row = |path: &str, file_name: &str, name: &str, description: &str, alias: &str| Script {
        path: PathBuf::from(path),
        file_name: file_name.into(),
        name: name.into(),
        group: Some("built-in".into()),
        metadata: Metadata {
            description: Some(description.into()),
            alias: Some(alias.into()),
            ..Metadata::default()
        },
    };
    let mut rows = Vec::new();
    if abilities.windows {
        rows.push(row(
            SWITCH_WINDOW,
            "switch-window",
            "Switch to Window",
            "Find an open window and focus it",
            "win",
        ));
    }
    for command in &abilities.system {
        let file_name = command.path().trim_start_matches("skit:");
        rows.push(row(
            command.path(),
            file_name,
            command.name(),
            command.description(),
            command.alias(),
        ));
    }
    rows
}

/// Whether `path` is one of these rows (each opens a screen of its own).
pub fn is_desktop_command(path: &std::path::Path) -> bool {
    path.to_str()
        .is_some_and(|path| path == SWITCH_WINDOW || SystemCommand::from_path(path).is_some())
}

/// `scripts` with the rows of what the session can do (none before the probe).
pub fn with_desktop_rows(mut scripts: Vec<Script>) -> Vec<Script> {
    if let Some(abilities) = abilities() {
        scripts.extend(rows(abilities));
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_what_the_session_can_do() {
        assert!(rows(&Abilities::default()).is_empty());
        let all = rows(&Abilities {
            windows: true,
            system: SystemCommand::ALL.to_vec(),
        });
        let names: Vec<_> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Switch to Window",
                "Lock Screen",
                "Suspend",
                "Hibernate",
                "Log Out",
                "Restart",
                "Shut Down"
            ]
        );
        assert!(all.iter().all(crate::builtins::is_builtin));
        assert_eq!(crate::catalog::find(&all, "Suspend"), Some(&all[2]));
        let some = rows(&Abilities {
            windows: false,
            system: vec![SystemCommand::Suspend],
        });
        assert_eq!(some.len(), 1);
        assert_eq!(
            SystemCommand::from_path(some[0].path.to_str().unwrap()),
            Some(SystemCommand::Suspend)
        );
    }
}
