//! Windows of a Wayland compositor that offers `wlr-foreign-toplevel-management`
//! (wlroots compositors other than sway: river, labwc, wayfire, niri…): each call
//! connects, reads the list of toplevels (two round trips: the windows, then
//! their titles, app ids and states) and lets go. The protocol has no stable
//! window id and no workspaces, so a window is focused by finding it again by
//! its app id, title and place among windows that share both, and activating it
//! on the first seat. The clipboard asks it which app has the focus.

use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, QueueHandle, WEnum, event_created_child};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1 as handle, zwlr_foreign_toplevel_manager_v1 as manager,
};

use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};

use super::{OpenWindow, WindowId};
use crate::clipboard::pipe::poll;

const MANAGER: &str = "zwlr_foreign_toplevel_manager_v1";

/// Whether the compositor of `WAYLAND_DISPLAY` offers the window list.
pub(super) fn offered() -> bool {
    crate::wayland_globals::interfaces().is_ok_and(|globals| globals.iter().any(|g| g == MANAGER))
}

/// The open windows (not skit's own: app id `own_app_id`), in the compositor's
/// order.
pub(super) fn list(own_app_id: &str) -> Result<Vec<OpenWindow>, String> {
    let listed = Listed::read()?;
    let mut windows = Vec::new();
    for (app, title) in listed.windows.iter().map(|w| (&w.app_id, &w.title)) {
        if app == own_app_id {
            continue;
        }
        let twin = windows
            .iter()
            .filter(|w: &&OpenWindow| w.app == *app && w.title == *title)
            .count();
        windows.push(OpenWindow {
            id: WindowId::Toplevel {
                app_id: app.clone(),
                title: title.clone(),
                twin,
            },
            title: title.clone(),
            app: app.clone(),
            workspace: None,
        });
    }
    listed.close();
    Ok(windows)
}

/// The app id of the window that has the focus (a paste goes to it: terminals
/// get Ctrl+Shift+V), when the compositor lists windows.
pub(crate) fn focused_app() -> Option<String> {
    let listed = Listed::read().ok()?;
    let app = listed
        .windows
        .iter()
        .find(|w| listed.state.activated.contains(&w.handle))
        .map(|w| w.app_id.clone());
    listed.close();
    tracing::debug!("the focused app is {app:?}");
    app
}

/// Activates the window that [`list`] called `app_id`, `title`, `twin`.
pub(super) fn focus(app_id: &str, title: &str, twin: usize) -> Result<(), String> {
    let mut listed = Listed::read()?;
    let found = listed
        .windows
        .iter()
        .filter(|w| w.app_id == app_id && w.title == title)
        .nth(twin)
        .map(|w| w.handle.clone());
    let Some(window) = found else {
        listed.close();
        return Err(format!("“{title}” is not open any more"));
    };
    let Some(seat) = listed.seat.take() else {
        listed.close();
        return Err("the compositor has no seat to focus a window on".into());
    };
    // The compositor may hand the focus back to the window that had it as the
    // launcher's surface goes (sway did, now and then): activation is confirmed
    // by the window's own state, and asked again once if it did not hold.
    let mut confirmed = false;
    for _ in 0..2 {
        window.activate(&seat);
        confirmed = listed.wait_activated(&window, CONFIRM_WITHIN);
        if confirmed {
            break;
        }
    }
    listed.close();
    if confirmed {
        Ok(())
    } else {
        Err(format!("the compositor did not activate “{title}”"))
    }
}

/// How long the compositor has to say a window it was asked to activate is.
const CONFIRM_WITHIN: Duration = Duration::from_millis(500);

struct Window {
    handle: handle::ZwlrForeignToplevelHandleV1,
    app_id: String,
    title: String,
}

/// The compositor's windows, as read in one connection.
struct Listed {
    conn: Connection,
    queue: wayland_client::EventQueue<State>,
    /// What the compositor says of the windows after they were read.
    state: State,
    manager: manager::ZwlrForeignToplevelManagerV1,
    windows: Vec<Window>,
    seat: Option<wl_seat::WlSeat>,
}

impl Listed {
    fn read() -> Result<Listed, String> {
        let conn = Connection::connect_to_env()
            .map_err(|e| format!("cannot connect to the Wayland compositor: {e}"))?;
        let mut queue = conn.new_event_queue::<State>();
        let _registry = conn.display().get_registry(&queue.handle(), ());
        let mut state = State::default();
        let roundtrip = |queue: &mut wayland_client::EventQueue<State>, state: &mut State| {
            queue
                .roundtrip(state)
                .map(|_| ())
                .map_err(|e| format!("the compositor stopped answering: {e}"))
        };
        // The globals, then the windows, then their titles and app ids.
        roundtrip(&mut queue, &mut state)?;
        let manager = state
            .manager
            .clone()
            .ok_or_else(|| format!("the compositor does not offer {MANAGER}"))?;
        roundtrip(&mut queue, &mut state)?;
        roundtrip(&mut queue, &mut state)?;
        let windows = state
            .windows
            .drain(..)
            .map(|(handle, app_id, title)| Window {
                handle,
                app_id: app_id.unwrap_or_default(),
                title: title.unwrap_or_default(),
            })
            .collect();
        Ok(Listed {
            conn,
            queue,
            manager,
            windows,
            seat: state.seat.take(),
            state,
        })
    }

