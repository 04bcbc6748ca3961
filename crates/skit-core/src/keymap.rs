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

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

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

/// dmenu mode's contexts: its keys are rofi's (`-kb-*`), never the keymap's.
const DMENU_CONTEXTS: &[&str] = &["DmenuScreen", "dmenu"];

/// Key names besides single characters, as gpui's Linux platform reports them.
const NAMED_KEYS: &[&str] = &[
    "enter",
    "escape",
    "backspace",
    "delete",
    "insert",
    "tab",
    "space",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "menu",
    "print",
    "pause",
    "back",
    "forward",
    "cut",
    "copy",
    "paste",
    "new",
    "open",
    "save",
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
        check(DEFAULT_KEYMAP, None)
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
    check(text, Some(actions()))
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

/// Parses and checks `text`; `actions` is the vocabulary (`None` for the
/// defaults, which define it).
fn check(text: &str, actions: Option<&BTreeSet<String>>) -> Result<Keymap, Vec<KeymapError>> {
    let text = crate::config::strip_comments(text);
    if text.trim().is_empty() {
        return Ok(Keymap::default());
    }
    // serde_json finds syntax errors (with their column); the walk below then
    // reads a document known to be valid, keeping each value's line.
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        return Err(vec![KeymapError {
            line: e.line(),
            column: e.column(),
            message: format!("this is not valid JSON: {message}"),
        }]);
    }
    let document = Walker::new(&text).value();
    let mut errors = Vec::new();
    let mut keymap = Keymap::default();
    // (context, keystrokes), both in their canonical form, to the line they are at.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let Json::Array(items) = document.value else {
        return Err(vec![KeymapError::at(
            document.line,
            "a keymap is a list of blocks: [ { \"context\": \"List\", \"bindings\": { \"ctrl-j\": \"list::SelectNext\" } } ]",
        )]);
    };
    for item in items {
        let Json::Object(members) = item.value else {
            errors.push(KeymapError::at(
                item.line,
                "each block is an object: { \"context\": \"List\", \"bindings\": { ... } }",
            ));
            continue;
        };
        let mut context: Option<(String, String)> = None;
        let mut context_failed = false;
        let mut bindings = None;
        for member in members {
            match member.key.as_str() {
                "context" => match member.value.value {
                    Json::Str(written) => match check_context(&written) {
                        Ok(canonical) => context = Some((written, canonical)),
                        Err(message) => {
                            context_failed = true;
                            errors.push(KeymapError::at(member.value.line, message))
                        }
                    },
                    _ => {
                        context_failed = true;
                        errors.push(KeymapError::at(
                            member.value.line,
                            "\"context\" is a string, such as \"List\"",
                        ))
                    }
                },
                "bindings" => match member.value.value {
                    Json::Object(members) => bindings = Some(members),
                    _ => {
                        bindings = Some(Vec::new());
                        errors.push(KeymapError::at(
                            member.value.line,
                            "\"bindings\" is an object: { \"ctrl-j\": \"list::SelectNext\" }",
                        ))
                    }
                },
                other => errors.push(KeymapError::at(
                    member.line,
                    format!("unknown key \"{other}\" (a block has \"context\" and \"bindings\")"),
                )),
            }
        }
        let Some(members) = bindings else {
            errors.push(KeymapError::at(item.line, "this block has no \"bindings\""));
            continue;
        };
        // A context that is wrong is reported already; its keys are not compared
        // with others'.
        let canonical_context = match &context {
            Some((_, canonical)) => canonical.clone(),
            None if context_failed => format!("\0line {}", item.line),
            None => String::new(),
        };
        let mut block = Block {
            context: context.map(|(written, _)| written),
            line: item.line,
            bindings: Vec::new(),
        };
        for member in members {
            let keys = match canonical_keystrokes(&member.key) {
                Ok(keys) => keys,
                Err(message) => {
                    errors.push(KeymapError::at(member.line, message));
                    continue;
                }
            };
            if let Some(first) = seen.insert((canonical_context.clone(), keys), member.line) {
                errors.push(KeymapError::at(
                    member.line,
                    format!(
                        "\"{}\" is bound twice in {} (also on line {first})",
                        member.key,
                        match &block.context {
                            Some(context) => format!("context \"{context}\""),
                            None => "blocks without a context".into(),
                        }
                    ),
                ));
                continue;
            }
            let action = match member.value.value {
                Json::Null => None,
                Json::Str(name) => match actions {
                    Some(known) if !known.contains(&name) => {
                        errors.push(KeymapError::at(
                            member.value.line,
                            unknown_action(&name, known),
                        ));
                        continue;
                    }
                    _ => Some(name),
                },
                _ => {
                    errors.push(KeymapError::at(
                        member.value.line,
                        format!(
                            "bind \"{}\" to an action's name in quotes, or to null to take the key away",
                            member.key
                        ),
                    ));
                    continue;
                }
            };
            block.bindings.push(Binding {
                keystrokes: member.key,
                action,
                line: member.line,
            });
        }
        keymap.blocks.push(block);
    }
    if errors.is_empty() {
        Ok(keymap)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn unknown_action(name: &str, known: &BTreeSet<String>) -> String {
    // Written without its namespace ("SelectNext"): the actions of that name.
    let short: Vec<&str> = known
        .iter()
        .filter(|action| action.rsplit("::").next() == Some(name))
        .map(String::as_str)
        .collect();
    let hint = if !short.is_empty() {
        format!(
            "did you mean {}?",
            short
                .iter()
                .map(|a| format!("\"{a}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    } else {
        closest(name, known.iter().map(String::as_str))
            .map(|near| format!("did you mean \"{near}\"?"))
            .unwrap_or_else(|| "the actions are listed in the README, \"Rebinding keys\"".into())
    };
    format!("unknown action \"{name}\" ({hint})")
}

/// The known name nearest to `name`, if one is near enough to be a typo.
fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    known
        .map(|candidate| (distance(&lower, &candidate.to_lowercase()), candidate))
        .filter(|(d, _)| *d <= 2.max(name.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Checks a context predicate (gpui's grammar: names, `!`, `&&`, `||`, `>`,
/// parentheses) and that every name is one of [`CONTEXTS`]; returns it with its
/// tokens one space apart, so that two spellings of one context compare equal.
fn check_context(source: &str) -> Result<String, String> {
    let tokens = tokenize_context(source)?;
    if tokens.is_empty() {
        return Err("the context is empty: leave \"context\" out to bind keys everywhere".into());
    }
    let mut parser = ContextParser {
        tokens: &tokens,
        at: 0,
        source,
    };
    parser.expression()?;
    if let Some(token) = tokens.get(parser.at) {
        return Err(format!(
            "cannot read the context \"{source}\": \"{token}\" is out of place (join names with &&, || or >)"
        ));
    }
    for token in &tokens {
        if !token.chars().next().is_some_and(is_name_char) {
            continue;
        }
        if DMENU_CONTEXTS.contains(&token.as_str()) {
            return Err(format!(
                "\"{token}\": the keys of skit dmenu are rofi's, set with its -kb-* options, not in keymap.json"
            ));
        }
        if !CONTEXTS.iter().any(|(name, _)| name == token) {
            let hint = closest(token, CONTEXTS.iter().map(|(name, _)| *name))
                .map(|near| format!("did you mean \"{near}\"?"))
                .unwrap_or_else(|| {
                    "the contexts are listed in the README, \"Rebinding keys\"".into()
                });
            return Err(format!("unknown context \"{token}\" ({hint})"));
        }
    }
    Ok(tokens.join(" "))
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn tokenize_context(source: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' | ')' | '>' => tokens.push(c.to_string()),
            '!' if chars.peek().is_some_and(|(_, n)| *n == '=') => {
                return Err(format!(
                    "cannot read the context \"{source}\": skit's contexts have no values to compare with !="
                ));
            }
            '!' => tokens.push("!".into()),
            '&' | '|' | '=' => {
                if chars.peek().map(|(_, n)| *n) != Some(c) {
                    return Err(format!(
                        "cannot read the context \"{source}\": write {c}{c}"
                    ));
                }
                chars.next();
                if c == '=' {
                    return Err(format!(
                        "cannot read the context \"{source}\": skit's contexts have no values to compare with =="
                    ));
                }
                tokens.push(format!("{c}{c}"));
            }
            c if is_name_char(c) => {
                let mut end = at + c.len_utf8();
                while let Some((next_at, next)) = chars.peek().copied() {
                    if !is_name_char(next) {
                        break;
                    }
                    end = next_at + next.len_utf8();
                    chars.next();
                }
                tokens.push(source[at..end].to_string());
            }
            other => {
                return Err(format!(
                    "cannot read the context \"{source}\": unexpected \"{other}\""
                ));
            }
        }
    }
    Ok(tokens)
}

/// Checks the shape of a context's tokens: `operand (operator operand)*`, where
/// an operand is a name, `!operand` or `(expression)`.
struct ContextParser<'a> {
    tokens: &'a [String],
    at: usize,
    source: &'a str,
}

impl ContextParser<'_> {
    fn expression(&mut self) -> Result<(), String> {
        self.operand()?;
        while let Some(token) = self.tokens.get(self.at) {
            if !matches!(token.as_str(), "&&" | "||" | ">") {
                break;
            }
            self.at += 1;
            self.operand()?;
        }
        Ok(())
    }

    fn operand(&mut self) -> Result<(), String> {
        let Some(token) = self.tokens.get(self.at) else {
            return Err(format!(
                "cannot read the context \"{}\": a context name is missing at its end",
                self.source
            ));
        };
        self.at += 1;
        match token.as_str() {
            "!" => self.operand(),
            "(" => {
                self.expression()?;
                if self.tokens.get(self.at).map(String::as_str) != Some(")") {
                    return Err(format!(
                        "cannot read the context \"{}\": a \")\" is missing",
                        self.source
                    ));
                }
                self.at += 1;
                Ok(())
            }
            name if name.chars().next().is_some_and(is_name_char) => Ok(()),
            other => Err(format!(
                "cannot read the context \"{}\": a context name is missing before \"{other}\"",
                self.source
            )),
        }
    }
}

/// Checks a keystroke sequence in gpui's syntax and returns its canonical form
/// (modifiers in one order, key in lower case, `secondary` as `ctrl`, `K` as
/// `shift-k`), so that two spellings of one key compare equal.
pub fn canonical_keystrokes(source: &str) -> Result<String, String> {
    let strokes: Vec<&str> = source.split_whitespace().collect();
    if strokes.is_empty() {
        return Err("an empty key: write one such as \"ctrl-j\"".into());
    }
    strokes
        .iter()
        .map(|stroke| {
            canonical_keystroke(stroke).map_err(|why| format!("invalid key \"{source}\": {why}"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|strokes| strokes.join(" "))
}

fn canonical_keystroke(stroke: &str) -> Result<String, String> {
    let (modifiers, key) = if stroke == "-" {
        ("", "-")
    } else if let Some(modifiers) = stroke.strip_suffix("--") {
        (modifiers, "-")
    } else {
        match stroke.rsplit_once('-') {
            Some((modifiers, key)) => (modifiers, key),
            None => ("", stroke),
        }
    };
    let (mut ctrl, mut alt, mut shift, mut platform, mut function) =
        (false, false, false, false, false);
    if !modifiers.is_empty() {
        for modifier in modifiers.split('-') {
            match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "secondary" => ctrl = true,
                "alt" => alt = true,
                "shift" => shift = true,
                "super" | "cmd" | "win" => platform = true,
                "fn" => function = true,
                "" => return Err("two - in a row".into()),
                "control" => return Err("write \"ctrl\", not \"control\"".into()),
                other => {
                    return Err(format!(
                        "unknown modifier \"{other}\" (the modifiers are ctrl, alt, shift and super)"
                    ));
                }
            }
        }
    }
    if key.is_empty() {
        return Err("there is no key after the last -".into());
    }
    let key = if key.chars().count() == 1 {
        let c = key.chars().next().unwrap_or_default();
        if c.is_ascii_uppercase() {
            shift = true;
        }
        key.to_ascii_lowercase()
    } else {
        let lower = key.to_ascii_lowercase();
        let function_key = lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=35).contains(&n));
        if !function_key && !NAMED_KEYS.contains(&lower.as_str()) {
            if key.contains('+') {
                return Err(format!(
                    "modifiers and the key are joined with -, as in \"{}\"",
                    key.replace('+', "-").to_ascii_lowercase()
                ));
            }
            let hint = closest(&lower, NAMED_KEYS.iter().copied())
                .map(|near| format!(" (did you mean \"{near}\"?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown key \"{key}\"{hint}; keys are a character or one of {}, f1 to f35",
                NAMED_KEYS.join(", ")
            ));
        }
        lower
    };
    let mut parts = Vec::new();
    for (on, name) in [
        (ctrl, "ctrl"),
        (alt, "alt"),
        (shift, "shift"),
        (platform, "super"),
        (function, "fn"),
    ] {
        if on {
            parts.push(name.to_string());
        }
    }
    parts.push(key);
    Ok(parts.join("-"))
}

/// A JSON value and the line it starts on.
struct Node {
    line: usize,
    value: Json,
}

enum Json {
    Null,
    Str(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
    /// A number or a boolean: never right in a keymap.
    Other,
}

/// An object's member: its key, the key's line, and its value.
struct Member {
    key: String,
    line: usize,
    value: Node,
}

/// Reads a JSON document that serde_json has already found valid, keeping the
/// line each value and key starts on (serde_json keeps none).
struct Walker<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Walker<'a> {
    fn new(text: &'a str) -> Walker<'a> {
        Walker {
            text,
            at: 0,
            line: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn blanks(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.at += 1;
        }
    }

    fn value(&mut self) -> Node {
        self.blanks();
        let line = self.line;
        let value = match self.peek() {
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.blanks();
                    match self.peek() {
                        Some(b']') | None => break,
                        Some(b',') => self.at += 1,
                        Some(_) => items.push(self.value()),
                    }
                }
                self.at += 1;
                Json::Array(items)
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                loop {
                    self.blanks();
                    match self.peek() {
                        Some(b'}') | None => break,
                        Some(b',') => self.at += 1,
                        Some(_) => {
                            let line = self.line;
                            let key = self.string();
                            self.blanks();
                            self.at += 1; // the colon
                            let value = self.value();
                            members.push(Member { key, line, value });
                        }
                    }
                }
                self.at += 1;
                Json::Object(members)
            }
            Some(b'"') => Json::Str(self.string()),
            Some(b'n') => {
                self.at += 4;
                Json::Null
            }
            _ => {
                // true, false or a number: up to the next delimiter.
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b']' | b'}') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Json::Other
            }
        };
        Node { line, value }
    }

    /// A string at the cursor, decoded (escapes and all) by serde_json.
    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => break,
                _ => {}
            }
        }
        let end = self.at.min(self.text.len());
        serde_json::from_str(&self.text[start..end]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
