//! The first-start page: the hotkey, how to make a script, where scripts live.
//! A markdown page like a `div` prompt; Enter leads to the script list.

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, IntoElement,
    ParentElement, Render, Styled, Subscription, Window, div,
};

use crate::app::prompts::div::DivPrompt;
use crate::app::prompts::{Prompt, PromptEvent};
use crate::app::screen::{Footer, Hint, Screen, ScreenEvent, ScreenState};

pub(crate) struct WelcomeScreen {
    page: Entity<DivPrompt>,
    _done: Subscription,
}

impl EventEmitter<ScreenEvent> for WelcomeScreen {}

impl Focusable for WelcomeScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.page.focus_handle(cx)
    }
}

impl WelcomeScreen {
    pub(crate) fn new(markdown: &str, cx: &mut Context<Self>) -> WelcomeScreen {
        let page = cx.new(|cx| DivPrompt::new(markdown, cx));
        let done = cx.subscribe(&page, |_, _, _: &PromptEvent, cx| {
            cx.emit(ScreenEvent::Back)
        });
        WelcomeScreen { page, _done: done }
    }
}

impl Screen for WelcomeScreen {
    fn name(&self, _: &App) -> &'static str {
        "welcome"
    }

    fn kept_when_shown_again(&self) -> bool {
        true
    }

    fn height(&self, cx: &App) -> f32 {
        self.page.read(cx).height(cx)
    }

    fn footer(&self, cx: &App) -> Footer {
        let page = self.page.read(cx);
        let mut at = vec!["Launcher welcome"];
        at.extend(page.key_contexts(cx));
        let continue_hint = page.hints(&at, cx).into_iter().next();
        Footer {
            title: "Welcome".into(),
            hints: continue_hint
                .map(|hint| Hint {
                    label: "Start".into(),
                    key: hint.key,
                })
                .into_iter()
                .collect(),
        }
    }

    fn state(&self, _: &App) -> ScreenState {
        ScreenState::default()
    }
}

impl Render for WelcomeScreen {
    fn render(&mut self, _: &mut Window, _: &mut Context<Self>) -> impl IntoElement {
        div().size_full().child(self.page.clone())
    }
}
