//! Inline Raycast script commands (`@raycast.mode inline`): the first line each
//! prints is its row's subtitle in the list, refreshed while the launcher is
//! visible. Core's `InlineClock` says when (a thread with no timer while the
//! launcher is hidden); here each due script runs without a window, one run per
//! script at a time, and the runs still going when the launcher hides are
//! stopped, so a hidden skit does no work.

use std::collections::HashMap;
use std::path::PathBuf;

use gpui::{AppContext, Context, Task};

use super::Launcher;
use crate::catalog::Script;
use crate::raycast::ansi;
use crate::raycast::inline::InlineClock;
use crate::run::{self, Invocation, RunContext, RunEvent, RunHandle, Trigger};

/// The inline scripts' refreshes.
pub(super) struct Inline {
    clock: InlineClock,
    /// Runs going, by script.
    running: HashMap<PathBuf, RunHandle>,
    _listener: Task<()>,
}

impl Inline {
    /// Starts the clock (hidden) with `scripts`; its refreshes run as the
    /// launcher's.
    pub(super) fn new(scripts: &[Script], cx: &mut Context<Launcher>) -> Inline {
        let (clock, due) = InlineClock::start();
        clock.set_scripts(scripts);
        let listener = cx.spawn(async move |this, cx| {
            while let Ok(paths) = due.recv().await {
                let refreshed = this.update(cx, |launcher, cx| {
                    for path in paths {
                        launcher.refresh_inline(path, cx);
                    }
                });
                if refreshed.is_err() {
                    break;
                }
            }
        });
        Inline {
            clock,
            running: HashMap::new(),
            _listener: listener,
        }
    }

    pub(super) fn set_scripts(&self, scripts: &[Script]) {
        self.clock.set_scripts(scripts);
    }

    /// The launcher was shown or hidden: hidden, the runs going are stopped.
    pub(super) fn set_visible(&mut self, visible: bool) {
        self.clock.set_visible(visible);
        if !visible {
            for (_, handle) in self.running.drain() {
                handle.cancel();
            }
        }
    }
}

impl Launcher {
    /// Runs the inline script at `path` (unless it is still running from the
    /// last refresh); its first line of output becomes the row's subtitle.
    fn refresh_inline(&mut self, path: PathBuf, cx: &mut Context<Self>) {
        if self.inline.running.contains_key(&path) {
            return;
        }
        let context: &RunContext = &self.context;
        let run = match run::start_with(&path, context, &Invocation::new(Trigger::Launcher)) {
            Ok(run) => run,
            Err(e) => {
                tracing::warn!("inline script: {e}");
                return self.set_inline_subtitle(path, Some(e.message), cx);
            }
        };
        self.inline.running.insert(path.clone(), run.handle.clone());
        let events = run.events;
        let handle = run.handle;
        let first_line = cx.background_spawn(async move {
            let mut first = None;
            while let Ok(event) = events.recv().await {
                match event {
                    RunEvent::Output(line) if first.is_none() => {
                        first = Some(ansi::strip(&line));
                    }
                    // An inline script has nobody to ask.
                    RunEvent::Message { .. } => handle.close_stdin(),
                    RunEvent::Exit(exit) => {
                        if exit.failed() && first.is_none() {
                            first = exit.stderr.lines().last().map(str::to_string);
                        }
                        break;
                    }
                    _ => {}
                }
            }
            first
        });
        cx.spawn(async move |this, cx| {
            let first = first_line.await;
            let _ = this.update(cx, |launcher, cx| {
                launcher.inline.running.remove(&path);
                launcher.set_inline_subtitle(path, first, cx);
            });
        })
        .detach();
    }

    /// Shows `text` under the row of the inline script at `path`.
    pub(super) fn set_inline_subtitle(
        &mut self,
        path: PathBuf,
        text: Option<String>,
        cx: &mut Context<Self>,
    ) {
        self.scripts
            .update(cx, |screen, cx| screen.set_subtitle(path, text, cx));
    }
}
