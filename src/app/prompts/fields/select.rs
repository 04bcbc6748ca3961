//! A `select` field of a form: the chosen option's name, and while the field has
//! focus a small dropdown of the options under it, filtered by what is typed
//! (fuzzy, as every list in skit). Up/Down move through the options and the one
//! highlighted is the field's answer at once: Tab moves on, Enter submits the
//! form. A click on an option chooses it.

use gpui::prelude::FluentBuilder;
use gpui::{
    App, AppContext, Context, Entity, FocusHandle, Focusable, InteractiveElement, IntoElement,
    MouseButton, ParentElement, Render, Styled, Subscription, Window, actions, div, px,
};
use serde_json::Value;

use crate::app::paint;
use crate::app::text_input::{self, TextInput};
use crate::app::theme::Theme;
use crate::protocol::{Field, FieldOption};
use crate::search::{FilteredItems, SearchText};

actions!(select_field, [NextOption, PreviousOption]);

const CONTEXT: &str = "FieldSelect";
/// Options shown at once in the dropdown, and the height of one.
pub(super) const DROPDOWN_ROWS: usize = 4;
pub(super) const OPTION_HEIGHT: f32 = 28.;

pub(crate) struct SelectField {
    /// What is typed to filter the options.
    filter: Entity<TextInput>,
    options: FilteredItems<FieldOption>,
    /// The chosen option, by its index among all options.
    chosen: Option<usize>,
    /// The highlighted row of the dropdown (a match index).
    highlighted: usize,
    _filter_changes: Subscription,
}

impl Focusable for SelectField {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.filter.focus_handle(cx)
    }
}

impl SelectField {
    pub(super) fn new(field: &Field, cx: &mut Context<Self>) -> SelectField {
        let options = field.options.clone();
        // The starting value names an option by its value or its name; else the
        // first option is chosen, as in any select box.
        let chosen = field
            .value
            .as_ref()
            .and_then(|wanted| {
                options
                    .iter()
                    .position(|o| o.value() == *wanted || Some(o.name()) == wanted.as_str())
            })
            .or((!options.is_empty()).then_some(0));
        let mut options =
            FilteredItems::new(options, |o: &FieldOption| SearchText::name_only(o.name()));
        options.update("");
        let placeholder = chosen
            .and_then(|i| options.items().get(i))
            .map_or_else(|| "No options".to_string(), |o| o.name().to_string());
        // Shows the chosen option until something is typed.
        let filter = cx.new(|cx| TextInput::new(placeholder, cx));
        let changes = cx.subscribe(
            &filter,
            |this: &mut Self, _, _: &text_input::Changed, cx| this.filter_changed(cx),
        );
        let mut select = SelectField {
            filter,
            options,
            chosen,
            highlighted: 0,
            _filter_changes: changes,
        };
        select.highlight_chosen();
        select
    }

    /// What the field answers: the chosen option's value (`null` with none).
    pub(super) fn value(&self) -> Option<Value> {
        let chosen = self.chosen?;
        self.options.items().get(chosen).map(FieldOption::value)
    }

    pub(super) fn chosen_name(&self) -> Option<&str> {
        let chosen = self.chosen?;
        self.options.items().get(chosen).map(FieldOption::name)
    }

    /// Forgets what was typed (the field lost focus): all options show again.
    pub(super) fn clear_filter(&mut self, cx: &mut Context<Self>) {
        self.filter.update(cx, |input, cx| input.set_text("", cx));
    }

    /// The dropdown's height while it shows.
    pub(super) fn dropdown_height(&self) -> f32 {
        self.options.len().clamp(1, DROPDOWN_ROWS) as f32 * OPTION_HEIGHT + 8.
    }

    fn highlight_chosen(&mut self) {
        self.highlighted = (0..self.options.len())
            .find(|&m| self.options.get_with_index(m).map(|(i, _)| i) == self.chosen)
            .unwrap_or(0);
    }

    /// The best match of the new filter becomes the answer.
    fn filter_changed(&mut self, cx: &mut Context<Self>) {
        let query = self.filter.read(cx).text().to_string();
        self.options.update(&query);
        if query.is_empty() {
            self.highlight_chosen();
        } else {
            self.choose(0, cx);
        }
        cx.notify();
    }

