//! The launcher's list data: the user's scripts, ranked with frecency, and, while
//! there is a query, a last row that creates a script of that name. A query that
//! starts with a script's `Keyword:` and a space pins that script on the first
//! row, saying what it will run with. Scripts with a triggered run going (a
//! background script, a scheduled run) have a running badge.

use std::collections::BTreeSet;
use std::path::PathBuf;

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
    /// The script the query names by its keyword (index into the list), and the
    /// text after the keyword: shown on the first row.
    keyword: Option<(usize, String)>,
    /// Matches other than the keyword's script (positions in `matches`), in order.
    others: Vec<usize>,
    /// Scripts with a triggered run going.
    running: BTreeSet<PathBuf>,
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
            keyword: None,
            others: Vec::new(),
            running: BTreeSet::new(),
            scripts_dir,
        }
    }

    /// Ranks the current query afresh: usage changed, so the order may too.
    fn usage_changed(&mut self) {
        self.matches.items_changed();
        let query = self.query.clone();
        self.update_matches(&query);
    }

    /// The rows before the scripts ranked by the query: the keyword's, if any.
    fn pinned(&self) -> usize {
        usize::from(self.keyword.is_some())
    }

    /// The index of the "Create script" row, shown last while there is a query.
    pub(crate) fn create_row(&self) -> Option<usize> {
        (!self.query.trim().is_empty()).then(|| self.pinned() + self.others.len())
    }

    /// The index of the keyword's row and the text its script runs with.
    pub(crate) fn keyword_row(&self) -> Option<(usize, &str)> {
        self.keyword.as_ref().map(|(_, rest)| (0, rest.as_str()))
    }

    /// Scripts with a triggered run going.
    pub(crate) fn set_running(&mut self, running: BTreeSet<PathBuf>) {
        self.running = running;
    }

    pub(crate) fn is_running(&self, path: &std::path::Path) -> bool {
        self.running.contains(path)
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

    /// The script of row `ix`.
    pub(crate) fn script(&self, ix: usize) -> Option<&Script> {
        let index = match (&self.keyword, ix) {
            (Some((index, _)), 0) => *index,
            _ => {
                let position = *self.others.get(ix - self.pinned())?;
                self.matches.get(position)?.index
            }
        };
        self.list.scripts.get(index)
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
        self.keyword = self
            .list
            .keywords
            .find(query)
            .map(|(index, rest)| (index, rest.to_string()));
        let pinned = self.keyword.as_ref().map(|(index, _)| *index);
        self.others = (0..self.matches.len())
            .filter(|&position| self.matches.get(position).map(|m| m.index) != pinned)
            .collect();
    }

    fn match_count(&self) -> usize {
        self.pinned() + self.others.len() + usize::from(self.create_row().is_some())
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.script(ix) {
            Some(script) if self.keyword_row().is_some_and(|(row, _)| row == ix) => {
                format!("keyword:{}", script.path.display()).into()
            }
            Some(script) => script.path.to_string_lossy().into_owned().into(),
            None => "create".into(),
        }
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        if let Some((row, rest)) = self.keyword_row()
            && row == ix
            && let Some(script) = self.script(ix)
        {
            return keyword_row(script, rest, selected, theme);
        }
        let Some(script) = self.script(ix) else {
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
            }
            .render(theme);
        };
        let script = script.clone();
        let positions = self.ranker.name_positions(&script.name, query);
        let mut badges: Vec<SharedString> = Vec::new();
        if self.is_running(&script.path) {
            badges.push(RUNNING.into());
        }
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

/// The badge of a script with a triggered run going.
const RUNNING: &str = "● running";

/// The pinned row of a keyword's script: what Enter will run.
fn keyword_row(script: &Script, rest: &str, selected: bool, theme: &Theme) -> AnyElement {
    let (name, description) = if rest.is_empty() {
        (
            script.name.clone(),
            format!(
                "Type what “{}” should get after “{} ”",
                script.name,
                script.keyword().unwrap_or_default()
            ),
        )
    } else {
        (
            format!("{} for “{rest}”", script.name),
            format!("Enter runs “{}” with “{rest}”", script.name),
        )
    };
    Row {
        name: &name,
        positions: &[],
        description: Some(&description),
        badges: vec![script.keyword().unwrap_or_default().to_string().into()],
        icon: None,
        selected,
    }
    .render(theme)
}
