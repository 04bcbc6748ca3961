//! skit on the Linux desktop: what talks to X11, Wayland and D-Bus. The
//! clipboard (history, paste, type, the selection), the hotkey's sources (X11
//! grab, GlobalShortcuts portal, control socket, appearance), desktop
//! notifications, applications (desktop entries, icons, launching), the desktop's
//! keybinding, autostart and the systemd service, and `skit doctor`. Built on
//! `skit_core`; no gpui.

pub mod accelerator;
pub mod apps;
pub mod autostart;
pub mod clipboard;
pub mod doctor;
pub mod keybinding;
pub mod notifications;
pub mod service;
pub mod sources;
pub mod system;
pub mod wayland_globals;
pub mod windows;
pub mod x11;