    /// Chooses match `m`, if there is one.
    fn choose(&mut self, m: usize, cx: &mut Context<Self>) {
        let Some((index, option)) = self.options.get_with_index(m) else {
            return;
        };
        let name = option.name().to_string();
        self.highlighted = m;
        self.chosen = Some(index);
        self.filter
            .update(cx, |input, cx| input.set_placeholder(name, cx));
        cx.notify();
    }

    fn step(&mut self, step: isize, cx: &mut Context<Self>) {
        let count = self.options.len() as isize;
        if count > 0 {
            self.choose(
                (self.highlighted as isize + step).rem_euclid(count) as usize,
                cx,
            );
        }
    }

    fn next_option(&mut self, _: &NextOption, _: &mut Window, cx: &mut Context<Self>) {
        self.step(1, cx);
    }

    fn previous_option(&mut self, _: &PreviousOption, _: &mut Window, cx: &mut Context<Self>) {
        self.step(-1, cx);
    }

    /// The dropdown: a window of [`DROPDOWN_ROWS`] options around the highlighted one.
    fn render_dropdown(&self, theme: &Theme, cx: &mut Context<Self>) -> impl IntoElement {
        let count = self.options.len();
        let first = self
            .highlighted
            .saturating_sub(DROPDOWN_ROWS - 1)
            .min(count.saturating_sub(DROPDOWN_ROWS));
        let rows = (first..count.min(first + DROPDOWN_ROWS)).map(|m| {
            let name = self
                .options
                .get(m)
                .map(|o| o.name().to_string())
                .unwrap_or_default();
            let highlighted = m == self.highlighted;
            div()
                .id(("option", m))
                .h(px(OPTION_HEIGHT))
                .px_2()
                .flex()
                .items_center()
                .relative()
                .text_size(px(13.5))
                .when(highlighted, |row| {
                    row.child(paint::rounded_backdrop(theme.selection, px(4.)))
                })
                .on_mouse_down(
                    MouseButton::Left,
                    cx.listener(move |this, _, _, cx| this.choose(m, cx)),
                )
                .child(name)
        });
        let body = if count == 0 {
            div()
                .h(px(OPTION_HEIGHT))
                .px_2()
                .flex()
                .items_center()
                .text_size(px(13.))
                .text_color(theme.text_muted)
                .child("No option matches")
                .into_any_element()
        } else {
            div().flex().flex_col().children(rows).into_any_element()
        };
        div()
            .relative()
            .mt_1()
            .border_1() // room for the outline (painted by the backdrop)
            .p_1()
            .child(paint::framed_backdrop(
                Some(theme.background),
                theme.border,
                px(6.),
            ))
            .child(body)
    }
}

impl SelectField {
    /// Its key contexts down to its filter, which has the focus when it does.
    pub(super) fn key_contexts(&self) -> &'static [&'static str] {
        &[CONTEXT, text_input::CONTEXT]
    }
}

impl Render for SelectField {
    fn render(&mut self, window: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let focused = self.filter.focus_handle(cx).is_focused(window);
        let chosen = self.chosen_name().unwrap_or("No options").to_string();
        let line = div()
            .h(px(34.))
            .px_3()
            .flex()
            .items_center()
            .gap_2()
            .relative()
            .border_1() // room for the outline (painted by the backdrop)
            .child(paint::framed_backdrop(
                None,
                if focused { theme.accent } else { theme.border },
                px(6.),
            ))
            .text_size(px(14.))
            .child(if focused {
                div().flex_1().child(self.filter.clone()).into_any_element()
            } else {
                div()
                    .id("chosen")
                    .flex_1()
                    .on_mouse_down(
                        MouseButton::Left,
                        cx.listener(|this, _, window, cx| {
                            window.focus(&this.filter.focus_handle(cx), cx);
                        }),
                    )
                    .child(chosen)
                    .into_any_element()
            })
            .child(div().text_color(theme.text_muted).child("▾"));
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::next_option))
            .on_action(cx.listener(Self::previous_option))
            .flex()
            .flex_col()
            .child(line)
            .when(focused, |this| this.child(self.render_dropdown(&theme, cx)))
    }
}
