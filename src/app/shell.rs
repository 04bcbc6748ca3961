//! Everything around the launcher window: starting it, themes, showing and
//! hiding, the clipboard (history, pasting into the window the user came from),
//! and the scripts that start by themselves (the trigger [`Host`], whose runs that
//! ask something go to the launcher). Its other parts: global hotkeys and script
//! shortcuts (`shell/hotkeys.rs`), the configuration in force and live reload
//! (`shell/configuration.rs`), the answers to control commands
//! (`shell/requests.rs`) and the window itself (`shell/window.rs`). The listeners
//! in `app.rs` call into it; it calls into the [`Launcher`] view.

use std::collections::HashMap;
use std::path::PathBuf;

use async_channel::Sender;
use gpui::{ClipboardItem, Context, Entity, Subscription, Task, WindowHandle, point, px, size};

use super::clipboard::ClipboardService;
use super::fonts::{Fonts, UI_FONTS};
use super::keymap;
use super::launcher::{self, Launcher, LauncherEvent};
use super::theme::{Mode, Themes};
use super::x11::{WindowControl, WindowEvent};
use crate::bundled;
use crate::catalog::Catalog;
use crate::catalog::watch::RecursiveMode;
use crate::clipboard::copies::Captured;
use crate::clipboard::{Delivery, Insert};
use crate::config::Config;
use crate::desktop_session::HotkeyPath;
use crate::frecency::Frecency;
use crate::launch::Interpreters;
use crate::notifications::Notifications;
use crate::paths::Paths;
use crate::problem::{self, Problem};
use crate::run::{Invocation, Trigger};
use crate::sources::appearance::Appearance;
use crate::sources::hotkey::{Grabber, Hotkey, HotkeyId, Press};
use crate::sources::portal_shortcuts::{PortalReport, PortalShortcuts};
use crate::triggers::{self, Host, ToWindow};

mod configuration;
mod hotkeys;
mod requests;
mod window;

use configuration::{listed_scripts, run_context, settings};

pub(crate) use window::{Surface, open_window};

/// The hotkey id of the launcher itself; script shortcuts count up from 1.
const LAUNCHER_HOTKEY: HotkeyId = 0;
/// The hotkey id of the clipboard history.
const CLIPBOARD_HOTKEY: HotkeyId = HotkeyId::MAX;
/// How long a paste on Wayland waits for the keyboard to leave the hidden window.
const FOCUS_RETURN_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);
/// The window's class (WM_CLASS), by which the X11 code finds it.
pub(super) const APP_ID: &str = "skit";

pub(crate) struct Shell {
    paths: Paths,
    config: Config,
    themes: Themes,
    desktop: Option<Appearance>,
    window: WindowHandle<Launcher>,
    launcher: Entity<Launcher>,
    control: Option<WindowControl>,
    visible: bool,
    /// The X11 key grab (an X11 session), or
    grabber: Option<Grabber>,
    /// the shortcuts portal (a Wayland session that offers it).
    portal: Option<PortalShortcuts>,
    /// How the launcher hotkey reaches skit, and why (for `skit state`/`doctor`).
    hotkey_path: (HotkeyPath, String),
    launcher_hotkey: Option<Hotkey>,
    clipboard_hotkey: Option<Hotkey>,
    shortcuts: HashMap<HotkeyId, PathBuf>,
    clipboard: ClipboardService,
    /// The window that was active when the launcher was shown: where a paste goes.
    previous_window: Option<u32>,
    /// What kind of surface the window is (for `skit state` and `skit doctor`).
    surface: Surface,
    /// The window has had the keyboard focus since it was last shown (so that a
    /// focus loss is a blur, not a late report about an earlier showing).
    focused_since_show: bool,
    /// Told when the window loses the keyboard focus: a paste on Wayland waits for
    /// the compositor to give the keyboard back to the window the user came from.
    focus_left: Option<Sender<()>>,
    /// The scripts that start by themselves; `None` if its thread cannot start.
    triggers: Option<Host>,
    notifications: Notifications,
    _watcher: Option<notify::RecommendedWatcher>,
    _apps_watcher: Option<notify::RecommendedWatcher>,
    _subscriptions: Vec<Subscription>,
}

/// Where the shell's producers send what they find; `app.rs` listens on the
/// other ends (its table lists each channel and its bound).
pub(crate) struct Outlets {
    /// Scripts or config changed on disk.
    pub(crate) changes: Sender<()>,
    /// Application folders changed on disk.
    pub(crate) apps_changed: Sender<()>,
    /// The X11 window's focus events.
    pub(crate) window_events: Sender<WindowEvent>,
    /// Copies the clipboard watcher captured.
    pub(crate) copies: Sender<Captured>,
    /// What the trigger host and its runs ask of the window.
    pub(crate) triggered: Sender<ToWindow>,
    /// What the shortcuts portal did (Wayland sessions).
    pub(crate) portal_reports: Sender<PortalReport>,
}

