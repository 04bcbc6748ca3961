//! The fields of a `fields` form: a name, a label, and (protocol 1.1) a type that
//! says what the field answers (text, a number, a boolean, an option's value).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field of a `fields` form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// The starting value: text, (1.1) a number, `true`/`false` for a checkbox,
    /// an option's value (or name) for a select.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// (1.1) What kind of input it is; text by default.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<FieldType>,
    /// (1.1) An empty value (an unchecked checkbox) blocks submitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) required: Option<bool>,
    /// (1.1) The options of a `select` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FieldOption>,
}

impl Field {
    pub fn kind(&self) -> FieldType {
        self.kind.unwrap_or(FieldType::Text)
    }

    pub fn required(&self) -> bool {
        self.required == Some(true)
    }

    /// The label shown: `label`, else the name.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// (1.1) The kinds of form field, and what each answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldType {
    /// One line of text: a string.
    #[default]
    Text,
    /// One line drawn masked: a string, never shown anywhere.
    Password,
    /// A JSON number (`null` when left empty).
    Number,
    /// `true` or `false`; Space toggles it.
    Checkbox,
    /// One of `options`: its value.
    Select,
    /// Several lines: a string. Enter is a newline, Ctrl+Enter submits.
    Textarea,
}

/// (1.1) An option of a `select` field: a string, or a name with a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldOption {
    Text(String),
    Item {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
    },
}

impl FieldOption {
    pub fn name(&self) -> &str {
        match self {
            FieldOption::Text(name) | FieldOption::Item { name, .. } => name,
        }
    }

    /// What choosing it answers: its value, else its name.
    pub fn value(&self) -> Value {
        match self {
            FieldOption::Item {
                value: Some(value), ..
            } => value.clone(),
            other => Value::String(other.name().to_string()),
        }
    }
}
