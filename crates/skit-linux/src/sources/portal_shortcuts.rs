//! Global shortcuts through the desktop's `org.freedesktop.portal.GlobalShortcuts`
//! (KDE Plasma, GNOME 48+, Hyprland): the way a Wayland session lets a program
//! have a hotkey. A thread of its own talks to the portal (ashpd, on the session
//! bus): it binds the launcher hotkey, the clipboard history's and every script's
//! `Shortcut:` in one session (the desktop asks the user to confirm them the first
//! time, and may let them pick other keys), and turns the portal's `Activated`
//! signals into presses on the same bounded hotkey channel the X11 grab uses.
//! A new set of shortcuts (config or scripts changed) replaces the session.
//! What happened is reported on a bounded channel for the shell to show.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ashpd::desktop::Session;
use ashpd::desktop::global_shortcuts::{GlobalShortcuts, NewShortcut};
use async_channel::{Receiver, Sender, TrySendError};
use futures::{FutureExt, StreamExt};

use super::hotkey::{self, HotkeyId};

/// Reports waiting for the shell.
pub const REPORT_CAPACITY: usize = 4;

/// One shortcut to bind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalShortcut {
    /// What the press is delivered as.
    pub id: HotkeyId,
    /// The portal's id of it: stable, so the desktop remembers the user's choice.
    pub name: String,
    /// What the desktop shows the user.
    pub description: String,
    /// The key skit would like (XDG shortcuts syntax, `CTRL+ALT+space`); the
    /// desktop decides.
    pub trigger: Option<String>,
}

/// What the portal thread tells the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortalReport {
    /// The session has no GlobalShortcuts portal (or no session bus): the
    /// desktop's own keybinding is the way.
    Unavailable(String),
    /// The shortcuts are bound: each portal id with the keys the desktop gave it
    /// (empty when the user has not assigned one).
    Bound(Vec<(String, String)>),
    /// Binding failed (the user refused, the portal erred).
    Failed(String),
}

/// The newest set of shortcuts to bind, and a wake-up for the thread: setting a
/// new set replaces one the thread has not taken yet, so nothing piles up.
#[derive(Default)]
struct Wanted {
    shortcuts: Mutex<Option<Vec<PortalShortcut>>>,
}

/// The handle of the portal thread.
pub struct PortalShortcuts {
    wanted: Arc<Wanted>,
    wake: Sender<()>,
}

impl PortalShortcuts {
    /// Starts the thread; it reports on `reports`.
    pub fn start(reports: Sender<PortalReport>) -> Result<PortalShortcuts, String> {
        let wanted = Arc::new(Wanted::default());
        let (wake, woken) = async_channel::bounded(1);
        let for_thread = wanted.clone();
        std::thread::Builder::new()
            .name("skit-portal-shortcuts".into())
            .spawn(move || futures::executor::block_on(serve(for_thread, woken, reports)))
            .map_err(|e| format!("cannot start the shortcuts portal thread: {e}"))?;
        Ok(PortalShortcuts { wanted, wake })
    }

    /// Binds `shortcuts`, replacing what was bound (or still waiting to be).
    pub fn bind(&self, shortcuts: Vec<PortalShortcut>) {
        *self
            .wanted
            .shortcuts
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(shortcuts);
        // Full: the thread has a wake-up pending and will take the newest set.
        let _ = self.wake.try_send(());
    }
}

/// Reports without waiting: a full channel means the shell has not read the last
/// ones, and the newest state will be reported again.
fn report(reports: &Sender<PortalReport>, report: PortalReport) {
    if let Err(TrySendError::Full(report)) = reports.try_send(report) {
        tracing::warn!("shortcuts portal: a report was dropped: {report:?}");
    }
}

