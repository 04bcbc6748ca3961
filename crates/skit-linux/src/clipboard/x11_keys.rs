//! Sending keys to the focused window through XTEST: Ctrl+V (or Ctrl+Shift+V) for
//! a paste, and typing text key by key. Not for choosing or focusing the target
//! (see `x11_paste`).
//!
//! Typing is slower than pasting (two key events per character) and exists for
//! fields that block paste. Characters the keyboard map has no key for are typed by
//! mapping each to a spare keycode, as xdotool does. The spare keycodes keep those
//! symbols until the next [`type_keys`] call (or until [`unmap_spare_keys`]):
//! toolkits read the key map lazily, so undoing it right after the key presses
//! could change what the target sees.

use x11rb::connection::{Connection as _, RequestConnection as _};
use x11rb::protocol::xproto::{ConnectionExt as _, KeyButMask, Keycode, Keysym};
use x11rb::protocol::xtest::{self, ConnectionExt as _};

use super::x11_selection::X;

#[derive(Default)]
pub(super) struct Typing {
    pub(super) remapped: Vec<Keycode>,
}

const XK_SHIFT_L: Keysym = 0xffe1;
const XK_CONTROL_L: Keysym = 0xffe3;
const XK_V: Keysym = 0x76;

/// The keyboard map: keysyms per keycode, from the server.
struct KeyMap {
    min: Keycode,
    per: usize,
    keysyms: Vec<Keysym>,
}

impl KeyMap {
    fn fetch(x: &X) -> Result<KeyMap, String> {
        let setup = x.conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let reply = x
            .conn
            .get_keyboard_mapping(min, max - min + 1)
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| format!("Cannot read the keyboard map: {e}"))?;
        Ok(KeyMap {
            min,
            per: usize::from(reply.keysyms_per_keycode).max(1),
            keysyms: reply.keysyms,
        })
    }

    fn keys(&self) -> impl Iterator<Item = (Keycode, &[Keysym])> {
        self.keysyms
            .chunks(self.per)
            .enumerate()
            .map(|(i, syms)| (self.min.wrapping_add(i as u8), syms))
    }

    /// The keycode typing `keysym` in the first group, and whether it needs Shift.
    fn find(&self, keysym: Keysym) -> Option<(Keycode, bool)> {
        self.keys().find_map(|(code, syms)| {
            if syms.first() == Some(&keysym) {
                Some((code, false))
            } else if syms.get(1) == Some(&keysym) {
                Some((code, true))
            } else {
                None
            }
        })
    }

    /// Keycodes with no symbol at all, which typing may borrow.
    fn spare(&self) -> Vec<Keycode> {
        self.keys()
            .filter(|(_, syms)| syms.iter().all(|&s| s == 0))
            .map(|(code, _)| code)
            .collect()
    }
}

fn key(x: &X, press: bool, code: Keycode) -> Result<(), String> {
    let kind = if press {
        x11rb::protocol::xproto::KEY_PRESS_EVENT
    } else {
        x11rb::protocol::xproto::KEY_RELEASE_EVENT
    };
    x.conn
        .xtest_fake_input(kind, code, x11rb::CURRENT_TIME, x.root, 0, 0, 0)
        .map(|_| ())
        .map_err(|e| format!("Cannot send keys: {e}."))
}

fn require_xtest(x: &X) -> Result<(), String> {
    let present = x
        .conn
        .extension_information(xtest::X11_EXTENSION_NAME)
        .ok()
        .flatten()
        .is_some();
    if present {
        Ok(())
    } else {
        Err("The X server lacks the XTEST extension, so skit cannot send keys.".into())
    }
}

/// Releases modifier keys the user still holds (the hotkey's, say), except Caps
/// Lock, so they do not combine with the keys skit sends.
fn release_held_modifiers(x: &X) -> Result<(), String> {
    let conn = &x.conn;
    let held = conn
        .query_keymap()
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?
        .keys;
    let mapping = conn
        .get_modifier_mapping()
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?;
    let per = (mapping.keycodes.len() / 8).max(1);
    for (modifier, codes) in mapping.keycodes.chunks(per).enumerate() {
        if modifier == 1 {
            continue; // Lock
        }
        for &code in codes {
            if code != 0 && held[usize::from(code / 8)] & (1 << (code % 8)) != 0 {
                key(x, false, code)?;
            }
        }
    }
    Ok(())
}

