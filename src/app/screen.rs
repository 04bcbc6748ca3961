//! What every screen of the launcher is: the script list, a running script's
//! prompt, the actions menu, the welcome page, a failed run, the rename and delete
//! dialogs. Each is an entity in its own file under `screens/` implementing
//! [`Screen`]; the launcher ([`super::launcher`]) keeps them in a stack
//! ([`super::screen_stack`]), draws the top and the frame around it (notices,
//! footer). A screen asks for anything beyond itself
//! (run a script, go back, hide the window) by emitting a [`ScreenEvent`], which
//! the launcher routes.

use gpui::{
    Action, AnyView, App, Context, Entity, EntityId, EventEmitter, FocusHandle, Focusable, Render,
    SharedString, Window, actions,
};
use serde_json::Value;

use super::clipboard::HistoryAction;
use super::keys;
use super::script_actions::ActionKind;
use crate::catalog::Script;
use crate::root_list::AppEntry;

actions!(
    screen,
    [
        /// Escape: what it means is up to the screen ([`Screen::dismiss`]).
        Dismiss,
        /// Enter in a dialog.
        Accept
    ]
);

/// The key context of screens where Enter accepts (the rename and delete dialogs).
pub(crate) const DIALOG: &str = "Dialog";

/// One screen of the launcher.
pub(crate) trait Screen: Render + Focusable + EventEmitter<ScreenEvent> {
    /// Its name in `skit state` and in the key context, e.g. `scripts`, `prompt`.
    fn name(&self, cx: &App) -> &'static str;
    /// The height it wants in the window, in logical pixels, without the frame.
    fn height(&self, cx: &App) -> f32;
    /// What the footer says: a title on the left and the keys that matter.
    fn footer(&self, cx: &App) -> Footer;
    /// Its part of `skit state`.
    fn state(&self, cx: &App) -> ScreenState;
    /// Escape. By default, back to the script list.
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        cx.emit(ScreenEvent::Back);
    }
    /// Whether the launcher, shown again, still shows this screen (one that waits
    /// for an answer, or a page of its own) rather than the script list.
    fn kept_when_shown_again(&self) -> bool {
        false
    }
    /// Whether the screen is left as soon as something is chosen in it (a menu):
    /// a screen opened from it takes its place in the stack instead of going on
    /// top, so Back returns to what was under the menu.
    fn transient(&self) -> bool {
        false
    }
}

/// What a screen asks of the launcher.
#[derive(Clone, Debug)]
pub(crate) enum ScreenEvent {
    /// Back to the script list.
    Back,
    /// Stop the running script, and back to the list.
    Stop,
    /// Hide the window.
    Hide,
    /// Say something in the notice bar (it fades).
    Notice(SharedString),
    /// Show a problem until the next key (a failed action).
    Problem(SharedString),
    /// Run a script.
    Run(Box<Script>),
    /// Run a script by its keyword, with the text typed after it.
    RunKeyword(Box<Script>, String),
    /// Create a script with this name from the template.
    Create(String),
    /// Do an action to a script (from its menu or its direct key).
    Perform(ActionKind, Box<Script>),
    /// Open the actions menu of a script.
    OpenMenu(Box<Script>),
    /// A running script's prompt action was chosen in its menu.
    PromptAction(String),
    /// Put text on the clipboard (and say so).
    Copy(String),
    /// Put a file on the clipboard, for a file manager to paste (Copy File).
    CopyFile(std::path::PathBuf),
    /// Open a URL or path with the desktop's handler.
    Open(String),
    /// Start an application, or one of its desktop actions.
    LaunchApp(Box<AppEntry>, Option<String>),
    /// Open the actions menu of an application.
    AppMenu(Box<AppEntry>),
    /// Leave an application out of the list (`hiddenApps`).
    HideApp(String),
    /// Open an actions menu with these items, titled for whose they are.
    Menu(SharedString, Vec<MenuItem>),
    /// Open a menu that asks this question ("Open notes.txt with…").
    Ask(SharedString, Vec<MenuItem>),
    /// Something to do with the clipboard history (from its screen or menu).
    Clipboard(HistoryAction),
    /// Something to do with a file of Search Files (from its menu).
    Files(crate::app::screens::files::FileAction),
    /// Something to do with the snippets (from their screen, menu or form).
    Snippet(crate::app::screens::snippets::SnippetAction),
}

