//! Helpers shared by the integration tests: a temporary home for skit, and the
//! headless host driven as a real process.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::Value;

#[cfg(feature = "test-support")]
pub mod view;

/// Guards against a hung test; never reached when things work.
pub const DEADLOCK_GUARD: Duration = Duration::from_secs(60);

/// A temporary HOME with skit's XDG folders and a scripts folder.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("scripts")).unwrap();
        Home { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn scripts(&self) -> PathBuf {
        self.dir.path().join("scripts")
    }

    /// Writes a script into the scripts folder and returns its path.
    pub fn script(&self, name: &str, text: &str) -> PathBuf {
        let path = self.scripts().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Writes an executable script.
    pub fn executable(&self, name: &str, text: &str) -> PathBuf {
        let path = self.script(name, text);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// `skit ARGS` with this home as HOME and every XDG folder inside it.
    pub fn skit(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_skit"));
        command
            .args(args)
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.path().join("run"))
            .env("SKIT_SCRIPTS_DIR", self.scripts())
            .env_remove("SKIT_LOG");
        command
    }

    pub fn write_config(&self, json: &str) {
        let dir = self.path().join("config/skit");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.json"), json).unwrap();
    }

    /// Starts the headless host on `script` (a path or a name).
    pub fn headless(&self, script: &str) -> Host {
        Host::spawn(self.skit(&["run", script, "--headless"]))
    }
}

impl Host {
    /// Starts a prepared `skit run ... --headless` command.
    pub fn spawn(mut command: Command) -> Host {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("skit starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::sync_channel(1000);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Host {
            child,
            stdin,
            lines,
        }
    }
}

/// A running `skit run --headless`.
pub struct Host {
    pub child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Host {
    /// The next raw line the host printed, or None at its end.
    pub fn next_line(&mut self) -> Option<String> {
        match self.lines.recv_timeout(DEADLOCK_GUARD) {
            Ok(line) => Some(line),
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => {
                panic!("the headless host printed nothing for a minute")
            }
        }
    }

    /// The next event, parsed.
    pub fn next(&mut self) -> Value {
        let line = self
            .next_line()
            .expect("the host ended before the expected event");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("host printed non-JSON {line:?}: {e}"))
    }

    /// The next event, which must be a prompt message of `kind`; returns the message.
    pub fn expect_prompt(&mut self, kind: &str) -> Value {
        let event = self.next();
        assert_eq!(
            event["event"], "prompt",
            "expected a {kind} prompt, got {event}"
        );
        assert_eq!(
            event["message"]["type"], kind,
            "expected a {kind} prompt, got {event}"
        );
        event["message"].clone()
    }

    /// The next event, which must be an output line; returns its text.
    pub fn expect_output(&mut self) -> String {
        let event = self.next();
        assert_eq!(event["event"], "output", "expected output, got {event}");
        event["text"].as_str().unwrap().to_string()
    }

    /// Sends a raw line to the host's stdin.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Answers prompt `message` with `value`.
    pub fn submit(&mut self, message: &Value, value: Value) {
        let reply = serde_json::json!({"type":"submit","id":message["id"],"value":value});
        self.send(&reply.to_string());
    }

    pub fn cancel(&mut self) {
        self.send(r#"{"type":"cancel"}"#);
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Reads events up to the exit event, which it returns, then the host's exit
    /// code. Other events on the way are returned too.
    pub fn finish(mut self) -> (Vec<Value>, Value, i32) {
        let mut seen = Vec::new();
        loop {
            let event = self.next();
            if event["event"] == "exit" {
                assert!(
                    self.next_line().is_none(),
                    "the exit event must be the last line"
                );
                let status = self.child.wait().unwrap();
                return (seen, event, status.code().expect("host exits normally"));
            }
            seen.push(event);
        }
    }
}

/// True while process `pid` exists (zombies included).
pub fn alive(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Waits until `condition` holds, checking every 10 ms, up to the deadlock guard.
pub fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < DEADLOCK_GUARD,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