impl Shell {
    pub(crate) fn new(
        paths: Paths,
        outlets: Outlets,
        notifications: Notifications,
        cx: &mut Context<Self>,
    ) -> Shell {
        let Outlets {
            changes,
            apps_changed,
            window_events,
            copies,
            triggered,
            portal_reports,
        } = outlets;
        let mut problems = Vec::new();
        let first_run = crate::first_run::setup(&paths).unwrap_or_else(|e| {
            problems.push(Problem::new(format!(
                "Cannot set up {}: {e}",
                paths.config_dir.display()
            )));
            false
        });
        let config = match Config::load(&paths.config_file()) {
            Ok(config) => {
                config.warn_unknown_keys(&paths.config_file());
                config
            }
            Err(e) => {
                problems.push(Problem::new(format!("{e} — using the default settings")));
                Config::default()
            }
        };
        let (themes, theme_problems) = Themes::load(&paths.config_dir.join("themes"));
        problems.extend(theme_problems);
        let keymap_file = paths.keymap_file();
        problems.extend(keymap::apply(keymap::read(&keymap_file), &keymap_file, cx));
        cx.set_global(themes.get(Mode::resolve(config.theme, None)).clone());
        let fonts = Fonts::pick(UI_FONTS, cx);
        cx.set_global(fonts);

        if let Err(e) = bundled::install_examples_if_missing(&paths.scripts_dir) {
            problems.push(Problem::new(format!(
                "Cannot create {}: {e}",
                paths.scripts_dir.display()
            )));
        }
        if let Err(e) = bundled::install_sdk(&paths.sdk_dir()) {
            problems.push(Problem::new(format!(
                "Cannot install the SDK in {}: {e}",
                paths.sdk_dir().display()
            )));
        }
        let interpreters = Interpreters::from_config(&config);
        let catalog = Catalog::load(&paths.scripts_dir, &interpreters);
        let scripts = catalog.scripts.clone();
        let list = listed_scripts(&config, catalog.scripts);
        let frecency = Frecency::load(&paths.frecency_file());
        let context = run_context(interpreters.clone(), &paths);
        let host = Host::start(triggers::Options {
            context: context.clone(),
            logs_dir: paths.logs_dir(),
            home: dirs::home_dir(),
            window: triggered,
            notifications: notifications.clone(),
            schedule_seconds: triggers::seconds_hook_from_env(),
        });
        let host = match host {
            Ok(host) => {
                host.set_scripts(scripts.clone());
                Some(host)
            }
            Err(e) => {
                problems.push(Problem::new(format!(
                    "{e}; scheduled, watched and background scripts do not run"
                )));
                None
            }
        };

        let settings = settings(&config, &paths);
        let (window, surface) = open_window(list, frecency, context, settings, cx);
        let launcher = window
            .entity(cx)
            .expect("the launcher window was just opened");
        // A native Wayland window has no X server to ask.
        let control = match cx.compositor_name() {
            "X11" => WindowControl::find(APP_ID, window_events),
            _ => None,
        };
        match &control {
            Some(control) => control.prepare(),
            None => tracing::info!("not on X11: gpui shows and hides the {surface} window"),
        }
        // After finding the window: the clipboard's own hidden windows are skit's too.
        let (clipboard, clipboard_problems) =
            ClipboardService::start(&paths.clipboard_file(), &config.clipboard, copies);
        problems.extend(clipboard_problems);
        let subscriptions = vec![
            cx.subscribe(&launcher, |this, _, event: &LauncherEvent, cx| {
                this.on_launcher_event(event, cx)
            }),
            cx.observe(&launcher, |this, _, cx| this.fit(cx)),
        ];
        let watcher = crate::catalog::watch::watch(&paths.scripts_dir, &paths.config_dir, changes);
        let app_folders: Vec<_> = crate::root_list::app_dirs()
            .into_iter()
            .map(|dir| (dir, RecursiveMode::Recursive))
            .collect();
        let apps_watcher = crate::catalog::watch::watch_folders(&app_folders, apps_changed);

        let mut shell = Shell {
            paths,
            config: config.clone(),
            themes,
            desktop: None,
            window,
            launcher,
            control,
            visible: false,
            grabber: None,
            portal: None,
            hotkey_path: (HotkeyPath::DesktopKeybinding, String::new()),
            launcher_hotkey: None,
            clipboard_hotkey: None,
            shortcuts: HashMap::new(),
            clipboard,
            previous_window: None,
            surface,
            focused_since_show: false,
            focus_left: None,
            triggers: host,
            notifications,
            _watcher: watcher,
            _apps_watcher: apps_watcher,
            _subscriptions: subscriptions,
        };
        problems.extend(shell.start_hotkeys(portal_reports));
        problems.extend(shell.apply_config(None, config, interpreters, cx));
        shell.probe_desktop_commands(cx).detach();
        problems.extend(shell.register_shortcuts(&scripts));
        problems.extend(crate::crash::restart_notice().map(Problem::new));
        if !shell.visible {
            shell.hide(cx);
        }
        shell.report(problems, cx);
        if first_run {
            let hotkey = shell.config.hotkey.clone();
            let session = crate::desktop_session::DesktopSession::from_env();
            let wayland = crate::keybinding::wayland_advice(&hotkey, &session);
            let welcome = crate::first_run::welcome(
                &hotkey,
                &shell.paths.scripts_dir,
                &shell.paths.config_file(),
                wayland.as_deref(),
            );
            let _ = shell.window.update(cx, |launcher, window, cx| {
                launcher.welcome(&welcome, window, cx)
            });
            shell.show(cx);
        }
        shell
    }

