//! The launcher view: the script list, and while a script runs, its prompt.
//!
//! Screens: the script list; a running script (its current prompt and its output
//! lines); a failed run (exit code and stderr tail, until dismissed). Everything
//! that changes this state arrives through a method called by a listener: the list's
//! and prompts' events, the run's events (the per-run channel, consumed by the task
//! started in [`Launcher::run_script`]), and the app's sources (see `app.rs`).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, KeyBinding, KeyContext, MouseButton, ParentElement, Render,
    ScrollStrategy, SharedString, StatefulInteractiveElement, Styled, Subscription, Task,
    UniformListScrollHandle, Window, actions, div, px, uniform_list,
};
use serde_json::{Value, json};

use super::choices_delegate::ChoicesDelegate;
use super::list::{ListEvent, ListView};
use super::notices::{self, Notices};
use super::prompts::{
    Panel, Submitted, div::DivPrompt, editor::EditorPrompt, fields::FieldsPrompt,
};
use super::script_actions::{ActionKind, ActionsDelegate, OpenMenu, Perform};
use super::scripts_delegate::{ScriptsDelegate, empty_state};
use super::text_input::TextInput;
use super::theme::Theme;
use crate::catalog::Script;
use crate::config::{CommandLine, ScriptLanguage};
use crate::protocol::{Choice, Message};
use crate::run::{self, RunContext, RunEvent, RunExit, RunHandle};
use crate::script_list::ScriptList;

actions!(launcher, [Dismiss, ToggleOutput, Accept]);

const CONTEXT: &str = "Launcher";
/// Run events handled in one update at most.
const EVENT_BATCH: usize = 256;
/// Plain-output lines kept per run.
pub const OUTPUT_LINES: usize = 5000;
pub const WIDTH: f32 = 750.;
/// The tallest the window gets; longer content scrolls.
pub const MAX_HEIGHT: f32 = 520.;
const QUERY_HEIGHT: f32 = 57.;
const FOOTER_HEIGHT: f32 = 36.;
const HINT_HEIGHT: f32 = 28.;
const OUTPUT_HEADER: f32 = 28.;
const OUTPUT_LINE: f32 = 18.;
const OUTPUT_BODY: f32 = 126.;

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
    cx.bind_keys([
        KeyBinding::new("escape", Dismiss, Some(CONTEXT)),
        KeyBinding::new("ctrl-o", ToggleOutput, Some(CONTEXT)),
        // Rename and delete confirmation: Enter accepts.
        KeyBinding::new("enter", Accept, Some("Launcher && dialog")),
    ]);
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

/// The parts of the configuration the launcher acts on.
#[derive(Clone, Debug)]
pub struct Settings {
    pub editor: Option<CommandLine>,
    pub new_script_language: ScriptLanguage,
    pub scripts_dir: PathBuf,
    pub trash_dir: PathBuf,
}

pub struct Launcher {
    focus: FocusHandle,
    pub settings: Settings,
    scripts: Entity<ListView<ScriptsDelegate>>,
    screen: Screen,
    context: RunContext,
    notices: Entity<Notices>,
    /// A problem to show until dismissed (bad config, a hotkey someone else holds).
    pub problem: Option<SharedString>,
    /// Hide the window once the notices on screen are done (a run that finished
    /// with a notice).
    hide_when_quiet: bool,
    _subscriptions: Vec<Subscription>,
}

enum Screen {
    Scripts,
    Running(Box<Running>),
    Failed(Failure),
    /// The actions menu (Ctrl+K) for a script.
    Actions {
        script: Box<Script>,
        list: Entity<ListView<ActionsDelegate>>,
        _confirm: Subscription,
    },
    /// A new name for a script.
    Rename {
        script: Box<Script>,
        input: Entity<TextInput>,
    },
    /// "Move this script to the trash?"
    ConfirmDelete {
        script: Box<Script>,
    },
    /// The first-start page.
    Welcome {
        page: Entity<DivPrompt>,
        _done: Subscription,
    },
}

struct Running {
    script_name: SharedString,
    handle: RunHandle,
    prompt: Prompt,
    output: Output,
    /// Events received from the script so far.
    events: u64,
    /// Consumes the run's event channel; dropping it stops listening.
    _listener: Task<()>,
}

/// The prompt on screen while a script runs.
enum Prompt {
    /// Before the first prompt, or after an answer until the next one.
    Waiting,
    /// `arg`: the list component with the script's choices.
    Arg {
        id: String,
        hint: Option<String>,
        list: Entity<ListView<ChoicesDelegate>>,
        /// The message as received, for `skit state`.
        message: Box<Message>,
        _subscriptions: [Subscription; 2],
    },
    /// `div`, `fields`, `editor`.
    Panel {
        id: String,
        panel: Panel,
        message: Box<Message>,
        _submitted: Subscription,
    },
}

