//! What can be done to a script from the launcher: the actions menu (Ctrl+K) and
//! the direct key of each action. The actions are one data table, [`ACTIONS`];
//! the launcher performs them in one place (`Launcher::perform`).

use gpui::{Action, AnyElement, App, KeyBinding, SharedString, actions};

use super::list::ListDelegate;
use super::row::Row;
use super::scripts_delegate::empty_state;
use super::theme::Theme;
use crate::search::{Matches, Ranker, SearchText};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Run,
    Edit,
    Reveal,
    CopyPath,
    Duplicate,
    Rename,
    Delete,
    RunInTerminal,
    ResetRanking,
}

/// One entry of the actions menu.
pub struct ScriptAction {
    pub kind: ActionKind,
    pub label: &'static str,
    /// The gpui keystroke that performs it from the script list.
    pub key: &'static str,
    /// The key as the menu shows it.
    pub shown: &'static str,
}

pub const ACTIONS: &[ScriptAction] = &[
    ScriptAction {
        kind: ActionKind::Run,
        label: "Run",
        key: "enter",
        shown: "↵",
    },
    ScriptAction {
        kind: ActionKind::Edit,
        label: "Edit",
        key: "ctrl-e",
        shown: "ctrl e",
    },
    ScriptAction {
        kind: ActionKind::Reveal,
        label: "Reveal in file manager",
        key: "ctrl-shift-f",
        shown: "ctrl shift f",
    },
    ScriptAction {
        kind: ActionKind::CopyPath,
        label: "Copy path",
        key: "ctrl-shift-c",
        shown: "ctrl shift c",
    },
    ScriptAction {
        kind: ActionKind::Duplicate,
        label: "Duplicate",
        key: "ctrl-d",
        shown: "ctrl d",
    },
    ScriptAction {
        kind: ActionKind::Rename,
        label: "Rename",
        key: "ctrl-r",
        shown: "ctrl r",
    },
    ScriptAction {
        kind: ActionKind::Delete,
        label: "Delete (to skit's trash)",
        key: "ctrl-shift-backspace",
        shown: "ctrl shift ⌫",
    },
    ScriptAction {
        kind: ActionKind::RunInTerminal,
        label: "Run in terminal (headless output)",
        key: "ctrl-t",
        shown: "ctrl t",
    },
    ScriptAction {
        kind: ActionKind::ResetRanking,
        label: "Reset ranking",
        key: "ctrl-shift-r",
        shown: "ctrl shift r",
    },
];

/// Performs an action on the selected script (bound to each action's key).
#[derive(Clone, Debug, PartialEq, Action)]
#[action(namespace = script_actions, no_json)]
pub struct Perform(pub ActionKind);

actions!(script_actions, [OpenMenu]);

/// Where the direct keys work: the script list.
pub const CONTEXT: &str = "Launcher && scripts";

pub fn init(cx: &mut App) {
    cx.bind_keys([KeyBinding::new("ctrl-k", OpenMenu, Some(CONTEXT))]);
    // Enter is the list's own confirm; the others are direct keys.
    cx.bind_keys(
        ACTIONS
            .iter()
            .filter(|a| a.kind != ActionKind::Run)
            .map(|a| KeyBinding::new(a.key, Perform(a.kind), Some(CONTEXT))),
    );
}

/// The actions menu's list data.
pub struct ActionsDelegate {
    texts: Vec<SearchText>,
    ranker: Ranker,
    matches: Matches,
}

impl Default for ActionsDelegate {
    fn default() -> Self {
        ActionsDelegate {
            texts: ACTIONS
                .iter()
                .map(|a| SearchText::name_only(a.label))
                .collect(),
            ranker: Ranker::default(),
            matches: Matches::default(),
        }
    }
}

impl ActionsDelegate {
    pub fn action(&self, ix: usize) -> Option<&'static ScriptAction> {
        self.matches.get(ix).map(|m| &ACTIONS[m.index])
    }
}

impl ListDelegate for ActionsDelegate {
    fn update_matches(&mut self, query: &str) {
        self.matches
            .update(&mut self.ranker, &self.texts, query, |_| 0.0);
    }

    fn match_count(&self) -> usize {
        self.matches.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.action(ix).map(|a| a.label.into()).unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(action) = self.action(ix) else {
            return gpui::IntoElement::into_any_element(gpui::Empty);
        };
        let positions = self.ranker.name_positions(action.label, query);
        Row {
            name: action.label,
            positions: &positions,
            description: None,
            badges: vec![action.shown.into()],
            selected,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        empty_state(
            &format!("No action matches “{query}”"),
            "Press Escape to go back.",
            theme,
        )
    }
}
