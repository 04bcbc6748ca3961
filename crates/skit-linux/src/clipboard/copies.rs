//! What a clipboard watcher (X11's `x11_watch`, Wayland's `wayland_clipboard`)
//! is asked to watch, what it hands the history for each copy ([`Captured`]), and
//! what became of each change of the clipboard ([`Outcome`], logged the same way
//! on both). No reading of selections here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_channel::{Sender, TrySendError};

use super::store::Kind;
use skit_core::config::DEFAULT_IGNORED_APPS;

/// One copy to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    pub kind: Kind,
    /// UTF-8 text or PNG bytes.
    pub bytes: Vec<u8>,
    /// WM_CLASS class (or process name) of the app that copied it; `None` on
    /// Wayland, which does not say.
    pub source_app: Option<String>,
}

/// What to watch and what to leave alone.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// X display name; `None` for `$DISPLAY` (X11 only).
    pub display: Option<String>,
    /// Also record PRIMARY (`clipboard.recordPrimary`).
    pub record_primary: bool,
    /// Apps never recorded (`clipboard.ignoreApps`), case-insensitive. X11 only:
    /// Wayland's data control does not say which app copied.
    pub ignore_apps: Vec<String>,
    pub max_text_bytes: usize,
    pub max_image_bytes: usize,
    /// How long an owner may take to answer (each INCR chunk gets this again).
    pub timeout: Duration,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            display: None,
            record_primary: false,
            ignore_apps: DEFAULT_IGNORED_APPS.iter().map(|s| s.to_string()).collect(),
            max_text_bytes: 1024 * 1024,
            max_image_bytes: 10 * 1024 * 1024,
            timeout: Duration::from_secs(2),
        }
    }
}

/// What became of one change of the clipboard. Logged; tests look at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Recorded {
        kind: Kind,
        size: usize,
    },
    Paused,
    /// The selection was cleared (its owner quit).
    NoOwner,
    OwnedBySkit,
    IgnoredApp(String),
    Concealed,
    /// No text or PNG target, empty text, or the owner refused or timed out.
    NothingUsable,
    TooLarge(usize),
    ChannelFull,
    ChannelClosed,
}

/// The end of every capture: nothing empty or over `max` bytes, nothing once
/// paused (pausing while the content was read still wins), else the copy on its
/// way to the history.
pub(crate) fn hand_over(
    captured: Captured,
    max: usize,
    paused: &AtomicBool,
    sender: &Sender<Captured>,
) -> Outcome {
    let (kind, size) = (captured.kind, captured.bytes.len());
    if size == 0 {
        return Outcome::NothingUsable;
    }
    if size > max {
        return Outcome::TooLarge(size);
    }
    if paused.load(Ordering::SeqCst) {
        return Outcome::Paused;
    }
    match sender.try_send(captured) {
        Ok(()) => Outcome::Recorded { kind, size },
        Err(TrySendError::Full(_)) => Outcome::ChannelFull,
        Err(TrySendError::Closed(_)) => Outcome::ChannelClosed,
    }
}

impl Outcome {
    /// One line in the log: apps and sizes, never content.
    pub(crate) fn log(&self) {
        match self {
            Outcome::Recorded { kind, size } => {
                tracing::debug!("clipboard: recorded {} ({size} bytes)", kind.as_str())
            }
            Outcome::IgnoredApp(app) => {
                tracing::info!("clipboard: not recording a copy from {app} (an ignored app)")
            }
            Outcome::Concealed => {
                tracing::info!("clipboard: not recording a copy marked as a secret")
            }
            Outcome::TooLarge(size) => tracing::info!(
                "clipboard: not recording a copy of at least {size} bytes (over the size limit)"
            ),
            Outcome::ChannelFull => tracing::warn!(
                "clipboard: the history is not keeping up with copies; a copy was not recorded"
            ),
            _ => tracing::debug!("clipboard: nothing recorded ({self:?})"),
        }
    }
}
