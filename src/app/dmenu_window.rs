//! `skit dmenu` when no launcher is running: a window of its own for one list,
//! closed as soon as the user has chosen. The list is the launcher's dmenu screen;
//! what is missing here is everything around a resident launcher (hotkeys,
//! scripts, reloads), which a one-shot chooser does not need.

use std::sync::{Arc, Mutex};

use async_channel::Receiver;
use gpui::{px, size};

use super::fonts::{Fonts, UI_FONTS};
use super::launcher::{self, LauncherEvent, Settings};
use super::theme::{Mode, Themes};
use crate::config::{Config, DmenuMatching};
use crate::dmenu::DmenuOptions;
use crate::frecency::Frecency;
use crate::launch::Interpreters;
use crate::paths::Paths;
use crate::run::RunContext;
use crate::script_list::ScriptList;

/// Shows `rows` to choose from until the user chooses or cancels; returns what to
/// print and the exit code (rofi's).
pub fn run(paths: Paths, mut options: DmenuOptions, rows: Receiver<Vec<String>>) -> (String, i32) {
    let answer = Arc::new(Mutex::new((String::new(), crate::dmenu::EXIT_CANCELLED)));
    let kept = answer.clone();
    gpui_platform::application().run(move |cx| {
        super::init(cx);
        let config = Config::load_or_default(&paths.config_file());
        options.skit_ranking = config.dmenu.matching == DmenuMatching::Skit;
        options.frecency_file = Some(paths.dmenu_frecency_file());
        let (themes, _) = Themes::load(&paths.config_dir.join("themes"));
        // One look at the desktop's light/dark setting; no watcher for one choice.
        let desktop = dark_light::detect().ok().map(Into::into);
        cx.set_global(themes.get(Mode::resolve(config.theme, desktop)).clone());
        let fonts = Fonts::pick(UI_FONTS, cx);
        cx.set_global(fonts);
        let settings = Settings {
            editor: None,
            new_script_language: config.new_script_language,
            scripts_dir: paths.scripts_dir.clone(),
            trash_dir: paths.trash_dir(),
            config_file: paths.config_file(),
            logs_dir: paths.logs_dir(),
        };
        let context = RunContext {
            interpreters: Interpreters::default(),
            sdk_dir: paths.sdk_dir(),
            env_file: paths.env_file(),
        };
        let frecency = Frecency::load(&paths.frecency_file());
        let (window, _) =
            super::shell::open_window(ScriptList::new(Vec::new()), frecency, context, settings, cx);
        let (reply, replies) = async_channel::bounded(1);
        let _ = window.update(cx, |launcher, window, cx| {
            // What window rules match (`-window-title`, as rofi's).
            let title = options.window_title.as_deref().unwrap_or("skit dmenu");
            window.set_window_title(title);
            launcher.dmenu(options, rows, reply, window, cx);
            // The window fits the list, as the resident launcher's does.
            cx.observe_in(&cx.entity(), window, |launcher, _, window, cx| {
                let height = launcher.desired_height(cx).min(launcher::MAX_HEIGHT);
                if (f32::from(window.bounds().size.height) - height).abs() > 0.5 {
                    window.resize(size(px(launcher::WIDTH), px(height)));
                }
            })
            .detach();
            // The screen answers, then asks to hide: the answer is already in the
            // channel when the window goes.
            let (replies, kept) = (replies.clone(), kept.clone());
            cx.subscribe(&cx.entity(), move |_, _, event: &LauncherEvent, cx| {
                if *event == LauncherEvent::Hide {
                    if let Ok(reply) = replies.try_recv() {
                        keep(&kept, reply);
                    }
                    cx.quit();
                }
            })
            .detach();
        });
        cx.spawn(async move |cx| {
            if let Ok(reply) = replies.recv().await {
                keep(&kept, reply);
            }
            cx.update(|cx| cx.quit());
        })
        .detach();
    });
    answer.lock().expect("the answer").clone()
}

/// Keeps the screen's answer for `run` to return.
fn keep(kept: &Mutex<(String, i32)>, reply: crate::control::Reply) {
    let stdout = reply.stdout.unwrap_or_default();
    *kept.lock().expect("the answer") = (stdout, reply.code.unwrap_or(1));
}
