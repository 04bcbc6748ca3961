//! Producers of outside input for the app: each owns a thread, knows nothing of
//! gpui, and feeds a bounded `async_channel` that a gpui listener consumes.
//!
//! - [`appearance`]: the desktop's light/dark preference (XDG desktop portal).
//! - [`hotkey`]: global hotkeys grabbed on the X server.
//! - [`control`]: commands from stdin and the control socket.
//! - [`signals`]: SIGTERM and SIGINT, turned into a quit command.

pub mod appearance;
pub mod control;
pub mod hotkey;
pub mod portal_shortcuts;
pub mod signals;
