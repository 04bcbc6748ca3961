//! The list data of an `arg` prompt ([`ChoicesDelegate`]): the script's choices,
//! fuzzy-filtered by skit or shown in the script's order, grouped under headers,
//! the focused row's preview, and in a multi-select prompt the toggled choices,
//! kept by their `id` or value so that they survive re-filtering and
//! `setChoices`.

use std::collections::HashMap;

use gpui::{AnyElement, App, IntoElement, SharedString};

use crate::app::list::ListDelegate;
use crate::app::preview::PreviewPane;
use crate::app::row::{Row, RowIcon, empty_state, group_header};
use crate::app::theme::Theme;
use crate::protocol::{Arg, Choice, Filter};
use crate::search::{FilteredItems, MatchJob, Matches, SearchText};

/// Rankings that look at this many choices run on a background thread, so typing
/// never waits; smaller ones (including a long list narrowed by typing) run at once.
pub(crate) const BACKGROUND_FROM: usize = 50_000;

/// One row of the list as drawn: a group's header, or match `n`.
#[derive(Clone, Debug)]
pub(super) enum DisplayRow {
    Header(SharedString),
    Match(usize),
}

/// The list data of an `arg` prompt: the script's choices, fuzzy-filtered (or in
/// the script's order), grouped under headers, with the focused row's preview.
pub(crate) struct ChoicesDelegate {
    pub(super) choices: FilteredItems<Choice>,
    /// With `strict: false`, Enter on no match submits the typed text.
    pub(super) strict: bool,
    /// Prompts without choices are free-text prompts.
    pub(super) free_text: bool,
    /// The script filters: skit shows its rows as they are.
    by_script: bool,
    /// Rows with headers, when any choice has a group; else rows are the matches.
    rows: Option<Vec<DisplayRow>>,
    /// Whether any choice has a group or a preview.
    grouped: bool,
    has_previews: bool,
    /// Shown even before any row has a preview (`preview: true`).
    preview_reserved: bool,
    /// Something was shown in the pane (a row's preview, the script's).
    preview_shown: bool,
    pub(super) preview: PreviewPane,
    /// Several rows can be toggled (`multiple: true`).
    pub(super) multiple: bool,
    /// The toggled choices by their toggle key, with when they were toggled
    /// (Enter submits them in that order). They stay toggled while filtered out
    /// of view.
    toggled: HashMap<String, (u64, Choice)>,
    toggles: u64,
}

fn search_text(choice: &Choice) -> SearchText {
    SearchText::new(choice.name(), None, None, choice.description())
}

impl ChoicesDelegate {
    pub(super) fn new(spec: &Arg) -> Self {
        let mut delegate = ChoicesDelegate {
            free_text: spec.choices.is_none(),
            choices: FilteredItems::new(Vec::new(), search_text),
            strict: spec.strict.unwrap_or(true),
            by_script: spec.filter == Some(Filter::Script),
            rows: None,
            grouped: false,
            has_previews: false,
            preview_reserved: spec.preview == Some(true),
            preview_shown: false,
            preview: PreviewPane::new(),
            multiple: spec.multiple == Some(true),
            toggled: HashMap::new(),
            toggles: 0,
        };
        delegate.set_choices(spec.choices.clone().unwrap_or_default(), false);
        delegate.free_text = spec.choices.is_none() && !delegate.by_script;
        delegate
    }

    /// `setChoices`: replaces the choices, or with `append` adds them after the
    /// current ones. Toggled choices stay toggled.
    pub(super) fn set_choices(&mut self, choices: Vec<Choice>, append: bool) {
        let grouped = choices.iter().any(|c| c.group().is_some());
        let previews = choices.iter().any(|c| c.preview().is_some());
        if append {
            self.grouped |= grouped;
            self.has_previews |= previews;
            self.choices.extend(choices);
        } else {
            self.grouped = grouped;
            self.has_previews = previews;
            self.choices.set(choices);
        }
        self.free_text = false;
    }

    pub(super) fn preview_visible(&self) -> bool {
        self.preview_reserved || self.has_previews || self.preview_shown
    }

    /// Shows `markdown` in the preview pane (which then stays).
    pub(super) fn show_preview(&mut self, markdown: &str) {
        self.preview_shown = true;
        self.preview.show(markdown);
    }

    /// The toggled choices, in the order they were toggled.
    pub(super) fn toggled(&self) -> Vec<&Choice> {
        let mut toggled: Vec<&(u64, Choice)> = self.toggled.values().collect();
        toggled.sort_by_key(|(order, _)| *order);
        toggled.into_iter().map(|(_, choice)| choice).collect()
    }

