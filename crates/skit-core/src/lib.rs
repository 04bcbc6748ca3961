//! skit's core: everything that needs neither gpui nor a display server. The
//! scripts (catalog, metadata, the runner and the protocol they speak, with its
//! headless host), search and frecency, the config and the env file, the
//! triggers' scheduler, watcher and host, dmenu's rows and matching, the
//! calculator and markdown. The compiler keeps the layer: this crate depends on
//! no gpui, X11, Wayland or D-Bus crate (`cargo tree -p skit-core`), so its tests
//! build and run without them. `docs/architecture.md` has the whole picture.

pub mod builtins;
pub mod calculator;
pub mod catalog;
pub mod child_env;
pub mod config;
pub mod control;
pub mod desktop;
pub mod desktop_commands;
pub mod desktop_session;
pub mod dmenu;
pub mod editor;
pub mod env_file;
pub mod files;
pub mod files_index;
pub mod folder;
pub mod frecency;
pub mod headless;
pub mod keymap;
pub mod keyword;
pub mod launch;
pub mod markdown;
pub mod notifications;
pub mod paths;
pub mod problem;
pub mod protocol;
pub mod raycast;
pub mod run;
pub mod run_log;
pub mod script_files;
pub mod script_list;
pub mod search;
pub mod snippets;
#[cfg(any(test, feature = "test-strategies"))]
pub mod test_strategies;
pub mod triggers;
