//! The `fields` prompt: a form, one labelled control a row. Protocol 1.1 gives
//! each field a type: `text` (the default), `password` (drawn masked, shown
//! nowhere), `number`, `checkbox` (Space toggles it), `select` (a dropdown
//! filtered by typing, in [`select`]) and `textarea` (several lines; Enter is a
//! newline there). Tab and Shift+Tab move between fields, Enter (or Ctrl+Enter,
//! which also works in a textarea) submits `{name: answer}` with each answer of
//! its JSON type: text, a number (`null` when left empty), `true`/`false`, the
//! chosen option's value.
//!
//! A number field that does not hold a number says so under it as it is typed;
//! a `required` field left empty says so once Enter is pressed. Either blocks
//! submitting, and Enter moves the focus to the first field at fault.

mod select;

use gpui::prelude::FluentBuilder;
use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, MouseButton, ParentElement, Render, ScrollHandle,
    SharedString, StatefulInteractiveElement, Styled, Subscription, Window, actions, div, px,
};
use serde_json::{Map, Number, Value, json};

use super::{Prompt, PromptEvent};
use crate::app::paint;
use crate::app::row::check_box;
use crate::app::screen::Hint;
use crate::app::text_input::{self, TextInput};
use crate::app::theme::Theme;
use crate::protocol::{Field, FieldType};
use select::SelectField;

actions!(
    fields_prompt,
    [NextField, PreviousField, Submit, ToggleCheckbox]
);

const CONTEXT: &str = "FieldsPrompt";
const CHECKBOX: &str = "FieldCheckbox";
/// A row: a 34 px control and the gap under it; a textarea's control is taller.
const ROW_HEIGHT: f32 = 44.;
const AREA_HEIGHT: f32 = 96.;
const ERROR_HEIGHT: f32 = 18.;
const PADDING: f32 = 24.;
const LABEL_WIDTH: f32 = 170.;

/// What an empty required field says (only once Enter was pressed).
const REQUIRED: &str = "Required";

/// The input of one field.
enum Control {
    /// One line: text, password (masked) or number.
    Line(Entity<TextInput>),
    /// Several lines, in a box that scrolls.
    Area(Entity<TextInput>, ScrollHandle),
    Checkbox {
        checked: bool,
        focus: FocusHandle,
    },
    Select(Entity<SelectField>),
}

impl Control {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match self {
            Control::Line(input) | Control::Area(input, _) => input.focus_handle(cx),
            Control::Checkbox { focus, .. } => focus.clone(),
            Control::Select(select) => select.focus_handle(cx),
        }
    }
}

struct FormField {
    field: Field,
    control: Control,
    /// What is wrong with its value, shown under it.
    error: Option<SharedString>,
}

pub(crate) struct FieldsPrompt {
    fields: Vec<FormField>,
    focus: FocusHandle,
    /// The field that had focus when the form was last drawn.
    focused: Option<usize>,
    /// Enter was pressed once: from then on, empty required fields say so.
    tried: bool,
    scroll: ScrollHandle,
    _changes: Vec<Subscription>,
}

impl EventEmitter<PromptEvent> for FieldsPrompt {}

impl Focusable for FieldsPrompt {
    /// The first field: where typing starts.
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match self.fields.first() {
            Some(field) => field.control.focus_handle(cx),
            None => self.focus.clone(),
        }
    }
}

impl FieldsPrompt {
    pub(crate) fn new(fields: Vec<Field>, cx: &mut Context<Self>) -> FieldsPrompt {
        let mut changes = Vec::new();
        let fields = fields
            .into_iter()
            .map(|field| {
                let control = Self::control(&field, cx);
                match &control {
                    // Each edit re-checks the form (a number as it is typed).
                    Control::Line(input) | Control::Area(input, _) => {
                        changes.push(cx.subscribe(
                            input,
                            |this, _, _: &text_input::Changed, cx| {
                                this.validate(cx);
                            },
                        ));
                    }
                    // Its dropdown's height is the form's (the window fits it).
                    Control::Select(select) => {
                        changes.push(cx.observe(select, |_, _, cx| cx.notify()))
                    }
                    Control::Checkbox { .. } => {}
                }
                FormField {
                    field,
                    control,
                    error: None,
                }
            })
            .collect();
        FieldsPrompt {
            fields,
            focus: cx.focus_handle(),
            focused: Some(0),
            tried: false,
            scroll: ScrollHandle::new(),
            _changes: changes,
        }
    }

