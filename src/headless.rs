//! The headless host: `skit run SCRIPT --headless`. Runs one script exactly as the
//! launcher would, with no window: what the launcher would show is printed as JSON
//! lines on stdout, and what the user would do is read as JSON lines from stdin.
//! Script authors test their scripts with it; skit's integration tests drive it.

use std::io::{BufRead, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::protocol::Reply;
use crate::run::{self, RunContext, RunEvent, RunHandle};

/// Runs `script` headless and returns the exit code the process should exit with:
/// the script's code, 128 + signal when it was killed, 126/127 when it could not
/// be started.
pub fn run(script: &Path, context: &RunContext) -> i32 {
    // Flushed whenever no further event is waiting, so a prompt is seen at once
    // while a flood of output is written in large blocks.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let run = match run::start(script, context) {
        Ok(run) => run,
        Err(e) => {
            let _ = print(
                &mut stdout,
                json!({"event":"error","line":0,"message":e.message}),
            );
            let _ = print(
                &mut stdout,
                json!({"event":"exit","code":e.code,"signal":null,"stderr":""}),
            );
            return e.code;
        }
    };
    let handle = run.handle.clone();
    let input = std::thread::Builder::new()
        .name("skit-headless-stdin".into())
        .spawn(move || read_user_actions(&handle));
    if let Err(e) = input {
        tracing::error!("cannot read stdin ({e}); the script gets no answers");
    }
    while let Ok(event) = run.events.recv_blocking() {
        let exit_code = match &event {
            RunEvent::Exit(exit) => Some(exit.shell_code()),
            _ => None,
        };
        let printed = writeln!(stdout, "{}", event_json(&event)).and_then(|()| {
            if run.events.is_empty() {
                stdout.flush()
            } else {
                Ok(())
            }
        });
        if printed.is_err() {
            // Nobody is reading what the script does any more: stop it.
            run.handle.cancel();
        }
        if let Some(code) = exit_code {
            return code;
        }
    }
    1
}

/// The JSON line printed for one event.
pub(crate) fn event_json(event: &RunEvent) -> Value {
    match event {
        RunEvent::Message { message, .. } => json!({"event":"prompt","message":message}),
        RunEvent::Output(text) => json!({"event":"output","text":text}),
        RunEvent::Error { line, message } => {
            json!({"event":"error","line":line,"message":message})
        }
        RunEvent::Exit(exit) => json!({
            "event":"exit",
            "code":exit.shell_code(),
            "signal":exit.signal,
            "stderr":exit.stderr,
        }),
    }
}

fn print(out: &mut impl Write, value: Value) -> std::io::Result<()> {
    writeln!(out, "{value}")?;
    out.flush()
}

/// One line of the host's stdin: a reply for the script, or a cancel.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum UserAction {
    Reply(Reply),
    Cancel {
        #[serde(rename = "type")]
        #[allow(dead_code)]
        kind: CancelTag,
    },
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
enum CancelTag {
    Cancel,
}

/// Forwards the host's stdin to the run. At its end no more answers can come, so
/// the script's stdin is closed too.
fn read_user_actions(handle: &RunHandle) {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<UserAction>(&line) {
            Ok(UserAction::Reply(reply)) => handle.send(reply),
            Ok(UserAction::Cancel { .. }) => handle.cancel(),
            Err(_) => eprintln!(
                "skit: ignoring input line {line:?}: expected {{\"type\":\"submit\",\"id\":...,\"value\":...}} \
                 or {{\"type\":\"cancel\"}}"
            ),
        }
    }
    handle.close_stdin();
}
