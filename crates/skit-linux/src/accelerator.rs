//! The one key-combination syntax of skit: the launcher `hotkey` in config.json,
//! a script's `Shortcut:` header, and the `shortcut` of a prompt's actions. It is
//! the `global-hotkey` crate's [`HotKey`] syntax, the accelerator format of the Rust
//! desktop ecosystem (Tauri, Electron's `CmdOrCtrl+Shift+K`), case-insensitive,
//! plus a few names X11 users write (`return`, `mod4`, `grave`). Errors name the
//! bad part and the accepted names.
//!
//! What a combination means is for others: `sources::hotkey` turns it into an X11
//! grab, the window into a gpui keystroke ([`Accelerator::keystroke`]).

use std::fmt;
use std::str::FromStr;

use global_hotkey::hotkey::{Code, HotKey, Modifiers};

const MODIFIER_NAMES: &str = "ctrl, alt, shift, super (also cmdorctrl)";
const KEY_NAMES: &str = "a-z, 0-9, f1-f35, space, enter, tab, escape, backspace, delete, insert, \
     home, end, pageup, pagedown, up, down, left, right, and punctuation such as / or ;";

/// A parsed key combination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Accelerator(HotKey);

/// A combination that does not parse; the message names the bad part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceleratorError(pub(crate) String);

impl fmt::Display for AcceleratorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AcceleratorError {}

/// Modifier names `global-hotkey` does not know, as it spells them.
fn modifier(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "ctrl" | "control" => "ctrl",
        "alt" | "option" | "mod1" => "alt",
        "shift" => "shift",
        "super" | "win" | "meta" | "mod4" | "cmd" | "command" | "logo" => "super",
        "cmdorctrl" | "cmdorcontrol" | "commandorcontrol" | "commandorctrl" => "cmdorctrl",
        _ => return None,
    })
}

/// Key names X11 users write that `global-hotkey` spells differently.
fn key_alias(name: &str) -> &str {
    match name.to_ascii_lowercase().as_str() {
        "return" => "Enter",
        "del" => "Delete",
        "ins" => "Insert",
        "prior" => "PageUp",
        "next" => "PageDown",
        "print" => "PrintScreen",
        "grave" => "Backquote",
        "menu" => "ContextMenu",
        _ => name,
    }
}

impl FromStr for Accelerator {
    type Err = AcceleratorError;

    fn from_str(text: &str) -> Result<Accelerator, AcceleratorError> {
        let parts: Vec<&str> = text.split('+').map(str::trim).collect();
        let (key, modifiers) = parts.split_last().expect("split yields at least one part");
        let mut words = Vec::with_capacity(parts.len());
        for part in modifiers {
            words.push(modifier(part).ok_or_else(|| {
                AcceleratorError(format!(
                    "{text:?}: {part:?} is not a modifier; modifiers are {MODIFIER_NAMES}"
                ))
            })?);
        }
        if key.is_empty() {
            return Err(AcceleratorError(format!(
                "{text:?} names no key; write it like \"ctrl+alt+space\""
            )));
        }
        if modifier(key).is_some() {
            return Err(AcceleratorError(format!(
                "{text:?} ends with the modifier {key:?}; add a key, like \"ctrl+alt+space\""
            )));
        }
        let normalized = words
            .iter()
            .copied()
            .chain([key_alias(key)])
            .collect::<Vec<_>>()
            .join("+");
        let hotkey = normalized.parse::<HotKey>().map_err(|_| {
            AcceleratorError(format!(
                "{text:?}: {key:?} is not a key name; keys are {KEY_NAMES}"
            ))
        })?;
        Ok(Accelerator(hotkey))
    }
}

impl Accelerator {
    /// The combination as a gpui keystroke (`ctrl-shift-k`), for keys in the
    /// window. `None` for keys gpui has no name for.
    pub fn keystroke(&self) -> Option<String> {
        let mut words: Vec<String> = Vec::new();
        for (modifier, word) in [
            (Modifiers::CONTROL, "ctrl"),
            (Modifiers::ALT, "alt"),
            (Modifiers::SHIFT, "shift"),
            (Modifiers::META, "super"),
        ] {
            if self.0.mods.contains(modifier) {
                words.push(word.to_string());
            }
        }
        words.push(gpui_key(self.0.key)?);
        Some(words.join("-"))
    }

    pub(crate) fn code(&self) -> Code {
        self.0.key
    }

    /// The combination's modifiers, in the order desktops write them.
    pub(crate) fn modifiers(&self) -> Vec<Modifier> {
        [
            (Modifiers::CONTROL, Modifier::Ctrl),
            (Modifiers::ALT, Modifier::Alt),
            (Modifiers::SHIFT, Modifier::Shift),
            (Modifiers::META, Modifier::Super),
        ]
        .into_iter()
        .filter(|(bit, _)| self.0.mods.contains(*bit))
        .map(|(_, modifier)| modifier)
        .collect()
    }

