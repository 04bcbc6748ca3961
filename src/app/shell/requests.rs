//! The answers to control commands (`skit show`, `toggle`, `run`, `dmenu`,
//! `state`...), from the socket or `--stdin-commands`: each [`Request`] is
//! carried out here and answered with a typed [`Reply`].

use std::path::PathBuf;

use gpui::{App, Context};

use super::Shell;
use crate::app::x11::WindowControl;
use crate::builtins;
use crate::control::{Command, HotkeyState, Reply, State};
use crate::run::{Invocation, Trigger};
use crate::sources::control::Request;

impl Shell {
    pub(crate) fn on_request(&mut self, request: Request, cx: &mut Context<Self>) {
        let token = request.activation_token;
        let reply = match request.command {
            Command::Show => {
                self.show_with(false, token, cx);
                Reply::done()
            }
            Command::Hide => {
                self.hide(cx);
                Reply::done()
            }
            Command::Toggle => {
                self.toggle(token, cx);
                Reply::done()
            }
            Command::State => Reply::state(self.state(cx)),
            #[cfg(debug_assertions)]
            Command::TestPanic => panic!("a test panic, asked for over the control socket"),
            Command::Run { name, path, args } => self.run_request(name, path, args, token, cx),
            Command::Dmenu { args } => {
                let mut options = match crate::dmenu::parse_args(&args) {
                    Ok(options) => options,
                    Err(e) => {
                        let _ = request.reply.try_send(Reply::failed(e.to_string()));
                        return;
                    }
                };
                options.skit_ranking =
                    self.config.dmenu.matching == crate::config::DmenuMatching::Skit;
                options.frecency_file = Some(self.paths.dmenu_frecency_file());
                let rows = request.rows.unwrap_or_else(|| async_channel::bounded(1).1);
                let reply = request.reply;
                self.show(cx);
                let _ = self.window.update(cx, |launcher, window, cx| {
                    launcher.dmenu(options, rows, reply, window, cx)
                });
                return;
            }
            Command::Quit => {
                let _ = request.reply.try_send(Reply::done());
                self.quit(cx);
                return;
            }
        };
        // The client may have gone; nothing to do then.
        let _ = request.reply.try_send(reply);
    }

    fn run_request(
        &mut self,
        name: Option<String>,
        path: Option<PathBuf>,
        args: Vec<String>,
        token: Option<String>,
        cx: &mut Context<Self>,
    ) -> Reply {
        let path = match (path, name) {
            (Some(path), _) => path,
            (None, Some(name)) => {
                let found = self
                    .launcher
                    .read(cx)
                    .find_script(&name, cx)
                    .map(|s| s.path);
                match found {
                    Some(path) => path,
                    None => {
                        return Reply::failed(format!("no script named {name:?}"));
                    }
                }
            }
            (None, None) => return Reply::failed("run needs a name or a path"),
        };
        // A built-in screen is there to be seen: on a hidden launcher it shows with
        // the window, as its hotkey shows it.
        if !self.visible && path.as_os_str() == builtins::CLIPBOARD_HISTORY {
            self.show_with(true, token, cx);
            return Reply::done();
        }
        if !self.visible && skit_core::desktop_commands::is_desktop_command(&path) {
            self.show_with(false, token, cx);
        }
        let invocation = Invocation::with_args(Trigger::Cli, args);
        let _ = self.window.update(cx, |launcher, window, cx| {
            launcher.run_path(&path, invocation, window, cx)
        });
        Reply::done()
    }

    /// The window's state for `skit state`.
    pub(crate) fn state(&self, cx: &App) -> State {
        let path = serde_json::to_value(self.hotkey_path.0)
            .ok()
            .and_then(|path| path.as_str().map(str::to_string))
            .unwrap_or_default();
        State {
            visible: self.visible,
            pid: std::process::id(),
            backend: cx.compositor_name().to_lowercase(),
            surface: self.surface.to_string(),
            hotkey: HotkeyState {
                path,
                detail: self.hotkey_path.1.clone(),
            },
            mapped: self.control.as_ref().map(WindowControl::is_viewable),
            ..self.launcher.read(cx).state(cx)
        }
    }
}
