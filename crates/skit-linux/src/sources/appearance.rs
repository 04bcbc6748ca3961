//! Watches the desktop's light/dark preference through the XDG desktop portal
//! (`org.freedesktop.appearance color-scheme`, via `dark-light`).
//!
//! Sends the current preference once, then every change. Without a session bus or
//! a portal it logs one line and sends nothing: the app keeps its configured
//! fallback. It never polls: the thread blocks on the portal's signal stream.

use async_channel::Sender;
use dark_light::Mode;

/// The desktop's colour-scheme preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appearance {
    Light,
    Dark,
    /// The desktop states no preference.
    NoPreference,
}

impl From<Mode> for Appearance {
    fn from(mode: Mode) -> Self {
        match mode {
            Mode::Dark => Appearance::Dark,
            Mode::Light => Appearance::Light,
            Mode::Unspecified => Appearance::NoPreference,
        }
    }
}

/// Starts the watcher thread.
pub fn watch(changes: Sender<Appearance>) {
    let spawned = std::thread::Builder::new()
        .name("skit-appearance".into())
        .spawn(move || run(changes));
    if let Err(e) = spawned {
        tracing::error!("cannot start the appearance watcher: {e}");
    }
}

fn run(changes: Sender<Appearance>) {
    // Subscribe before reading the current value, so no change falls in between.
    let watcher = match dark_light::subscribe() {
        Ok(watcher) => watcher,
        Err(e) => {
            tracing::info!(
                "cannot follow the desktop's light/dark setting ({e}); \
                 is there a D-Bus session with an XDG desktop portal? Using the configured theme"
            );
            return;
        }
    };
    match dark_light::detect() {
        Ok(mode) => {
            if changes.send_blocking(mode.into()).is_err() {
                return;
            }
        }
        Err(e) => tracing::info!("cannot read the desktop's light/dark setting: {e}"),
    }
    for mode in watcher.iter() {
        if changes.send_blocking(mode.into()).is_err() {
            return; // the app is gone
        }
    }
}
