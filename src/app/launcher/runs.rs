//! The launcher's own runs: a script picked in the list, started by a keyword,
//! a shortcut or `skit run`, on screen with its session; what the session asks
//! of the window ([`SessionEvent`]); and how a run leaves (ended, failed,
//! stopped).

use std::path::Path;

use gpui::{AppContext, Context, Entity, EntityId, KeybindingKeystroke, SharedString, Window};

use super::{ActiveRun, Launcher, LauncherEvent};
use crate::accelerator::Accelerator;
use crate::app::keys;
use crate::app::screen::{MenuItem, ScreenEvent};
use crate::app::screens::actions::ActionsScreen;
use crate::app::screens::failure::FailureScreen;
use crate::app::screens::run::RunScreen;
use crate::app::session::{RunSession, SessionEvent};
use crate::builtins;
use crate::catalog::Script;
use crate::raycast::Mode;
use crate::run::{Invocation, Trigger};
use crate::script_list::frecency_key;

impl Launcher {
    /// Runs `script`, picked in the list.
    pub(crate) fn run_script(
        &mut self,
        script: &Script,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        self.run_script_with(script, Invocation::new(Trigger::Launcher), window, cx);
    }

    /// Runs `script` as `invocation` says (a keyword's text, a shortcut, `skit run`).
    pub(crate) fn run_script_with(
        &mut self,
        script: &Script,
        invocation: Invocation,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let key = frecency_key(script);
        self.scripts
            .update(cx, |screen, cx| screen.record_use(&key, cx));
        if script.path.as_os_str() == builtins::SEARCH_FILES {
            let screen = cx.new(crate::app::screens::files::FilesScreen::new);
            return self.show(screen, window, cx);
        }
        if self.open_desktop_command(script, window, cx) {
            return;
        }
        if script.path.as_os_str() == builtins::SNIPPETS {
            return self.open_snippets(window, cx);
        }
        if builtins::is_builtin(script) {
            return self.open_clipboard(false, window, cx);
        }
        self.start(
            &script.path,
            script.name.clone().into(),
            &invocation,
            window,
            cx,
        );
        // A Raycast script command: its mode says how the run is shown.
        if let Some(raycast) = script.raycast()
            && let Some(run) = &self.run
        {
            let mode = raycast.mode;
            run.session
                .update(cx, |session, _| session.set_mode(mode, &script.path));
            // Silent: out of sight at once, unless it asks something first.
            if mode == Mode::Silent && !raycast.asks(!invocation.args.is_empty()) {
                self.ask_to_hide(cx);
            }
        }
    }

    /// Opens the screen of "Switch to Window" or a system command's confirm step,
    /// when `script` is one of them.
    fn open_desktop_command(
        &mut self,
        script: &Script,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> bool {
        use skit_core::desktop_commands::{SWITCH_WINDOW, SystemCommand};
        let path = script.path.to_str().unwrap_or_default();
        if path == SWITCH_WINDOW {
            let apps = self.scripts.read(cx).apps(cx);
            let screen = cx.new(|cx| crate::app::screens::windows::WindowsScreen::new(&apps, cx));
            self.show(screen, window, cx);
        } else if let Some(command) = SystemCommand::from_path(path) {
            let screen =
                cx.new(|cx| crate::app::screens::system::ConfirmSystemScreen::new(command, cx));
            self.show(screen, window, cx);
        } else {
            return false;
        }
        true
    }

    /// Runs the script at `path` (a shortcut or `skit run`).
    pub(crate) fn run_path(
        &mut self,
        path: &Path,
        invocation: Invocation,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let found = self
            .scripts
            .read(cx)
            .scripts(cx)
            .iter()
            .find(|s| s.path == path)
            .cloned();
        match found {
            Some(script) => self.run_script_with(&script, invocation, window, cx),
            None => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.start(path, name.into(), &invocation, window, cx);
            }
        }
    }

    pub(super) fn start(
        &mut self,
        path: &Path,
        name: SharedString,
        invocation: &Invocation,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        self.make_room(cx);
        self.problem = None;
        self.hide_when_quiet = false;
        match RunSession::start(path, name.clone(), &self.context, invocation, cx) {
            Ok(session) => {
                let run = self.active_run(session, window, cx);
                let screen = run.screen.clone();
                self.run = Some(run);
                self.show(screen, window, cx);
            }
            Err(e) => {
                let failure = crate::app::session::Failure {
                    title: format!("“{name}” could not start"),
                    detail: e.message,
                };
                let screen = cx.new(|cx| FailureScreen::new(failure, cx));
                self.show(screen, window, cx);
                self.ask_to_show(cx);
            }
        }
    }

