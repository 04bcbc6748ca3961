//! The script list: what the launcher shows when the hotkey is pressed. Typing
//! filters the scripts; Enter runs the selected one (or, on the last row, creates a
//! script named after the query); Ctrl+K opens its actions and each action's direct
//! key works from here. A query that starts with a script's keyword pins that
//! script; Enter runs it with the rest of the query, and Tab on a script with a
//! keyword types the keyword. The list lives as long as the launcher, so the
//! query and selection are still there when another screen goes back to it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, KeyBinding, ParentElement, Render, Styled, Subscription, Window, actions, div,
};

use crate::app::list::{self, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::script_actions::{OpenMenu, Perform};
use crate::app::scripts_delegate::ScriptsDelegate;
use crate::catalog::Script;
use crate::script_list::ScriptList;

/// The key context of the script list, where the actions' direct keys work.
pub(crate) const CONTEXT: &str = "ScriptsScreen";

actions!(scripts_screen, [CompleteKeyword]);

pub(crate) fn init(cx: &mut App) {
    cx.bind_keys([KeyBinding::new("tab", CompleteKeyword, Some(CONTEXT))]);
}

pub(crate) struct ScriptsScreen {
    list: Entity<ListView<ScriptsDelegate>>,
    _confirm: Subscription,
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
        let confirm = cx.subscribe(&list, |_, list, event: &ListEvent, cx| {
            let ListEvent::Confirmed { index: Some(ix) } = *event else {
                return;
            };
            let view = list.read(cx);
            let keyword = view
                .delegate
                .keyword_row()
                .filter(|(row, _)| *row == ix)
                .map(|(_, rest)| rest.to_string());
            let event = if view.delegate.create_row() == Some(ix) {
                ScreenEvent::Create(view.query(cx))
            } else if let (Some(rest), Some(script)) = (keyword, view.delegate.script(ix)) {
                ScreenEvent::RunKeyword(Box::new(script.clone()), rest)
            } else if let Some(script) = view.delegate.script(ix) {
                ScreenEvent::Run(Box::new(script.clone()))
            } else {
                return;
            };
            cx.emit(event);
        });
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        ScriptsScreen {
            list,
            _confirm: confirm,
        }
    }

    /// Replaces the scripts (live reload), keeping query and selection.
    pub(crate) fn set_scripts(&mut self, scripts: ScriptList, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_scripts(scripts), cx)
        });
    }

    /// Scripts with a triggered run going (their running badge, their menu).
    pub(crate) fn set_running(&mut self, running: BTreeSet<PathBuf>, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_running(running), cx)
        });
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

    /// Counts a run of `script` for the ranking.
    pub(crate) fn record_run(&mut self, script: &Script, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.record_run(script), cx)
        });
    }

    /// Forgets `script`'s usage (the "Reset ranking" action).
    pub(crate) fn reset_ranking(&mut self, script: &Script, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.reset_ranking(script), cx)
        });
    }

    fn selected(&self, cx: &App) -> Option<Script> {
        let view = self.list.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.script(ix))
            .cloned()
    }

    /// Whether the script at `path` has a triggered run going.
    pub(crate) fn is_running(&self, path: &std::path::Path, cx: &App) -> bool {
        self.list.read(cx).delegate.is_running(path)
    }

    fn open_menu(&mut self, _: &OpenMenu, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(script) = self.selected(cx) {
            cx.emit(ScreenEvent::OpenMenu(Box::new(script)));
        }
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
        let count = view.delegate.scripts().len();
        let title = format!("{count} script{}", if count == 1 { "" } else { "s" });
        let hints = match view.selected_index() {
            Some(ix) if view.delegate.create_row() == Some(ix) => vec![
                Hint::new("Create", &list::Confirm, cx),
                Hint::new("Hide", &Dismiss, cx),
            ],
            Some(ix) => {
                let mut hints = vec![
                    Hint::new("Run", &list::Confirm, cx),
                    Hint::new("Actions", &OpenMenu, cx),
                ];
                let keyword_typed = view
                    .delegate
                    .keyword_row()
                    .is_some_and(|(row, _)| row == ix);
                if !keyword_typed
                    && view
                        .delegate
                        .script(ix)
                        .is_some_and(|s| s.keyword().is_some())
                {
                    hints.push(Hint::new("Keyword", &CompleteKeyword, cx));
                }
                hints.push(Hint::new("Hide", &Dismiss, cx));
                hints
            }
            None => vec![Hint::new("Hide", &Dismiss, cx)],
        };
        Footer {
            title: title.into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        let selected =
            view.selected_index()
                .and_then(|ix| match view.delegate.script(ix) {
                    Some(script) => Some(script.name.clone()),
                    None => (view.delegate.create_row() == Some(ix))
                        .then(|| view.delegate.create_label()),
                });
        ScreenState {
            query: view.query(cx),
            selected,
            rows: Some(view.match_count()),
            matching: view.is_matching(),
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
