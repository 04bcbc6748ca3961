//! Clipboard history and putting text back into the user's app, on X11: the
//! history on disk (`store`) and as the app uses it (`history`), the watcher that
//! feeds it (`x11_watch`), pasting, typing and reading the selection
//! (`x11_paste`, with skit's clipboard owner in `x11_owner` and the keys it sends
//! in `x11_keys`), and what they share about reading selections
//! (`x11_selection`). No gpui here: the app calls into it from background tasks.

pub(crate) mod store;
#[cfg(test)]
mod test_x;
mod x11_keys;
mod x11_owner;
pub(crate) mod x11_paste;
pub(crate) mod x11_selection;
pub(crate) mod x11_watch;
