//! The list data of an `arg` prompt: the script's choices, fuzzy-filtered.

use std::sync::Arc;

use gpui::{AnyElement, IntoElement, SharedString};

use super::list::{ListDelegate, MatchJob};
use super::row::Row;
use super::scripts_delegate::empty_state;
use super::theme::Theme;
use crate::protocol::Choice;
use crate::search::{Matches, Ranker, SearchText};

/// Rankings that look at this many choices run on a background thread, so typing
/// never waits; smaller ones (including a long list narrowed by typing) run at once.
pub const BACKGROUND_FROM: usize = 50_000;

pub struct ChoicesDelegate {
    choices: Vec<Choice>,
    /// Shared with background ranking jobs (copied on write while one runs).
    texts: Arc<Vec<SearchText>>,
    ranker: Ranker,
    matches: Matches,
    /// With `strict: false`, Enter on no match submits the typed text.
    pub strict: bool,
    /// Prompts without choices are free-text prompts.
    pub free_text: bool,
}

impl ChoicesDelegate {
    pub fn new(choices: Option<Vec<Choice>>, strict: Option<bool>) -> Self {
        let free_text = choices.is_none();
        let mut delegate = ChoicesDelegate {
            choices: Vec::new(),
            texts: Arc::new(Vec::new()),
            ranker: Ranker::default(),
            matches: Matches::default(),
            strict: strict.unwrap_or(true),
            free_text,
        };
        if let Some(choices) = choices {
            delegate.set_choices(choices);
        }
        delegate
    }

    /// Replaces the choices (`setChoices`); call `ListView::refresh` after.
    pub fn set_choices(&mut self, choices: Vec<Choice>) {
        self.texts = Arc::new(
            choices
                .iter()
                .map(|c| SearchText::new(c.name(), None, None, c.description()))
                .collect(),
        );
        self.choices = choices;
        self.matches.items_changed();
        self.free_text = false;
    }

    /// Adds choices after the current ones (`setChoices` with `append`).
    pub fn append_choices(&mut self, choices: Vec<Choice>) {
        Arc::make_mut(&mut self.texts).extend(
            choices
                .iter()
                .map(|c| SearchText::new(c.name(), None, None, c.description())),
        );
        self.choices.extend(choices);
        self.matches.items_changed();
        self.free_text = false;
    }

    pub fn choice(&self, ix: usize) -> Option<&Choice> {
        self.matches.get(ix).map(|m| &self.choices[m.index])
    }

    pub fn choice_count(&self) -> usize {
        self.choices.len()
    }
}

impl ListDelegate for ChoicesDelegate {
    fn update_matches(&mut self, query: &str) {
        // Choices keep the script's order on an empty query (no usage boost).
        self.matches
            .update(&mut self.ranker, &self.texts, query, |_| 0.0);
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        if self.matches.work_for(query, self.texts.len()) < BACKGROUND_FROM {
            return None;
        }
        let (texts, mut matches, query) =
            (self.texts.clone(), self.matches.clone(), query.to_string());
        Some(Box::new(move || {
            matches.update(&mut Ranker::default(), &texts, &query, |_| 0.0);
            matches
        }))
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.matches = matches;
    }

    fn match_count(&self) -> usize {
        self.matches.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.choice(ix)
            .map(|c| c.name().to_string().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(m) = self.matches.get(ix) else {
            return gpui::Empty.into_any_element();
        };
        let choice = &self.choices[m.index];
        let positions = self.ranker.name_positions(choice.name(), query);
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
        if self.choices.is_empty() {
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
