//! What can be done to a script from the launcher: the actions menu (Ctrl+K) and
//! the direct key of each action. The actions are one data table, [`ACTIONS`];
//! the launcher carries them out in one place (`Launcher::perform`). Some apply
//! only to some scripts: View Log to scripts with a trigger (Schedule, Watch,
//! Background), Start to a background script that is not running, Stop and
//! Restart to one that is. One is about every script rather than the selected
//! one: "Edit environment" opens the env file whose variables every run gets.

use std::path::{Path, PathBuf};

use gpui::{Action, App, SharedString, actions};

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
    /// Its name in the keymap (`script_actions::Edit`), by which a key performs it
    /// from the script list (`assets/default-keymap.json` binds most).
    pub(crate) action: &'static str,
    applies: For,
}

pub(crate) const ACTIONS: &[ScriptAction] = &[
    ScriptAction {
        kind: ActionKind::Run,
        label: "Run",
        action: "script_actions::Run",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Edit,
        label: "Edit",
        action: "script_actions::Edit",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Reveal,
        label: "Reveal in file manager",
        action: "script_actions::Reveal",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::CopyPath,
        label: "Copy path",
        action: "script_actions::CopyPath",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Duplicate,
        label: "Duplicate",
        action: "script_actions::Duplicate",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Rename,
        label: "Rename",
        action: "script_actions::Rename",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::Delete,
        label: "Delete (to skit's trash)",
        action: "script_actions::Delete",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::RunInTerminal,
        label: "Run in terminal (headless output)",
        action: "script_actions::RunInTerminal",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::ResetRanking,
        label: "Reset ranking",
        action: "script_actions::ResetRanking",
        applies: For::Every,
    },
    ScriptAction {
        kind: ActionKind::ViewLog,
        label: "View log",
        action: "script_actions::ViewLog",
        applies: For::Triggered,
    },
    ScriptAction {
        kind: ActionKind::Start,
        label: "Start",
        action: "script_actions::Start",
        applies: For::Stopped,
    },
    ScriptAction {
        kind: ActionKind::Stop,
        label: "Stop",
        action: "script_actions::Stop",
        applies: For::Running,
    },
    ScriptAction {
        kind: ActionKind::Restart,
        label: "Restart",
        action: "script_actions::Restart",
        applies: For::Running,
    },
    ScriptAction {
        kind: ActionKind::EditEnvironment,
        label: "Edit environment (variables every script gets)",
        action: "script_actions::EditEnvironment",
        applies: For::Every,
    },
];

/// Performs an action on the selected script (bound to each action's key).
#[derive(Clone, Debug, PartialEq, Action)]
#[action(namespace = script_actions, no_json)]
pub(crate) struct Perform(pub ActionKind);

actions!(script_actions, [OpenMenu]);

/// The script action a keymap names (`script_actions::Edit`).
pub(crate) fn named(name: &str) -> Option<ActionKind> {
    ACTIONS
        .iter()
        .find(|action| action.action == name)
        .map(|action| action.kind)
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
                // The keys that do it from the script list.
                ActionKind::Run => (
                    keys::label(&list::Confirm, scripts::KEYS, cx),
                    ScreenEvent::Run(Box::new(script.clone())),
                ),
                kind => (
                    keys::label(&Perform(kind), scripts::KEYS, cx),
                    ScreenEvent::Perform(kind, Box::new(script.clone())),
                ),
            };
            MenuItem {
                label: action.label.into(),
                key,
                event,
                icon: None,
            }
        })
        .chain(author_item(script))
        .collect()
}

/// Who wrote the script (a Raycast script command's author, a Script Kit
/// `// Author:`): opens `authorURL`, or says who it is.
fn author_item(script: &Script) -> Option<MenuItem> {
    let url = script.raycast().and_then(|r| r.author_url.clone());
    let author = script.author().or(url.as_deref())?;
    let event = match &url {
        Some(url) => ScreenEvent::Open(url.clone()),
        None => ScreenEvent::Notice(format!("“{}” is by {author}", script.name).into()),
    };
    Some(MenuItem {
        label: format!("By {author}").into(),
        key: SharedString::default(),
        event,
        icon: None,
    })
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
