//! What the dmenu screen's list shows: its rows (tinted for `-a` and `-u`, with
//! a check box under `-multi-select`), the empty state, and `-mesg` drawn from
//! its Pango markup.

use std::collections::BTreeSet;

use gpui::{
    AnyElement, FontStyle, FontWeight, HighlightStyle, IntoElement, SharedString,
    StrikethroughStyle, UnderlineStyle, px, rgb,
};

use super::rows::DmenuRows;
use crate::app::list::{self, ListDelegate};
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::theme::Theme;
use crate::dmenu::{self, DmenuOptions};
use crate::search::{MatchJob, Matches};

pub(super) struct DmenuDelegate {
    pub(super) items: DmenuRows,
    /// `-a` and `-u`.
    active: dmenu::RowSet,
    urgent: dmenu::RowSet,
    /// Rows show a check box (`-multi-select`).
    multi_select: bool,
    /// Marked rows, by their position in the input.
    pub(super) marked: BTreeSet<usize>,
    /// `-keep-right`.
    keep_right: bool,
}

impl DmenuDelegate {
    pub(super) fn new(options: &DmenuOptions) -> DmenuDelegate {
        DmenuDelegate {
            items: DmenuRows::new(options),
            multi_select: options.multi_select,
            marked: BTreeSet::new(),
            keep_right: options.keep_right,
            active: options.active.clone(),
            urgent: options.urgent.clone(),
        }
    }
}

impl ListDelegate for DmenuDelegate {
    fn update_matches(&mut self, query: &str) {
        self.items.update(query);
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        self.items.background_job(query)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.items.apply(matches);
    }

    fn match_count(&self) -> usize {
        self.items.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.items
            .get_with_index(ix)
            .map(|(original, _)| original.to_string().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some((original, item)) = self.items.get_with_index(ix) else {
            return gpui::Empty.into_any_element();
        };
        let (shown, icon, marked) = (
            item.shown.clone(),
            item.icon.clone(),
            self.marked.contains(&original),
        );
        // A `display` text differs from what is matched: no highlights on it.
        let positions = if item.row.display.is_some() {
            Vec::new()
        } else {
            self.items.name_positions(&shown, query)
        };
        let count = self.items.items().len();
        let tint = if self.urgent.contains(original, count) {
            Some(theme.error)
        } else if self.active.contains(original, count) {
            Some(theme.accent)
        } else {
            None
        };
        Row {
            name: &shown,
            positions: &positions,
            description: None,
            badges: Vec::new(),
            icon: icon.map(RowIcon::Image),
            selected,
            checked: self.multi_select.then_some(marked),
        }
        .render_tinted(tint, self.keep_right, theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if self.items.items().is_empty() {
            return empty_state(
                "Waiting for lines…",
                "Nothing has arrived on the input yet.",
                theme,
            );
        }
        empty_state(
            &format!("No line matches “{query}”"),
            "Enter uses the typed text; Escape cancels.",
            theme,
        )
    }
}

/// `-mesg`: Pango markup as rofi draws it (bold, italic, underline, strikethrough,
/// colours); text that is not markup as it is.
pub(super) fn styled_message(message: &str) -> list::StyledMessage {
    let (text, spans) =
        dmenu::markup_spans(message).unwrap_or_else(|| (message.to_string(), Vec::new()));
    let runs = spans.into_iter().map(|(range, style)| {
        let highlight = HighlightStyle {
            color: style
                .color
                .map(|[r, g, b]| rgb(u32::from_be_bytes([0, r, g, b])).into()),
            font_weight: style.bold.then_some(FontWeight::BOLD),
            font_style: style.italic.then_some(FontStyle::Italic),
            underline: style.underline.then(|| UnderlineStyle {
                thickness: px(1.),
                ..UnderlineStyle::default()
            }),
            strikethrough: style.strikethrough.then(|| StrikethroughStyle {
                thickness: px(1.),
                ..StrikethroughStyle::default()
            }),
            ..HighlightStyle::default()
        };
        (range, highlight)
    });
    (text.into(), runs.collect())
}