    /// A session with its screen, and its events routed to
    /// [`Launcher::on_session_event`].
    pub(super) fn active_run(
        &mut self,
        session: Entity<RunSession>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> ActiveRun {
        let events = cx.subscribe_in(&session, window, |this, session, event, window, cx| {
            this.on_session_event(session.entity_id(), event.clone(), window, cx)
        });
        let screen = cx.new(|cx| RunScreen::new(session.clone(), cx));
        ActiveRun {
            session,
            screen,
            _events: events,
        }
    }

    pub(super) fn on_session_event(
        &mut self,
        id: EntityId,
        event: SessionEvent,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let Some(run) = self.run.as_ref().filter(|r| r.session.entity_id() == id) else {
            return self.on_triggered_event(id, event, window, cx);
        };
        let (run_session, run_screen) = (run.session.clone(), run.screen.clone());
        let session = run.session.read(cx);
        let (name, prompt_open) = (session.name().clone(), session.prompt().is_some());
        let triggered = session.triggered().is_some();
        let mode = session.mode();
        match event {
            SessionEvent::PromptChanged if !prompt_open && mode == Some(Mode::Silent) => {
                // A silent script command's arguments are answered: out of sight.
                self.ask_to_hide(cx);
            }
            SessionEvent::PromptChanged if !prompt_open && triggered => {
                // Answered: a triggered run goes on without the window.
                return self.release(window, cx);
            }
            SessionEvent::PromptChanged => {
                if prompt_open {
                    self.ask_to_show(cx);
                }
                self.focus_input(window, cx);
            }
            SessionEvent::Show => self.ask_to_show(cx),
            SessionEvent::Hide => self.ask_to_hide(cx),
            SessionEvent::Copy(text) => cx.emit(LauncherEvent::Copy(text)),
            SessionEvent::Insert(insert) => cx.emit(LauncherEvent::Insert(insert)),
            SessionEvent::ReadSelection(id) => {
                if let Some(run) = &self.run {
                    let run = run.session.entity_id();
                    cx.emit(LauncherEvent::ReadSelection { run, id });
                }
            }
            SessionEvent::Open(target) => cx.emit(LauncherEvent::Open(target)),
            SessionEvent::Notice(text) => self.notice_from(&name, text, cx),
            SessionEvent::OpenMenu(actions) => {
                let items = actions
                    .into_iter()
                    .map(|action| MenuItem {
                        key: action
                            .shortcut
                            .as_deref()
                            .and_then(|s| s.parse::<Accelerator>().ok())
                            .and_then(|a| a.keystroke())
                            .and_then(|k| keys::parse_keystroke(&k))
                            .map(|k| {
                                keys::keystroke_label(&KeybindingKeystroke::from_keystroke(k))
                                    .into()
                            })
                            .unwrap_or_default(),
                        label: action.name.clone().into(),
                        event: ScreenEvent::PromptAction(action.name),
                        icon: None,
                    })
                    .collect();
                let title = self
                    .run
                    .as_ref()
                    .map(|run| run.session.read(cx).name().clone())
                    .unwrap_or_default();
                let menu = cx.new(|cx| ActionsScreen::new(title, items, cx));
                self.show(menu, window, cx);
            }
            SessionEvent::Ended(failure) => {
                self.take_run(cx);
                match failure {
                    Some(failure) => {
                        let screen = cx.new(|cx| FailureScreen::new(failure, cx));
                        self.show(screen, window, cx);
                        self.ask_to_show(cx);
                    }
                    None => self.ended_well(mode, run_session, run_screen, window, cx),
                }
            }
        }
        cx.notify();
    }

    /// A run ended well; a Raycast script command's mode says what follows:
    /// `fullOutput` keeps its output on screen until Escape, `compact` shows the
    /// last line as a notice, `silent` too (the window is hidden: a desktop
    /// notification), `inline` also puts it under the row.
    fn ended_well(
        &mut self,
        mode: Option<Mode>,
        session: Entity<RunSession>,
        screen: Entity<RunScreen>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let (name, last, has_output) = {
            let session = session.read(cx);
            (
                session.name().clone(),
                session.last_line(),
                !session.output().is_empty(),
            )
        };
        match mode {
            Some(Mode::FullOutput) if has_output => {
                session.update(cx, |session, cx| session.finish(cx));
                self.show(screen, window, cx);
                return;
            }
            Some(Mode::Compact | Mode::Silent | Mode::Inline) => {
                if let Some(last) = last {
                    self.notice_from(&name, last.into(), cx);
                }
                if mode == Some(Mode::Inline) {
                    let first = session
                        .read(cx)
                        .output()
                        .front()
                        .map(|line| crate::raycast::ansi::strip(line));
                    if let Some(path) = session.read(cx).script().map(Path::to_path_buf) {
                        self.set_inline_subtitle(path, first, cx);
                    }
                }
            }
            _ => {}
        }
        self.focus_input(window, cx);
        if !self.present_next(window, cx) {
            self.hide_after_run(cx);
        }
    }

    /// A run is done: hide now, or once its last notice has been read.
    pub(super) fn hide_after_run(&mut self, cx: &mut Context<Self>) {
        if self.notices.read(cx).is_idle() {
            self.ask_to_hide(cx);
        } else {
            self.hide_when_quiet = true;
        }
    }

    /// Stops the current run (Escape, another run, quitting). Its exit is not
    /// reported: the session is let go first.
    pub(crate) fn cancel_run(&mut self, cx: &mut Context<Self>) {
        if let Some(run) = self.take_run(cx) {
            run.session.read(cx).cancel();
        }
    }
}
