//! The frame the launcher draws around the screen on display: the 1 px border,
//! the notice bar (a problem, or the current notice) and the footer with the
//! screen's title and key hints.

use gpui::{
    AnyElement, App, Context, InteractiveElement, IntoElement, KeyContext, ParentElement, Render,
    Styled, Window, div, px,
};

use super::{FOOTER_HEIGHT, Launcher};
use crate::app::fonts::Fonts;
use crate::app::notices;
use crate::app::paint;
use crate::app::theme::Theme;

impl Launcher {
    fn render_footer(&self, theme: &Theme, cx: &App) -> AnyElement {
        let footer = self.stack.top().footer(cx);
        let hints = footer.hints.into_iter().map(|hint| {
            div()
                .flex()
                .items_center()
                .gap_1p5()
                .child(div().text_color(theme.text_muted).child(hint.label))
                .child(
                    div()
                        .px(px(5.))
                        .rounded(px(4.))
                        .bg(theme.badge_background)
                        .text_color(theme.badge_text)
                        .child(hint.key),
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
            .child(div().text_color(theme.text_muted).child(footer.title))
            .child(div().flex().gap_4().children(hints))
            .into_any_element()
    }

    fn render_notice(&self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        let Some(problem) = &self.problem else {
            return self.notices.read(cx).render(theme);
        };
        Some(
            div()
                .h(px(notices::height_for(problem)))
                .flex_none()
                .px_4()
                .flex()
                .items_center()
                .line_height(px(notices::LINE_HEIGHT))
                .relative()
                .child(paint::backdrop(theme.error_background))
                .text_color(theme.error)
                .text_size(px(13.))
                .child(div().flex_1().min_w_0().child(problem.clone()))
                .into_any_element(),
        )
    }
}

impl Render for Launcher {
    fn render(&mut self, window: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        if crate::app::timing::enabled() {
            let state = self.state(cx);
            let settled = !state.matching.unwrap_or(false);
            let rows = state.rows.unwrap_or(0);
            crate::app::timing::frame_rendered(state.query, rows, settled, state.events, cx);
        }
        if crate::app::frame_stats::enabled() {
            crate::app::frame_stats::frame_started(self.stack.top().name(cx), window, cx);
        }
        // "Launcher" plus the screen's name, so keys can be bound to one screen.
        let mut context = KeyContext::default();
        context.add("Launcher");
        context.add(self.stack.top().name(cx));
        let notice = self.render_notice(&theme, cx);
        div()
            .id("launcher")
            .key_context(context)
            .on_action(cx.listener(Self::dismiss))
            .size_full()
            // The background and its 1 px outline are one layer of solid rectangles,
            // the cheapest thing to draw without a GPU (see `paint`); the content
            // sits inside the outline.
            .p(px(1.))
            .child(paint::outlined_backdrop(theme.background, theme.border))
            .child(
                div()
                    .size_full()
                    .flex()
                    .flex_col()
                    .overflow_hidden()
                    .text_color(theme.text)
                    .font_family(cx.global::<Fonts>().ui.clone())
                    .child(
                        div()
                            .flex_1()
                            .min_h_0()
                            .flex()
                            .flex_col()
                            .child(self.stack.top().view()),
                    )
                    .children(notice)
                    .child(div().h(px(1.)).flex_none().bg(theme.border))
                    .child(self.render_footer(&theme, cx)),
            )
    }
}