/// A run's plain-output lines, newest last.
struct Output {
    lines: VecDeque<SharedString>,
    expanded: bool,
    scroll: UniformListScrollHandle,
}

struct Failure {
    title: String,
    detail: String,
}

impl EventEmitter<LauncherEvent> for Launcher {}

impl Focusable for Launcher {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match &self.screen {
            Screen::Scripts => self.scripts.focus_handle(cx),
            Screen::Running(running) => match &running.prompt {
                Prompt::Arg { list, .. } => list.focus_handle(cx),
                Prompt::Panel { panel, .. } => panel.focus_handle(cx),
                Prompt::Waiting => self.focus.clone(),
            },
            Screen::Actions { list, .. } => list.focus_handle(cx),
            Screen::Rename { input, .. } => input.focus_handle(cx),
            Screen::Welcome { page, .. } => page.focus_handle(cx),
            Screen::Failed(_) | Screen::ConfirmDelete { .. } => self.focus.clone(),
        }
    }
}

impl Launcher {
    pub fn new(
        delegate: ScriptsDelegate,
        context: RunContext,
        settings: Settings,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> Self {
        let scripts = cx.new(|cx| ListView::new(delegate, "Run a script…", cx));
        let confirm = cx.subscribe_in(
            &scripts,
            window,
            |this, list, event: &ListEvent, window, cx| {
                if let ListEvent::Confirmed { index: Some(ix) } = event {
                    let view = list.read(cx);
                    if view.delegate.create_row() == Some(*ix) {
                        let name = view.query(cx);
                        this.create_script(&name, window, cx);
                    } else if let Some(script) = view.delegate.script(*ix).cloned() {
                        this.run_script(&script, window, cx);
                    }
                }
                cx.notify();
            },
        );
        let notices = cx.new(|_| Notices::default());
        // The children's changes are the launcher's changes (the window fits its content).
        let list_changes = cx.observe(&scripts, |_, _, cx| cx.notify());
        let notice_changes = cx.observe(&notices, |this, notices, cx| {
            if this.hide_when_quiet && notices.read(cx).is_idle() {
                this.hide_when_quiet = false;
                if matches!(this.screen, Screen::Scripts) {
                    cx.emit(LauncherEvent::Hide);
                }
            }
            cx.notify();
        });
        Launcher {
            focus: cx.focus_handle(),
            settings,
            scripts,
            screen: Screen::Scripts,
            context,
            notices,
            problem: None,
            hide_when_quiet: false,
            _subscriptions: vec![confirm, list_changes, notice_changes],
        }
    }

    pub fn scripts(&self) -> &Entity<ListView<ScriptsDelegate>> {
        &self.scripts
    }

    /// Replaces the script list (live reload), keeping query and selection.
    pub fn set_scripts(&mut self, list: ScriptList, cx: &mut Context<Self>) {
        self.scripts.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_scripts(list), cx)
        });
    }

    /// Focuses the current screen's input.
    pub fn focus_input(&self, window: &mut Window, cx: &mut Context<Self>) {
        window.focus(&self.focus_handle(cx));
    }

    fn running(&self) -> Option<&Running> {
        match &self.screen {
            Screen::Running(running) => Some(running),
            _ => None,
        }
    }

    /// The run in progress, if any.
    pub fn run_handle(&self) -> Option<&RunHandle> {
        self.running().map(|r| &r.handle)
    }

    /// The open `arg` prompt's list, if any.
    pub fn arg_list(&self) -> Option<&Entity<ListView<ChoicesDelegate>>> {
        match &self.running()?.prompt {
            Prompt::Arg { list, .. } => Some(list),
            _ => None,
        }
    }

    /// The open `div`, `fields` or `editor` prompt, if any.
    pub fn panel(&self) -> Option<&Panel> {
        match &self.running()?.prompt {
            Prompt::Panel { panel, .. } => Some(panel),
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
        self.running()
            .map(|r| r.output.lines.iter().map(|l| l.to_string()).collect())
            .unwrap_or_default()
    }

    /// Whether the output area is expanded.
    pub fn output_expanded(&self) -> bool {
        self.running().is_some_and(|r| r.output.expanded)
    }

    /// The notice on screen: a problem, else a script's notice.
    pub fn notice(&self, cx: &App) -> Option<SharedString> {
        self.problem
            .clone()
            .or_else(|| self.notices.read(cx).current().cloned())
    }

    /// Shows a notice (it fades after a few seconds; several queue).
    pub fn notify(&mut self, text: impl Into<SharedString>, cx: &mut Context<Self>) {
        let text = text.into();
        self.notices
            .update(cx, |notices, cx| notices.push(text, cx));
    }

    /// Runs `script`; its events are consumed by a task owned by the run.
    pub fn run_script(&mut self, script: &Script, window: &mut Window, cx: &mut Context<Self>) {
        self.cancel_run();
        self.scripts
            .update(cx, |view, _| view.delegate.record_run(script));
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
        self.problem = None;
        self.hide_when_quiet = false;
        match run::start(path, &self.context) {
            Ok(run) => {
                let events = run.events;
                let listener = cx.spawn_in(window, async move |this, cx| {
                    while let Ok(first) = events.recv().await {
                        // What else is already waiting is handled in the same update:
                        // a script printing fast costs one redraw per batch, not per line.
                        let batch: Vec<RunEvent> = std::iter::once(first)
                            .chain(
                                std::iter::from_fn(|| events.try_recv().ok()).take(EVENT_BATCH - 1),
                            )
                            .collect();
                        let delivered = this.update_in(cx, |this, window, cx| {
                            for event in batch {
                                this.on_run_event(event, window, cx);
                            }
                        });
                        if delivered.is_err() {
                            break;
                        }
                    }
                });
                self.screen = Screen::Running(Box::new(Running {
                    script_name: name,
                    handle: run.handle,
                    prompt: Prompt::Waiting,
                    events: 0,
                    output: Output {
                        lines: VecDeque::new(),
                        expanded: true,
                        scroll: UniformListScrollHandle::new(),
                    },
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

    /// The script selected in the list, if the list is on screen.
    fn selected_script(&self, cx: &App) -> Option<Script> {
        let view = self.scripts.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.script(ix))
            .cloned()
    }

    /// Creates a script named `name` from the template and opens it for editing.
    pub fn create_script(&mut self, name: &str, window: &mut Window, cx: &mut Context<Self>) {
        let language = self.settings.new_script_language;
        match crate::script_files::create(&self.settings.scripts_dir, name, language) {
            Ok(path) => {
                self.scripts.update(cx, |view, cx| view.set_query("", cx));
                self.edit(&path, cx);
                self.notify(format!("Created {}", path.display()), cx);
                self.hide_after_run(cx);
            }
            Err(e) => self.problem = Some(format!("Cannot create the script: {e}").into()),
        }
        self.focus_input(window, cx);
        cx.notify();
    }

    fn edit(&mut self, path: &Path, _: &mut Context<Self>) {
        if let Err(e) = crate::editor::open(path, self.settings.editor.as_ref()) {
            self.problem = Some(e.into());
        }
    }

    /// Shows the first-start page.
    pub fn welcome(&mut self, markdown: &str, window: &mut Window, cx: &mut Context<Self>) {
        let page = cx.new(|cx| DivPrompt::new(markdown, cx));
        let done = cx.subscribe_in(&page, window, |this, _, _: &Submitted, window, cx| {
            this.screen = Screen::Scripts;
            this.focus_input(window, cx);
            cx.notify();
        });
        self.screen = Screen::Welcome { page, _done: done };
        self.focus_input(window, cx);
        cx.notify();
    }

    fn open_menu(&mut self, _: &OpenMenu, window: &mut Window, cx: &mut Context<Self>) {
        let Some(script) = self.selected_script(cx) else {
            return;
        };
        let placeholder = format!("Actions for “{}”…", script.name);
        let list = cx.new(|cx| ListView::new(ActionsDelegate::default(), placeholder, cx));
        let confirm = cx.subscribe_in(
            &list,
            window,
            |this, list, event: &ListEvent, window, cx| {
                let ListEvent::Confirmed { index: Some(ix) } = event else {
                    return;
                };
                let action = list.read(cx).delegate.action(*ix);
                let script = match &this.screen {
                    Screen::Actions { script, .. } => (**script).clone(),
                    _ => return,
                };
                if let Some(action) = action {
                    this.screen = Screen::Scripts;
                    this.perform(action.kind, script, window, cx);
                }
            },
        );
        self.screen = Screen::Actions {
            script: Box::new(script),
            list,
            _confirm: confirm,
        };
        self.focus_input(window, cx);
        cx.notify();
    }

    fn perform_key(
        &mut self,
        Perform(kind): &Perform,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        if let Some(script) = self.selected_script(cx) {
            self.perform(*kind, script, window, cx);
        }
    }

    /// Does `kind` to `script`: the one place every script action is carried out.
    pub fn perform(
        &mut self,
        kind: ActionKind,
        script: Script,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let path = script.path.clone();
        let result: Result<Option<String>, String> = match kind {
            ActionKind::Run => {
                self.run_script(&script, window, cx);
                return;
            }
            ActionKind::Edit => {
                self.edit(&path, cx);
                Ok(Some(format!("Opening “{}” for editing", script.name)))
            }
            ActionKind::Reveal => {
                let folder = path.parent().unwrap_or(Path::new("/"));
                crate::desktop::open(&folder.to_string_lossy()).map(|()| None)
            }
            ActionKind::CopyPath => {
                cx.emit(LauncherEvent::Copy(path.to_string_lossy().into_owned()));
                Ok(Some(format!("Copied {}", path.display())))
            }
            ActionKind::Duplicate => crate::script_files::duplicate(&path, &script.name)
                .map(|copy| Some(format!("Duplicated as {}", copy.display())))
                .map_err(|e| format!("Cannot duplicate “{}”: {e}", script.name)),
            ActionKind::Rename => {
                let input = cx.new(|cx| {
                    let mut input = TextInput::new("New name", cx);
                    input.set_text(&script.name, cx);
                    input
                });
                self.screen = Screen::Rename {
                    script: Box::new(script),
                    input,
                };
                Ok(None)
            }
            ActionKind::Delete => {
                self.screen = Screen::ConfirmDelete {
                    script: Box::new(script),
                };
                Ok(None)
            }
            ActionKind::RunInTerminal => {
                let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("skit"));
                let words = vec![
                    exe.to_string_lossy().into_owned(),
                    "run".into(),
                    path.to_string_lossy().into_owned(),
                    "--headless".into(),
                ];
                crate::editor::in_terminal(words, crate::editor::installed)
                    .and_then(|mut command| {
                        crate::desktop::spawn_detached(&mut command)
                            .map_err(|e| format!("cannot start the terminal: {e}"))
                    })
                    .map(|()| None)
            }
            ActionKind::ResetRanking => {
                self.scripts.update(cx, |view, cx| {
                    view.update_items(|delegate| delegate.reset_ranking(&script), cx)
                });
                Ok(Some(format!(
                    "“{}” starts fresh in the ranking",
                    script.name
                )))
            }
        };
        match result {
            Ok(Some(notice)) => self.notify(notice, cx),
            Ok(None) => {}
            Err(problem) => self.problem = Some(problem.into()),
        }
        self.focus_input(window, cx);
        cx.notify();
    }

    /// Enter in the rename or delete dialog.
    fn accept(&mut self, _: &Accept, window: &mut Window, cx: &mut Context<Self>) {
        let screen = std::mem::replace(&mut self.screen, Screen::Scripts);
        match screen {
            Screen::Rename { script, input } => {
                let name = input.read(cx).text().to_string();
                match crate::script_files::rename(&script.path, &name) {
                    Ok(path) => self.notify(format!("Renamed to {}", path.display()), cx),
                    Err(e) => {
                        self.problem = Some(format!("Cannot rename “{}”: {e}", script.name).into());
                        self.screen = Screen::Rename { script, input };
                    }
                }
            }
            Screen::ConfirmDelete { script } => {
                match crate::script_files::trash(&script.path, &self.settings.trash_dir) {
                    Ok(place) => self.notify(
                        format!("Moved “{}” to {}", script.name, place.display()),
                        cx,
                    ),
                    Err(e) => {
                        self.problem = Some(format!("Cannot delete “{}”: {e}", script.name).into())
                    }
                }
            }
            other => self.screen = other,
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
        running.events += 1;
        match event {
            RunEvent::Message { message, .. } => self.on_message(message, window, cx),
            RunEvent::Output(line) => {
                let output = &mut running.output;
                if output.lines.len() == OUTPUT_LINES {
                    output.lines.pop_front();
                }
                output.lines.push_back(line.into());
                output
                    .scroll
                    .scroll_to_item(output.lines.len() - 1, ScrollStrategy::Top);
            }
            RunEvent::Error { line, message } => {
                tracing::warn!("{}: line {line}: {message}", running.script_name);
                self.notify(format!("Line {line} of the script's output: {message}"), cx);
            }
            RunEvent::Exit(exit) => self.on_exit(exit, window, cx),
        }
        cx.notify();
    }

    fn on_message(&mut self, message: Message, window: &mut Window, cx: &mut Context<Self>) {
        let received = Box::new(message.clone());
        let prompt = match message {
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
                Prompt::Arg {
                    id,
                    hint,
                    list,
                    message: received,
                    _subscriptions: [confirm, list_changes],
                }
            }
            Message::Div { id, markdown } => {
                let view = cx.new(|cx| DivPrompt::new(&markdown, cx));
                let submitted = self.on_submit(&view, window, cx);
                Prompt::Panel {
                    id,
                    panel: Panel::Div(view),
                    message: received,
                    _submitted: submitted,
                }
            }
            Message::Fields { id, fields } => {
                let view = cx.new(|cx| FieldsPrompt::new(fields, cx));
                let submitted = self.on_submit(&view, window, cx);
                Prompt::Panel {
                    id,
                    panel: Panel::Fields(view),
                    message: received,
                    _submitted: submitted,
                }
            }
            Message::Editor {
                id,
                value,
                placeholder,
            } => {
                let view = cx.new(|cx| {
                    EditorPrompt::new(
                        &value.unwrap_or_default(),
                        &placeholder.unwrap_or_default(),
                        cx,
                    )
                });
                let submitted = self.on_submit(&view, window, cx);
                Prompt::Panel {
                    id,
                    panel: Panel::Editor(view),
                    message: received,
                    _submitted: submitted,
                }
            }
            Message::SetChoices {
                id,
                choices,
                append,
            } => return self.set_choices(&id, choices, append, cx),
            Message::Copy { text } => return cx.emit(LauncherEvent::Copy(text)),
            Message::Open { target } => return cx.emit(LauncherEvent::Open(target)),
            Message::Hide => return cx.emit(LauncherEvent::Hide),
            Message::Show => return cx.emit(LauncherEvent::Show),
            Message::Notify { text } => return self.notify(text, cx),
            Message::Exit { .. } => {
                if let Screen::Running(running) = &self.screen {
                    running.handle.close_stdin();
                }
                self.screen = Screen::Scripts;
                self.hide_after_run(cx);
                self.focus_input(window, cx);
                return;
            }
        };
        if let Screen::Running(running) = &mut self.screen {
            running.prompt = prompt;
        }
        cx.emit(LauncherEvent::Show);
        self.focus_input(window, cx);
    }

    /// Sends a panel prompt's answer to the script when it is submitted.
    fn on_submit<V: EventEmitter<Submitted>>(
        &mut self,
        view: &Entity<V>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> Subscription {
        cx.subscribe_in(view, window, |this, _, Submitted(value), window, cx| {
            this.submit(value.clone(), window, cx);
        })
    }

    /// Answers the prompt on screen with `value`.
    fn submit(&mut self, value: Value, window: &mut Window, cx: &mut Context<Self>) {
        let Screen::Running(running) = &mut self.screen else {
            return;
        };
        let id = match &running.prompt {
            Prompt::Arg { id, .. } | Prompt::Panel { id, .. } => id.clone(),
            Prompt::Waiting => return,
        };
        running.handle.submit(&id, value);
        running.prompt = Prompt::Waiting;
        self.focus_input(window, cx);
        cx.notify();
    }

    fn set_choices(
        &mut self,
        id: &str,
        choices: Vec<Choice>,
        append: bool,
        cx: &mut Context<Self>,
    ) {
        match self.running().map(|r| &r.prompt) {
            Some(Prompt::Arg { id: open, list, .. }) if open == id => {
                list.update(cx, |view, cx| {
                    view.update_items(
                        |delegate| match append {
                            true => delegate.append_choices(choices),
                            false => delegate.set_choices(choices),
                        },
                        cx,
                    )
                });
            }
            _ => tracing::warn!(
                "setChoices for prompt {id:?}, which is not the open arg prompt; ignored"
            ),
        }
    }

    /// Enter in an `arg` prompt: the selected choice's value, or the typed text when
    /// there are no choices or the prompt is not strict.
    fn submit_arg(&mut self, index: Option<usize>, window: &mut Window, cx: &mut Context<Self>) {
        let Some(list) = self.arg_list() else {
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
        self.submit(value, window, cx);
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
            self.hide_after_run(cx);
        }
        self.focus_input(window, cx);
    }

    /// A run is done: hide now, or once its last notice has been read.
    fn hide_after_run(&mut self, cx: &mut Context<Self>) {
        if self.notices.read(cx).is_idle() {
            cx.emit(LauncherEvent::Hide);
        } else {
            self.hide_when_quiet = true;
        }
    }

    /// Escape: cancel the run, dismiss a failure, clear the query, or hide.
    fn dismiss(&mut self, _: &Dismiss, window: &mut Window, cx: &mut Context<Self>) {
        match &self.screen {
            Screen::Running(_) => self.cancel_run(),
            Screen::Failed(_)
            | Screen::Actions { .. }
            | Screen::Rename { .. }
            | Screen::ConfirmDelete { .. }
            | Screen::Welcome { .. } => self.screen = Screen::Scripts,
            Screen::Scripts => {
                if self.scripts.read(cx).query(cx).is_empty() {
                    cx.emit(LauncherEvent::Hide);
                } else {
                    self.scripts.update(cx, |view, cx| view.set_query("", cx));
                }
            }
        }
        self.problem = None;
        self.hide_when_quiet = false;
        self.notices.update(cx, |notices, cx| notices.clear(cx));
        self.focus_input(window, cx);
        cx.notify();
    }

    fn toggle_output(&mut self, _: &ToggleOutput, _: &mut Window, cx: &mut Context<Self>) {
        if let Screen::Running(running) = &mut self.screen {
            running.output.expanded = !running.output.expanded;
            cx.notify();
        }
    }

    /// Called when the window is shown by the hotkey: back to an empty list unless
    /// `keep_query`, with the cursor in the query.
    pub fn reset_for_show(
        &mut self,
        keep_query: bool,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        if !matches!(
            self.screen,
            Screen::Scripts | Screen::Running(_) | Screen::Welcome { .. }
        ) {
            self.screen = Screen::Scripts;
        }
        if !keep_query && matches!(self.screen, Screen::Scripts) {
            self.scripts.update(cx, |view, cx| view.set_query("", cx));
        }
        self.hide_when_quiet = false;
        self.focus_input(window, cx);
        cx.notify();
    }

    /// What is on screen, for `skit state`: `screen`, `query`, `selected` (the
    /// selected script's or choice's name), `prompt` (the open prompt message or
    /// null), `notice`, and the output line count.
    pub fn state(&self, cx: &App) -> Value {
        let (screen, query, selected, prompt) = match &self.screen {
            Screen::Scripts => {
                let view = self.scripts.read(cx);
                let selected =
                    view.selected_index()
                        .and_then(|ix| match view.delegate.script(ix) {
                            Some(script) => Some(script.name.clone()),
                            None => (view.delegate.create_row() == Some(ix))
                                .then(|| view.delegate.create_label()),
                        });
                ("scripts", view.query(cx), selected, Value::Null)
            }
            Screen::Running(running) => match &running.prompt {
                Prompt::Arg { list, message, .. } => {
                    let view = list.read(cx);
                    let selected = view
                        .selected_index()
                        .and_then(|ix| view.delegate.choice(ix))
                        .map(|c| c.name().to_string());
                    ("prompt", view.query(cx), selected, json!(message))
                }
                Prompt::Panel { message, panel, .. } => {
                    ("prompt", panel.text(cx), None, json!(message))
                }
                Prompt::Waiting => ("running", String::new(), None, Value::Null),
            },
            Screen::Failed(_) => ("failed", String::new(), None, Value::Null),
            Screen::Actions { list, script, .. } => {
                let view = list.read(cx);
                let selected = view
                    .selected_index()
                    .and_then(|ix| view.delegate.action(ix))
                    .map(|a| a.label.to_string());
                let _ = script;
                ("actions", view.query(cx), selected, Value::Null)
            }
            Screen::Rename { input, script } => (
                "rename",
                input.read(cx).text().to_string(),
                Some(script.name.clone()),
                Value::Null,
            ),
            Screen::ConfirmDelete { script } => (
                "delete",
                String::new(),
                Some(script.name.clone()),
                Value::Null,
            ),
            Screen::Welcome { .. } => ("welcome", String::new(), None, Value::Null),
        };
        json!({
            "screen": screen,
            "query": query,
            "selected": selected,
            "prompt": prompt,
            "notice": self.notice(cx).map(|n| n.to_string()),
            "output": self.running().map_or(0, |r| r.output.lines.len()),
            "events": self.running().map_or(0, |r| r.events),
        })
    }

    /// The window height this state wants, in logical pixels.
    pub fn desired_height(&self, cx: &App) -> f32 {
        let notice = self
            .notice(cx)
            .map_or(0., |text| notices::height_for(&text));
        let body = match &self.screen {
            Screen::Scripts => QUERY_HEIGHT + self.scripts.read(cx).content_height(),
            Screen::Running(running) => {
                let prompt = match &running.prompt {
                    Prompt::Arg { list, hint, .. } => {
                        QUERY_HEIGHT
                            + list.read(cx).content_height()
                            + if hint.is_some() { HINT_HEIGHT } else { 0. }
                    }
                    Prompt::Panel { panel, .. } => panel.height(cx),
                    Prompt::Waiting => 96.,
                };
                let output = match (running.output.lines.is_empty(), running.output.expanded) {
                    (true, _) => 0.,
                    (false, false) => OUTPUT_HEADER,
                    (false, true) => OUTPUT_HEADER + OUTPUT_BODY,
                };
                prompt + output
            }
            Screen::Failed(_) => 320.,
            Screen::Actions { list, .. } => QUERY_HEIGHT + list.read(cx).content_height(),
            Screen::Rename { .. } => QUERY_HEIGHT + 72.,
            Screen::ConfirmDelete { .. } => 128.,
            Screen::Welcome { page, .. } => page.read(cx).height(),
        };
        body + notice + FOOTER_HEIGHT
    }

    fn render_footer(&self, theme: &Theme, cx: &App) -> AnyElement {
        let (left, keys): (String, Vec<(&str, &str)>) = match &self.screen {
            Screen::Scripts => {
                let view = self.scripts.read(cx);
                let count = view.delegate.scripts().len();
                let left = format!("{count} script{}", if count == 1 { "" } else { "s" });
                match view.selected_index() {
                    Some(ix) if view.delegate.create_row() == Some(ix) => {
                        (left, vec![("Create", "↵"), ("Hide", "esc")])
                    }
                    Some(_) => (
                        left,
                        vec![("Run", "↵"), ("Actions", "ctrl k"), ("Hide", "esc")],
                    ),
                    None => (left, vec![("Hide", "esc")]),
                }
            }
            Screen::Running(running) => {
                let mut keys = match &running.prompt {
                    Prompt::Arg { .. } => vec![("Submit", "↵")],
                    Prompt::Panel { panel, .. } => vec![("Submit", panel.submit_key())],
                    Prompt::Waiting => vec![],
                };
                if !running.output.lines.is_empty() {
                    keys.push(("Output", "ctrl o"));
                }
                keys.push((
                    if matches!(running.prompt, Prompt::Waiting) {
                        "Stop"
                    } else {
                        "Cancel"
                    },
                    "esc",
                ));
                (running.script_name.to_string(), keys)
            }
            Screen::Failed(_) => ("Script failed".into(), vec![("Back", "esc")]),
            Screen::Actions { script, .. } => {
                (script.name.clone(), vec![("Do it", "↵"), ("Back", "esc")])
            }
            Screen::Rename { script, .. } => {
                (script.name.clone(), vec![("Rename", "↵"), ("Back", "esc")])
            }
            Screen::ConfirmDelete { script } => (
                script.name.clone(),
                vec![("Delete", "↵"), ("Keep it", "esc")],
            ),
            Screen::Welcome { .. } => ("Welcome".into(), vec![("Start", "↵")]),
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
            .text_size(px(12.))
            .child(div().text_color(theme.text_muted.0).child(left))
            .child(div().flex().gap_4().children(keys))
            .into_any_element()
    }

    fn render_body(&self, theme: &Theme, cx: &mut Context<Self>) -> AnyElement {
        match &self.screen {
            Screen::Scripts => self.scripts.clone().into_any_element(),
            Screen::Running(running) => {
                let prompt = match &running.prompt {
                    Prompt::Arg { list, hint, .. } => div()
                        .flex_1()
                        .min_h_0()
                        .flex()
                        .flex_col()
                        .children(hint.as_ref().map(|hint| {
                            div()
                                .h(px(HINT_HEIGHT))
                                .px_4()
                                .flex()
                                .items_center()
                                .text_size(px(12.5))
                                .text_color(theme.text_muted.0)
                                .child(hint.clone())
                        }))
                        .child(list.clone())
                        .into_any_element(),
                    Prompt::Panel { panel, .. } => div()
                        .flex_1()
                        .min_h_0()
                        .child(panel.view())
                        .into_any_element(),
                    Prompt::Waiting => empty_state(
                        &format!("Running “{}”…", running.script_name),
                        "Press Escape to stop it.",
                        theme,
                    ),
                };
                let output = (!running.output.lines.is_empty())
                    .then(|| self.render_output(&running.output, theme, cx));
                div()
                    .flex_1()
                    .min_h_0()
                    .flex()
                    .flex_col()
                    .child(prompt)
                    .children(output)
                    .into_any_element()
            }
            Screen::Actions { list, .. } => list.clone().into_any_element(),
            Screen::Welcome { page, .. } => page.clone().into_any_element(),
            Screen::Rename { input, script } => div()
                .flex()
                .flex_col()
                .child(
                    div()
                        .h(px(QUERY_HEIGHT - 1.))
                        .px_4()
                        .flex()
                        .items_center()
                        .text_size(px(20.))
                        .child(input.clone()),
                )
                .child(div().h(px(1.)).bg(theme.border.0))
                .child(empty_state(
                    &format!("Rename “{}”", script.name),
                    &format!(
                        "The file and its Name: header change; it stays in {}.",
                        script
                            .path
                            .parent()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default()
                    ),
                    theme,
                ))
                .into_any_element(),
            Screen::ConfirmDelete { script } => empty_state(
                &format!("Move “{}” to the trash?", script.name),
                &format!(
                    "{} goes to {}, from where it can be restored.",
                    script.file_name,
                    self.settings.trash_dir.display()
                ),
                theme,
            ),
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
                        .font_family(cx.global::<Fonts>().mono.clone())
                        .text_size(px(12.))
                        .child(failure.detail.clone()),
                )
                .into_any_element(),
        }
    }

    /// The output area: a header that toggles it, and the lines (virtualized).
    fn render_output(&self, output: &Output, theme: &Theme, cx: &mut Context<Self>) -> AnyElement {
        let count = output.lines.len();
        let header = div()
            .id("output-header")
            .h(px(OUTPUT_HEADER))
            .flex_none()
            .px_4()
            .flex()
            .items_center()
            .justify_between()
            .border_t_1()
            .border_color(theme.border.0)
            .text_size(px(12.))
            .text_color(theme.text_muted.0)
            .cursor_pointer()
            .on_mouse_down(
                MouseButton::Left,
                cx.listener(|this, _, window, cx| this.toggle_output(&ToggleOutput, window, cx)),
            )
            .child(format!(
                "Output · {count} line{}",
                if count == 1 { "" } else { "s" }
            ))
            .child(if output.expanded { "▾" } else { "▸" });
        let mut area = div().flex_none().flex().flex_col().child(header);
        if output.expanded {
            let lines = output.lines.clone();
            area = area.child(
                uniform_list("output-lines", count, move |range, _, _| {
                    range
                        .map(|ix| {
                            div()
                                .h(px(OUTPUT_LINE))
                                .whitespace_nowrap()
                                .child(lines[ix].clone())
                        })
                        .collect()
                })
                .track_scroll(output.scroll.clone())
                .h(px(OUTPUT_BODY))
                .px_4()
                .py_1()
                .bg(theme.code_background.0)
                .text_color(theme.text.0)
                .font_family(cx.global::<Fonts>().mono.clone())
                .text_size(px(12.)),
            );
        }
        area.into_any_element()
    }
}

impl Render for Launcher {
    fn render(&mut self, window: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        if super::timing::enabled() {
            let state = self.state(cx);
            let query = state["query"].as_str().unwrap_or_default().to_string();
            let (rows, settled) = match self.arg_list() {
                Some(list) => (list.read(cx).match_count(), !list.read(cx).is_matching()),
                None => (self.scripts.read(cx).match_count(), true),
            };
            let events = state["events"].as_u64().unwrap_or(0);
            super::timing::frame_rendered(query, rows, settled, events, window, cx);
        }
        let notice = match &self.problem {
            Some(problem) => Some(
                div()
                    .h(px(notices::height_for(problem)))
                    .flex_none()
                    .px_4()
                    .flex()
                    .items_center()
                    .line_height(px(notices::LINE_HEIGHT))
                    .bg(theme.error_background.0)
                    .text_color(theme.error.0)
                    .text_size(px(13.))
                    .child(div().flex_1().min_w_0().child(problem.clone()))
                    .into_any_element(),
            ),
            None => self.notices.read(cx).render(&theme),
        };
        let body = self.render_body(&theme, cx);
        // "Launcher" plus the screen, so keys can be bound to one screen.
        let mut context = KeyContext::default();
        context.add(CONTEXT);
        context.add(match &self.screen {
            Screen::Scripts => "scripts",
            Screen::Running(_) => "running",
            Screen::Failed(_) => "failed",
            Screen::Actions { .. } => "actions",
            Screen::Rename { .. } | Screen::ConfirmDelete { .. } => "dialog",
            Screen::Welcome { .. } => "welcome",
        });
        div()
            .id("launcher")
            .key_context(context)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::dismiss))
            .on_action(cx.listener(Self::toggle_output))
            .on_action(cx.listener(Self::open_menu))
            .on_action(cx.listener(Self::perform_key))
            .on_action(cx.listener(Self::accept))
            .size_full()
            // The 1 px frame is the outer quad showing around the inner one: two
            // plain quads draw much faster than one bordered quad under a software
            // renderer (gpui's shader takes a fast path for unrounded, borderless quads).
            .bg(theme.border.0)
            .p(px(1.))
            .child(
                div()
                    .size_full()
                    .flex()
                    .flex_col()
                    .overflow_hidden()
                    .bg(theme.background.0)
                    .text_color(theme.text.0)
                    .font_family(cx.global::<Fonts>().ui.clone())
                    .child(div().flex_1().min_h_0().flex().flex_col().child(body))
                    .children(notice)
                    .child(div().h(px(1.)).flex_none().bg(theme.border.0))
                    .child(self.render_footer(&theme, cx)),
            )
            .into_any_element()
    }
}
