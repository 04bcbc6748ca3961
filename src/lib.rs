//! skit: a keyboard-first script launcher for the Linux desktop.
//!
//! The core (everything but `app`) has no gpui: catalog, ranking, protocol and the
//! script runner can be driven by tests and the CLI without a display. `app` is the
//! thin gpui layer on top. `docs/architecture.md` has the whole picture.

pub mod accelerator;
pub mod app;
pub mod apps;
pub mod autostart;
mod builtins;
pub mod bundled;
pub mod calculator;
pub mod catalog;
pub mod child_env;
mod clipboard;
pub mod config;
pub mod crash;
mod desktop;
pub mod desktop_session;
pub mod dmenu;
pub mod doctor;
pub mod editor;
mod env_file;
#[cfg(test)]
mod fault_tests;
mod files;
pub mod first_run;
mod folder;
pub mod frecency;
pub mod headless;
pub mod keybinding;
pub mod keyword;
pub mod launch;
mod markdown;
pub mod notifications;
pub mod paths;
pub mod problem;
pub mod protocol;
mod root_list;
pub mod run;
mod run_log;
pub mod script_files;
pub mod script_list;
pub mod search;
pub mod service;
pub mod sources;
#[cfg(test)]
mod test_strategies;
pub mod triggers;
mod wayland_globals;
