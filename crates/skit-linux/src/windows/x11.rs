//! X11 through EWMH: the window manager lists its clients in `_NET_CLIENT_LIST`
//! on the root window; each has a title (`_NET_WM_NAME`, else `WM_NAME`), a
//! desktop (`_NET_WM_DESKTOP`, named by `_NET_DESKTOP_NAMES`) and a pid
//! (`_NET_WM_PID`). Focusing asks the window manager through `_NET_ACTIVE_WINDOW`
//! ([`crate::x11::activate`]), which also switches to the window's desktop.

use x11rb::CURRENT_TIME;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{Atom, AtomEnum, ConnectionExt as _, Window};
use x11rb::rust_connection::RustConnection;

use super::{OpenWindow, WindowId};

struct Atoms {
    supported: Atom,
    client_list: Atom,
    active_window: Atom,
    wm_name: Atom,
    utf8_string: Atom,
    wm_desktop: Atom,
    desktop_names: Atom,
    wm_pid: Atom,
}

fn connect() -> Result<(RustConnection, Window, Atoms), String> {
    let (conn, screen) =
        x11rb::connect(None).map_err(|e| format!("cannot reach the X server: {e}"))?;
    let root = conn.setup().roots[screen].root;
    let atom = |name: &str| -> Result<Atom, String> {
        conn.intern_atom(false, name.as_bytes())
            .map_err(|e| e.to_string())?
            .reply()
            .map(|r| r.atom)
            .map_err(|e| e.to_string())
    };
    let atoms = Atoms {
        supported: atom("_NET_SUPPORTED")?,
        client_list: atom("_NET_CLIENT_LIST")?,
        active_window: atom("_NET_ACTIVE_WINDOW")?,
        wm_name: atom("_NET_WM_NAME")?,
        utf8_string: atom("UTF8_STRING")?,
        wm_desktop: atom("_NET_WM_DESKTOP")?,
        desktop_names: atom("_NET_DESKTOP_NAMES")?,
        wm_pid: atom("_NET_WM_PID")?,
    };
    Ok((conn, root, atoms))
}

fn property32(conn: &RustConnection, window: Window, property: Atom, kind: AtomEnum) -> Vec<u32> {
    conn.get_property(false, window, property, kind, 0, u32::MAX / 4)
        .ok()
        .and_then(|c| c.reply().ok())
        .and_then(|r| r.value32().map(|v| v.collect()))
        .unwrap_or_default()
}

fn text(
    conn: &RustConnection,
    window: Window,
    property: Atom,
    kind: impl Into<Atom>,
) -> Option<Vec<u8>> {
    let reply = conn
        .get_property(false, window, property, kind.into(), 0, u32::MAX / 4)
        .ok()?
        .reply()
        .ok()?;
    (reply.format == 8 && !reply.value.is_empty()).then_some(reply.value)
}

/// Whether the window manager keeps `_NET_CLIENT_LIST`.
pub(super) fn supported() -> Result<(), String> {
    let (conn, root, atoms) = connect()?;
    let supported = property32(&conn, root, atoms.supported, AtomEnum::ATOM);
    if supported.contains(&atoms.client_list) {
        Ok(())
    } else {
        Err(
            "the X11 window manager does not list its windows (no _NET_CLIENT_LIST in \
             _NET_SUPPORTED: not an EWMH window manager, or none is running)"
                .into(),
        )
    }
}

pub(super) fn list(own_pid: u32) -> Result<Vec<OpenWindow>, String> {
    let (conn, root, atoms) = connect()?;
    let names: Vec<String> = text(&conn, root, atoms.desktop_names, atoms.utf8_string)
        .map(|bytes| {
            bytes
                .split(|b| *b == 0)
                .map(|name| String::from_utf8_lossy(name).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let clients = property32(&conn, root, atoms.client_list, AtomEnum::WINDOW);
    let mut windows = Vec::new();
    for window in clients {
        let pid = property32(&conn, window, atoms.wm_pid, AtomEnum::CARDINAL);
        if pid.first() == Some(&own_pid) {
            continue;
        }
        let title = text(&conn, window, atoms.wm_name, atoms.utf8_string)
            .or_else(|| text(&conn, window, AtomEnum::WM_NAME.into(), AtomEnum::STRING))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let workspace = property32(&conn, window, atoms.wm_desktop, AtomEnum::CARDINAL)
            .first()
            .map(|&desktop| match desktop {
                0xFFFF_FFFF => "all".to_string(),
                n => names
                    .get(n as usize)
                    .filter(|name| !name.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("Desktop {}", n + 1)),
            });
        let app = crate::x11::wm_class(&conn, window)
            .map(|(_, class)| class)
            .unwrap_or_default();
        windows.push(OpenWindow {
            id: WindowId::X11(window),
            title,
            app,
            workspace,
        });
    }
    Ok(windows)
}

pub(super) fn focus(window: Window) -> Result<(), String> {
    let (conn, root, atoms) = connect()?;
    crate::x11::activate(&conn, root, atoms.active_window, window, CURRENT_TIME)
        .map_err(|e| format!("cannot ask the window manager to focus the window: {e}"))?;
    // The requests' own errors come back as events: read them before leaving.
    conn.get_input_focus()
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?;
    Ok(())
}
