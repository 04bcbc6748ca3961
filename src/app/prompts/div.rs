//! The `div` prompt: markdown drawn natively (see [`crate::markdown`]). Links open
//! with the desktop's handler when clicked; long content scrolls (mouse, or
//! Up/Down/PageUp/PageDown); Enter submits `null`.

use gpui::{
    App, Context, EventEmitter, FocusHandle, Focusable, InteractiveElement, IntoElement,
    ParentElement, Render, ScrollHandle, StatefulInteractiveElement, Styled, Window, actions, div,
    point, px,
};
use serde_json::Value;

use super::{Prompt, PromptEvent};
use crate::app::fonts::Fonts;
use crate::app::markdown_view;
use crate::app::screen::Hint;
use crate::app::theme::Theme;
use crate::markdown::{self, Block};

actions!(div_prompt, [Submit, ScrollUp, ScrollDown, PageUp, PageDown]);

const CONTEXT: &str = "DivPrompt";
/// The tallest the prompt gets in the window; longer documents scroll.
pub(crate) const MAX_HEIGHT: f32 = 420.;
const MIN_HEIGHT: f32 = 120.;
const SCROLL_STEP: f32 = 40.;

pub(crate) struct DivPrompt {
    focus: FocusHandle,
    blocks: Vec<Block>,
    scroll: ScrollHandle,
}

impl EventEmitter<PromptEvent> for DivPrompt {}

impl Focusable for DivPrompt {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl DivPrompt {
    pub(crate) fn new(markdown: &str, cx: &mut Context<Self>) -> DivPrompt {
        DivPrompt {
            focus: cx.focus_handle(),
            blocks: markdown::parse(markdown),
            scroll: ScrollHandle::new(),
        }
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// About how tall the document is drawn (it scrolls when the guess is short),
    /// so a short note gets a small window and a long page the tallest one.
    pub(crate) fn document_height(&self) -> f32 {
        let padding = 40.;
        let content: f32 = self.blocks.iter().map(markdown_view::estimate).sum::<f32>()
            + 12. * self.blocks.len().saturating_sub(1) as f32;
        (content + padding).clamp(MIN_HEIGHT, MAX_HEIGHT)
    }

    fn submit(&mut self, _: &Submit, _: &mut Window, cx: &mut Context<Self>) {
        cx.emit(PromptEvent::submit(Value::Null));
    }

    fn scroll_by(&mut self, delta: f32, cx: &mut Context<Self>) {
        let offset = self.scroll.offset();
        self.scroll
            .set_offset(point(offset.x, (offset.y - px(delta)).min(px(0.))));
        cx.notify();
    }

    fn scroll_up(&mut self, _: &ScrollUp, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(-SCROLL_STEP, cx);
    }

    fn scroll_down(&mut self, _: &ScrollDown, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(SCROLL_STEP, cx);
    }

    fn page_up(&mut self, _: &PageUp, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(-(MAX_HEIGHT - 60.), cx);
    }

    fn page_down(&mut self, _: &PageDown, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(MAX_HEIGHT - 60., cx);
    }
}

impl Prompt for DivPrompt {
    fn height(&self, _: &App) -> f32 {
        self.document_height()
    }

    fn key_contexts(&self, _: &App) -> Vec<&'static str> {
        vec![CONTEXT]
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        vec![Hint::new("Continue", &Submit, at, cx)]
    }
}

impl Render for DivPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        let blocks = markdown_view::render(&self.blocks, "div", theme, cx.global::<Fonts>());
        div()
            .id("div-prompt")
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::submit))
            .on_action(cx.listener(Self::scroll_up))
            .on_action(cx.listener(Self::scroll_down))
            .on_action(cx.listener(Self::page_up))
            .on_action(cx.listener(Self::page_down))
            .size_full()
            .overflow_y_scroll()
            .track_scroll(&self.scroll)
            .child(
                div()
                    .px_6()
                    .py_5()
                    .flex()
                    .flex_col()
                    .gap_3()
                    .text_size(px(14.))
                    .line_height(px(22.))
                    .text_color(theme.text)
                    .children(blocks),
            )
    }
}
