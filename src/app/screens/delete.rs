//! "Move this script to the trash?": Enter moves it to skit's trash folder (from
//! where it can be restored), Escape keeps it.

use std::path::PathBuf;

use gpui::{
    App, Context, EventEmitter, FocusHandle, Focusable, InteractiveElement, IntoElement,
    ParentElement, Render, Styled, Window, div,
};

use crate::app::row::empty_state;
use crate::app::screen::{Accept, DIALOG, Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::theme::Theme;
use crate::catalog::Script;

/// The key contexts from the window down to the dialog, which has the focus.
const KEYS: &[&str] = &["Launcher delete", DIALOG];
const HEIGHT: f32 = 128.;

pub(crate) struct DeleteScreen {
    script: Script,
    trash_dir: PathBuf,
    focus: FocusHandle,
}

impl EventEmitter<ScreenEvent> for DeleteScreen {}

impl Focusable for DeleteScreen {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl DeleteScreen {
    pub(crate) fn new(script: Script, trash_dir: PathBuf, cx: &mut Context<Self>) -> DeleteScreen {
        DeleteScreen {
            script,
            trash_dir,
            focus: cx.focus_handle(),
        }
    }

    fn accept(&mut self, _: &Accept, _: &mut Window, cx: &mut Context<Self>) {
        let event = match crate::script_files::trash(&self.script.path, &self.trash_dir) {
            Ok(place) => ScreenEvent::Notice(
                format!("Moved “{}” to {}", self.script.name, place.display()).into(),
            ),
            Err(e) => {
                ScreenEvent::Problem(format!("Cannot delete “{}”: {e}", self.script.name).into())
            }
        };
        cx.emit(event);
        cx.emit(ScreenEvent::Back);
    }
}

impl Screen for DeleteScreen {
    fn name(&self, _: &App) -> &'static str {
        "delete"
    }

    fn height(&self, _: &App) -> f32 {
        HEIGHT
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: self.script.name.clone().into(),
            hints: vec![
                Hint::new("Delete", &Accept, KEYS, cx),
                Hint::new("Keep it", &Dismiss, KEYS, cx),
            ],
        }
    }

    fn state(&self, _: &App) -> ScreenState {
        ScreenState {
            selected: Some(self.script.name.clone()),
            ..ScreenState::default()
        }
    }
}

impl Render for DeleteScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        div()
            .key_context(DIALOG)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::accept))
            .size_full()
            .child(empty_state(
                &format!("Move “{}” to the trash?", self.script.name),
                &format!(
                    "{} goes to {}, from where it can be restored.",
                    self.script.file_name,
                    self.trash_dir.display()
                ),
                theme,
            ))
    }
}
