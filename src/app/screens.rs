//! The launcher's screens, one file each (see [`super::screen::Screen`]).

pub(crate) mod actions;
pub(crate) mod clipboard;
pub(crate) mod delete;
pub(crate) mod dmenu;
pub(crate) mod failure;
pub(crate) mod files;
pub(crate) mod log;
pub(crate) mod rename;
pub(crate) mod run;
pub(crate) mod scripts;
pub(crate) mod snippets;
pub(crate) mod system;
pub(crate) mod welcome;
pub(crate) mod windows;
