//! A run that failed: its exit code or signal and the end of its stderr, until
//! the user presses Escape.

use gpui::{
    App, Context, EventEmitter, FocusHandle, Focusable, InteractiveElement, IntoElement,
    ParentElement, Render, StatefulInteractiveElement, Styled, Window, div, px,
};

use crate::app::fonts::Fonts;
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::session::Failure;
use crate::app::theme::Theme;

/// The key contexts from the window down to the screen.
const KEYS: &[&str] = &["Launcher failed"];
const HEIGHT: f32 = 320.;

pub(crate) struct FailureScreen {
    failure: Failure,
    focus: FocusHandle,
}

impl EventEmitter<ScreenEvent> for FailureScreen {}

impl Focusable for FailureScreen {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl FailureScreen {
    pub(crate) fn new(failure: Failure, cx: &mut Context<Self>) -> FailureScreen {
        FailureScreen {
            failure,
            focus: cx.focus_handle(),
        }
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn failure(&self) -> &Failure {
        &self.failure
    }
}

impl Screen for FailureScreen {
    fn name(&self, _: &App) -> &'static str {
        "failed"
    }

    fn height(&self, _: &App) -> f32 {
        HEIGHT
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: "Script failed".into(),
            hints: vec![Hint::new("Back", &Dismiss, KEYS, cx)],
        }
    }

    fn state(&self, _: &App) -> ScreenState {
        ScreenState::default()
    }
}

impl Render for FailureScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        div()
            .id("failure")
            .track_focus(&self.focus)
            .size_full()
            .p_4()
            .flex()
            .flex_col()
            .gap_2()
            .child(
                div()
                    .text_size(px(16.))
                    .text_color(theme.error)
                    .child(self.failure.title.clone()),
            )
            .child(
                div()
                    .id("stderr")
                    .flex_1()
                    .min_h_0()
                    .overflow_y_scroll()
                    .p_3()
                    .rounded(px(8.))
                    .bg(theme.error_background)
                    .text_color(theme.text)
                    .font_family(cx.global::<Fonts>().mono.clone())
                    .text_size(px(12.))
                    .child(self.failure.detail.clone()),
            )
    }
}
