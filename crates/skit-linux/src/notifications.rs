//! Desktop notifications over D-Bus: `org.freedesktop.Notifications.Notify` on
//! the session bus, the [`Notifier`] behind skit_core's [`Notifications`] queue.
//!
//! [`start`] gives the queue its thread; the calls block for at most
//! [`CALL_TIMEOUT`]. [`DbusNotifier`] makes one connection at the first
//! notification and keeps it; a broken one is dropped and made again at the next.
//! No bus, or no notification service on it: a clear error, which the queue logs
//! with the notification's text.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use skit_core::notifications::{Notifications, Notifier};

use zbus::blocking::Connection;
use zbus::zvariant::Value;

/// How long a notification may take before it is given up.
pub(crate) const CALL_TIMEOUT: Duration = Duration::from_secs(5);

const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// Sends notifications to one bus, blocking: used by the notification thread.
pub(crate) struct DbusNotifier {
    /// The bus address; `None` is the session bus (`DBUS_SESSION_BUS_ADDRESS`).
    address: Option<String>,
    connection: Mutex<Option<Connection>>,
}

impl DbusNotifier {
    /// The user's session bus.
    fn session() -> DbusNotifier {
        DbusNotifier {
            address: None,
            connection: Mutex::new(None),
        }
    }

    /// The bus at a D-Bus address (`unix:path=...`): the tests' private bus.
    #[cfg(test)]
    pub(crate) fn at_address(address: &str) -> DbusNotifier {
        DbusNotifier {
            address: Some(address.to_string()),
            connection: Mutex::new(None),
        }
    }
}

impl Notifier for DbusNotifier {
    /// Shows a notification; returns the id the service gave it.
    fn notify(&self, app_name: &str, summary: &str, body: &str) -> Result<u32, String> {
        let mut slot = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let connection = match slot.as_ref() {
            Some(connection) => connection.clone(),
            None => {
                let connection = self.connect().map_err(|e| {
                    format!(
                        "cannot show a desktop notification: no session bus to send it on \
                         ({e}). Is DBUS_SESSION_BUS_ADDRESS set?"
                    )
                })?;
                slot.replace(connection.clone());
                connection
            }
        };
        let actions: Vec<&str> = Vec::new();
        let hints: HashMap<&str, Value<'_>> = HashMap::new();
        let expire_default = -1i32;
        let reply = connection.call_method(
            Some(SERVICE),
            PATH,
            Some(SERVICE),
            "Notify",
            &(
                app_name,
                0u32,
                "",
                summary,
                body,
                actions,
                hints,
                expire_default,
            ),
        );
        let reply = match reply {
            Ok(reply) => reply,
            Err(e) => {
                if !matches!(e, zbus::Error::MethodError(..) | zbus::Error::FDO(_)) {
                    // The bus went away or the connection broke: start afresh next time.
                    slot.take();
                }
                return Err(describe(e));
            }
        };
        reply.body().deserialize::<u32>().map_err(|e| {
            format!("the desktop's notification service gave an unexpected answer: {e}")
        })
    }
}

impl DbusNotifier {
    fn connect(&self) -> zbus::Result<Connection> {
        let builder = match &self.address {
            Some(address) => zbus::blocking::connection::Builder::address(address.as_str())?,
            None => zbus::blocking::connection::Builder::session()?,
        };
        builder.method_timeout(CALL_TIMEOUT).build()
    }
}

fn describe(e: zbus::Error) -> String {
    let unknown = |name: &str| {
        matches!(
            name,
            "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NameHasNoOwner"
        )
    };
    match &e {
        zbus::Error::MethodError(name, _, _) if unknown(name.as_str()) => no_service(),
        zbus::Error::FDO(fdo) if matches!(**fdo, zbus::fdo::Error::ServiceUnknown(_)) => {
            no_service()
        }
        zbus::Error::MethodError(name, detail, _) => format!(
            "the desktop's notification service refused the notification: {name}{}",
            detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        ),
        zbus::Error::InputOutput(io) if io.kind() == std::io::ErrorKind::TimedOut => format!(
            "the desktop's notification service did not answer within {} s",
            CALL_TIMEOUT.as_secs()
        ),
        _ => format!("cannot show a desktop notification: {e}"),
    }
}

fn no_service() -> String {
    format!(
        "cannot show a desktop notification: no notification service is running on the \
         session bus (nothing owns {SERVICE}); start one, e.g. your desktop's notification \
         daemon, or dunst"
    )
}

/// Notifications on the user's session bus.
pub fn start() -> Notifications {
    Notifications::spawn(DbusNotifier::session())
}

