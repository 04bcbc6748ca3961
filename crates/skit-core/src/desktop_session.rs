//! What kind of graphical session skit runs in, and what follows from it: which
//! gpui backend draws the window (X11, natively or through XWayland, or native
//! Wayland) and which way the global hotkey can work (an X11 key grab, the
//! GlobalShortcuts portal, or the desktop's own keybinding running `skit toggle`).
//! Decided once at start-up from the environment and config; `skit doctor` shows
//! the same decisions.

use std::fmt;

/// Which desktop this is (GNOME, KDE, sway…): what its keybindings, portal and
/// compositor can be expected to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Desktop {
    Gnome,
    Kde,
    Xfce,
    Sway,
    I3,
    Hyprland,
    Niri,
    /// Anything else, by its `XDG_CURRENT_DESKTOP` (empty when unset).
    Other(String),
}

impl Desktop {
    /// The desktop named by `XDG_CURRENT_DESKTOP` (a `:`-separated list, the first
    /// known name wins), or by a compositor's own variable.
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Desktop {
        let current = var("XDG_CURRENT_DESKTOP").unwrap_or_default();
        for name in current.split(':') {
            let found = match name.to_ascii_lowercase().as_str() {
                "gnome" | "gnome-classic" | "ubuntu" | "unity" | "pop" => Desktop::Gnome,
                "kde" | "plasma" => Desktop::Kde,
                "xfce" => Desktop::Xfce,
                "sway" => Desktop::Sway,
                "i3" => Desktop::I3,
                "hyprland" => Desktop::Hyprland,
                "niri" => Desktop::Niri,
                _ => continue,
            };
            return found;
        }
        if var("SWAYSOCK").is_some() {
            Desktop::Sway
        } else if var("HYPRLAND_INSTANCE_SIGNATURE").is_some() {
            Desktop::Hyprland
        } else if var("NIRI_SOCKET").is_some() {
            Desktop::Niri
        } else if var("I3SOCK").is_some() {
            Desktop::I3
        } else {
            Desktop::Other(current)
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Desktop::Gnome => "GNOME",
            Desktop::Kde => "KDE Plasma",
            Desktop::Xfce => "XFCE",
            Desktop::Sway => "sway",
            Desktop::I3 => "i3",
            Desktop::Hyprland => "Hyprland",
            Desktop::Niri => "niri",
            Desktop::Other(name) if name.is_empty() => "an unknown desktop",
            Desktop::Other(name) => name,
        }
    }
}

/// The session's display server, from `XDG_SESSION_TYPE` (or, when that is unset,
/// from which display variables are set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionType {
    X11,
    Wayland,
    /// No graphical session variables at all (a console, ssh).
    None,
}

/// The session as skit sees it at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesktopSession {
    pub session_type: SessionType,
    pub desktop: Desktop,
    /// `WAYLAND_DISPLAY`, when set and not empty.
    pub wayland_display: Option<String>,
    /// `DISPLAY` (X11 or XWayland), when set and not empty.
    pub x11_display: Option<String>,
}

impl DesktopSession {
    /// Reads the session from environment variables (`var` is `std::env::var` in
    /// the app; tests pass their own).
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> DesktopSession {
        let set = |name: &str| var(name).filter(|value| !value.is_empty());
        let wayland_display = set("WAYLAND_DISPLAY");
        let x11_display = set("DISPLAY");
        let session_type = match set("XDG_SESSION_TYPE").as_deref() {
            Some("wayland") => SessionType::Wayland,
            Some("x11") => SessionType::X11,
            _ if wayland_display.is_some() => SessionType::Wayland,
            _ if x11_display.is_some() => SessionType::X11,
            _ => SessionType::None,
        };
        DesktopSession {
            session_type,
            desktop: Desktop::detect(&var),
            wayland_display,
            x11_display,
        }
    }

    /// The session of the environment skit was started with (before skit hid
    /// anything from gpui; see [`crate::child_env`]).
    pub fn from_env() -> DesktopSession {
        DesktopSession::detect(|name| {
            crate::child_env::original_var(name).and_then(|value| value.into_string().ok())
        })
    }

    pub fn is_wayland(&self) -> bool {
        self.session_type == SessionType::Wayland
    }
}

impl fmt::Display for SessionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SessionType::X11 => "X11",
            SessionType::Wayland => "Wayland",
            SessionType::None => "no graphical session",
        })
    }
}

/// The gpui backend of the launcher window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// X11: the X server of an X11 session, or XWayland under Wayland when asked
    /// for (`SKIT_WAYLAND=0` or `"backend": "x11"`).
    X11,
    /// Native Wayland, the default on a Wayland session: a layer-shell overlay
    /// where the compositor offers it, else an ordinary window.
    Wayland,
}

impl Backend {
    /// The backend for `session`: native Wayland on a Wayland session (or
    /// wherever it is asked for, `wanted`, and a Wayland display is there), unless
    /// X11 is asked for and an X server (XWayland) is there; X11 on an X11
    /// session. An error when there is no display to draw on.
    pub fn choose(session: &DesktopSession, wanted: Option<Backend>) -> Result<Backend, String> {
        match (wanted, &session.wayland_display, &session.x11_display) {
            (Some(Backend::X11), _, Some(_)) => Ok(Backend::X11),
            (Some(Backend::Wayland), Some(_), _) => Ok(Backend::Wayland),
            (None, Some(_), _) if session.is_wayland() => Ok(Backend::Wayland),
            (_, _, Some(_)) => Ok(Backend::X11),
            (_, Some(_), None) => Ok(Backend::Wayland),
            (_, None, None) => Err(
                "no display: neither DISPLAY nor WAYLAND_DISPLAY is set. Start skit from your \
                 desktop session (or its autostart), not from a console"
                    .into(),
            ),
        }
    }

