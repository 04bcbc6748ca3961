//! The launcher's window as the display server sees it: an overlay (a layer
//! surface) on a Wayland compositor with layer shell, else an ordinary window.
//! Opened once; the shell shows and hides it.

use gpui::layer_shell::{
    Anchor, KeyboardInteractivity, Layer, LayerShellNotSupportedError, LayerShellOptions,
};
use gpui::{
    App, AppContext, Bounds, Pixels, WindowBounds, WindowDecorations, WindowHandle, WindowKind,
    WindowOptions, point, px, size,
};

use super::super::launcher::{self, Launcher, Settings};
use crate::frecency::Frecency;
use crate::run::RunContext;
use crate::script_list::ScriptList;

use super::APP_ID;

/// Opens the launcher window, centred in the upper part of the primary display
/// (the first output on Wayland, where gpui knows no primary one).
///
/// On Wayland it is an overlay where the compositor offers the layer-shell
/// protocol (wlroots compositors such as sway, Hyprland, KDE Plasma, niri,
/// COSMIC): placed by skit, above every window, never tiled, with the keyboard to
/// itself while shown, hidden by unmapping (gpui-pre-linux, patched:
/// vendor/gpui-pre-linux/SKIT-PATCHES.md). Elsewhere (GNOME, X11) it is an
/// ordinary window.
pub(crate) fn open_window(
    scripts: ScriptList,
    frecency: Frecency,
    context: RunContext,
    settings: Settings,
    cx: &mut App,
) -> (WindowHandle<Launcher>, Surface) {
    let size = size(px(launcher::WIDTH), px(launcher::MAX_HEIGHT));
    // gpui knows no primary display on Wayland: the first output then.
    let display = cx
        .primary_display()
        .or_else(|| cx.displays().into_iter().next())
        .map(|display| display.bounds());
    let bounds = match display {
        Some(area) => Bounds::new(
            point(
                area.origin.x + (area.size.width - size.width) / 2.,
                area.origin.y + area.size.height / 5.,
            ),
            size,
        ),
        // No output known yet: a fifth of the way down a common one.
        None => Bounds::new(point(px(0.), px(200.)), size),
    };
    let options = |kind| WindowOptions {
        window_bounds: Some(WindowBounds::Windowed(bounds)),
        titlebar: None,
        focus: true,
        show: true,
        kind,
        is_movable: true,
        is_resizable: true,
        is_minimizable: true,
        app_id: Some(APP_ID.into()),
        window_decorations: Some(WindowDecorations::Client),
        ..WindowOptions::default()
    };
    // The launcher is made by whichever attempt opens a window (a failed attempt
    // does not call its builder).
    let mut parts = Some((scripts, frecency, context, settings));
    let mut build = |window: &mut gpui::Window, cx: &mut App| {
        let (scripts, frecency, context, settings) =
            parts.take().expect("the launcher is built once");
        cx.new(|cx| Launcher::new(scripts, frecency, context, settings, window, cx))
    };
    // SKIT_WAYLAND=window: what a desktop without layer shell (GNOME) gets, asked
    // for on one that has it.
    let plain = std::env::var("SKIT_WAYLAND").is_ok_and(|value| value == "window");
    if plain {
        tracing::info!("SKIT_WAYLAND=window: the launcher is an ordinary window");
    }
    if cx.compositor_name() == "Wayland" && !plain {
        // The same place as the window's: `bounds` below the output's top edge.
        let top = bounds.origin.y - display.map_or(px(0.), |area| area.origin.y);
        match cx.open_window(options(overlay(top)), &mut build) {
            Ok(window) => return (window, Surface::Overlay),
            Err(e) if e.is::<LayerShellNotSupportedError>() => {
                tracing::info!("the compositor has no layer shell: the launcher is a window")
            }
            Err(e) => {
                tracing::warn!("cannot open the launcher as an overlay ({e:#}): trying a window")
            }
        }
    }
    let window = cx
        .open_window(options(WindowKind::Normal), build)
        .expect("cannot open the launcher window (is DISPLAY set and an X server running?)");
    (window, Surface::Window)
}

/// What kind of surface the launcher window is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Surface {
    /// A Wayland layer surface on the overlay layer.
    Overlay,
    /// An ordinary window (X11, or a Wayland toplevel).
    Window,
}

impl std::fmt::Display for Surface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Surface::Overlay => "overlay",
            Surface::Window => "window",
        })
    }
}

/// The launcher as a layer surface: on the overlay layer, centred horizontally
/// `top` below the top of the output the compositor picks (the focused one),
/// with exclusive keyboard focus while it is mapped.
fn overlay(top: Pixels) -> WindowKind {
    WindowKind::LayerShell(LayerShellOptions {
        namespace: APP_ID.into(),
        layer: Layer::Overlay,
        anchor: Anchor::TOP,
        exclusive_zone: None,
        exclusive_edge: None,
        margin: Some((top, px(0.), px(0.), px(0.))),
        keyboard_interactivity: KeyboardInteractivity::Exclusive,
    })
}
