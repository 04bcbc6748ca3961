//! The clipboard around the launcher window, as the shell uses it: the history
//! and the watcher that feeds it (started, restarted when the config changes,
//! stopped when it is turned off), inserting text or an entry into the window the
//! user came from, and reading the selection for a script; and what the history
//! screen asks for ([`HistoryAction`]). Every call to the X
//! server, the compositor or the disk that may wait runs on a background task; the
//! watchers and skit's clipboard owners are threads blocked in the kernel until
//! something happens, so a hidden skit does no work.
//!
//! Which clipboard: on Wayland, the compositor's data control when it offers it
//! (`wayland_clipboard`: sway, Hyprland, KDE Plasma, niri); otherwise X11, which
//! on a Wayland desktop without data control (GNOME) is XWayland's clipboard.

use std::sync::Arc;

use async_channel::Sender;
use gpui::{App, AppContext, Task};

use crate::clipboard::copies::{Captured, WatchOptions};
use crate::clipboard::history::History;
use crate::clipboard::store::{Content, CopiedFiles, Limits};
use crate::clipboard::wayland_clipboard::{NO_VIRTUAL_KEYBOARD, WaylandClipboard};
use crate::clipboard::x11_paste::{Paste, PasteOptions};
use crate::clipboard::x11_watch::Watcher;
use crate::clipboard::{Delivery, Insert, Payload};
use crate::config::ClipboardConfig;
use crate::problem::Problem;

/// Whether the history records copies, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Recording {
    Off,
    On,
    /// On a Wayland desktop without data control (GNOME): the X11 clipboard of
    /// XWayland, which sees what X11 apps copy, and Wayland apps' copies only as
    /// the compositor passes them on.
    ThroughXWayland,
}

/// Copies captured by the watcher, waiting to be recorded.
pub(crate) const COPIES_CAPACITY: usize = 16;

