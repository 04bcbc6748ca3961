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
use std::path::Path;
use std::time::Duration;

use async_channel::{Receiver, Sender};
pub use skit_core::control::{Command, DmenuFeed, Reply, State, parse_line, request_line};

/// Capacity of the control channel.
pub const CHANNEL_CAPACITY: usize = 100;
/// Longest request line accepted from the socket.
const MAX_REQUEST: u64 = 64 * 1024;
/// A client that connects and sends nothing is dropped after this long.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// A command and where its reply goes.
pub struct Request {
    pub command: Command,
    /// Receives the reply: done, an error, dmenu's answer, or the state.
    pub reply: Sender<Reply>,
    /// For `dmenu`: the lines, in batches, as they arrive.
    pub rows: Option<Receiver<Vec<String>>>,
    /// The activation token the command came with, if any.
    pub activation_token: Option<String>,
}

/// Batches of dmenu lines in flight between the socket and the window; a client
/// that writes faster than the window takes them waits.
const ROWS_CAPACITY: usize = 16;

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
                    println!("{}", reply_line(&value));
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
        Err(e) => Reply::failed(e),
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
                .unwrap_or_else(|_| Reply::failed("skit is quitting"))
        }
    };
    let _ = writeln!(writer, "{}", reply_line(&reply));
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
                match serde_json::from_str::<DmenuFeed>(&line) {
                    Ok(DmenuFeed::Rows { rows }) => {
                        if rows_tx.send_blocking(rows).is_err() {
                            break; // the window is done with this list
                        }
                    }
                    Ok(DmenuFeed::End { .. }) => break,
                    Err(_) => tracing::warn!("skit dmenu: ignoring a bad line from the client"),
                }
            }
        });
    if let Err(e) = lines {
        tracing::error!("cannot read the lines of skit dmenu: {e}");
    }
    let answer = replies
        .recv_blocking()
        .unwrap_or_else(|_| Reply::failed("skit is quitting"));
    let _ = writeln!(writer, "{}", reply_line(&answer));
    // The client may still be sending lines; it has its answer.
    let _ = writer.shutdown(std::net::Shutdown::Both);
}

/// Sends `command` to the running skit and returns its reply.
pub fn send(path: &Path, command: &Command) -> Result<Reply, String> {
    send_with_token(path, command, None)
}

/// Sends `command` with the activation token the caller was started with (see
/// the module's doc), and returns the reply.
pub fn send_with_token(
    path: &Path,
    command: &Command,
    activation_token: Option<&str>,
) -> Result<Reply, String> {
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

/// A reply as its line on the socket.
fn reply_line(reply: &Reply) -> String {
    serde_json::to_string(reply).expect("replies serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let answer = match request.command {
                    Command::State => Reply::failed("got state"),
                    _ => Reply::done(),
                };
                request.reply.send_blocking(answer).unwrap();
            }
        });
        let reply = send(&path, &Command::State).unwrap();
        assert_eq!(reply, Reply::failed("got state"));
        assert_eq!(send(&path, &Command::Show).unwrap(), Reply::done());
    }
}
