//! The key bindings as data: skit's defaults (`assets/default-keymap.json`, built
//! in) and the user's `keymap.json`, in one format, read and checked without gpui.
//!
//! The file is JSON (with `//` and `/* */` comments, as config.json), a list of
//! blocks:
//!
//! ```json
//! [
//!   { "context": "List", "bindings": { "ctrl-j": "list::SelectNext", "down": null } }
//! ]
//! ```
//!
//! A block binds keystrokes (gpui's syntax: `ctrl-shift-k`, several separated by
//! spaces for a sequence) to action names in a context (a predicate over the key
//! contexts of the focused element: `List`, `ClipboardScreen > TextInput`,
//! `List && multiple`). `null` binds the keystroke to nothing, which takes a
//! default away. The app (`src/app/keymap.rs`) turns a checked [`Keymap`] into
//! gpui's key bindings: the defaults first, the user's after them, so that at the
//! same depth the user's win.
//!
//! Checking reports every mistake with its line: JSON that does not parse (with
//! the column), an unknown action or context, a keystroke that is not one, and a
//! conflict (one keystroke bound twice in one context in the same file). A file
//! with any mistake is not used at all.
//!
//! The parts: `check` walks the blocks and finds conflicts and unknown actions,
//! `json` reads the file keeping each value's line, `context` checks a context
//! expression, `keystroke` the keystroke syntax, and `suggest` finds the "did you
//! mean" of a misspelt name.

mod check;
mod context;
mod json;
mod keystroke;
mod suggest;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

pub use keystroke::canonical_keystrokes;

/// The default key bindings, as the binary carries them.
pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/default-keymap.json");

/// The identifiers a context may name, with what each is (for the README and for
/// "did you mean"). The launcher's root context is `Launcher` plus the name of
/// the screen on display.
pub const CONTEXTS: &[(&str, &str)] = &[
    ("Launcher", "the whole window"),
    ("scripts", "beside Launcher: the script list is on display"),
    ("prompt", "beside Launcher: a running script asks something"),
    (
        "running",
        "beside Launcher: a running script without a prompt",
    ),
    ("actions", "beside Launcher: an actions menu (Ctrl+K)"),
    ("clipboard", "beside Launcher: the clipboard history"),
    ("snippets", "beside Launcher: the snippets"),
    (
        "snippet",
        "beside Launcher: the form of a new or edited snippet",
    ),
    ("files", "beside Launcher: Search Files"),
    ("rename", "beside Launcher: the rename dialog"),
    ("delete", "beside Launcher: the delete dialog"),
    ("log", "beside Launcher: View Log"),
    ("failed", "beside Launcher: a failed run"),
    ("welcome", "beside Launcher: the first start's welcome page"),
    (
        "TextInput",
        "every text field: the query, form fields, the editor",
    ),
    ("area", "beside TextInput: a multi-line field"),
    (
        "List",
        "every list: scripts, choices, menus, entries, the clipboard history",
    ),
    ("multiple", "beside List: a multi-select list"),
    ("Dialog", "the rename and delete dialogs"),
    ("ScriptsScreen", "the script list"),
    ("ClipboardScreen", "the clipboard history"),
    ("FilesScreen", "Search Files"),
    ("SnippetsScreen", "the snippets"),
    ("RunScreen", "a running script (its prompt is inside)"),
    ("LogScreen", "View Log"),
    ("ArgPrompt", "an arg prompt (choices)"),
    ("DivPrompt", "a div prompt (markdown)"),
    ("FieldsPrompt", "a fields prompt (a form)"),
    ("FieldCheckbox", "a checkbox in a form"),
    ("FieldSelect", "a select in a form"),
    ("EditorPrompt", "an editor prompt"),
    ("PathPrompt", "a path prompt"),
    ("EnvPrompt", "an env prompt"),
];

/// A checked keymap: its blocks in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    pub blocks: Vec<Block>,
}

/// Bindings in one context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The context predicate as written (`None`: everywhere in the window).
    pub context: Option<String>,
    pub line: usize,
    pub bindings: Vec<Binding>,
}

/// One keystroke (or sequence) and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// As written (gpui parses it again).
    pub keystrokes: String,
    /// The action's name, or `None` for `null`: the keystroke does nothing here.
    pub action: Option<String>,
    pub line: usize,
}

impl Keymap {
    /// How many bindings it has, in all its blocks.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(|block| block.bindings.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every binding with its block's context, in file order.
    pub fn bindings(&self) -> impl Iterator<Item = (Option<&str>, &Binding)> {
        self.blocks.iter().flat_map(|block| {
            block
                .bindings
                .iter()
                .map(move |binding| (block.context.as_deref(), binding))
        })
    }
}

/// One mistake in a keymap file, at a line (1-based; 0 when it is about the
/// whole file) and, for JSON syntax, a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl KeymapError {
    fn at(line: usize, message: impl Into<String>) -> KeymapError {
        KeymapError {
            line,
            column: 0,
            message: message.into(),
        }
    }

    /// `path:line: message` (`path:line:column:` for syntax), as compilers and
    /// config.json's errors say it.
    pub fn located(&self, path: &Path) -> String {
        match (self.line, self.column) {
            (0, _) => format!("{}: {}", path.display(), self.message),
            (line, 0) => format!("{}:{line}: {}", path.display(), self.message),
            (line, column) => format!("{}:{line}:{column}: {}", path.display(), self.message),
        }
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => f.write_str(&self.message),
            (line, 0) => write!(f, "line {line}: {}", self.message),
            (line, column) => write!(f, "line {line}, column {column}: {}", self.message),
        }
    }
}

/// The default keymap, checked (the tests keep it free of mistakes).
pub fn defaults() -> &'static Keymap {
    static DEFAULTS: OnceLock<Keymap> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        check::check(DEFAULT_KEYMAP, None)
            .unwrap_or_else(|errors| panic!("assets/default-keymap.json has mistakes: {errors:?}"))
    })
}

/// The actions a keymap may name: those the default keymap binds, sorted.
pub fn actions() -> &'static BTreeSet<String> {
    static ACTIONS: OnceLock<BTreeSet<String>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        defaults()
            .bindings()
            .filter_map(|(_, binding)| binding.action.clone())
            .collect()
    })
}

/// Reads and checks the user's keymap at `path`: `Ok(None)` when there is none.
pub fn load(path: &Path) -> Result<Option<Keymap>, Vec<KeymapError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![KeymapError::at(0, format!("cannot read it: {e}"))]),
    }
}

/// Checks the text of a keymap file against the actions of the defaults. Empty
/// text (or comments only) is an empty keymap.
pub fn parse(text: &str) -> Result<Keymap, Vec<KeymapError>> {
    check::check(text, Some(actions()))
}

/// What `skit doctor` says about the keymap at `path`.
pub fn doctor_line(path: &Path) -> String {
    match load(path) {
        Ok(None) => format!("{} (none: the default keys)", path.display()),
        Ok(Some(keymap)) => format!(
            "{} (reads fine: {} binding{} over the defaults)",
            path.display(),
            keymap.len(),
            if keymap.len() == 1 { "" } else { "s" }
        ),
        Err(errors) => {
            let mut lines: Vec<String> = errors.iter().map(|e| e.located(path)).collect();
            lines.push("skit keeps the keys it had until it is fixed".into());
            lines.join("\n")
        }
    }
}

#[cfg(test)]
mod tests;