pub(crate) struct ClipboardService {
    config: ClipboardConfig,
    /// `None` when the history file cannot be opened at all.
    history: Option<Arc<History>>,
    /// X11: running while the history is enabled (and there is an X server).
    watcher: Option<Watcher>,
    /// X11: `None` without an X server, or with `wayland`.
    paste: Option<Arc<Paste>>,
    /// Wayland data control, where the compositor offers it: the history, pasting,
    /// typing and the selection all go through it.
    wayland: Option<Arc<WaylandClipboard>>,
    /// The Wayland clipboard is recording.
    wayland_watching: bool,
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
        let copies_for_wayland = copies.clone();
        let wayland = history.as_ref().and_then(|history| {
            std::env::var_os("WAYLAND_DISPLAY")?;
            match WaylandClipboard::start(history.paused_flag(), copies_for_wayland) {
                Ok(wayland) => {
                    tracing::info!("clipboard: Wayland data control ({})", wayland.protocol);
                    Some(Arc::new(wayland))
                }
                Err(e) => {
                    tracing::info!("clipboard: {e}; using the X11 clipboard (XWayland)");
                    None
                }
            }
        });
        let paste = if wayland.is_none() && std::env::var_os("DISPLAY").is_some() {
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
            wayland,
            wayland_watching: false,
            copies,
        };
        problems.extend(service.start_watcher());
        (service, problems)
    }

    fn start_watcher(&mut self) -> Option<Problem> {
        // Dropping a watcher tells its thread to stop; it never blocks the caller.
        self.watcher = None;
        let history = self.history.as_ref()?;
        if let Some(wayland) = &self.wayland {
            let options = self.config.enabled.then(|| self.watch_options());
            self.wayland_watching = options.is_some();
            return wayland.watch(options).err().map(Problem::new);
        }
        if !self.config.enabled || std::env::var_os("DISPLAY").is_none() {
            return None;
        }
        match Watcher::start(
            self.watch_options(),
            history.paused_flag(),
            self.copies.clone(),
        ) {
            Ok(watcher) => {
                self.watcher = Some(watcher);
                None
            }
            Err(e) => Some(Problem::new(e)),
        }
    }

    fn watch_options(&self) -> WatchOptions {
        WatchOptions {
            record_primary: self.config.record_primary,
            ignore_apps: self.config.ignore_apps.clone(),
            max_text_bytes: self.config.max_bytes.text,
            max_image_bytes: self.config.max_bytes.image,
            ..WatchOptions::default()
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

    /// Whether copies are being recorded (enabled, watching, not paused), and
    /// through what.
    pub(crate) fn recording(&self) -> Recording {
        let watching = self.watcher.is_some() || self.wayland_watching;
        if !watching || self.history.as_ref().is_none_or(|h| h.is_paused()) {
            Recording::Off
        } else if self.watcher.is_some() && std::env::var_os("WAYLAND_DISPLAY").is_some() {
            Recording::ThroughXWayland
        } else {
            Recording::On
        }
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

    /// Puts `insert` into window `target` (X11; on Wayland the focused window) or
    /// onto the clipboard. `Err` says what went wrong and where the text is.
    pub(crate) fn insert(
        &self,
        insert: Insert,
        target: Option<u32>,
        cx: &App,
    ) -> Task<Result<(), String>> {
        let history = self.history.clone();
        let terminals = self.config.terminal_classes.clone();
        let (wayland, paste) = (self.wayland.clone(), self.paste.clone());
        cx.background_spawn(async move {
            // A snippet's `{cursor}`: Left presses once it is in.
            let back = match &insert.payload {
                Payload::Snippet(_, back) if insert.delivery != Delivery::Copy => *back,
                _ => 0,
            };
            let content = match insert.payload {
                Payload::Text(text) | Payload::Snippet(text, _) => Content::Text(text),
                Payload::Entry(id) => history
                    .ok_or("The clipboard history is not available.")?
                    .content(id)?
                    .ok_or("That entry is no longer in the clipboard history.")?,
            };
            let secret = insert.secret;
            if let Some(wayland) = wayland {
                insert_on_wayland(&wayland, content, secret, insert.delivery, &terminals)?;
                return match back {
                    0 => Ok(()),
                    back => wayland.press_left(back),
                };
            }
            let Some(paste) = paste else {
                return Err(
                    "Pasting into other apps needs an X11 session or a Wayland compositor with \
                     data control (see skit doctor)."
                        .into(),
                );
            };
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
                    match back {
                        0 => Ok(()),
                        back => paste.press_left(target, back),
                    }
                }
                (Delivery::Type, Some(target)) => match content {
                    Content::Text(text) => {
                        paste.type_text(target, &text)?;
                        match back {
                            0 => Ok(()),
                            back => paste.press_left(target, back),
                        }
                    }
                    Content::Png(_) => Err("An image cannot be typed; paste it instead.".into()),
                    Content::Files(_) => Err("Files cannot be typed; paste them instead.".into()),
                },
            }
        })
    }

    /// Puts `paths` on the clipboard as a file manager copies files (Copy File),
    /// served by skit until another program copies something.
    pub(crate) fn copy_files(
        &self,
        paths: Vec<std::path::PathBuf>,
        cx: &App,
    ) -> Task<Result<(), String>> {
        let content = Content::Files(CopiedFiles::new(&paths));
        if let Some(wayland) = self.wayland.clone() {
            return cx.background_spawn(async move { wayland.copy(content, false) });
        }
        if let Some(paste) = self.paste.clone() {
            return cx.background_spawn(async move { paste.copy(content, false) });
        }
        Task::ready(Err(
            "Copy File needs skit's own clipboard: an X11 display, or a Wayland compositor \
             with data control (with the clipboard history on). Copy Path works everywhere."
                .into(),
        ))
    }

    /// The PRIMARY selection's text, `None` when nothing is selected.
    pub(crate) fn selection(&self, cx: &App) -> Task<Option<String>> {
        if let Some(wayland) = self.wayland.clone() {
            return cx.background_spawn(async move { wayland.primary_text() });
        }
        let Some(paste) = self.paste.clone() else {
            return Task::ready(None);
        };
        cx.background_spawn(async move { paste.primary_text() })
    }
}

/// Pastes, types or copies through Wayland data control, into the focused window.
/// Without a virtual keyboard the content stays on the clipboard, and the error
/// says so.
fn insert_on_wayland(
    wayland: &WaylandClipboard,
    content: Content,
    secret: bool,
    delivery: Delivery,
    terminals: &[String],
) -> Result<(), String> {
    match (delivery, content) {
        (Delivery::Copy, content) => wayland.copy(content, secret),
        (Delivery::Type, Content::Png(_)) => {
            Err("An image cannot be typed; paste it instead.".into())
        }
        (Delivery::Type, Content::Files(_)) => {
            Err("Files cannot be typed; paste them instead.".into())
        }
        (Delivery::Type, Content::Text(text)) => match wayland.type_text(&text) {
            Err(e) if e == NO_VIRTUAL_KEYBOARD => {
                wayland.copy(Content::Text(text), secret)?;
                Err(format!("{e} It is on the clipboard: paste it with Ctrl+V."))
            }
            result => {
                tracing::debug!("typed {} characters: {result:?}", text.chars().count());
                result
            }
        },
        (Delivery::Paste, content) => {
            let report = wayland.paste(content, secret, terminals)?;
            if !report.target_read {
                tracing::warn!("the window did not read the pasted text in time");
            }
            tracing::debug!("pasted: {report:?}");
            Ok(())
        }
    }
}

/// What the clipboard history screen (or its actions menu) asks of the launcher
/// and the shell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum HistoryAction {
    /// Paste, type or copy an entry (the shell does it).
    Insert(Insert),
    Pin(i64, bool),
    Delete(i64),
    SetPaused(bool),
    Clear,
}
