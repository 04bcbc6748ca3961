//! The messages skit's own processes exchange over the control socket, as types
//! both ends share: the CLI (`skit toggle`, `skit state`, `skit dmenu`, `skit
//! doctor`) writes a [`Command`] and reads a [`Reply`]; `skit dmenu` follows its
//! command with [`DmenuFeed`] lines; the launcher answers `state` with a
//! [`State`]. One JSON object per line. The socket itself (binding, threads,
//! timeouts) is `skit_linux::sources::control`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A request to the running launcher.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "camelCase")]
pub enum Command {
    Show,
    Hide,
    Toggle,
    Quit,
    /// Reply with the window's state.
    State,
    /// Show lines to choose from (`skit dmenu` with rofi's flags in `args`); the
    /// lines follow on the connection as [`DmenuFeed`]s.
    Dmenu {
        args: Vec<String>,
    },
    /// Run a script by name (as in `skit list`) or path, with `args` as its
    /// argv[1..].
    Run {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<PathBuf>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        args: Vec<String>,
    },
    /// Panic on the UI thread, for the crash test (debug builds only).
    #[cfg(debug_assertions)]
    TestPanic,
}

/// The key of a request line that carries its activation token.
const ACTIVATION_TOKEN: &str = "activationToken";

/// Parses one command line into its command and its activation token (the
/// `xdg_activation_v1` token the sender was started with, if any).
pub fn parse_line(line: &str) -> Result<(Command, Option<String>), String> {
    let mut value: Value = serde_json::from_str(line).map_err(|e| bad_command(line, &e))?;
    let token = match &mut value {
        Value::Object(fields) => match fields.remove(ACTIVATION_TOKEN) {
            Some(Value::String(token)) if !token.is_empty() => Some(token),
            _ => None,
        },
        _ => None,
    };
    let command = serde_json::from_value(value).map_err(|e| bad_command(line, &e))?;
    Ok((command, token))
}

fn bad_command(line: &str, e: &serde_json::Error) -> String {
    format!(
        "bad command {line:?} ({e}); expected e.g. {{\"command\":\"toggle\"}} with show, hide, \
         toggle, quit, state, or run with a name or path"
    )
}

/// One request line: the command, and its activation token when there is one.
pub fn request_line(command: &Command, activation_token: Option<&str>) -> String {
    let mut line = serde_json::to_value(command).expect("commands serialize");
    if let (Some(token), Value::Object(fields)) = (activation_token, &mut line) {
        fields.insert(ACTIVATION_TOKEN.into(), token.into());
    }
    line.to_string()
}

/// The launcher's answer to a command: `{"ok":true}`, `{"ok":false,"error":…}`,
/// what `skit dmenu` prints and exits with, or the state (its fields beside
/// `ok`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `dmenu`: what the client prints on stdout, and its exit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    /// `state`: what the window shows.
    #[serde(default, flatten, skip_serializing_if = "Option::is_none")]
    pub state: Option<Box<State>>,
}

impl Reply {
    /// Done.
    pub fn done() -> Reply {
        Reply {
            ok: true,
            ..Reply::default()
        }
    }

    /// Not done, and why.
    pub fn failed(error: impl Into<String>) -> Reply {
        Reply {
            ok: false,
            error: Some(error.into()),
            ..Reply::default()
        }
    }

    /// What `skit dmenu` prints, and its exit code.
    pub fn dmenu(stdout: String, code: i32) -> Reply {
        Reply {
            ok: true,
            stdout: Some(stdout),
            code: Some(code),
            ..Reply::default()
        }
    }

    pub fn state(state: State) -> Reply {
        Reply {
            ok: true,
            state: Some(Box::new(state)),
            ..Reply::default()
        }
    }

    /// The error of a failed reply.
    pub fn into_result(self) -> Result<Reply, String> {
        if self.ok {
            Ok(self)
        } else {
            Err(self
                .error
                .unwrap_or_else(|| "the command failed".to_string()))
        }
    }
}

/// A line `skit dmenu` sends after its command: a batch of rows, or the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DmenuFeed {
    Rows { rows: Vec<String> },
    End { end: bool },
}

/// What the launcher shows, for `skit state` (scripts, tests and `skit doctor`
/// read it). Passwords are masked in `prompt` and in the screen's details.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The screen on display (`scripts`, `prompt`, `actions`, `clipboard`...),
    /// and the stack it is the top of, bottom first: what Escape returns to.
    pub screen: String,
    pub stack: Vec<String>,
    pub query: String,
    /// The selected row's name.
    pub selected: Option<String>,
    /// The open prompt's message.
    pub prompt: Option<Value>,
    pub notice: Option<String>,
    /// A run's plain-output lines and the events it sent.
    pub output: usize,
    pub events: u64,
    /// Lists: how many rows show, and whether a ranking is still under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<bool>,
    /// The preview pane's markdown, when it shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// A triggered run on screen: its script's name; and how many more wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asking: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<usize>,
    pub visible: bool,
    pub pid: u32,
    /// The window's backend (`x11`, `wayland`) and surface (`overlay`, `window`).
    pub backend: String,
    pub surface: String,
    pub hotkey: HotkeyState,
    /// X11: whether the server has the window mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped: Option<bool>,
    /// What the screen adds: `toggled` (multi-select), `fields` and `errors` (a
    /// form), `folder` (a path prompt)...
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

