//! What can be done to a script from the launcher: the actions menu (Ctrl+K) and
//! the direct key of each action. The actions are one data table, [`ACTIONS`];
//! the launcher carries them out in one place (`Launcher::perform`). Some apply
//! only to some scripts: View Log to scripts with a trigger (Schedule, Watch,
//! Background), Start to a background script that is not running, Stop and
//! Restart to one that is. One is about every script rather than the selected
//! one: "Edit environment" opens the env file whose variables every run gets.

use std::path::{Path, PathBuf};

use gpui::{Action, App, KeyBinding, SharedString, actions};

use super::keys;
use super::list;
use super::screen::MenuItem;
use super::screen::ScreenEvent;
use super::screens::scripts;
use crate::catalog::Script;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActionKind {
    Run,
    Edit,
    Reveal,
    CopyPath,
    Duplicate,
    Rename,
    Delete,
    RunInTerminal,
    ResetRanking,
    EditEnvironment,
    ViewLog,
    Start,
    Stop,
    Restart,
}

/// Which scripts an action is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum For {
    Every,
    /// Scripts with Schedule, Watch or Background.
    Triggered,
    /// A background script that is not running.
    Stopped,
    /// A background script that is running.
    Running,
}

/// One entry of the actions menu.
pub(crate) struct ScriptAction {
    pub(crate) kind: ActionKind,
    pub(crate) label: &'static str,
    /// The gpui keystroke that performs it from the script list, if it has one.
    pub(crate) key: Option<&'static str>,
    applies: For,
}

pub(crate) const ACTIONS: &[ScriptAction] = &[
    ScriptAction {
        kind: ActionKind::Run,
        label: "Run",
        key: Some("enter"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Edit,
        label: "Edit",
        key: Some("ctrl-e"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Reveal,
        label: "Reveal in file manager",
        key: Some("ctrl-shift-f"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::CopyPath,
        label: "Copy path",
        key: Some("ctrl-shift-c"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Duplicate,
        label: "Duplicate",
        key: Some("ctrl-d"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Rename,
        label: "Rename",
        key: Some("ctrl-r"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Delete,
        label: "Delete (to skit's trash)",
        key: Some("ctrl-shift-backspace"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::RunInTerminal,
        label: "Run in terminal (headless output)",
        key: Some("ctrl-t"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::ResetRanking,
        label: "Reset ranking",
        key: Some("ctrl-shift-r"),
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::ViewLog,
        label: "View log",
        key: Some("ctrl-l"),
        applies: For::Triggered,
    },
    ScriptAction {
        kind: ActionKind::Start,
        label: "Start",
        key: None,
        applies: For::Stopped,
    },
    ScriptAction {
        kind: ActionKind::Stop,
        label: "Stop",
        key: None,
        applies: For::Running,
    },
    ScriptAction {
        kind: ActionKind::Restart,
        label: "Restart",
        key: None,
        applies: For::Running,
    },
    ScriptAction {
        kind: ActionKind::EditEnvironment,
        label: "Edit environment (variables every script gets)",
        key: Some("ctrl-shift-e"),
        applies: For::Every,
    },
];

/// Performs an action on the selected script (bound to each action's key).
#[derive(Clone, Debug, PartialEq, Action)]
#[action(namespace = script_actions, no_json)]
pub(crate) struct Perform(pub ActionKind);

actions!(script_actions, [OpenMenu]);

pub(crate) fn init(cx: &mut App) {
    let context = Some(scripts::CONTEXT);
    cx.bind_keys([KeyBinding::new("ctrl-k", OpenMenu, context)]);
    // Enter is the list's own confirm; the others are direct keys.
    cx.bind_keys(
        ACTIONS
            .iter()
            .filter(|a| a.kind != ActionKind::Run)
            .filter_map(|a| Some(KeyBinding::new(a.key?, Perform(a.kind), context))),
    );
}

/// The actions menu of `script` (`running`: a triggered run of it is going):
/// every action that applies, with the key that does it directly (for a command
/// built into skit, only those that need no file).
pub(crate) fn menu(script: &Script, running: bool, cx: &App) -> Vec<MenuItem> {
    let builtin = crate::builtins::is_builtin(script);
    ACTIONS
        .iter()
        .filter(|action| {
            !builtin || matches!(action.kind, ActionKind::Run | ActionKind::ResetRanking)
        })
        .filter(|action| match action.applies {
            For::Every => true,
            For::Triggered => script.is_triggered(),
            For::Stopped => script.background() && !running,
            For::Running => script.background() && running,
        })
        .map(|action| {
            let (key, event) = match action.kind {
                ActionKind::Run => (
                    keys::label(&list::Confirm, cx),
                    ScreenEvent::Run(Box::new(script.clone())),
                ),
                kind if action.key.is_none() => (
                    SharedString::default(),
                    ScreenEvent::Perform(kind, Box::new(script.clone())),
                ),
                kind => (
                    keys::label(&Perform(kind), cx),
                    ScreenEvent::Perform(kind, Box::new(script.clone())),
                ),
            };
            MenuItem {
                label: action.label.into(),
                key,
                event,
            }
        })
        .collect()
}

/// The "Run in terminal" action: the headless host in a terminal window.
pub(crate) fn run_in_terminal(path: &Path) -> Result<Option<String>, String> {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("skit"));
    let words = vec![
        exe.to_string_lossy().into_owned(),
        "run".into(),
        path.to_string_lossy().into_owned(),
        "--headless".into(),
    ];
    crate::editor::in_terminal(words, crate::editor::installed)
        .and_then(|mut command| {
            crate::desktop::spawn_detached(&mut command)
                .map_err(|e| format!("cannot start the terminal: {e}"))
        })
        .map(|()| None)
}
