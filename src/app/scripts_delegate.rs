//! The launcher's list data: the user's scripts, ranked with frecency, and, while
//! there is a query, a last row that creates a script of that name.

use gpui::{AnyElement, SharedString};

use super::list::ListDelegate;
use super::row::{Row, empty_state};
use super::theme::Theme;
use crate::catalog::Script;
use crate::frecency::{self, Frecency};
use crate::script_list::{ScriptList, frecency_key};
use crate::search::{Matches, Ranker};

pub(crate) struct ScriptsDelegate {
    list: ScriptList,
    frecency: Frecency,
    ranker: Ranker,
    matches: Matches,
    /// The query the matches are for.
    query: String,
    /// Where the scripts live, for the empty state.
    scripts_dir: String,
}

impl ScriptsDelegate {
    pub(crate) fn new(list: ScriptList, frecency: Frecency, scripts_dir: String) -> Self {
        ScriptsDelegate {
            list,
            frecency,
            ranker: Ranker::default(),
            matches: Matches::default(),
            query: String::new(),
            scripts_dir,
        }
    }

    /// Ranks the current query afresh: usage changed, so the order may too.
    fn usage_changed(&mut self) {
        self.matches.items_changed();
        let query = self.query.clone();
        self.update_matches(&query);
    }

    /// The index of the "Create script" row, shown last while there is a query.
    pub(crate) fn create_row(&self) -> Option<usize> {
        (!self.query.trim().is_empty()).then(|| self.matches.len())
    }

    /// The label of the "Create script" row.
    pub(crate) fn create_label(&self) -> String {
        format!("Create script “{}”", self.query.trim())
    }

    /// Forgets `script`'s usage (the "Reset ranking" action).
    pub(crate) fn reset_ranking(&mut self, script: &Script) {
        self.frecency.forget(&frecency_key(script));
        self.usage_changed();
        if let Err(e) = self.frecency.save() {
            tracing::warn!("cannot save the ranking: {e}");
        }
    }

    pub(crate) fn set_scripts(&mut self, list: ScriptList) {
        self.list = list;
        self.matches.items_changed();
    }

    pub(crate) fn scripts(&self) -> &[Script] {
        &self.list.scripts
    }

    /// The script of match `ix`.
    pub(crate) fn script(&self, ix: usize) -> Option<&Script> {
        self.matches.get(ix).map(|m| &self.list.scripts[m.index])
    }

    /// Records a run for frecency and saves it (best effort: a failed save is logged).
    pub(crate) fn record_run(&mut self, script: &Script) {
        self.frecency
            .record(&frecency_key(script), frecency::now_secs());
        self.usage_changed();
        if let Err(e) = self.frecency.save() {
            tracing::warn!("cannot save the ranking: {e}");
        }
    }
}

impl ListDelegate for ScriptsDelegate {
    fn update_matches(&mut self, query: &str) {
        self.query = query.to_string();
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
        self.matches.len() + usize::from(self.create_row().is_some())
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.script(ix) {
            Some(script) => script.path.to_string_lossy().into_owned().into(),
            None => "create".into(),
        }
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(m) = self.matches.get(ix) else {
            let label = self.create_label();
            return Row {
                name: &label,
                positions: &[],
                description: Some(&format!(
                    "A new script from a template, opened in your editor ({})",
                    self.scripts_dir
                )),
                badges: vec!["new".into()],
                icon: None,
                selected,
                checked: None,
            }
            .render(theme);
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
            icon: None,
            selected,
            checked: None,
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
