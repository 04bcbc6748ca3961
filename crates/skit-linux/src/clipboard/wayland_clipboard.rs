//! The clipboard on Wayland, through the data-control protocol: recording copies
//! for the history, putting text on the clipboard, pasting and typing into the
//! focused window, and reading the PRIMARY selection. `ext-data-control-v1` where
//! the compositor offers it, else wlroots' `zwlr_data_control_unstable_v1` (the two
//! are the same protocol under two names). Not for X11 (see `x11_watch` and
//! `x11_paste`), for the keys themselves (see `wayland_keys`) or for moving bytes
//! through pipes (see `pipe`).
//!
//! One thread owns a connection of its own and sleeps in `poll` on the Wayland
//! socket and a wake-up socket: a copy anywhere wakes it, and so does a command
//! from the app ([`WaylandClipboard`]'s methods, which block their caller, a
//! background task, until the thread answers). A hidden skit with nothing copied
//! does no work.
//!
//! Recording follows the X11 rules, checked before any content is read: nothing
//! while paused; nothing skit offers itself (its offers, and gpui's, carry the
//! `pid/<skit's pid>` type); nothing that offers a secret marker
//! (`x-kde-passwordManagerHint` and the others of `x11_selection::concealment`:
//! offering one is enough, its value is not read). Text is preferred over PNG;
//! content over the size limit is not read past it. Data control does not say
//! which app copied, so `ignoreApps` does not apply here.
//!
//! A paste ([`WaylandClipboard::paste`]), once the launcher has hidden and the
//! compositor has given the keyboard back to the window the user came from: keep
//! what the clipboard held, put the new content on it, look up the focused app
//! (wlr foreign toplevel, when offered) to press Ctrl+Shift+V in a terminal and
//! Ctrl+V elsewhere, wait until the app has read it, then put the old content back.
//!
//! Here: the handle the app holds and the types asked for and offered. The thread
//! is `engine`; `objects` speaks either protocol, `state` holds what the compositor
//! told; the focused app comes from `windows::toplevel`.

mod engine;
mod objects;
mod state;

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::time::Duration;

use async_channel::Sender;

use super::PasteReport;
use super::copies::{Captured, WatchOptions};
use super::store::{Content, Kind};
use engine::Engine;

/// Text types in the order they are asked for (and offered).
const TEXT_TYPES: [&str; 5] = [
    "text/plain;charset=utf-8",
    "UTF8_STRING",
    "text/plain",
    "STRING",
    "TEXT",
];
const PNG_TYPE: &str = "image/png";
/// Files skit copies (Copy File): for file managers, then as text (their paths).
const FILE_TYPES: [&str; 6] = [
    crate::clipboard::store::URI_LIST,
    crate::clipboard::store::GNOME_COPIED_FILES,
    "text/plain;charset=utf-8",
    "UTF8_STRING",
    "text/plain",
    "STRING",
];
/// Offered with a secret, as KeePassXC does; its value is `secret`.
const PASSWORD_HINT: &str = "x-kde-passwordManagerHint";
/// Types whose offer marks a copy as a secret (see `x11_selection::concealment`).
const SECRET_TYPES: [&str; 4] = [
    PASSWORD_HINT,
    "application/x-kde-passwordManagerHint",
    "x-special/gnome-secret",
    "ExcludeClipboardContentFromMonitorProcessing",
];
/// Largest previous clipboard kept for restoring, and largest PRIMARY read.
const MAX_READ_BYTES: usize = 16 * 1024 * 1024;
/// For another app to answer a read, and to read what skit serves.
const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// Commands waiting for the thread (each caller waits for its answer).
const COMMANDS_CAPACITY: usize = 8;

/// Where the compositor offers no data control at all.
pub(crate) const NO_DATA_CONTROL: &str = "The compositor offers no data-control protocol \
     (ext-data-control-v1 or wlr-data-control), which a clipboard history needs on Wayland";

/// The clipboard thread, as the app talks to it. Dropping it stops the thread.
pub struct WaylandClipboard {
    commands: SyncSender<Command>,
    wake: UnixStream,
    /// "ext-data-control-v1" or "wlr-data-control".
    pub protocol: &'static str,
}

impl std::fmt::Debug for WaylandClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaylandClipboard")
            .field("protocol", &self.protocol)
            .finish()
    }
}

enum Command {
    Watch(Option<WatchOptions>),
    Copy(Content, bool, SyncSender<Result<(), String>>),
    Paste(
        Content,
        bool,
        Vec<String>,
        SyncSender<Result<PasteReport, String>>,
    ),
    Type(String, SyncSender<Result<(), String>>),
    Left(usize, SyncSender<Result<(), String>>),
    Primary(SyncSender<Option<String>>),
}

