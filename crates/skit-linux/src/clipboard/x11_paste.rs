//! Putting text into the window the user came from, on X11: paste through the
//! clipboard (Ctrl+V, or Ctrl+Shift+V in terminals) and restore what the clipboard
//! held before; type it key by key through XTEST; read the PRIMARY selection; copy
//! without pasting. Not for watching the clipboard (see `x11_watch`).
//!
//! X11 has no "hand the clipboard back": whoever owns it must serve it. So
//! [`Paste`] keeps skit's clipboard owner (`x11_owner`) running: it serves the
//! pasted text, then the restored previous content, until another program takes
//! the clipboard.
//!
//! A paste, step by step ([`Paste::run`]): read the previous clipboard (text or
//! PNG, and whether it was marked secret); own the clipboard with the new text
//! (marked `x-kde-passwordManagerHint: secret` when `secret`); give focus to the
//! target (`_NET_ACTIVE_WINDOW` with source indication 2, plus SetInputFocus) and
//! wait until it has it (events, with a deadline); release modifier keys the user
//! may still hold and send Ctrl+V; wait until the target has read the text (its
//! request served, or a deadline); restore the previous content. A call takes tens
//! of milliseconds, at worst the timeouts in [`PasteOptions`]: call it off the UI thread.
//!
//! Typing ([`Paste::type_text`]) is slower than pasting and exists for fields that
//! block paste; the keys are sent by `x11_keys`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use x11rb::connection::Connection as _;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, Window,
};

use super::store::Content;
use super::x11_keys::{self, Typing};
use super::x11_owner::Owner;
use super::x11_selection::{self, ReadError, Waited, X, convert, is_concealed, text_targets};
use super::{PasteReport, Restored};

/// Largest previous clipboard content kept for restoring, and largest PRIMARY read.
const MAX_READ_BYTES: usize = 16 * 1024 * 1024;

/// How long each step may take.
#[derive(Clone, Debug)]
pub struct PasteOptions {
    /// X display name; `None` for `$DISPLAY`.
    pub(crate) display: Option<String>,
    /// For the target to get the keyboard focus.
    pub(crate) focus_timeout: Duration,
    /// For another program to answer a read of its selection, for the target to
    /// read the pasted text, and for each INCR chunk served.
    pub(crate) read_timeout: Duration,
}

impl Default for PasteOptions {
    fn default() -> PasteOptions {
        PasteOptions {
            display: None,
            focus_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(2),
        }
    }
}

/// Paste, type, copy and read the selection on one X display.
pub struct Paste {
    options: PasteOptions,
    owner: Owner,
    /// One paste or typing at a time: they share the clipboard and the keyboard.
    busy: Mutex<Typing>,
}

/// Spare keycodes `type_text` mapped, to unmap on the next call.
impl Paste {
    /// Connects to the X server and starts the clipboard owner thread. `Err` when
    /// there is no X server.
    pub fn start(options: PasteOptions) -> Result<Paste, String> {
        let owner = Owner::start(options.display.as_deref(), options.read_timeout)?;
        Ok(Paste {
            options,
            owner,
            busy: Mutex::new(Typing::default()),
        })
    }

    fn session(&self) -> Result<(X, Window), String> {
        let x = x11_selection::connect(self.options.display.as_deref(), "pasting")?;
        let window = x11_selection::hidden_window(&x, "skit-paste")?;
        Ok((x, window))
    }

