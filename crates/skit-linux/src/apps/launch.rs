//! Starting an application (or one of its desktop actions) fully detached from
//! skit, so that it outlives skit and its cgroup, and never becomes a zombie.
//! Not for scripts: `run` starts those and follows their output.
//!
//! - `DBusActivatable=true`: `org.freedesktop.Application.Activate` (`Open` with
//!   files or URLs, `ActivateAction` for an action) on the session bus; when that
//!   fails, `gapplication`; when that fails too, the Exec line.
//! - Otherwise the Exec line, expanded by `exec` into an argument vector, inside the
//!   user's terminal for `Terminal=true`, in a `systemd-run --user --scope` when the
//!   user's systemd answers (the app gets its own scope, as desktops do), and always
//!   in a new session with stdin/stdout/stderr on `/dev/null`. The process is
//!   double-forked: its short-lived parent is reaped at once, so no thread waits
//!   for the app and no zombie is left.
//!
//! Everything here blocks (D-Bus calls, `gapplication`, the first systemd probe):
//! call [`launch`] off the UI thread. Errors are sentences naming the app, the
//! program and what to do.

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use zbus::zvariant::Value;

use super::entries::App;
use super::exec::{self, Fields};

/// How long a D-Bus activation may take: the bus may have to start the app.
const DBUS_TIMEOUT: Duration = Duration::from_secs(25);
/// The startup-notification variables skit hands on (or removes, so that its own
/// never leak into an app).
const TOKEN_VARS: [&str; 2] = ["DESKTOP_STARTUP_ID", "XDG_ACTIVATION_TOKEN"];

/// How the process is kept apart from skit.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) enum Detach {
    /// A systemd scope when `systemd-run` exists and `systemctl --user` works
    /// (probed once per process), else [`Detach::Fork`].
    #[default]
    Auto,
    /// A new session only.
    Fork,
    /// A transient scope started by this `systemd-run` program.
    SystemdScope { systemd_run: PathBuf },
}

/// What a launch needs besides the app.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// Absolute paths or URLs to open with the app (`%f %F %u %U`, or `Open`).
    pub(crate) targets: Vec<String>,
    /// The startup-notification / XDG activation token skit received, if any.
    pub(crate) activation_token: Option<String>,
    pub(crate) detach: Detach,
    /// The D-Bus address to activate on; `None` is the user's session bus.
    pub(crate) dbus_address: Option<String>,
}

impl LaunchOptions {
    /// Opening `targets` (paths or URLs) with the app ("Open With").
    pub fn opening(targets: Vec<String>) -> LaunchOptions {
        LaunchOptions {
            targets,
            ..LaunchOptions::default()
        }
    }
}

/// How an app was started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launched {
    /// Activated over D-Bus.
    DBus,
    /// Activated by `gapplication`.
    GApplication,
    /// Its Exec line was started; `scope` is the systemd unit it runs in, if any.
    Process { scope: Option<String> },
}

/// Starts `app`, or its desktop action `action` (an [`super::entries::AppAction`]
/// id). `terminal` wraps an argument vector for `Terminal=true` apps, e.g.
/// `|words| editor::in_terminal(words, editor::installed)`; only the program and
/// arguments of the command it returns are used.
pub fn launch(
    app: &App,
    action: Option<&str>,
    options: &LaunchOptions,
    terminal: impl Fn(Vec<String>) -> Result<Command, String>,
) -> Result<Launched, String> {
    let chosen = match action {
        Some(id) => Some(app.actions.iter().find(|a| a.id == id).ok_or_else(|| {
            format!(
                "{} has no action `{id}` (any more?); reload the application list",
                app.name
            )
        })?),
        None => None,
    };
    let exec_line = match chosen {
        Some(action) => action.exec.as_deref(),
        None => app.exec.as_deref(),
    };
    let mut dbus_failure = None;
    if app.dbus_activatable {
        match activate_over_dbus_within(app, action, options, DBUS_TIMEOUT) {
            Ok(()) => return Ok(Launched::DBus),
            Err(e) => {
                tracing::warn!(
                    "{}: D-Bus activation failed ({e}); trying gapplication",
                    app.id
                );
                match activate_with_gapplication(app, action, options) {
                    Ok(()) => return Ok(Launched::GApplication),
                    Err(g) => {
                        tracing::warn!("{}: {g}; trying its Exec line", app.id);
                        dbus_failure = Some(e);
                    }
                }
            }
        }
    }
    let Some(exec_line) = exec_line else {
        return Err(match dbus_failure {
            Some(e) => format!(
                "{} could not be started over D-Bus ({e}) and has no Exec line to fall \
                 back on; check that the app is installed properly",
                app.name
            ),
            None => format!(
                "{} has no Exec line, so there is nothing to start; fix {}",
                app.name,
                app.path.display()
            ),
        });
    };
    let icon = chosen
        .and_then(|a| a.icon.as_deref())
        .or(app.icon.as_deref());
    let fields = Fields {
        name: &app.name,
        icon,
        desktop_file: Some(&app.path),
        targets: &options.targets,
    };
    let mut argv = exec::expand(exec_line, &fields).map_err(|e| {
        format!(
            "{} cannot be started: {e} ({})",
            app.name,
            app.path.display()
        )
    })?;
    if let Some(dir) = &app.working_dir
        && !dir.is_dir()
    {
        return Err(format!(
            "{} cannot be started: its working folder {} (Path= in {}) does not exist",
            app.name,
            dir.display(),
            app.path.display()
        ));
    }
    check_program(app, &argv[0])?;
    if app.terminal {
        let command =
            terminal(argv).map_err(|e| format!("{} runs in a terminal, and {e}", app.name))?;
        argv = std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
    }
    let detach = match &options.detach {
        Detach::Auto if systemd_scope_available() => Detach::SystemdScope {
            systemd_run: "systemd-run".into(),
        },
        Detach::Auto => Detach::Fork,
        other => other.clone(),
    };
    let scope = match &detach {
        Detach::SystemdScope { systemd_run } => {
            let unit = unit_name(app.app_id());
            let mut wrapped = vec![
                systemd_run.to_string_lossy().into_owned(),
                "--user".into(),
                "--scope".into(),
                "--quiet".into(),
                format!("--unit={unit}"),
                "--".into(),
            ];
            wrapped.append(&mut argv);
            argv = wrapped;
            Some(unit)
        }
        _ => None,
    };
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]);
    if let Some(dir) = &app.working_dir {
        command.current_dir(dir);
    }
    set_token(&mut command, options.activation_token.as_deref());
    spawn_detached(&mut command).map_err(|e| spawn_error(app, &argv[0], e))?;
    Ok(Launched::Process { scope })
}

