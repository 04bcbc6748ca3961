//! Looking inside the launcher, for the view tests (`--features test-support`):
//! what `skit state` does not say.

use gpui::{App, Entity};

use super::Launcher;
use crate::app::prompts::arg::ArgPrompt;
use crate::app::prompts::div::DivPrompt;
use crate::app::screens::failure::FailureScreen;

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

    /// The failure on screen: title and detail.
    pub fn failure(&self, cx: &App) -> Option<(String, String)> {
        let screen = self.screen.view().downcast::<FailureScreen>().ok()?;
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
}
