//! The script protocol, version 1: every message between skit and a script, as
//! serde types. `docs/protocol.md` describes the contract for script authors.
//!
//! Scripts write one JSON object per line on stdout ([`Message`]); skit answers with
//! one JSON object per line on stdin ([`Reply`]). Field names are camelCase and
//! unknown fields are ignored. [`classify_line`] decides what a line of output is.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The protocol version given to scripts as `SKIT_PROTOCOL`.
pub(crate) const VERSION: u32 = 1;

/// A message from a script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Message {
    /// Ask for text, optionally picked from a fuzzy-filtered list of choices.
    Arg {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        choices: Option<Vec<Choice>>,
        /// With `strict: false`, Enter on a query that matches nothing submits the
        /// typed text. Default true (when there are choices).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        strict: Option<bool>,
    },
    /// Replace the choices of the open `arg` prompt `id`; with `append: true` (a
    /// skit extension), add them after the current ones instead, so a script can
    /// stream more choices than fit in one 1 MiB line.
    SetChoices {
        id: String,
        choices: Vec<Choice>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        append: bool,
    },
    /// Show markdown; Enter submits `null`.
    Div { id: String, markdown: String },
    /// A form of single-line text fields.
    Fields { id: String, fields: Vec<Field> },
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
            Message::Arg { id, .. }
            | Message::Div { id, .. }
            | Message::Fields { id, .. }
            | Message::Editor { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The `type` string of this message.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Message::Arg { .. } => "arg",
            Message::SetChoices { .. } => "setChoices",
            Message::Div { .. } => "div",
            Message::Fields { .. } => "fields",
            Message::Editor { .. } => "editor",
            Message::Notify { .. } => "notify",
            Message::Copy { .. } => "copy",
            Message::Open { .. } => "open",
            Message::Hide => "hide",
            Message::Show => "show",
            Message::Exit { .. } => "exit",
        }
    }
}

/// One choice of an `arg` prompt: a plain string, or an object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Choice {
    Text(String),
    Item {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

impl Choice {
    pub(crate) fn name(&self) -> &str {
        match self {
            Choice::Text(name) | Choice::Item { name, .. } => name,
        }
    }

    pub(crate) fn description(&self) -> Option<&str> {
        match self {
            Choice::Text(_) => None,
            Choice::Item { description, .. } => description.as_deref(),
        }
    }

    /// What is submitted when this choice is picked: its `value`, else its name.
    pub(crate) fn value(&self) -> Value {
        match self {
            Choice::Item {
                value: Some(value), ..
            } => value.clone(),
            _ => Value::String(self.name().to_string()),
        }
    }
}

/// One field of a `fields` form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<String>,
}