/// Sets the activation token variables, or removes skit's own.
fn set_token(command: &mut Command, token: Option<&str>) {
    for var in TOKEN_VARS {
        match token {
            Some(token) => command.env(var, token),
            None => command.env_remove(var),
        };
    }
}

/// Whether `program` can be started, checked first so that a missing program is
/// reported even when `systemd-run` or a terminal would be the one to start it.
fn check_program(app: &App, program: &str) -> Result<(), String> {
    let found = if program.contains('/') {
        let path = Path::new(program);
        let path = match &app.working_dir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path.to_path_buf(),
        };
        path.exists().then_some(path)
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(program))
                .find(|p| p.is_file())
        })
    };
    let Some(found) = found else {
        return Err(format!(
            "{} cannot be started: the program `{program}` is not installed (not found \
             {}). Install it, or fix the Exec line in {}",
            app.name,
            if program.contains('/') {
                "at that path"
            } else {
                "on PATH"
            },
            app.path.display()
        ));
    };
    let executable =
        std::fs::metadata(&found).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0);
    if !executable {
        return Err(format!(
            "{} cannot be started: `{}` is not an executable file. Make it executable \
             (chmod +x), or fix the Exec line in {}",
            app.name,
            found.display(),
            app.path.display()
        ));
    }
    Ok(())
}

fn spawn_error(app: &App, program: &str, e: io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => format!(
            "{} cannot be started: `{program}` is not installed. Install it, or fix the \
             Exec line in {}",
            app.name,
            app.path.display()
        ),
        io::ErrorKind::PermissionDenied => format!(
            "{} cannot be started: permission denied running `{program}`. Check that it \
             is executable (chmod +x)",
            app.name
        ),
        _ => format!(
            "{} cannot be started: `{program}` failed to start: {e}",
            app.name
        ),
    }
}

/// Starts `command` in a new session with no terminal and stdio on `/dev/null`,
/// through a double fork: the middle process exits at once and is reaped here;
/// the app is adopted by init (or the user's subreaper). Failures to start the
/// program (not found, permission) are returned, as `Command::spawn` reports the
/// grandchild's failed `exec` through its close-on-exec pipe.
pub(crate) fn spawn_detached(command: &mut Command) -> io::Result<()> {
    skit_core::child_env::restore(command)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: only async-signal-safe calls (setsid, fork, _exit) between fork and
    // exec, and the error path builds an io::Error from errno without allocating.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            match libc::fork() {
                -1 => Err(io::Error::last_os_error()),
                0 => Ok(()),
                _ => libc::_exit(0),
            }
        });
    }
    let mut middle = command.spawn()?;
    // The middle process has exited (spawn returns after the app's exec), so this
    // does not wait for the app.
    middle.wait()?;
    Ok(())
}

/// Whether apps can be put in their own systemd scope: `systemd-run` is installed
/// and the user's systemd instance answers. Probed once per process.
pub(crate) fn systemd_scope_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let quiet = |program: &str, args: &[&str]| {
            Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        quiet("systemd-run", &["--version"]) && quiet("systemctl", &["--user", "show-environment"])
    })
}

