//! The `arg` prompt: a list of the script's choices, fuzzy-filtered as the user
//! types (the same list as the launcher's), with an optional hint line above it.
//! Enter submits the selected choice's value, or the typed text when the prompt has
//! no choices or is not strict and nothing matches.

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    IntoElement, ParentElement, Render, SharedString, Styled, Subscription, Window, div, px,
};
use serde_json::Value;

use super::{Prompt, Submitted};
use crate::app::list::{self, ListDelegate, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::row::{Row, empty_state};
use crate::app::screen::Hint;
use crate::app::theme::Theme;
use crate::protocol::{Choice, Message};
use crate::search::{FilteredItems, MatchJob, Matches, SearchText};

/// Rankings that look at this many choices run on a background thread, so typing
/// never waits; smaller ones (including a long list narrowed by typing) run at once.
pub(crate) const BACKGROUND_FROM: usize = 50_000;
const HINT_HEIGHT: f32 = 28.;

pub(crate) struct ArgPrompt {
    list: Entity<ListView<ChoicesDelegate>>,
    hint: Option<String>,
    _confirm: Subscription,
}

impl EventEmitter<Submitted> for ArgPrompt {}

impl Focusable for ArgPrompt {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl ArgPrompt {
    pub(crate) fn new(
        placeholder: Option<String>,
        hint: Option<String>,
        choices: Option<Vec<Choice>>,
        strict: Option<bool>,
        cx: &mut Context<Self>,
    ) -> ArgPrompt {
        let placeholder = placeholder.unwrap_or_else(|| "Type your answer…".into());
        let delegate = ChoicesDelegate::new(choices, strict);
        let list = cx.new(|cx| ListView::new(delegate, placeholder, cx));
        let confirm = cx.subscribe(&list, |this, _, ListEvent::Confirmed { index }, cx| {
            this.submit(*index, cx)
        });
        // The list's changes are the prompt's (its height follows the rows).
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        ArgPrompt {
            list,
            hint,
            _confirm: confirm,
        }
    }

    /// Enter: the selected choice's value, or the typed text when there are no
    /// choices or the prompt is not strict.
    fn submit(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        let delegate = &view.delegate;
        let value = match index.and_then(|ix| delegate.choice(ix)) {
            Some(choice) => choice.value(),
            None if delegate.free_text || !delegate.strict => Value::String(view.query(cx)),
            None => return, // strict, nothing matches: Enter does nothing
        };
        cx.emit(Submitted(value));
    }

    /// How many choices the script has given, matching or not.
    #[cfg(feature = "test-support")]
    pub(crate) fn choice_count(&self, cx: &App) -> usize {
        self.list.read(cx).delegate.choices.items().len()
    }
}

impl Prompt for ArgPrompt {
    fn height(&self, cx: &App) -> f32 {
        QUERY_HEIGHT
            + self.list.read(cx).content_height()
            + if self.hint.is_some() { HINT_HEIGHT } else { 0. }
    }

    fn hints(&self, cx: &App) -> Vec<Hint> {
        vec![Hint::new("Submit", &list::Confirm, cx)]
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        let view = self.list.read(cx);
        let selected = view
            .selected_index()
            .and_then(|ix| view.delegate.choice(ix))
            .map(|c| c.name().to_string());
        (view.query(cx), selected)
    }

    fn rows(&self, cx: &App) -> Option<(usize, bool)> {
        let view = self.list.read(cx);
        Some((view.match_count(), view.is_matching()))
    }

    fn receive(&mut self, message: Message, cx: &mut Context<Self>) -> Result<(), Message> {
        match message {
            Message::SetChoices {
                choices, append, ..
            } => {
                self.list.update(cx, |view, cx| {
                    view.update_items(|delegate| delegate.set_choices(choices, append), cx)
                });
                Ok(())
            }
            other => Err(other),
        }
    }
}

impl Render for ArgPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        div()
            .size_full()
            .flex()
            .flex_col()
            .children(self.hint.as_ref().map(|hint| {
                div()
                    .h(px(HINT_HEIGHT))
                    .px_4()
                    .flex()
                    .items_center()
                    .text_size(px(12.5))
                    .text_color(theme.text_muted)
                    .child(hint.clone())
            }))
            .child(self.list.clone())
    }
}

/// The list data of an `arg` prompt: the script's choices, fuzzy-filtered.
pub(crate) struct ChoicesDelegate {
    choices: FilteredItems<Choice>,
    /// With `strict: false`, Enter on no match submits the typed text.
    strict: bool,
    /// Prompts without choices are free-text prompts.
    free_text: bool,
}

fn search_text(choice: &Choice) -> SearchText {
    SearchText::new(choice.name(), None, None, choice.description())
}

impl ChoicesDelegate {
    fn new(choices: Option<Vec<Choice>>, strict: Option<bool>) -> Self {
        ChoicesDelegate {
            free_text: choices.is_none(),
            choices: FilteredItems::new(choices.unwrap_or_default(), search_text),
            strict: strict.unwrap_or(true),
        }
    }

    /// `setChoices`: replaces the choices, or with `append` adds them after the
    /// current ones.
    fn set_choices(&mut self, choices: Vec<Choice>, append: bool) {
        if append {
            self.choices.extend(choices);
        } else {
            self.choices.set(choices);
        }
        self.free_text = false;
    }

    fn choice(&self, ix: usize) -> Option<&Choice> {
        self.choices.get(ix)
    }
}

impl ListDelegate for ChoicesDelegate {
    fn update_matches(&mut self, query: &str) {
        // Choices keep the script's order on an empty query (no usage boost).
        self.choices.update(query);
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        self.choices.background_job(query, BACKGROUND_FROM)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.choices.apply(matches);
    }

    fn match_count(&self) -> usize {
        self.choices.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.choice(ix)
            .map(|c| c.name().to_string().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(choice) = self.choices.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = self.choices.name_positions(choice.name(), query);
        Row {
            name: choice.name(),
            positions: &positions,
            description: choice.description(),
            badges: Vec::new(),
            selected,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if self.free_text {
            return empty_state("Type your answer", "Press Enter to send it.", theme);
        }
        if self.choices.items().is_empty() {
            return empty_state(
                "Waiting for choices…",
                "The script has not sent any yet.",
                theme,
            );
        }
        if !self.strict && !query.is_empty() {
            return empty_state(
                &format!("Press Enter to use “{query}”"),
                "No choice matches; your text is sent as typed.",
                theme,
            );
        }
        empty_state(
            &format!("No choice matches “{query}”"),
            "Try fewer letters.",
            theme,
        )
    }
}
