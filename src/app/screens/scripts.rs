//! The root list: what the launcher shows when the hotkey is pressed. Typing
//! filters scripts and applications together; a query that is a calculation gets
//! its result as the first row. Enter runs the selected script, starts the
//! application, copies the result, or (on the last row) creates a script named
//! after the query; Ctrl+K opens the selected item's actions, and each script
//! action's direct key works from here. A query that starts with a script's
//! keyword pins that script; Enter runs it with the rest of the query, and Tab on a
//! script with a keyword types the keyword. The list lives as long as the
//! launcher, so the query and selection are still there when another screen goes
//! back to it.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, Styled, Subscription, Task, Window, actions, div,
};

use crate::app::list::{self, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::script_actions::{OpenMenu, Perform};
use crate::app::scripts_delegate::{RootRow, ScriptsDelegate};
use crate::app::text_input;
use crate::catalog::Script;
use crate::root_list::AppEntry;
use crate::script_list::ScriptList;

/// The key context of the script list, where the actions' direct keys work.
pub(crate) const CONTEXT: &str = "ScriptsScreen";
/// The key contexts from the window down to the query, which has the focus: the
/// keys the footer shows (and the script actions menu, for the list's keys).
pub(crate) const KEYS: &[&str] = &[
    "Launcher scripts",
    CONTEXT,
    list::CONTEXT,
    text_input::CONTEXT,
];

actions!(scripts_screen, [CompleteKeyword]);

pub(crate) struct ScriptsScreen {
    list: Entity<ListView<ScriptsDelegate>>,
    /// Whether a query gets a calculator row.
    calculator: bool,
    /// The calculation of the newest query, running off the UI thread.
    calculating: Option<Task<()>>,
    /// Script commands' icons given as URLs, fetched (or tried) once a session.
    icons_asked: HashSet<String>,
    _events: Subscription,
}

impl EventEmitter<ScreenEvent> for ScriptsScreen {}

impl Focusable for ScriptsScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl ScriptsScreen {
    pub(crate) fn new(delegate: ScriptsDelegate, cx: &mut Context<Self>) -> ScriptsScreen {
        let list = cx.new(|cx| ListView::new(delegate, "Run a script…", cx));
        let events = cx.subscribe(&list, |this, list, event: &ListEvent, cx| match *event {
            ListEvent::Confirmed { index: Some(ix) } => {
                let view = list.read(cx);
                let event = match view.delegate.row(ix) {
                    Some(RootRow::Create) => ScreenEvent::Create(view.query(cx)),
                    Some(RootRow::Keyword(script, rest)) => {
                        ScreenEvent::RunKeyword(Box::new(script.clone()), rest.to_string())
                    }
                    Some(RootRow::Script(script)) => ScreenEvent::Run(Box::new(script.clone())),
                    Some(RootRow::App(entry)) => {
                        ScreenEvent::LaunchApp(Box::new(entry.clone()), None)
                    }
                    Some(RootRow::Calculation(calculation)) => {
                        ScreenEvent::Copy(calculation.result.clone())
                    }
                    None => return,
                };
                cx.emit(event);
            }
            ListEvent::QueryChanged => this.calculate(cx),
            _ => {}
        });
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        let mut screen = ScriptsScreen {
            list,
            calculator: true,
            calculating: None,
            icons_asked: HashSet::new(),
            _events: events,
        };
        screen.fetch_icons(cx);
        screen
    }

    /// Fetches the icons given as URLs that are not in the cache yet, off the UI
    /// thread, one after the other; the list is drawn again when they are in.
    fn fetch_icons(&mut self, cx: &mut Context<Self>) {
        let wanted: Vec<(String, PathBuf)> = self
            .scripts(cx)
            .iter()
            .filter_map(|script| script.raycast())
            .flat_map(|raycast| raycast.icons_to_fetch())
            .collect();
        let wanted: Vec<_> = wanted
            .into_iter()
            .filter(|(url, _)| self.icons_asked.insert(url.clone()))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let fetched = cx.background_spawn(async move {
            wanted
                .into_iter()
                .filter_map(
                    |(url, file)| match crate::raycast::icons::fetch(&url, &file) {
                        Ok(()) => Some(file),
                        // One fetched in an earlier session still shows.
                        Err(_) if file.exists() => Some(file),
                        Err(e) => {
                            tracing::warn!("{e}; the row shows its letter instead");
                            None
                        }
                    },
                )
                .collect::<Vec<_>>()
        });
        cx.spawn(async move |this, cx| {
            let files = fetched.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    view.delegate.add_fetched_icons(files);
                    cx.notify();
                })
            });
        })
        .detach();
    }

    /// Whether queries get a calculator row (`sources.calculator`).
    pub(crate) fn set_calculator(&mut self, on: bool) {
        self.calculator = on;
    }

    /// Evaluates the query as a calculation, off the UI thread (fend has a time
    /// limit, but it is still work); the row appears when the answer comes, if
    /// the query is still the same.
    fn calculate(&mut self, cx: &mut Context<Self>) {
        let query = self.list.read(cx).query(cx);
        if !self.calculator || query.trim().is_empty() {
            self.calculating = None;
            return;
        }
        let answer = cx.background_spawn({
            let query = query.clone();
            async move { crate::calculator::evaluate(&query) }
        });
        self.calculating = Some(cx.spawn(async move |this, cx| {
            let calculation = answer.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    if view.query(cx) != query {
                        return;
                    }
                    // The result takes the first row, and the selection with it,
                    // unless the user has moved the selection meanwhile.
                    let untouched = view.selected_index() == Some(0);
                    view.update_items(|d| d.set_calculation(&query, calculation), cx);
                    if untouched {
                        view.select(0, cx);
                    }
                });
            });
        }));
    }

    /// The applications listed (for their icons elsewhere).
    pub(crate) fn apps(&self, cx: &App) -> Arc<Vec<AppEntry>> {
        self.list.read(cx).delegate.apps()
    }

    /// Replaces the applications (loaded off the UI thread, or reloaded).
    pub(crate) fn set_apps(&mut self, apps: Arc<Vec<AppEntry>>, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_apps(apps), cx)
        });
    }

    /// Replaces the scripts (live reload), keeping query and selection.
    pub(crate) fn set_scripts(&mut self, scripts: ScriptList, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_scripts(scripts), cx)
        });
        self.fetch_icons(cx);
    }

    /// Scripts with a triggered run going (their running badge, their menu).
    pub(crate) fn set_running(&mut self, running: BTreeSet<PathBuf>, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_running(running), cx)
        });
    }

    /// The subtitle of the inline script command at `path` (its first line of
    /// output).
    pub(crate) fn set_subtitle(
        &mut self,
        path: PathBuf,
        text: Option<String>,
        cx: &mut Context<Self>,
    ) {
        self.list.update(cx, |view, cx| {
            view.delegate.set_subtitle(path, text);
            cx.notify();
        });
    }

    /// Whether the script at `path` has a triggered run going.
    pub(crate) fn is_running(&self, path: &Path, cx: &App) -> bool {
        self.list.read(cx).delegate.is_running(path)
    }

    pub(crate) fn scripts<'a>(&self, cx: &'a App) -> &'a [Script] {
        self.list.read(cx).delegate.scripts()
    }

    /// A script by name, alias or file name (see [`crate::catalog::find`]).
    pub(crate) fn find(&self, wanted: &str, cx: &App) -> Option<Script> {
        crate::catalog::find(self.scripts(cx), wanted).cloned()
    }

    pub(crate) fn set_query(&mut self, query: &str, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| view.set_query(query, cx));
    }

    /// Counts a use of the item with frecency `key` (a script run, an app started).
    pub(crate) fn record_use(&mut self, key: &str, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.record_use(key), cx)
        });
    }

    /// Forgets an item's usage (the "Reset ranking" action).
    pub(crate) fn reset_ranking(&mut self, key: &str, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.reset_ranking(key), cx)
        });
    }

    fn selected(&self, cx: &App) -> Option<Script> {
        let view = self.list.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.script(ix))
            .cloned()
    }

    /// Ctrl+K: the actions of the selected script, application or result.
    fn open_menu(&mut self, _: &OpenMenu, _: &mut Window, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        let event = match view.selected_index().and_then(|ix| view.delegate.row(ix)) {
            Some(RootRow::Script(script) | RootRow::Keyword(script, _)) => {
                ScreenEvent::OpenMenu(Box::new(script.clone()))
            }
            Some(RootRow::App(entry)) => ScreenEvent::AppMenu(Box::new(entry.clone())),
            Some(RootRow::Calculation(calculation)) => ScreenEvent::Copy(calculation.equation()),
            Some(RootRow::Create) | None => return,
        };
        cx.emit(event);
    }

    /// Tab: the selected script's keyword and a space become the query.
    fn complete_keyword(&mut self, _: &CompleteKeyword, _: &mut Window, cx: &mut Context<Self>) {
        let Some(keyword) = self
            .selected(cx)
            .and_then(|script| script.keyword().map(str::to_string))
        else {
            return;
        };
        if crate::keyword::check(&keyword).is_ok() {
            self.set_query(&format!("{keyword} "), cx);
        }
    }

    fn perform(&mut self, Perform(kind): &Perform, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(script) = self.selected(cx) {
            cx.emit(ScreenEvent::Perform(*kind, Box::new(script)));
        }
    }
}