    pub(super) fn toggled_count(&self) -> usize {
        self.toggled.len()
    }

    pub(super) fn row(&self, ix: usize) -> DisplayRow {
        match &self.rows {
            Some(rows) => rows
                .get(ix)
                .cloned()
                .unwrap_or(DisplayRow::Match(usize::MAX)),
            None => DisplayRow::Match(ix),
        }
    }

    /// The choice on row `ix`, if it is a choice.
    pub(super) fn choice(&self, ix: usize) -> Option<&Choice> {
        self.choice_at(ix).map(|(_, choice)| choice)
    }

    /// The choice on row `ix` with its position among the script's choices.
    pub(super) fn choice_at(&self, ix: usize) -> Option<(usize, &Choice)> {
        match self.row(ix) {
            DisplayRow::Match(m) => self.choices.get_with_index(m),
            DisplayRow::Header(_) => None,
        }
    }

    /// Puts the matches under their groups' headers, groups in the order they
    /// first appear among the matches (rows without a group stay where their
    /// first one is, without a header).
    fn regroup(&mut self) {
        if !self.grouped {
            self.rows = None;
            return;
        }
        let mut order: Vec<Option<&str>> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for m in 0..self.choices.len() {
            let group = self.choices.get(m).and_then(Choice::group);
            let slot = match order.iter().position(|g| *g == group) {
                Some(slot) => slot,
                None => {
                    order.push(group);
                    members.push(Vec::new());
                    order.len() - 1
                }
            };
            members[slot].push(m);
        }
        let mut rows = Vec::with_capacity(self.choices.len() + order.len());
        for (group, members) in order.iter().zip(members) {
            if let Some(group) = group {
                rows.push(DisplayRow::Header(group.to_string().into()));
            }
            rows.extend(members.into_iter().map(DisplayRow::Match));
        }
        self.rows = Some(rows);
    }
}

impl ListDelegate for ChoicesDelegate {
    fn update_matches(&mut self, query: &str) {
        if self.by_script {
            self.choices.show_all();
        } else {
            // Choices keep the script's order on an empty query (no usage boost).
            self.choices.update(query);
        }
        self.regroup();
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        if self.by_script {
            return None;
        }
        self.choices.background_job(query, BACKGROUND_FROM)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.choices.apply(matches);
        self.regroup();
    }

    fn match_count(&self) -> usize {
        self.rows.as_ref().map_or(self.choices.len(), Vec::len)
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.row(ix) {
            DisplayRow::Header(group) => format!("\u{1}{group}").into(),
            DisplayRow::Match(m) => self
                .choices
                .get(m)
                .map(|c| c.key().to_string().into())
                .unwrap_or_default(),
        }
    }

    fn selectable(&self, ix: usize) -> bool {
        matches!(self.row(ix), DisplayRow::Match(_))
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let m = match self.row(ix) {
            DisplayRow::Header(group) => return group_header(&group, theme),
            DisplayRow::Match(m) => m,
        };
        let Some(choice) = self.choices.get(m).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = if self.by_script {
            Vec::new()
        } else {
            self.choices.name_positions(choice.name(), query)
        };
        Row {
            name: choice.name(),
            positions: &positions,
            description: choice.description(),
            badges: choice
                .tag()
                .map(|tag| SharedString::from(tag.to_string()))
                .into_iter()
                .collect(),
            icon: choice.icon().map(RowIcon::parse),
            selected,
            checked: self.multiple.then(|| self.is_toggled(ix)),
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if self.free_text {
            return empty_state("Type your answer", "Press Enter to send it.", theme);
        }
        if self.choices.items().is_empty() {
            let detail = if self.by_script {
                "The script answers as you type."
            } else {
                "The script has not sent any yet."
            };
            return empty_state("Waiting for choices…", detail, theme);
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

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        self.preview_visible().then(|| {
            self.preview
                .render(("No preview", "Move to another row."), theme, cx)
        })
    }

    fn scroll_side(&mut self, delta: f32) {
        self.preview.scroll_by(delta);
    }

    fn multiple(&self) -> bool {
        self.multiple
    }

    fn is_toggled(&self, ix: usize) -> bool {
        self.choice(ix)
            .is_some_and(|choice| self.toggled.contains_key(&choice.toggle_key()))
    }

    fn set_toggled(&mut self, ix: usize, on: bool) {
        let Some(choice) = self.choice(ix).cloned() else {
            return;
        };
        let key = choice.toggle_key();
        if !on {
            self.toggled.remove(&key);
        } else if !self.toggled.contains_key(&key) {
            self.toggles += 1;
            self.toggled.insert(key, (self.toggles, choice));
        }
    }
}
