//! The script protocol, version 1.1: every message between skit and a script, as
//! serde types. `docs/protocol.md` describes the contract for script authors.
//!
//! Scripts write one JSON object per line on stdout ([`Message`]); skit answers with
//! one JSON object per line on stdin ([`Reply`]). Field names are camelCase and
//! unknown fields are ignored. [`classify_line`] decides what a line of output is.
//!
//! Version 1.1 only adds: optional fields, new message types a script may send, and
//! replies a script receives only when it asks for them (`events` on `arg`,
//! `hello`). A version-1 script sees exactly what it saw before. Richer inputs
//! came the same way: `multiple` on `arg`, typed `fields`, and the `path` and
//! `env` prompts.

mod form;
pub mod live;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use form::{Field, FieldOption, FieldType};

/// The protocol's major version, given to scripts as `SKIT_PROTOCOL`.
pub(crate) const VERSION: u32 = 1;
/// The full version, answered to `hello`.
pub const VERSION_STRING: &str = "1.1";

/// The message types and 1.1 fields this skit understands, answered to `hello`.
pub const CAPABILITIES: &[&str] = &[
    "arg",
    "setChoices",
    "div",
    "fields",
    "editor",
    "notify",
    "copy",
    "open",
    "hide",
    "show",
    "exit",
    "hello",
    "setPreview",
    "update",
    "arg.events",
    "arg.filter",
    "arg.debounce",
    "arg.actions",
    "arg.preview",
    "arg.input",
    "choice.preview",
    "choice.tag",
    "choice.group",
    "choice.icon",
    "choice.id",
    "setChoices.seq",
    "path",
    "env",
    "arg.multiple",
    "field.type",
    "field.required",
    "field.options",
    "paste",
    "type",
    "getSelection",
];

/// What skit shows (in `skit state`, headless output) instead of a password.
pub const MASK: &str = "••••••••";

/// A message from a script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Message {
    /// Ask for text, optionally picked from a fuzzy-filtered list of choices.
    Arg(Box<Arg>),
    /// Replace the choices of the open `arg` prompt `id`; with `append: true` (a
    /// skit extension), add them after the current ones instead, so a script can
    /// stream more choices than fit in one 1 MiB line. With `seq` (1.1), a reply
    /// to an `input` event: one older than the newest sent is dropped.
    SetChoices {
        id: String,
        choices: Vec<Choice>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        append: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seq: Option<u64>,
    },
    /// (1.1) The preview of the focused row of `arg` prompt `id`, computed by the
    /// script; with `seq`, a reply to a `focus` event (older ones are dropped).
    SetPreview {
        id: String,
        markdown: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seq: Option<u64>,
    },
    /// (1.1) Changes the open `arg` prompt `id` without replacing it.
    Update(Box<Update>),
    /// (1.1) The script speaks 1.1; skit answers with its capabilities.
    Hello {
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sdk: Option<String>,
    },
    /// Show markdown; Enter submits `null`.
    Div { id: String, markdown: String },
    /// A form: text fields, and (1.1) typed ones.
    Fields { id: String, fields: Vec<Field> },
    /// (1.1) Pick a file or folder.
    Path(Box<PathRequest>),
    /// (1.1) The value of an environment variable: skit's, the env file's, or
    /// asked once and kept in the env file.
    Env(Box<EnvRequest>),
    /// A multi-line text area.
    Editor {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
    },
    /// A short-lived notice in the window.
    Notify { text: String },
    /// Put text on the clipboard.
    Copy { text: String },
    /// Open a URL or path with the desktop's handler.
    Open { target: String },
    /// (1.1) Hide the launcher and paste `text` into the window the user came
    /// from, then put the previous clipboard back. With `secret`, the clipboard
    /// offer is marked as a password (`x-kde-passwordManagerHint: secret`), so
    /// clipboard managers do not record it, and skit never prints or logs it.
    Paste {
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        secret: bool,
    },
    /// (1.1) Like `paste`, typing the text key by key (for fields that block paste).
    Type { text: String },
    /// (1.1) Asks for the PRIMARY selection (the text the user had selected);
    /// answered with a `submit` for `id` whose value is the text, or `null`.
    GetSelection { id: String },
    /// Hide the launcher window; the script keeps running.
    Hide,
    /// Show the launcher window again.
    Show,
    /// The script is done.
    Exit {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<i32>,
    },
}

impl Message {
    /// The prompt id, for messages that are prompts (they expect a `submit`).
    pub fn prompt_id(&self) -> Option<&str> {
        match self {
            Message::Arg(arg) => Some(&arg.id),
            Message::Div { id, .. }
            | Message::Fields { id, .. }
            | Message::Editor { id, .. }
            | Message::GetSelection { id } => Some(id),
            Message::Path(path) => Some(&path.id),
            Message::Env(env) => Some(&env.id),
            _ => None,
        }
    }

