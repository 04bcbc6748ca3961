//! The headless host: `skit run SCRIPT --headless`. Runs one script exactly as the
//! launcher would, with no window: what the launcher would show is printed as JSON
//! lines on stdout, and what the user would do is read as JSON lines from stdin.
//! Script authors test their scripts with it; skit's integration tests drive it.
//!
//! `paste` and `type` are printed like any message (the text of a secret paste
//! replaced); `getSelection` is answered from stdin like a prompt, with a `submit`
//! whose value is the selected text or `null`.
//!
//! For live prompts (protocol 1.1) the host stands in for the window, with the
//! engine the window uses (`protocol::live`): it answers `hello`, sends the first
//! `input` event of a prompt that asked for it, and turns the user's `input`,
//! `focus` and `action` lines into the events the window would send, with their
//! `seq` numbers.
//!
//! An `env` prompt is answered from the env file or the environment when the
//! variable is there (nothing is printed, as the window shows nothing); otherwise
//! it is printed like any prompt, and the value submitted is stored in the env
//! file as the window would. Passwords and secrets never reach its output: a
//! password field's starting value is printed masked, and a line of stdin it
//! cannot use is reported by number, not echoed.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::protocol::live::{self, Conversation, FocusMove, Handling, LiveArg};
use crate::protocol::{Arg, Choice, EnvRequest, Message, Reply};
use crate::run::{self, Invocation, RunContext, RunEvent, RunHandle};

