//! Triggered runs in the window. A run started by a schedule, a watched file or
//! as a background script goes without the window until it asks something; then
//! the app hands it here ([`Launcher::adopt`]). It is on screen while its prompt
//! is open, with a line saying which script asks; once answered it goes on out of
//! sight. When another run is on screen, it waits (at most [`MAX_WAITING`] runs,
//! first come first shown) and a notice says so. Its notices go to the desktop
//! while it is out of sight.

use gpui::{Context, EntityId, SharedString, Window};

use super::{Launcher, LauncherEvent};
use crate::app::session::{RunSession, SessionEvent};
use crate::triggers::Asking;

/// Triggered runs that may wait for the screen at once; one more is stopped.
pub(crate) const MAX_WAITING: usize = 8;

impl Launcher {
    /// Takes over a triggered run that asks something. Its prompt arrives through
    /// the session, which then asks for the screen.
    pub fn adopt(&mut self, asking: Box<Asking>, window: &mut Window, cx: &mut Context<Self>) {
        let name: SharedString = asking.script.name.clone().into();
        let session = RunSession::adopt(
            asking.run,
            name,
            &self.context,
            None,
            Some(asking.trigger),
            cx,
        );
        let run = self.active_run(session, window, cx);
        self.triggered.push(run);
    }

    /// An event of a triggered run that is not on screen.
    pub(super) fn on_triggered_event(
        &mut self,
        id: EntityId,
        event: SessionEvent,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let Some(ix) = self.triggered_index(id) else {
            return;
        };
        let session = self.triggered[ix].session.read(cx);
        let name = session.name().to_string();
        let asks = session.prompt().is_some();
        match event {
            SessionEvent::PromptChanged if asks => self.wants_screen(id, window, cx),
            SessionEvent::Show => self.wants_screen(id, window, cx),
            SessionEvent::Notice(text) => cx.emit(LauncherEvent::DesktopNotice {
                title: name,
                text: text.to_string(),
            }),
            SessionEvent::Copy(text) => cx.emit(LauncherEvent::Copy(text)),
            // Into the active window: the launcher is not in the way.
            SessionEvent::Insert(insert) => cx.emit(LauncherEvent::Insert(insert)),
            SessionEvent::ReadSelection(selection) => cx.emit(LauncherEvent::ReadSelection {
                run: id,
                id: selection,
            }),
            SessionEvent::Open(target) => cx.emit(LauncherEvent::Open(target)),
            SessionEvent::Ended(failure) => {
                self.triggered.remove(ix);
                self.waiting.retain(|w| *w != id);
                if let Some(failure) = failure {
                    cx.emit(LauncherEvent::DesktopNotice {
                        title: name,
                        text: failure.title,
                    });
                }
            }
            SessionEvent::PromptChanged | SessionEvent::Hide | SessionEvent::OpenMenu(_) => {}
        }
    }

    fn triggered_index(&self, id: EntityId) -> Option<usize> {
        self.triggered
            .iter()
            .position(|r| r.session.entity_id() == id)
    }

    /// Triggered run `id` has a prompt open: on screen now, or in line.
    fn wants_screen(&mut self, id: EntityId, window: &mut Window, cx: &mut Context<Self>) {
        let Some(on_screen) = self.run.as_ref().map(|r| r.session.read(cx).name().clone()) else {
            return self.present(id, window, cx);
        };
        if self.waiting.contains(&id) {
            return;
        }
        let Some(ix) = self.triggered_index(id) else {
            return;
        };
        let name = self.triggered[ix].session.read(cx).name().to_string();
        if self.waiting.len() >= MAX_WAITING {
            tracing::warn!(
                "“{name}” asks something, but {MAX_WAITING} scripts already wait for the \
                 window; stopped it"
            );
            self.triggered.remove(ix).session.read(cx).cancel();
            return cx.emit(LauncherEvent::DesktopNotice {
                title: name,
                text: format!(
                    "Stopped: {MAX_WAITING} other scripts were already waiting to ask something"
                ),
            });
        }
        self.waiting.push_back(id);
        let notice =
            format!("“{name}” wants to ask something; it waits until “{on_screen}” is done");
        self.notice_from(&on_screen, notice.into(), cx);
    }