/// A screen's part of `skit state`.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScreenState {
    /// The text being typed (query, name, editor text).
    pub(crate) query: String,
    /// The name of the selected row, if any.
    pub(crate) selected: Option<String>,
    /// Rows matching the query, and whether their ranking is still running.
    pub(crate) rows: Option<usize>,
    pub(crate) matching: bool,
    /// The open prompt message, as received.
    pub(crate) prompt: Option<Value>,
    /// The preview pane's markdown, when one shows.
    pub(crate) preview: Option<String>,
    /// What else the open prompt says about itself (keys added to the state).
    pub(crate) details: Value,
    /// Output lines of the run, and events received from it.
    pub(crate) output: usize,
    pub(crate) events: u64,
}

/// The footer: a title and key hints.
pub(crate) struct Footer {
    pub(crate) title: SharedString,
    pub(crate) hints: Vec<Hint>,
}

/// "Run ↵": what a key does, and the key, as bound in the keymap.
pub(crate) struct Hint {
    pub(crate) label: SharedString,
    pub(crate) key: SharedString,
}

impl Hint {
    /// The hint for `action`, with the key bound to it where the focus is inside
    /// the key contexts `at` (see [`keys::label`]).
    pub(crate) fn new(
        label: impl Into<SharedString>,
        action: &dyn Action,
        at: &[&str],
        cx: &App,
    ) -> Hint {
        Hint {
            label: label.into(),
            key: keys::label(action, at, cx),
        }
    }
}

/// A screen entity of any type, as the launcher holds it.
pub(crate) trait AnyScreen {
    fn view(&self) -> AnyView;
    fn entity_id(&self) -> EntityId;
    fn focus_handle(&self, cx: &App) -> FocusHandle;
    fn name(&self, cx: &App) -> &'static str;
    fn height(&self, cx: &App) -> f32;
    fn footer(&self, cx: &App) -> Footer;
    fn state(&self, cx: &App) -> ScreenState;
    fn dismiss(&self, window: &mut Window, cx: &mut App);
    fn kept_when_shown_again(&self, cx: &App) -> bool;
    fn transient(&self, cx: &App) -> bool;
}

impl<T: Screen> AnyScreen for Entity<T> {
    fn view(&self) -> AnyView {
        self.clone().into()
    }

    fn entity_id(&self) -> EntityId {
        Entity::entity_id(self)
    }

    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.read(cx).focus_handle(cx)
    }

    fn name(&self, cx: &App) -> &'static str {
        self.read(cx).name(cx)
    }

    fn height(&self, cx: &App) -> f32 {
        self.read(cx).height(cx)
    }

    fn footer(&self, cx: &App) -> Footer {
        self.read(cx).footer(cx)
    }

    fn state(&self, cx: &App) -> ScreenState {
        self.read(cx).state(cx)
    }

    fn dismiss(&self, window: &mut Window, cx: &mut App) {
        self.update(cx, |screen, cx| screen.dismiss(window, cx));
    }

    fn kept_when_shown_again(&self, cx: &App) -> bool {
        self.read(cx).kept_when_shown_again()
    }

    fn transient(&self, cx: &App) -> bool {
        self.read(cx).transient()
    }
}

/// One row of an actions menu.
#[derive(Clone, Debug)]
pub(crate) struct MenuItem {
    pub(crate) label: SharedString,
    /// The direct key, as shown (empty when there is none).
    pub(crate) key: SharedString,
    /// What choosing it does.
    pub(crate) event: ScreenEvent,
    /// Drawn before the label (an application's icon).
    pub(crate) icon: Option<crate::app::row::RowIcon>,
}
