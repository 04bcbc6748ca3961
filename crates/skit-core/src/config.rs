//! The user's `config.json`: what it may contain, its defaults, and clear errors.
//!
//! A missing file means "all defaults". A file that does not parse is reported with
//! its path, line and column, and the caller keeps whatever configuration it had
//! before (the defaults at start-up): a typo never takes the launcher down.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

mod changes;
pub use changes::{Changes, changes};

/// The launcher hotkey used when the config names none. Ctrl+Alt+Space is free on
/// GNOME, KDE, Xfce, Cinnamon and MATE out of the box (Super+Space and Alt+Space,
/// which they do use, are avoided).
pub const DEFAULT_HOTKEY: &str = "ctrl+alt+space";
/// The hotkey that opens the clipboard history when the config names none.
pub(crate) const DEFAULT_CLIPBOARD_HOTKEY: &str = "ctrl+alt+v";

/// `clipboard.ignoreApps` by default: password managers whose copies are never
/// recorded, matched case-insensitively against the owner's WM_CLASS (instance and
/// class) and process name.
pub const DEFAULT_IGNORED_APPS: [&str; 3] = ["KeePassXC", "1Password", "Bitwarden"];

/// `clipboard.terminalClasses` by default: terminal emulators, which paste with
/// Ctrl+Shift+V, matched case-insensitively against the target's WM_CLASS instance
/// or class (on Wayland, its app id).
pub const DEFAULT_TERMINAL_CLASSES: [&str; 12] = [
    "xterm",
    "urxvt",
    "kitty",
    "alacritty",
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "tilix",
    "terminator",
    "wezterm",
    "foot",
    "st",
];

/// Everything a user can set. Field names are camelCase in the file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// The global hotkey that shows and hides the launcher, e.g. `"ctrl+alt+space"`.
    pub hotkey: String,
    /// `system` follows the desktop's light/dark preference.
    pub theme: ThemeChoice,
    /// Hide the launcher when it loses keyboard focus.
    pub hide_on_blur: bool,
    /// Keep the last query when the launcher is shown again (default: start empty).
    pub keep_query: bool,
    /// Interpreter per file extension (without the dot), overriding the built-in
    /// table: `{"py": "python3 -X utf8", "ts": ["deno", "run"]}`.
    pub(crate) interpreters: BTreeMap<String, CommandLine>,
    /// The program that opens scripts for editing; else `$VISUAL`, `$EDITOR`, `xdg-open`.
    pub editor: Option<CommandLine>,
    /// The language of scripts created from the launcher.
    pub new_script_language: ScriptLanguage,
    /// What the launcher lists.
    pub sources: Sources,
    /// Desktop-file ids of applications left out of the list ("Hide from skit").
    pub hidden_apps: Vec<String>,
    /// The global hotkey that opens the clipboard history; `""` for none.
    pub clipboard_hotkey: String,
    /// What the clipboard history records and keeps.
    pub clipboard: ClipboardConfig,
    /// The file index of "Search Files": its roots and exclusions.
    pub files: crate::files_index::FilesConfig,
    /// The window's backend: `"wayland"` (the default on a Wayland session: a
    /// native overlay, or a window where the compositor has no layer shell) or
    /// `"x11"` (through XWayland on a Wayland session). `SKIT_WAYLAND` wins.
    pub backend: Option<crate::desktop_session::Backend>,
    /// How `skit dmenu` filters.
    pub dmenu: DmenuConfig,
    /// Keys skit does not know: kept so they can be reported, never an error.
    #[serde(flatten)]
    pub(crate) unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hotkey: DEFAULT_HOTKEY.to_string(),
            theme: ThemeChoice::System,
            hide_on_blur: true,
            keep_query: false,
            interpreters: BTreeMap::new(),
            editor: None,
            new_script_language: ScriptLanguage::Bash,
            sources: Sources::default(),
            hidden_apps: Vec::new(),
            clipboard_hotkey: DEFAULT_CLIPBOARD_HOTKEY.to_string(),
            clipboard: ClipboardConfig::default(),
            files: Default::default(),
            backend: None,
            dmenu: DmenuConfig::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `dmenu` in the config file.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct DmenuConfig {
    /// `"rofi"` (the default): rows match and keep their order as in `rofi
    /// -dmenu`, so scripts written for rofi print the same. `"skit"`: skit's own
    /// fuzzy ranking, with the rows chosen before first.
    pub matching: DmenuMatching,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DmenuMatching {
    #[default]
    Rofi,
    Skit,
}

/// The kinds of rows the launcher lists; each can be turned off.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct Sources {
    pub scripts: bool,
    /// The desktop's applications.
    pub apps: bool,
    /// A calculator row for queries like `12*7` or `3 km in miles`.
    pub calculator: bool,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            scripts: true,
            apps: true,
            calculator: true,
        }
    }
}