    /// Pastes `content` into `target` (see the module documentation for the
    /// steps). `terminal_classes`: WM_CLASS names that get Ctrl+Shift+V. `Err`
    /// says what went wrong and where the content is.
    pub fn run(
        &self,
        target: Window,
        content: Content,
        secret: bool,
        terminal_classes: &[String],
    ) -> Result<PasteReport, String> {
        let _busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let (x, window) = self.session()?;
        let previous = self.previous_clipboard(&x, window);
        let generation = self.owner.own(content, secret)?;
        activate(&x, window, target, self.options.focus_timeout)
            .map_err(|e| format!("{e} It is on the clipboard: paste it with Ctrl+V."))?;
        let terminal = crate::x11::wm_class(&x.conn, target).is_some_and(|(instance, class)| {
            terminal_classes
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&instance) || t.eq_ignore_ascii_case(&class))
        });
        x11_keys::send_paste_keys(&x, terminal)
            .map_err(|e| format!("{e} It is on the clipboard: paste it with Ctrl+V."))?;
        let target_read = self
            .owner
            .wait_served(generation, Instant::now() + self.options.read_timeout);
        let restored = match previous {
            Previous::Content(content, secret) => {
                if self.owner.restore(generation, Some((content, secret)))? {
                    Restored::Content
                } else {
                    Restored::TakenOver
                }
            }
            Previous::Empty => {
                if self.owner.restore(generation, None)? {
                    Restored::Empty
                } else {
                    Restored::TakenOver
                }
            }
            Previous::Unreadable => Restored::Unreadable,
        };
        Ok(PasteReport {
            terminal,
            target_read,
            restored,
        })
    }

    /// Puts `content` on the clipboard without pasting ("Copy" in the history), and
    /// keeps serving it until another program takes the clipboard.
    pub fn copy(&self, content: Content, secret: bool) -> Result<(), String> {
        let _busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        self.owner.own(content, secret).map(|_| ())
    }

    /// The text selected now (PRIMARY), `None` when nothing is selected or the
    /// selection has no text.
    pub fn primary_text(&self) -> Option<String> {
        let (x, window) = self.session().ok()?;
        let owner = x
            .conn
            .get_selection_owner(AtomEnum::PRIMARY.into())
            .ok()?
            .reply()
            .ok()?
            .owner;
        if owner == x11rb::NONE {
            return None;
        }
        read_text(
            &x,
            window,
            AtomEnum::PRIMARY.into(),
            self.options.read_timeout,
        )
        .ok()
        .flatten()
    }

    /// Types `text` into `target` with XTEST, after giving it the focus. Slower
    /// than [`Paste::run`]; for fields that refuse paste. Line breaks are typed as
    /// Return, tabs as Tab.
    pub fn type_text(&self, target: Window, text: &str) -> Result<(), String> {
        let mut typing = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let (x, window) = self.session()?;
        activate(&x, window, target, self.options.focus_timeout)?;
        x11_keys::type_keys(&x, &mut typing, text)
    }

    /// Presses Left `times` times in `target` (after a paste, the caret back to a
    /// snippet's `{cursor}`).
    pub fn press_left(&self, target: Window, times: usize) -> Result<(), String> {
        let _busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let (x, window) = self.session()?;
        activate(&x, window, target, self.options.focus_timeout)?;
        x11_keys::press_left(&x, times)
    }

    fn previous_clipboard(&self, x: &X, window: Window) -> Previous {
        let owner = match x
            .conn
            .get_selection_owner(x.atoms.CLIPBOARD)
            .map_err(|e| e.to_string())
            .and_then(|c| c.reply().map_err(|e| e.to_string()))
        {
            Ok(reply) => reply.owner,
            Err(_) => return Previous::Unreadable,
        };
        if owner == x11rb::NONE {
            return Previous::Empty;
        }
        if owner == self.owner.window {
            // Skit's own offer: the owner thread cannot answer a read from this
            // thread while it waits for a command, and has the content anyway.
            return match self.owner.current() {
                Some((content, secret)) => Previous::Content(content, secret),
                None => Previous::Empty,
            };
        }
        read_previous(x, window, self.options.read_timeout)
    }
}

impl Drop for Paste {
    fn drop(&mut self) {
        let mut typing = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        if !typing.remapped.is_empty()
            && let Ok(x) = x11_selection::connect(self.options.display.as_deref(), "pasting")
        {
            x11_keys::unmap_spare_keys(&x, &mut typing);
            let _ = x.conn.flush();
        }
    }
}

/// The clipboard before a paste.
enum Previous {
    Content(Content, bool),
    Empty,
    Unreadable,
}

fn read_previous(x: &X, window: Window, timeout: Duration) -> Previous {
    let selection = x.atoms.CLIPBOARD;
    let time = x11rb::CURRENT_TIME;
    let mut ignore = |_event: Event| {};
    let offered = match x11_selection::targets(x, window, selection, time, timeout, &mut ignore) {
        Ok(offered) => offered,
        Err(_) => return Previous::Unreadable,
    };
    let secret = is_concealed(&x.atoms, &offered, |hint| {
        convert(x, window, selection, hint, time, 1024, timeout, &mut ignore)
            .ok()
            .map(|(_, value)| value)
    });
    if let Some(target) = text_targets(&x.atoms)
        .into_iter()
        .find(|t| offered.contains(t))
    {
        return match convert(
            x,
            window,
            selection,
            target,
            time,
            MAX_READ_BYTES,
            timeout,
            &mut ignore,
        ) {
            Ok((_, bytes)) => Previous::Content(
                Content::Text(x11_selection::decode_text(target, bytes)),
                secret,
            ),
            Err(_) => Previous::Unreadable,
        };
    }
    if offered.contains(&x.atoms.IMAGE_PNG) {
        return match convert(
            x,
            window,
            selection,
            x.atoms.IMAGE_PNG,
            time,
            MAX_READ_BYTES,
            timeout,
            &mut ignore,
        ) {
            Ok((_, bytes)) => Previous::Content(Content::Png(bytes), secret),
            Err(_) => Previous::Unreadable,
        };
    }
    Previous::Unreadable
}

