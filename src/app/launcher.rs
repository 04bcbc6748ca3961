//! The launcher view: the script list, and while a script runs, its prompt.
//!
//! Screens: the script list; a running script (its current prompt, its output
//! lines); a failed run (exit code and stderr tail, until dismissed). Everything
//! that changes this state arrives through a method called by a listener: the list's
//! events, the run's events (the per-run channel, consumed by the task started in
//! [`Launcher::run_script`]), and the app's sources (see `app.rs`).

use std::collections::VecDeque;
use std::path::Path;

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, KeyBinding, ParentElement, Render, SharedString,
    StatefulInteractiveElement, Styled, Subscription, Task, Window, actions, div, px,
};
use serde_json::Value;

use super::choices_delegate::ChoicesDelegate;
use super::list::{ListEvent, ListView};
use super::scripts_delegate::ScriptsDelegate;
use super::theme::Theme;
use crate::catalog::Script;
use crate::protocol::{Choice, Message};
use crate::run::{self, RunContext, RunEvent, RunExit, RunHandle};
use crate::script_list::ScriptList;

actions!(launcher, [Dismiss]);

const CONTEXT: &str = "Launcher";
/// Plain-output lines kept per run.
const OUTPUT_LINES: usize = 2000;
pub const WIDTH: f32 = 750.;
/// The tallest the window gets; longer content scrolls.
pub const MAX_HEIGHT: f32 = 520.;
const QUERY_HEIGHT: f32 = 57.;
const FOOTER_HEIGHT: f32 = 36.;

/// The font families in use, chosen once at start from what is installed.
#[derive(Clone, Debug)]
pub struct Fonts {
    pub ui: SharedString,
    pub mono: SharedString,
}

impl gpui::Global for Fonts {}

impl Fonts {
    /// The first of `preferred` that is installed (else the last one, which gpui
    /// will substitute), and DejaVu Sans Mono for code.
    pub fn pick(preferred: &[&str], cx: &App) -> Fonts {
        let installed = cx.text_system().all_font_names();
        let ui = preferred
            .iter()
            .find(|name| installed.iter().any(|f| f == *name))
            .or(preferred.last())
            .map(|name| SharedString::from(name.to_string()))
            .unwrap_or_else(|| "DejaVu Sans".into());
        Fonts {
            ui,
            mono: "DejaVu Sans Mono".into(),
        }
    }
}

pub fn init(cx: &mut App) {
    cx.bind_keys([KeyBinding::new("escape", Dismiss, Some(CONTEXT))]);
}

/// What the launcher asks of the app around it.
#[derive(Clone, Debug, PartialEq)]
pub enum LauncherEvent {
    /// Hide the window (Escape on an empty list, a run that finished).
    Hide,
    /// Show the window (a script sent `show`, or a prompt while hidden).
    Show,
    /// Put text on the clipboard.
    Copy(String),
    /// Open a URL or path with the desktop's handler.
    Open(String),
}

pub struct Launcher {
    focus: FocusHandle,
    scripts: Entity<ListView<ScriptsDelegate>>,
    screen: Screen,
    context: RunContext,
    /// A one-line notice (messages this version cannot show yet, errors).
    pub notice: Option<SharedString>,
    _subscriptions: Vec<Subscription>,
}

enum Screen {
    Scripts,
    Running(Box<Running>),
    Failed(Failure),
}

struct Running {
    script_name: SharedString,
    handle: RunHandle,
    prompt: Prompt,
    output: VecDeque<String>,
    /// Consumes the run's event channel; dropping it stops listening.
    _listener: Task<()>,
}

enum Prompt {
    /// Before the first prompt, or after an answer until the next one.
    Waiting,
    Arg(ArgPrompt),
}

struct ArgPrompt {
    id: String,
    hint: Option<String>,
    /// The message as received, for `skit state`.
    message: Box<Message>,
    list: Entity<ListView<ChoicesDelegate>>,
    _subscriptions: [Subscription; 2],
}

struct Failure {
    title: String,
    detail: String,
}

impl EventEmitter<LauncherEvent> for Launcher {}

impl Focusable for Launcher {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match (&self.screen, self.arg_prompt()) {
            (_, Some(arg)) => arg.list.focus_handle(cx),
            (Screen::Scripts, _) => self.scripts.focus_handle(cx),
            _ => self.focus.clone(),
        }
    }
}

