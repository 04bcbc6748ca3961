//! What a configuration means for a running launcher: the one function from the
//! settings in force (none, at start) and the new ones to what the app must redo.
//! The app applies the result in one place, at start and at every reload, so a
//! setting that works at start works when it is changed.
//!
//! Every field of [`Config`] is named here (the function destructures it), so a
//! new setting does not compile until it says what changing it does.

use super::Config;

/// What the app redoes for a new configuration. At start everything is `true`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The launcher's hotkey: registered again (grab, portal or keybinding).
    pub hotkey: bool,
    /// The clipboard history's hotkey, and the built-in row that shows it.
    pub clipboard_hotkey: bool,
    /// The theme: the window repainted with the light or dark palette.
    pub theme: bool,
    /// Scripts' interpreters: the run context of the window and of the trigger
    /// host, and the catalog (which files are scripts).
    pub interpreters: bool,
    /// What the launcher needs to act (editor, language of new scripts).
    pub settings: bool,
    /// `sources.scripts`: the list of scripts shown.
    pub scripts: bool,
    /// `sources.apps` and `hiddenApps`: the applications read again.
    pub apps: bool,
    /// `sources.calculator`: the calculator row on or off.
    pub calculator: bool,
    /// The clipboard history: limits, and the watcher restarted if what it
    /// watches changed.
    pub clipboard: bool,
    /// `files`: the file index started again for its new roots and exclusions.
    pub files: bool,
    /// Settings that only a restart applies, by their name in the file.
    pub restart: Vec<&'static str>,
}

impl Changes {
    /// Whether anything is to be redone.
    pub fn any(&self) -> bool {
        *self != Changes::default()
    }
}

/// What going from `old` (the settings in force; `None` at start) to `new` asks.
pub fn changes(old: Option<&Config>, new: &Config) -> Changes {
    let Some(old) = old else {
        return Changes {
            hotkey: true,
            clipboard_hotkey: true,
            theme: true,
            interpreters: true,
            settings: true,
            scripts: true,
            apps: true,
            calculator: true,
            clipboard: true,
            files: true,
            restart: Vec::new(),
        };
    };
    // Each field, so that a new one must be placed.
    let Config {
        hotkey,
        theme,
        // Read when the window hides or shows: nothing to redo.
        hide_on_blur: _,
        keep_query: _,
        interpreters,
        editor,
        new_script_language,
        sources,
        hidden_apps,
        clipboard_hotkey,
        clipboard,
        files,
        backend,
        // Read by each `skit dmenu` as it starts.
        dmenu: _,
        // Reported when the file is read.
        unknown: _,
    } = new;
    let mut restart = Vec::new();
    if *backend != old.backend {
        restart.push("backend");
    }
    Changes {
        hotkey: *hotkey != old.hotkey,
        clipboard_hotkey: *clipboard_hotkey != old.clipboard_hotkey,
        theme: *theme != old.theme,
        interpreters: *interpreters != old.interpreters,
        settings: *editor != old.editor || *new_script_language != old.new_script_language,
        scripts: sources.scripts != old.sources.scripts
            || *clipboard_hotkey != old.clipboard_hotkey,
        apps: sources.apps != old.sources.apps || *hidden_apps != old.hidden_apps,
        calculator: sources.calculator != old.sources.calculator,
        clipboard: *clipboard != old.clipboard,
        files: *files != old.files,
        restart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config a file with `json` gives.
    fn config(json: &str) -> Config {
        serde_json::from_str(json).unwrap()
    }

    /// What changing the defaults to `json` asks.
    fn after(json: &str) -> Changes {
        changes(Some(&Config::default()), &config(json))
    }

    #[test]
    fn at_start_everything_is_applied() {
        let all = changes(None, &Config::default());
        assert!(all.hotkey && all.clipboard_hotkey && all.theme && all.interpreters);
        assert!(all.settings && all.scripts && all.apps && all.calculator && all.clipboard);
        assert!(all.restart.is_empty());
    }

    #[test]
    fn the_same_settings_change_nothing() {
        assert!(!after("{}").any());
        let custom = config(r#"{"hotkey": "super+space", "interpreters": {"zzz": "sh"}}"#);
        assert!(!changes(Some(&custom), &custom.clone()).any());
    }

    #[test]
    fn an_interpreter_changes_the_run_context() {
        let changed = after(r#"{"interpreters": {"zzz": "sh"}}"#);
        assert_eq!(
            changed,
            Changes {
                interpreters: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn the_hotkey_is_registered_again() {
        let changed = after(r#"{"hotkey": "super+space"}"#);
        assert_eq!(
            changed,
            Changes {
                hotkey: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn the_clipboard_hotkey_is_registered_again_and_its_row_follows() {
        let changed = after(r#"{"clipboardHotkey": ""}"#);
        assert_eq!(
            changed,
            Changes {
                clipboard_hotkey: true,
                scripts: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn the_theme_repaints() {
        assert_eq!(
            after(r#"{"theme": "dark"}"#),
            Changes {
                theme: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn the_editor_and_new_script_language_reach_the_launcher() {
        let settings = Changes {
            settings: true,
            ..Changes::default()
        };
        assert_eq!(after(r#"{"editor": "nano"}"#), settings);
        assert_eq!(after(r#"{"newScriptLanguage": "python"}"#), settings);
    }

    #[test]
    fn each_source_is_applied_on_its_own() {
        assert_eq!(
            after(r#"{"sources": {"scripts": false}}"#),
            Changes {
                scripts: true,
                ..Changes::default()
            }
        );
        assert_eq!(
            after(r#"{"sources": {"apps": false}}"#),
            Changes {
                apps: true,
                ..Changes::default()
            }
        );
        assert_eq!(
            after(r#"{"hiddenApps": ["firefox.desktop"]}"#),
            Changes {
                apps: true,
                ..Changes::default()
            }
        );
        assert_eq!(
            after(r#"{"sources": {"calculator": false}}"#),
            Changes {
                calculator: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn the_clipboard_settings_reach_the_history() {
        let clipboard = Changes {
            clipboard: true,
            ..Changes::default()
        };
        for json in [
            r#"{"clipboard": {"enabled": false}}"#,
            r#"{"clipboard": {"recordPrimary": true}}"#,
            r#"{"clipboard": {"maxEntries": 5}}"#,
            r#"{"clipboard": {"ignoreApps": []}}"#,
            r#"{"clipboard": {"terminalClasses": ["foot"]}}"#,
            r#"{"clipboard": {"maxBytes": {"text": 10}}}"#,
        ] {
            assert_eq!(after(json), clipboard, "{json}");
        }
    }

    #[test]
    fn settings_read_when_used_need_nothing_redone() {
        for json in [
            r#"{"hideOnBlur": false}"#,
            r#"{"keepQuery": true}"#,
            r#"{"dmenu": {"matching": "skit"}}"#,
        ] {
            assert!(!after(json).any(), "{json}");
        }
    }

    #[test]
    fn the_backend_needs_a_restart() {
        assert_eq!(
            after(r#"{"backend": "x11"}"#),
            Changes {
                restart: vec!["backend"],
                ..Changes::default()
            }
        );
    }
}
