//! The configuration in force: reading config, keymap, themes and scripts again
//! when the config folder changes (off the UI thread), applying what changed
//! through one function at start and at every reload, and reading the
//! applications the list shows.

use gpui::{AppContext, Context, Task};

use super::Shell;
use crate::app::keymap;
use crate::app::launcher::Settings;
use crate::app::theme::Themes;
use crate::builtins;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::launch::Interpreters;
use crate::paths::Paths;
use crate::problem::Problem;
use crate::run::RunContext;
use crate::script_list::ScriptList;

impl Shell {
    /// Reads the applications on a background thread (when `sources.apps` is on),
    /// then hands them to the launcher.
    pub(crate) fn load_apps(&mut self, cx: &mut Context<Self>) -> Task<()> {
        if !self.config.sources.apps {
            self.launcher
                .update(cx, |launcher, cx| launcher.set_apps(Default::default(), cx));
            return Task::ready(());
        }
        let hidden = self.config.hidden_apps.clone();
        let loaded = cx.background_spawn(async move {
            let started = std::time::Instant::now();
            let (apps, warnings) = crate::root_list::load_apps(&hidden);
            (apps, warnings, started.elapsed())
        });
        cx.spawn(async move |this, cx| {
            let (apps, warnings, took) = loaded.await;
            for warning in warnings {
                tracing::warn!("{warning}");
            }
            crate::app::timing::apps_loaded(apps.len(), took);
            // The apps show at once; their icons follow when they are found.
            let apps = std::sync::Arc::new(apps);
            let shown = this.update(cx, |this, cx| {
                this.launcher
                    .update(cx, |launcher, cx| launcher.set_apps(apps.clone(), cx));
            });
            if shown.is_err() {
                return;
            }
            let apps = (*apps).clone();
            let with_icons = cx
                .background_spawn(async move { crate::root_list::with_icons(apps) })
                .await;
            let _ = this.update(cx, |this, cx| {
                this.launcher.update(cx, |launcher, cx| {
                    launcher.set_apps(std::sync::Arc::new(with_icons), cx)
                });
            });
        })
    }

    /// Puts the configuration `new` in force, going from `old` (`None` at start):
    /// what changed is redone here, and only here, so that every setting takes
    /// effect at start and on reload alike. `interpreters` are `new`'s (read with
    /// it off the UI thread).
    pub(super) fn apply_config(
        &mut self,
        old: Option<&Config>,
        new: Config,
        interpreters: Interpreters,
        cx: &mut Context<Self>,
    ) -> Vec<Problem> {
        let changes = crate::config::changes(old, &new);
        self.config = new;
        let mut problems = Vec::new();
        if changes.settings {
            let settings = settings(&self.config, &self.paths);
            self.launcher
                .update(cx, |launcher, _| launcher.set_settings(settings));
        }
        if changes.interpreters {
            // The new interpreters run scripts from now on, in the window and in
            // the trigger host (the catalog lists by them).
            let context = run_context(interpreters, &self.paths);
            if let Some(host) = &self.triggers {
                host.set_context(context.clone());
            }
            self.launcher
                .update(cx, |launcher, _| launcher.set_run_context(context));
        }
        if changes.calculator {
            let calculator = self.config.sources.calculator;
            self.launcher
                .update(cx, |launcher, cx| launcher.set_calculator(calculator, cx));
        }
        if changes.clipboard {
            problems.extend(self.clipboard.apply(&self.config.clipboard));
            let (history, recording) = (self.clipboard.history(), self.clipboard.recording());
            self.launcher
                .update(cx, |launcher, _| launcher.set_clipboard(history, recording));
        }
        if changes.hotkey {
            problems.extend(self.register_launcher_hotkey());
        }
        if changes.files {
            crate::app::screens::files::start_index(&self.config, &self.paths);
        }
        if changes.clipboard_hotkey {
            problems.extend(self.register_clipboard_hotkey());
        }
        // At start app.rs reads the applications once the window is up.
        if changes.apps && old.is_some() {
            self.load_apps(cx).detach();
        }
        if changes.theme {
            self.apply_theme(cx);
        }
        // `scripts` (what is listed) is applied with the catalog by `reload`.
        for name in changes.restart {
            problems.push(Problem::new(format!(
                "“{name}” in {} takes effect when skit restarts",
                self.paths.config_file().display()
            )));
        }
        problems
    }

