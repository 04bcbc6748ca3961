//! Renaming a script: a new name in an input; Enter renames the file and its
//! `Name:` header (see [`crate::script_files::rename`]).

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, Styled, Window, div,
};

use crate::app::list::{QUERY_HEIGHT, query_field};
use crate::app::row::empty_state;
use crate::app::screen::{Accept, DIALOG, Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::text_input::{self, TextInput};
use crate::app::theme::Theme;
use crate::catalog::Script;

/// The key contexts from the window down to the name field, which has the focus.
const KEYS: &[&str] = &["Launcher rename", DIALOG, text_input::CONTEXT];
const EXPLANATION_HEIGHT: f32 = 72.;

pub(crate) struct RenameScreen {
    script: Script,
    input: Entity<TextInput>,
}

impl EventEmitter<ScreenEvent> for RenameScreen {}

impl Focusable for RenameScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.input.focus_handle(cx)
    }
}

impl RenameScreen {
    pub(crate) fn new(script: Script, cx: &mut Context<Self>) -> RenameScreen {
        let input = cx.new(|cx| {
            let mut input = TextInput::new("New name", cx);
            input.set_text(&script.name, cx);
            input
        });
        RenameScreen { script, input }
    }

    fn accept(&mut self, _: &Accept, _: &mut Window, cx: &mut Context<Self>) {
        let name = self.input.read(cx).text().to_string();
        match crate::script_files::rename(&self.script.path, &name) {
            Ok(path) => {
                cx.emit(ScreenEvent::Notice(
                    format!("Renamed to {}", path.display()).into(),
                ));
                cx.emit(ScreenEvent::Back);
            }
            Err(e) => cx.emit(ScreenEvent::Problem(
                format!("Cannot rename “{}”: {e}", self.script.name).into(),
            )),
        }
    }
}

impl Screen for RenameScreen {
    fn name(&self, _: &App) -> &'static str {
        "rename"
    }

    fn height(&self, _: &App) -> f32 {
        QUERY_HEIGHT + EXPLANATION_HEIGHT
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: self.script.name.clone().into(),
            hints: vec![
                Hint::new("Rename", &Accept, KEYS, cx),
                Hint::new("Back", &Dismiss, KEYS, cx),
            ],
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        ScreenState {
            query: self.input.read(cx).text().to_string(),
            selected: Some(self.script.name.clone()),
            ..ScreenState::default()
        }
    }
}

impl Render for RenameScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        let folder = self
            .script
            .path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        div()
            .key_context(DIALOG)
            .on_action(cx.listener(Self::accept))
            .size_full()
            .flex()
            .flex_col()
            .child(query_field(self.input.clone(), theme))
            .child(empty_state(
                &format!("Rename “{}”", self.script.name),
                &format!("The file and its Name: header change; it stays in {folder}."),
                theme,
            ))
    }
}