impl WaylandClipboard {
    /// Connects to the compositor `WAYLAND_DISPLAY` names and starts the thread;
    /// nothing is recorded until [`WaylandClipboard::watch`]. `Err` (a sentence for
    /// the user) without a compositor or without data control.
    pub fn start(
        paused: Arc<AtomicBool>,
        copies: Sender<Captured>,
    ) -> Result<WaylandClipboard, String> {
        let engine = Engine::connect(paused, copies)?;
        let protocol = engine.protocol;
        let (commands, receiver) = sync_channel(COMMANDS_CAPACITY);
        let (wake, wake_end) =
            UnixStream::pair().map_err(|e| format!("Cannot start the clipboard: {e}"))?;
        wake_end
            .set_nonblocking(true)
            .map_err(|e| format!("Cannot start the clipboard: {e}"))?;
        std::thread::Builder::new()
            .name("skit-wayland-clipboard".into())
            .spawn(move || engine.run(receiver, wake_end))
            .map_err(|e| format!("Cannot start the clipboard thread: {e}"))?;
        Ok(WaylandClipboard {
            commands,
            wake,
            protocol,
        })
    }

    fn send(&self, command: Command) -> Result<(), String> {
        match self.commands.try_send(command) {
            Ok(()) => {
                // The thread drains commands whenever the socket is readable; a
                // full socket buffer means it has plenty to wake up for already.
                let _ = (&self.wake).write(&[1]);
                Ok(())
            }
            Err(TrySendError::Full(_)) => {
                Err("The clipboard is busy with earlier requests; try again.".into())
            }
            Err(TrySendError::Disconnected(_)) => {
                Err("The Wayland clipboard stopped (see the log).".into())
            }
        }
    }

    fn call<T>(&self, command: impl FnOnce(SyncSender<T>) -> Command) -> Result<T, String> {
        let (reply, answer) = sync_channel(1);
        self.send(command(reply))?;
        answer
            .recv()
            .map_err(|_| "The Wayland clipboard stopped (see the log).".to_string())
    }

    /// Starts recording with `options`, or stops with `None`.
    pub fn watch(&self, options: Option<WatchOptions>) -> Result<(), String> {
        self.send(Command::Watch(options))
    }

    /// Puts `content` on the clipboard and serves it until another app copies.
    pub fn copy(&self, content: Content, secret: bool) -> Result<(), String> {
        self.call(|reply| Command::Copy(content, secret, reply))?
    }

    /// Pastes `content` into the focused window and restores the clipboard.
    /// `terminal_apps`: app ids that get Ctrl+Shift+V.
    pub fn paste(
        &self,
        content: Content,
        secret: bool,
        terminal_apps: &[String],
    ) -> Result<PasteReport, String> {
        let terminals = terminal_apps.to_vec();
        self.call(|reply| Command::Paste(content, secret, terminals, reply))?
    }

    /// Types `text` into the focused window.
    pub fn type_text(&self, text: &str) -> Result<(), String> {
        let text = text.to_string();
        self.call(|reply| Command::Type(text, reply))?
    }

    /// Presses Left `times` times in the focused window (after pasting a
    /// snippet, the caret back to its `{cursor}`).
    pub fn press_left(&self, times: usize) -> Result<(), String> {
        self.call(|reply| Command::Left(times, reply))?
    }

    /// The PRIMARY selection's text, `None` when nothing is selected (or the
    /// compositor's data control has no PRIMARY).
    pub fn primary_text(&self) -> Option<String> {
        self.call(Command::Primary).ok().flatten()
    }
}

/// Where the compositor has no virtual keyboard (GNOME, KDE).
pub const NO_VIRTUAL_KEYBOARD: &str =
    "This compositor offers no virtual keyboard, so skit cannot press keys in other apps.";

/// The kind to record of what an offer has, and the type to ask for.
fn choose_type(types: &[String]) -> Option<(Kind, &'static str)> {
    let has = |wanted: &str| types.iter().any(|t| t == wanted);
    if let Some(text) = TEXT_TYPES.into_iter().find(|t| has(t)) {
        return Some((Kind::Text, text));
    }
    has(PNG_TYPE).then_some((Kind::Png, PNG_TYPE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn text_is_preferred_to_an_image_and_utf8_to_other_text() {
        assert_eq!(
            choose_type(&types(&["image/png", "STRING", "text/plain;charset=utf-8"])),
            Some((Kind::Text, "text/plain;charset=utf-8"))
        );
        assert_eq!(
            choose_type(&types(&["image/png", "text/html"])),
            Some((Kind::Png, "image/png"))
        );
        assert_eq!(choose_type(&types(&["text/html", "image/jpeg"])), None);
    }
}
