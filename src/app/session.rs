//! One run of a script in the window, from start to exit: it consumes the run's
//! event channel (in batches, so a script printing fast costs one update per batch,
//! not per line), opens the prompt each protocol message asks for, sends the
//! user's answers, keeps the plain-output lines, and reports everything the window
//! must do as a [`SessionEvent`]. It draws nothing: `screens/run.rs` does.
//!
//! What skit answers by itself (`hello`; an `env` whose variable is in the env
//! file or skit's environment) is answered here at once, by the live-prompt
//! engine the headless host shares (`protocol::live`); otherwise the prompt opens,
//! and the value the user gives an `env` prompt is stored in the env file (on a
//! background thread) as it is answered.
//!
//! A session is started by the window ([`RunSession::start`]), or takes over a
//! triggered run that asks something ([`RunSession::adopt`]); the launcher shows
//! the latter only while it has a prompt open.

use std::collections::VecDeque;
use std::path::Path;

use gpui::{App, AppContext, Context, EventEmitter, SharedString, Subscription, Task};
use serde_json::Value;

use super::prompts::{self, OpenPrompt, PromptEvent};
use crate::clipboard::{Delivery, Insert, Payload};
use crate::protocol::live::{self, Conversation, Handling};
use crate::protocol::{Message, PromptAction, Reply};
use crate::raycast::{self, Mode};
use crate::run::{
    self, Invocation, Run, RunContext, RunEvent, RunExit, RunHandle, StartError, Trigger,
};

/// Run events handled in one update at most.
const EVENT_BATCH: usize = 256;
/// Work handled in one update at most, in [`batch_work`]'s units: a script that
/// streams a million choices leaves the window time to answer between batches
/// (the whole stream in one update held the UI thread for 0.3 s).
const BATCH_WORK: usize = 50_000;

/// Returns to the executor once, so that the app's other tasks run first.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if std::mem::replace(&mut yielded, true) {
            std::task::Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

/// What an event costs the update that handles it: one, plus the choices it
/// brings.
fn batch_work(event: &RunEvent) -> usize {
    match event {
        RunEvent::Message {
            message: Message::SetChoices { choices, .. },
            ..
        } => 1 + choices.len(),
        _ => 1,
    }
}
/// Output lines a script command's failure shows.
const FAILURE_OUTPUT_LINES: usize = 40;
/// Plain-output lines kept per run.
pub(crate) const OUTPUT_LINES: usize = 5000;

/// What the window must do for the run.
#[derive(Clone, Debug)]
pub(crate) enum SessionEvent {
    /// A prompt opened or was answered: the screen changes size and focus.
    PromptChanged,
    /// The script asked to show or hide the window.
    Show,
    Hide,
    /// The script asked to put text on the clipboard, or open a URL or path.
    Copy(String),
    /// The script asked to paste or type text into the window the user came from.
    Insert(Insert),
    /// The script asked for the selected text (`getSelection` with this id);
    /// answer with [`RunSession::answer`].
    ReadSelection(String),
    Open(String),
    /// A notice for the user (the script's `notify`, or a bad output line).
    Notice(SharedString),
    /// The prompt's actions menu (Ctrl+K).
    OpenMenu(Vec<PromptAction>),
    /// The run is over: `None` when it ended well, else what went wrong.
    Ended(Option<Failure>),
}

/// A run that failed: what the failure screen shows.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    pub(crate) title: String,
    pub(crate) detail: String,
}

pub(crate) struct RunSession {
    name: SharedString,
    handle: RunHandle,
    /// What skit answers by itself (`hello`, an `env` it knows), as the headless
    /// host does: the engine both share.
    talk: Conversation,
    /// What started a run that began without the window (schedule, watch,
    /// background); `None` for the window's own runs.
    triggered: Option<Trigger>,
    /// The text typed after a keyword: the first `arg` prompt opens with it.
    first_input: Option<String>,
    prompt: Option<OpenPrompt>,
    /// Plain-output lines, newest last, and whether the output area is unfolded.
    output: VecDeque<SharedString>,
    output_expanded: bool,
    /// A Raycast script command's mode: how its output is shown.
    mode: Option<Mode>,
    /// The script command's file, with its mode.
    script: Option<std::path::PathBuf>,
    /// The run is over and its output stays on screen (`fullOutput`).
    finished: bool,
    /// Events received from the script so far.
    events: u64,
    /// The open prompt's events and changes.
    _prompt: Option<[Subscription; 2]>,
    /// Consumes the run's event channel; dropping it stops listening.
    _listener: Task<()>,
}