/// `clipboard` in the config file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ClipboardConfig {
    /// Record the clipboard while skit runs.
    pub enabled: bool,
    /// Also record the PRIMARY selection (whatever text is selected).
    pub record_primary: bool,
    /// Apps whose copies are never recorded, by WM_CLASS or process name. Replaces
    /// the default list (the common password managers).
    pub ignore_apps: Vec<String>,
    /// Entries kept, not counting pinned ones; the oldest go first.
    pub max_entries: usize,
    /// The largest entry recorded, per kind, in bytes.
    pub max_bytes: MaxBytes,
    /// Windows that paste with Ctrl+Shift+V (terminal emulators), by WM_CLASS.
    pub terminal_classes: Vec<String>,
    #[serde(flatten)]
    pub(crate) unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for ClipboardConfig {
    fn default() -> Self {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        ClipboardConfig {
            enabled: true,
            record_primary: false,
            ignore_apps: strings(&DEFAULT_IGNORED_APPS),
            max_entries: 1000,
            max_bytes: MaxBytes::default(),
            terminal_classes: strings(&DEFAULT_TERMINAL_CLASSES),
            unknown: BTreeMap::new(),
        }
    }
}

/// `clipboard.maxBytes`: the largest text and image entries, in bytes.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct MaxBytes {
    pub text: usize,
    pub image: usize,
}

impl Default for MaxBytes {
    fn default() -> Self {
        MaxBytes {
            text: 1024 * 1024,
            image: 10 * 1024 * 1024,
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ScriptLanguage {
    Bash,
    Python,
    Node,
}

/// A program and its leading arguments, written either as one string split on
/// whitespace (`"python3 -X utf8"`) or as an array (`["deno", "run"]`). Never run
/// through a shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine(pub Vec<String>);

impl CommandLine {
    pub(crate) fn new(words: &[&str]) -> CommandLine {
        CommandLine(words.iter().map(|w| w.to_string()).collect())
    }

    pub(crate) fn program(&self) -> &str {
        &self.0[0]
    }

    pub(crate) fn args(&self) -> &[String] {
        &self.0[1..]
    }
}

impl<'de> Deserialize<'de> for CommandLine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Line(String),
            Words(Vec<String>),
        }
        let words = match Raw::deserialize(deserializer)? {
            Raw::Line(line) => line.split_whitespace().map(str::to_string).collect(),
            Raw::Words(words) => words,
        };
        if words.is_empty() || words[0].is_empty() {
            return Err(serde::de::Error::custom(
                "a command needs at least a program name",
            ));
        }
        Ok(CommandLine(words))
    }
}

/// Why a config file could not be used.
#[derive(Debug)]
pub struct ConfigError {
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `path`. A missing file gives the defaults; anything else that goes wrong
    /// is an error naming the file and, for syntax errors, the line and column.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read the config file: {e}"),
                });
            }
        };
        Config::parse(&text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// Parses the text of a config file: JSON, with `//` and `/* */` comments.
    pub fn parse(text: &str) -> Result<Config, serde_json::Error> {
        let text = strip_comments(text);
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        serde_json::from_str(&text)
    }

    /// The launcher hotkey, as written in the file.
    pub fn hotkey(&self) -> &str {
        &self.hotkey
    }

    /// Reads the config, falling back to the defaults with a logged error. For
    /// one-shot commands; the launcher keeps its previous config instead.
    pub fn load_or_default(path: &Path) -> Config {
        match Config::load(path) {
            Ok(config) => {
                config.warn_unknown_keys(path);
                config
            }
            Err(e) => {
                tracing::error!("{e}; using the default settings until it is fixed");
                Config::default()
            }
        }
    }

    /// Logs one warning per key skit does not know (usually a typo).
    pub fn warn_unknown_keys(&self, path: &Path) {
        for key in self.unknown.keys() {
            tracing::warn!("{}: unknown setting {key:?} is ignored", path.display());
        }
        for key in self.clipboard.unknown.keys() {
            tracing::warn!(
                "{}: unknown setting \"clipboard.{key}\" is ignored",
                path.display()
            );
        }
    }
}

