//! The app that has the focus, for a paste: its app id from the compositor's list
//! of windows (wlr foreign toplevel), read once and let go. Ctrl+Shift+V goes to
//! terminals, Ctrl+V elsewhere.

use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, QueueHandle, WEnum, event_created_child};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1 as toplevel_handle,
    zwlr_foreign_toplevel_manager_v1 as toplevel_manager,
};

/// The app id of the window with the focus, from the compositor's list of
/// windows (wlr foreign toplevel, the global `(name, version)`), read once and
/// let go.
pub(super) fn focused_app(
    conn: &Connection,
    registry: &wl_registry::WlRegistry,
    (name, version): (u32, u32),
) -> Option<String> {
    let mut queue = conn.new_event_queue::<Toplevels>();
    let manager: toplevel_manager::ZwlrForeignToplevelManagerV1 =
        registry.bind(name, version.min(3), &queue.handle(), ());
    let mut toplevels = Toplevels::default();
    // The windows arrive in the first round trip, their states by the second.
    queue.roundtrip(&mut toplevels).ok()?;
    queue.roundtrip(&mut toplevels).ok()?;
    manager.stop();
    for (handle, _) in &toplevels.windows {
        handle.destroy();
    }
    let _ = conn.flush();
    let app = toplevels
        .windows
        .iter()
        .find(|(_, window)| window.activated)
        .and_then(|(_, window)| window.app_id.clone());
    tracing::debug!("clipboard: the focused app is {app:?}");
    app
}

#[derive(Default)]
struct Window {
    app_id: Option<String>,
    activated: bool,
}

#[derive(Default)]
struct Toplevels {
    windows: Vec<(toplevel_handle::ZwlrForeignToplevelHandleV1, Window)>,
}

impl Dispatch<toplevel_manager::ZwlrForeignToplevelManagerV1, ()> for Toplevels {
    fn event(
        state: &mut Toplevels,
        _: &toplevel_manager::ZwlrForeignToplevelManagerV1,
        event: toplevel_manager::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Toplevels>,
    ) {
        if let toplevel_manager::Event::Toplevel { toplevel } = event {
            state.windows.push((toplevel, Window::default()));
        }
    }

    event_created_child!(Toplevels, toplevel_manager::ZwlrForeignToplevelManagerV1, [
        toplevel_manager::EVT_TOPLEVEL_OPCODE => (toplevel_handle::ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<toplevel_handle::ZwlrForeignToplevelHandleV1, ()> for Toplevels {
    fn event(
        state: &mut Toplevels,
        handle: &toplevel_handle::ZwlrForeignToplevelHandleV1,
        event: toplevel_handle::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Toplevels>,
    ) {
        let Some((_, window)) = state.windows.iter_mut().find(|(h, _)| h == handle) else {
            return;
        };
        match event {
            toplevel_handle::Event::AppId { app_id } => window.app_id = Some(app_id),
            toplevel_handle::Event::State { state } => {
                window.activated = state
                    .chunks_exact(4)
                    .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
                    .any(|s| {
                        WEnum::<toplevel_handle::State>::from(s)
                            == WEnum::Value(toplevel_handle::State::Activated)
                    });
            }
            _ => {}
        }
    }
}