impl EventEmitter<SessionEvent> for RunSession {}

impl RunSession {
    /// Starts the script at `path` as `invocation` says; the session is created
    /// only once it runs. A keyword's input opens its first `arg` prompt.
    pub(crate) fn start<T>(
        path: &Path,
        name: SharedString,
        context: &RunContext,
        invocation: &Invocation,
        cx: &mut Context<T>,
    ) -> Result<gpui::Entity<RunSession>, StartError> {
        let run = run::start_with(path, context, invocation)?;
        Ok(RunSession::adopt(
            run,
            name,
            context,
            invocation.input.clone(),
            None,
            cx,
        ))
    }

    /// A session for a run that is already going: the window's own, or a
    /// triggered run (`triggered`: what started it) that asked something.
    pub(crate) fn adopt<T>(
        run: Run,
        name: SharedString,
        context: &RunContext,
        first_input: Option<String>,
        triggered: Option<Trigger>,
        cx: &mut Context<T>,
    ) -> gpui::Entity<RunSession> {
        cx.new(|cx| {
            let events = run.events;
            let listener = cx.spawn(async move |this, cx| {
                while let Ok(first) = events.recv().await {
                    // What else is already waiting is handled in the same update,
                    // up to a limit of events and of the work they carry.
                    let mut work = batch_work(&first);
                    let mut batch = vec![first];
                    while batch.len() < EVENT_BATCH && work < BATCH_WORK {
                        let Ok(event) = events.try_recv() else { break };
                        work += batch_work(&event);
                        batch.push(event);
                    }
                    let delivered = this.update(cx, |this: &mut RunSession, cx| {
                        for event in batch {
                            this.on_run_event(event, cx);
                        }
                        cx.notify();
                    });
                    if delivered.is_err() {
                        break;
                    }
                    // A stream that is never empty would otherwise keep this task
                    // running, and the window from answering anything else.
                    yield_now().await;
                }
            });
            RunSession {
                name,
                handle: run.handle,
                talk: Conversation::new(context.env_file.clone()),
                triggered,
                first_input,
                prompt: None,
                output: VecDeque::new(),
                output_expanded: true,
                mode: None,
                script: None,
                finished: false,
                events: 0,
                _prompt: None,
                _listener: listener,
            }
        })
    }

    pub(crate) fn name(&self) -> &SharedString {
        &self.name
    }

