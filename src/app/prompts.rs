//! The prompts a script can show besides `arg` (which is a [`super::list::ListView`]):
//! markdown (`div`), a form (`fields`) and a text area (`editor`). Each is an entity
//! that emits [`Submitted`] with the value to send; the launcher owns them through
//! [`Panel`], so it treats the three alike.

pub mod div;
pub mod editor;
pub mod fields;

use gpui::{AnyView, App, Entity, FocusHandle, Focusable};
use serde_json::Value;

/// The user answered the prompt: `value` is what the script receives.
#[derive(Clone, Debug, PartialEq)]
pub struct Submitted(pub Value);

/// One of the non-list prompts.
pub enum Panel {
    Div(Entity<div::DivPrompt>),
    Fields(Entity<fields::FieldsPrompt>),
    Editor(Entity<editor::EditorPrompt>),
}

impl Panel {
    pub fn view(&self) -> AnyView {
        match self {
            Panel::Div(view) => view.clone().into(),
            Panel::Fields(view) => view.clone().into(),
            Panel::Editor(view) => view.clone().into(),
        }
    }

    pub fn focus_handle(&self, cx: &App) -> FocusHandle {
        match self {
            Panel::Div(view) => view.focus_handle(cx),
            Panel::Fields(view) => view.focus_handle(cx),
            Panel::Editor(view) => view.focus_handle(cx),
        }
    }

    /// The height the prompt wants in the window, in logical pixels.
    pub fn height(&self, cx: &App) -> f32 {
        match self {
            Panel::Div(view) => view.read(cx).height(),
            Panel::Fields(view) => view.read(cx).height(),
            Panel::Editor(_) => editor::HEIGHT,
        }
    }

    /// The text being edited, for `skit state` (the editor's text; empty otherwise).
    pub fn text(&self, cx: &App) -> String {
        match self {
            Panel::Editor(view) => view.read(cx).text(cx),
            _ => String::new(),
        }
    }

    /// The key that submits, for the footer.
    pub fn submit_key(&self) -> &'static str {
        match self {
            Panel::Editor(_) => "ctrl ↵",
            _ => "↵",
        }
    }
}
