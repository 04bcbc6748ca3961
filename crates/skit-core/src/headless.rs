//! The headless host: `skit run SCRIPT --headless`. Runs one script exactly as the
//! launcher would, with no window: what the launcher would show is printed as JSON
//! lines on stdout, and what the user would do is read as JSON lines from stdin.
//! Script authors test their scripts with it; skit's integration tests drive it.
//!
//! `paste` and `type` are printed like any message (the text of a secret paste
//! replaced); `getSelection` is answered from stdin like a prompt, with a `submit`
//! whose value is the selected text or `null`.
//!
//! For live prompts (protocol 1.1) the host stands in for the window: it answers
//! `hello`, sends the first `input` event of a prompt that asked for it, and turns
//! the user's `input`, `focus` and `action` lines into the events the window would
//! send, with their `seq` numbers.
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
    let prompt = Arc::new(Mutex::new(LivePrompt {
        env_file: context.env_file.clone(),
        ..LivePrompt::default()
    }));
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
            let mut prompt = prompt.lock().expect("the live prompt");
            let answer = prompt.script_sent(message);
            let answered = matches!(answer.reply, Some(Reply::Submit { .. }));
            if let Some(reply) = answer.reply {
                run.handle.send(reply);
            }
            // A prompt only the user can answer, once the user's input has ended:
            // the script learns that no answer comes.
            if let Some(id) = message.prompt_id().filter(|_| !answered) {
                prompt.awaiting = Some(id.to_string());
                if prompt.user_gone {
                    run.handle.close_stdin();
                }
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

/// The open prompt as the window would hold it: an `arg` prompt's choices and
/// query, or the `env` prompt whose answer is to be stored.
#[derive(Default)]
struct LivePrompt {
    env_file: PathBuf,
    env: Option<EnvRequest>,
    arg: Option<Arg>,
    choices: Vec<Choice>,
    query: String,
    focused: Option<usize>,
    input_seq: u64,
    focus_seq: u64,
    /// The prompt that waits for the user's answer (kept across prompts).
    awaiting: Option<String>,
    /// The host's stdin has ended: no answer from the user comes any more (kept
    /// across prompts).
    user_gone: bool,
}

/// What the host does with a message from the script.
struct Answer {
    /// What the window would answer at once.
    reply: Option<Reply>,
    /// Whether the window would show anything (an `env` answered at once: no).
    shown: bool,
}

impl LivePrompt {
    /// Follows what the script sent.
    fn script_sent(&mut self, message: &Message) -> Answer {
        let reply = |reply| Answer {
            reply: Some(reply),
            shown: true,
        };
        match message {
            Message::Hello { .. } => return reply(Reply::hello()),
            Message::Arg(arg) => {
                self.open(LivePrompt {
                    arg: Some((**arg).clone()),
                    choices: arg.choices.clone().unwrap_or_default(),
                    query: arg.input.clone().unwrap_or_default(),
                    ..LivePrompt::default()
                });
                if arg.wants("input")
                    && let Some(input) = self.input(self.query.clone())
                {
                    return reply(input);
                }
            }
            Message::Env(env) => {
                if let Some(value) = crate::env_file::lookup(&self.env_file, &env.key) {
                    return Answer {
                        reply: Some(Reply::submit(&env.id, Value::String(value))),
                        shown: false,
                    };
                }
                self.open(LivePrompt {
                    env: Some((**env).clone()),
                    ..LivePrompt::default()
                });
            }
            Message::Div { .. }
            | Message::Fields { .. }
            | Message::Editor { .. }
            | Message::Path(_) => self.open(LivePrompt::default()),
            Message::SetChoices {
                id,
                choices,
                append,
                seq,
            } if self.is_open(id) && seq.is_none_or(|seq| seq >= self.input_seq) => {
                if *append {
                    self.choices.extend(choices.iter().cloned());
                } else {
                    self.choices = choices.clone();
                }
            }
            Message::Update(update) if self.is_open(&update.id) => {
                if let (Some(arg), Some(actions)) = (&mut self.arg, &update.actions) {
                    arg.actions = actions.clone();
                }
                if let Some(input) = &update.input {
                    self.query = input.clone();
                }
            }
            _ => {}
        }
        Answer {
            reply: None,
            shown: true,
        }
    }

    /// A new prompt replaces the one open.
    fn open(&mut self, prompt: LivePrompt) {
        let env_file = std::mem::take(&mut self.env_file);
        let (awaiting, user_gone) = (self.awaiting.take(), self.user_gone);
        *self = LivePrompt {
            env_file,
            awaiting,
            user_gone,
            ..prompt
        };
    }

    /// The user answered: an `env` prompt's value is stored in the env file, as
    /// the window does. A failure is reported without the value.
    fn user_submitted(&mut self, id: &str, value: &Value) {
        if self.awaiting.as_deref() == Some(id) {
            self.awaiting = None;
        }
        // An answer to the open prompt closes it (one to `getSelection` does not).
        if self.is_open(id) {
            self.arg = None;
        }
        let Some(env) = self.env.take().filter(|env| env.id == id) else {
            return;
        };
        let Some(value) = value.as_str().filter(|v| !v.is_empty()) else {
            return;
        };
        match crate::env_file::store(&self.env_file, &env.key, value) {
            Ok(None) => {}
            Ok(Some(moved)) => eprintln!(
                "skit: the env file {} was not text: it is kept as {} and a new one holds {}",
                self.env_file.display(),
                moved.display(),
                env.key
            ),
            Err(e) => eprintln!(
                "skit: cannot save {} in {}: {e}; the script got it for this run only",
                env.key,
                self.env_file.display()
            ),
        }
    }

    fn is_open(&self, id: &str) -> bool {
        self.arg.as_ref().is_some_and(|arg| arg.id == id)
    }

    /// What the window sends when the user does `action`, if anything.
    fn user_did(&mut self, action: LiveAction) -> Result<Option<Reply>, String> {
        let Some(arg) = &self.arg else {
            return Err("no arg prompt is open".into());
        };
        match action {
            LiveAction::Input { value } => {
                self.query = value.clone();
                Ok(if arg.wants("input") {
                    self.input(value)
                } else {
                    None
                })
            }
            LiveAction::Focus { index } => {
                let choice = self.choices.get(index).ok_or_else(|| {
                    format!(
                        "the prompt has {} choices; there is no {index}",
                        self.choices.len()
                    )
                })?;
                self.focused = Some(index);
                if !arg.wants("focus") {
                    return Ok(None);
                }
                self.focus_seq += 1;
                Ok(Some(Reply::Focus {
                    id: arg.id.clone(),
                    index,
                    value: choice.value(),
                    seq: self.focus_seq,
                }))
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
                let value = action.value.clone().or(focused);
                if action.closes() {
                    let value = value.unwrap_or_else(|| Value::String(self.query.clone()));
                    let reply = Reply::Submit {
                        id: arg.id.clone(),
                        value,
                        action: Some(name),
                    };
                    self.arg = None;
                    return Ok(Some(reply));
                }
                Ok(arg.wants("action").then(|| Reply::Action {
                    id: arg.id.clone(),
                    action: name,
                    value: value.unwrap_or(Value::Null),
                    input: self.query.clone(),
                }))
            }
        }
    }

    fn input(&mut self, value: String) -> Option<Reply> {
        let arg = self.arg.as_ref()?;
        self.input_seq += 1;
        Some(Reply::Input {
            id: arg.id.clone(),
            value,
            seq: self.input_seq,
        })
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
    let mut prompt = prompt.lock().expect("the live prompt");
    prompt.user_gone = true;
    if prompt.awaiting.is_some() {
        handle.close_stdin();
    }
}