    /// Reloads config, keymap, themes and scripts on a background thread, then
    /// applies them.
    pub(crate) fn reload(&mut self, cx: &mut Context<Self>) -> Task<()> {
        let paths = self.paths.clone();
        let fallback = Interpreters::from_config(&self.config);
        let loaded = cx.background_spawn(async move {
            let config = Config::load(&paths.config_file());
            let interpreters = config
                .as_ref()
                .map(Interpreters::from_config)
                .unwrap_or(fallback);
            let catalog = Catalog::load(&paths.scripts_dir, &interpreters);
            let themes = Themes::load(&paths.config_dir.join("themes"));
            let keys = keymap::read(&paths.keymap_file());
            (config, interpreters, catalog, themes, keys)
        });
        cx.spawn(async move |this, cx| {
            let (config, interpreters, catalog, (themes, theme_problems), keys) = loaded.await;
            let _ = this.update(cx, |this, cx| {
                let mut problems = theme_problems;
                problems.extend(keymap::apply(keys, &this.paths.keymap_file(), cx));
                this.themes = themes;
                this.apply_theme(cx);
                match config {
                    Ok(config) => {
                        config.warn_unknown_keys(&this.paths.config_file());
                        let old = this.config.clone();
                        problems.extend(this.apply_config(Some(&old), config, interpreters, cx));
                    }
                    Err(e) => {
                        problems.push(Problem::new(format!("{e} — keeping the previous settings")))
                    }
                }
                problems.extend(this.register_shortcuts(&catalog.scripts));
                if let Some(host) = &this.triggers {
                    host.set_scripts(catalog.scripts.clone());
                }
                this.launcher.update(cx, |launcher, cx| {
                    launcher.set_scripts(listed_scripts(&this.config, catalog.scripts), cx);
                });
                this.report(problems, cx);
            });
        })
    }
}

impl Shell {
    /// Finds out, off the UI thread, whether this session can list windows and
    /// which system commands logind allows; then lists their rows (none before).
    pub(super) fn probe_desktop_commands(&mut self, cx: &mut Context<Self>) -> Task<()> {
        use skit_core::desktop_commands::{self, Abilities};
        let probed = cx.background_spawn(async {
            let windows = skit_linux::windows::detect()
                .inspect_err(|why| tracing::info!("no Switch to Window: {why}"))
                .is_ok();
            let system = skit_linux::system::probe()
                .inspect_err(|why| tracing::info!("no system commands: {why}"))
                .unwrap_or_default();
            Abilities { windows, system }
        });
        cx.spawn(async move |this, cx| {
            let abilities = probed.await;
            tracing::debug!("desktop commands: {abilities:?}");
            desktop_commands::set_abilities(abilities);
            let _ = this.update(cx, |this, cx| {
                this.launcher.update(cx, |launcher, cx| {
                    let scripts: Vec<_> = launcher
                        .listed(cx)
                        .into_iter()
                        .filter(|s| !desktop_commands::is_desktop_command(&s.path))
                        .collect();
                    launcher.set_scripts(
                        ScriptList::new(desktop_commands::with_desktop_rows(scripts)),
                        cx,
                    );
                });
            });
        })
    }
}

/// The scripts the launcher lists: all of them, or none when `sources.scripts` is
/// off (shortcuts and `skit run` still work), and skit's built-in rows.
pub(super) fn listed_scripts(config: &Config, scripts: Vec<crate::catalog::Script>) -> ScriptList {
    let scripts = if config.sources.scripts {
        scripts
    } else {
        Vec::new()
    };
    // Built-in rows (Clipboard History) are listed either way.
    let rows = builtins::with_builtins(scripts, &config.clipboard_hotkey);
    // Switch to Window and the system commands, where the session can do them.
    ScriptList::new(skit_core::desktop_commands::with_desktop_rows(rows))
}

/// What the launcher needs to know of the configuration.
pub(super) fn settings(config: &Config, paths: &Paths) -> Settings {
    Settings {
        editor: config.editor.clone(),
        new_script_language: config.new_script_language,
        scripts_dir: paths.scripts_dir.clone(),
        trash_dir: paths.trash_dir(),
        config_file: paths.config_file(),
        logs_dir: paths.logs_dir(),
    }
}

/// How scripts are run: with these interpreters, the SDK and the env file.
pub(super) fn run_context(interpreters: Interpreters, paths: &Paths) -> RunContext {
    RunContext {
        interpreters,
        sdk_dir: paths.sdk_dir(),
        env_file: paths.env_file(),
    }
}