    fn control(field: &Field, cx: &mut Context<Self>) -> Control {
        let placeholder = field.placeholder.clone().unwrap_or_default();
        let text = match &field.value {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        match field.kind() {
            FieldType::Checkbox => Control::Checkbox {
                checked: matches!(&field.value, Some(Value::Bool(true)))
                    || matches!(&field.value, Some(Value::String(s)) if s == "true"),
                focus: cx.focus_handle(),
            },
            FieldType::Select => Control::Select(cx.new(|cx| SelectField::new(field, cx))),
            FieldType::Textarea => {
                let scroll = ScrollHandle::new();
                let input = cx.new(|cx| {
                    let mut input = TextInput::area(placeholder, scroll.clone(), cx);
                    input.set_text(&text, cx);
                    input
                });
                Control::Area(input, scroll)
            }
            kind => Control::Line(cx.new(|cx| {
                let mut input = TextInput::new(placeholder, cx);
                input.set_text(&text, cx);
                input.set_masked(kind == FieldType::Password, cx);
                input
            })),
        }
    }

    /// A field's answer, or what is wrong with it.
    fn answer(form_field: &FormField, cx: &App) -> Result<Value, &'static str> {
        let field = &form_field.field;
        let required = |empty: bool| {
            if empty && field.required() {
                Err(REQUIRED)
            } else {
                Ok(())
            }
        };
        match &form_field.control {
            Control::Line(input) | Control::Area(input, _) => {
                let text = input.read(cx).text();
                required(text.trim().is_empty())?;
                if field.kind() != FieldType::Number {
                    return Ok(Value::String(text.to_string()));
                }
                parse_number(text.trim())
            }
            Control::Checkbox { checked, .. } => {
                required(!checked)?;
                Ok(Value::Bool(*checked))
            }
            Control::Select(select) => {
                let value = select.read(cx).value();
                required(value.is_none())?;
                Ok(value.unwrap_or(Value::Null))
            }
        }
    }

    /// Re-checks every field: a bad number always says so, an empty required
    /// field once Enter was pressed. Returns the answers when all are good.
    fn validate(&mut self, cx: &mut Context<Self>) -> Option<Value> {
        let mut answers = Map::new();
        let mut good = true;
        for i in 0..self.fields.len() {
            let answer = Self::answer(&self.fields[i], cx);
            let form_field = &mut self.fields[i];
            form_field.error = match &answer {
                Err(REQUIRED) if !self.tried => None,
                Err(why) => Some((*why).into()),
                Ok(_) => None,
            };
            match answer {
                Ok(value) => {
                    answers.insert(form_field.field.name.clone(), value);
                }
                Err(_) => good = false,
            }
        }
        cx.notify();
        good.then_some(Value::Object(answers))
    }

