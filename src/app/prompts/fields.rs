//! The `fields` prompt: a form of labelled single-line inputs (the same input as
//! the query). Tab and Shift+Tab move between fields, the first has focus when the
//! form appears, Enter submits `{name: text}`.

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, KeyBinding, ParentElement, Render, Styled, Window, actions, div, px,
};
use serde_json::{Map, Value};

use super::{Prompt, PromptEvent};
use crate::app::screen::Hint;
use crate::app::text_input::TextInput;
use crate::app::theme::Theme;
use crate::protocol::Field;

actions!(fields_prompt, [NextField, PreviousField, Submit]);

const CONTEXT: &str = "FieldsPrompt";
const FIELD_HEIGHT: f32 = 66.;

pub(crate) fn init(cx: &mut App) {
    let context = Some(CONTEXT);
    cx.bind_keys([
        KeyBinding::new("tab", NextField, context),
        KeyBinding::new("shift-tab", PreviousField, context),
        KeyBinding::new("enter", Submit, context),
    ]);
}

pub(crate) struct FieldsPrompt {
    fields: Vec<(Field, Entity<TextInput>)>,
    focus: FocusHandle,
}

impl EventEmitter<PromptEvent> for FieldsPrompt {}

impl Focusable for FieldsPrompt {
    /// The first field: where typing starts.
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match self.fields.first() {
            Some((_, input)) => input.focus_handle(cx),
            None => self.focus.clone(),
        }
    }
}

impl FieldsPrompt {
    pub(crate) fn new(fields: Vec<Field>, cx: &mut Context<Self>) -> FieldsPrompt {
        let fields = fields
            .into_iter()
            .map(|field| {
                let placeholder = field.placeholder.clone().unwrap_or_default();
                let value = match &field.value { Some(serde_json::Value::String(s)) => s.clone(), _ => String::new() };
                let input = cx.new(|cx| {
                    let mut input = TextInput::new(placeholder, cx);
                    input.set_text(&value, cx);
                    input
                });
                (field, input)
            })
            .collect();
        FieldsPrompt {
            fields,
            focus: cx.focus_handle(),
        }
    }

    /// What Enter sends: every field's text by name.
    fn value(&self, cx: &App) -> Value {
        let mut object = Map::new();
        for (field, input) in &self.fields {
            object.insert(
                field.name.clone(),
                Value::String(input.read(cx).text().to_string()),
            );
        }
        Value::Object(object)
    }

    /// The index of the field with focus.
    fn focused(&self, window: &Window, cx: &App) -> Option<usize> {
        self.fields
            .iter()
            .position(|(_, input)| input.focus_handle(cx).is_focused(window))
    }

    fn move_focus(&mut self, step: isize, window: &mut Window, cx: &mut Context<Self>) {
        let count = self.fields.len() as isize;
        if count == 0 {
            return;
        }
        let current = self.focused(window, cx).map_or(-1, |i| i as isize);
        let next = (current + step).rem_euclid(count) as usize;
        window.focus(&self.fields[next].1.focus_handle(cx));
        cx.notify();
    }

    fn next_field(&mut self, _: &NextField, window: &mut Window, cx: &mut Context<Self>) {
        self.move_focus(1, window, cx);
    }

    fn previous_field(&mut self, _: &PreviousField, window: &mut Window, cx: &mut Context<Self>) {
        self.move_focus(-1, window, cx);
    }

    fn submit(&mut self, _: &Submit, _: &mut Window, cx: &mut Context<Self>) {
        cx.emit(PromptEvent::submit(self.value(cx)));
    }
}

impl Prompt for FieldsPrompt {
    fn height(&self, _: &App) -> f32 {
        self.fields.len().max(1) as f32 * FIELD_HEIGHT + 24.
    }

    fn hints(&self, cx: &App) -> Vec<Hint> {
        vec![
            Hint::new("Next field", &NextField, cx),
            Hint::new("Submit", &Submit, cx),
        ]
    }
}

impl Render for FieldsPrompt {
    fn render(&mut self, window: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let focused = self.focused(window, cx);
        let rows = self.fields.iter().enumerate().map(|(i, (field, input))| {
            let label = field.label.clone().unwrap_or_else(|| field.name.clone());
            let active = focused == Some(i);
            div()
                .flex()
                .flex_col()
                .gap_1()
                .child(
                    div()
                        .text_size(px(12.))
                        .text_color(if active {
                            theme.accent
                        } else {
                            theme.text_muted
                        })
                        .child(label),
                )
                .child(
                    div()
                        .h(px(36.))
                        .px_3()
                        .flex()
                        .items_center()
                        .rounded(px(6.))
                        .border_1()
                        .border_color(if active { theme.accent } else { theme.border })
                        .text_size(px(14.))
                        .child(input.clone()),
                )
        });
        div()
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::next_field))
            .on_action(cx.listener(Self::previous_field))
            .on_action(cx.listener(Self::submit))
            .size_full()
            .px_5()
            .py_3()
            .flex()
            .flex_col()
            .gap_2()
            .text_color(theme.text)
            .children(rows)
    }
}
