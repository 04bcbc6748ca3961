//! Keystrokes in gpui's syntax (`ctrl-shift-k`, a sequence separated by
//! spaces): checked, and written in one canonical form so that two spellings of
//! one key compare equal.

use super::suggest::closest;

/// Key names besides single characters, as gpui's Linux platform reports them.
const NAMED_KEYS: &[&str] = &[
    "enter",
    "escape",
    "backspace",
    "delete",
    "insert",
    "tab",
    "space",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "menu",
    "print",
    "pause",
    "back",
    "forward",
    "cut",
    "copy",
    "paste",
    "new",
    "open",
    "save",
];

/// Checks a keystroke sequence in gpui's syntax and returns its canonical form
/// (modifiers in one order, key in lower case, `secondary` as `ctrl`, `K` as
/// `shift-k`), so that two spellings of one key compare equal.
pub fn canonical_keystrokes(source: &str) -> Result<String, String> {
    let strokes: Vec<&str> = source.split_whitespace().collect();
    if strokes.is_empty() {
        return Err("an empty key: write one such as \"ctrl-j\"".into());
    }
    strokes
        .iter()
        .map(|stroke| {
            canonical_keystroke(stroke).map_err(|why| format!("invalid key \"{source}\": {why}"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|strokes| strokes.join(" "))
}

fn canonical_keystroke(stroke: &str) -> Result<String, String> {
    let (modifiers, key) = if stroke == "-" {
        ("", "-")
    } else if let Some(modifiers) = stroke.strip_suffix("--") {
        (modifiers, "-")
    } else {
        match stroke.rsplit_once('-') {
            Some((modifiers, key)) => (modifiers, key),
            None => ("", stroke),
        }
    };
    let (mut ctrl, mut alt, mut shift, mut platform, mut function) =
        (false, false, false, false, false);
    if !modifiers.is_empty() {
        for modifier in modifiers.split('-') {
            match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "secondary" => ctrl = true,
                "alt" => alt = true,
                "shift" => shift = true,
                "super" | "cmd" | "win" => platform = true,
                "fn" => function = true,
                "" => return Err("two - in a row".into()),
                "control" => return Err("write \"ctrl\", not \"control\"".into()),
                other => {
                    return Err(format!(
                        "unknown modifier \"{other}\" (the modifiers are ctrl, alt, shift and super)"
                    ));
                }
            }
        }
    }
    if key.is_empty() {
        return Err("there is no key after the last -".into());
    }
    let key = if key.chars().count() == 1 {
        let c = key.chars().next().unwrap_or_default();
        if c.is_ascii_uppercase() {
            shift = true;
        }
        key.to_ascii_lowercase()
    } else {
        let lower = key.to_ascii_lowercase();
        let function_key = lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=35).contains(&n));
        if !function_key && !NAMED_KEYS.contains(&lower.as_str()) {
            if key.contains('+') {
                return Err(format!(
                    "modifiers and the key are joined with -, as in \"{}\"",
                    key.replace('+', "-").to_ascii_lowercase()
                ));
            }
            let hint = closest(&lower, NAMED_KEYS.iter().copied())
                .map(|near| format!(" (did you mean \"{near}\"?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown key \"{key}\"{hint}; keys are a character or one of {}, f1 to f35",
                NAMED_KEYS.join(", ")
            ));
        }
        lower
    };
    let mut parts = Vec::new();
    for (on, name) in [
        (ctrl, "ctrl"),
        (alt, "alt"),
        (shift, "shift"),
        (platform, "super"),
        (function, "fn"),
    ] {
        if on {
            parts.push(name.to_string());
        }
    }
    parts.push(key);
    Ok(parts.join("-"))
}
