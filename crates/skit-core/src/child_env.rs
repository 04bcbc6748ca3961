//! The environment skit's children get: the one skit was started with.
//!
//! skit may change its own environment before its window opens (under a Wayland
//! session it hides `WAYLAND_DISPLAY` from gpui so that gpui picks its X11
//! backend, whose key grab and show/hide work). Scripts, editors, `xdg-open` and
//! launched applications must not notice: `wl-copy` in a script needs
//! `WAYLAND_DISPLAY`, and an app started from skit should open natively. So the
//! environment is [`remember`]ed first thing, and every command skit starts is
//! [`restore`]d to it before its own variables are added.

use std::collections::HashMap;
use std::ffi::OsString;
use std::process::Command;
use std::sync::OnceLock;

static ORIGINAL: OnceLock<HashMap<OsString, OsString>> = OnceLock::new();

/// What no child inherits: an activation token is good for one window, once
/// (xdg-activation), and the one skit was started with was meant for skit.
const NOT_INHERITED: [&str; 2] = ["XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"];

/// Remembers the environment as it is now. Call before changing it; later calls
/// keep the first snapshot.
pub fn remember() {
    ORIGINAL.get_or_init(|| snapshot(std::env::vars_os()));
}

fn snapshot(vars: impl Iterator<Item = (OsString, OsString)>) -> HashMap<OsString, OsString> {
    vars.filter(|(key, _)| !NOT_INHERITED.iter().any(|name| key == name))
        .collect()
}

/// Gives `command` the remembered environment where skit's own differs from it
/// (nothing, when [`remember`] was never called or nothing changed). Call it right
/// after `Command::new`, before the command's own `env` calls.
pub fn restore(command: &mut Command) -> &mut Command {
    let Some(original) = ORIGINAL.get() else {
        return command;
    };
    restore_to(command, original, std::env::vars_os().collect())
}

fn restore_to<'a>(
    command: &'a mut Command,
    original: &HashMap<OsString, OsString>,
    current: HashMap<OsString, OsString>,
) -> &'a mut Command {
    for key in current.keys().filter(|key| !original.contains_key(*key)) {
        command.env_remove(key);
    }
    for (key, value) in original {
        if current.get(key) != Some(value) {
            command.env(key, value);
        }
    }
    command
}

/// The value of `key` in the environment skit was started with (skit's own when
/// nothing was remembered).
pub(crate) fn original_var(key: &str) -> Option<OsString> {
    match ORIGINAL.get() {
        Some(original) => original.get(std::ffi::OsStr::new(key)).cloned(),
        None => std::env::var_os(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<OsString, OsString> {
        pairs.iter().map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn children_get_the_start_environment_without_its_activation_token() {
        let started = vars(&[
            ("WAYLAND_DISPLAY", "wayland-1"),
            ("XDG_ACTIVATION_TOKEN", "tok"),
            ("DESKTOP_STARTUP_ID", "id"),
        ]);
        let original = snapshot(started.into_iter());
        assert_eq!(original, vars(&[("WAYLAND_DISPLAY", "wayland-1")]));
        // gpui took XDG_ACTIVATION_TOKEN and skit hid WAYLAND_DISPLAY from itself.
        let current = vars(&[("DESKTOP_STARTUP_ID", "id")]);
        let mut command = Command::new("true");
        restore_to(&mut command, &original, current);
        let mut envs: Vec<_> = command
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
            .collect();
        envs.sort();
        assert_eq!(
            envs,
            vec![
                ("DESKTOP_STARTUP_ID".into(), None),
                ("WAYLAND_DISPLAY".into(), Some("wayland-1".into())),
            ]
        );
    }
}