/// Adds `app_id` to `hiddenApps` in the config file at `path`, editing its text so
/// the user's comments and layout stay, after checking the result still parses.
/// The file as it was is kept as `config.json.bak`.
pub fn hide_app(path: &Path, app_id: &str) -> Result<(), String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "{\n}\n".to_string(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let config = Config::parse(&text).map_err(|e| {
        format!(
            "{} has an error at line {}, column {}: fix it first ({e})",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if config.hidden_apps.iter().any(|id| id == app_id) {
        return Ok(());
    }
    let id = serde_json::to_string(app_id).expect("a string serializes");
    let stripped = strip_comments(&text);
    let edited = if stripped.trim().is_empty() {
        // Empty, or comments only: the defaults. The object goes after the comments
        // (a last line comment ended first).
        let newline = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        format!("{text}{newline}{{\n  \"hiddenApps\": [{id}]\n}}\n")
    } else {
        match top_level_value(&stripped, "hiddenApps") {
            Some(open) => {
                if stripped.as_bytes()[open] != b'[' {
                    return Err(format!("{}: hiddenApps is not a list", path.display()));
                }
                let empty = stripped[open + 1..].trim_start().starts_with(']');
                let insert = if empty { id } else { format!("{id}, ") };
                format!("{}{insert}{}", &text[..=open], &text[open + 1..])
            }
            None => {
                let brace = stripped
                    .find('{')
                    .ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
                let rest_empty = stripped[brace + 1..].trim_start().starts_with('}');
                let comma = if rest_empty { "" } else { "," };
                format!(
                    "{}\n  \"hiddenApps\": [{id}]{comma}{}",
                    &text[..=brace],
                    &text[brace + 1..]
                )
            }
        }
    };
    let check = Config::parse(&edited)
        .map_err(|e| format!("cannot add to hiddenApps in {} ({e})", path.display()))?;
    if !check.hidden_apps.iter().any(|id| id == app_id) {
        return Err(format!("cannot add to hiddenApps in {}", path.display()));
    }
    if path.exists() {
        std::fs::copy(path, path.with_extension("json.bak"))
            .map_err(|e| format!("cannot keep a copy of {}: {e}", path.display()))?;
    }
    crate::files::write_atomic(path, edited.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where the value of `key` in the top-level object of `json` (a valid document,
/// comments blanked) starts, as a byte offset. Only a key of the top-level object
/// counts: not the same key in a nested object, nor a string value that reads
/// like the key. A key written with escapes (`"hidden\u0041pps"`) is not found
/// (then a second one is added, which the parse check after the edit refuses).
fn top_level_value(json: &str, key: &str) -> Option<usize> {
    let bytes = json.as_bytes();
    let blanks = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count()
    };
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                // To the closing quote, skipping escaped characters.
                let mut end = at + 1;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let end = (end + 1).min(bytes.len());
                let colon = blanks(end);
                if depth == 1
                    && json.get(at + 1..end - 1) == Some(key)
                    && bytes.get(colon) == Some(&b':')
                {
                    return Some(blanks(colon + 1)).filter(|&value| value < bytes.len());
                }
                at = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// Blanks out `//` and `/* */` comments outside strings, keeping every newline
/// and the byte length of everything: offsets found in the result are offsets in
/// `text` (`hide_app` edits the original by them), and parse errors keep their
/// line and column (serde_json counts columns in bytes).
pub(crate) fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for comment in comments(text) {
        out.push_str(&text[copied..comment.start]);
        // One space per byte, not per character: a comment in Japanese is three
        // bytes a character.
        out.extend(
            text[comment.clone()]
                .bytes()
                .map(|b| if b == b'\n' { '\n' } else { ' ' }),
        );
        copied = comment.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The byte ranges of the comments in `text`, outside strings: `//` up to the end
/// of its line (the newline not included), `/* */` up to its `*/`. A `/*` that is
/// never closed ends the search: it stays in the text, so the JSON parser reports
/// it with its line and column rather than the rest of the file silently
/// vanishing into a comment. Every range starts and ends next to an ASCII byte or
/// at the end, so it can slice `text`.
fn comments(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            at += 1;
            continue;
        }
        let end = match (b, bytes.get(at + 1)) {
            (b'"', _) => {
                in_string = true;
                at += 1;
                continue;
            }
            (b'/', Some(b'/')) => text[at..].find('\n').map_or(text.len(), |n| at + n),
            (b'/', Some(b'*')) => match text[at + 2..].find("*/") {
                Some(n) => at + 2 + n + 2,
                None => break,
            },
            _ => {
                at += 1;
                continue;
            }
        };
        ranges.push(at..end);
        at = end;
    }
    ranges
}

#[cfg(test)]
mod tests;
