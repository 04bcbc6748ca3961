//! The launcher view: a router that owns the stack of screens (see
//! [`super::screen_stack`]; the top is on display) and draws the frame around it:
//! the notice bar and the footer with the screen's key hints. Screens ask for what is beyond them with
//! [`ScreenEvent`]s, a running script with [`SessionEvent`]s; both are handled
//! here, in one place each. What it needs from the app around it (hide, copy,
//! open, a desktop notification) goes out as a [`LauncherEvent`]. Its own runs
//! and their sessions are in `launcher/runs.rs`; script actions are carried out in
//! `launcher/perform.rs`; applications start in `launcher/apps.rs`; triggered
//! runs that ask something are taken over in `launcher/triggered.rs`.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use gpui::{
    App, AppContext, Context, Entity, EntityId, EventEmitter, FocusHandle, Focusable, SharedString,
    Subscription, Window,
};
use serde_json::Value;

use super::clipboard::Recording;
use super::notices::{self, Notices};
use super::screen::{Dismiss, Screen, ScreenEvent};
use super::screen_stack::ScreenStack;
use super::screens::actions::ActionsScreen;
use super::screens::clipboard::ClipboardScreen;
use super::screens::dmenu::DmenuScreen;
use super::screens::run::RunScreen;
use super::screens::scripts::ScriptsScreen;
use super::screens::welcome::WelcomeScreen;
use super::script_actions;
use super::scripts_delegate::ScriptsDelegate;
use super::session::RunSession;
use crate::catalog::Script;
use crate::clipboard::Insert;
use crate::clipboard::history::History;
use crate::config::{CommandLine, ScriptLanguage};
use crate::control::State;
use crate::frecency::Frecency;
use crate::root_list::AppEntry;
use crate::run::{Invocation, RunContext};
use crate::script_list::ScriptList;
use crate::triggers::Control;

mod apps;
mod clipboard;
mod frame;
mod inline;
#[cfg(feature = "test-support")]
mod inspect;
mod perform;
mod runs;
mod snippets;
mod triggered;

pub(crate) const WIDTH: f32 = 750.;
/// The tallest the window gets; longer content scrolls.
pub(crate) const MAX_HEIGHT: f32 = 520.;
const FOOTER_HEIGHT: f32 = 36.;

/// What the launcher asks of the app around it.
#[derive(Clone, Debug, PartialEq)]
pub enum LauncherEvent {
    /// Hide the window (Escape on an empty list, a run that finished).
    Hide,
    /// Show the window (a script sent `show`, or a prompt while hidden).
    Show,
    /// Put text on the clipboard.
    Copy(String),
    /// Put a file on the clipboard, as a file manager copies one.
    CopyFile(std::path::PathBuf),
    /// Open a URL or path with the desktop's handler.
    Open(String),
    /// Paste, type or copy into the window the user came from (hiding first).
    Insert(Insert),
    /// A script asked for the selected text: answer it with
    /// [`Launcher::answer_selection`], naming the same run.
    ReadSelection { run: EntityId, id: String },
    /// A run's notice the user cannot see in the window: a desktop notification
    /// with the script's name as the title.
    DesktopNotice { title: String, text: String },
    /// Start, Stop or Restart a background script (its actions menu).
    Background(PathBuf, Control),
    /// The window gained (`true`) or lost the keyboard focus, as gpui reports it
    /// (the shell hides on blur where no X server tells it).
    Activation(bool),
}

/// The parts of the configuration the launcher acts on.
#[derive(Clone, Debug)]
pub struct Settings {
    pub editor: Option<CommandLine>,
    pub new_script_language: ScriptLanguage,
    pub scripts_dir: PathBuf,
    pub trash_dir: PathBuf,
    /// The config file, which "Hide from skit" edits.
    pub config_file: PathBuf,
    /// Where triggered runs are logged ("View Log").
    pub logs_dir: PathBuf,
}