/// `app-skit-<app id>-<random>.scope`, the name the XDG/systemd convention gives
/// app scopes, with the id escaped as `systemd-escape` would (`-` separates the
/// parts, so it becomes `\x2d`).
fn unit_name(app_id: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    // Unit names are at most 255 bytes: the id is cut well before that, never
    // inside an escape.
    let mut escaped = String::new();
    for (i, byte) in app_id.bytes().enumerate() {
        let plain = byte.is_ascii_alphanumeric() || byte == b'_' || (byte == b'.' && i > 0);
        let piece = if plain {
            (byte as char).to_string()
        } else {
            format!("\\x{byte:02x}")
        };
        if escaped.len() + piece.len() > 200 {
            break;
        }
        escaped.push_str(&piece);
    }
    let random = RandomState::new().hash_one((std::process::id(), std::time::SystemTime::now()));
    format!("app-skit-{escaped}-{random:016x}.scope")
}

/// [`activate_over_dbus`] on a thread of its own, given up after `limit`: a bus
/// that accepts the connection and then never answers (not even the `Hello`
/// that zbus sends before any timeout applies) must not hang the launch. Should
/// the call still succeed later, the Exec fallback has started a second
/// instance: rare, and better than no window at all.
fn activate_over_dbus_within(
    app: &App,
    action: Option<&str>,
    options: &LaunchOptions,
    limit: Duration,
) -> Result<(), String> {
    let (done, result) = std::sync::mpsc::sync_channel(1);
    let (app, action, options) = (app.clone(), action.map(str::to_string), options.clone());
    std::thread::Builder::new()
        .name("skit-dbus-activate".into())
        .spawn(move || {
            // The receiver may have given up; nobody needs the late answer then.
            let _ = done.send(activate_over_dbus(&app, action.as_deref(), &options));
        })
        .map_err(|e| format!("cannot start a thread for the D-Bus call: {e}"))?;
    result
        .recv_timeout(limit)
        .unwrap_or_else(|_| Err(format!("the session bus did not answer within {limit:?}")))
}

/// `org.freedesktop.Application` on the app's well-known name.
fn activate_over_dbus(
    app: &App,
    action: Option<&str>,
    options: &LaunchOptions,
) -> Result<(), String> {
    let builder = match &options.dbus_address {
        Some(address) => zbus::blocking::connection::Builder::address(address.as_str()),
        None => zbus::blocking::connection::Builder::session(),
    };
    let connection = builder
        .and_then(|b| b.method_timeout(DBUS_TIMEOUT).build())
        .map_err(|e| format!("cannot connect to the session bus: {e}"))?;
    let name = app.app_id();
    let path = object_path(name);
    let mut platform_data: HashMap<&str, Value> = HashMap::new();
    if let Some(token) = &options.activation_token {
        platform_data.insert("desktop-startup-id", Value::from(token.as_str()));
        platform_data.insert("activation-token", Value::from(token.as_str()));
    }
    let interface = Some("org.freedesktop.Application");
    let path = path.as_str();
    let (method, reply) = match action {
        Some(action) => {
            let parameter: Vec<Value> = Vec::new();
            let body = (action, parameter, &platform_data);
            let reply =
                connection.call_method(Some(name), path, interface, "ActivateAction", &body);
            ("ActivateAction", reply)
        }
        None if options.targets.is_empty() => {
            let body = (&platform_data,);
            let reply = connection.call_method(Some(name), path, interface, "Activate", &body);
            ("Activate", reply)
        }
        None => {
            let uris: Vec<String> = options.targets.iter().map(|t| to_uri(t)).collect();
            let body = (uris, &platform_data);
            let reply = connection.call_method(Some(name), path, interface, "Open", &body);
            ("Open", reply)
        }
    };
    reply
        .map(drop)
        .map_err(|e| format!("{method} on {name} failed: {e}"))
}

/// `gapplication launch ID [FILE…]` or `gapplication action ID ACTION`.
fn activate_with_gapplication(
    app: &App,
    action: Option<&str>,
    options: &LaunchOptions,
) -> Result<(), String> {
    let mut command = Command::new("gapplication");
    skit_core::child_env::restore(&mut command);
    match action {
        Some(action) => command.args(["action", app.app_id(), action]),
        None => command
            .args(["launch", app.app_id()])
            .args(&options.targets),
    };
    if let Some(address) = &options.dbus_address {
        command.env("DBUS_SESSION_BUS_ADDRESS", address);
    }
    set_token(&mut command, options.activation_token.as_deref());
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("gapplication cannot run ({e})"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "gapplication failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The object path of an app id: `/` + the id with `.` → `/` and `-` → `_`.
fn object_path(app_id: &str) -> String {
    let mut path = String::from("/");
    path.extend(app_id.chars().map(|c| match c {
        '.' => '/',
        '-' => '_',
        c => c,
    }));
    path
}

/// A target as a URI: URLs as they are, paths as `file://` URIs.
fn to_uri(target: &str) -> String {
    if exec::has_scheme(target) {
        return target.to_string();
    }
    let mut uri = String::from("file://");
    for byte in target.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests;