    /// What started it, when it began without the window.
    pub(crate) fn triggered(&self) -> Option<Trigger> {
        self.triggered
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn handle(&self) -> &RunHandle {
        &self.handle
    }

    /// The prompt on screen, if the script is waiting for an answer.
    pub(crate) fn prompt(&self) -> Option<&OpenPrompt> {
        self.prompt.as_ref()
    }

    pub(crate) fn output(&self) -> &VecDeque<SharedString> {
        &self.output
    }

    /// A Raycast script command's mode, set when it is started from the list.
    pub(crate) fn mode(&self) -> Option<Mode> {
        self.mode
    }

    pub(crate) fn set_mode(&mut self, mode: Mode, script: &Path) {
        self.mode = Some(mode);
        self.script = Some(script.to_path_buf());
    }

    /// The script command's file, when it is one.
    pub(crate) fn script(&self) -> Option<&Path> {
        self.script.as_deref()
    }

    /// Whether the run is over, its output kept on screen.
    pub(crate) fn finished(&self) -> bool {
        self.finished
    }

    pub(crate) fn finish(&mut self, cx: &mut Context<Self>) {
        self.finished = true;
        self.output_expanded = true;
        cx.notify();
    }

    /// The last line of output that is not blank, without its escape sequences
    /// (what `compact` and `silent` show).
    pub(crate) fn last_line(&self) -> Option<String> {
        self.output
            .iter()
            .rev()
            .map(|line| raycast::ansi::strip(line))
            .find(|line| !line.trim().is_empty())
    }

    pub(crate) fn output_expanded(&self) -> bool {
        self.output_expanded
    }

    pub(crate) fn toggle_output(&mut self, cx: &mut Context<Self>) {
        self.output_expanded = !self.output_expanded;
        cx.notify();
    }

    pub(crate) fn events(&self) -> u64 {
        self.events
    }

    /// Stops the script and everything it started.
    pub(crate) fn cancel(&self) {
        self.handle.cancel();
    }

    fn on_run_event(&mut self, event: RunEvent, cx: &mut Context<Self>) {
        self.events += 1;
        match event {
            RunEvent::Message { message, .. } => self.on_message(message, cx),
            RunEvent::Output(line) => {
                if self.output.len() == OUTPUT_LINES {
                    self.output.pop_front();
                }
                self.output.push_back(line.into());
            }
            RunEvent::Error { line, message } => {
                tracing::warn!("{}: line {line}: {message}", self.name);
                cx.emit(SessionEvent::Notice(
                    format!("Line {line} of the script's output: {message}").into(),
                ));
            }
            RunEvent::Exit(exit) => cx.emit(SessionEvent::Ended(self.failure(exit))),
        }
    }

    fn on_message(&mut self, mut message: Message, cx: &mut Context<Self>) {
        if let Handling::Answer(reply) = self.talk.script_sent(&message) {
            return self.handle.send(reply);
        }
        if let Message::Arg(arg) = &mut message
            && let Some(input) = self.first_input.take()
        {
            // The script's own `input` wins; ours is only a starting point.
            arg.input.get_or_insert(input);
        }
        let message = match prompts::open(message, cx) {
            Ok(prompt) => return self.show(prompt, cx),
            Err(message) => message,
        };
        let event = match message {
            Message::SetChoices { ref id, .. } | Message::SetPreview { ref id, .. } => {
                return self.deliver(id.clone(), message, cx);
            }
            Message::Update(ref update) => return self.deliver(update.id.clone(), message, cx),
            Message::Copy { text } => SessionEvent::Copy(text),
            Message::Paste { text, secret } => SessionEvent::Insert(Insert {
                payload: Payload::Text(text),
                delivery: Delivery::Paste,
                secret,
            }),
            Message::Type { text } => SessionEvent::Insert(Insert {
                payload: Payload::Text(text),
                delivery: Delivery::Type,
                secret: false,
            }),
            Message::GetSelection { id } => SessionEvent::ReadSelection(id),
            Message::Open { target } => SessionEvent::Open(target),
            Message::Hide => SessionEvent::Hide,
            Message::Show => SessionEvent::Show,
            Message::Notify { text } => SessionEvent::Notice(text.into()),
            Message::Exit { .. } => {
                // The script is done with the window; it may still be exiting.
                self.handle.close_stdin();
                SessionEvent::Ended(None)
            }
            Message::Hello { .. } => unreachable!("the conversation answers hello"),
            Message::Arg(_)
            | Message::Div { .. }
            | Message::Fields { .. }
            | Message::Editor { .. }
            | Message::Path(_)
            | Message::Env(_) => unreachable!("prompts::open takes every prompt"),
        };
        cx.emit(event);
    }

    /// Hands a message addressed to prompt `id` to it, if it is the one open.
    fn deliver(&mut self, id: String, message: Message, cx: &mut Context<Self>) {
        let kind = message.kind();
        let Some(prompt) = self.prompt.as_ref().filter(|p| p.id == id) else {
            tracing::warn!("{kind} for prompt {id:?}, which is not the open prompt; ignored");
            return;
        };
        if prompt.view.receive(message, cx).is_err() {
            tracing::warn!("{kind} does not apply to the open prompt {id:?}; ignored");
        }
    }

    fn show(&mut self, prompt: OpenPrompt, cx: &mut Context<Self>) {
        let session = cx.weak_entity();
        let events = prompt.view.on_event(
            Box::new(move |event, cx| {
                let event = event.clone();
                let _ = session.update(cx, |session, cx| session.on_prompt_event(event, cx));
            }),
            cx,
        );
        // The prompt's changes are the session's (the window fits its content).
        let session = cx.weak_entity();
        let changes = prompt.view.on_change(
            Box::new(move |cx| {
                let _ = session.update(cx, |_, cx| cx.notify());
            }),
            cx,
        );
        self._prompt = Some([events, changes]);
        prompt.view.opened(cx);
        self.prompt = Some(prompt);
        cx.emit(SessionEvent::PromptChanged);
    }

    fn on_prompt_event(&mut self, event: PromptEvent, cx: &mut Context<Self>) {
        match event {
            PromptEvent::Submit { value, action } => self.submit(value, action, cx),
            PromptEvent::Send(reply) => self.handle.send(reply),
            PromptEvent::OpenMenu(actions) => cx.emit(SessionEvent::OpenMenu(actions)),
        }
    }

    /// The prompt action `name` was chosen in the actions menu.
    pub(crate) fn act(&self, name: &str, cx: &mut App) {
        if let Some(prompt) = &self.prompt {
            prompt.view.act(name, cx);
        }
    }

    /// Answers a request that is not a prompt on screen (`getSelection`).
    pub(crate) fn answer(&self, id: String, value: Value) {
        self.handle.send(Reply::Submit {
            id,
            value,
            action: None,
        });
    }

    /// Answers the prompt on screen with `value`.
    fn submit(&mut self, value: Value, action: Option<String>, cx: &mut Context<Self>) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        self._prompt = None;
        self.talk.user_answered(&prompt.id);
        if let (Message::Env(env), Value::String(text)) = (&prompt.message, &value) {
            self.remember(env.key.clone(), text.clone(), cx);
        }
        self.handle.send(Reply::Submit {
            id: prompt.id,
            value,
            action,
        });
        cx.emit(SessionEvent::PromptChanged);
        cx.notify();
    }

