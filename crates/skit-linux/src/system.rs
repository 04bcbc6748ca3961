//! The system commands (Lock Screen, Suspend, Hibernate, Log Out, Restart, Shut
//! Down) through logind (`org.freedesktop.login1`) on the system bus: the
//! Manager's `CanSuspend`… say which are offered ("yes", or "challenge" when
//! polkit would ask for a password), `Suspend`/`Hibernate`/`Reboot`/`PowerOff`
//! do them; this session (`/org/freedesktop/login1/session/auto`) is locked with
//! `Session.Lock` and ended with `Session.Terminate`. The calls block (at most
//! [`CALL_TIMEOUT`] each): callers run them off the UI thread.
//!
//! `SKIT_LOGIND_BUS=session` looks for logind on the session bus instead: the
//! desktop test's fake logind lives there. Nothing else should set it.

use std::time::Duration;

use skit_core::desktop_commands::SystemCommand;
use zbus::blocking::{Connection, Proxy};

const CALL_TIMEOUT: Duration = Duration::from_secs(5);
const SERVICE: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/auto";
const SESSION: &str = "org.freedesktop.login1.Session";

fn connect() -> Result<Connection, String> {
    let on_session = std::env::var("SKIT_LOGIND_BUS").is_ok_and(|bus| bus == "session");
    let builder = if on_session {
        zbus::blocking::connection::Builder::session()
    } else {
        zbus::blocking::connection::Builder::system()
    };
    builder
        .and_then(|b| b.method_timeout(CALL_TIMEOUT).build())
        .map_err(|e| format!("no system bus to reach logind on: {e}"))
}

fn proxy<'a>(
    connection: &'a Connection,
    path: &'a str,
    interface: &'a str,
) -> Result<Proxy<'a>, String> {
    Proxy::new(connection, SERVICE, path, interface).map_err(|e| e.to_string())
}

/// logind's `Can…` method for a command of the Manager.
fn can_method(command: SystemCommand) -> Option<&'static str> {
    match command {
        SystemCommand::Suspend => Some("CanSuspend"),
        SystemCommand::Hibernate => Some("CanHibernate"),
        SystemCommand::Restart => Some("CanReboot"),
        SystemCommand::ShutDown => Some("CanPowerOff"),
        SystemCommand::Lock | SystemCommand::LogOut => None,
    }
}

/// What logind answers to `Can…` ("yes", "no", "challenge", "na").
fn can(manager: &Proxy<'_>, method: &str) -> Result<String, String> {
    manager
        .call::<_, _, String>(method, &())
        .map_err(|e| format!("logind did not answer {method}: {e}"))
}

/// The commands this session can do, or why none (no bus, no logind).
pub fn probe() -> Result<Vec<SystemCommand>, String> {
    let connection = connect()?;
    let manager = proxy(&connection, MANAGER_PATH, MANAGER)?;
    let session = proxy(&connection, SESSION_PATH, SESSION)?;
    // Lock and log out need a session of ours logind knows.
    let in_session = session.get_property::<String>("Id").is_ok();
    let mut offered = Vec::new();
    for command in SystemCommand::ALL {
        let yes = match can_method(command) {
            Some(method) => {
                let answer = can(&manager, method)?;
                answer == "yes" || answer == "challenge"
            }
            None => in_session,
        };
        if yes {
            offered.push(command);
        }
    }
    Ok(offered)
}

/// Does `command` now.
pub fn perform(command: SystemCommand) -> Result<(), String> {
    let connection = connect()?;
    let failed =
        |e: zbus::Error| format!("logind refused to {}: {e}", command.name().to_lowercase());
    match command {
        SystemCommand::Lock | SystemCommand::LogOut => {
            let session = proxy(&connection, SESSION_PATH, SESSION)?;
            let method = if command == SystemCommand::Lock {
                "Lock"
            } else {
                "Terminate"
            };
            session.call::<_, _, ()>(method, &()).map_err(failed)
        }
        _ => {
            let manager = proxy(&connection, MANAGER_PATH, MANAGER)?;
            let can_method = can_method(command).expect("a Manager command");
            // "challenge": polkit asks for a password, so the call must allow it.
            let interactive = can(&manager, can_method)? == "challenge";
            let method = match command {
                SystemCommand::Suspend => "Suspend",
                SystemCommand::Hibernate => "Hibernate",
                SystemCommand::Restart => "Reboot",
                _ => "PowerOff",
            };
            manager
                .call::<_, _, ()>(method, &(interactive,))
                .map_err(failed)
        }
    }
}
