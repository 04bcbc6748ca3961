//! The `editor` prompt: a multi-line text area (the input of every prompt, in its
//! multi-line mode). Enter inserts a newline; Ctrl+Enter submits the text.

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, ScrollHandle, StatefulInteractiveElement, Styled, Window,
    actions, div, px,
};
use serde_json::Value;

use super::{Prompt, PromptEvent};
use crate::app::paint;
use crate::app::screen::Hint;
use crate::app::text_input::{self, TextInput};
use crate::app::theme::Theme;

actions!(editor_prompt, [Submit]);

const CONTEXT: &str = "EditorPrompt";
/// The prompt's height in the window; longer text scrolls.
const HEIGHT: f32 = 280.;

pub(crate) struct EditorPrompt {
    input: Entity<TextInput>,
    scroll: ScrollHandle,
}

impl EventEmitter<PromptEvent> for EditorPrompt {}

impl Focusable for EditorPrompt {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.input.focus_handle(cx)
    }
}

impl EditorPrompt {
    pub(crate) fn new(value: &str, placeholder: &str, cx: &mut Context<Self>) -> EditorPrompt {
        let scroll = ScrollHandle::new();
        let input = cx.new(|cx| {
            let mut input = TextInput::area(placeholder.to_string(), scroll.clone(), cx);
            input.set_text(value, cx);
            input
        });
        EditorPrompt { input, scroll }
    }

    fn text(&self, cx: &App) -> String {
        self.input.read(cx).text().to_string()
    }

    fn submit(&mut self, _: &Submit, _: &mut Window, cx: &mut Context<Self>) {
        cx.emit(PromptEvent::submit(Value::String(self.text(cx))));
    }
}

impl Prompt for EditorPrompt {
    fn height(&self, _: &App) -> f32 {
        HEIGHT
    }

    fn key_contexts(&self, _: &App) -> Vec<&'static str> {
        vec![CONTEXT, text_input::AREA_CONTEXT]
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        vec![Hint::new("Submit", &Submit, at, cx)]
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        (self.text(cx), None)
    }
}

impl Render for EditorPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::submit))
            .size_full()
            .p_3()
            .child(
                // The outline stays put while the text scrolls inside it, and is
                // painted cheaply (see `paint`).
                div()
                    .relative()
                    .size_full()
                    .border_1() // room for the outline, as before
                    .px_3()
                    .child(paint::framed_backdrop(None, theme.border, px(6.)))
                    .child(
                        div()
                            .id("editor-scroll")
                            .size_full()
                            .py_2()
                            .overflow_y_scroll()
                            .track_scroll(&self.scroll)
                            .text_size(px(14.))
                            .line_height(px(21.))
                            .text_color(theme.text)
                            .child(self.input.clone()),
                    ),
            )
    }
}
