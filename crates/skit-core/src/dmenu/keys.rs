//! rofi's key bindings for `skit dmenu`: the bindings a dmenu window has (accept,
//! custom keys 1–19 with their exit codes, row moves…), rofi's defaults for each,
//! and its notation for keys (`Control+Return,KP_Enter`, `Alt+exclam`), read into
//! chords the window compares key presses with. Not for pressing keys (the window
//! does that).

/// What a key does in the dmenu window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// `kb-accept-entry`: the selected row (or the typed text).
    Accept,
    /// `kb-accept-custom`: the typed text.
    AcceptCustom,
    /// `kb-accept-alt`: with `-multi-select`, mark the row and move on; otherwise
    /// as Accept.
    AcceptAlt,
    /// `kb-row-select`: the selected row's text into the query.
    RowSelect,
    RowUp,
    RowDown,
    /// `kb-row-tab`: with one row left, pick it; otherwise the next row.
    RowTab,
    Cancel,
    /// `kb-custom-N`, N from 1 to 19: exit code 9 + N.
    Custom(u8),
}

impl Binding {
    /// Every binding, in the order a key press is checked against them: custom
    /// keys first, so a script that moves Return to `kb-custom-1` gets it.
    pub fn all() -> Vec<Binding> {
        let mut all: Vec<Binding> = (1..=19).map(Binding::Custom).collect();
        all.extend([
            Binding::AcceptCustom,
            Binding::AcceptAlt,
            Binding::Accept,
            Binding::RowSelect,
            Binding::RowUp,
            Binding::RowDown,
            Binding::RowTab,
            Binding::Cancel,
        ]);
        all
    }

    /// rofi's name without `kb-`.
    pub fn name(self) -> String {
        match self {
            Binding::Accept => "accept-entry".into(),
            Binding::AcceptCustom => "accept-custom".into(),
            Binding::AcceptAlt => "accept-alt".into(),
            Binding::RowSelect => "row-select".into(),
            Binding::RowUp => "row-up".into(),
            Binding::RowDown => "row-down".into(),
            Binding::RowTab => "row-tab".into(),
            Binding::Cancel => "cancel".into(),
            Binding::Custom(n) => format!("custom-{n}"),
        }
    }

    /// rofi 1.7's default keys.
    pub fn default_keys(self) -> &'static str {
        const CUSTOM: [&str; 19] = [
            "Alt+1",
            "Alt+2",
            "Alt+3",
            "Alt+4",
            "Alt+5",
            "Alt+6",
            "Alt+7",
            "Alt+8",
            "Alt+9",
            "Alt+0",
            "Alt+exclam",
            "Alt+at",
            "Alt+numbersign",
            "Alt+dollar",
            "Alt+percent",
            "Alt+dead_circumflex",
            "Alt+ampersand",
            "Alt+asterisk",
            "Alt+parenleft",
        ];
        match self {
            Binding::Accept => "Control+j,Control+m,Return,KP_Enter",
            Binding::AcceptCustom => "Control+Return",
            Binding::AcceptAlt => "Shift+Return",
            Binding::RowSelect => "Control+space",
            Binding::RowUp => "Up,Control+p",
            Binding::RowDown => "Down,Control+n",
            Binding::RowTab => "Tab",
            Binding::Cancel => "Escape,Control+g,Control+bracketleft",
            Binding::Custom(n) => CUSTOM[usize::from(n.clamp(1, 19)) - 1],
        }
    }

    /// The exit code of a custom key.
    pub fn exit_code(self) -> Option<i32> {
        match self {
            Binding::Custom(n) => Some(9 + i32::from(n)),
            _ => None,
        }
    }
}

/// One key with its modifiers, the key named as gpui names it (`enter`, `a`,
/// `1`, `!`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyChord {
    pub control: bool,
    pub alt: bool,
    pub shift: bool,
    pub super_key: bool,
    pub key: String,
}

impl KeyChord {
    /// Whether the key is a symbol typed with Shift on some layouts (`!`, `@`):
    /// such a key matches whatever the Shift state.
    pub fn is_symbol(&self) -> bool {
        let mut chars = self.key.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_punctuation())
    }

    /// As the footer shows it: `Alt+1`.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        for (on, name) in [
            (self.control, "Ctrl"),
            (self.alt, "Alt"),
            (self.shift, "Shift"),
            (self.super_key, "Super"),
        ] {
            if on {
                parts.push(name.to_string());
            }
        }
        let key = match self.key.as_str() {
            "enter" => "Enter".to_string(),
            "space" => "Space".to_string(),
            key if key.chars().count() == 1 => key.to_uppercase(),
            key => {
                let mut chars = key.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        };
        parts.push(key);
        parts.join("+")
    }
}

/// Reads rofi's notation: alternatives separated by commas, each modifiers and a
/// key joined by `+`. Parts it cannot read are left out (rofi would refuse to
/// start; a launcher keeps the rest).
pub fn parse_keys(spec: &str) -> Vec<KeyChord> {
    spec.split(',').filter_map(parse_chord).collect()
}

