//! Pressing keys in the focused Wayland window through the virtual-keyboard
//! protocol (`zwp_virtual_keyboard_v1`): Ctrl+V (or Ctrl+Shift+V in terminals) for
//! a paste, and text typed key by key. Not for deciding what to paste or where
//! (see `wayland_clipboard`).
//!
//! A virtual keyboard brings its own keymap, so nothing depends on the user's
//! layout: each batch of keys gets a keymap with exactly the symbols it needs, one
//! per keycode, written as xkb text (`U` + the code point for characters, as
//! xkbcommon reads them). The compositor does not track modifiers for a virtual
//! keyboard; they are sent with `modifiers`. A keymap holds at most
//! [`KEYS_PER_KEYMAP`] symbols; longer text is typed in batches, each with its own
//! keymap.

use std::collections::HashMap;
use std::io::{Seek, Write};
use std::os::fd::AsFd;
use std::time::Instant;

use wayland_client::protocol::wl_keyboard::KeymapFormat;
use wayland_protocols_misc::zwp_virtual_keyboard_v1::client::zwp_virtual_keyboard_v1::ZwpVirtualKeyboardV1;

/// xkb keycodes 9..=255 (evdev codes 1..=247), one symbol each.
const KEYS_PER_KEYMAP: usize = 247;
/// The modifier masks of the core modifiers, which xkb numbers first.
const SHIFT: u32 = 1;
const CONTROL: u32 = 1 << 2;
/// `wl_keyboard` key states.
const RELEASED: u32 = 0;
const PRESSED: u32 = 1;

/// One key of a keymap: what it types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Char(char),
    Return,
    Tab,
    /// The arrow, to move the caret (a snippet's `{cursor}`).
    Left,
}

impl Key {
    /// The key that types `c`, `None` for control characters no key types
    /// (a carriage return before a line feed is one of them).
    fn for_char(c: char) -> Option<Key> {
        match c {
            '\n' => Some(Key::Return),
            '\t' => Some(Key::Tab),
            // xkbcommon has no `U` keysym below U+0020 nor for DEL and C1 controls.
            c if c < ' ' || ('\u{7f}'..'\u{a0}').contains(&c) => None,
            c => Some(Key::Char(c)),
        }
    }

    fn keysym_name(self) -> String {
        match self {
            Key::Char(c) => format!("U{:04X}", c as u32),
            Key::Return => "Return".into(),
            Key::Tab => "Tab".into(),
            Key::Left => "Left".into(),
        }
    }
}

/// A keymap in xkb text form, and the evdev code of each of its keys.
#[derive(Debug)]
struct Keymap {
    text: String,
    codes: HashMap<Key, u32>,
}

impl Keymap {
    /// At most [`KEYS_PER_KEYMAP`] distinct keys.
    fn new(keys: &[Key]) -> Keymap {
        let mut codes = HashMap::new();
        let mut keycodes = String::new();
        let mut symbols = String::new();
        for &key in keys {
            if codes.contains_key(&key) {
                continue;
            }
            let xkb = 9 + codes.len() as u32;
            codes.insert(key, xkb - 8);
            keycodes.push_str(&format!("    <K{xkb}> = {xkb};\n"));
            symbols.push_str(&format!(
                "    key <K{xkb}> {{ [ {} ] }};\n",
                key.keysym_name()
            ));
        }
        let text = format!(
            "xkb_keymap {{\n\
             xkb_keycodes \"skit\" {{\n    minimum = 8;\n    maximum = 255;\n{keycodes}}};\n\
             xkb_types \"skit\" {{ include \"complete\" }};\n\
             xkb_compatibility \"skit\" {{ include \"complete\" }};\n\
             xkb_symbols \"skit\" {{\n{symbols}}};\n\
             }};\n"
        );
        Keymap { text, codes }
    }
}

/// The text as batches of keys, each batch small enough for one keymap.
fn batches(text: &str) -> Vec<Vec<Key>> {
    let mut batches: Vec<Vec<Key>> = Vec::new();
    let mut distinct = std::collections::HashSet::new();
    let mut batch = Vec::new();
    for key in text.chars().filter_map(Key::for_char) {
        if !distinct.contains(&key) && distinct.len() == KEYS_PER_KEYMAP {
            batches.push(std::mem::take(&mut batch));
            distinct.clear();
        }
        distinct.insert(key);
        batch.push(key);
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
}

/// Key presses on one virtual keyboard.
pub(super) struct Keys<'a> {
    keyboard: &'a ZwpVirtualKeyboardV1,
    start: Instant,
}

