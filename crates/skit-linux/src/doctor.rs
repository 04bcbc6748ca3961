//! `skit doctor`: one screen that explains how skit fits this desktop: the session
//! type and desktop, which backend draws the window, which way the launcher hotkey
//! works and why (from the running launcher, or what a start would choose), the
//! desktop portal and notification service on the session bus, the config and
//! keymap files, and where logs go.
//! It only reads; every line that names a problem also says what to do.

use std::fmt::Write;
use std::time::Duration;

use skit_core::control::State;

use skit_core::config::Config;
use skit_core::desktop_session::Desktop;
use skit_core::desktop_session::{Backend, DesktopSession, HotkeyPath, SessionType};
use skit_core::paths::Paths;

const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const NOTIFICATIONS: &str = "org.freedesktop.Notifications";

/// What the session bus offers skit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bus {
    /// Why there is no session bus, when there is none.
    pub(crate) missing: Option<String>,
    /// The portal's interfaces skit uses: Settings (light/dark), GlobalShortcuts.
    pub(crate) settings_portal: bool,
    pub(crate) shortcuts_portal: bool,
    /// The notification server's name and version, when one answers.
    pub(crate) notifications: Option<String>,
}

impl Bus {
    /// Asks the session bus (each call bounded by a short timeout).
    pub(crate) fn probe() -> Bus {
        let connection = match zbus::blocking::connection::Builder::session()
            .and_then(|builder| builder.method_timeout(Duration::from_secs(2)).build())
        {
            Ok(connection) => connection,
            Err(e) => {
                return Bus {
                    missing: Some(e.to_string()),
                    ..Bus::default()
                };
            }
        };
        let interfaces = zbus::blocking::fdo::IntrospectableProxy::builder(&connection)
            .destination(PORTAL)
            .and_then(|b| b.path(PORTAL_PATH))
            .and_then(|b| b.build())
            .and_then(|proxy| proxy.introspect().map_err(zbus::Error::from))
            .unwrap_or_default();
        let has = |interface: &str| interfaces.contains(&format!("\"{interface}\""));
        let notifications = zbus::blocking::Proxy::new(
            &connection,
            NOTIFICATIONS,
            "/org/freedesktop/Notifications",
            NOTIFICATIONS,
        )
        .and_then(|proxy| {
            proxy.call::<_, _, (String, String, String, String)>("GetServerInformation", &())
        })
        .ok()
        .map(|(name, vendor, version, _)| format!("{name} {version} ({vendor})"));
        Bus {
            missing: None,
            settings_portal: has("org.freedesktop.portal.Settings"),
            shortcuts_portal: has("org.freedesktop.portal.GlobalShortcuts"),
            notifications,
        }
    }
}

/// The report for this session: reads the environment, config and session bus.
pub fn run(paths: &Paths, state: Option<&State>) -> String {
    let session = DesktopSession::from_env();
    let config = Config::load(&paths.config_file()).map_err(|e| e.to_string());
    let wayland = std::env::var("SKIT_WAYLAND").ok();
    let compositor = session
        .wayland_display
        .is_some()
        .then(crate::wayland_globals::interfaces);
    let mut out = report(
        &session,
        &config,
        wayland.as_deref(),
        &Bus::probe(),
        compositor.as_ref(),
        state,
        paths,
    );
    out.push_str(&desktop_commands());
    out
}

