//! "Switch to Window": the open windows of this session, and focusing one.
//! Four backends, chosen by [`detect`] from the session: sway and i3 through
//! their IPC socket (`SWAYSOCK`, `I3SOCK`), Hyprland through its socket
//! (`HYPRLAND_INSTANCE_SIGNATURE`), another Wayland compositor through
//! `wlr-foreign-toplevel-management` where it offers that, X11 through EWMH
//! (`_NET_CLIENT_LIST`, focused with `_NET_ACTIVE_WINDOW`). On a Wayland
//! compositor with none of these (GNOME, KDE) there is no way in and [`detect`]
//! says why (`skit doctor` shows it). Every call blocks on a socket, the
//! compositor or the X server: callers run them off the UI thread.

mod hyprland;
mod i3;
pub(crate) mod toplevel;
mod x11;

/// skit's own app id, left out of the windows a compositor lists.
const OWN_APP_ID: &str = "skit";

use std::path::PathBuf;

/// An open window, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenWindow {
    pub id: WindowId,
    pub title: String,
    /// The application: its WM_CLASS class, Wayland app id or Hyprland class.
    pub app: String,
    /// The workspace (desktop) it is on, by name, when known.
    pub workspace: Option<String>,
}

/// What a backend focuses a window by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum WindowId {
    X11(u32),
    /// A sway/i3 container id (`[con_id=N] focus`).
    Container(i64),
    /// A Hyprland window address (`0x…`).
    Hyprland(String),
    /// A window of the compositor's toplevel list, which has no ids: found again
    /// by app id and title, `twin` the place among windows with both the same.
    Toplevel {
        app_id: String,
        title: String,
        twin: usize,
    },
}

/// Where the windows are listed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// sway or i3, at this IPC socket.
    I3(PathBuf),
    /// Hyprland, at this request socket.
    Hyprland(PathBuf),
    /// The compositor of `WAYLAND_DISPLAY`, through wlr-foreign-toplevel-management.
    Toplevel,
    /// The X server of `DISPLAY`, its window manager speaking EWMH.
    X11,
}

impl Backend {
    /// For `skit doctor`.
    pub fn describe(&self) -> String {
        match self {
            Backend::I3(socket) => format!("sway/i3 IPC at {}", socket.display()),
            Backend::Hyprland(socket) => format!("Hyprland's socket at {}", socket.display()),
            Backend::Toplevel => {
                "the compositor's window list (wlr-foreign-toplevel-management)".to_string()
            }
            Backend::X11 => "the X11 window manager (EWMH)".to_string(),
        }
    }

    /// The open windows (not skit's own), in the backend's order.
    pub fn list(&self) -> Result<Vec<OpenWindow>, String> {
        let own = std::process::id();
        match self {
            Backend::I3(socket) => i3::list(socket, own),
            Backend::Hyprland(socket) => hyprland::list(socket, own),
            Backend::Toplevel => toplevel::list(OWN_APP_ID),
            Backend::X11 => x11::list(own),
        }
    }

    /// Focuses `id` (switching to its workspace).
    pub fn focus(&self, id: &WindowId) -> Result<(), String> {
        match (self, id) {
            (Backend::I3(socket), WindowId::Container(id)) => i3::focus(socket, *id),
            (Backend::Hyprland(socket), WindowId::Hyprland(address)) => {
                hyprland::focus(socket, address)
            }
            (Backend::X11, WindowId::X11(window)) => x11::focus(*window),
            (
                Backend::Toplevel,
                WindowId::Toplevel {
                    app_id,
                    title,
                    twin,
                },
            ) => toplevel::focus(app_id, title, *twin),
            _ => Err("that window belongs to another backend".to_string()),
        }
    }
}

/// The backend for this session, or why there is none.
pub fn detect() -> Result<Backend, String> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    for name in ["SWAYSOCK", "I3SOCK"] {
        if let Some(socket) = var(name).map(PathBuf::from)
            && socket.exists()
        {
            return Ok(Backend::I3(socket));
        }
    }
    if let Some(signature) = var("HYPRLAND_INSTANCE_SIGNATURE") {
        let signature = PathBuf::from(signature);
        let runtime = var("XDG_RUNTIME_DIR").map(PathBuf::from);
        let candidates = runtime
            .map(|dir| dir.join("hypr"))
            .into_iter()
            .chain([PathBuf::from("/tmp/hypr")])
            .map(|dir| dir.join(&signature).join(".socket.sock"));
        for socket in candidates {
            if socket.exists() {
                return Ok(Backend::Hyprland(socket));
            }
        }
        return Err("Hyprland's socket was not found (HYPRLAND_INSTANCE_SIGNATURE is set)".into());
    }
    if var("WAYLAND_DISPLAY").is_some() {
        if toplevel::offered() {
            return Ok(Backend::Toplevel);
        }
        return Err(
            "this Wayland compositor is not sway, i3 or Hyprland, whose sockets skit \
             knows, and does not offer wlr-foreign-toplevel-management (GNOME and KDE \
             do not): it gives skit no way to list windows"
                .into(),
        );
    }
    if var("DISPLAY").is_none() {
        return Err("no display (neither WAYLAND_DISPLAY nor DISPLAY is set)".into());
    }
    x11::supported().map(|()| Backend::X11)
}
