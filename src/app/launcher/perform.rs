//! The script actions of the launcher (`script_actions.rs` lists them): creating,
//! editing, renaming... carried out in one place, [`Launcher::perform`]. Start,
//! Stop and Restart of a background script go to the app (the trigger host);
//! View Log reads the end of the script's run log off the UI thread and shows it.

use std::path::Path;

use gpui::{AppContext, Context, Window};

use super::{Launcher, LauncherEvent};
use crate::app::screens::delete::DeleteScreen;
use crate::app::screens::log::LogScreen;
use crate::app::screens::rename::RenameScreen;
use crate::app::script_actions::{self, ActionKind};
use crate::catalog::Script;
use crate::run_log::RunLog;
use crate::triggers::Control;

/// How much of a run log "View Log" shows.
const LOG_TAIL: usize = 64 * 1024;

impl Launcher {
    /// Creates a script named `name` from the template and opens it for editing.
    pub(super) fn create_script(
        &mut self,
        name: &str,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let language = self.settings.new_script_language;
        match crate::script_files::create(&self.settings.scripts_dir, name, language) {
            Ok(path) => {
                self.scripts
                    .update(cx, |screen, cx| screen.set_query("", cx));
                self.edit(&path, cx);
                self.notify(format!("Created {}", path.display()), cx);
                self.hide_after_run(cx);
            }
            Err(e) => self.set_problem(format!("Cannot create the script: {e}"), cx),
        }
        self.focus_input(window, cx);
    }

    fn edit(&mut self, path: &Path, cx: &mut Context<Self>) {
        if let Err(e) = crate::editor::open(path, self.settings.editor.as_ref()) {
            self.set_problem(e, cx);
        }
    }

    /// Does `kind` to `script`: the one place every script action is carried out.
    pub(super) fn perform(
        &mut self,
        kind: ActionKind,
        script: Script,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let path = script.path.clone();
        if crate::builtins::is_builtin(&script)
            && !matches!(kind, ActionKind::Run | ActionKind::ResetRanking)
        {
            return self.set_problem(
                format!("“{}” is built into skit: it has no file", script.name),
                cx,
            );
        }
        let result: Result<Option<String>, String> = match kind {
            ActionKind::Run => {
                self.run_script(&script, window, cx);
                return;
            }
            ActionKind::Rename => {
                let screen = cx.new(|cx| RenameScreen::new(script, cx));
                return self.show(screen, window, cx);
            }
            ActionKind::Delete => {
                let trash = self.settings.trash_dir.clone();
                let screen = cx.new(|cx| DeleteScreen::new(script, trash, cx));
                return self.show(screen, window, cx);
            }
            ActionKind::Edit => {
                self.edit(&path, cx);
                Ok(Some(format!("Opening “{}” for editing", script.name)))
            }
            ActionKind::Reveal => {
                let folder = path.parent().unwrap_or(Path::new("/"));
                crate::desktop::open(&folder.to_string_lossy()).map(|()| None)
            }
            ActionKind::CopyPath => {
                cx.emit(LauncherEvent::Copy(path.to_string_lossy().into_owned()));
                Ok(Some(format!("Copied {}", path.display())))
            }
            ActionKind::Duplicate => crate::script_files::duplicate(&path, &script.name)
                .map(|copy| Some(format!("Duplicated as {}", copy.display())))
                .map_err(|e| format!("Cannot duplicate “{}”: {e}", script.name)),
            ActionKind::RunInTerminal => script_actions::run_in_terminal(&path),
            ActionKind::ViewLog => return self.view_log(script, window, cx),
            ActionKind::Start | ActionKind::Stop | ActionKind::Restart => {
                let control = match kind {
                    ActionKind::Start => Control::Start,
                    ActionKind::Stop => Control::Stop,
                    _ => Control::Restart,
                };
                cx.emit(LauncherEvent::Background(path, control));
                let done = match control {
                    Control::Start => "Starting",
                    Control::Stop => "Stopping",
                    Control::Restart => "Restarting",
                };
                Ok(Some(format!("{done} “{}”", script.name)))
            }
            ActionKind::EditEnvironment => {
                let file = self.context.env_file.clone();
                crate::env_file::create_if_missing(&file)
                    .map_err(|e| format!("Cannot create {}: {e}", file.display()))
                    .map(|()| {
                        self.edit(&file, cx);
                        Some(format!("Opening {} for editing", file.display()))
                    })
            }
            ActionKind::ResetRanking => {
                let key = crate::script_list::frecency_key(&script);
                self.scripts
                    .update(cx, |screen, cx| screen.reset_ranking(&key, cx));
                Ok(Some(format!(
                    "“{}” starts fresh in the ranking",
                    script.name
                )))
            }
        };
        match result {
            Ok(Some(notice)) => self.notify(notice, cx),
            Ok(None) => {}
            Err(problem) => self.set_problem(problem, cx),
        }
        self.close_menu(window, cx);
    }

    /// Shows the end of `script`'s run log (read on a background thread).
    fn view_log(&mut self, script: Script, window: &mut Window, cx: &mut Context<Self>) {
        if !script.is_triggered() {
            self.set_problem(
                format!(
                    "“{}” has no log: only runs started by a Schedule, Watch or Background \
                     header are logged",
                    script.name
                ),
                cx,
            );
            return self.close_menu(window, cx);
        }
        let logs_dir = self.settings.logs_dir.clone();
        let for_script = script.clone();
        let tail = cx.background_spawn(async move {
            RunLog::for_script(&logs_dir, &for_script).and_then(|log| log.tail(LOG_TAIL))
        });
        cx.spawn_in(window, async move |this, cx| {
            let tail = tail.await;
            let _ = this.update_in(cx, |this, window, cx| match tail {
                Ok(text) => {
                    let screen = cx.new(|cx| LogScreen::new(&script.name, &text, cx));
                    this.show(screen, window, cx);
                }
                Err(e) => {
                    this.set_problem(e, cx);
                    this.close_menu(window, cx);
                }
            });
        })
        .detach();
    }
}
