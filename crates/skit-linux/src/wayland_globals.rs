//! What the Wayland compositor offers skit, read from its registry of globals for
//! `skit doctor`: the layer shell (the overlay window), xdg-activation (focus for
//! an ordinary window), data control (a clipboard history), the virtual keyboard
//! (typing into other windows) and the window list (which app a paste goes to).
//! One connection, one round trip, closed.
//!
//! Not for the window itself: gpui makes its own connection.

use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, QueueHandle};

/// The interface names the compositor advertises.
struct Interfaces(Vec<String>);

impl Dispatch<wl_registry::WlRegistry, ()> for Interfaces {
    fn event(
        state: &mut Self,
        _: &wl_registry::WlRegistry,
        event: wl_registry::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        if let wl_registry::Event::Global { interface, .. } = event {
            state.0.push(interface);
        }
    }
}

/// The globals of the compositor that `WAYLAND_DISPLAY` names, or why they
/// could not be read.
pub(crate) fn interfaces() -> Result<Vec<String>, String> {
    let connection = Connection::connect_to_env().map_err(|e| e.to_string())?;
    let mut queue = connection.new_event_queue();
    let _registry = connection.display().get_registry(&queue.handle(), ());
    let mut interfaces = Interfaces(Vec::new());
    queue
        .roundtrip(&mut interfaces)
        .map_err(|e| e.to_string())?;
    Ok(interfaces.0)
}

/// One line for `skit doctor`: which of the protocols skit uses are offered.
pub(crate) fn summary(interfaces: &[String]) -> String {
    let has = |name: &str| interfaces.iter().any(|i| i == name);
    let yes_no = |yes: bool| if yes { "yes" } else { "no" };
    let data_control = if has("ext_data_control_manager_v1") {
        "yes (ext)"
    } else if has("zwlr_data_control_manager_v1") {
        "yes (wlr)"
    } else {
        "no"
    };
    format!(
        "layer shell {} (the overlay), xdg-activation {}, data control {data_control}, \
         virtual keyboard {}",
        yes_no(has("zwlr_layer_shell_v1")),
        yes_no(has("xdg_activation_v1")),
        yes_no(has("zwp_virtual_keyboard_manager_v1")),
    )
}

/// One line for `skit doctor`: what the clipboard history, paste and type get
/// from this compositor (what `app::clipboard` chooses at start).
pub(crate) fn clipboard(interfaces: &[String]) -> String {
    let has = |name: &str| interfaces.iter().any(|i| i == name);
    let protocol = if has("ext_data_control_manager_v1") {
        "ext-data-control-v1"
    } else if has("zwlr_data_control_manager_v1") {
        "wlr-data-control"
    } else {
        return "through XWayland: this compositor offers no data control, so the history \
                sees what X11 apps copy (and Wayland apps' copies once an X11 window has had \
                the focus), and pastes reach X11 apps only"
            .into();
    };
    let mut text = format!("history, paste and type through Wayland data control ({protocol})");
    if !has("zwp_virtual_keyboard_manager_v1") {
        text.push_str(
            "; no virtual keyboard, so a paste or type leaves the text on the clipboard \
             for Ctrl+V",
        );
    } else if !has("zwlr_foreign_toplevel_manager_v1") {
        text.push_str("; no window list, so terminals get Ctrl+V too");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_what_is_offered_and_what_is_not() {
        let sway: Vec<String> = [
            "wl_compositor",
            "zwlr_layer_shell_v1",
            "xdg_activation_v1",
            "zwlr_data_control_manager_v1",
            "zwp_virtual_keyboard_manager_v1",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            summary(&sway),
            "layer shell yes (the overlay), xdg-activation yes, data control yes (wlr), \
             virtual keyboard yes"
        );
        let gnome: Vec<String> = ["wl_compositor", "xdg_activation_v1"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            clipboard(&sway),
            "history, paste and type through Wayland data control (wlr-data-control); no \
             window list, so terminals get Ctrl+V too"
        );
        assert!(clipboard(&gnome).starts_with("through XWayland: this compositor offers no"));
        let kde: Vec<String> = [
            "ext_data_control_manager_v1",
            "zwlr_data_control_manager_v1",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            clipboard(&kde),
            "history, paste and type through Wayland data control (ext-data-control-v1); no \
             virtual keyboard, so a paste or type leaves the text on the clipboard for Ctrl+V"
        );
        assert_eq!(
            summary(&gnome),
            "layer shell no (the overlay), xdg-activation yes, data control no, virtual \
             keyboard no"
        );
    }
}