/// Notifications on the bus at a D-Bus address (the tests' private bus).
#[cfg(test)]
pub(crate) fn at_address(address: &str) -> Notifications {
    Notifications::spawn(DbusNotifier::at_address(address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::Arc;

    /// A private bus: dbus-daemon with a config that activates no services, so
    /// nothing installed on the machine answers in place of the fake.
    struct Bus {
        daemon: Child,
        address: String,
        _dir: tempfile::TempDir,
    }

    impl Bus {
        fn start() -> Bus {
            let dir = tempfile::tempdir().unwrap();
            let config = dir.path().join("bus.conf");
            std::fs::write(
                &config,
                format!(
                    r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                    dir.path().display()
                ),
            )
            .unwrap();
            let mut daemon = Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--print-address"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("dbus-daemon is installed");
            // It prints the address once it listens.
            let mut address = String::new();
            BufReader::new(daemon.stdout.take().unwrap())
                .read_line(&mut address)
                .unwrap();
            Bus {
                daemon,
                address: address.trim().to_string(),
                _dir: dir,
            }
        }
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    type Calls = Arc<Mutex<Vec<(String, u32, String, String, String, i32)>>>;

    struct FakeService {
        calls: Calls,
    }

    #[zbus::interface(name = "org.freedesktop.Notifications")]
    impl FakeService {
        #[allow(clippy::too_many_arguments)]
        fn notify(
            &self,
            app_name: String,
            replaces_id: u32,
            app_icon: String,
            summary: String,
            body: String,
            _actions: Vec<String>,
            _hints: HashMap<String, zbus::zvariant::OwnedValue>,
            expire_timeout: i32,
        ) -> u32 {
            let mut calls = self.calls.lock().unwrap();
            calls.push((
                app_name,
                replaces_id,
                app_icon,
                summary,
                body,
                expire_timeout,
            ));
            calls.len() as u32 + 40
        }
    }

    fn serve(bus: &Bus) -> (Connection, Calls) {
        let calls = Calls::default();
        let fake = FakeService {
            calls: calls.clone(),
        };
        let connection = zbus::blocking::connection::Builder::address(bus.address.as_str())
            .unwrap()
            .name(SERVICE)
            .unwrap()
            .serve_at(PATH, fake)
            .unwrap()
            .build()
            .unwrap();
        (connection, calls)
    }

    #[test]
    fn a_notification_reaches_the_service() {
        let bus = Bus::start();
        let (_service, calls) = serve(&bus);
        let notifier = DbusNotifier::at_address(&bus.address);
        assert_eq!(
            notifier.notify("Stand Up", "Time to stretch", "It has been an hour"),
            Ok(41)
        );
        assert_eq!(notifier.notify("Backup", "Done", ""), Ok(42));
        assert_eq!(
            calls.lock().unwrap().clone(),
            [
                (
                    "Stand Up".to_string(),
                    0,
                    String::new(),
                    "Time to stretch".to_string(),
                    "It has been an hour".to_string(),
                    -1
                ),
                (
                    "Backup".into(),
                    0,
                    String::new(),
                    "Done".into(),
                    String::new(),
                    -1
                ),
            ]
        );
    }

    #[test]
    fn send_queues_and_the_thread_delivers_with_the_title() {
        let bus = Bus::start();
        let (_service, calls) = serve(&bus);
        let notifications = at_address(&bus.address);
        notifications.send("Stand Up", "Time to stretch");
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while calls.lock().unwrap().is_empty() {
            assert!(std::time::Instant::now() < deadline, "never delivered");
            std::thread::sleep(Duration::from_millis(10));
        }
        let call = calls.lock().unwrap()[0].clone();
        assert_eq!(
            (call.0.as_str(), call.3.as_str(), call.4.as_str()),
            ("skit", "Stand Up", "Time to stretch")
        );
        // Without a desktop, sending is only a log line and never blocks.
        Notifications::log_only().send("Stand Up", "logged");
    }

    #[test]
    fn no_service_on_the_bus_is_a_clear_error_and_later_calls_work() {
        let bus = Bus::start();
        let notifier = DbusNotifier::at_address(&bus.address);
        let err = notifier.notify("skit", "hello", "").unwrap_err();
        assert!(err.contains("no notification service is running"), "{err}");
        // The service starts later: the same notifier now gets through.
        let (_service, calls) = serve(&bus);
        assert_eq!(notifier.notify("skit", "hello", ""), Ok(41));
        assert_eq!(calls.lock().unwrap().len(), 1);
    }

    #[test]
    fn no_bus_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let notifier =
            DbusNotifier::at_address(&format!("unix:path={}/none", dir.path().display()));
        let err = notifier.notify("skit", "hello", "").unwrap_err();
        assert!(err.contains("no session bus"), "{err}");
    }

    #[test]
    fn a_broken_connection_is_dropped_for_a_fresh_one() {
        let bus = Bus::start();
        let (service, _calls) = serve(&bus);
        let notifier = DbusNotifier::at_address(&bus.address);
        assert!(notifier.notify("skit", "one", "").is_ok());
        assert!(notifier.connection.lock().unwrap().is_some());
        drop(service);
        drop(bus);
        let err = notifier.notify("skit", "two", "").unwrap_err();
        assert!(notifier.connection.lock().unwrap().is_none(), "{err}");
    }
}