    /// The index of the field with focus.
    fn focused_field(&self, window: &Window, cx: &App) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.control.focus_handle(cx).contains_focused(window, cx))
    }

    fn focus_field(&mut self, ix: usize, window: &mut Window, cx: &mut Context<Self>) {
        // A select forgets its filter when the focus leaves it.
        if let Some(left) = self.focused_field(window, cx)
            && left != ix
            && let Control::Select(select) = &self.fields[left].control
        {
            select.update(cx, |select, cx| select.clear_filter(cx));
        }
        window.focus(&self.fields[ix].control.focus_handle(cx), cx);
        self.focused = Some(ix);
        self.scroll.scroll_to_item(ix);
        cx.notify();
    }

    fn move_focus(&mut self, step: isize, window: &mut Window, cx: &mut Context<Self>) {
        let count = self.fields.len() as isize;
        if count == 0 {
            return;
        }
        let current = self.focused_field(window, cx).map_or(-1, |i| i as isize);
        let next = (current + step).rem_euclid(count) as usize;
        self.focus_field(next, window, cx);
    }

    fn next_field(&mut self, _: &NextField, window: &mut Window, cx: &mut Context<Self>) {
        self.move_focus(1, window, cx);
    }

    fn previous_field(&mut self, _: &PreviousField, window: &mut Window, cx: &mut Context<Self>) {
        self.move_focus(-1, window, cx);
    }

    fn toggle_checkbox(&mut self, _: &ToggleCheckbox, window: &mut Window, cx: &mut Context<Self>) {
        if let Some(ix) = self.focused_field(window, cx) {
            self.toggle(ix, cx);
        }
    }

    fn toggle(&mut self, ix: usize, cx: &mut Context<Self>) {
        if let Control::Checkbox { checked, .. } = &mut self.fields[ix].control {
            *checked = !*checked;
            self.validate(cx);
        }
    }

    fn submit(&mut self, _: &Submit, window: &mut Window, cx: &mut Context<Self>) {
        self.tried = true;
        match self.validate(cx) {
            Some(answers) => cx.emit(PromptEvent::submit(answers)),
            None => {
                if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
                    self.focus_field(first, window, cx);
                }
            }
        }
    }

    /// The height of field `ix`'s row.
    fn row_height(&self, ix: usize, cx: &App) -> f32 {
        let form_field = &self.fields[ix];
        let control = match &form_field.control {
            Control::Area(..) => ROW_HEIGHT - 34. + AREA_HEIGHT,
            Control::Select(select) if self.focused == Some(ix) => {
                ROW_HEIGHT + select.read(cx).dropdown_height()
            }
            _ => ROW_HEIGHT,
        };
        control
            + if form_field.error.is_some() {
                ERROR_HEIGHT
            } else {
                0.
            }
    }

    /// A field's value as shown: a password masked, a select's chosen name.
    fn shown(form_field: &FormField, cx: &App) -> Value {
        match &form_field.control {
            Control::Line(input) | Control::Area(input, _) => json!(input.read(cx).shown_text()),
            Control::Checkbox { checked, .. } => json!(checked),
            Control::Select(select) => json!(select.read(cx).chosen_name()),
        }
    }

    fn render_control(
        &self,
        ix: usize,
        active: bool,
        theme: &Theme,
        cx: &mut Context<Self>,
    ) -> AnyElement {
        // The field's outline is painted under its content, cheaply (see `paint`);
        // `border_1` without a colour keeps its room in the layout.
        let frame = |theme: &Theme| {
            let border = if active { theme.accent } else { theme.border };
            div()
                .relative()
                .border_1()
                .px_3()
                .flex()
                .items_center()
                .text_size(px(14.))
                .child(paint::framed_backdrop(None, border, px(6.)))
        };
        match &self.fields[ix].control {
            Control::Line(input) => frame(theme)
                .h(px(34.))
                .child(input.clone())
                .into_any_element(),
            // The outline stays put while the text scrolls inside it.
            Control::Area(input, scroll) => frame(theme)
                .h(px(AREA_HEIGHT))
                .items_start()
                .child(
                    div()
                        .id(("textarea", ix))
                        .size_full()
                        .py_2()
                        .overflow_y_scroll()
                        .track_scroll(scroll)
                        .line_height(px(21.))
                        .child(input.clone()),
                )
                .into_any_element(),
            Control::Checkbox { checked, focus } => {
                let description = self.fields[ix]
                    .field
                    .placeholder
                    .clone()
                    .unwrap_or_default();
                frame(theme)
                    .id(("checkbox", ix))
                    .h(px(34.))
                    .gap_2()
                    .key_context(CHECKBOX)
                    .track_focus(focus)
                    .cursor_pointer()
                    .on_mouse_down(
                        MouseButton::Left,
                        cx.listener(move |this, _, window, cx| {
                            this.focus_field(ix, window, cx);
                            this.toggle(ix, cx);
                        }),
                    )
                    .child(check_box(*checked, theme))
                    .child(div().text_color(theme.text_muted).child(description))
                    .into_any_element()
            }
            Control::Select(select) => select.clone().into_any_element(),
        }
    }
}

/// Looking inside, for the view tests.
#[cfg(feature = "test-support")]
impl FieldsPrompt {
    /// The text drawn in each one-line field, by name (bullets for a password).
    pub(crate) fn drawn(&self, cx: &App) -> Vec<(String, Option<String>)> {
        self.fields
            .iter()
            .filter_map(|f| match &f.control {
                Control::Line(input) => Some((f.field.name.clone(), input.read(cx).drawn_text())),
                _ => None,
            })
            .collect()
    }
}

