//! Commands from outside the window: the `--stdin-commands` reader and the control
//! socket (`$XDG_RUNTIME_DIR/skit.sock`) both turn JSON lines into [`Request`]s on
//! one bounded channel. The CLI (`skit toggle`, `skit state`, ...) is the socket's
//! client, and it is what Wayland users bind to a key in their compositor.
//!
//! One request per line, one JSON reply per line:
//! `{"command":"show"}`, `hide`, `toggle`, `quit`, `state`, and
//! `{"command":"run","name":"Timer"}` or `{"command":"run","path":"/abs/script.sh"}`,
//! either with `"args":["a","b"]` for the script's argv.
//!
//! A command that shows the window (`show`, `toggle`, `run`) may carry
//! `"activationToken":"…"`: the `xdg_activation_v1` token the desktop gave the
//! program that sent it (`skit toggle` passes on its `XDG_ACTIVATION_TOKEN` or
//! `DESKTOP_STARTUP_ID`), which lets an ordinary Wayland window take the focus.
//!
//! `{"command":"dmenu","args":[...]}` (from `skit dmenu`) is followed on the same
//! connection by the lines to choose from, as `{"rows":[...]}` lines and a last
//! `{"end":true}`; the reply comes when the user has chosen, and may come before
//! the lines end. A dmenu connection gets a thread of its own, so `skit state` and
//! the rest still answer while it is open.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_channel::{Receiver, Sender};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Capacity of the control channel.
pub const CHANNEL_CAPACITY: usize = 100;
/// Longest request line accepted from the socket.
const MAX_REQUEST: u64 = 64 * 1024;
/// A client that connects and sends nothing is dropped after this long.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

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
    /// lines follow on the connection.
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

/// A command and where its reply goes.
pub struct Request {
    pub command: Command,
    /// Receives one JSON value: `{"ok":true}`, an error, or the state.
    pub reply: Sender<Value>,
    /// For `dmenu`: the lines, in batches, as they arrive.
    pub rows: Option<Receiver<Vec<String>>>,
    /// The activation token the command came with, if any.
    pub activation_token: Option<String>,
}

/// The key of a request line that carries its activation token.
const ACTIVATION_TOKEN: &str = "activationToken";

/// Batches of dmenu lines in flight between the socket and the window; a client
/// that writes faster than the window takes them waits.
const ROWS_CAPACITY: usize = 16;

/// Parses one command line into its command and its activation token.
pub(crate) fn parse_line(line: &str) -> Result<(Command, Option<String>), String> {
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
    {
        format!(
            "bad command {line:?} ({e}); expected e.g. {{\"command\":\"toggle\"}} with show, hide, \
             toggle, quit, state, or run with a name or path"
        )
    }
}

/// Reads commands from stdin until it ends. Replies are printed on stdout.
pub fn read_stdin(requests: Sender<Request>) {
    let spawned = std::thread::Builder::new()
        .name("skit-stdin".into())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { return };
                if line.trim().is_empty() {
                    continue;
                }
                let (command, activation_token) = match parse_line(&line) {
                    Ok(parsed) => parsed,
                    Err(e) => {
                        tracing::warn!("stdin: {e}");
                        continue;
                    }
                };
                let (reply, replies) = async_channel::bounded(1);
                let request = Request {
                    command,
                    reply,
                    rows: None,
                    activation_token,
                };
                if requests.send_blocking(request).is_err() {
                    return;
                }
                if let Ok(value) = replies.recv_blocking() {
                    println!("{value}");
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot read commands from stdin: {e}");
    }
}

/// What [`bind`] found.
pub enum Bound {
    Listening(UnixListener),
    /// Another skit answers on the socket.
    AlreadyRunning,
}

