//! Key labels for hints and menus, read from the keymap: a footer that says
//! "Actions ctrl k" shows whatever key is bound to the action where the focus is,
//! so a rebinding (`keymap.json`, see `super::keymap`) shows up in the hints by
//! itself.

use gpui::{
    Action, App, KeyBinding, KeyContext, KeybindingKeystroke, Keymap, Keystroke, OperatingSystem,
    SharedString,
};

use super::keymap::DEFAULT;

/// A keystroke in gpui's syntax (`ctrl-shift-k`) read from a script or the
/// config; `None` when it does not parse. (`Keystroke::parse` takes only
/// `'static` text, for bindings written in code.)
pub(crate) fn parse_keystroke(text: &str) -> Option<Keystroke> {
    Keystroke::parse_with_os(text, OperatingSystem::Linux).ok()
}

/// What the footer and menus show for `action` where the focus is inside `at`:
/// the key contexts from the window's root down to the focused element, each as
/// the element declares it (`["Launcher scripts", "ScriptsScreen", "List",
/// "TextInput"]`). The keystrokes of the binding that wins there (the last bound
/// that the keys reach), or an empty label when no key does it there.
pub(crate) fn label(action: &dyn Action, at: &[&str], cx: &App) -> SharedString {
    let stack: Vec<KeyContext> = at
        .iter()
        .filter_map(|context| KeyContext::parse(context).ok())
        .collect();
    let keymap = cx.key_bindings();
    let keymap = keymap.borrow();
    keymap
        .bindings_for_action(action)
        .rev()
        .find(|binding| reaches(binding, action, &stack, &keymap))
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

/// Whether pressing `binding`'s keys with the focus inside `stack` gets to
/// `action`. The bindings those keys match are tried innermost first; a default
/// binding met before it does not stop them, as the defaults bind keys at two
/// depths on purpose (the query passes Left, Home, Backspace... on to the list or
/// prompt around it when it has nothing to do with them). A user's binding met
/// before it takes the key: then the key no longer does `action` there.
fn reaches(
    binding: &KeyBinding,
    action: &dyn Action,
    stack: &[KeyContext],
    keymap: &Keymap,
) -> bool {
    let (matched, _) = keymap.bindings_for_input(binding.keystrokes(), stack);
    for found in &matched {
        if found.action().partial_eq(action) {
            return true;
        }
        if found.meta() != Some(DEFAULT) {
            return false;
        }
    }
    false
}

/// A keystroke written in gpui's syntax (`shift-enter`) as the footer shows it
/// (`shift ↵`), for keys that are not the keymap's (dmenu's are rofi's).
pub(crate) fn text_label(keystroke: &str) -> String {
    parse_keystroke(keystroke)
        .map(|keystroke| keystroke_label(&KeybindingKeystroke::from_keystroke(keystroke)))
        .unwrap_or_else(|| keystroke.to_string())
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