/// A message from skit to a script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub(crate) enum Reply {
    /// The user answered prompt `id`. `value` is always present (possibly `null`).
    Submit { id: String, value: Value },
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
            if message.starts_with("unknown variant") {
                Line::Invalid(format!("unknown message type {kind:?}"))
            } else {
                Line::Invalid(format!("bad {kind:?} message: {message}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(message: Message) {
        let text = serde_json::to_string(&message).unwrap();
        assert_eq!(classify_line(&text), Line::Message(message), "{text}");
    }

    #[test]
    fn every_message_round_trips() {
        round_trip(Message::Arg {
            id: "1".into(),
            placeholder: Some("Pick".into()),
            hint: Some("h".into()),
            choices: Some(vec![
                Choice::Text("apple".into()),
                Choice::Item {
                    name: "Banana".into(),
                    value: Some(json!({"n": 2})),
                    description: Some("yellow".into()),
                },
            ]),
            strict: Some(false),
        });
        round_trip(Message::Arg {
            id: "2".into(),
            placeholder: None,
            hint: None,
            choices: None,
            strict: None,
        });
        round_trip(Message::SetChoices {
            id: "1".into(),
            choices: vec![Choice::Text("x".into())],
            append: false,
        });
        round_trip(Message::SetChoices {
            id: "1".into(),
            choices: vec![Choice::Text("y".into())],
            append: true,
        });
        round_trip(Message::Div {
            id: "d".into(),
            markdown: "# Hi\n*there*".into(),
        });
        round_trip(Message::Fields {
            id: "f".into(),
            fields: vec![Field {
                name: "title".into(),
                label: Some("Title".into()),
                placeholder: Some("…".into()),
                value: Some("v".into()),
            }],
        });
        round_trip(Message::Editor {
            id: "e".into(),
            value: Some("text\nmore".into()),
            placeholder: None,
        });
        round_trip(Message::Notify {
            text: "done".into(),
        });
        round_trip(Message::Copy { text: "c".into() });
        round_trip(Message::Open {
            target: "https://example.com".into(),
        });
        round_trip(Message::Hide);
        round_trip(Message::Show);
        round_trip(Message::Exit { code: Some(3) });
        round_trip(Message::Exit { code: None });
    }

    #[test]
    fn wire_format_is_camel_case_with_a_type_tag() {
        let text = serde_json::to_string(&Message::SetChoices {
            id: "1".into(),
            choices: vec![],
            append: false,
        })
        .unwrap();
        assert_eq!(text, r#"{"type":"setChoices","id":"1","choices":[]}"#);
        let reply = serde_json::to_string(&Reply::Submit {
            id: "1".into(),
            value: Value::Null,
        })
        .unwrap();
        assert_eq!(reply, r#"{"type":"submit","id":"1","value":null}"#);
        let parsed: Reply = serde_json::from_str(&reply).unwrap();
        assert_eq!(
            parsed,
            Reply::Submit {
                id: "1".into(),
                value: Value::Null
            }
        );
    }

    #[test]
    fn missing_required_fields_are_rejected() {
        for line in [
            r#"{"type":"arg"}"#,
            r#"{"type":"setChoices","id":"1"}"#,
            r#"{"type":"div","id":"1"}"#,
            r#"{"type":"fields","id":"1"}"#,
            r#"{"type":"fields","id":"1","fields":[{"label":"no name"}]}"#,
            r#"{"type":"editor"}"#,
            r#"{"type":"notify"}"#,
            r#"{"type":"copy"}"#,
            r#"{"type":"open"}"#,
            r#"{"type":"arg","id":"1","choices":[{"value":1}]}"#,
        ] {
            match classify_line(line) {
                Line::Invalid(why) => assert!(why.starts_with("bad"), "{line}: {why}"),
                other => panic!("{line} gave {other:?}"),
            }
        }
        assert!(serde_json::from_str::<Reply>(r#"{"type":"submit","id":"1"}"#).is_err());
    }

    #[test]
    fn unknown_fields_are_ignored_and_unknown_types_reported() {
        assert_eq!(
            classify_line(r#"{"type":"notify","text":"hi","colour":"red"}"#),
            Line::Message(Message::Notify { text: "hi".into() })
        );
        assert_eq!(
            classify_line(r#"{"type":"dance","id":"1"}"#),
            Line::Invalid("unknown message type \"dance\"".into())
        );
    }

    #[test]
    fn plain_output_and_broken_json() {
        for text in [
            "hello",
            "",
            "[1,2]",
            "42",
            r#"{"no":"type"}"#,
            r#"{"type":3}"#,
        ] {
            assert_eq!(
                classify_line(text),
                Line::Output(text.to_string()),
                "{text}"
            );
        }
        match classify_line(r#"{"type":"arg","id":"1""#) {
            Line::Invalid(why) => assert!(why.starts_with("invalid JSON"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn choice_values_default_to_names() {
        let choices: Vec<Choice> =
            serde_json::from_str(r#"["a", {"name":"B"}, {"name":"C","value":7}]"#).unwrap();
        let values: Vec<_> = choices.iter().map(Choice::value).collect();
        assert_eq!(values, [json!("a"), json!("B"), json!(7)]);
    }
}
