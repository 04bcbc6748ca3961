//! The launcher's list data: the user's scripts and the desktop's applications,
//! ranked together with frecency ([`RootList`]); above them, when the query is a
//! calculation, its result; and, while there is a query, a last row that creates a
//! script of that name.

use std::sync::Arc;

use gpui::{AnyElement, SharedString};

use super::list::ListDelegate;
use super::row::{Row, RowIcon, empty_state};
use super::theme::Theme;
use crate::calculator::Calculation;
use crate::catalog::Script;
use crate::frecency::{self, Frecency};
use crate::root_list::{AppEntry, RootItem, RootList};
use crate::script_list::ScriptList;
use crate::search::{Matches, Ranker};

/// What one row of the root list is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RootRow<'a> {
    Calculation(&'a Calculation),
    Script(&'a Script),
    App(&'a AppEntry),
    /// "Create script “…”".
    Create,
}

pub(crate) struct ScriptsDelegate {
    list: RootList,
    frecency: Frecency,
    ranker: Ranker,
    matches: Matches,
    /// The query the matches are for.
    query: String,
    /// The calculator's answer to the query, shown first.
    calculation: Option<Calculation>,
    /// Where the scripts live, for the empty state.
    scripts_dir: String,
}

impl ScriptsDelegate {
    pub(crate) fn new(list: ScriptList, frecency: Frecency, scripts_dir: String) -> Self {
        ScriptsDelegate {
            list: RootList::new(list, Arc::default()),
            frecency,
            ranker: Ranker::default(),
            matches: Matches::default(),
            query: String::new(),
            calculation: None,
            scripts_dir,
        }
    }

    /// Ranks the current query afresh: usage changed, so the order may too.
    fn usage_changed(&mut self) {
        self.matches.items_changed();
        let query = self.query.clone();
        self.update_matches(&query);
    }

    fn offset(&self) -> usize {
        usize::from(self.calculation.is_some())
    }

    /// What row `ix` is.
    pub(crate) fn row(&self, ix: usize) -> Option<RootRow<'_>> {
        if let Some(calculation) = self.calculation.as_ref().filter(|_| ix == 0) {
            return Some(RootRow::Calculation(calculation));
        }
        let m = ix - self.offset();
        match self.matches.get(m) {
            Some(ranked) => match self.list.item(ranked.index)? {
                RootItem::Script(script) => Some(RootRow::Script(script)),
                RootItem::App(app) => Some(RootRow::App(app)),
            },
            None => (m == self.matches.len() && !self.query.trim().is_empty())
                .then_some(RootRow::Create),
        }
    }

    /// The index of the "Create script" row, shown last while there is a query.
    pub(crate) fn create_row(&self) -> Option<usize> {
        (!self.query.trim().is_empty()).then(|| self.offset() + self.matches.len())
    }

    /// The label of the "Create script" row.
    pub(crate) fn create_label(&self) -> String {
        format!("Create script “{}”", self.query.trim())
    }

    /// Sets the calculator's answer for `query` (dropped if the query moved on).
    pub(crate) fn set_calculation(&mut self, query: &str, calculation: Option<Calculation>) {
        if query == self.query {
            self.calculation = calculation;
        }
    }

    /// Forgets an item's usage (the "Reset ranking" action).
    pub(crate) fn reset_ranking(&mut self, key: &str) {
        self.frecency.forget(key);
        self.usage_changed();
        self.save();
    }

    /// Records a use of the item with frecency `key` and saves it (best effort: a
    /// failed save is logged).
    pub(crate) fn record_use(&mut self, key: &str) {
        self.frecency.record(key, frecency::now_secs());
        self.usage_changed();
        self.save();
    }

    fn save(&self) {
        if let Err(e) = self.frecency.save() {
            tracing::warn!("cannot save the ranking: {e}");
        }
    }

    pub(crate) fn set_scripts(&mut self, list: ScriptList) {
        self.list = RootList::new(list, self.list.apps().clone());
        self.matches.items_changed();
    }

    pub(crate) fn set_apps(&mut self, apps: Arc<Vec<AppEntry>>) {
        self.list = RootList::new(self.list.script_list().clone(), apps);
        self.matches.items_changed();
    }

    pub(crate) fn scripts(&self) -> &[Script] {
        self.list.scripts()
    }

    pub(crate) fn app_count(&self) -> usize {
        self.list.apps().len()
    }

    /// The script of row `ix`, if it is a script.
    pub(crate) fn script(&self, ix: usize) -> Option<&Script> {
        match self.row(ix)? {
            RootRow::Script(script) => Some(script),
            _ => None,
        }
    }
}

impl ListDelegate for ScriptsDelegate {
    fn update_matches(&mut self, query: &str) {
        if query != self.query {
            self.calculation = None;
        }
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
        self.offset() + self.matches.len() + usize::from(self.create_row().is_some())
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.row(ix) {
            Some(RootRow::Calculation(_)) => "calculator".into(),
            Some(RootRow::Script(script)) => script.path.to_string_lossy().into_owned().into(),
            Some(RootRow::App(entry)) => crate::root_list::app_key(&entry.app).into(),
            Some(RootRow::Create) | None => "create".into(),
        }
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        // Rows carry a picture as soon as applications are listed, so that the
        // names line up.
        let icons = self.app_count() > 0;
        // Owned copies, so the ranker can be borrowed for the highlights.
        enum Drawn {
            Calculation(Calculation),
            Script(Box<Script>),
            App(Box<AppEntry>),
            Create,
        }
        let drawn = match self.row(ix) {
            Some(RootRow::Calculation(c)) => Drawn::Calculation(c.clone()),
            Some(RootRow::Script(script)) => Drawn::Script(Box::new(script.clone())),
            Some(RootRow::App(entry)) => Drawn::App(Box::new(entry.clone())),
            Some(RootRow::Create) | None => Drawn::Create,
        };
        match drawn {
            Drawn::Calculation(calculation) => Row {
                name: &format!("{} {}", calculation.relation(), calculation.result),
                positions: &[],
                description: Some(&calculation.expression),
                badges: vec!["calculator".into()],
                icon: icons.then(|| RowIcon::Letter("=".into())),
                selected,
                checked: None,
            }
            .render(theme),
            Drawn::Create => Row {
                name: &self.create_label(),
                positions: &[],
                description: Some(&format!(
                    "A new script from a template, opened in your editor ({})",
                    self.scripts_dir
                )),
                badges: vec!["new".into()],
                icon: icons.then(|| RowIcon::Letter("+".into())),
                selected,
                checked: None,
            }
            .render(theme),
            Drawn::App(entry) => {
                let app = &entry.app;
                let positions = self.ranker.name_positions(&app.name, query);
                Row {
                    name: &app.name,
                    positions: &positions,
                    description: app.comment.as_deref().or(app.generic_name.as_deref()),
                    badges: vec!["app".into()],
                    icon: Some(match &entry.icon {
                        Some(path) => RowIcon::Image(path.clone()),
                        None => RowIcon::letter_of(&app.name),
                    }),
                    selected,
                    checked: None,
                }
                .render(theme)
            }
            Drawn::Script(script) => {
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
                    icon: icons.then(|| RowIcon::letter_of(&script.name)),
                    selected,
                    checked: None,
                }
                .render(theme)
            }
        }
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        let (title, detail) = if self.list.is_empty() {
            (
                "No scripts yet".to_string(),
                format!("Add a script to {} and it appears here.", self.scripts_dir),
            )
        } else {
            (
                format!("Nothing matches “{query}”"),
                "Try fewer letters, or press Escape to clear.".to_string(),
            )
        };
        empty_state(&title, &detail, theme)
    }
}