    /// `SKIT_WAYLAND=1` (or any value but `0`) asks for the native Wayland window,
    /// `SKIT_WAYLAND=0` for the X11 one (through XWayland on a Wayland session).
    pub fn from_env_override(value: Option<&str>) -> Option<Backend> {
        match value {
            Some("0") | Some("") => Some(Backend::X11),
            Some(_) => Some(Backend::Wayland),
            None => None,
        }
    }

    /// Makes gpui (which picks its backend from these variables when the app
    /// starts) use this backend. Call after [`crate::child_env::remember`] and
    /// before any thread starts: children get the original environment back.
    pub fn apply_to_own_environment(self) {
        if self == Backend::X11 && std::env::var_os("DISPLAY").is_some() {
            // SAFETY: called at start-up, before any other thread exists.
            unsafe { std::env::remove_var("WAYLAND_DISPLAY") };
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::X11 => "x11",
            Backend::Wayland => "wayland",
        })
    }
}

/// How the launcher hotkey reaches skit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HotkeyPath {
    /// skit grabs the key on the X server (an X11 session).
    X11Grab,
    /// The desktop's GlobalShortcuts portal binds it and tells skit.
    Portal,
    /// The desktop's own keybinding runs `skit toggle` (`skit install-keybinding`).
    DesktopKeybinding,
}

impl HotkeyPath {
    /// The path to try first in `session`. On Wayland the portal is tried and,
    /// when it is missing, the desktop's keybinding is the way.
    pub fn first_choice(session: &DesktopSession) -> HotkeyPath {
        if session.is_wayland() {
            HotkeyPath::Portal
        } else {
            HotkeyPath::X11Grab
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(pairs: &[(&str, &str)]) -> DesktopSession {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        DesktopSession::detect(move |key| {
            pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn the_session_type_is_what_the_session_says_else_what_displays_exist() {
        let gnome = session(&[
            ("XDG_SESSION_TYPE", "wayland"),
            ("WAYLAND_DISPLAY", "wayland-0"),
            ("DISPLAY", ":0"),
            ("XDG_CURRENT_DESKTOP", "GNOME"),
        ]);
        assert_eq!(gnome.session_type, SessionType::Wayland);
        assert_eq!(gnome.desktop, Desktop::Gnome);
        assert_eq!(session(&[("DISPLAY", ":0")]).session_type, SessionType::X11);
        assert_eq!(
            session(&[("WAYLAND_DISPLAY", "wayland-1"), ("DISPLAY", ":1")]).session_type,
            SessionType::Wayland
        );
        assert_eq!(session(&[("DISPLAY", "")]).session_type, SessionType::None);
    }

    #[test]
    fn native_wayland_on_a_wayland_session_unless_x11_is_asked_for() {
        let both = session(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")]);
        assert_eq!(Backend::choose(&both, None), Ok(Backend::Wayland));
        assert_eq!(Backend::choose(&both, Some(Backend::X11)), Ok(Backend::X11));
        assert_eq!(
            Backend::choose(&both, Some(Backend::Wayland)),
            Ok(Backend::Wayland)
        );
        // An X11 session that happens to have a Wayland display (a nested one).
        let x11_session = session(&[
            ("XDG_SESSION_TYPE", "x11"),
            ("WAYLAND_DISPLAY", "wayland-0"),
            ("DISPLAY", ":0"),
        ]);
        assert_eq!(Backend::choose(&x11_session, None), Ok(Backend::X11));
        let wayland_only = session(&[("WAYLAND_DISPLAY", "wayland-0")]);
        assert_eq!(Backend::choose(&wayland_only, None), Ok(Backend::Wayland));
        assert_eq!(
            Backend::choose(&wayland_only, Some(Backend::X11)),
            Ok(Backend::Wayland),
            "no X server to draw on"
        );
        let x11_only = session(&[("DISPLAY", ":0")]);
        assert_eq!(
            Backend::choose(&x11_only, Some(Backend::Wayland)),
            Ok(Backend::X11)
        );
        assert!(
            Backend::choose(&session(&[]), None)
                .unwrap_err()
                .contains("no display")
        );
    }

    #[test]
    fn skit_wayland_asks_for_the_native_window() {
        assert_eq!(
            Backend::from_env_override(Some("1")),
            Some(Backend::Wayland)
        );
        assert_eq!(Backend::from_env_override(Some("0")), Some(Backend::X11));
        assert_eq!(Backend::from_env_override(None), None);
    }

    #[test]
    fn wayland_sessions_try_the_portal_first() {
        let wayland = session(&[("XDG_SESSION_TYPE", "wayland"), ("WAYLAND_DISPLAY", "w")]);
        assert_eq!(HotkeyPath::first_choice(&wayland), HotkeyPath::Portal);
        let x11 = session(&[("XDG_SESSION_TYPE", "x11"), ("DISPLAY", ":0")]);
        assert_eq!(HotkeyPath::first_choice(&x11), HotkeyPath::X11Grab);
    }
}