    /// Puts triggered run `id` on screen and shows the window.
    fn present(&mut self, id: EntityId, window: &mut Window, cx: &mut Context<Self>) {
        let Some(ix) = self.triggered_index(id) else {
            return;
        };
        let run = self.triggered.remove(ix);
        self.waiting.retain(|w| *w != id);
        self.problem = None;
        self.hide_when_quiet = false;
        let screen = run.screen.clone();
        self.run = Some(run);
        self.show(screen, window, cx);
        self.ask_to_show(cx);
    }

    /// The next triggered run in line, on screen; false when none waits.
    pub(super) fn present_next(&mut self, window: &mut Window, cx: &mut Context<Self>) -> bool {
        while let Some(id) = self.waiting.pop_front() {
            let asks = self
                .triggered_index(id)
                .is_some_and(|ix| self.triggered[ix].session.read(cx).prompt().is_some());
            if asks {
                self.present(id, window, cx);
                return true;
            }
        }
        false
    }

    /// The triggered run on screen was answered: it goes on out of sight, and
    /// the window hides (or shows the next in line).
    pub(super) fn release(&mut self, window: &mut Window, cx: &mut Context<Self>) {
        if let Some(run) = self.take_run(cx) {
            self.triggered.push(run);
        }
        self.focus_input(window, cx);
        if !self.present_next(window, cx) {
            self.hide_after_run(cx);
        }
    }

    /// When the window is shown again: a triggered run on screen that asks
    /// nothing (it only said `show`) goes out of sight, so the list shows.
    pub(super) fn release_if_unasked(&mut self, window: &mut Window, cx: &mut Context<Self>) {
        let unasked = self.run.as_ref().is_some_and(|r| {
            let session = r.session.read(cx);
            session.triggered().is_some() && session.prompt().is_none()
        });
        if unasked && let Some(run) = self.take_run(cx) {
            self.triggered.push(run);
            self.focus_input(window, cx);
        }
    }

    /// Makes room on screen for a new run of the window's own: the run there is
    /// stopped, or, if triggered, goes back in line (first).
    pub(super) fn make_room(&mut self, cx: &mut Context<Self>) {
        let Some(run) = self.take_run(cx) else {
            return;
        };
        if run.session.read(cx).triggered().is_some() {
            self.waiting.push_front(run.session.entity_id());
            self.triggered.push(run);
        } else {
            run.session.read(cx).cancel();
        }
    }

    /// Stops every run the window has (skit quits).
    pub(crate) fn cancel_all(&mut self, cx: &mut Context<Self>) {
        self.cancel_run(cx);
        for run in self.triggered.drain(..) {
            run.session.read(cx).cancel();
        }
        self.waiting.clear();
    }

    /// A notice from the run of `name`: in the window when the user can see it,
    /// else on the desktop.
    pub(super) fn notice_from(&mut self, name: &str, text: SharedString, cx: &mut Context<Self>) {
        if self.visible {
            self.notify(text, cx);
        } else {
            cx.emit(LauncherEvent::DesktopNotice {
                title: name.to_string(),
                text: text.to_string(),
            });
        }
    }

    /// The shell says whether the window is on screen.
    pub fn set_visible(&mut self, visible: bool) {
        self.visible = visible;
        self.inline.set_visible(visible);
    }

    /// Scripts with a triggered run going (their running badge and menu).
    pub fn set_running(
        &mut self,
        running: std::collections::BTreeSet<std::path::PathBuf>,
        cx: &mut Context<Self>,
    ) {
        self.scripts
            .update(cx, |screen, cx| screen.set_running(running, cx));
    }
}
