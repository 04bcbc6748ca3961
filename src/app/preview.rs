//! The preview pane at the right of a list: markdown about the focused row (an
//! `arg` prompt's choice, a `path` prompt's file or folder), drawn with the same
//! renderer as the `div` prompt, scrolled with Shift+Up/Down (the list's keys) or
//! the mouse. One component, so every list's preview looks and scrolls alike.

use gpui::{
    AnyElement, App, InteractiveElement, IntoElement, ParentElement, ScrollHandle,
    StatefulInteractiveElement, Styled, div, point, px,
};

use super::fonts::Fonts;
use super::markdown_view;
use super::row::empty_state;
use super::theme::Theme;
use crate::markdown::{self, Block};

/// What the pane shows and how far it is scrolled.
pub(crate) struct PreviewPane {
    markdown: String,
    blocks: Vec<Block>,
    scroll: ScrollHandle,
}

impl PreviewPane {
    pub(crate) fn new() -> PreviewPane {
        PreviewPane {
            markdown: String::new(),
            blocks: Vec::new(),
            scroll: ScrollHandle::new(),
        }
    }

    /// Shows `markdown`, from its top.
    pub(crate) fn show(&mut self, markdown: &str) {
        self.markdown = markdown.to_string();
        self.blocks = markdown::parse(markdown);
        self.scroll.set_offset(point(px(0.), px(0.)));
    }

    pub(crate) fn markdown(&self) -> &str {
        &self.markdown
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Scrolls by `delta` pixels (positive: further down).
    pub(crate) fn scroll_by(&self, delta: f32) {
        let offset = self.scroll.offset();
        self.scroll
            .set_offset(point(offset.x, (offset.y - px(delta)).min(px(0.))));
    }

    /// The pane; `empty` is what it says with nothing to show.
    pub(crate) fn render(&self, empty: (&str, &str), theme: &Theme, cx: &App) -> AnyElement {
        let blocks = markdown_view::render(&self.blocks, "preview", theme, cx.global::<Fonts>());
        let body = if blocks.is_empty() {
            empty_state(empty.0, empty.1, theme)
        } else {
            div()
                .px_4()
                .py_3()
                .flex()
                .flex_col()
                .gap_2()
                .text_size(px(13.))
                .line_height(px(20.))
                .children(blocks)
                .into_any_element()
        };
        div()
            .id("preview")
            .size_full()
            .overflow_y_scroll()
            .track_scroll(&self.scroll)
            .text_color(theme.text)
            .child(body)
            .into_any_element()
    }
}