/// The script running in the window: its session, the screen that draws it, and
/// the subscription to its events.
struct ActiveRun {
    session: Entity<RunSession>,
    screen: Entity<RunScreen>,
    _events: Subscription,
}

pub struct Launcher {
    settings: Settings,
    context: RunContext,
    /// The script list: the bottom of the stack, kept while other screens show
    /// (query and selection stay).
    scripts: Entity<ScriptsScreen>,
    /// What is shown (the top) and what Back returns to.
    stack: ScreenStack,
    /// The script running in the window, if any; its screen is in the stack.
    run: Option<ActiveRun>,
    /// Triggered runs the window took over (they asked something), while not on
    /// screen: between prompts, or waiting for the run on screen to end.
    triggered: Vec<ActiveRun>,
    /// Triggered runs with a prompt open, waiting for the screen, first first.
    waiting: VecDeque<EntityId>,
    /// Whether the window is on screen; notices of a run the user cannot see go
    /// to the desktop instead.
    visible: bool,
    notices: Entity<Notices>,
    /// A problem to show until dismissed (bad config, a hotkey someone else holds).
    problem: Option<SharedString>,
    /// Hide the window once the notices on screen are done (a run that finished
    /// with a notice).
    hide_when_quiet: bool,
    /// The clipboard history and whether it is recording.
    history: Option<Arc<History>>,
    history_recording: Recording,
    /// Inline Raycast script commands' subtitles, refreshed while visible.
    inline: inline::Inline,
    _notices: Subscription,
    _activation: Subscription,
}

impl EventEmitter<LauncherEvent> for Launcher {}

impl Focusable for Launcher {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.stack.top().focus_handle(cx)
    }
}