impl<'a> Keys<'a> {
    pub(super) fn new(keyboard: &'a ZwpVirtualKeyboardV1) -> Keys<'a> {
        Keys {
            keyboard,
            start: Instant::now(),
        }
    }

    /// Gives a new keyboard a keymap before any key: a client that finds a
    /// keyboard without one may fail.
    pub(super) fn prepare(&self) -> Result<(), String> {
        self.load(&Keymap::new(&[Key::Char('v')]))
    }

    /// Ctrl+V, or Ctrl+Shift+V for a terminal.
    pub(super) fn paste(&self, terminal: bool) -> Result<(), String> {
        let v = Key::Char('v');
        let keymap = Keymap::new(&[v]);
        self.load(&keymap)?;
        let mods = if terminal { CONTROL | SHIFT } else { CONTROL };
        self.keyboard.modifiers(mods, 0, 0, 0);
        self.tap(keymap.codes[&v]);
        self.keyboard.modifiers(0, 0, 0, 0);
        Ok(())
    }

    /// Types `text`: line breaks as Return, tabs as Tab; other control
    /// characters are left out.
    pub(super) fn type_text(&self, text: &str) -> Result<(), String> {
        for batch in batches(text) {
            let keymap = Keymap::new(&batch);
            self.load(&keymap)?;
            self.keyboard.modifiers(0, 0, 0, 0);
            for key in batch {
                self.tap(keymap.codes[&key]);
            }
        }
        Ok(())
    }

    /// Presses Left `times` times (the caret back to a snippet's `{cursor}`).
    pub(super) fn press_left(&self, times: usize) -> Result<(), String> {
        let keymap = Keymap::new(&[Key::Left]);
        self.load(&keymap)?;
        self.keyboard.modifiers(0, 0, 0, 0);
        for _ in 0..times {
            self.tap(keymap.codes[&Key::Left]);
        }
        Ok(())
    }

    fn load(&self, keymap: &Keymap) -> Result<(), String> {
        let mut file = tempfile_in_memory().map_err(|e| format!("Cannot make a keymap: {e}"))?;
        // The compositor reads a NUL-terminated string of `size` bytes.
        file.write_all(keymap.text.as_bytes())
            .and_then(|()| file.write_all(&[0]))
            .and_then(|()| file.rewind())
            .map_err(|e| format!("Cannot make a keymap: {e}"))?;
        let size = keymap.text.len() as u32 + 1;
        self.keyboard
            .keymap(KeymapFormat::XkbV1.into(), file.as_fd(), size);
        Ok(())
    }

    fn tap(&self, code: u32) {
        let time = self.start.elapsed().as_millis() as u32;
        self.keyboard.key(time, code, PRESSED);
        self.keyboard.key(time, code, RELEASED);
    }
}

/// A file that lives in memory only (the keymap is handed over as a file).
fn tempfile_in_memory() -> std::io::Result<std::fs::File> {
    use rustix::fs::{MemfdFlags, memfd_create};
    Ok(memfd_create(c"skit-keymap", MemfdFlags::CLOEXEC)?.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_character_gets_one_keycode_and_its_unicode_keysym() {
        let keys: Vec<Key> = "héé\tx\n".chars().filter_map(Key::for_char).collect();
        let keymap = Keymap::new(&keys);
        assert_eq!(keymap.codes.len(), 5);
        assert_eq!(keymap.codes[&Key::Char('h')], 1);
        assert_eq!(keymap.codes[&Key::Char('é')], 2);
        assert_eq!(keymap.codes[&Key::Tab], 3);
        assert!(keymap.text.contains("    <K9> = 9;\n"));
        assert!(keymap.text.contains("key <K9> { [ U0068 ] };"));
        assert!(keymap.text.contains("key <K10> { [ U00E9 ] };"));
        assert!(keymap.text.contains("key <K11> { [ Tab ] };"));
        assert!(keymap.text.contains("key <K13> { [ Return ] };"));
        assert!(
            keymap
                .text
                .starts_with("xkb_keymap {\nxkb_keycodes \"skit\" {")
        );
        assert!(keymap.text.ends_with("};\n};\n"));
    }

    #[test]
    fn control_characters_are_left_out_and_crlf_is_one_return() {
        let keys: Vec<Key> = "a\r\nb\u{7}\u{85}c"
            .chars()
            .filter_map(Key::for_char)
            .collect();
        assert_eq!(
            keys,
            [Key::Char('a'), Key::Return, Key::Char('b'), Key::Char('c')]
        );
    }

    #[test]
    fn text_with_more_distinct_characters_than_a_keymap_holds_is_split_in_order() {
        let text: String = (0..600u32)
            .map(|i| char::from_u32(0x4e00 + i % 300).unwrap())
            .collect();
        let batches = batches(&text);
        // 247 symbols, then 53 + 194 more, then the rest.
        assert_eq!(batches.len(), 3);
        assert_eq!(batches[0].len(), 247);
        for batch in &batches {
            let distinct: std::collections::HashSet<_> = batch.iter().collect();
            assert!(distinct.len() <= KEYS_PER_KEYMAP);
        }
        let joined: String = batches
            .iter()
            .flatten()
            .map(|k| match k {
                Key::Char(c) => *c,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(joined, text);
    }
}
