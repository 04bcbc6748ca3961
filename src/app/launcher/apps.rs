//! Applications in the launcher: starting one (or one of its desktop actions)
//! off the UI thread, and its actions menu.

use gpui::{App, AppContext, Context, SharedString, Window};

use super::{Launcher, LauncherEvent};
use crate::app::keys;
use crate::app::screen::{MenuItem, ScreenEvent};
use crate::root_list::AppEntry;

impl Launcher {
    /// Starts an application (or one of its desktop actions) off the UI thread:
    /// the window hides at once; a launch that fails shows why.
    pub(super) fn launch_app(
        &mut self,
        entry: AppEntry,
        action: Option<String>,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let key = crate::root_list::app_key(&entry.app);
        self.scripts
            .update(cx, |screen, cx| screen.record_use(&key, cx));
        self.close_menu(window, cx);
        self.scripts
            .update(cx, |screen, cx| screen.set_query("", cx));
        cx.emit(LauncherEvent::Hide);
        let launched = cx.background_spawn(async move {
            let options = crate::apps::launch::LaunchOptions::default();
            crate::apps::launch::launch(&entry.app, action.as_deref(), &options, |words| {
                crate::editor::in_terminal(words, crate::editor::installed)
            })
            .map_err(|e| format!("Cannot start {}: {e}", entry.app.name))
        });
        cx.spawn_in(window, async move |this, cx| {
            if let Err(problem) = launched.await {
                tracing::warn!("{problem}");
                let _ = this.update(cx, |this, cx| {
                    this.set_problem(problem, cx);
                    cx.emit(LauncherEvent::Show);
                });
            }
        })
        .detach();
    }
}

/// An application's actions menu: Open, its desktop actions, and what skit can do
/// with its desktop file.
pub(super) fn app_menu(entry: &AppEntry, cx: &App) -> Vec<MenuItem> {
    let app = &entry.app;
    let boxed = || Box::new(entry.clone());
    let mut items = vec![MenuItem {
        label: "Open".into(),
        key: keys::label(
            &crate::app::list::Confirm,
            crate::app::screens::scripts::KEYS,
            cx,
        ),
        event: ScreenEvent::LaunchApp(boxed(), None),
        icon: None,
    }];
    items.extend(app.actions.iter().map(|action| MenuItem {
        label: action.name.clone().into(),
        key: SharedString::default(),
        event: ScreenEvent::LaunchApp(boxed(), Some(action.id.clone())),
        icon: None,
    }));
    let path = app.path.to_string_lossy().into_owned();
    let folder = app
        .path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    items.extend([
        MenuItem {
            label: "Copy path of the desktop file".into(),
            key: SharedString::default(),
            event: ScreenEvent::Copy(path),
            icon: None,
        },
        MenuItem {
            label: "Reveal the desktop file".into(),
            key: SharedString::default(),
            event: ScreenEvent::Open(folder),
            icon: None,
        },
        MenuItem {
            label: "Hide from skit".into(),
            key: SharedString::default(),
            event: ScreenEvent::HideApp(app.id.clone()),
            icon: None,
        },
    ]);
    items
}
