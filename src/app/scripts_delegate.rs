//! The launcher's list data: the user's scripts, ranked with frecency.

use gpui::{AnyElement, IntoElement, ParentElement, SharedString, Styled, div, px};

use super::list::ListDelegate;
use super::row::Row;
use super::theme::Theme;
use crate::catalog::Script;
use crate::frecency::{self, Frecency};
use crate::script_list::{ScriptList, frecency_key};
use crate::search::{Matches, Ranker};

pub struct ScriptsDelegate {
    list: ScriptList,
    pub frecency: Frecency,
    ranker: Ranker,
    matches: Matches,
    /// Where the scripts live, for the empty state.
    pub scripts_dir: String,
}

impl ScriptsDelegate {
    pub fn new(list: ScriptList, frecency: Frecency, scripts_dir: String) -> Self {
        ScriptsDelegate {
            list,
            frecency,
            ranker: Ranker::default(),
            matches: Matches::default(),
            scripts_dir,
        }
    }

    pub fn set_scripts(&mut self, list: ScriptList) {
        self.list = list;
        self.matches.items_changed();
    }

    pub fn scripts(&self) -> &[Script] {
        &self.list.scripts
    }

    /// A script by name, alias or file name (see [`crate::catalog::find`]).
    pub fn find(&self, wanted: &str) -> Option<&Script> {
        crate::catalog::find(&self.list.scripts, wanted)
    }

    /// The script of match `ix`.
    pub fn script(&self, ix: usize) -> Option<&Script> {
        self.matches.get(ix).map(|m| &self.list.scripts[m.index])
    }

    /// Records a run for frecency and saves it (best effort: a failed save is logged).
    pub fn record_run(&mut self, script: &Script) {
        self.frecency
            .record(&frecency_key(script), frecency::now_secs());
        self.matches.items_changed();
        if let Err(e) = self.frecency.save() {
            tracing::warn!("cannot save the ranking: {e}");
        }
    }
}

impl ListDelegate for ScriptsDelegate {
    fn update_matches(&mut self, query: &str) {
        let now = frecency::now_secs();
        self.list.rank_into(
            &mut self.matches,
            &mut self.ranker,
            query,
            &self.frecency,
            now,
        );
    }

    fn match_count(&self) -> usize {
        self.matches.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.script(ix)
            .map(|s| s.path.to_string_lossy().into_owned().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(m) = self.matches.get(ix) else {
            return gpui::Empty.into_any_element();
        };
        let script = &self.list.scripts[m.index];
        let positions = self.ranker.name_positions(&script.name, query);
        let mut badges: Vec<SharedString> = Vec::new();
        if let Some(group) = &script.group {
            badges.push(group.clone().into());
        }
        if let Some(shortcut) = script.shortcut() {
            badges.push(shortcut.to_string().into());
        }
        Row {
            name: &script.name,
            positions: &positions,
            description: script.description(),
            badges,
            selected,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        let (title, detail) = if self.list.scripts.is_empty() {
            (
                "No scripts yet".to_string(),
                format!("Add a script to {} and it appears here.", self.scripts_dir),
            )
        } else {
            (
                format!("No script matches “{query}”"),
                "Try fewer letters, or press Escape to clear.".to_string(),
            )
        };
        empty_state(&title, &detail, theme)
    }
}

/// A centred two-line message for an empty list.
pub fn empty_state(title: &str, detail: &str, theme: &Theme) -> AnyElement {
    div()
        .size_full()
        .py_6()
        .flex()
        .flex_col()
        .items_center()
        .justify_center()
        .gap_1()
        .child(
            div()
                .text_size(px(15.))
                .text_color(theme.text.0)
                .child(title.to_string()),
        )
        .child(
            div()
                .text_size(px(13.))
                .text_color(theme.text_muted.0)
                .child(detail.to_string()),
        )
        .into_any_element()
}
