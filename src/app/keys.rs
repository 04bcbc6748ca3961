//! Key labels for hints and menus, read from the keymap: a footer that says
//! "Actions ctrl k" shows whatever key is bound to the action, so a rebinding shows
//! up in the hints by itself.

use gpui::{Action, App, KeybindingKeystroke, Keystroke, OperatingSystem, SharedString};

/// A keystroke in gpui's syntax (`ctrl-shift-k`) read from a script or the
/// config; `None` when it does not parse. (`Keystroke::parse` takes only
/// `'static` text, for bindings written in code.)
pub(crate) fn parse_keystroke(text: &str) -> Option<Keystroke> {
    Keystroke::parse_with_os(text, OperatingSystem::Linux).ok()
}

/// What the footer and menus show for `action`: its last-bound keystrokes (the one
/// that wins), or an empty label when nothing is bound.
pub(crate) fn label(action: &dyn Action, cx: &App) -> SharedString {
    let keymap = cx.key_bindings();
    let keymap = keymap.borrow();
    keymap
        .bindings_for_action(action)
        .last()
        .map(|binding| {
            binding
                .keystrokes()
                .iter()
                .map(keystroke_label)
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        })
        .unwrap_or_default()
}

/// `ctrl-shift-backspace` as `ctrl shift ⌫`; `enter` as `↵`.
pub(crate) fn keystroke_label(keystroke: &KeybindingKeystroke) -> String {
    let modifiers = keystroke.modifiers();
    let mut words: Vec<&str> = Vec::new();
    if modifiers.control {
        words.push("ctrl");
    }
    if modifiers.alt {
        words.push("alt");
    }
    if modifiers.platform {
        words.push("super");
    }
    if modifiers.shift {
        words.push("shift");
    }
    let key = match keystroke.key() {
        "enter" => "↵",
        "escape" => "esc",
        "backspace" => "⌫",
        "tab" => "tab",
        "space" => "space",
        "up" => "↑",
        "down" => "↓",
        "left" => "←",
        "right" => "→",
        other => other,
    };
    words.push(key);
    words.join(" ")
}
