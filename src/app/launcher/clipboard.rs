//! The launcher's side of the clipboard: opening the history screen (from its
//! row in the script list or its own hotkey), routing what that screen and its
//! menu ask for, and answering a script's `getSelection`.

use std::sync::Arc;

use gpui::{App, AppContext, Context, EntityId, Window};
use serde_json::Value;

use super::{Launcher, LauncherEvent};
use crate::app::clipboard::HistoryAction;
use crate::app::clipboard::Recording;
use crate::app::screens::clipboard::ClipboardScreen;
use crate::clipboard::history::History;

impl Launcher {
    /// Takes the clipboard history (`None` when it could not be opened) and
    /// whether it records copies now.
    pub(crate) fn set_clipboard(&mut self, history: Option<Arc<History>>, recording: Recording) {
        self.history = history;
        self.history_recording = recording;
    }

    /// Shows the clipboard history. `standalone`: opened by its own hotkey, so
    /// Escape hides the window instead of going back to the scripts.
    pub(crate) fn open_clipboard(
        &mut self,
        standalone: bool,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let Some(history) = self.history.clone() else {
            return self.set_problem(
                "The clipboard history could not be opened; the log says why.",
                cx,
            );
        };
        let recording = self.history_recording;
        let screen = cx.new(|cx| ClipboardScreen::new(history, recording, standalone, cx));
        self.show(screen, window, cx);
    }

    /// Whether the clipboard history is the screen on display.
    pub(crate) fn shows_clipboard(&self) -> bool {
        self.stack
            .top()
            .view()
            .downcast::<ClipboardScreen>()
            .is_ok()
    }

    /// A copy was recorded, or the history changed: an open history shows it.
    pub(crate) fn history_changed(&mut self, cx: &mut Context<Self>) {
        if let Some(screen) = self.stack.find::<ClipboardScreen>() {
            screen.update(cx, |screen, cx| screen.reload(cx));
        }
    }

    pub(super) fn on_history_action(
        &mut self,
        action: HistoryAction,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        match action {
            HistoryAction::Insert(insert) => cx.emit(LauncherEvent::Insert(insert)),
            change => {
                // From the menu, back to the history first; it carries the change out.
                self.close_menu(window, cx);
                if let Some(screen) = self.stack.find::<ClipboardScreen>() {
                    screen.update(cx, |screen, cx| screen.act(change, cx));
                }
            }
        }
    }

    /// The answer to `getSelection` `id` of run `run` (dropped when that run is
    /// over): the selected text, or `null`.
    pub(crate) fn answer_selection(
        &mut self,
        run: EntityId,
        id: String,
        text: Option<String>,
        cx: &App,
    ) {
        // The run on screen, or a triggered run that is not.
        let asking = self
            .run
            .iter()
            .chain(&self.triggered)
            .find(|r| r.session.entity_id() == run);
        if let Some(asking) = asking {
            let value = text.map_or(Value::Null, Value::String);
            asking.session.read(cx).answer(id, value);
        }
    }
}