/// Sends Ctrl+V, or Ctrl+Shift+V for a terminal, and waits until the server has
/// processed it.
pub(super) fn send_paste_keys(x: &X, terminal: bool) -> Result<(), String> {
    require_xtest(x)?;
    let map = KeyMap::fetch(x)?;
    let missing = |name: &str| format!("The keyboard map has no {name} key, so skit cannot paste.");
    let (control, _) = map.find(XK_CONTROL_L).ok_or_else(|| missing("Control"))?;
    let (shift, _) = map.find(XK_SHIFT_L).ok_or_else(|| missing("Shift"))?;
    let (v, _) = map.find(XK_V).ok_or_else(|| missing("V"))?;
    release_held_modifiers(x)?;
    key(x, true, control)?;
    if terminal {
        key(x, true, shift)?;
    }
    key(x, true, v)?;
    key(x, false, v)?;
    if terminal {
        key(x, false, shift)?;
    }
    key(x, false, control)?;
    sync(x)
}

/// Presses Left `times` times (after pasting a snippet, the caret back to its
/// `{cursor}`), and waits until the server has processed them.
pub(super) fn press_left(x: &X, times: usize) -> Result<(), String> {
    const XK_LEFT: Keysym = 0xff51;
    require_xtest(x)?;
    let map = KeyMap::fetch(x)?;
    let (left, _) = map
        .find(XK_LEFT)
        .ok_or("The keyboard map has no Left key, so skit cannot move the caret.")?;
    release_held_modifiers(x)?;
    for _ in 0..times {
        key(x, true, left)?;
        key(x, false, left)?;
    }
    sync(x)
}

/// Waits until the server has processed everything sent so far.
fn sync(x: &X) -> Result<(), String> {
    x.conn
        .get_input_focus()
        .map_err(|e| e.to_string())?
        .reply()
        .map(|_| ())
        .map_err(|e| format!("The X server stopped answering: {e}"))
}

/// The keysym that types `c`.
fn char_keysym(c: char) -> Keysym {
    match c {
        '\n' | '\r' => 0xff0d,
        '\t' => 0xff09,
        '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u32,
        _ => 0x0100_0000 + c as u32,
    }
}

pub(super) fn unmap_spare_keys(x: &X, typing: &mut Typing) {
    let Ok(map) = KeyMap::fetch(x) else {
        return;
    };
    let empty = vec![0; map.per];
    for code in typing.remapped.drain(..) {
        let _ = x
            .conn
            .change_keyboard_mapping(1, code, map.per as u8, &empty);
    }
}

pub(super) fn type_keys(x: &X, typing: &mut Typing, text: &str) -> Result<(), String> {
    require_xtest(x)?;
    unmap_spare_keys(x, typing);
    let map = KeyMap::fetch(x)?;
    let (shift, _) = map
        .find(XK_SHIFT_L)
        .ok_or("The keyboard map has no Shift key, so skit cannot type.")?;
    // Every character the map lacks gets a spare keycode of its own, all mapped
    // before the first key press, so no symbol is remapped while its key events
    // may still be waiting in the target's queue.
    let mut missing: Vec<Keysym> = Vec::new();
    for c in text.chars() {
        let keysym = char_keysym(c);
        if map.find(keysym).is_none() && !missing.contains(&keysym) {
            missing.push(keysym);
        }
    }
    let spare = map.spare();
    if missing.len() > spare.len() {
        return Err(format!(
            "The text has {} different characters that the keyboard has no key for, and \
             only {} keys are free to borrow; paste it instead.",
            missing.len(),
            spare.len()
        ));
    }
    let mut extra = Vec::new();
    for (&keysym, &code) in missing.iter().zip(&spare) {
        let mut syms = vec![0; map.per];
        syms[0] = keysym;
        if map.per > 1 {
            syms[1] = keysym;
        }
        x.conn
            .change_keyboard_mapping(1, code, map.per as u8, &syms)
            .map_err(|e| format!("Cannot change the keyboard map: {e}"))?;
        typing.remapped.push(code);
        extra.push((keysym, code));
    }
    let caps_lock = x
        .conn
        .query_pointer(x.root)
        .ok()
        .and_then(|c| c.reply().ok())
        .is_some_and(|r| r.mask.contains(KeyButMask::LOCK));
    release_held_modifiers(x)?;
    for c in text.chars() {
        let keysym = char_keysym(c);
        let (code, mut shifted) = match map.find(keysym) {
            Some(found) => found,
            None => {
                let code = extra
                    .iter()
                    .find(|(k, _)| *k == keysym)
                    .map(|(_, code)| *code)
                    .ok_or("internal error: no key for a character")?;
                (code, false)
            }
        };
        // Caps Lock turns a letter's first level into its second.
        if caps_lock && c.is_alphabetic() && c.to_lowercase().ne(c.to_uppercase()) {
            shifted = !shifted;
        }
        if shifted {
            key(x, true, shift)?;
        }
        key(x, true, code)?;
        key(x, false, code)?;
        if shifted {
            key(x, false, shift)?;
        }
    }
    sync(x)
}