/// Runs `script` headless and returns the exit code the process should exit with:
/// the script's code, 128 + signal when it was killed, 126/127 when it could not
/// be started. The script gets `invocation`'s arguments and `SKIT_TRIGGER`.
pub fn run(script: &Path, context: &RunContext, invocation: &Invocation) -> i32 {
    // Flushed whenever no further event is waiting, so a prompt is seen at once
    // while a flood of output is written in large blocks.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let run = match run::start_with(script, context, invocation) {
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
    let prompt = Arc::new(Mutex::new(LivePrompt::new(context.env_file.clone())));
    let user_prompt = prompt.clone();
    let input = std::thread::Builder::new()
        .name("skit-headless-stdin".into())
        .spawn(move || read_user_actions(&handle, &user_prompt));
    if let Err(e) = input {
        tracing::error!("cannot read stdin ({e}); the script gets no answers");
    }
    while let Ok(event) = run.events.recv_blocking() {
        let mut shown = true;
        if let RunEvent::Message { message, .. } = &event {
            let answer = prompt.lock().expect("the live prompt").script_sent(message);
            if let Some(reply) = answer.reply {
                run.handle.send(reply);
            }
            // A prompt only the user can answer, once the user's input has ended:
            // the script learns that no answer comes.
            if answer.close_stdin {
                run.handle.close_stdin();
            }
            shown = answer.shown;
        }
        if !shown {
            continue;
        }
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
        // Passwords and a secret `paste` never reach the output.
        RunEvent::Message { message, .. } => {
            json!({"event":"prompt","message":message.without_secrets()})
        }
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

/// One line of the host's stdin: a reply for the script, what the user does in a
/// live prompt, or a cancel.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum UserAction {
    Reply(Reply),
    Live(LiveAction),
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

/// What the user does in the open `arg` prompt, standing for the window.
#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum LiveAction {
    /// Types `value` into the query.
    Input { value: String },
    /// Moves to choice `index` (its position among the script's choices).
    Focus { index: usize },
    /// Picks the prompt action `name`.
    Action { name: String },
}

/// The window's part, played by the host: the conversation with the script (the
/// engine both hosts share) and the open prompt as the window would hold it: an
/// `arg` prompt's choices and query, or the `env` prompt whose answer is stored.
struct LivePrompt {
    talk: Conversation,
    env: Option<EnvRequest>,
    arg: Option<(Arg, LiveArg)>,
    choices: Vec<Choice>,
    query: String,
    focused: Option<usize>,
}

/// What the host does with a message from the script.
struct Answer {
    /// What the window would answer at once.
    reply: Option<Reply>,
    /// Whether the window would show anything (an `env` answered at once: no).
    shown: bool,
    /// The script waits for the user, who is gone: it gets end-of-file.
    close_stdin: bool,
}

impl LivePrompt {
    fn new(env_file: PathBuf) -> LivePrompt {
        LivePrompt {
            talk: Conversation::new(env_file),
            env: None,
            arg: None,
            choices: Vec::new(),
            query: String::new(),
            focused: None,
        }
    }

    /// Follows what the script sent.
    fn script_sent(&mut self, message: &Message) -> Answer {
        let close_stdin = match self.talk.script_sent(message) {
            Handling::Answer(reply) => {
                return Answer {
                    shown: !matches!(message, Message::Env(_)),
                    reply: Some(reply),
                    close_stdin: false,
                };
            }
            Handling::Show { close_stdin } => close_stdin,
        };
        let mut reply = None;
        match message {
            Message::Arg(arg) => {
                let mut live = LiveArg::new(arg);
                self.choices = arg.choices.clone().unwrap_or_default();
                self.query = arg.input.clone().unwrap_or_default();
                self.focused = None;
                self.env = None;
                reply = live.input(self.query.clone());
                self.arg = Some(((**arg).clone(), live));
            }
            Message::Env(env) => {
                self.arg = None;
                self.env = Some((**env).clone());
            }
            Message::Div { .. }
            | Message::Fields { .. }
            | Message::Editor { .. }
            | Message::Path(_) => {
                self.arg = None;
                self.env = None;
            }
            Message::SetChoices {
                id,
                choices,
                append,
                seq,
            } => {
                if let Some((_, live)) = self.arg.as_mut().filter(|(arg, _)| &arg.id == id)
                    && live.accept_choices(*seq, *append).is_ok()
                {
                    if *append {
                        self.choices.extend(choices.iter().cloned());
                    } else {
                        self.choices = choices.clone();
                    }
                }
            }
            Message::Update(update) => {
                if let Some((arg, _)) = self.arg.as_mut().filter(|(arg, _)| arg.id == update.id) {
                    if let Some(actions) = &update.actions {
                        arg.actions = actions.clone();
                    }
                    if let Some(input) = &update.input {
                        self.query = input.clone();
                    }
                }
            }
            _ => {}
        }
        Answer {
            reply,
            shown: true,
            close_stdin,
        }
    }

    /// The user answered: an `env` prompt's value is stored in the env file, as
    /// the window does. A failure is reported without the value.
    fn user_submitted(&mut self, id: &str, value: &Value) {
        self.talk.user_answered(id);
        // An answer to the open prompt closes it (one to `getSelection` does not).
        if self.arg.as_ref().is_some_and(|(arg, _)| arg.id == id) {
            self.arg = None;
        }
        let Some(env) = self.env.take().filter(|env| env.id == id) else {
            return;
        };
        let Some(value) = value.as_str().filter(|v| !v.is_empty()) else {
            return;
        };
        if let Err(problem) = live::store_env(self.talk.env_file(), &env.key, value) {
            eprintln!("skit: {problem}");
        }
    }

    /// What the window sends when the user does `action`, if anything.
    fn user_did(&mut self, action: LiveAction) -> Result<Option<Reply>, String> {
        let Some((arg, live)) = &mut self.arg else {
            return Err("no arg prompt is open".into());
        };
        match action {
            LiveAction::Input { value } => {
                self.query = value.clone();
                Ok(live.input(value))
            }
            LiveAction::Focus { index } => {
                let choice = self.choices.get(index).ok_or_else(|| {
                    format!(
                        "the prompt has {} choices; there is no {index}",
                        self.choices.len()
                    )
                })?;
                self.focused = Some(index);
                // Each line is a move of the focus, even back to the same choice.
                live.unfocus();
                Ok(match live.focus(index, choice.key(), choice.value()) {
                    FocusMove::Moved(reply) => reply,
                    FocusMove::Same => None,
                })
            }
            LiveAction::Action { name } => {
                let action = arg
                    .actions
                    .iter()
                    .find(|a| a.name == name)
                    .ok_or_else(|| format!("the prompt has no action {name:?}"))?;
                let focused = self
                    .focused
                    .or((!self.choices.is_empty()).then_some(0))
                    .and_then(|ix| self.choices.get(ix))
                    .map(Choice::value);
                let reply = live.act(action, action.value.clone().or(focused), &self.query);
                if action.closes() {
                    self.arg = None;
                }
                Ok(reply)
            }
        }
    }
}

/// Forwards the host's stdin to the run. At its end no more answers can come:
/// the script's stdin is closed as soon as it waits for the user (at once, or at
/// its next prompt), but what the host answers by itself (`hello`, an `env` found
/// in the environment or the env file) is still answered first, as the window
/// would.
///
/// A line that cannot be used is reported by its number only: it may hold a
/// password.
fn read_user_actions(handle: &RunHandle, prompt: &Mutex<LivePrompt>) {
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let number = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<UserAction>(&line) {
            Ok(UserAction::Reply(reply)) => {
                if let Reply::Submit { id, value, .. } = &reply {
                    prompt
                        .lock()
                        .expect("the live prompt")
                        .user_submitted(id, value);
                }
                handle.send(reply)
            }
            Ok(UserAction::Live(action)) => {
                match prompt.lock().expect("the live prompt").user_did(action) {
                    Ok(Some(reply)) => handle.send(reply),
                    Ok(None) => {}
                    Err(e) => eprintln!("skit: ignoring input line {number}: {e}"),
                }
            }
            Ok(UserAction::Cancel { .. }) => handle.cancel(),
            Err(_) => eprintln!(
                "skit: ignoring input line {number}: expected {{\"type\":\"submit\",\"id\":...,\"value\":...}}, \
                 {{\"type\":\"input\",\"value\":...}}, {{\"type\":\"focus\",\"index\":N}}, \
                 {{\"type\":\"action\",\"name\":...}} or {{\"type\":\"cancel\"}}"
            ),
        }
    }
    if prompt.lock().expect("the live prompt").talk.user_left() {
        handle.close_stdin();
    }
}
