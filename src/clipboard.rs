//! Clipboard history and putting text back into the user's app, on X11: the
//! history on disk (`store`) and as the app uses it (`history`), the watcher that
//! feeds it (`x11_watch`), pasting, typing and reading the selection
//! (`x11_paste`, with skit's clipboard owner in `x11_owner` and the keys it sends
//! in `x11_keys`), and what they share about reading selections
//! (`x11_selection`). No gpui here: the app calls into it from background tasks.

pub(crate) mod history;
pub(crate) mod store;
#[cfg(test)]
mod test_x;
mod x11_keys;
mod x11_owner;
pub(crate) mod x11_paste;
pub(crate) mod x11_selection;
pub(crate) mod x11_watch;

/// Something to put into the user's app, and how: a script's `paste`/`type`, or
/// an entry of the history pasted, typed or copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub(crate) payload: Payload,
    pub(crate) delivery: Delivery,
    /// Mark the clipboard offer as a password (`x-kde-passwordManagerHint`).
    pub(crate) secret: bool,
}

/// What is inserted.
#[derive(Clone, PartialEq)]
pub enum Payload {
    Text(String),
    /// A history entry, by id (read from the store when it is inserted).
    Entry(i64),
}

/// Never prints the text: it may be a password.
impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payload::Text(text) => write!(f, "Text({} bytes)", text.len()),
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
