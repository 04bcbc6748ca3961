//! Looking inside the launcher, for the view tests (`--features test-support`):
//! what `skit state` does not say.

use std::path::Path;
use std::sync::Arc;

use gpui::{App, Context, Entity};

use super::Launcher;
use crate::app::prompts::arg::ArgPrompt;
use crate::app::prompts::div::DivPrompt;
use crate::app::prompts::env::EnvPrompt;
use crate::app::prompts::fields::FieldsPrompt;
use crate::app::screens::failure::FailureScreen;
use crate::clipboard::copies::Captured;
use crate::clipboard::history::History;
use crate::clipboard::store::{Kind, Limits};
use crate::script_list::ScriptList;

/// Looks inside the launcher, for the view tests (`--features test-support`).
impl Launcher {
    fn prompt_as<T: 'static>(&self, cx: &App) -> Option<Entity<T>> {
        let session = self.run.as_ref()?.session.read(cx);
        session
            .prompt()?
            .view
            .as_any()
            .downcast_ref::<Entity<T>>()
            .cloned()
    }

    /// Whether the script at `path` has a triggered run going (its badge).
    pub fn is_running(&self, path: &std::path::Path, cx: &App) -> bool {
        self.scripts.read(cx).is_running(path, cx)
    }

    /// The running script's process id.
    pub fn run_pid(&self, cx: &App) -> Option<u32> {
        Some(self.run.as_ref()?.session.read(cx).handle().pid())
    }

    /// The running script's plain-output lines, and whether they are unfolded.
    pub fn output(&self, cx: &App) -> (Vec<String>, bool) {
        let Some(run) = &self.run else {
            return (Vec::new(), false);
        };
        let session = run.session.read(cx);
        let lines = session.output().iter().map(|l| l.to_string()).collect();
        (lines, session.output_expanded())
    }

    /// What the footer says on its left.
    pub fn footer_title(&self, cx: &App) -> String {
        self.stack.top().footer(cx).title.to_string()
    }

    /// The footer's key hints on the right: what each does, and its key.
    pub fn footer_hints(&self, cx: &App) -> Vec<(String, String)> {
        self.stack
            .top()
            .footer(cx)
            .hints
            .into_iter()
            .map(|hint| (hint.label.to_string(), hint.key.to_string()))
            .collect()
    }

    /// The failure on screen: title and detail.
    pub fn failure(&self, cx: &App) -> Option<(String, String)> {
        let screen = self.stack.top().view().downcast::<FailureScreen>().ok()?;
        let failure = screen.read(cx).failure();
        Some((failure.title.clone(), failure.detail.clone()))
    }

    /// How many choices the open `arg` prompt has, matching the query or not.
    pub fn choice_count(&self, cx: &App) -> Option<usize> {
        let prompt = self.prompt_as::<ArgPrompt>(cx)?;
        Some(prompt.read(cx).choice_count(cx))
    }

    /// The open `arg` prompt's rows as drawn (`# group` for a header), whether its
    /// loading line shows, and its preview pane's blocks (as `Kind: text`) when
    /// the pane shows.
    pub fn arg_view(&self, cx: &App) -> Option<(Vec<String>, bool, Option<Vec<String>>)> {
        let prompt = self.prompt_as::<ArgPrompt>(cx)?;
        let prompt = prompt.read(cx);
        let preview = prompt
            .preview_blocks(cx)
            .map(|blocks| blocks.iter().map(|b| format!("{b:?}")).collect());
        Some((prompt.rows_drawn(cx), prompt.is_loading(), preview))
    }

    /// Lists the applications of `data_dirs` (each with an `applications` folder)
    /// beside the scripts.
    pub fn use_apps_from(
        &mut self,
        data_dirs: Vec<std::path::PathBuf>,
        cx: &mut gpui::Context<Self>,
    ) {
        let apps = crate::root_list::load_apps_from(data_dirs);
        self.set_apps(std::sync::Arc::new(apps), cx);
    }

    /// The text drawn in the open prompt's one-line inputs, by name (a form's
    /// fields; an env prompt's input is named `env`): bullets for a password.
    /// `None` for an input not drawn yet.
    pub fn inputs_drawn(&self, cx: &App) -> Vec<(String, Option<String>)> {
        if let Some(form) = self.prompt_as::<FieldsPrompt>(cx) {
            return form.read(cx).drawn(cx);
        }
        if let Some(env) = self.prompt_as::<EnvPrompt>(cx) {
            return vec![("env".into(), env.read(cx).drawn(cx))];
        }
        Vec::new()
    }

    /// The kinds of the open `div` prompt's first blocks (`Heading`, `List`...).
    pub fn div_blocks(&self, cx: &App) -> Vec<String> {
        let Some(prompt) = self.prompt_as::<DivPrompt>(cx) else {
            return Vec::new();
        };
        prompt
            .read(cx)
            .blocks()
            .iter()
            .map(|block| {
                format!("{block:?}")
                    .split([' ', '(', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// Gives the launcher a clipboard history at `path` holding `texts` (oldest
    /// first, from the app `Gedit`), and the Clipboard History row in its list, as
    /// the shell does with the watcher's copies.
    pub fn use_clipboard_history(&mut self, path: &Path, texts: &[&str], cx: &mut Context<Self>) {
        let (history, _) = History::open(path, Limits::default()).expect("a clipboard history");
        for text in texts {
            history
                .record(Captured {
                    kind: Kind::Text,
                    bytes: text.as_bytes().to_vec(),
                    source_app: Some("Gedit".into()),
                })
                .expect("recorded");
        }
        self.set_clipboard(
            Some(Arc::new(history)),
            crate::app::clipboard::Recording::On,
        );
        let scripts = self.scripts.read(cx).scripts(cx).to_vec();
        let scripts = crate::builtins::with_builtins(scripts, "ctrl+alt+v");
        self.set_scripts(ScriptList::new(scripts), cx);
    }

    /// Records a copy in the clipboard history, as the shell does for the watcher.
    pub fn record_copy(&mut self, text: &str, cx: &mut Context<Self>) {
        if let Some(history) = &self.history {
            history
                .record(Captured {
                    kind: Kind::Text,
                    bytes: text.as_bytes().to_vec(),
                    source_app: None,
                })
                .expect("recorded");
        }
        self.history_changed(cx);
    }
}
