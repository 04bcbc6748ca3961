//! The shell's global hotkeys: the launcher's, the clipboard history's, and each
//! script's `Shortcut:`, from the config and the scripts' headers. On an X11
//! session they are grabbed on the X server, every conflict reported by name; on
//! a Wayland session they are bound through the GlobalShortcuts portal when the
//! desktop offers it, and otherwise the desktop's own keybinding runs `skit
//! toggle` (`skit install-keybinding`). Keywords that clash are reported here too.

use std::collections::HashMap;

use async_channel::Sender;
use gpui::Context;

use super::{CLIPBOARD_HOTKEY, LAUNCHER_HOTKEY, Shell};
use crate::desktop_session::{DesktopSession, HotkeyPath};
use crate::keyword::Keywords;
use crate::problem::Problem;
use crate::sources::hotkey::{Grabber, Hotkey, HotkeyId};
use crate::sources::portal_shortcuts::{PortalReport, PortalShortcut, PortalShortcuts};

impl Shell {
    /// Starts the X11 grab or the shortcuts portal, as the session allows.
    /// Returns problems to report.
    pub(super) fn start_hotkeys(&mut self, portal_reports: Sender<PortalReport>) -> Vec<Problem> {
        let session = DesktopSession::from_env();
        match HotkeyPath::first_choice(&session) {
            HotkeyPath::Portal => match PortalShortcuts::start(portal_reports) {
                Ok(portal) => {
                    self.portal = Some(portal);
                    self.hotkey_path = (
                        HotkeyPath::Portal,
                        "a Wayland session: asking the desktop's GlobalShortcuts portal".into(),
                    );
                    Vec::new()
                }
                Err(e) => {
                    self.hotkey_path = (HotkeyPath::DesktopKeybinding, e.clone());
                    vec![Problem::new(e)]
                }
            },
            _ => match Grabber::start() {
                Ok(grabber) => {
                    self.grabber = Some(grabber);
                    self.hotkey_path = (
                        HotkeyPath::X11Grab,
                        "an X11 session: skit grabs the keys on the X server".into(),
                    );
                    Vec::new()
                }
                Err(e) => {
                    self.hotkey_path = (HotkeyPath::DesktopKeybinding, e.clone());
                    vec![Problem::new(format!(
                        "{e}; use `skit toggle` to show the launcher"
                    ))]
                }
            },
        }
    }

    /// What the shortcuts portal did.
    pub(crate) fn on_portal_report(&mut self, report: PortalReport, cx: &mut Context<Self>) {
        match report {
            PortalReport::Unavailable(why) => {
                self.portal = None;
                // Not a problem in the window: the desktop's own keybinding may well
                // be set up (the welcome page and `skit doctor` say how).
                tracing::warn!(
                    "no GlobalShortcuts portal ({why}): global hotkeys come from the desktop's \
                     own keybinding running `skit toggle`; `skit install-keybinding` sets one up"
                );
                self.hotkey_path = (
                    HotkeyPath::DesktopKeybinding,
                    format!(
                        "a Wayland session without a GlobalShortcuts portal ({why}): bind \
                         `skit toggle` in the desktop (`skit install-keybinding`)"
                    ),
                );
            }
            PortalReport::Bound(bound) => {
                let keys: Vec<String> = bound
                    .iter()
                    .map(|(id, keys)| {
                        let keys = if keys.is_empty() { "no key yet" } else { keys };
                        format!("{id}: {keys}")
                    })
                    .collect();
                tracing::info!("the shortcuts portal bound {}", keys.join(", "));
                self.hotkey_path = (
                    HotkeyPath::Portal,
                    format!(
                        "bound through the GlobalShortcuts portal ({})",
                        keys.join(", ")
                    ),
                );
                let launcher_unassigned = bound
                    .iter()
                    .any(|(id, keys)| id == LAUNCHER_SHORTCUT && keys.is_empty());
                if launcher_unassigned {
                    self.report(
                        vec![Problem::new(
                            "The desktop has no key for showing skit yet: pick one for “Show \
                             or hide skit” in its keyboard shortcut settings",
                        )],
                        cx,
                    );
                }
            }
            PortalReport::Failed(why) => {
                self.hotkey_path = (HotkeyPath::DesktopKeybinding, why.clone());
                self.report(
                    vec![Problem::new(format!(
                        "{why}. `skit toggle` still shows the launcher: `skit \
                         install-keybinding` binds it in the desktop"
                    ))],
                    cx,
                );
            }
        }
    }

    /// Binds the launcher hotkey, the clipboard history's and `shortcuts` (id,
    /// script name, key) through the portal in one go.
    fn bind_through_portal(&self, scripts: &[(HotkeyId, String, String)]) {
        let Some(portal) = &self.portal else {
            return;
        };
        let mut wanted = vec![PortalShortcut {
            id: LAUNCHER_HOTKEY,
            name: LAUNCHER_SHORTCUT.into(),
            description: "Show or hide skit".into(),
            trigger: crate::keybinding::portal_trigger(&self.config.hotkey),
        }];
        if !self.config.clipboard_hotkey.trim().is_empty() {
            wanted.push(PortalShortcut {
                id: CLIPBOARD_HOTKEY,
                name: "clipboard-history".into(),
                description: "skit: Clipboard History".into(),
                trigger: crate::keybinding::portal_trigger(&self.config.clipboard_hotkey),
            });
        }
        wanted.extend(scripts.iter().map(|(id, name, key)| PortalShortcut {
            id: *id,
            name: format!("script:{name}"),
            description: format!("skit: run “{name}”"),
            trigger: crate::keybinding::portal_trigger(key),
        }));
        portal.bind(wanted);
    }

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
        if self.portal.is_some() {
            self.shortcuts.clear();
            let mut bound = Vec::new();
            for (n, script) in scripts.iter().enumerate() {
                if let Some(key) = script.shortcut() {
                    let id = n as HotkeyId + 1;
                    self.shortcuts.insert(id, script.path.clone());
                    bound.push((id, script.name.clone(), key.to_string()));
                }
            }
            self.bind_through_portal(&bound);
            return problems;
        }
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

/// The portal's id of the launcher hotkey.
const LAUNCHER_SHORTCUT: &str = "launcher";

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