    /// Stores the value an `env` prompt was given in the env file, off the UI
    /// thread. A failure is a notice naming the file, never the value.
    fn remember(&self, key: String, value: String, cx: &mut Context<Self>) {
        let file = self.talk.env_file().to_path_buf();
        let stored = cx.background_spawn(async move { live::store_env(&file, &key, &value).err() });
        cx.spawn(async move |this, cx| {
            if let Some(problem) = stored.await {
                tracing::warn!("{problem}");
                let _ = this.update(cx, |_, cx| cx.emit(SessionEvent::Notice(problem.into())));
            }
        })
        .detach();
    }

    /// What went wrong, when the exit is one the user should see.
    fn failure(&self, exit: RunExit) -> Option<Failure> {
        if !exit.failed() {
            return None;
        }
        let name = &self.name;
        let title = match (exit.code, exit.signal) {
            (Some(code), _) => format!("“{name}” failed with exit code {code}"),
            (None, Some(signal)) => format!("“{name}” was killed by signal {signal}"),
            _ => format!("“{name}” failed"),
        };
        let mut detail = if exit.stderr.trim().is_empty() {
            "The script wrote nothing to stderr.".to_string()
        } else {
            exit.stderr
        };
        // A script command reports its failure on stdout as much as on stderr.
        if self.mode.is_some() && !self.output.is_empty() {
            let skip = self.output.len().saturating_sub(FAILURE_OUTPUT_LINES);
            let output: Vec<String> = self
                .output
                .iter()
                .skip(skip)
                .map(|line| raycast::ansi::strip(line))
                .collect();
            detail = format!("{}\n\n{detail}", output.join("\n"));
        }
        Some(Failure { title, detail })
    }
}
