//! Commands built into skit that sit in the root list beside the user's scripts
//! (today one: Clipboard History). Each is a [`Script`] whose path no file has
//! (`skit:NAME`), so ranking, frecency and `skit run NAME` treat it like a script;
//! the launcher opens its screen instead of running a process, and offers only the
//! actions that make sense without a file (Run, Reset ranking).

use std::path::PathBuf;

use crate::catalog::{Metadata, Script};

/// The path of the Clipboard History row.
pub const CLIPBOARD_HISTORY: &str = "skit:clipboard-history";

/// The path of the Search Files row.
pub const SEARCH_FILES: &str = "skit:search-files";

/// The path of the Snippets row.
pub const SNIPPETS: &str = "skit:snippets";

/// Whether `script` is one of skit's own commands rather than a file.
pub fn is_builtin(script: &Script) -> bool {
    script
        .path
        .to_str()
        .is_some_and(|path| path.starts_with("skit:"))
}

/// The user's scripts plus skit's own commands. `clipboard_hotkey` is shown on
/// the Clipboard History row (empty: none).
pub fn with_builtins(mut scripts: Vec<Script>, clipboard_hotkey: &str) -> Vec<Script> {
    scripts.push(Script {
        path: PathBuf::from(CLIPBOARD_HISTORY),
        file_name: "clipboard-history".into(),
        name: "Clipboard History".into(),
        group: Some("built-in".into()),
        metadata: Metadata {
            description: Some("Text and images you copied; Enter pastes one".into()),
            shortcut: (!clipboard_hotkey.is_empty()).then(|| clipboard_hotkey.to_string()),
            alias: Some("clip".into()),
            ..Metadata::default()
        },
    });
    scripts.push(Script {
        path: PathBuf::from(SNIPPETS),
        file_name: "snippets".into(),
        name: "Snippets".into(),
        group: Some("built-in".into()),
        metadata: Metadata {
            description: Some("Text you paste often; Enter pastes one".into()),
            alias: Some("snip".into()),
            ..Metadata::default()
        },
    });
    scripts.push(Script {
        path: PathBuf::from(SEARCH_FILES),
        file_name: "search-files".into(),
        name: "Search Files".into(),
        group: Some("built-in".into()),
        metadata: Metadata {
            description: Some("Find a file in your folders; Enter opens it".into()),
            alias: Some("find".into()),
            ..Metadata::default()
        },
    });
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_row_is_a_script_without_a_file() {
        let scripts = with_builtins(Vec::new(), "ctrl+alt+v");
        let row = &scripts[0];
        assert!(is_builtin(row));
        assert_eq!(row.name, "Clipboard History");
        assert_eq!(row.shortcut(), Some("ctrl+alt+v"));
        assert_eq!(crate::catalog::find(&scripts, "clip"), Some(row));
        assert!(with_builtins(Vec::new(), "")[0].shortcut().is_none());
    }

    #[test]
    fn the_snippets_row_is_found_by_snip() {
        let scripts = with_builtins(Vec::new(), "");
        let row = crate::catalog::find(&scripts, "snip").expect("the Snippets row");
        assert!(is_builtin(row));
        assert_eq!(row.path.to_str(), Some(SNIPPETS));
    }
}
