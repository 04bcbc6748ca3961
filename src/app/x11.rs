//! Really hiding and showing the launcher window on X11.
//!
//! gpui on Linux cannot hide a window (`cx.hide()` does nothing, and there is no
//! window-level hide). So skit talks to the X server itself, on its own
//! connection, about gpui's window: hiding unmaps (withdraws) it, which also stops
//! gpui's refresh loop, so a hidden launcher does no work at all; showing maps it at
//! the pointer's display, and a small thread blocked on this connection's events
//! gives it keyboard focus the moment the X server reports it mapped.
//!
//! This is the only X11-specific module; on other platforms [`WindowControl::find`]
//! returns `None` and the app falls back to gpui's minimize/activate.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_channel::Sender;

use x11rb::connection::Connection;
use x11rb::properties::WmSizeHints;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConfigureWindowAux, ConnectionExt, EventMask, MapState,
    NotifyDetail, NotifyMode, PropMode, StackMode, UnmapNotifyEvent, Window,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

x11rb::atom_manager! {
    Atoms: AtomsCookie {
        _NET_WM_PID,
        _MOTIF_WM_HINTS,
        _NET_WM_STATE,
        _NET_WM_STATE_ABOVE,
        _NET_WM_STATE_SKIP_TASKBAR,
        _NET_WM_STATE_SKIP_PAGER,
        _NET_WM_WINDOW_TYPE,
        _NET_WM_WINDOW_TYPE_UTILITY,
        _NET_ACTIVE_WINDOW,
    }
}

/// What the X server tells about the window that the app acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WindowEvent {
    /// Keyboard focus went to another window while the launcher was shown.
    Blurred,
}

/// Control over one gpui window on X11.
pub(crate) struct WindowControl {
    conn: Arc<RustConnection>,
    window: Window,
    root: Window,
    atoms: Atoms,
    /// Sequence number of the last MapWindow request: focus events the server sent
    /// before it are about an earlier showing (or gpui's own first map) and are
    /// ignored.
    shown_at: Arc<AtomicU64>,
}

impl WindowControl {
    /// Finds this process's window of class `class` on the X server (one query at
    /// start, on skit's own connection). `None` when not on X11 or not found (logged).
    ///
    /// Blur is reported on `events` (see [`WindowEvent`]).
    pub(crate) fn find(class: &str, events: Sender<WindowEvent>) -> Option<WindowControl> {
        std::env::var_os("DISPLAY")?;
        let (conn, screen) = match x11rb::connect(None) {
            Ok(pair) => pair,
            Err(e) => {
                tracing::error!("cannot connect to the X server to show and hide the window: {e}");
                return None;
            }
        };
        let root = conn.setup().roots[screen].root;
        let atoms = Atoms::new(&conn).ok()?.reply().ok()?;
        let Some(window) = find_window(&conn, root, &atoms, std::process::id(), class) else {
            tracing::error!("cannot find the launcher window on the X server");
            return None;
        };
        let control = WindowControl {
            conn: Arc::new(conn),
            window,
            root,
            atoms,
            shown_at: Arc::new(AtomicU64::new(u64::MAX)),
        };
        control.start_event_thread(events);
        Some(control)
    }

    /// Marks the window as a launcher (no decorations, not in the taskbar, above
    /// other windows) and withdraws it. Properties are read by the window manager when
    /// a window is mapped, so this comes before the first [`WindowControl::show`].
    pub(crate) fn prepare(&self) {
        let result = (|| -> Result<(), x11rb::errors::ConnectionError> {
            self.hide_requests()?;
            // MOTIF hints: flags = decorations, decorations = none.
            self.conn.change_property32(
                PropMode::REPLACE,
                self.window,
                self.atoms._MOTIF_WM_HINTS,
                self.atoms._MOTIF_WM_HINTS,
                &[2, 0, 0, 0, 0],
            )?;
            self.conn.change_property32(
                PropMode::REPLACE,
                self.window,
                self.atoms._NET_WM_STATE,
                AtomEnum::ATOM,
                &[
                    self.atoms._NET_WM_STATE_ABOVE,
                    self.atoms._NET_WM_STATE_SKIP_TASKBAR,
                    self.atoms._NET_WM_STATE_SKIP_PAGER,
                ],
            )?;
            self.conn.change_property32(
                PropMode::REPLACE,
                self.window,
                self.atoms._NET_WM_WINDOW_TYPE,
                AtomEnum::ATOM,
                &[self.atoms._NET_WM_WINDOW_TYPE_UTILITY],
            )?;
            self.conn.flush()
        })();
        if let Err(e) = result {
            tracing::error!("cannot prepare the launcher window: {e}");
        }
    }

    /// Withdraws the window: unmapped, so the X server, the window manager and gpui
    /// all see it gone.
    pub(crate) fn hide(&self) {
        if let Err(e) = self.hide_requests().and_then(|()| self.conn.flush()) {
            tracing::error!("cannot hide the launcher window: {e}");
        }
    }

    fn hide_requests(&self) -> Result<(), x11rb::errors::ConnectionError> {
        self.conn.unmap_window(self.window)?;
        // ICCCM: a client withdraws a window by unmapping it and telling the root.
        let notify = UnmapNotifyEvent {
            response_type: x11rb::protocol::xproto::UNMAP_NOTIFY_EVENT,
            sequence: 0,
            event: self.root,
            window: self.window,
            from_configure: false,
        };
        self.conn.send_event(
            false,
            self.root,
            EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
            notify,
        )?;
        Ok(())
    }