/// A number as typed: an integer stays one; `null` when nothing is typed.
fn parse_number(text: &str) -> Result<Value, &'static str> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    if let Ok(integer) = text.parse::<i64>() {
        return Ok(Value::Number(integer.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or("Not a number: type one like 42 or 3.5")
}

impl Prompt for FieldsPrompt {
    fn height(&self, cx: &App) -> f32 {
        let rows: f32 = (0..self.fields.len())
            .map(|ix| self.row_height(ix, cx))
            .sum();
        rows.max(ROW_HEIGHT) + PADDING
    }

    fn key_contexts(&self, cx: &App) -> Vec<&'static str> {
        let focused = self.focused.and_then(|ix| self.fields.get(ix));
        let mut contexts = vec![CONTEXT];
        contexts.extend_from_slice(match focused.map(|f| &f.control) {
            Some(Control::Line(_)) => &[text_input::CONTEXT],
            Some(Control::Area(..)) => &[text_input::AREA_CONTEXT],
            Some(Control::Checkbox { .. }) => &[CHECKBOX],
            Some(Control::Select(select)) => select.read(cx).key_contexts(),
            None => &[],
        });
        contexts
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        let mut hints = vec![Hint::new("Next field", &NextField, at, cx)];
        let kind = self
            .focused
            .and_then(|ix| self.fields.get(ix))
            .map(|f| f.field.kind());
        if kind == Some(FieldType::Checkbox) {
            hints.push(Hint::new("Toggle", &ToggleCheckbox, at, cx));
        }
        hints.push(Hint::new("Submit", &Submit, at, cx));
        hints
    }

    /// The focused field's text (masked for a password) and name.
    fn typed(&self, cx: &App) -> (String, Option<String>) {
        let Some(form_field) = self.focused.and_then(|ix| self.fields.get(ix)) else {
            return (String::new(), None);
        };
        let text = match &form_field.control {
            Control::Line(input) | Control::Area(input, _) => input.read(cx).shown_text(),
            _ => String::new(),
        };
        (text, Some(form_field.field.name.clone()))
    }

    /// `fields`: each field's value as shown (passwords masked); `errors`: what
    /// each field at fault says.
    fn details(&self, cx: &App) -> Value {
        let mut values = Map::new();
        let mut errors = Map::new();
        for form_field in &self.fields {
            let name = form_field.field.name.clone();
            values.insert(name.clone(), Self::shown(form_field, cx));
            if let Some(error) = &form_field.error {
                errors.insert(name, json!(error));
            }
        }
        json!({ "fields": values, "errors": errors })
    }
}

impl Render for FieldsPrompt {
    fn render(&mut self, window: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let focused = self.focused_field(window, cx);
        if focused.is_some() && focused != self.focused {
            // Focus moved by a click: the height follows (a select's dropdown).
            self.focused = focused;
            cx.notify();
        }
        let rows: Vec<AnyElement> = (0..self.fields.len())
            .map(|ix| {
                let form_field = &self.fields[ix];
                let active = focused == Some(ix);
                let label = form_field.field.label().to_string();
                let required = form_field.field.required();
                let error = form_field.error.clone();
                let control = self.render_control(ix, active, &theme, cx);
                div()
                    .flex()
                    .gap_4()
                    .pb(px(10.))
                    .child(
                        div()
                            .w(px(LABEL_WIDTH))
                            .flex_none()
                            .h(px(34.))
                            .flex()
                            .items_center()
                            .gap_1()
                            .text_size(px(13.))
                            .text_color(if active {
                                theme.accent
                            } else {
                                theme.text_muted
                            })
                            .child(label)
                            .when(required, |label| {
                                label.child(div().text_color(theme.accent).child("*"))
                            }),
                    )
                    .child(
                        div()
                            .flex_1()
                            .min_w_0()
                            .flex()
                            .flex_col()
                            .child(control)
                            .children(error.map(|error| {
                                div()
                                    .h(px(ERROR_HEIGHT))
                                    .pt(px(2.))
                                    .text_size(px(12.))
                                    .text_color(theme.error)
                                    .child(error)
                            })),
                    )
                    .into_any_element()
            })
            .collect();
        div()
            .id("form")
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::next_field))
            .on_action(cx.listener(Self::previous_field))
            .on_action(cx.listener(Self::submit))
            .on_action(cx.listener(Self::toggle_checkbox))
            .size_full()
            .overflow_y_scroll()
            .track_scroll(&self.scroll)
            .px_5()
            .py_3()
            .flex()
            .flex_col()
            .text_color(theme.text)
            .children(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_kind() {
        assert_eq!(parse_number("42"), Ok(json!(42)));
        assert_eq!(parse_number("-3.5"), Ok(json!(-3.5)));
        assert_eq!(parse_number("1e3"), Ok(json!(1000.0)));
        assert_eq!(parse_number(""), Ok(Value::Null));
        for bad in ["12a", "NaN", "inf", "1,5"] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }
}
