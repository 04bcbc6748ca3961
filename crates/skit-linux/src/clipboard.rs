//! Clipboard history and putting text back into the user's app, on X11: the
//! history on disk (`store`) and as the app uses it (`history`), the watcher that
//! feeds it (`x11_watch`), pasting, typing and reading the selection
//! (`x11_paste`, with skit's clipboard owner in `x11_owner` and the keys it sends
//! in `x11_keys`), and what they share about reading selections
//! (`x11_selection`). No gpui here: the app calls into it from background tasks.

mod copied_files;
pub mod copies;
pub mod history;
pub(crate) mod pipe;
pub mod store;
#[cfg(test)]
mod test_x;
pub mod wayland_clipboard;
mod wayland_keys;
mod x11_keys;
mod x11_owner;
pub mod x11_paste;
pub(crate) mod x11_selection;
pub mod x11_watch;

/// Something to put into the user's app, and how: a script's `paste`/`type`, or
/// an entry of the history pasted, typed or copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub payload: Payload,
    pub delivery: Delivery,
    /// Mark the clipboard offer as a password (`x-kde-passwordManagerHint`).
    pub secret: bool,
}

/// What is inserted.
#[derive(Clone, PartialEq)]
pub enum Payload {
    Text(String),
    /// A snippet's text, and how many times to press Left after pasting or
    /// typing it (the caret back to its `{cursor}`).
    Snippet(String, usize),
    /// A history entry, by id (read from the store when it is inserted).
    Entry(i64),
}

/// Never prints the text: it may be a password.
impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payload::Text(text) => write!(f, "Text({} bytes)", text.len()),
            Payload::Snippet(text, back) => write!(f, "Snippet({} bytes, {back} back)", text.len()),
            Payload::Entry(id) => write!(f, "Entry({id})"),
        }
    }
}

/// How it is inserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Through the clipboard and Ctrl+V, restoring the clipboard after.
    Paste,
    /// Key by key (for fields that block paste).
    Type,
    /// Onto the clipboard only.
    Copy,
}

/// Copied text as a `String`: `latin1` for X11's STRING (Latin-1 by ICCCM),
/// otherwise UTF-8 with invalid bytes replaced. Trailing NULs some apps add are
/// dropped.
pub(crate) fn text_from_bytes(bytes: Vec<u8>, latin1: bool) -> String {
    let mut text = if latin1 {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    };
    while text.ends_with('\0') {
        text.pop();
    }
    text
}

/// What happened to the clipboard around a paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Restored {
    /// The previous content (text or PNG) is back on the clipboard, served by skit.
    Content,
    /// The clipboard was empty before and is empty again.
    Empty,
    /// The previous content could not be read (no text or PNG, or its owner did not
    /// answer): the pasted text stays on the clipboard.
    Unreadable,
    /// Another program took the clipboard meanwhile; it was left alone.
    TakenOver,
}

/// The outcome of a paste (X11's `x11_paste`, Wayland's `wayland_clipboard`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteReport {
    /// Ctrl+Shift+V was sent (the target is a terminal).
    pub(crate) terminal: bool,
    /// The target read the text before the deadline.
    pub target_read: bool,
    pub(crate) restored: Restored,
}

/// Reads the bytes that woke a clipboard thread (a command waits); false when the
/// other end has closed: the thread's owner is gone and the thread should stop.
pub(crate) fn read_wake(wake: &std::os::unix::net::UnixStream) -> bool {
    use std::io::Read;
    let mut bytes = [0u8; 64];
    match (&*wake).read(&mut bytes) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    }
}
