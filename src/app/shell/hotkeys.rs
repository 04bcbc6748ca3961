//! The shell's global hotkeys: the launcher's, the clipboard history's, and each
//! script's `Shortcut:`, grabbed from the config and the scripts' headers, with
//! every conflict reported by name; and keywords that clash, which are reported
//! the same way.

use std::collections::HashMap;

use super::{CLIPBOARD_HOTKEY, LAUNCHER_HOTKEY, Shell};
use crate::keyword::Keywords;
use crate::problem::Problem;
use crate::sources::hotkey::{Hotkey, HotkeyId};

impl Shell {
    /// (Re-)grabs the launcher hotkey from the config. Returns problems to report.
    pub(super) fn register_launcher_hotkey(&mut self) -> Vec<Problem> {
        let Some(grabber) = &self.grabber else {
            return Vec::new();
        };
        grabber.unregister(LAUNCHER_HOTKEY);
        self.launcher_hotkey = None;
        let text = self.config.hotkey.clone();
        let hotkey = match text.parse::<Hotkey>() {
            Ok(hotkey) => hotkey,
            Err(e) => {
                return vec![Problem::new(format!(
                    "config.json: {e}; use `skit toggle` until it is fixed"
                ))];
            }
        };
        match grabber.register(hotkey, LAUNCHER_HOTKEY) {
            Ok(()) => {
                self.launcher_hotkey = Some(hotkey);
                Vec::new()
            }
            Err(e) => vec![Problem::new(format!(
                "The hotkey {text} cannot be used: {e}. Pick another \"hotkey\" in config.json, \
                 or bind `skit toggle` in your desktop's keyboard settings"
            ))],
        }
    }

    /// (Re-)grabs the clipboard history's hotkey from the config (`""`: none).
    pub(super) fn register_clipboard_hotkey(&mut self) -> Vec<Problem> {
        let Some(grabber) = &self.grabber else {
            return Vec::new();
        };
        grabber.unregister(CLIPBOARD_HOTKEY);
        self.clipboard_hotkey = None;
        let text = self.config.clipboard_hotkey.clone();
        if text.trim().is_empty() {
            return Vec::new();
        }
        let hotkey = match text.parse::<Hotkey>() {
            Ok(hotkey) => hotkey,
            Err(e) => return vec![Problem::new(format!("config.json: clipboardHotkey: {e}"))],
        };
        if Some(hotkey) == self.launcher_hotkey {
            return vec![Problem::new(format!(
                "config.json: clipboardHotkey {text} is the launcher's hotkey; pick another"
            ))];
        }
        match grabber.register(hotkey, CLIPBOARD_HOTKEY) {
            Ok(()) => {
                self.clipboard_hotkey = Some(hotkey);
                Vec::new()
            }
            Err(e) => vec![Problem::new(format!(
                "The clipboard history hotkey {text} cannot be used: {e}. Pick another \
                 \"clipboardHotkey\" in config.json, or open it from the list"
            ))],
        }
    }

    /// Grabs every script's `Shortcut:`, reporting conflicts by name; reports
    /// keywords that clash or are not one word the same way.
    pub(super) fn register_shortcuts(
        &mut self,
        scripts: &[crate::catalog::Script],
    ) -> Vec<Problem> {
        let (_, keyword_problems) = Keywords::new(scripts);
        let mut problems: Vec<Problem> = keyword_problems.into_iter().map(Problem::new).collect();
        let Some(grabber) = &self.grabber else {
            return problems;
        };
        for id in self.shortcuts.keys() {
            grabber.unregister(*id);
        }
        self.shortcuts.clear();
        let mut taken: HashMap<Hotkey, Owner> = HashMap::new();
        if let Some(hotkey) = self.launcher_hotkey {
            taken.insert(hotkey, Owner::Launcher);
        }
        if let Some(hotkey) = self.clipboard_hotkey {
            taken.insert(hotkey, Owner::Clipboard);
        }
        for (n, script) in scripts.iter().enumerate() {
            let Some(text) = script.shortcut() else {
                continue;
            };
            let hotkey = match text.parse::<Hotkey>() {
                Ok(hotkey) => hotkey,
                Err(e) => {
                    problems.push(Problem::new(format!("“{}”: {e}", script.name)));
                    continue;
                }
            };
            if let Some(owner) = taken.get(&hotkey) {
                problems.push(Problem::new(format!(
                    "“{}”: the shortcut {text} is already {owner}; not registered",
                    script.name,
                )));
                continue;
            }
            let id = n as HotkeyId + 1;
            match grabber.register(hotkey, id) {
                Ok(()) => {
                    taken.insert(hotkey, Owner::Script(script.name.clone()));
                    self.shortcuts.insert(id, script.path.clone());
                }
                Err(e) => problems.push(Problem::new(format!(
                    "“{}”: the shortcut {text} cannot be used: {e}",
                    script.name
                ))),
            }
        }
        problems
    }
}

/// Who already has a key combination.
enum Owner {
    Launcher,
    Clipboard,
    Script(String),
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::Launcher => f.write_str("the launcher hotkey"),
            Owner::Clipboard => f.write_str("the clipboard history hotkey"),
            Owner::Script(name) => write!(f, "used by “{name}”"),
        }
    }
}
