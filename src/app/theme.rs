//! Light and dark palettes. The built-in ones are `assets/themes/{light,dark}.json`
//! (embedded); a file with the same name in `~/.config/skit/themes/` overrides any
//! of their colours. The palette in use is a gpui global that views read when they
//! render, so a swap is one `set_global` and a redraw.

use std::path::Path;

use gpui::{Global, Hsla};
use serde::Deserialize;
use serde_json::Value;

use crate::config::ThemeChoice;
use crate::problem::Problem;
use crate::sources::appearance::Appearance;

const LIGHT: &str = include_str!("../../assets/themes/light.json");
const DARK: &str = include_str!("../../assets/themes/dark.json");

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Light,
    Dark,
}

impl Mode {
    /// The mode to use for the configured choice and the desktop's preference
    /// (`None` when it is unknown).
    pub(crate) fn resolve(choice: ThemeChoice, desktop: Option<Appearance>) -> Mode {
        match (choice, desktop) {
            (ThemeChoice::Light, _) => Mode::Light,
            (ThemeChoice::Dark, _) => Mode::Dark,
            (ThemeChoice::System, Some(Appearance::Dark)) => Mode::Dark,
            (ThemeChoice::System, _) => Mode::Light,
        }
    }
}

/// Every colour the views use, written `#RRGGBB` or `#RRGGBBAA` in the theme files.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    #[serde(skip, default = "light_mode")]
    pub(crate) mode: Mode,
    pub background: Hsla,
    pub(crate) border: Hsla,
    pub(crate) text: Hsla,
    pub(crate) text_muted: Hsla,
    pub(crate) text_placeholder: Hsla,
    pub(crate) accent: Hsla,
    /// The selected row's background.
    pub(crate) selection: Hsla,
    /// Matched characters in a row.
    #[serde(rename = "match")]
    pub(crate) match_text: Hsla,
    pub(crate) badge_background: Hsla,
    pub(crate) badge_text: Hsla,
    /// Selected text in an input.
    pub(crate) text_selection: Hsla,
    pub(crate) cursor: Hsla,
    pub(crate) error: Hsla,
    pub(crate) error_background: Hsla,
    pub(crate) notice_background: Hsla,
    pub(crate) notice_text: Hsla,
    pub(crate) code_background: Hsla,
}

fn light_mode() -> Mode {
    Mode::Light
}

impl Global for Theme {}

/// Both palettes, as loaded.
#[derive(Clone, Debug)]
pub struct Themes {
    pub light: Theme,
    pub dark: Theme,
}

impl Themes {
    /// The built-in palettes with the user's overrides from `themes_dir` applied.
    /// A broken override file is reported in the returned warnings and ignored.
    pub fn load(themes_dir: &Path) -> (Themes, Vec<Problem>) {
        let mut warnings = Vec::new();
        let mut load = |built_in: &str, file: &str, mode: Mode| {
            let base: Value = serde_json::from_str(built_in).expect("built-in theme is valid JSON");
            let path = themes_dir.join(file);
            let merged = match std::fs::read_to_string(&path) {
                Ok(text) => match overlay(base.clone(), &text) {
                    Ok(merged) => merged,
                    Err(e) => {
                        warnings.push(Problem::new(format!(
                            "{}: {e}; using the built-in theme",
                            path.display()
                        )));
                        base.clone()
                    }
                },
                Err(_) => base.clone(),
            };
            let mut theme = match serde_json::from_value::<Theme>(merged) {
                Ok(theme) => theme,
                Err(e) => {
                    warnings.push(Problem::new(format!(
                        "{}: {e}; using the built-in theme",
                        path.display()
                    )));
                    serde_json::from_value(base).expect("built-in theme is valid")
                }
            };
            theme.mode = mode;
            theme
        };
        let themes = Themes {
            light: load(LIGHT, "light.json", Mode::Light),
            dark: load(DARK, "dark.json", Mode::Dark),
        };
        (themes, warnings)
    }

    pub(crate) fn get(&self, mode: Mode) -> &Theme {
        match mode {
            Mode::Light => &self.light,
            Mode::Dark => &self.dark,
        }
    }
}

fn overlay(mut base: Value, text: &str) -> Result<Value, String> {
    let user: Value = serde_json::from_str(text)
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    let Value::Object(user) = user else {
        return Err("a theme file must be a JSON object of colours".into());
    };
    let base_map = base.as_object_mut().expect("built-in theme is an object");
    for (key, value) in user {
        base_map.insert(key, value);
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_load_and_differ() {
        let dir = tempfile::tempdir().unwrap();
        let (themes, warnings) = Themes::load(dir.path());
        assert!(warnings.is_empty());
        assert!(themes.dark.background.l < 0.2);
        assert!(themes.light.background.l > 0.9);
        // Neither pure black nor pure white.
        assert!(themes.dark.background.l > 0.05 && themes.light.background.l < 0.99);
        assert_eq!(themes.dark.mode, Mode::Dark);
    }

    #[test]
    fn overrides_merge_and_bad_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dark.json"), r##"{"accent":"#FF0000"}"##).unwrap();
        std::fs::write(dir.path().join("light.json"), r##"{"accent":"red"}"##).unwrap();
        let (themes, warnings) = Themes::load(dir.path());
        assert_eq!(themes.dark.accent, gpui::rgb(0xFF0000).into());
        assert_eq!(warnings.len(), 1);
        let warning = warnings[0].to_string();
        assert!(
            warning.contains("light.json")
                && warning.contains("'red'")
                && warning.contains("#rrggbb"),
            "{warning}"
        );
        assert_eq!(themes.light.accent, gpui::rgb(0x5854D6).into());
    }

    #[test]
    fn mode_follows_config_then_desktop() {
        assert_eq!(
            Mode::resolve(ThemeChoice::System, Some(Appearance::Dark)),
            Mode::Dark
        );
        assert_eq!(Mode::resolve(ThemeChoice::System, None), Mode::Light);
        assert_eq!(
            Mode::resolve(ThemeChoice::System, Some(Appearance::NoPreference)),
            Mode::Light
        );
        assert_eq!(
            Mode::resolve(ThemeChoice::Light, Some(Appearance::Dark)),
            Mode::Light
        );
    }
}