impl Screen for ScriptsScreen {
    fn name(&self, _: &App) -> &'static str {
        "scripts"
    }

    fn height(&self, cx: &App) -> f32 {
        QUERY_HEIGHT + self.list.read(cx).content_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        let view = self.list.read(cx);
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let apps = view.delegate.app_count();
        let mut title = count(view.delegate.scripts().len(), "script");
        if apps > 0 {
            title = format!("{title}, {}", count(apps, "app"));
        }
        let row = view.selected_index().and_then(|ix| view.delegate.row(ix));
        let hints = match row {
            Some(RootRow::Create) => vec![
                Hint::new("Create", &list::Confirm, KEYS, cx),
                Hint::new("Hide", &Dismiss, KEYS, cx),
            ],
            Some(RootRow::Calculation(_)) => vec![
                Hint::new("Copy", &list::Confirm, KEYS, cx),
                Hint::new("Copy with expression", &OpenMenu, KEYS, cx),
                Hint::new("Hide", &Dismiss, KEYS, cx),
            ],
            Some(row) => {
                let confirm = if matches!(row, RootRow::App(_)) {
                    "Open"
                } else {
                    "Run"
                };
                let mut hints = vec![
                    Hint::new(confirm, &list::Confirm, KEYS, cx),
                    Hint::new("Actions", &OpenMenu, KEYS, cx),
                ];
                // Tab types the keyword of a script listed by its name.
                if let RootRow::Script(script) = row
                    && script.keyword().is_some()
                {
                    hints.push(Hint::new("Keyword", &CompleteKeyword, KEYS, cx));
                }
                hints.push(Hint::new("Hide", &Dismiss, KEYS, cx));
                hints
            }
            None => vec![Hint::new("Hide", &Dismiss, KEYS, cx)],
        };
        Footer {
            title: title.into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        let selected = view
            .selected_index()
            .and_then(|ix| view.delegate.row(ix))
            .map(|row| match row {
                RootRow::Script(script) | RootRow::Keyword(script, _) => script.name.clone(),
                RootRow::App(entry) => entry.app.name.clone(),
                RootRow::Calculation(c) => format!("{} {}", c.relation(), c.result),
                RootRow::Create => view.delegate.create_label(),
            });
        // The selected inline script command's subtitle (its first line of output).
        let subtitle = view
            .selected_index()
            .and_then(|ix| view.delegate.script(ix))
            .and_then(|script| view.delegate.subtitle(&script.path));
        ScreenState {
            query: view.query(cx),
            selected,
            rows: Some(view.match_count()),
            matching: view.is_matching(),
            details: subtitle.map_or(
                serde_json::Value::Null,
                |s| serde_json::json!({ "subtitle": s }),
            ),
            ..ScreenState::default()
        }
    }

    /// Escape clears the query, and hides the window when it is already empty.
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        if self.list.read(cx).query(cx).is_empty() {
            cx.emit(ScreenEvent::Hide);
        } else {
            self.set_query("", cx);
        }
    }
}

impl Render for ScriptsScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::open_menu))
            .on_action(cx.listener(Self::perform))
            .on_action(cx.listener(Self::complete_keyword))
            .size_full()
            .child(self.list.clone())
    }
}