impl Launcher {
    pub fn new(
        scripts: ScriptList,
        frecency: Frecency,
        context: RunContext,
        settings: Settings,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> Self {
        let delegate = ScriptsDelegate::new(
            scripts,
            frecency,
            settings.scripts_dir.display().to_string(),
        );
        let inline = inline::Inline::new(delegate.scripts(), cx);
        let scripts = cx.new(|cx| ScriptsScreen::new(delegate, cx));
        let notices = cx.new(|_| Notices::default());
        let notice_changes = cx.observe(&notices, |this, notices, cx| {
            if this.hide_when_quiet && notices.read(cx).is_idle() {
                this.hide_when_quiet = false;
                if this.run.is_none() {
                    this.ask_to_hide(cx);
                }
            }
            cx.notify();
        });
        let activation = cx.observe_window_activation(window, |_, window, cx| {
            cx.emit(LauncherEvent::Activation(window.is_window_active()))
        });
        Launcher {
            settings,
            context,
            stack: ScreenStack::new(
                Box::new(scripts.clone()),
                Self::subscribe(&scripts, window, cx),
            ),
            scripts,
            run: None,
            history: None,
            history_recording: Recording::Off,
            inline,
            triggered: Vec::new(),
            waiting: VecDeque::new(),
            visible: true,
            notices,
            problem: None,
            hide_when_quiet: false,
            _notices: notice_changes,
            _activation: activation,
        }
    }

    fn subscribe<T: Screen>(
        screen: &Entity<T>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> Vec<Subscription> {
        vec![
            cx.subscribe_in(screen, window, |this, _, event, window, cx| {
                this.on_screen_event(event.clone(), window, cx)
            }),
            // The screen's changes are the launcher's (the window fits its content).
            cx.observe(screen, |_, _, cx| cx.notify()),
        ]
    }

    /// Opens `screen` on top of the stack (in place of a menu there), focused.
    fn show<T: Screen>(&mut self, screen: Entity<T>, window: &mut Window, cx: &mut Context<Self>) {
        let subscriptions = Self::subscribe(&screen, window, cx);
        self.stack.push(Box::new(screen), subscriptions, cx);
        self.focus_input(window, cx);
        cx.notify();
    }

    /// Back (Escape): the screen on top leaves the stack.
    fn back(&mut self, window: &mut Window, cx: &mut Context<Self>) {
        if self.stack.pop(cx) {
            self.focus_input(window, cx);
            cx.notify();
        }
    }

    /// A menu's choice was carried out: the menu leaves the stack.
    fn close_menu(&mut self, window: &mut Window, cx: &mut Context<Self>) {
        self.stack.close_transient(cx);
        self.focus_input(window, cx);
        cx.notify();
    }

    /// The run on screen leaves it (ended, stopped, or going on out of sight),
    /// its screen with it.
    fn take_run(&mut self, cx: &mut Context<Self>) -> Option<ActiveRun> {
        let run = self.run.take()?;
        self.stack.remove(run.screen.entity_id(), cx);
        cx.notify();
        Some(run)
    }

    /// Replaces the applications (loaded off the UI thread), keeping the query.
    pub(crate) fn set_apps(&mut self, apps: std::sync::Arc<Vec<AppEntry>>, cx: &mut Context<Self>) {
        self.scripts
            .update(cx, |screen, cx| screen.set_apps(apps, cx));
    }

    /// Turns the calculator row on or off (`sources.calculator`).
    pub(crate) fn set_calculator(&mut self, on: bool, cx: &mut Context<Self>) {
        self.scripts
            .update(cx, |screen, _| screen.set_calculator(on));
    }

    /// Replaces the script list (live reload), keeping query and selection.
    pub fn set_scripts(&mut self, list: ScriptList, cx: &mut Context<Self>) {
        self.inline.set_scripts(&list.scripts);
        self.scripts
            .update(cx, |screen, cx| screen.set_scripts(list, cx));
    }

    /// Takes new settings (the config file changed).
    pub(crate) fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    /// Takes a new run context (the config's interpreters changed): runs started
    /// from now on use it.
    pub(crate) fn set_run_context(&mut self, context: RunContext) {
        self.context = context;
    }

    /// A script of the list by name, alias or file name.
    pub(crate) fn find_script(&self, name: &str, cx: &App) -> Option<Script> {
        self.scripts.read(cx).find(name, cx)
    }

    /// The rows of the script list: scripts and built-ins.
    pub(crate) fn listed(&self, cx: &App) -> Vec<Script> {
        self.scripts.read(cx).scripts(cx).to_vec()
    }

    /// Focuses the current screen's input.
    pub fn focus_input(&self, window: &mut Window, cx: &mut Context<Self>) {
        window.focus(&self.focus_handle(cx), cx);
    }

    /// Shows a problem until the user dismisses it (bad config, a taken hotkey).
    pub(crate) fn set_problem(&mut self, problem: impl Into<SharedString>, cx: &mut Context<Self>) {
        self.problem = Some(problem.into());
        cx.notify();
    }

    /// The notice on screen: a problem, else a script's notice.
    fn notice(&self, cx: &App) -> Option<SharedString> {
        self.problem
            .clone()
            .or_else(|| self.notices.read(cx).current().cloned())
    }

    /// Shows a notice (it fades after a few seconds; several queue).
    pub(crate) fn notify(&mut self, text: impl Into<SharedString>, cx: &mut Context<Self>) {
        let text = text.into();
        self.notices
            .update(cx, |notices, cx| notices.push(text, cx));
    }

    fn on_screen_event(&mut self, event: ScreenEvent, window: &mut Window, cx: &mut Context<Self>) {
        match event {
            ScreenEvent::Back => {
                self.back(window, cx);
                if self.run.is_none() {
                    // After a failure screen, a triggered run may be waiting.
                    self.present_next(window, cx);
                }
            }
            ScreenEvent::Menu(title, items) => {
                let menu = cx.new(|cx| ActionsScreen::new(title, items, cx));
                self.show(menu, window, cx);
            }
            ScreenEvent::Ask(question, items) => {
                let title = question.trim_end_matches('…').to_string().into();
                let menu =
                    cx.new(|cx| ActionsScreen::asking(title, question.to_string(), items, cx));
                self.show(menu, window, cx);
            }
            ScreenEvent::Clipboard(action) => self.on_history_action(action, window, cx),
            ScreenEvent::Files(action) => {
                self.close_menu(window, cx);
                if let Some(screen) = self.stack.find::<crate::app::screens::files::FilesScreen>() {
                    screen.update(cx, |screen, cx| screen.act(action, cx));
                }
            }
            ScreenEvent::Snippet(action) => self.on_snippet_action(action, window, cx),
            ScreenEvent::PromptAction(name) => {
                self.close_menu(window, cx);
                if let Some(run) = &self.run {
                    run.session.update(cx, |session, cx| session.act(&name, cx));
                }
            }
            ScreenEvent::Stop => {
                self.cancel_run(cx);
                self.focus_input(window, cx);
                self.present_next(window, cx);
            }
            ScreenEvent::Hide => self.ask_to_hide(cx),
            ScreenEvent::Notice(text) => self.notify(text, cx),
            ScreenEvent::Problem(text) => self.set_problem(text, cx),
            ScreenEvent::Run(script) => self.run_script(&script, window, cx),
            ScreenEvent::RunKeyword(script, rest) => {
                self.run_script_with(&script, Invocation::keyword(&rest), window, cx)
            }
            ScreenEvent::Create(name) => self.create_script(&name, window, cx),
            ScreenEvent::Perform(kind, script) => self.perform(kind, *script, window, cx),
            ScreenEvent::CopyFile(path) => {
                self.close_menu(window, cx);
                cx.emit(LauncherEvent::CopyFile(path));
            }
            ScreenEvent::Copy(text) => {
                self.notify(format!("Copied {}", shorten(&text)), cx);
                cx.emit(LauncherEvent::Copy(text));
                self.close_menu(window, cx);
            }
            ScreenEvent::Open(target) => {
                cx.emit(LauncherEvent::Open(target));
                self.close_menu(window, cx);
            }
            ScreenEvent::LaunchApp(entry, action) => self.launch_app(*entry, action, window, cx),
            ScreenEvent::AppMenu(entry) => {
                let items = apps::app_menu(&entry, cx);
                let menu = cx.new(|cx| ActionsScreen::new(entry.app.name.clone(), items, cx));
                self.show(menu, window, cx);
            }
            ScreenEvent::HideApp(id) => {
                match crate::config::hide_app(&self.settings.config_file, &id) {
                    Ok(()) => self.notify(format!("{id} is hidden from skit (hiddenApps)"), cx),
                    Err(e) => self.set_problem(e, cx),
                }
                self.close_menu(window, cx);
            }
            ScreenEvent::OpenMenu(script) => {
                let running = self.scripts.read(cx).is_running(&script.path, cx);
                let items = script_actions::menu(&script, running, cx);
                let menu = cx.new(|cx| ActionsScreen::new(script.name.clone(), items, cx));
                self.show(menu, window, cx);
            }
        }
    }

    /// Asks the app to hide the window; from now the user cannot see notices.
    fn ask_to_hide(&mut self, cx: &mut Context<Self>) {
        self.visible = false;
        cx.emit(LauncherEvent::Hide);
    }

    /// Asks the app to show the window.
    fn ask_to_show(&mut self, cx: &mut Context<Self>) {
        self.visible = true;
        cx.emit(LauncherEvent::Show);
    }

    /// Shows lines from `skit dmenu` to choose from; the choice goes to `reply`.
    pub(crate) fn dmenu(
        &mut self,
        options: crate::dmenu::DmenuOptions,
        rows: async_channel::Receiver<Vec<String>>,
        reply: async_channel::Sender<crate::control::Reply>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let screen = cx.new(|cx| DmenuScreen::new(options, rows, reply, cx));
        self.show(screen, window, cx);
    }

    /// Shows the first-start page.
    pub fn welcome(&mut self, markdown: &str, window: &mut Window, cx: &mut Context<Self>) {
        let screen = cx.new(|cx| WelcomeScreen::new(markdown, cx));
        self.show(screen, window, cx);
    }

    /// Escape: whatever the screen makes of it; it also clears notices and problems.
    fn dismiss(&mut self, _: &Dismiss, window: &mut Window, cx: &mut Context<Self>) {
        self.stack.top().dismiss(window, cx);
        self.problem = None;
        self.hide_when_quiet = false;
        self.notices.update(cx, |notices, cx| notices.clear(cx));
        self.focus_input(window, cx);
        cx.notify();
    }

    /// Called when the window is shown by the hotkey: back to an empty list unless
    /// `keep_query`, with the cursor in the query. A running script and the welcome
    /// page stay.
    pub(crate) fn reset_for_show(
        &mut self,
        keep_query: bool,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        // The clipboard history closes; a running script, the welcome page and a
        // dmenu list (which waits for an answer) stay.
        self.release_if_unasked(window, cx);
        let on_clipboard = self.shows_clipboard();
        self.stack.close_transient(cx);
        if let Some(clipboard) = self.stack.find::<ClipboardScreen>() {
            self.stack.remove(clipboard.entity_id(), cx);
        }
        let keep_screen =
            self.run.is_some() || (!on_clipboard && self.stack.top().kept_when_shown_again(cx));
        if !keep_screen {
            self.stack.clear_to_bottom(cx);
            if !keep_query {
                self.scripts
                    .update(cx, |screen, cx| screen.set_query("", cx));
            }
        }
        self.hide_when_quiet = false;
        self.focus_input(window, cx);
        cx.notify();
    }

    /// What is on screen, for `skit state`: `screen`, `query`, `selected` (the
    /// selected row's name), `rows` and `matching` for lists, `prompt` (the open
    /// prompt message or null, passwords masked), `preview` (the preview pane's
    /// markdown, when it shows), `notice`, the run's output line and event
    /// counts, what the open prompt adds: `toggled` (multi-select), `fields` and
    /// `errors` (a form, passwords masked), `folder` (a path prompt); and for a
    /// triggered run on screen `asking` (its script's name) and `waiting` (how
    /// many more triggered runs wait to ask).
    ///
    /// The window's part (visible, backend, hotkey...) is the shell's to fill.
    pub fn state(&self, cx: &App) -> State {
        let screen = self.stack.top().state(cx);
        // The script of a triggered run on screen (the one that asks).
        let on_screen = self.run.as_ref().map(|r| r.session.read(cx));
        let asking = on_screen
            .filter(|s| s.triggered().is_some() && !self.stack.at_bottom())
            .map(|session| session.name().to_string());
        State {
            screen: self.stack.top().name(cx).to_string(),
            stack: self.stack.names(cx).into_iter().map(String::from).collect(),
            query: screen.query,
            selected: screen.selected,
            prompt: screen.prompt,
            notice: self.notice(cx).map(|n| n.to_string()),
            output: screen.output,
            events: screen.events,
            matching: screen.rows.map(|_| screen.matching),
            rows: screen.rows,
            preview: screen.preview,
            asking,
            waiting: (!self.waiting.is_empty()).then_some(self.waiting.len()),
            details: match screen.details {
                Value::Object(details) => details,
                _ => Default::default(),
            },
            ..State::default()
        }
    }

    /// The window height this state wants, in logical pixels.
    pub fn desired_height(&self, cx: &App) -> f32 {
        let notice = self
            .notice(cx)
            .map_or(0., |text| notices::height_for(&text));
        self.stack.top().height(cx) + notice + FOOTER_HEIGHT
    }
}

/// `text` cut to a length a notice can show.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