    /// Logs problems and shows the first in the window (with a count of the rest).
    fn report(&self, problems: Vec<Problem>, cx: &mut Context<Self>) {
        for problem in &problems {
            tracing::warn!("{problem}");
        }
        if let Some(text) = problem::summary(&problems) {
            self.launcher
                .update(cx, |launcher, cx| launcher.set_problem(text, cx));
        }
    }

    /// Shows the window on the pointer's display, focused, query ready.
    pub(crate) fn show(&mut self, cx: &mut Context<Self>) {
        self.show_with(false, None, cx);
    }

    /// Shows the window, with the clipboard history on it when `clipboard`;
    /// `token` is the activation token of the user's action that asked for it.
    fn show_with(&mut self, clipboard: bool, token: Option<String>, cx: &mut Context<Self>) {
        let keep_query = self.config.keep_query;
        let was_visible = self.visible;
        if !was_visible {
            // Before mapping: afterwards the launcher is the active window.
            self.previous_window = self.control.as_ref().and_then(WindowControl::active_window);
        }
        let _ = self.window.update(cx, |launcher, window, cx| {
            if !was_visible {
                launcher.reset_for_show(keep_query, window, cx);
            }
            if clipboard {
                launcher.open_clipboard(true, window, cx);
            }
            launcher.focus_input(window, cx);
        });
        self.fit(cx);
        let origin = self.placement(cx);
        match &self.control {
            Some(control) => control.show(origin.0, origin.1),
            None => {
                // An overlay takes the keyboard by itself; an ordinary Wayland
                // window (GNOME) gets the focus with the token the user's action
                // came with.
                let wayland_window =
                    self.surface == Surface::Window && cx.compositor_name() == "Wayland";
                let _ = self.window.update(cx, |_, window, _| {
                    if let Some(token) = token.filter(|_| wayland_window) {
                        tracing::debug!("activating the window with the token it was shown with");
                        gpui_linux::set_activation_token(token);
                    }
                    window.activate_window()
                });
            }
        }
        self.set_visible(true, cx);
    }

    pub(crate) fn hide(&mut self, cx: &mut Context<Self>) {
        match &self.control {
            Some(control) => control.hide(),
            None => {
                let _ = self
                    .window
                    .update(cx, |_, window, _| window.minimize_window());
            }
        }
        self.set_visible(false, cx);
    }

    fn set_visible(&mut self, visible: bool, cx: &mut Context<Self>) {
        if visible != self.visible {
            self.focused_since_show = false;
        }
        self.visible = visible;
        self.launcher
            .update(cx, |launcher, _| launcher.set_visible(visible));
    }

    fn toggle(&mut self, token: Option<String>, cx: &mut Context<Self>) {
        if self.visible {
            self.hide(cx);
        } else {
            self.show_with(false, token, cx);
        }
    }

