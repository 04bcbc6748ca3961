//! The launcher's side of the snippets: opening their screen (from its row in
//! the script list) and routing what that screen, its menu and its form ask for.

use std::path::PathBuf;

use gpui::{AppContext, Context, Window};

use super::{Launcher, LauncherEvent};
use crate::app::screens::snippets::{SnippetAction, SnippetFormScreen, SnippetsScreen};

impl Launcher {
    /// `snippets.json`, in the config folder (where the env file is).
    fn snippets_file(&self) -> PathBuf {
        self.context.env_file.with_file_name("snippets.json")
    }

    /// Shows the snippets.
    pub(crate) fn open_snippets(&mut self, window: &mut Window, cx: &mut Context<Self>) {
        let (file, history) = (self.snippets_file(), self.history.clone());
        let screen = cx.new(|cx| SnippetsScreen::new(file, history, cx));
        self.show(screen, window, cx);
    }

    pub(super) fn on_snippet_action(
        &mut self,
        action: SnippetAction,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let Some(list) = self.stack.find::<SnippetsScreen>() else {
            return;
        };
        match action {
            SnippetAction::Deliver(insert) => cx.emit(LauncherEvent::Insert(insert)),
            SnippetAction::Insert(name, delivery) => {
                self.close_menu(window, cx);
                list.update(cx, |screen, cx| screen.insert(name, delivery, cx));
            }
            SnippetAction::Delete(name) => {
                self.close_menu(window, cx);
                list.update(cx, |screen, cx| screen.delete(name, cx));
            }
            SnippetAction::New | SnippetAction::Edit(_) => {
                let editing = match &action {
                    SnippetAction::Edit(name) => list.read(cx).snippet(name, cx),
                    _ => None,
                };
                let file = list.read(cx).file();
                let form = cx.new(|cx| SnippetFormScreen::new(file, editing, cx));
                // From the menu, the form takes its place (Escape returns to the list).
                self.show(form, window, cx);
            }
            SnippetAction::Saved(name) => {
                self.back(window, cx);
                list.update(cx, |screen, cx| screen.reload_selecting(name.clone(), cx));
                self.notify(format!("Saved “{name}”"), cx);
            }
        }
    }
}