/// Binds the control socket at `path`, replacing a stale one left by a crash.
pub fn bind(path: &Path) -> std::io::Result<Bound> {
    if path.exists() {
        match UnixStream::connect(path) {
            Ok(_) => return Ok(Bound::AlreadyRunning),
            Err(_) => {
                tracing::info!("replacing the stale socket {}", path.display());
                std::fs::remove_file(path)?;
            }
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(Bound::Listening(listener))
}

/// Serves the socket: one connection at a time, one request each.
pub fn serve(listener: UnixListener, requests: Sender<Request>) {
    let spawned = std::thread::Builder::new()
        .name("skit-socket".into())
        .spawn(move || {
            for stream in listener.incoming() {
                match stream {
                    Ok(stream) => {
                        if !answer(stream, &requests) {
                            return; // the app is gone
                        }
                    }
                    Err(e) => tracing::warn!("control socket: {e}"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot serve the control socket: {e}");
    }
}

/// Handles one client. Returns false when the app no longer takes requests.
fn answer(stream: UnixStream, requests: &Sender<Request>) -> bool {
    let _ = stream.set_read_timeout(Some(CLIENT_TIMEOUT));
    let _ = stream.set_write_timeout(Some(CLIENT_TIMEOUT));
    let mut line = String::new();
    let Ok(mut writer) = stream.try_clone() else {
        return true;
    };
    let mut reader = BufReader::new(stream);
    if reader
        .by_ref()
        .take(MAX_REQUEST)
        .read_line(&mut line)
        .is_err()
    {
        return true;
    }
    let reply = match parse_line(line.trim()) {
        Err(e) => json!({"ok": false, "error": e}),
        Ok((command @ Command::Dmenu { .. }, _)) => {
            let requests = requests.clone();
            let spawned = std::thread::Builder::new()
                .name("skit-dmenu".into())
                .spawn(move || serve_dmenu(command, reader, writer, &requests));
            if let Err(e) = spawned {
                tracing::error!("cannot serve skit dmenu: {e}");
            }
            return true;
        }
        Ok((command, activation_token)) => {
            let (reply, replies) = async_channel::bounded(1);
            let request = Request {
                command,
                reply,
                rows: None,
                activation_token,
            };
            if requests.send_blocking(request).is_err() {
                return false;
            }
            replies
                .recv_blocking()
                .unwrap_or_else(|_| json!({"ok": false, "error": "skit is quitting"}))
        }
    };
    let _ = writeln!(writer, "{reply}");
    true
}

/// One `skit dmenu` client: its lines go to the window as they arrive (on a thread
/// of their own, since the user may choose before they end), and the choice goes
/// back, after which the connection is closed.
fn serve_dmenu(
    command: Command,
    reader: BufReader<UnixStream>,
    mut writer: UnixStream,
    requests: &Sender<Request>,
) {
    let _ = writer.set_read_timeout(None);
    let (rows_tx, rows) = async_channel::bounded(ROWS_CAPACITY);
    let (reply, replies) = async_channel::bounded(1);
    let request = Request {
        command,
        reply,
        rows: Some(rows),
        activation_token: None,
    };
    if requests.send_blocking(request).is_err() {
        return;
    }
    let lines = std::thread::Builder::new()
        .name("skit-dmenu-rows".into())
        .spawn(move || {
            for line in reader.lines() {
                let Ok(line) = line else { break };
                match serde_json::from_str::<Value>(&line) {
                    Ok(Value::Object(batch)) if batch.contains_key("rows") => {
                        let rows: Vec<String> = batch["rows"]
                            .as_array()
                            .map(|rows| {
                                rows.iter()
                                    .filter_map(|r| r.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        if rows_tx.send_blocking(rows).is_err() {
                            break; // the window is done with this list
                        }
                    }
                    Ok(Value::Object(end)) if end.contains_key("end") => break,
                    _ => tracing::warn!("skit dmenu: ignoring a bad line from the client"),
                }
            }
        });
    if let Err(e) = lines {
        tracing::error!("cannot read the lines of skit dmenu: {e}");
    }
    let answer = replies
        .recv_blocking()
        .unwrap_or_else(|_| json!({"ok": false, "error": "skit is quitting"}));
    let _ = writeln!(writer, "{answer}");
    // The client may still be sending lines; it has its answer.
    let _ = writer.shutdown(std::net::Shutdown::Both);
}

/// Sends `command` to the running skit and returns its reply.
pub fn send(path: &Path, command: &Command) -> Result<Value, String> {
    send_with_token(path, command, None)
}

/// Sends `command` with the activation token the caller was started with (see
/// the module's doc), and returns the reply.
pub fn send_with_token(
    path: &Path,
    command: &Command,
    activation_token: Option<&str>,
) -> Result<Value, String> {
    let mut stream = UnixStream::connect(path).map_err(|e| {
        format!(
            "no running skit answers at {} ({e}); start it with `skit`",
            path.display()
        )
    })?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let line = request_line(command, activation_token);
    writeln!(stream, "{line}").map_err(|e| format!("cannot send the command: {e}"))?;
    let mut reply = String::new();
    BufReader::new(stream)
        .read_line(&mut reply)
        .map_err(|e| format!("no reply from skit: {e}"))?;
    serde_json::from_str(&reply).map_err(|e| format!("bad reply from skit {reply:?}: {e}"))
}

/// One request line: the command, and its activation token when there is one.
fn request_line(command: &Command, activation_token: Option<&str>) -> String {
    let mut line = serde_json::to_value(command).expect("commands serialize");
    if let (Some(token), Value::Object(fields)) = (activation_token, &mut line) {
        fields.insert(ACTIVATION_TOKEN.into(), token.into());
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activation_token_travels_with_its_command() {
        let line = request_line(&Command::Toggle, Some("tok-42"));
        assert_eq!(line, r#"{"command":"toggle","activationToken":"tok-42"}"#);
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
    fn socket_round_trip_and_stale_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("skit.sock");
        // A stale socket: bound once, listener gone.
        drop(UnixListener::bind(&path).unwrap());
        let Bound::Listening(listener) = bind(&path).unwrap() else {
            panic!("a stale socket must be replaced");
        };
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(matches!(bind(&path).unwrap(), Bound::AlreadyRunning));
        let (tx, rx) = async_channel::bounded(CHANNEL_CAPACITY);
        serve(listener, tx);
        std::thread::spawn(move || {
            while let Ok(request) = rx.recv_blocking() {
                let answer = json!({"ok": true, "got": request.command});
                request.reply.send_blocking(answer).unwrap();
            }
        });
        let reply = send(&path, &Command::State).unwrap();
        assert_eq!(reply, json!({"ok": true, "got": {"command": "state"}}));
    }
}