    /// Where the window's top-left corner goes, in device pixels: centred on the
    /// display under the pointer, a fifth of the way down.
    fn placement(&self, cx: &mut Context<Self>) -> (i32, i32) {
        let scale = self
            .window
            .update(cx, |_, window, _| window.scale_factor())
            .unwrap_or(1.0);
        let pointer = self
            .control
            .as_ref()
            .and_then(WindowControl::pointer)
            .map(|(x, y)| point(px(x as f32 / scale), px(y as f32 / scale)));
        let displays = cx.displays();
        let display = pointer
            .and_then(|p| displays.iter().find(|d| d.bounds().contains(&p)).cloned())
            .or_else(|| cx.primary_display())
            .or_else(|| displays.first().cloned());
        let Some(display) = display else {
            return (0, 0);
        };
        let area = display.bounds();
        let x = area.origin.x + (area.size.width - px(launcher::WIDTH)) / 2.;
        let y = area.origin.y + area.size.height / 5.;
        ((f32::from(x) * scale) as i32, (f32::from(y) * scale) as i32)
    }

    /// Resizes the window to what the launcher's content wants.
    fn fit(&mut self, cx: &mut Context<Self>) {
        let _ = self.window.update(cx, |launcher, window, cx| {
            let height = launcher.desired_height(cx).min(launcher::MAX_HEIGHT);
            if (f32::from(window.bounds().size.height) - height).abs() > 0.5 {
                window.resize(size(px(launcher::WIDTH), px(height)));
            }
        });
    }

    fn on_launcher_event(&mut self, event: &LauncherEvent, cx: &mut Context<Self>) {
        match event {
            LauncherEvent::Hide => self.hide(cx),
            LauncherEvent::Show => {
                if !self.visible {
                    self.show(cx);
                }
            }
            LauncherEvent::Copy(text) => {
                cx.write_to_clipboard(ClipboardItem::new_string(text.clone()))
            }
            LauncherEvent::CopyFile(path) => {
                let path = path.clone();
                let copied = self.clipboard.copy_files(vec![path.clone()], cx);
                cx.spawn(async move |this, cx| {
                    let result = copied.await;
                    let _ = this.update(cx, |this, cx| {
                        this.launcher.update(cx, |launcher, cx| match result {
                            Ok(()) => {
                                let name = path.file_name().unwrap_or(path.as_os_str());
                                launcher.notify(
                                    format!(
                                        "Copied {}: paste it in a file manager",
                                        name.to_string_lossy()
                                    ),
                                    cx,
                                )
                            }
                            Err(problem) => launcher.set_problem(problem, cx),
                        })
                    });
                })
                .detach();
            }
            LauncherEvent::Open(target) => {
                if let Err(e) = crate::desktop::open(target) {
                    self.report(vec![Problem::new(e)], cx);
                }
            }
            LauncherEvent::Insert(insert) => self.insert(insert.clone(), cx),
            LauncherEvent::ReadSelection { run, id } => {
                let (run, id) = (*run, id.clone());
                let text = self.clipboard.selection(cx);
                cx.spawn(async move |this, cx| {
                    let text = text.await;
                    let _ = this.update(cx, |this, cx| {
                        this.launcher.update(cx, |launcher, cx| {
                            launcher.answer_selection(run, id, text, cx)
                        })
                    });
                })
                .detach();
            }
            LauncherEvent::DesktopNotice { title, text } => self.notifications.send(title, text),
            LauncherEvent::Activation(true) => {
                tracing::debug!("the window has the keyboard focus");
                self.focused_since_show = true
            }
            // On X11 the window's own thread reports blur (WindowEvent::Blurred). An
            // overlay holds the keyboard exclusively while shown: it loses it only
            // when the seat's keyboard goes away (a virtual keyboard such as wtype's
            // on a seat with no other), which is no reason to hide. So this is for an
            // ordinary Wayland window (GNOME).
            LauncherEvent::Activation(false) => {
                tracing::debug!("the window lost the keyboard focus");
                if let Some(focus_left) = self.focus_left.take() {
                    let _ = focus_left.try_send(());
                }
                if self.control.is_none()
                    && self.surface == Surface::Window
                    && std::mem::take(&mut self.focused_since_show)
                {
                    self.on_window_event(WindowEvent::Blurred, cx);
                }
            }
            LauncherEvent::Background(path, control) => {
                let result = match &self.triggers {
                    Some(host) => host.control(path.clone(), *control),
                    None => Err("scheduled and background scripts do not run (see the log)".into()),
                };
                if let Err(e) = result {
                    self.report(vec![Problem::new(e)], cx);
                }
            }
        }
    }

    /// What the trigger host or one of its runs asks of the window.
    pub(crate) fn on_triggered(&mut self, message: ToWindow, cx: &mut Context<Self>) {
        match message {
            ToWindow::Asks(asking) => {
                let _ = self.window.update(cx, |launcher, window, cx| {
                    launcher.adopt(asking, window, cx)
                });
            }
            ToWindow::Copy(text) => cx.write_to_clipboard(ClipboardItem::new_string(text)),
            ToWindow::Running(running) => self
                .launcher
                .update(cx, |launcher, cx| launcher.set_running(running, cx)),
            ToWindow::Problems(problems) => {
                self.report(problems.into_iter().map(Problem::new).collect(), cx)
            }
        }
    }