async fn serve(wanted: Arc<Wanted>, woken: Receiver<()>, reports: Sender<PortalReport>) {
    if let Err(why) = offered().await {
        return report(&reports, PortalReport::Unavailable(why));
    }
    let portal = match GlobalShortcuts::new().await {
        Ok(portal) => portal,
        Err(e) => return report(&reports, PortalReport::Unavailable(e.to_string())),
    };
    let mut activated = match portal.receive_activated().await {
        Ok(stream) => stream.fuse(),
        Err(e) => return report(&reports, PortalReport::Unavailable(e.to_string())),
    };
    tracing::info!("the GlobalShortcuts portal is there; binding shortcuts through it");
    let mut session: Option<Session<'_, GlobalShortcuts<'_>>> = None;
    let mut ids: HashMap<String, HotkeyId> = HashMap::new();
    loop {
        futures::select! {
            wake = woken.recv().fuse() => {
                if wake.is_err() {
                    break;
                }
                let taken = wanted.shortcuts.lock().unwrap_or_else(|e| e.into_inner()).take();
                let Some(shortcuts) = taken else { continue };
                if let Some(old) = session.take() {
                    let _ = old.close().await;
                }
                ids = shortcuts.iter().map(|s| (s.name.clone(), s.id)).collect();
                match bind(&portal, &shortcuts).await {
                    Ok((new_session, bound)) => {
                        session = Some(new_session);
                        report(&reports, PortalReport::Bound(bound));
                    }
                    Err(e) => report(&reports, PortalReport::Failed(e)),
                }
            }
            signal = activated.next() => {
                let Some(signal) = signal else { break };
                tracing::debug!("the shortcuts portal says {} was pressed", signal.shortcut_id());
                let Some(&id) = ids.get(signal.shortcut_id()) else { continue };
                let press = hotkey::Press { id, activation_token: activation_token(signal.options()) };
                match hotkey::channel().0.try_send(press) {
                    Ok(()) => {}
                    Err(TrySendError::Full(_)) => tracing::warn!("hotkey presses are piling up; one was dropped"),
                    Err(TrySendError::Closed(_)) => break,
                }
            }
        }
    }
    if let Some(session) = session {
        let _ = session.close().await;
    }
}

/// The `activation_token` option of an `Activated` signal (xdg-desktop-portal
/// 1.19 and later send one where the desktop can make it).
fn activation_token(options: &HashMap<String, zbus::zvariant::OwnedValue>) -> Option<String> {
    let value = options.get("activation_token")?;
    String::try_from(value.try_clone().ok()?)
        .ok()
        .filter(|token| !token.is_empty())
}

/// Whether the session bus has a desktop portal with GlobalShortcuts (asking an
/// absent portal would only fail later, and look like an error).
async fn offered() -> Result<(), String> {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let connection = zbus::Connection::session()
        .await
        .map_err(|e| format!("no session D-Bus: {e}"))?;
    let introspected = async {
        zbus::fdo::IntrospectableProxy::builder(&connection)
            .destination(PORTAL)?
            .path("/org/freedesktop/portal/desktop")?
            .build()
            .await?
            .introspect()
            .await
            .map_err(zbus::Error::from)
    };
    let xml = introspected
        .await
        .map_err(|e| format!("no desktop portal on the session bus: {e}"))?;
    if xml.contains("\"org.freedesktop.portal.GlobalShortcuts\"") {
        Ok(())
    } else {
        Err("the desktop portal has no GlobalShortcuts".into())
    }
}

/// A new session with `shortcuts` bound; returns it and what the desktop bound.
async fn bind<'a>(
    portal: &GlobalShortcuts<'a>,
    shortcuts: &[PortalShortcut],
) -> Result<(Session<'a, GlobalShortcuts<'a>>, Vec<(String, String)>), String> {
    let session = portal
        .create_session()
        .await
        .map_err(|e| format!("the shortcuts portal cannot start a session: {e}"))?;
    let new: Vec<NewShortcut> = shortcuts
        .iter()
        .map(|s| {
            NewShortcut::new(s.name.clone(), s.description.clone())
                .preferred_trigger(s.trigger.as_deref())
        })
        .collect();
    let response = portal
        .bind_shortcuts(&session, &new, None)
        .await
        .and_then(|request| request.response())
        .map_err(|e| format!("the shortcuts were not bound: {e}"))?;
    let bound = response
        .shortcuts()
        .iter()
        .map(|s| (s.id().to_string(), s.trigger_description().to_string()))
        .collect();
    Ok((session, bound))
}
