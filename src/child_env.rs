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

/// Remembers the environment as it is now. Call before changing it; later calls
/// keep the first snapshot.
pub fn remember() {
    ORIGINAL.get_or_init(|| std::env::vars_os().collect());
}

/// Gives `command` the remembered environment where skit's own differs from it
/// (nothing, when [`remember`] was never called or nothing changed). Call it right
/// after `Command::new`, before the command's own `env` calls.
pub fn restore(command: &mut Command) -> &mut Command {
    let Some(original) = ORIGINAL.get() else {
        return command;
    };
    let current: HashMap<OsString, OsString> = std::env::vars_os().collect();
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
pub fn original_var(key: &str) -> Option<OsString> {
    match ORIGINAL.get() {
        Some(original) => original.get(std::ffi::OsStr::new(key)).cloned(),
        None => std::env::var_os(key),
    }
}