    /// Maps the window with its top-left corner at (`x`, `y`) in device pixels. Focus
    /// follows as soon as it is mapped (see the focus thread).
    pub(crate) fn show(&self, x: i32, y: i32) {
        let result = (|| -> Result<(), Box<dyn std::error::Error>> {
            let mut hints = WmSizeHints::new();
            hints.position = Some((
                x11rb::properties::WmSizeHintsSpecification::UserSpecified,
                x,
                y,
            ));
            hints.set_normal_hints(self.conn.as_ref(), self.window)?;
            self.conn
                .configure_window(self.window, &ConfigureWindowAux::new().x(x).y(y))?;
            let map = self.conn.map_window(self.window)?;
            self.shown_at.store(map.sequence_number(), Ordering::SeqCst);
            self.conn.flush()?;
            Ok(())
        })();
        if let Err(e) = result {
            tracing::error!("cannot show the launcher window: {e}");
        }
    }

    /// Whether the window is viewable right now (asks the server).
    pub(crate) fn is_viewable(&self) -> bool {
        self.conn
            .get_window_attributes(self.window)
            .ok()
            .and_then(|cookie| cookie.reply().ok())
            .is_some_and(|a| a.map_state == MapState::VIEWABLE)
    }

    /// The window that is active now (`_NET_ACTIVE_WINDOW`), unless it is the
    /// launcher: where a paste goes. `None` without an EWMH window manager.
    pub(crate) fn active_window(&self) -> Option<Window> {
        self.conn
            .get_property(
                false,
                self.root,
                self.atoms._NET_ACTIVE_WINDOW,
                AtomEnum::WINDOW,
                0,
                1,
            )
            .ok()?
            .reply()
            .ok()?
            .value32()?
            .next()
            .filter(|&w| w != x11rb::NONE && w != self.window)
    }

    /// The pointer's position on the screen, in device pixels.
    pub(crate) fn pointer(&self) -> Option<(i32, i32)> {
        let reply = self.conn.query_pointer(self.root).ok()?.reply().ok()?;
        Some((reply.root_x.into(), reply.root_y.into()))
    }

    /// The thread that gives the window keyboard focus (and raises it) each time it
    /// is mapped, and reports when focus leaves it.
    fn start_event_thread(&self, events: Sender<WindowEvent>) {
        let conn = self.conn.clone();
        let window = self.window;
        let root = self.root;
        let atoms = self.atoms;
        let shown_at = self.shown_at.clone();
        let selected = conn
            .change_window_attributes(
                window,
                &ChangeWindowAttributesAux::new()
                    .event_mask(EventMask::STRUCTURE_NOTIFY | EventMask::FOCUS_CHANGE),
            )
            .and_then(|_| conn.flush());
        if let Err(e) = selected {
            tracing::error!("cannot watch the launcher window: {e}");
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("skit-x11-window".into())
            .spawn(move || {
                // Blocks on the X connection; no timers, no polling.
                while let Ok((event, sequence)) = conn.wait_for_event_with_sequence() {
                    match event {
                        Event::MapNotify(e) if e.window == window => {
                            if crate::app::timing::enabled() {
                                tracing::info!(target: "skit::timing", event = "mapped", t_ns = crate::app::timing::monotonic_ns());
                            }
                            if let Err(e) = focus(&conn, window, root, &atoms) {
                                tracing::warn!("cannot focus the launcher window: {e}");
                            }
                        }
                        // Grab/ungrab (a global hotkey being pressed) and focus moving
                        // inside the window are not blur.
                        Event::FocusOut(e)
                            if e.event == window
                                && e.mode == NotifyMode::NORMAL
                                && e.detail != NotifyDetail::INFERIOR
                                && sequence >= shown_at.load(Ordering::SeqCst) =>
                        {
                            // Full means a blur is already pending; closed means the app is gone.
                            let _ = events.try_send(WindowEvent::Blurred);
                        }
                        _ => {}
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the window event thread: {e}");
        }
    }
}

/// Walks the window tree for a window with `_NET_WM_PID` = `pid` and WM_CLASS
/// `class` (it may already sit inside a window manager's frame).
fn find_window(
    conn: &RustConnection,
    root: Window,
    atoms: &Atoms,
    pid: u32,
    class: &str,
) -> Option<Window> {
    let mut pending = vec![root];
    while let Some(parent) = pending.pop() {
        let children = conn.query_tree(parent).ok()?.reply().ok()?.children;
        for window in children {
            let owner = conn
                .get_property(false, window, atoms._NET_WM_PID, AtomEnum::CARDINAL, 0, 1)
                .ok()
                .and_then(|c| c.reply().ok())
                .and_then(|r| r.value32().and_then(|mut v| v.next()));
            if owner == Some(pid) {
                let wm_class = skit_linux::x11::wm_class(conn, window);
                if wm_class.is_some_and(|(instance, own)| instance == class || own == class) {
                    return Some(window);
                }
            }
            pending.push(window);
        }
    }
    None
}

fn focus(
    conn: &RustConnection,
    window: Window,
    root: Window,
    atoms: &Atoms,
) -> Result<(), x11rb::errors::ConnectionError> {
    conn.configure_window(
        window,
        &ConfigureWindowAux::new().stack_mode(StackMode::ABOVE),
    )?;
    // The user asked for this window by pressing the hotkey.
    skit_linux::x11::activate(
        conn,
        root,
        atoms._NET_ACTIVE_WINDOW,
        window,
        x11rb::CURRENT_TIME,
    )
}