    /// The message as it may be shown or logged (`skit state`, the headless host):
    /// every password replaced by [`MASK`], a secret `paste` without its text.
    pub fn without_secrets(&self) -> Message {
        let mut message = self.clone();
        match &mut message {
            Message::Fields { fields, .. } => {
                for field in fields {
                    if field.kind == Some(FieldType::Password) && field.value.is_some() {
                        field.value = Some(Value::String(MASK.into()));
                    }
                }
            }
            Message::Paste {
                text, secret: true, ..
            } => *text = REDACTED.to_string(),
            _ => {}
        }
        message
    }

    /// The `type` string of this message.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Arg(_) => "arg",
            Message::SetChoices { .. } => "setChoices",
            Message::SetPreview { .. } => "setPreview",
            Message::Update(_) => "update",
            Message::Hello { .. } => "hello",
            Message::Div { .. } => "div",
            Message::Fields { .. } => "fields",
            Message::Path(_) => "path",
            Message::Env(_) => "env",
            Message::Editor { .. } => "editor",
            Message::Notify { .. } => "notify",
            Message::Copy { .. } => "copy",
            Message::Open { .. } => "open",
            Message::Paste { .. } => "paste",
            Message::Type { .. } => "type",
            Message::GetSelection { .. } => "getSelection",
            Message::Hide => "hide",
            Message::Show => "show",
            Message::Exit { .. } => "exit",
        }
    }
}

/// What stands for the text of a secret `paste` wherever a message is shown.
pub const REDACTED: &str = "(secret)";

/// The `arg` prompt.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arg {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<Choice>>,
    /// With `strict: false`, Enter on a query that matches nothing submits the
    /// typed text. Default true (when there are choices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    /// (1.1) The events skit sends this prompt: `input`, `focus`, `action`.
    /// Names skit does not know are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// (1.1) Who filters: skit (default) or the script (then skit sends `input`
    /// events and shows the choices in the script's order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// (1.1) Milliseconds between the last keystroke and an `input` event (100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debounce: Option<u64>,
    /// (1.1) What can be done to a row besides submitting it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<PromptAction>,
    /// (1.1) Keep the preview pane even before any row has a preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<bool>,
    /// (1.1) The query the prompt opens with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// (1.1) Several choices may be toggled; the answer is an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
}

impl Arg {
    /// Whether the script asked for events of `kind` (`input` is implied by
    /// `filter: "script"`).
    pub fn wants(&self, kind: &str) -> bool {
        self.events.iter().any(|e| e == kind)
            || (kind == "input" && self.filter == Some(Filter::Script))
    }
}

/// Who filters an `arg` prompt's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Filter {
    Skit,
    Script,
}

/// (1.1) An action of a prompt: in its Ctrl+K menu, in the footer, on its key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptAction {
    pub name: String,
    /// The key that does it from the prompt, in the hotkey syntax (`ctrl+o`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortcut: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sent with the action instead of the focused row's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Whether choosing it ends the prompt (default true): then it is a `submit`
    /// with `action`; otherwise an `action` event and the prompt stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<bool>,
}

impl PromptAction {
    pub fn closes(&self) -> bool {
        self.close.unwrap_or(true)
    }
}

/// (1.1) Changes to an open `arg` prompt; what is absent stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Sets the query text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loading: Option<bool>,
    /// A fraction from 0 to 1, or `null` to remove the progress bar.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "present_or_null"
    )]
    pub progress: Option<Option<f64>>,
    /// Text for the footer's left side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// What the footer calls Enter ("Open", "Kill"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enter_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<PromptAction>>,
}

/// A field that may be absent, present, or present as `null` (`Option<Option<T>>`).
mod present_or_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer, T: Serialize>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => value.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// One choice of an `arg` prompt: a plain string, or an object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Choice {
    Text(String),
    Item(Box<ChoiceItem>),
}

