//! skit: a keyboard-first script launcher for the Linux desktop.
//!
//! Three crates, three layers (`docs/architecture.md`): `skit_core` (no gpui, no
//! display: scripts, protocol, runner, search, config, triggers), `skit_linux`
//! (X11, Wayland, D-Bus) and this one, the gpui app (`app`) and what the binary
//! needs around it. The other two crates' modules are re-exported here, so
//! `crate::config` and `skit::config` name the same module everywhere.

pub use skit_core::{
    builtins, calculator, catalog, child_env, config, control, desktop, desktop_session, dmenu,
    editor, env_file, files, folder, frecency, headless, keymap, keyword, launch, markdown,
    notifications, paths, problem, protocol, raycast, run, run_log, script_files, script_list,
    search, snippets, triggers,
};
pub use skit_linux::{
    accelerator, apps, autostart, clipboard, doctor, keybinding, service, sources, wayland_globals,
};

pub mod app;
pub mod bundled;
pub mod crash;
#[cfg(test)]
mod fault_tests;
pub mod first_run;
mod root_list;
#[cfg(test)]
use skit_core::test_strategies;
