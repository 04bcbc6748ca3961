//! The font families in use, chosen once at start from what is installed, as a
//! gpui global every view reads.

use gpui::{App, SharedString};

/// The UI fonts skit prefers, best first; the first one installed is used.
pub(crate) const UI_FONTS: &[&str] = &["Inter", "Cantarell", "Noto Sans", "DejaVu Sans"];

#[derive(Clone, Debug)]
pub struct Fonts {
    pub ui: SharedString,
    pub mono: SharedString,
}

impl gpui::Global for Fonts {}

impl Fonts {
    /// The first of `preferred` that is installed (else the last one, which gpui
    /// will substitute), and DejaVu Sans Mono for code.
    pub(crate) fn pick(preferred: &[&str], cx: &App) -> Fonts {
        let installed = cx.text_system().all_font_names();
        let ui = preferred
            .iter()
            .find(|name| installed.iter().any(|f| f == *name))
            .or(preferred.last())
            .map(|name| SharedString::from(name.to_string()))
            .unwrap_or_else(|| "DejaVu Sans".into());
        Fonts {
            ui,
            mono: "DejaVu Sans Mono".into(),
        }
    }
}