/// A choice written as an object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceItem {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// (1.1) Markdown for the preview pane while the row is focused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// (1.1) A short badge at the right of the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// (1.1) Rows with the same group are shown under one header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// (1.1) An emoji, or an absolute path to a PNG, SVG or JPEG image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// (1.1) A stable key: the selection follows it across `setChoices`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Choice {
    pub fn name(&self) -> &str {
        match self {
            Choice::Text(name) => name,
            Choice::Item(item) => &item.name,
        }
    }

    fn item(&self) -> Option<&ChoiceItem> {
        match self {
            Choice::Text(_) => None,
            Choice::Item(item) => Some(item),
        }
    }

    pub fn description(&self) -> Option<&str> {
        self.item()?.description.as_deref()
    }

    pub fn preview(&self) -> Option<&str> {
        self.item()?.preview.as_deref()
    }

    pub fn tag(&self) -> Option<&str> {
        self.item()?.tag.as_deref()
    }

    pub fn group(&self) -> Option<&str> {
        self.item()?.group.as_deref()
    }

    pub fn icon(&self) -> Option<&str> {
        self.item()?.icon.as_deref()
    }

    /// What keeps a row selected across `setChoices`: its `id`, else its name.
    pub fn key(&self) -> &str {
        self.item()
            .and_then(|item| item.id.as_deref())
            .unwrap_or(self.name())
    }

    /// What keeps a row toggled in a multi-select prompt while the rows change
    /// (filtering, `setChoices`): its `id`, else its value.
    pub fn toggle_key(&self) -> String {
        match self.item().and_then(|item| item.id.as_deref()) {
            Some(id) => format!("id:{id}"),
            None => format!("value:{}", self.value()),
        }
    }

    /// What is submitted when this choice is picked: its `value`, else its name.
    pub fn value(&self) -> Value {
        match self.item().and_then(|item| item.value.as_ref()) {
            Some(value) => value.clone(),
            None => Value::String(self.name().to_string()),
        }
    }
}

/// (1.1) The `path` prompt: pick a file or folder, starting in `startPath`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathRequest {
    pub id: String,
    /// Where to start (`~` is the home folder, and so is the start of a
    /// relative path). The home folder by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_path: Option<String>,
    /// List folders only: the answer is a folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_dirs: Option<bool>,
    /// List entries whose name starts with a dot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
}

/// (1.1) The `env` prompt: the value of variable `key`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvRequest {
    pub id: String,
    /// The variable's name: letters, digits and `_`, not starting with a digit.
    #[serde(deserialize_with = "variable_name")]
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Masked while typed, and never shown anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<bool>,
}

impl EnvRequest {
    pub fn secret(&self) -> bool {
        self.secret == Some(true)
    }
}

/// Whether `name` can be an environment variable's name in the env file.
pub(crate) fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn variable_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    if is_variable_name(&name) {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "key {name:?} is not a variable name: use letters, digits and _, not starting \
             with a digit"
        )))
    }
}

/// A message from skit to a script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Reply {
    /// The user answered prompt `id`. `value` is always present (possibly `null`);
    /// `action` (1.1) names the prompt action that answered it, if one did.
    Submit {
        id: String,
        value: Value,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<String>,
    },
    /// (1.1, asked for with `events`) The query of prompt `id` after an edit (and
    /// once when it opens); `seq` counts the `input` events of the prompt from 1.
    Input { id: String, value: String, seq: u64 },
    /// (1.1, asked for) The focused row changed; `value` is what it would submit.
    /// `seq` counts the `focus` events of the prompt from 1.
    Focus {
        id: String,
        index: usize,
        value: Value,
        seq: u64,
    },
    /// (1.1, asked for) An action that does not close the prompt was chosen.
    Action {
        id: String,
        action: String,
        value: Value,
        input: String,
    },
    /// (1.1) The answer to the script's `hello`.
    Hello {
        protocol: String,
        capabilities: Vec<String>,
    },
}

impl Reply {
    /// The answer to a script's `hello`.
    pub fn hello() -> Reply {
        Reply::Hello {
            protocol: VERSION_STRING.to_string(),
            capabilities: CAPABILITIES.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// A plain `submit`.
    pub fn submit(id: &str, value: Value) -> Reply {
        Reply::Submit {
            id: id.to_string(),
            value,
            action: None,
        }
    }
}

/// What one line of a script's stdout is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Line {
    /// A valid message.
    Message(Message),
    /// Not a JSON object with a string `type`: text for the output area.
    Output(String),
    /// Meant as a message but unusable (bad JSON, unknown type, missing field).
    Invalid(String),
}

/// Classifies one line (without its newline) of a script's stdout.
pub(crate) fn classify_line(line: &str) -> Line {
    let trimmed = line.trim();
    let value: Value = match serde_json::from_str(trimmed) {
        Ok(value) => value,
        // Text that starts like an object was meant as a message; anything else
        // (including `[1,2]`, `42`, prose) is plain output.
        Err(e) if trimmed.starts_with('{') => return Line::Invalid(format!("invalid JSON: {e}")),
        Err(_) => return Line::Output(line.to_string()),
    };
    let kind = match value.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        _ => return Line::Output(line.to_string()),
    };
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Line::Message(message),
        Err(e) => {
            let message = e.to_string();
            if message.starts_with(&format!("unknown variant `{kind}`")) {
                Line::Invalid(format!("unknown message type {kind:?}"))
            } else {
                Line::Invalid(format!("bad {kind:?} message: {message}"))
            }
        }
    }
}

#[cfg(test)]
mod tests;