    /// Hides the window and pastes or types into the window the user came from (or
    /// copies). A failure is shown the next time the window is.
    fn insert(&mut self, insert: Insert, cx: &mut Context<Self>) {
        let target = match insert.delivery {
            Delivery::Copy => None,
            // While the launcher shows, the window it was shown over; while hidden (a
            // script run by its shortcut, or one that hid the window), the active one.
            Delivery::Paste | Delivery::Type if self.visible => self.previous_window,
            Delivery::Paste | Delivery::Type => self
                .control
                .as_ref()
                .and_then(WindowControl::active_window)
                .or(self.previous_window),
        };
        // A Wayland compositor gives the keyboard back to the window the user came
        // from once the launcher is gone; keys sent before that would reach skit.
        let focus_left = (self.visible
            && self.control.is_none()
            && insert.delivery != Delivery::Copy)
            .then(|| {
                let (sender, receiver) = async_channel::bounded(1);
                self.focus_left = Some(sender);
                receiver
            });
        self.hide(cx);
        cx.spawn(async move |this, cx| {
            if let Some(focus_left) = focus_left {
                let timeout = cx.background_executor().timer(FOCUS_RETURN_TIMEOUT);
                futures::future::select(std::pin::pin!(focus_left.recv()), timeout).await;
            }
            let Ok(done) = this.update(cx, |this, cx| {
                this.focus_left = None;
                this.clipboard.insert(insert, target, cx)
            }) else {
                return;
            };
            if let Err(problem) = done.await {
                let _ = this.update(cx, |this, cx| this.report(vec![Problem::new(problem)], cx));
            }
        })
        .detach();
    }

    /// Records a copy the watcher captured (on a background thread); an open
    /// history shows it.
    pub(crate) fn record(&mut self, captured: Captured, cx: &mut Context<Self>) -> Task<()> {
        let recorded = self.clipboard.record(captured, cx);
        cx.spawn(async move |this, cx| {
            let problem = recorded.await;
            let _ = this.update(cx, |this, cx| {
                this.report(problem.into_iter().map(Problem::new).collect(), cx);
                this.launcher
                    .update(cx, |launcher, cx| launcher.history_changed(cx))
            });
        })
    }

    pub(crate) fn on_window_event(&mut self, event: WindowEvent, cx: &mut Context<Self>) {
        match event {
            WindowEvent::Blurred => {
                if self.visible && self.config.hide_on_blur {
                    self.hide(cx);
                }
            }
        }
    }

    pub(crate) fn on_hotkey(&mut self, press: Press, cx: &mut Context<Self>) {
        if super::timing::enabled() {
            tracing::info!(target: "skit::timing", event = "hotkey", t_ns = super::timing::monotonic_ns());
        }
        let (id, token) = (press.id, press.activation_token);
        if id == LAUNCHER_HOTKEY {
            self.toggle(token, cx);
            return;
        }
        if id == CLIPBOARD_HOTKEY {
            let open = self.visible && self.launcher.read(cx).shows_clipboard();
            if open {
                self.hide(cx);
            } else {
                self.show_with(true, token, cx);
            }
            return;
        }
        let Some(path) = self.shortcuts.get(&id).cloned() else {
            return;
        };
        let invocation = Invocation::new(Trigger::Shortcut);
        let _ = self.window.update(cx, |launcher, window, cx| {
            launcher.run_path(&path, invocation, window, cx)
        });
    }

    pub(crate) fn on_appearance(&mut self, appearance: Appearance, cx: &mut Context<Self>) {
        self.desktop = Some(appearance);
        self.apply_theme(cx);
    }

    fn apply_theme(&mut self, cx: &mut Context<Self>) {
        let theme = self
            .themes
            .get(Mode::resolve(self.config.theme, self.desktop))
            .clone();
        cx.set_global(theme);
        cx.refresh_windows();
    }

    /// Stops runs, removes the socket, and ends the app.
    pub(crate) fn quit(&mut self, cx: &mut Context<Self>) {
        self.launcher
            .update(cx, |launcher, cx| launcher.cancel_all(cx));
        if let Some(host) = &self.triggers {
            host.stop_all();
        }
        if let Err(e) = std::fs::remove_file(&self.paths.socket) {
            tracing::warn!("cannot remove {}: {e}", self.paths.socket.display());
        }
        cx.quit();
    }
}