    /// Reads the compositor's events until it says `window` is activated (and
    /// still is once it is done with a batch of changes), or `within` passes.
    fn wait_activated(
        &mut self,
        window: &handle::ZwlrForeignToplevelHandleV1,
        within: Duration,
    ) -> bool {
        let deadline = Instant::now() + within;
        self.state.activated.clear();
        loop {
            if self.queue.flush().is_err() {
                return false;
            }
            if let Some(guard) = self.queue.prepare_read() {
                let mut fds = [PollFd::from_borrowed_fd(
                    guard.connection_fd(),
                    PollFlags::IN,
                )];
                match poll(&mut fds, Some(deadline)) {
                    Ok(true) => {
                        if guard.read().is_err() {
                            return false;
                        }
                    }
                    _ => return self.state.activated.contains(window),
                }
            }
            if self.queue.dispatch_pending(&mut self.state).is_err() {
                return false;
            }
            if self.state.activated.contains(window) {
                return true;
            }
        }
    }

    /// Lets the compositor know skit is done with the list.
    fn close(self) {
        self.manager.stop();
        for window in &self.windows {
            window.handle.destroy();
        }
        let _ = self.queue.flush();
        let _ = self.conn.flush();
    }
}

#[derive(Default)]
struct State {
    manager: Option<manager::ZwlrForeignToplevelManagerV1>,
    seat: Option<wl_seat::WlSeat>,
    /// Each window with its app id and title, as they arrive.
    windows: Vec<(
        handle::ZwlrForeignToplevelHandleV1,
        Option<String>,
        Option<String>,
    )>,
    /// The windows whose last state said activated.
    activated: Vec<handle::ZwlrForeignToplevelHandleV1>,
}

impl Dispatch<wl_registry::WlRegistry, ()> for State {
    fn event(
        state: &mut State,
        registry: &wl_registry::WlRegistry,
        event: wl_registry::Event,
        _: &(),
        _: &Connection,
        queue: &QueueHandle<State>,
    ) {
        let wl_registry::Event::Global {
            name,
            interface,
            version,
        } = event
        else {
            return;
        };
        if interface == MANAGER && state.manager.is_none() {
            state.manager = Some(registry.bind(name, version.min(3), queue, ()));
        } else if interface == "wl_seat" && state.seat.is_none() {
            state.seat = Some(registry.bind(name, version.min(1), queue, ()));
        }
    }
}

impl Dispatch<wl_seat::WlSeat, ()> for State {
    fn event(
        _: &mut State,
        _: &wl_seat::WlSeat,
        _: wl_seat::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
    }
}

impl Dispatch<manager::ZwlrForeignToplevelManagerV1, ()> for State {
    fn event(
        state: &mut State,
        _: &manager::ZwlrForeignToplevelManagerV1,
        event: manager::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        if let manager::Event::Toplevel { toplevel } = event {
            state.windows.push((toplevel, None, None));
        }
    }

    event_created_child!(State, manager::ZwlrForeignToplevelManagerV1, [
        manager::EVT_TOPLEVEL_OPCODE => (handle::ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<handle::ZwlrForeignToplevelHandleV1, ()> for State {
    fn event(
        state: &mut State,
        toplevel: &handle::ZwlrForeignToplevelHandleV1,
        event: handle::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        if let handle::Event::State { state: bits } = &event {
            state.activated.retain(|h| h != toplevel);
            if is_activated(bits) {
                state.activated.push(toplevel.clone());
            }
        }
        let Some((_, app_id, title)) = state.windows.iter_mut().find(|(h, ..)| h == toplevel)
        else {
            return;
        };
        match event {
            handle::Event::AppId { app_id: id } => *app_id = Some(id),
            handle::Event::Title { title: text } => *title = Some(text),
            handle::Event::Closed => state.windows.retain(|(h, ..)| h != toplevel),
            _ => {}
        }
    }
}

/// Whether a toplevel's state array (native-endian u32s) holds `activated`.
fn is_activated(bits: &[u8]) -> bool {
    bits.chunks_exact(4)
        .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        .any(|s| WEnum::<handle::State>::from(s) == WEnum::Value(handle::State::Activated))
}
