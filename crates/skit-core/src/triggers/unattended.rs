//! One triggered run while nobody watches it. A thread reads the run's events
//! and writes each to the script's run log (output, errors, notices, what it
//! asks, the exit with the end of stderr). What needs no window it does itself:
//! `notify` becomes a desktop notification with the script's name as title,
//! `open` opens, `hello` is answered. The first prompt (or `show`) hands the run
//! to the window ([`ToWindow::Asks`]), which from then on gets every event, still
//! logged here. The end of the run goes back to the host.
//!
//! The clipboard's text is not logged (it may be a password); neither are the
//! user's answers, which never pass through here.

use async_channel::Sender;

use super::host::{Asking, Input, ToWindow};
use crate::catalog::Script;
use crate::notifications::Notifications;
use crate::protocol::{Message, Reply};
use crate::run::{EVENT_CAPACITY, Run, RunEvent, RunExit, RunHandle, Trigger};
use crate::run_log::RunLog;

/// What the thread following one run needs.
pub(super) struct Unattended {
    pub(super) id: u64,
    pub(super) script: Script,
    pub(super) trigger: Trigger,
    pub(super) log: Option<RunLog>,
    pub(super) window: Sender<ToWindow>,
    pub(super) host: Sender<Input>,
    pub(super) notifications: Notifications,
}

impl Unattended {
    /// Follows `run` on its own thread until it ends.
    pub(super) fn follow(self, run: Run) -> std::io::Result<()> {
        let name = format!("skit-triggered-{}", self.id);
        std::thread::Builder::new()
            .name(name)
            .spawn(move || self.read(run))
            .map(|_| ())
    }

    fn read(self, run: Run) {
        let Run { events, handle } = run;
        // The window's copy of the events, once the run has asked something.
        let mut window: Option<Sender<RunEvent>> = None;
        while let Ok(event) = events.recv_blocking() {
            self.log_event(&event);
            if window.is_none() && wants_window(&event) {
                window = self.hand_over(&handle);
            }
            let exit = match &event {
                RunEvent::Exit(exit) => Some(exit.clone()),
                _ => None,
            };
            match &window {
                Some(to_window) => {
                    if to_window.send_blocking(event).is_err()
                        && exit.is_none()
                        && !handle.is_cancelled()
                    {
                        // The window let the run go (too many waiting, or quitting):
                        // nobody can answer it any more.
                        self.write("the window could not take it; stopped");
                        handle.cancel();
                    }
                }
                None => self.by_itself(event, &handle),
            }
            if let Some(exit) = exit {
                let _ = self.host.send_blocking(Input::Ended { id: self.id, exit });
                return;
            }
        }
    }

    /// Gives the run to the window; the channel its events go through from now.
    fn hand_over(&self, handle: &RunHandle) -> Option<Sender<RunEvent>> {
        let (to_window, events) = async_channel::bounded(EVENT_CAPACITY);
        let asking = Asking {
            script: self.script.clone(),
            trigger: self.trigger,
            run: Run {
                events,
                handle: handle.clone(),
            },
        };
        if self
            .window
            .send_blocking(ToWindow::Asks(Box::new(asking)))
            .is_ok()
        {
            return Some(to_window);
        }
        self.write("it asked something, but there is no window to ask in; stopped");
        handle.cancel();
        None
    }

    /// What a run without the window does with an event.
    fn by_itself(&self, event: RunEvent, handle: &RunHandle) {
        let RunEvent::Message { message, .. } = event else {
            return;
        };
        match message {
            Message::Notify { text } => self.notifications.send(&self.script.name, &text),
            Message::Copy { text } => {
                let _ = self.window.send_blocking(ToWindow::Copy(text));
            }
            Message::Open { target } => {
                if let Err(e) = crate::desktop::open(&target) {
                    self.write(&format!("cannot open {target}: {e}"));
                }
            }
            Message::Hello { .. } => handle.send(Reply::hello()),
            // The script is done with the window; it may still be exiting.
            Message::Exit { .. } => handle.close_stdin(),
            _ => {}
        }
    }

    /// Writes the log line(s) for one event.
    fn log_event(&self, event: &RunEvent) {
        match event {
            RunEvent::Output(line) => self.write(line),
            RunEvent::Error { line, message } => {
                self.write(&format!("error: line {line} of the output: {message}"))
            }
            RunEvent::Message { message, .. } => {
                if let Some(line) = message_line(message) {
                    self.write(&line);
                }
            }
            RunEvent::Exit(exit) => {
                if !exit.stderr.trim().is_empty() {
                    let stderr: String = exit
                        .stderr
                        .lines()
                        .map(|l| format!("stderr: {l}\n"))
                        .collect();
                    self.write(&stderr);
                }
                self.write(&exit_line(exit));
            }
        }
    }

    fn write(&self, text: &str) {
        if let Some(log) = &self.log
            && let Err(e) = log.append(text)
        {
            tracing::warn!("{e}");
        }
    }
}

/// Whether the event needs the window: a prompt, or `show`.
fn wants_window(event: &RunEvent) -> bool {
    matches!(event, RunEvent::Message { message, .. }
        if message.prompt_id().is_some() || matches!(message, Message::Show))
}

/// The log line for a message, if it deserves one.
fn message_line(message: &Message) -> Option<String> {
    Some(match message {
        Message::Notify { text } => format!("notify: {text}"),
        Message::Copy { text } => format!("copy: {} characters", text.chars().count()),
        Message::Open { target } => format!("open: {target}"),
        Message::Arg(arg) => format!(
            "asks: arg {}",
            arg.placeholder.as_deref().unwrap_or_default()
        ),
        Message::Div { .. } | Message::Fields { .. } | Message::Editor { .. } => {
            format!("asks: {}", message.kind())
        }
        Message::Show => "show".to_string(),
        Message::Hide => "hide".to_string(),
        _ => return None,
    })
}

/// How a run ended, for the log.
pub(crate) fn exit_line(exit: &RunExit) -> String {
    match (exit.cancelled, exit.code, exit.signal) {
        (true, _, _) => "── stopped ──".to_string(),
        (false, Some(code), _) => format!("── exited with code {code} ──"),
        (false, None, Some(signal)) => format!("── killed by signal {signal} ──"),
        (false, None, None) => "── ended ──".to_string(),
    }
}