/// The text of `selection`: the first text target it offers. `Ok(None)` when it
/// offers none.
fn read_text(
    x: &X,
    window: Window,
    selection: Atom,
    timeout: Duration,
) -> Result<Option<String>, ReadError> {
    let mut ignore = |_event: Event| {};
    let time = x11rb::CURRENT_TIME;
    let offered = x11_selection::targets(x, window, selection, time, timeout, &mut ignore)?;
    let Some(target) = text_targets(&x.atoms)
        .into_iter()
        .find(|t| offered.contains(t))
    else {
        return Ok(None);
    };
    let (_, bytes) = convert(
        x,
        window,
        selection,
        target,
        time,
        MAX_READ_BYTES,
        timeout,
        &mut ignore,
    )?;
    Ok(Some(x11_selection::decode_text(target, bytes)))
}

fn read_window_property(x: &X, window: Window, property: Atom) -> Option<Window> {
    x.conn
        .get_property(false, window, property, AtomEnum::WINDOW, 0, 1)
        .ok()?
        .reply()
        .ok()?
        .value32()?
        .next()
        .filter(|&w| w != x11rb::NONE)
}

/// Gives `target` the keyboard focus and waits until it has it: asks the window
/// manager (`_NET_ACTIVE_WINDOW`, source 2: the user asked for it) and sets the
/// input focus directly for window managers that ignore the request, or when there
/// is none. Done when the focus is in `target` and, under an EWMH window manager,
/// `_NET_ACTIVE_WINDOW` names it.
fn activate(x: &X, window: Window, target: Window, timeout: Duration) -> Result<(), String> {
    let failed = |e: &dyn std::fmt::Display| format!("Cannot give the focus back: {e}.");
    let conn = &x.conn;
    conn.get_window_attributes(target)
        .map_err(|e| failed(&e))?
        .reply()
        .map_err(|_| {
            "The window to paste into is gone (closed since skit was opened).".to_string()
        })?;
    let has_wm = read_window_property(x, x.root, x.atoms._NET_SUPPORTING_WM_CHECK).is_some();
    conn.change_window_attributes(
        x.root,
        &ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE),
    )
    .map_err(|e| failed(&e))?;
    conn.change_window_attributes(
        target,
        &ChangeWindowAttributesAux::new().event_mask(EventMask::FOCUS_CHANGE),
    )
    .map_err(|e| failed(&e))?;
    let mut ignore = |_event: Event| {};
    let time = x11_selection::server_time(x, window, timeout, &mut ignore)?;
    // Errors (a window manager keeps the window unmapped for a moment: BadMatch)
    // come back as events and are ignored; the wait below decides.
    crate::x11::activate(conn, x.root, x.atoms._NET_ACTIVE_WINDOW, target, time)
        .map_err(|e| failed(&e))?;
    let has_focus = || -> bool {
        let focused = focus_within(x, target);
        let active =
            !has_wm || read_window_property(x, x.root, x.atoms._NET_ACTIVE_WINDOW) == Some(target);
        focused && active
    };
    let deadline = Instant::now() + timeout;
    loop {
        if has_focus() {
            return Ok(());
        }
        match x11_selection::wait_event(conn, Some(deadline), None)? {
            Waited::Timeout => {
                return Err(
                    "The window to paste into did not get the keyboard focus in time.".into(),
                );
            }
            // Any focus or active-window change may be the one; others are ignored.
            Waited::Event(_) | Waited::Woken => {}
        }
    }
}

/// Whether the input focus is `target` or inside it.
fn focus_within(x: &X, target: Window) -> bool {
    let Some(mut window) = x
        .conn
        .get_input_focus()
        .ok()
        .and_then(|c| c.reply().ok())
        .map(|r| r.focus)
    else {
        return false;
    };
    for _ in 0..32 {
        if window == target {
            return true;
        }
        match x.conn.query_tree(window).ok().and_then(|c| c.reply().ok()) {
            Some(tree) if tree.parent != x11rb::NONE => window = tree.parent,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests;