/// Whether "Switch to Window" and the system commands are in the list, and why not.
fn desktop_commands() -> String {
    let windows = match crate::windows::detect() {
        Ok(backend) => format!("Switch to Window, through {}", backend.describe()),
        Err(why) => format!("no Switch to Window: {why}"),
    };
    let system = match crate::system::probe() {
        Ok(commands) if commands.is_empty() => {
            "logind allows none of lock, suspend, hibernate, log out, restart, shut down \
             here"
                .to_string()
        }
        Ok(commands) => format!(
            "{} (through logind)",
            commands
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(why) => format!("no system commands: {why}"),
    };
    format!("{:<14}{windows}\n{:<14}{system}\n", "Windows", "System")
}

/// The report, from what was found. `state` is the running launcher's `skit
/// state`, or `None` when it is not running.
pub(crate) fn report(
    session: &DesktopSession,
    config: &Result<Config, String>,
    skit_wayland: Option<&str>,
    bus: &Bus,
    compositor: Option<&Result<Vec<String>, String>>,
    state: Option<&State>,
    paths: &Paths,
) -> String {
    let mut out = String::from("skit doctor\n\n");
    let mut line = |label: &str, text: &str| {
        let mut lines = text.lines();
        let _ = writeln!(out, "{label:<14}{}", lines.next().unwrap_or_default());
        for rest in lines {
            let _ = writeln!(out, "{:<14}{rest}", "");
        }
    };

    let displays = [
        ("WAYLAND_DISPLAY", &session.wayland_display),
        ("DISPLAY", &session.x11_display),
    ]
    .iter()
    .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={v}")))
    .collect::<Vec<_>>()
    .join(", ");
    line(
        "Session",
        &format!(
            "{} on {}{}",
            session.session_type,
            session.desktop.name(),
            if displays.is_empty() {
                String::new()
            } else {
                format!(" ({displays})")
            }
        ),
    );

    let configured = config.as_ref().ok().and_then(|c| c.backend);
    let wanted = Backend::from_env_override(skit_wayland).or(configured);
    // The running launcher knows what it uses; otherwise, what a start would use.
    let running = state.and_then(|state| match state.backend.as_str() {
        "x11" => Some(Backend::X11),
        "wayland" => Some(Backend::Wayland),
        _ => None,
    });
    let chosen = match running {
        Some(backend) => Ok(backend),
        None => Backend::choose(session, wanted),
    };
    let on_xwayland = chosen == Ok(Backend::X11) && session.is_wayland();
    let surface = state.map(|state| state.surface.as_str());
    let offers_layer_shell = matches!(compositor, Some(Ok(globals))
        if globals.iter().any(|global| global == "zwlr_layer_shell_v1"));
    let window = match (chosen, surface) {
        (Ok(Backend::X11), _) if session.is_wayland() => {
            "X11, through XWayland (asked for: SKIT_WAYLAND=0 or \"backend\": \"x11\"; \
             without them skit is a native Wayland overlay)"
                .to_string()
        }
        (Ok(Backend::X11), _) => "X11".to_string(),
        (Ok(Backend::Wayland), Some("overlay")) => "a native Wayland overlay (layer shell): \
             placed above every window, with the keyboard while shown, hidden by unmapping"
            .to_string(),
        (Ok(Backend::Wayland), Some(_)) if offers_layer_shell => {
            "a native Wayland window, although the compositor offers layer shell \
             (SKIT_WAYLAND=window asks for that)"
                .to_string()
        }
        (Ok(Backend::Wayland), Some(_)) => "a native Wayland window: the compositor offers \
             no layer shell, so it places the window (make it float with a window rule)"
            .to_string(),
        (Ok(Backend::Wayland), None) => "native Wayland: an overlay where the compositor \
             offers layer shell, else an ordinary window"
            .to_string(),
        (Err(e), _) => e,
    };
    let window = if on_xwayland && !gpu() {
        format!(
            "{window}\nNo GPU here: XWayland may keep a Vulkan-drawn window off screen on \
             wlroots compositors; if the launcher never appears, use the native window"
        )
    } else {
        window
    };
    line("Window", &window);
    match compositor {
        Some(Ok(interfaces)) => line("Compositor", &crate::wayland_globals::summary(interfaces)),
        Some(Err(e)) => line("Compositor", &format!("cannot read its globals: {e}")),
        None => {}
    }
    let clipboard = match compositor {
        Some(Ok(interfaces)) => crate::wayland_globals::clipboard(interfaces),
        _ if session.x11_display.is_some() => {
            "history, paste and type through the X server".to_string()
        }
        _ => "no X server and no Wayland compositor to reach: no clipboard history".to_string(),
    };
    line("Clipboard", &clipboard);

    let hotkey = config
        .as_ref()
        .map(|c| c.hotkey.clone())
        .unwrap_or_else(|_| skit_core::config::DEFAULT_HOTKEY.to_string());
    line("Hotkey", &hotkey_text(session, &hotkey, bus, state));

    let portal = match &bus.missing {
        Some(why) => format!("no session D-Bus ({why}): no portal, no theme following"),
        None => format!(
            "{PORTAL}: Settings (light/dark theme) {}, GlobalShortcuts {}",
            yes_no(bus.settings_portal),
            yes_no(bus.shortcuts_portal)
        ),
    };
    line("Portal", &portal);
    let notifications = match &bus.notifications {
        Some(server) => server.clone(),
        None => "none answers: notices of scheduled, watched and background scripts go to \
                 skit's log"
            .to_string(),
    };
    line("Notifications", &notifications);

    let launcher = match state {
        Some(state) => format!(
            "running ({})",
            if state.visible { "shown" } else { "hidden" }
        ),
        None => "not running: start it with `skit` (or `skit install-service` to start it \
                 with the session)"
            .to_string(),
    };
    line("Launcher", &launcher);
    line(
        "Config",
        &match config {
            Ok(_) => format!("{} (reads fine)", paths.config_file().display()),
            Err(e) => format!("{e}: skit uses the defaults until it is fixed"),
        },
    );
    line(
        "Keymap",
        &skit_core::keymap::doctor_line(&paths.keymap_file()),
    );
    line(
        "Logs",
        &format!(
            "skit's own: its standard error (`journalctl --user -u skit` when started by \
             `skit install-service`; more with SKIT_LOG=debug)\n\
             scheduled, watched and background runs: {}",
            paths.logs_dir().display()
        ),
    );
    out
}

/// Whether there is a GPU render node (else Vulkan is the software rasterizer).
fn gpu() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// The hotkey line: what the running launcher says it does, or what a start would
/// do; with what to do when the desktop must bind the key.
fn hotkey_text(session: &DesktopSession, hotkey: &str, bus: &Bus, state: Option<&State>) -> String {
    let running = state.map(|state| (state.hotkey.path.clone(), state.hotkey.detail.clone()));
    let (path, why) = match running {
        Some((path, detail)) => (path, detail),
        None => {
            let path = match HotkeyPath::first_choice(session) {
                HotkeyPath::Portal if !bus.shortcuts_portal => HotkeyPath::DesktopKeybinding,
                path => path,
            };
            let why = match (path, session.session_type) {
                (HotkeyPath::X11Grab, _) => "an X11 session: skit grabs the keys on the X server",
                (HotkeyPath::Portal, _) => {
                    "a Wayland session whose portal offers GlobalShortcuts: the desktop binds \
                     the keys and asks you to confirm them the first time"
                }
                (_, SessionType::Wayland) => {
                    "a Wayland session without a GlobalShortcuts portal: no program may grab a \
                     key, so the desktop's own keybinding must run `skit toggle`"
                }
                _ => "",
            };
            let path = serde_json::to_value(path)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (
                path,
                format!("{why} (skit is not running; this is what a start would do)"),
            )
        }
    };
    if state.is_none() && session.session_type == SessionType::None {
        return format!("{hotkey}: none without a graphical session");
    }
    let mut text = format!(
        "{hotkey}: {}\n{why}",
        match path.as_str() {
            "x11Grab" => "grabbed on the X server",
            "portal" => "bound through the GlobalShortcuts portal",
            _ => "the desktop's keybinding running `skit toggle`",
        }
    );
    if path == "desktopKeybinding" {
        text += &format!("\n{}", keybinding_advice(&session.desktop));
    }
    text
}

/// What a user of `desktop` does so that the hotkey runs `skit toggle`.
pub(crate) fn keybinding_advice(desktop: &Desktop) -> String {
    match desktop {
        Desktop::Gnome | Desktop::Kde | Desktop::Xfce => format!(
            "Run `skit install-keybinding`: it adds the shortcut to {}'s keyboard settings.",
            desktop.name()
        ),
        Desktop::Other(_) => format!(
            "In {}'s keyboard settings, add a shortcut that runs `skit toggle`.",
            desktop.name()
        ),
        _ => format!(
            "Run `skit install-keybinding`: it prints the line to add to {}'s config.",
            desktop.name()
        ),
    }
}
