//! The confirm step of a system command ("Suspend the computer?"): Enter does
//! it through logind (`skit_linux::system`, on a background thread) and hides
//! the launcher; Escape goes back. A refusal is shown as a problem.

use gpui::{
    App, AppContext, Context, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, Styled, Window, div,
};
use skit_core::desktop_commands::SystemCommand;

use crate::app::row::empty_state;
use crate::app::screen::{Accept, DIALOG, Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::theme::Theme;

/// The key contexts from the window down to the dialog, which has the focus.
const KEYS: &[&str] = &["Launcher confirm", DIALOG];
const HEIGHT: f32 = 128.;

pub(crate) struct ConfirmSystemScreen {
    command: SystemCommand,
    /// Accepted: the call is under way (a second Enter does nothing).
    busy: bool,
    focus: FocusHandle,
}

impl EventEmitter<ScreenEvent> for ConfirmSystemScreen {}

impl Focusable for ConfirmSystemScreen {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl ConfirmSystemScreen {
    pub(crate) fn new(command: SystemCommand, cx: &mut Context<Self>) -> ConfirmSystemScreen {
        ConfirmSystemScreen {
            command,
            busy: false,
            focus: cx.focus_handle(),
        }
    }

    fn accept(&mut self, _: &Accept, _: &mut Window, cx: &mut Context<Self>) {
        if self.busy {
            return;
        }
        self.busy = true;
        let command = self.command;
        let done = cx.background_spawn(async move { skit_linux::system::perform(command) });
        cx.spawn(async move |this, cx| {
            let done = done.await;
            let _ = this.update(cx, |this, cx| {
                this.busy = false;
                match done {
                    Ok(()) => cx.emit(ScreenEvent::Hide),
                    Err(e) => cx.emit(ScreenEvent::Problem(e.into())),
                }
                cx.emit(ScreenEvent::Back);
            });
        })
        .detach();
    }
}

impl Screen for ConfirmSystemScreen {
    fn name(&self, _: &App) -> &'static str {
        "confirm"
    }

    fn height(&self, _: &App) -> f32 {
        HEIGHT
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: self.command.name().into(),
            hints: vec![
                Hint::new(self.command.name(), &Accept, KEYS, cx),
                Hint::new("Cancel", &Dismiss, KEYS, cx),
            ],
        }
    }

    fn state(&self, _: &App) -> ScreenState {
        ScreenState {
            selected: Some(self.command.name().to_string()),
            ..ScreenState::default()
        }
    }
}

impl Render for ConfirmSystemScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        div()
            .key_context(DIALOG)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::accept))
            .size_full()
            .child(empty_state(
                &self.command.question(),
                "Enter to go ahead, Escape to cancel.",
                theme,
            ))
    }
}