    /// The key's XKB keysym name (`space`, `a`, `F5`, `Return`), the name Wayland
    /// compositors, the shortcuts portal and desktop settings use. `None` for keys
    /// without one here.
    pub(crate) fn xkb_key(&self) -> Option<String> {
        let code = self.0.key;
        if let Some(c) = printable(code) {
            return Some(c.to_string());
        }
        if let Some(n) = function_key(code) {
            return Some(format!("F{n}"));
        }
        use Code::*;
        let name = match code {
            Space => "space",
            Enter => "Return",
            NumpadEnter => "KP_Enter",
            Tab => "Tab",
            Escape => "Escape",
            Backspace => "BackSpace",
            Delete => "Delete",
            Insert => "Insert",
            Home => "Home",
            End => "End",
            PageUp => "Page_Up",
            PageDown => "Page_Down",
            ArrowUp => "Up",
            ArrowDown => "Down",
            ArrowLeft => "Left",
            ArrowRight => "Right",
            Minus => "minus",
            Equal => "equal",
            Comma => "comma",
            Period => "period",
            Slash => "slash",
            Semicolon => "semicolon",
            Quote => "apostrophe",
            Backquote => "grave",
            BracketLeft => "bracketleft",
            BracketRight => "bracketright",
            Backslash => "backslash",
            PrintScreen => "Print",
            Pause => "Pause",
            _ => return None,
        };
        Some(name.to_string())
    }

    pub(crate) fn has(&self, modifiers: Modifiers) -> bool {
        self.0.mods.contains(modifiers)
    }
}

/// A modifier key of a combination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Modifier {
    Ctrl,
    Alt,
    Shift,
    /// The Windows/logo key (`super`, `mod4`).
    Super,
}

/// gpui's name of a key (its keystroke syntax).
fn gpui_key(code: Code) -> Option<String> {
    if let Some(c) = printable(code) {
        return Some(c.to_string());
    }
    if let Some(n) = function_key(code) {
        return Some(format!("f{n}"));
    }
    use Code::*;
    let name = match code {
        Space => "space",
        Enter | NumpadEnter => "enter",
        Tab => "tab",
        Escape => "escape",
        Backspace => "backspace",
        Delete => "delete",
        Insert => "insert",
        Home => "home",
        End => "end",
        PageUp => "pageup",
        PageDown => "pagedown",
        ArrowUp => "up",
        ArrowDown => "down",
        ArrowLeft => "left",
        ArrowRight => "right",
        Minus => "-",
        Equal => "=",
        Comma => ",",
        Period => ".",
        Slash => "/",
        Semicolon => ";",
        Quote => "'",
        Backquote => "`",
        BracketLeft => "[",
        BracketRight => "]",
        Backslash => "\\",
        _ => return None,
    };
    Some(name.to_string())
}

/// The character of a letter or digit key (lowercase).
pub(crate) fn printable(code: Code) -> Option<char> {
    let name = format!("{code:?}");
    if let Some(letter) = name.strip_prefix("Key") {
        return letter.chars().next().map(|c| c.to_ascii_lowercase());
    }
    if let Some(digit) = name.strip_prefix("Digit") {
        return digit.chars().next();
    }
    None
}

/// The number of a function key (F1 is 1).
pub(crate) fn function_key(code: Code) -> Option<u32> {
    let name = format!("{code:?}");
    name.strip_prefix('F')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Accelerator {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn skit_style_and_tauri_style_both_parse() {
        let a = parse("ctrl+alt+space");
        assert!(a.has(Modifiers::CONTROL | Modifiers::ALT));
        assert_eq!(a.code(), Code::Space);
        assert_eq!(parse("Ctrl+ALT+Space"), a);
        let b = parse("CmdOrCtrl+Shift+K");
        assert!(b.has(Modifiers::CONTROL | Modifiers::SHIFT));
        assert_eq!(b.code(), Code::KeyK);
        assert_eq!(parse("Super+Semicolon").code(), Code::Semicolon);
        assert_eq!(parse("super + shift + k"), parse("Meta+Shift+KeyK"));
        assert_eq!(parse("mod4+return").code(), Code::Enter);
        assert_eq!(parse("f12").code(), Code::F12);
        assert_eq!(parse("ctrl+/").code(), Code::Slash);
        assert_eq!(parse("alt+grave").code(), Code::Backquote);
    }

    #[test]
    fn keystrokes_for_the_window() {
        assert_eq!(parse("ctrl+o").keystroke().as_deref(), Some("ctrl-o"));
        assert_eq!(
            parse("CmdOrCtrl+Shift+Enter").keystroke().as_deref(),
            Some("ctrl-shift-enter")
        );
        assert_eq!(parse("alt+f4").keystroke().as_deref(), Some("alt-f4"));
        assert_eq!(parse("super+1").keystroke().as_deref(), Some("super-1"));
        assert_eq!(parse("ctrl+/").keystroke().as_deref(), Some("ctrl-/"));
    }

    #[test]
    fn errors_name_the_bad_part_and_the_accepted_names() {
        let err = "ctlr+space".parse::<Accelerator>().unwrap_err().0;
        assert!(err.contains("\"ctlr\" is not a modifier"), "{err}");
        assert!(err.contains("ctrl, alt, shift, super"), "{err}");
        let err = "ctrl+spacebar".parse::<Accelerator>().unwrap_err().0;
        assert!(err.contains("\"spacebar\" is not a key name"), "{err}");
        assert!(err.contains("f1-f35"), "{err}");
        let err = "ctrl+alt".parse::<Accelerator>().unwrap_err().0;
        assert!(err.contains("ends with the modifier"), "{err}");
        let err = "ctrl+".parse::<Accelerator>().unwrap_err().0;
        assert!(err.contains("names no key"), "{err}");
        assert!("f36".parse::<Accelerator>().is_err());
    }
}
