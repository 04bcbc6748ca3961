//! The clipboard around the launcher window, as the shell uses it: the history
//! and the watcher that feeds it (started, restarted when the config changes,
//! stopped when it is turned off), inserting text or an entry into the window the
//! user came from, and reading the selection for a script. Every call to the X
//! server or the disk that may wait runs on a background task; the watcher and
//! skit's clipboard owner are threads blocked in the kernel until something
//! happens, so a hidden skit does no work.

use std::sync::Arc;

use async_channel::Sender;
use gpui::{App, AppContext, Task};

use crate::clipboard::history::History;
use crate::clipboard::store::{Content, Limits};
use crate::clipboard::x11_paste::{Paste, PasteOptions};
use crate::clipboard::x11_watch::{Captured, WatchOptions, Watcher};
use crate::clipboard::{Delivery, Insert, Payload};
use crate::config::ClipboardConfig;
use crate::problem::Problem;

/// Copies captured by the watcher, waiting to be recorded.
pub(crate) const COPIES_CAPACITY: usize = 16;

pub(crate) struct ClipboardService {
    config: ClipboardConfig,
    /// `None` when the history file cannot be opened at all.
    history: Option<Arc<History>>,
    /// Running while the history is enabled (and there is an X server).
    watcher: Option<Watcher>,
    /// `None` without an X server.
    paste: Option<Arc<Paste>>,
    /// Where the watcher sends copies (the app records them).
    copies: Sender<Captured>,
}

fn limits(config: &ClipboardConfig) -> Limits {
    Limits {
        max_entries: config.max_entries,
        max_text_bytes: config.max_bytes.text,
        max_image_bytes: config.max_bytes.image,
    }
}

impl ClipboardService {
    /// Opens the history at `path` and starts watching when the config says so.
    /// Problems (a corrupt history moved aside, no X server) are returned for the
    /// window; skit runs on without what failed.
    pub(crate) fn start(
        path: &std::path::Path,
        config: &ClipboardConfig,
        copies: Sender<Captured>,
    ) -> (ClipboardService, Vec<Problem>) {
        let mut problems = Vec::new();
        let history = match History::open(path, limits(config)) {
            Ok((history, notice)) => {
                problems.extend(notice.map(Problem::new));
                Some(Arc::new(history))
            }
            Err(e) => {
                problems.push(Problem::new(format!("{e} Clipboard history is off.")));
                None
            }
        };
        let paste = if std::env::var_os("DISPLAY").is_some() {
            match Paste::start(PasteOptions::default()) {
                Ok(paste) => Some(Arc::new(paste)),
                Err(e) => {
                    problems.push(Problem::new(format!("{e} Pasting into apps is off.")));
                    None
                }
            }
        } else {
            None
        };
        let mut service = ClipboardService {
            config: config.clone(),
            history,
            watcher: None,
            paste,
            copies,
        };
        problems.extend(service.start_watcher());
        (service, problems)
    }

    fn start_watcher(&mut self) -> Option<Problem> {
        // Dropping a watcher tells its thread to stop; it never blocks the caller.
        self.watcher = None;
        let history = self.history.as_ref()?;
        if !self.config.enabled || std::env::var_os("DISPLAY").is_none() {
            return None;
        }
        let options = WatchOptions {
            record_primary: self.config.record_primary,
            ignore_apps: self.config.ignore_apps.clone(),
            max_text_bytes: self.config.max_bytes.text,
            max_image_bytes: self.config.max_bytes.image,
            ..WatchOptions::default()
        };
        match Watcher::start(options, history.paused_flag(), self.copies.clone()) {
            Ok(watcher) => {
                self.watcher = Some(watcher);
                None
            }
            Err(e) => Some(Problem::new(e)),
        }
    }

    /// Takes a changed config: new limits at once, and the watcher restarted when
    /// what it watches changed.
    pub(crate) fn apply(&mut self, config: &ClipboardConfig) -> Option<Problem> {
        if *config == self.config {
            return None;
        }
        let rewatch = config.enabled != self.config.enabled
            || config.record_primary != self.config.record_primary
            || config.ignore_apps != self.config.ignore_apps
            || config.max_bytes != self.config.max_bytes;
        self.config = config.clone();
        if let Some(history) = &self.history {
            history.set_limits(limits(config));
        }
        if rewatch { self.start_watcher() } else { None }
    }

    pub(crate) fn history(&self) -> Option<Arc<History>> {
        self.history.clone()
    }

    /// Whether copies are being recorded (enabled, watching, not paused).
    pub(crate) fn is_recording(&self) -> bool {
        self.watcher.is_some() && self.history.as_ref().is_some_and(|h| !h.is_paused())
    }

    /// Records a copy the watcher captured, on a background thread. A failure
    /// (a full disk) comes back as a notice for the window: the copy is not kept,
    /// and the user should know before relying on it. It names the error, never
    /// the content.
    pub(crate) fn record(&self, captured: Captured, cx: &App) -> Task<Option<String>> {
        let Some(history) = self.history.clone() else {
            return Task::ready(None);
        };
        cx.background_spawn(async move {
            match history.record(captured) {
                Ok(outcome) => {
                    tracing::debug!("clipboard history: {outcome:?}");
                    None
                }
                Err(e) => Some(format!(
                    "Cannot record a copy in the clipboard history ({e}); \
                     what it already holds is kept."
                )),
            }
        })
    }

    /// Puts `insert` into window `target` (or onto the clipboard). `Err` says what
    /// went wrong and where the text is.
    pub(crate) fn insert(
        &self,
        insert: Insert,
        target: Option<u32>,
        cx: &App,
    ) -> Task<Result<(), String>> {
        let Some(paste) = self.paste.clone() else {
            return Task::ready(Err(
                "Pasting into other apps needs an X11 session (DISPLAY is not set).".into(),
            ));
        };
        let history = self.history.clone();
        let terminals = self.config.terminal_classes.clone();
        cx.background_spawn(async move {
            let content = match insert.payload {
                Payload::Text(text) => Content::Text(text),
                Payload::Entry(id) => history
                    .ok_or("The clipboard history is not available.")?
                    .content(id)?
                    .ok_or("That entry is no longer in the clipboard history.")?,
            };
            let secret = insert.secret;
            match (insert.delivery, target) {
                (Delivery::Copy, _) => paste.copy(content, secret),
                (_, None) => {
                    paste.copy(content, secret)?;
                    Err(
                        "There was no window to paste into; it is on the clipboard: \
                         paste it with Ctrl+V."
                            .into(),
                    )
                }
                (Delivery::Paste, Some(target)) => {
                    let report = paste.run(target, content, secret, &terminals)?;
                    if !report.target_read {
                        tracing::warn!("the window did not read the pasted text in time");
                    }
                    tracing::debug!("pasted: {report:?}");
                    Ok(())
                }
                (Delivery::Type, Some(target)) => match content {
                    Content::Text(text) => paste.type_text(target, &text),
                    Content::Png(_) => Err("An image cannot be typed; paste it instead.".into()),
                },
            }
        })
    }

    /// The PRIMARY selection's text, `None` when nothing is selected.
    pub(crate) fn selection(&self, cx: &App) -> Task<Option<String>> {
        let Some(paste) = self.paste.clone() else {
            return Task::ready(None);
        };
        cx.background_spawn(async move { paste.primary_text() })
    }
}