impl Launcher {
    pub fn new(
        delegate: ScriptsDelegate,
        context: RunContext,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> Self {
        let scripts = cx.new(|cx| ListView::new(delegate, "Run a script…", cx));
        let confirm = cx.subscribe_in(
            &scripts,
            window,
            |this, list, event: &ListEvent, window, cx| {
                if let ListEvent::Confirmed { index: Some(ix) } = event {
                    let script = list.read(cx).delegate.script(*ix).cloned();
                    if let Some(script) = script {
                        this.run_script(&script, window, cx);
                    }
                }
                cx.notify();
            },
        );
        // The list's changes are the launcher's changes (the window fits its content).
        let list_changes = cx.observe(&scripts, |_, _, cx| cx.notify());
        Launcher {
            focus: cx.focus_handle(),
            scripts,
            screen: Screen::Scripts,
            context,
            notice: None,
            _subscriptions: vec![confirm, list_changes],
        }
    }

    pub fn scripts(&self) -> &Entity<ListView<ScriptsDelegate>> {
        &self.scripts
    }

    /// Replaces the script list (live reload), keeping query and selection.
    pub fn set_scripts(&mut self, list: ScriptList, cx: &mut Context<Self>) {
        self.scripts.update(cx, |view, cx| {
            view.delegate.set_scripts(list);
            view.refresh(cx);
        });
    }

    /// Focuses the current screen's input.
    pub fn focus_input(&self, window: &mut Window, cx: &mut Context<Self>) {
        window.focus(&self.focus_handle(cx));
    }

    /// The run in progress, if any.
    pub fn run_handle(&self) -> Option<&RunHandle> {
        match &self.screen {
            Screen::Running(running) => Some(&running.handle),
            _ => None,
        }
    }

    /// The open `arg` prompt's list, if any.
    pub fn arg_list(&self) -> Option<&Entity<ListView<ChoicesDelegate>>> {
        self.arg_prompt().map(|arg| &arg.list)
    }

    fn arg_prompt(&self) -> Option<&ArgPrompt> {
        match &self.screen {
            Screen::Running(running) => match &running.prompt {
                Prompt::Arg(arg) => Some(arg),
                Prompt::Waiting => None,
            },
            _ => None,
        }
    }

    /// The failure on screen: title and detail.
    pub fn failure(&self) -> Option<(&str, &str)> {
        match &self.screen {
            Screen::Failed(f) => Some((&f.title, &f.detail)),
            _ => None,
        }
    }

    /// The plain-output lines of the current run.
    pub fn output(&self) -> Vec<String> {
        match &self.screen {
            Screen::Running(running) => running.output.iter().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Runs `script`; its events are consumed by a task owned by the run.
    pub fn run_script(&mut self, script: &Script, window: &mut Window, cx: &mut Context<Self>) {
        self.cancel_run();
        self.scripts
            .update(cx, |view, _| view.delegate.record_run(script));
        self.notice = None;
        self.start(&script.path, script.name.clone().into(), window, cx);
    }

    /// Runs the script at `path` (a shortcut or `skit run`).
    pub fn run_path(&mut self, path: &Path, window: &mut Window, cx: &mut Context<Self>) {
        let found = self
            .scripts
            .read(cx)
            .delegate
            .scripts()
            .iter()
            .find(|s| s.path == path)
            .cloned();
        match found {
            Some(script) => self.run_script(&script, window, cx),
            None => {
                self.cancel_run();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.start(path, name.into(), window, cx);
            }
        }
    }

    fn start(
        &mut self,
        path: &Path,
        name: SharedString,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        match run::start(path, &self.context) {
            Ok(run) => {
                let events = run.events;
                let listener = cx.spawn_in(window, async move |this, cx| {
                    while let Ok(event) = events.recv().await {
                        let delivered = this
                            .update_in(cx, |this, window, cx| this.on_run_event(event, window, cx));
                        if delivered.is_err() {
                            break;
                        }
                    }
                });
                self.screen = Screen::Running(Box::new(Running {
                    script_name: name,
                    handle: run.handle,
                    prompt: Prompt::Waiting,
                    output: VecDeque::new(),
                    _listener: listener,
                }));
            }
            Err(e) => {
                self.screen = Screen::Failed(Failure {
                    title: format!("“{name}” could not start"),
                    detail: e.message,
                });
                cx.emit(LauncherEvent::Show);
            }
        }
        self.focus_input(window, cx);
        cx.notify();
    }

    /// Stops the current run (Escape, another run, quitting).
    pub fn cancel_run(&mut self) {
        if let Screen::Running(running) = &self.screen {
            running.handle.cancel();
            self.screen = Screen::Scripts;
        }
    }

    fn on_run_event(&mut self, event: RunEvent, window: &mut Window, cx: &mut Context<Self>) {
        let Screen::Running(running) = &mut self.screen else {
            return;
        };
        match event {
            RunEvent::Message { message, .. } => self.on_message(message, window, cx),
            RunEvent::Output(line) => {
                if running.output.len() == OUTPUT_LINES {
                    running.output.pop_front();
                }
                running.output.push_back(line);
            }
            RunEvent::Error { line, message } => {
                tracing::warn!("{}: line {line}: {message}", running.script_name);
                self.notice = Some(format!("Line {line} of the script's output: {message}").into());
            }
            RunEvent::Exit(exit) => self.on_exit(exit, window, cx),
        }
        cx.notify();
    }

    fn on_message(&mut self, message: Message, window: &mut Window, cx: &mut Context<Self>) {
        let Screen::Running(running) = &mut self.screen else {
            return;
        };
        let received = message.clone();
        match message {
            Message::Arg {
                id,
                placeholder,
                hint,
                choices,
                strict,
            } => {
                let placeholder = placeholder.unwrap_or_else(|| "Type your answer…".into());
                let list = cx.new(|cx| {
                    ListView::new(ChoicesDelegate::new(choices, strict), placeholder, cx)
                });
                let confirm =
                    cx.subscribe_in(&list, window, |this, _, event: &ListEvent, window, cx| {
                        if let ListEvent::Confirmed { index } = event {
                            this.submit_arg(*index, window, cx);
                        }
                    });
                let list_changes = cx.observe(&list, |_, _, cx| cx.notify());
                running.prompt = Prompt::Arg(ArgPrompt {
                    id,
                    hint,
                    message: Box::new(received),
                    list,
                    _subscriptions: [confirm, list_changes],
                });
                cx.emit(LauncherEvent::Show);
                self.focus_input(window, cx);
            }
            Message::SetChoices { id, choices } => self.set_choices(&id, choices, cx),
            Message::Copy { text } => cx.emit(LauncherEvent::Copy(text)),
            Message::Open { target } => cx.emit(LauncherEvent::Open(target)),
            Message::Hide => cx.emit(LauncherEvent::Hide),
            Message::Show => cx.emit(LauncherEvent::Show),
            Message::Notify { text } => self.notice = Some(text.into()),
            Message::Exit { .. } => {
                running.handle.close_stdin();
                self.screen = Screen::Scripts;
                cx.emit(LauncherEvent::Hide);
                self.focus_input(window, cx);
            }
            other => {
                self.notice = Some(
                    format!(
                        "This version of skit cannot show a “{}” prompt yet",
                        other.kind()
                    )
                    .into(),
                );
            }
        }
    }

    fn set_choices(&mut self, id: &str, choices: Vec<Choice>, cx: &mut Context<Self>) {
        match self.arg_list() {
            Some(list) if self.prompt_id() == Some(id) => {
                list.update(cx, |view, cx| {
                    view.delegate.set_choices(choices);
                    view.refresh(cx);
                });
            }
            _ => tracing::warn!(
                "setChoices for prompt {id:?}, which is not the open arg prompt; ignored"
            ),
        }
    }

    fn prompt_id(&self) -> Option<&str> {
        self.arg_prompt().map(|arg| arg.id.as_str())
    }

    /// Enter in an `arg` prompt: the selected choice's value, or the typed text when
    /// there are no choices or the prompt is not strict.
    fn submit_arg(&mut self, index: Option<usize>, window: &mut Window, cx: &mut Context<Self>) {
        let Screen::Running(running) = &mut self.screen else {
            return;
        };
        let Prompt::Arg(ArgPrompt { id, list, .. }) = &running.prompt else {
            return;
        };
        let view = list.read(cx);
        let value = match index.and_then(|ix| view.delegate.choice(ix)) {
            Some(choice) => choice.value(),
            None if view.delegate.free_text || !view.delegate.strict => {
                Value::String(view.query(cx))
            }
            None => return, // strict, nothing matches: Enter does nothing
        };
        running.handle.submit(id, value);
        running.prompt = Prompt::Waiting;
        self.focus_input(window, cx);
        cx.notify();
    }

    fn on_exit(&mut self, exit: RunExit, window: &mut Window, cx: &mut Context<Self>) {
        let Screen::Running(running) = &self.screen else {
            return;
        };
        if exit.failed() {
            let title = match (exit.code, exit.signal) {
                (Some(code), _) => {
                    format!("“{}” failed with exit code {code}", running.script_name)
                }
                (None, Some(signal)) => {
                    format!("“{}” was killed by signal {signal}", running.script_name)
                }
                _ => format!("“{}” failed", running.script_name),
            };
            let detail = if exit.stderr.trim().is_empty() {
                "The script wrote nothing to stderr.".to_string()
            } else {
                exit.stderr
            };
            self.screen = Screen::Failed(Failure { title, detail });
            cx.emit(LauncherEvent::Show);
        } else {
            self.screen = Screen::Scripts;
            if self.notice.is_none() {
                cx.emit(LauncherEvent::Hide);
            }
        }
        self.focus_input(window, cx);
    }

    /// Escape: cancel the run, dismiss a failure, clear the query, or hide.
    fn dismiss(&mut self, _: &Dismiss, window: &mut Window, cx: &mut Context<Self>) {
        match &self.screen {
            Screen::Running(_) => self.cancel_run(),
            Screen::Failed(_) => self.screen = Screen::Scripts,
            Screen::Scripts => {
                if self.scripts.read(cx).query(cx).is_empty() {
                    cx.emit(LauncherEvent::Hide);
                } else {
                    self.scripts.update(cx, |view, cx| view.set_query("", cx));
                }
            }
        }
        self.notice = None;
        self.focus_input(window, cx);
        cx.notify();
    }

    /// Called when the window is shown by the hotkey: back to an empty list unless
    /// `keep_query`, with the cursor in the query.
    pub fn reset_for_show(
        &mut self,
        keep_query: bool,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        if matches!(self.screen, Screen::Failed(_)) {
            self.screen = Screen::Scripts;
        }
        if !keep_query && matches!(self.screen, Screen::Scripts) {
            self.scripts.update(cx, |view, cx| view.set_query("", cx));
        }
        self.focus_input(window, cx);
        cx.notify();
    }

    /// What is on screen, for `skit state`: `query`, `selected` (the selected
    /// script's or choice's name), `prompt` (the open prompt message or null),
    /// `screen` and `notice`.
    pub fn state(&self, cx: &App) -> Value {
        let (screen, query, selected, prompt) = match &self.screen {
            Screen::Scripts => {
                let view = self.scripts.read(cx);
                let selected = view
                    .selected_index()
                    .and_then(|ix| view.delegate.script(ix))
                    .map(|s| s.name.clone());
                ("scripts", view.query(cx), selected, Value::Null)
            }
            Screen::Running(running) => match &running.prompt {
                Prompt::Arg(ArgPrompt { list, message, .. }) => {
                    let view = list.read(cx);
                    let selected = view
                        .selected_index()
                        .and_then(|ix| view.delegate.choice(ix))
                        .map(|c| c.name().to_string());
                    let message = serde_json::to_value(message).unwrap_or(Value::Null);
                    ("prompt", view.query(cx), selected, message)
                }
                Prompt::Waiting => ("running", String::new(), None, Value::Null),
            },
            Screen::Failed(_) => ("failed", String::new(), None, Value::Null),
        };
        serde_json::json!({
            "screen": screen,
            "query": query,
            "selected": selected,
            "prompt": prompt,
            "notice": self.notice.as_ref().map(|n| n.to_string()),
        })
    }

    /// The window height this state wants, in logical pixels.
    pub fn desired_height(&self, cx: &App) -> f32 {
        let notice = if self.notice.is_some() { 36. } else { 0. };
        let body = match &self.screen {
            Screen::Scripts => self.scripts.read(cx).content_height(),
            Screen::Running(running) => {
                let output = if running.output.is_empty() { 0. } else { 120. };
                let prompt = match &running.prompt {
                    Prompt::Arg(ArgPrompt { list, hint, .. }) => {
                        list.read(cx).content_height() - QUERY_HEIGHT.min(0.)
                            + if hint.is_some() { 28. } else { 0. }
                    }
                    Prompt::Waiting => 96.,
                };
                prompt + output
            }
            Screen::Failed(_) => 320.,
        };
        let query = match &self.screen {
            Screen::Failed(_) => 0.,
            Screen::Running(running) if matches!(running.prompt, Prompt::Waiting) => 0.,
            _ => QUERY_HEIGHT,
        };
        query + body + notice + FOOTER_HEIGHT
    }

    fn render_footer(&self, theme: &Theme, cx: &App) -> AnyElement {
        let (left, keys): (String, Vec<(&str, &str)>) = match &self.screen {
            Screen::Scripts => {
                let count = self.scripts.read(cx).delegate.scripts().len();
                let left = format!("{count} script{}", if count == 1 { "" } else { "s" });
                (left, vec![("Run", "↵"), ("Hide", "esc")])
            }
            Screen::Running(running) => (
                running.script_name.to_string(),
                match running.prompt {
                    Prompt::Arg(_) => vec![("Submit", "↵"), ("Cancel", "esc")],
                    Prompt::Waiting => vec![("Stop", "esc")],
                },
            ),
            Screen::Failed(_) => ("Script failed".into(), vec![("Back", "esc")]),
        };
        let keys = keys.into_iter().map(|(label, key)| {
            div()
                .flex()
                .items_center()
                .gap_1p5()
                .child(div().text_color(theme.text_muted.0).child(label))
                .child(
                    div()
                        .px(px(5.))
                        .rounded(px(4.))
                        .bg(theme.badge_background.0)
                        .text_color(theme.badge_text.0)
                        .child(key),
                )
        });
        div()
            .h(px(FOOTER_HEIGHT))
            .flex_none()
            .px_4()
            .flex()
            .items_center()
            .justify_between()
            .border_t_1()
            .border_color(theme.border.0)
            .text_size(px(12.))
            .child(div().text_color(theme.text_muted.0).child(left))
            .child(div().flex().gap_4().children(keys))
            .into_any_element()
    }

    fn render_body(&self, theme: &Theme) -> AnyElement {
        match &self.screen {
            Screen::Scripts => self.scripts.clone().into_any_element(),
            Screen::Running(running) => {
                let prompt = match &running.prompt {
                    Prompt::Arg(ArgPrompt { list, hint, .. }) => div()
                        .flex_1()
                        .min_h_0()
                        .flex()
                        .flex_col()
                        .children(hint.as_ref().map(|hint| {
                            div()
                                .h(px(28.))
                                .px_4()
                                .flex()
                                .items_center()
                                .text_size(px(12.5))
                                .text_color(theme.text_muted.0)
                                .child(hint.clone())
                        }))
                        .child(list.clone())
                        .into_any_element(),
                    Prompt::Waiting => super::scripts_delegate::empty_state(
                        &format!("Running “{}”…", running.script_name),
                        "Press Escape to stop it.",
                        theme,
                    ),
                };
                div()
                    .flex_1()
                    .min_h_0()
                    .flex()
                    .flex_col()
                    .child(prompt)
                    .children(
                        (!running.output.is_empty()).then(|| render_output(&running.output, theme)),
                    )
                    .into_any_element()
            }
            Screen::Failed(failure) => div()
                .id("failure")
                .flex_1()
                .min_h_0()
                .p_4()
                .flex()
                .flex_col()
                .gap_2()
                .child(
                    div()
                        .text_size(px(16.))
                        .text_color(theme.error.0)
                        .child(failure.title.clone()),
                )
                .child(
                    div()
                        .id("stderr")
                        .flex_1()
                        .min_h_0()
                        .overflow_y_scroll()
                        .p_3()
                        .rounded(px(8.))
                        .bg(theme.error_background.0)
                        .text_color(theme.text.0)
                        .font_family("DejaVu Sans Mono")
                        .text_size(px(12.))
                        .child(failure.detail.clone()),
                )
                .into_any_element(),
        }
    }
}

fn render_output(output: &VecDeque<String>, theme: &Theme) -> AnyElement {
    // The last lines, newest at the bottom.
    let lines = output.iter().rev().take(6).rev().cloned();
    div()
        .id("output")
        .h(px(120.))
        .flex_none()
        .px_4()
        .py_2()
        .border_t_1()
        .border_color(theme.border.0)
        .bg(theme.code_background.0)
        .text_color(theme.text_muted.0)
        .font_family("DejaVu Sans Mono")
        .text_size(px(12.))
        .overflow_hidden()
        .flex()
        .flex_col()
        .justify_end()
        .children(lines.map(|line| div().whitespace_nowrap().child(line)))
        .into_any_element()
}

impl Render for Launcher {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let notice = self.notice.clone().map(|text| {
            div()
                .h(px(36.))
                .flex_none()
                .px_4()
                .flex()
                .items_center()
                .bg(theme.notice_background.0)
                .text_color(theme.notice_text.0)
                .text_size(px(13.))
                .child(text)
        });
        div()
            .id("launcher")
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::dismiss))
            .size_full()
            .flex()
            .flex_col()
            .overflow_hidden()
            .bg(theme.background.0)
            .border_1()
            .border_color(theme.border.0)
            .text_color(theme.text.0)
            .font_family(cx.global::<Fonts>().ui.clone())
            .child(
                div()
                    .flex_1()
                    .min_h_0()
                    .flex()
                    .flex_col()
                    .child(self.render_body(&theme)),
            )
            .children(notice)
            .child(self.render_footer(&theme, cx))
    }
}
