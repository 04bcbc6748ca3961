//! What every part of skit that talks to X11 asks of another window: its
//! WM_CLASS, and activating it. Used by the clipboard (which app owns a selection,
//! whether the paste target is a terminal, giving the focus back) and by the app
//! (finding the launcher window, focusing it when it is shown).

use x11rb::connection::Connection;
use x11rb::errors::ConnectionError;
use x11rb::properties::WmClass;
use x11rb::protocol::xproto::{
    Atom, ClientMessageEvent, ConnectionExt as _, EventMask, InputFocus, Timestamp, Window,
};

/// The WM_CLASS instance and class of `window`, read as UTF-8 (invalid bytes
/// replaced). `None` when the window has none (or both parts are empty), is gone,
/// or the connection failed.
pub fn wm_class(conn: &impl Connection, window: Window) -> Option<(String, String)> {
    let class = WmClass::get(conn, window).ok()?.reply().ok()??;
    let instance = String::from_utf8_lossy(class.instance()).into_owned();
    let class = String::from_utf8_lossy(class.class()).into_owned();
    (!instance.is_empty() || !class.is_empty()).then_some((instance, class))
}

/// Asks the window manager to activate `window` (EWMH `_NET_ACTIVE_WINDOW`, whose
/// atom is `net_active_window`, on `root`), and sets the input focus to it directly
/// for window managers that ignore the request, or when there is none. Source
/// indication 2 ("pager"): the user asked for this window, so window managers do
/// not treat it as focus stealing. `time`: the user's action's server time, or
/// `CURRENT_TIME`. Errors of the requests themselves (a window not viewable yet:
/// BadMatch) come back as events, not here; the caller checks the focus if it must.
pub fn activate(
    conn: &impl Connection,
    root: Window,
    net_active_window: Atom,
    window: Window,
    time: Timestamp,
) -> Result<(), ConnectionError> {
    let request = ClientMessageEvent::new(32, window, net_active_window, [2, time, 0, 0, 0]);
    conn.send_event(
        false,
        root,
        EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
        request,
    )?;
    conn.set_input_focus(InputFocus::PARENT, window, time)?;
    conn.flush()
}