fn parse_chord(text: &str) -> Option<KeyChord> {
    let mut parts: Vec<&str> = text.split('+').map(str::trim).collect();
    // `Control++`: the key is the plus sign.
    if text.trim().ends_with("++") {
        parts.truncate(parts.len().saturating_sub(2));
        parts.push("plus");
    }
    let key = parts.pop().filter(|k| !k.is_empty())?;
    let mut chord = KeyChord {
        control: false,
        alt: false,
        shift: false,
        super_key: false,
        key: String::new(),
    };
    for modifier in parts {
        match modifier.to_ascii_lowercase().as_str() {
            "control" | "ctrl" => chord.control = true,
            "alt" | "mod1" | "meta" => chord.alt = true,
            "shift" => chord.shift = true,
            "super" | "mod4" | "hyper" => chord.super_key = true,
            _ => return None,
        }
    }
    chord.key = gpui_key(key, &mut chord.shift)?;
    Some(chord)
}

/// An X keysym name as gpui names the key; an upper-case letter is the letter
/// with Shift.
fn gpui_key(keysym: &str, shift: &mut bool) -> Option<String> {
    let mut chars = keysym.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_uppercase() {
            *shift = true;
        }
        return Some(c.to_ascii_lowercase().to_string());
    }
    let named = match keysym.to_ascii_lowercase().as_str() {
        "return" | "kp_enter" => "enter",
        "space" => "space",
        "tab" | "iso_left_tab" => "tab",
        "escape" => "escape",
        "backspace" => "backspace",
        "delete" | "kp_delete" => "delete",
        "insert" => "insert",
        "up" | "kp_up" => "up",
        "down" | "kp_down" => "down",
        "left" | "kp_left" => "left",
        "right" | "kp_right" => "right",
        "home" | "kp_home" => "home",
        "end" | "kp_end" => "end",
        "page_up" | "prior" => "pageup",
        "page_down" | "next" => "pagedown",
        "exclam" => "!",
        "at" => "@",
        "numbersign" => "#",
        "dollar" => "$",
        "percent" => "%",
        "asciicircum" | "dead_circumflex" => "^",
        "ampersand" => "&",
        "asterisk" => "*",
        "parenleft" => "(",
        "parenright" => ")",
        "minus" => "-",
        "plus" => "+",
        "equal" => "=",
        "comma" => ",",
        "period" => ".",
        "slash" => "/",
        "backslash" => "\\",
        "semicolon" => ";",
        "colon" => ":",
        "bracketleft" => "[",
        "bracketright" => "]",
        "braceleft" => "{",
        "braceright" => "}",
        "grave" => "`",
        "apostrophe" => "'",
        "quotedbl" => "\"",
        "less" => "<",
        "greater" => ">",
        "question" => "?",
        "bar" => "|",
        "underscore" => "_",
        "asciitilde" => "~",
        name if name.starts_with('f') && name[1..].parse::<u8>().is_ok_and(|n| n >= 1) => {
            return Some(name.to_string());
        }
        _ => return None,
    };
    Some(named.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(control: bool, alt: bool, shift: bool, key: &str) -> KeyChord {
        KeyChord {
            control,
            alt,
            shift,
            super_key: false,
            key: key.into(),
        }
    }

    #[test]
    fn rofis_notation_reads_as_chords() {
        assert_eq!(parse_keys("Alt+1"), [chord(false, true, false, "1")]);
        assert_eq!(
            parse_keys("Control+j,Control+m,Return,KP_Enter"),
            [
                chord(true, false, false, "j"),
                chord(true, false, false, "m"),
                chord(false, false, false, "enter"),
                chord(false, false, false, "enter"),
            ]
        );
        assert_eq!(
            parse_keys("Control+Shift+Return"),
            [chord(true, false, true, "enter")]
        );
        assert_eq!(parse_keys("Alt+exclam"), [chord(false, true, false, "!")]);
        assert_eq!(parse_keys("Control+X"), [chord(true, false, true, "x")]);
        assert_eq!(parse_keys("Super+F12"), {
            let mut c = chord(false, false, false, "f12");
            c.super_key = true;
            vec![c]
        });
        assert_eq!(parse_keys("Control++"), [chord(true, false, false, "+")]);
    }

    #[test]
    fn what_cannot_be_read_is_left_out() {
        assert_eq!(parse_keys(""), []);
        assert_eq!(
            parse_keys("Hyperspace+x,Alt+2"),
            [chord(false, true, false, "2")]
        );
        assert_eq!(parse_keys("Control+NoSuchKey"), []);
    }

    #[test]
    fn custom_keys_exit_with_10_to_28_and_default_to_alt_and_a_digit_or_symbol() {
        assert_eq!(Binding::Custom(1).exit_code(), Some(10));
        assert_eq!(Binding::Custom(19).exit_code(), Some(28));
        assert_eq!(parse_keys(Binding::Custom(10).default_keys())[0].key, "0");
        assert_eq!(parse_keys(Binding::Custom(11).default_keys())[0].key, "!");
        assert!(parse_keys(Binding::Custom(11).default_keys())[0].is_symbol());
        for binding in Binding::all() {
            assert!(
                !parse_keys(binding.default_keys()).is_empty(),
                "{binding:?}"
            );
        }
        assert_eq!(Binding::Custom(3).name(), "custom-3");
        assert_eq!(Binding::all()[0], Binding::Custom(1));
    }

    #[test]
    fn chords_are_labelled_for_the_footer() {
        assert_eq!(parse_keys("Alt+1")[0].label(), "Alt+1");
        assert_eq!(parse_keys("Control+Return")[0].label(), "Ctrl+Enter");
        assert_eq!(parse_keys("Control+x")[0].label(), "Ctrl+X");
    }
}