/// How the launcher hotkey reaches skit, and what became of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HotkeyState {
    pub path: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activation_token_travels_with_its_command() {
        let line = request_line(&Command::Toggle, Some("tok-42"));
        assert_eq!(
            serde_json::from_str::<Value>(&line).unwrap(),
            serde_json::json!({"command": "toggle", "activationToken": "tok-42"})
        );
        assert_eq!(
            parse_line(&line).unwrap(),
            (Command::Toggle, Some("tok-42".to_string()))
        );
        // Without one (and from a client older than tokens) nothing changes.
        assert_eq!(request_line(&Command::Show, None), r#"{"command":"show"}"#);
        assert_eq!(
            parse_line(r#"{"command":"show"}"#).unwrap(),
            (Command::Show, None)
        );
        let run = r#"{"command":"run","name":"Clipboard History","activationToken":"t"}"#;
        assert_eq!(parse_line(run).unwrap().1.as_deref(), Some("t"));
        // An empty or non-string token is no token; the command still counts.
        assert_eq!(
            parse_line(r#"{"command":"toggle","activationToken":""}"#).unwrap(),
            (Command::Toggle, None)
        );
        assert_eq!(
            parse_line(r#"{"command":"toggle","activationToken":7}"#).unwrap(),
            (Command::Toggle, None)
        );
    }

    fn parse(line: &str) -> Result<Command, String> {
        parse_line(line).map(|(command, _)| command)
    }

    #[test]
    fn commands_parse() {
        assert_eq!(parse(r#"{"command":"toggle"}"#).unwrap(), Command::Toggle);
        assert_eq!(
            parse(r#"{"command":"run","name":"Timer"}"#).unwrap(),
            Command::Run {
                name: Some("Timer".into()),
                path: None,
                args: Vec::new(),
            }
        );
        let with_args = Command::Run {
            name: None,
            path: Some("/s/a.sh".into()),
            args: vec!["one".into(), "two words".into()],
        };
        let line = serde_json::to_string(&with_args).unwrap();
        assert_eq!(
            line,
            r#"{"command":"run","path":"/s/a.sh","args":["one","two words"]}"#
        );
        assert_eq!(parse(&line).unwrap(), with_args);
        let err = parse(r#"{"command":"dance"}"#).unwrap_err();
        assert!(err.contains("toggle"), "{err}");
        assert!(parse("toggle").is_err());
    }

    #[test]
    fn replies_keep_their_wire_form() {
        assert_eq!(
            serde_json::to_string(&Reply::done()).unwrap(),
            r#"{"ok":true}"#
        );
        assert_eq!(
            serde_json::to_string(&Reply::failed("no script named \"x\"")).unwrap(),
            r#"{"ok":false,"error":"no script named \"x\""}"#
        );
        let dmenu = Reply::dmenu("b\n".into(), 0);
        let line = serde_json::to_string(&dmenu).unwrap();
        assert_eq!(line, r#"{"ok":true,"stdout":"b\n","code":0}"#);
        assert_eq!(serde_json::from_str::<Reply>(&line).unwrap(), dmenu);
        assert_eq!(
            Reply::failed("gone").into_result().unwrap_err(),
            "gone".to_string()
        );
    }

    #[test]
    fn the_state_round_trips_with_the_screens_details_beside_its_fields() {
        let mut details = Map::new();
        details.insert("folder".into(), Value::from("/home/u"));
        let state = State {
            screen: "prompt".into(),
            stack: vec!["scripts".into(), "prompt".into()],
            rows: Some(3),
            matching: Some(false),
            hotkey: HotkeyState {
                path: "x11Grab".into(),
                detail: "ctrl+alt+space".into(),
            },
            details,
            ..State::default()
        };
        let line = serde_json::to_string(&Reply::state(state.clone())).unwrap();
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["ok"], true);
        assert_eq!(value["screen"], "prompt");
        assert_eq!(value["folder"], "/home/u");
        assert_eq!(value["hotkey"]["path"], "x11Grab");
        assert!(value.get("preview").is_none(), "absent parts are left out");
        let back: Reply = serde_json::from_str(&line).unwrap();
        assert_eq!(back.state.as_deref(), Some(&state));
    }

    #[test]
    fn dmenu_feed_lines() {
        let rows = DmenuFeed::Rows {
            rows: vec!["a".into(), "b c".into()],
        };
        assert_eq!(
            serde_json::to_string(&rows).unwrap(),
            r#"{"rows":["a","b c"]}"#
        );
        assert_eq!(
            serde_json::from_str::<DmenuFeed>(r#"{"end":true}"#).unwrap(),
            DmenuFeed::End { end: true }
        );
        assert!(serde_json::from_str::<DmenuFeed>(r#"{"rows":"x"}"#).is_err());
    }
}
