//! The launcher's list data: the user's scripts and the desktop's applications,
//! ranked together with frecency ([`RootList`]); above them, when the query is a
//! calculation, its result; and, while there is a query, a last row that creates a
//! script of that name. A query that starts with a script's `Keyword:` and a space
//! pins that script on the first row, saying what it will run with. Scripts with a
//! triggered run going (a background script, a scheduled run) have a running badge.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gpui::{AnyElement, SharedString};

use super::list::ListDelegate;
use super::row::{Row, RowIcon, empty_state};
use super::theme::{Mode as ThemeMode, Theme};
use crate::calculator::Calculation;
use crate::catalog::Script;
use crate::frecency::{self, Frecency};
use crate::raycast::Icon;
use crate::root_list::{AppEntry, RootItem, RootList};
use crate::script_list::ScriptList;
use crate::search::{Matches, Ranker};

/// What one row of the root list is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RootRow<'a> {
    /// The script the query names by its keyword, and the text after the keyword.
    Keyword(&'a Script, &'a str),
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
    /// The script the query names by its keyword (its index in the list), and the
    /// text after the keyword: shown on the first row.
    keyword: Option<(usize, String)>,
    /// The ranked matches other than the keyword's script (positions in
    /// `matches`), in order.
    others: Vec<usize>,
    /// Scripts with a triggered run going.
    running: BTreeSet<PathBuf>,
    /// Inline Raycast script commands' first line of output, shown under their
    /// name in place of the description.
    subtitles: HashMap<PathBuf, String>,
    /// Script commands' icons given as a URL whose file is fetched.
    fetched_icons: HashSet<PathBuf>,
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
            keyword: None,
            others: Vec::new(),
            running: BTreeSet::new(),
            subtitles: HashMap::new(),
            fetched_icons: HashSet::new(),
            scripts_dir,
        }
    }

    /// Ranks the current query afresh: usage changed, so the order may too.
    fn usage_changed(&mut self) {
        self.matches.items_changed();
        let query = self.query.clone();
        self.update_matches(&query);
    }

    /// The rows before the ranked matches: the keyword's, then the calculation.
    fn offset(&self) -> usize {
        usize::from(self.keyword.is_some()) + usize::from(self.calculation.is_some())
    }

    /// What row `ix` is.
    pub(crate) fn row(&self, ix: usize) -> Option<RootRow<'_>> {
        let mut ix = ix;
        if let Some((index, rest)) = &self.keyword {
            if ix == 0 {
                let script = self.list.scripts().get(*index)?;
                return Some(RootRow::Keyword(script, rest));
            }
            ix -= 1;
        }
        if let Some(calculation) = &self.calculation {
            if ix == 0 {
                return Some(RootRow::Calculation(calculation));
            }
            ix -= 1;
        }
        match self.others.get(ix) {
            Some(&position) => match self.list.item(self.matches.get(position)?.index)? {
                RootItem::Script(script) => Some(RootRow::Script(script)),
                RootItem::App(app) => Some(RootRow::App(app)),
            },
            None => (ix == self.others.len() && !self.query.trim().is_empty())
                .then_some(RootRow::Create),
        }
    }

    /// The index of the "Create script" row, shown last while there is a query.
    pub(crate) fn create_row(&self) -> Option<usize> {
        (!self.query.trim().is_empty()).then(|| self.offset() + self.others.len())
    }

    /// Scripts with a triggered run going.
    pub(crate) fn set_running(&mut self, running: BTreeSet<PathBuf>) {
        self.running = running;
    }

    /// The subtitle of the inline script at `path` (`None` removes it).
    /// Icon files fetched (script commands' URL icons): their rows show them.
    pub(crate) fn add_fetched_icons(&mut self, files: Vec<PathBuf>) {
        self.fetched_icons.extend(files);
    }

    pub(crate) fn set_subtitle(&mut self, path: PathBuf, text: Option<String>) {
        match text {
            Some(text) => self.subtitles.insert(path, text),
            None => self.subtitles.remove(&path),
        };
    }

    /// The subtitle shown under the inline script at `path`, if any.
    pub(crate) fn subtitle(&self, path: &Path) -> Option<&str> {
        self.subtitles.get(path).map(String::as_str)
    }

    pub(crate) fn is_running(&self, path: &Path) -> bool {
        self.running.contains(path)
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

    /// The applications of the list (with their icons found).
    pub(crate) fn apps(&self) -> Arc<Vec<AppEntry>> {
        self.list.apps().clone()
    }

    /// The script of row `ix`, if it is a script (or a keyword's script).
    pub(crate) fn script(&self, ix: usize) -> Option<&Script> {
        match self.row(ix)? {
            RootRow::Script(script) | RootRow::Keyword(script, _) => Some(script),
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
        self.keyword = self
            .list
            .script_list()
            .keywords
            .find(query)
            .map(|(index, rest)| (index, rest.to_string()));
        let pinned = self.keyword.as_ref().map(|(index, _)| *index);
        self.others = (0..self.matches.len())
            .filter(|&position| self.matches.get(position).map(|m| m.index) != pinned)
            .collect();
    }

    fn match_count(&self) -> usize {
        self.offset() + self.others.len() + usize::from(self.create_row().is_some())
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.row(ix) {
            Some(RootRow::Keyword(script, _)) => {
                format!("keyword:{}", script.path.display()).into()
            }
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
            Keyword(Box<Script>, String),
            Calculation(Calculation),
            Script(Box<Script>),
            App(Box<AppEntry>),
            Create,
        }
        let drawn = match self.row(ix) {
            Some(RootRow::Keyword(script, rest)) => {
                Drawn::Keyword(Box::new(script.clone()), rest.to_string())
            }
            Some(RootRow::Calculation(c)) => Drawn::Calculation(c.clone()),
            Some(RootRow::Script(script)) => Drawn::Script(Box::new(script.clone())),
            Some(RootRow::App(entry)) => Drawn::App(Box::new(entry.clone())),
            Some(RootRow::Create) | None => Drawn::Create,
        };
        match drawn {
            Drawn::Keyword(script, rest) => keyword_row(&script, &rest, icons, selected, theme),
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
                if self.is_running(&script.path) {
                    badges.push(RUNNING.into());
                }
                // A script command's packageName, else the folder.
                if let Some(tag) = script.tag() {
                    badges.push(tag.to_string().into());
                }
                if let Some(shortcut) = script.shortcut() {
                    badges.push(shortcut.to_string().into());
                }
                let icon = script
                    .raycast()
                    .and_then(|r| {
                        r.icon_for(&script.path, theme.mode == ThemeMode::Dark, |file| {
                            self.fetched_icons.contains(file)
                        })
                    })
                    .map(|icon| match icon {
                        Icon::Text(text) => RowIcon::Text(text.into()),
                        Icon::Image(path) => RowIcon::Image(path),
                    });
                Row {
                    name: &script.name,
                    positions: &positions,
                    description: self
                        .subtitles
                        .get(&script.path)
                        .map(String::as_str)
                        .or(script.description()),
                    badges,
                    // A script command's own icon shows even without
                    // applications in the list.
                    icon: match icon {
                        Some(icon) => Some(icon),
                        None => icons.then(|| RowIcon::letter_of(&script.name)),
                    },
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

/// The badge of a script with a triggered run going.
const RUNNING: &str = "● running";

/// The pinned row of a keyword's script: what Enter will run.
fn keyword_row(
    script: &Script,
    rest: &str,
    icons: bool,
    selected: bool,
    theme: &Theme,
) -> AnyElement {
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
        icon: icons.then(|| RowIcon::letter_of(&script.name)),
        selected,
        checked: None,
    }
    .render(theme)
}
