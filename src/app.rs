//! The gpui app: opens the launcher window and connects every source of outside
//! input to it. Read top to bottom, [`start`] shows every channel being created and
//! every listener being spawned:
//!
//! | channel | producer (thread) | capacity | listener does |
//! |---|---|---|---|
//! | hotkey (`OnceLock`) | X key grab or shortcuts portal, `try_send` | 10 | show/hide, run a shortcut's script |
//! | appearance | portal watcher, `send_blocking` | 4 | swap the theme |
//! | control | stdin reader, socket, signals, `send_blocking` | 100 | show, hide, toggle, run, quit, state |
//! | file changes | inotify watcher, `try_send` | 1 | reload scripts, config, themes |
//! | app changes | inotify watcher on the applications folders, `try_send` | 1 | reload the applications |
//! | window events | X11 window thread, `try_send` | 4 | hide on blur |
//! | copies | clipboard watcher thread, `try_send` | 16 | record in the history (background), refresh its screen |
//! | portal reports | shortcuts portal thread, `try_send` | 4 | hotkey path, binding problems |
//! | triggered | trigger host and its runs' threads, `send_blocking` | 64 | show a triggered run that asks, copy, running badges, problems |
//! | per run | script reader, `send_blocking` | 100 | update the prompt (started in `RunSession::start`) |
//! | desktop notifications | launcher and triggered runs, `try_send` | 32 | (a thread, not a listener) D-Bus `Notify` |
//!
//! The trigger host (`crate::triggers`) has its own inputs (scheduler, file
//! watcher, run ends), all on its thread; the shell gives it the scripts.
//!
//! The window's content is the [`launcher`]: a router over the [`screens`], each a
//! [`screen::Screen`]; a running script is a [`session`] drawn by `screens/run.rs`.

mod clipboard;
pub mod dmenu_window;
pub mod fonts;
mod frame_stats;
pub mod keymap;
mod keys;
pub mod launcher;
mod list;
mod markdown_view;
pub mod notices;
mod paint;
mod preview;
mod prompts;
mod renderer;
mod row;
mod screen;
mod screen_stack;
mod screens;
mod script_actions;
mod scripts_delegate;
mod session;
mod shell;
mod text_buffer;
mod text_input;
pub mod theme;
pub mod timing;
mod x11;

use std::os::unix::net::UnixListener;

use async_channel::Receiver;
use gpui::{App, AppContext, Context, Entity};

use crate::paths::Paths;
use crate::sources::{appearance, control, hotkey, portal_shortcuts, signals};
use crate::triggers::ToWindow;
use shell::{Outlets, Shell};

/// How the launcher was started.
pub struct Options {
    pub paths: Paths,
    /// Show the window at once (otherwise wait for the hotkey).
    pub show: bool,
    /// Read control commands from stdin.
    pub stdin_commands: bool,
}

/// Binds the default keys (`assets/default-keymap.json`; the user's keymap.json
/// goes on top when the shell starts). Called once, before any window opens (and
/// by tests).
pub fn init(cx: &mut App) {
    keymap::init(cx);
}

/// Runs the launcher until it quits. `socket` is the bound control socket.
pub fn run(options: Options, socket: UnixListener) {
    // Before any thread starts, so that only the signal thread receives them.
    signals::block();
    // Before gpui creates its Vulkan device (children never see them: child_env).
    renderer::prepare();
    gpui_platform::application().run(move |cx| start(options, socket, cx));
}

/// Hands every message of `channel` to `handle` on the shell, until the channel
/// closes (its producers are gone) or the shell is.
fn listen<T: 'static>(
    channel: Receiver<T>,
    shell: &Entity<Shell>,
    cx: &mut App,
    handle: fn(&mut Shell, T, &mut Context<Shell>),
) {
    let shell = shell.clone();
    cx.spawn(async move |cx| {
        while let Ok(message) = channel.recv().await {
            shell.update(cx, |shell, cx| handle(shell, message, cx));
        }
    })
    .detach();
}

fn start(options: Options, socket: UnixListener, cx: &mut App) {
    init(cx);

    // Channels: every one bounded, every producer on its own thread.
    let hotkeys = hotkey::channel().1.clone();
    let (appearance_tx, appearance_rx) = async_channel::bounded(4);
    let (control_tx, control_rx) = async_channel::bounded(control::CHANNEL_CAPACITY);
    let (changes_tx, changes_rx) = async_channel::bounded(1);
    let (apps_tx, apps_rx) = async_channel::bounded(1);
    let (window_tx, window_rx) = async_channel::bounded(4);
    let (copies_tx, copies_rx) = async_channel::bounded(clipboard::COPIES_CAPACITY);
    let (triggered_tx, triggered_rx) = async_channel::bounded::<ToWindow>(64);
    let notifications = skit_linux::notifications::start();
    let (portal_tx, portal_rx) = async_channel::bounded(portal_shortcuts::REPORT_CAPACITY);

    // Producers.
    appearance::watch(appearance_tx);
    control::serve(socket, control_tx.clone());
    if options.stdin_commands {
        control::read_stdin(control_tx.clone());
    }
    signals::forward_to(control_tx);

    // The window and the state around it (config, hotkeys, file watcher).
    let show = options.show;
    // (The clipboard watcher starts inside, with the config.)
    let shell = cx.new(|cx| {
        let outlets = Outlets {
            portal_reports: portal_tx,
            changes: changes_tx,
            apps_changed: apps_tx,
            window_events: window_tx,
            copies: copies_tx,
            triggered: triggered_tx,
        };
        Shell::new(options.paths, outlets, notifications, cx)
    });
    if show {
        shell.update(cx, |shell, cx| shell.show(cx));
    }

    // Listeners: each loops on its channel and ends when the channel closes.
    listen(hotkeys, &shell, cx, Shell::on_hotkey);
    listen(window_rx, &shell, cx, Shell::on_window_event);
    listen(appearance_rx, &shell, cx, Shell::on_appearance);
    listen(control_rx, &shell, cx, Shell::on_request);
    // Applications are read on a background thread, once at start and again when
    // their folders change; the next read waits for the last.
    let apps_shell = shell.clone();
    cx.spawn(async move |cx| {
        loop {
            apps_shell.update(cx, |shell, cx| shell.load_apps(cx)).await;
            if apps_rx.recv().await.is_err() {
                break;
            }
        }
    })
    .detach();
    // Copies are recorded on a background thread, one at a time.
    let recorder = shell.clone();
    cx.spawn(async move |cx| {
        while let Ok(copy) = copies_rx.recv().await {
            recorder
                .update(cx, |shell, cx| shell.record(copy, cx))
                .await;
        }
    })
    .detach();
    listen(triggered_rx, &shell, cx, Shell::on_triggered);
    listen(portal_rx, &shell, cx, Shell::on_portal_report);
    // Reloads read the disk on a background thread; the next waits for the last.
    cx.spawn(async move |cx| {
        while changes_rx.recv().await.is_ok() {
            shell.update(cx, |shell, cx| shell.reload(cx)).await;
        }
    })
    .detach();
}
