//! The keymap file as JSON that keeps its lines: serde_json checks the syntax
//! (and says where it is wrong), then a walker reads the valid document again,
//! noting the line each value and key starts on, for the errors.

use super::KeymapError;

/// Reads `text` (its comments taken out) into values with their lines, or says
/// where its JSON syntax is wrong.
pub(super) fn read(text: &str) -> Result<Node, KeymapError> {
    // serde_json finds syntax errors (with their column); the walk then reads a
    // document known to be valid, keeping each value's line.
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        return Err(KeymapError {
            line: e.line(),
            column: e.column(),
            message: format!("this is not valid JSON: {message}"),
        });
    }
    Ok(Walker::new(text).value())
}

/// A JSON value and the line it starts on.
pub(super) struct Node {
    pub(super) line: usize,
    pub(super) value: Json,
}

pub(super) enum Json {
    Null,
    Str(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
    /// A number or a boolean: never right in a keymap.
    Other,
}

/// An object's member: its key, the key's line, and its value.
pub(super) struct Member {
    pub(super) key: String,
    pub(super) line: usize,
    pub(super) value: Node,
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
