//! Desktop notifications, as the rest of skit holds them: a script's `notify`
//! while the launcher is hidden (always, for triggered runs that are not on
//! screen), with the script's name as the title. Not for anything shown inside
//! the launcher.
//!
//! [`Notifications`] never blocks: `send` only queues, and one thread hands each
//! notification to a [`Notifier`], the part that talks to the desktop (D-Bus, in
//! `skit_linux::notifications`). No desktop, or a full queue: a log line with the
//! notification's text, so nothing is lost; nothing panics.

use async_channel::{Sender, TrySendError};

/// Notifications waiting for the notifier's thread.
const QUEUE_CAPACITY: usize = 32;
/// The application name the desktop shows with each notification.
pub(crate) const APP_NAME: &str = "skit";

/// What shows a notification on the desktop. It may block (the notification
/// thread calls it); an error is logged with the notification's text.
pub trait Notifier: Send + 'static {
    fn notify(&self, app_name: &str, summary: &str, body: &str) -> Result<u32, String>;
}

/// One notification: the title (a script's name) and the text.
struct Note {
    title: String,
    body: String,
}

/// Shows desktop notifications from any thread, the UI thread included: `send`
/// only queues. Cheap to clone; the thread ends when the last clone is dropped.
#[derive(Clone)]
pub struct Notifications {
    queue: Option<Sender<Note>>,
}

impl Notifications {
    /// No desktop: every notification is only a log line.
    pub fn log_only() -> Notifications {
        Notifications { queue: None }
    }

    /// Notifications shown by `notifier`, on a thread of their own.
    pub fn spawn(notifier: impl Notifier) -> Notifications {
        let (queue, notes) = async_channel::bounded::<Note>(QUEUE_CAPACITY);
        let spawned = std::thread::Builder::new()
            .name("skit-notify".into())
            .spawn(move || {
                while let Ok(note) = notes.recv_blocking() {
                    if let Err(e) = notifier.notify(APP_NAME, &note.title, &note.body) {
                        tracing::warn!("{e}. The notification was: {}: {}", note.title, note.body);
                    }
                }
            });
        match spawned {
            Ok(_) => Notifications { queue: Some(queue) },
            Err(e) => {
                tracing::error!(
                    "cannot start the notification thread ({e}); notifications are logged"
                );
                Notifications::log_only()
            }
        }
    }

    /// Shows `body` with `title` on the desktop. Never blocks: when too many are
    /// waiting, or there is no desktop, it is logged instead.
    pub fn send(&self, title: &str, body: &str) {
        let note = Note {
            title: title.to_string(),
            body: body.to_string(),
        };
        let Some(queue) = &self.queue else {
            return tracing::info!("notification: {title}: {body}");
        };
        match queue.try_send(note) {
            Ok(()) => {}
            Err(TrySendError::Full(note) | TrySendError::Closed(note)) => tracing::warn!(
                "too many desktop notifications at once; not shown: {}: {}",
                note.title,
                note.body
            ),
        }
    }
}
