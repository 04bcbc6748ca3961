//! When the resident launcher panics: a crash report in the state folder, a small
//! supervisor that starts the launcher again, and the notice the restarted
//! launcher shows.
//!
//! - [`install_hook`] writes `crashes/crash-<UTC time>-<pid>.txt` (mode 0600): the
//!   version, the panic's location and its message with every quoted part
//!   redacted, a backtrace, and the last log events as time, level, module and
//!   source line only. A log message or a panic message may quote a value (a
//!   path, a line of the env file, a clipboard entry), so their text is never
//!   kept. The newest [`KEPT_REPORTS`] reports are kept.
//! - [`supervise`]: a launcher started from the desktop (autostart entry,
//!   `make run`, a terminal) is not restarted by anyone else, unlike the systemd
//!   unit (`Restart=on-failure`; skit knows it runs there from its cgroup).
//!   Elsewhere skit runs itself again as a child and
//!   waits for it (blocked in `waitpid`, nothing polls): a child that panicked or
//!   died from a signal other than SIGTERM, SIGINT or SIGHUP starts again, at most [`MAX_RESTARTS`] times in
//!   [`RESTART_WINDOW`]; any other exit ends the supervisor with the same code.
//!   SIGTERM, SIGINT and SIGHUP to the supervisor are passed to the child (which
//!   quits cleanly) and nothing restarts.
//! - [`restart_notice`]: the restarted child gets the notice in an environment
//!   variable, takes it out of its own environment before any thread starts (so
//!   no script sees it), and the shell shows it as a problem at start.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use rustix::process::{Pid, Signal};

use crate::paths::Paths;

/// Crash reports kept; older ones are deleted when a new one is written.
pub const KEPT_REPORTS: usize = 10;
/// Restarts allowed within [`RESTART_WINDOW`] before the supervisor gives up.
pub const MAX_RESTARTS: usize = 3;
/// See [`MAX_RESTARTS`].
pub const RESTART_WINDOW: Duration = Duration::from_secs(60);
/// Log events kept for the next report.
const KEPT_LOG_EVENTS: usize = 30;
/// The exit status of a Rust program whose main thread panicked.
const PANIC_EXIT_CODE: i32 = 101;

/// Set by the supervisor in its child: "you are supervised, do not supervise".
const SUPERVISED_VAR: &str = "SKIT_SUPERVISED";
/// Set by the supervisor in a restarted child: the notice to show.
const NOTICE_VAR: &str = "SKIT_RESTART_NOTICE";

/// The folder of crash reports in skit's state folder.
pub fn reports_dir(paths: &Paths) -> PathBuf {
    paths.state_dir.join("crashes")
}

static LOG: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// A tracing layer that remembers the last log events for the crash report:
/// time, level, module and source line, never the message (see the module doc).
pub struct RecentEvents;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for RecentEvents {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let meta = event.metadata();
        // Events from the `log` crate (gpui's) carry their origin in fields.
        let mut origin = LogOrigin::default();
        event.record(&mut origin);
        let line = format!(
            "{} {:>5} {} {}:{}",
            chrono::Utc::now().format("%H:%M:%S%.3f"),
            meta.level(),
            origin.target.as_deref().unwrap_or(meta.target()),
            origin.file.as_deref().or(meta.file()).unwrap_or("?"),
            origin.line.or(meta.line().map(u64::from)).unwrap_or(0)
        );
        // A panic while the lock is held must not stop the report.
        if let Ok(mut log) = LOG.try_lock() {
            if log.len() == KEPT_LOG_EVENTS {
                log.pop_front();
            }
            log.push_back(line);
        }
    }
}

/// Where a `log` record came from; every other field (the message) is ignored.
#[derive(Default)]
struct LogOrigin {
    target: Option<String>,
    file: Option<String>,
    line: Option<u64>,
}

impl tracing::field::Visit for LogOrigin {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "log.target" => self.target = Some(value.to_string()),
            "log.file" => self.file = Some(value.to_string()),
            _ => {}
        }
    }

    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "log.line" {
            self.line = Some(value);
        }
    }

    fn record_debug(&mut self, _field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {}
}

/// Writes a crash report when any thread panics, then lets the default hook
/// print the panic as before.
pub fn install_hook(paths: &Paths, version: &'static str) {
    let dir = reports_dir(paths);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "unknown".into());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_string();
        let backtrace = std::backtrace::Backtrace::force_capture();
        let log: Vec<String> = LOG
            .try_lock()
            .map(|log| log.iter().cloned().collect())
            .unwrap_or_default();
        let text = report(version, &thread, &location, &message, &backtrace, &log);
        match write_report(&dir, &text) {
            Ok(path) => eprintln!("skit: crash report written to {}", path.display()),
            Err(e) => eprintln!(
                "skit: cannot write a crash report in {}: {e}",
                dir.display()
            ),
        }
        previous(info);
    }));
}

/// The report's text.
fn report(
    version: &str,
    thread: &str,
    location: &str,
    message: &str,
    backtrace: &std::backtrace::Backtrace,
    log: &[String],
) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "skit {version} crashed");
    let _ = writeln!(text, "time: {}", chrono::Utc::now().to_rfc3339());
    let _ = writeln!(text, "thread: {thread}");
    let _ = writeln!(text, "location: {location}");
    let _ = writeln!(text, "message: {}", redact(message));
    let _ = writeln!(
        text,
        "\nlast log events (time, level, module, source line; messages are not kept):"
    );
    for line in log {
        let _ = writeln!(text, "  {line}");
    }
    let _ = writeln!(text, "\nbacktrace:\n{backtrace}");
    text
}

/// `message` with every quoted part (in backticks, single or double quotes) and
/// everything past 300 characters replaced by `…`: Rust's own panic messages quote
/// the values involved (`byte index 3 is not a char boundary … of \`text\``,
/// `called \`Result::unwrap()\` on an \`Err\` value: … "path"`), and a value may be
/// a secret.
pub(crate) fn redact(message: &str) -> String {
    let mut out = String::new();
    let mut open: Option<char> = None;
    for c in message.chars().take(300) {
        match open {
            Some(quote) if c == quote => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                // An apostrophe inside a word ("can't") opens nothing.
                let word_apostrophe =
                    c == '\'' && out.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
                if matches!(c, '`' | '"' | '\'') && !word_apostrophe {
                    open = Some(c);
                }
            }
        }
    }
    if open.is_some() {
        out.push('…');
    }
    if message.chars().count() > 300 {
        out.push('…');
    }
    out
}

/// Writes `text` as a new report in `dir` and deletes all but the newest
/// [`KEPT_REPORTS`]. Returns the report's path.
pub(crate) fn write_report(dir: &Path, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let name = format!(
        "crash-{}-{}.txt",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    );
    let path = dir.join(name);
    crate::files::write_atomic_private(&path, text.as_bytes())?;
    let mut reports = list_reports(dir);
    // Names start with the UTC time, so the name order is the age order.
    while reports.len() > KEPT_REPORTS {
        let oldest = reports.remove(0);
        let _ = std::fs::remove_file(oldest);
    }
    Ok(path)
}

/// The reports in `dir`, oldest first.
fn list_reports(dir: &Path) -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        })
        .collect();
    reports.sort();
    reports
}

/// The newest report in `dir` written at or after `since`.
fn report_since(dir: &Path, since: SystemTime) -> Option<PathBuf> {
    list_reports(dir).into_iter().rev().find(|p| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= since)
    })
}

/// True when something else restarts skit: systemd runs skit's own unit
/// (`Restart=on-failure`, see `service.rs`), or this process is the supervisor's
/// child. Not `INVOCATION_ID` alone: a terminal that is itself a systemd service
/// (gnome-terminal) or an autostart entry turned into a unit by
/// systemd-xdg-autostart-generator passes it on without restarting anything.
fn restarted_by_someone_else() -> bool {
    std::env::var_os(SUPERVISED_VAR).is_some()
        || std::fs::read_to_string("/proc/self/cgroup").is_ok_and(|groups| {
            groups
                .lines()
                .any(|line| line.ends_with(&format!("/{}", crate::service::UNIT)))
        })
}

static NOTICE: OnceLock<Option<String>> = OnceLock::new();

/// Takes the supervisor's variables out of this process's environment. Call at
/// the start of the launcher, before any thread starts.
pub fn take_supervisor_env() {
    let notice = std::env::var(NOTICE_VAR).ok();
    // SAFETY: called before the launcher starts any thread (see above), so no
    // other thread reads the environment at the same time.
    unsafe {
        std::env::remove_var(NOTICE_VAR);
        std::env::remove_var(SUPERVISED_VAR);
    }
    let _ = NOTICE.set(notice);
}

/// The notice for a launcher the supervisor restarted after a crash.
pub(crate) fn restart_notice() -> Option<String> {
    NOTICE.get().cloned().flatten()
}

/// Pid of the supervisor's current child (0: none yet), for the signal thread.
static CHILD: AtomicI32 = AtomicI32::new(0);
/// A signal asked everything to stop: nothing restarts.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// The signal that asked it.
static STOP_SIGNAL: AtomicI32 = AtomicI32::new(0);

fn stop_signals() -> libc::sigset_t {
    // SAFETY: sigemptyset/sigaddset initialise the set we own.
    unsafe {
        let mut set = std::mem::zeroed::<libc::sigset_t>();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            libc::sigaddset(&mut set, signal);
        }
        set
    }
}

fn signal_child() {
    let pid = CHILD.load(Ordering::SeqCst);
    let signal = Signal::from_named_raw(STOP_SIGNAL.load(Ordering::SeqCst));
    // Never pid 0 or -1: that would signal the whole group or every process.
    if pid > 0
        && let (Some(pid), Some(signal)) = (Pid::from_raw(pid), signal)
    {
        let _ = rustix::process::kill_process(pid, signal);
    }
}

/// Runs the launcher as a supervised child when nobody else restarts it (see the
/// module doc) and returns the exit code to end with; `None` when this process
/// should be the launcher itself.
pub fn supervise(paths: &Paths) -> Option<ExitCode> {
    if restarted_by_someone_else() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();

    let set = stop_signals();
    // SAFETY: a valid set; blocked before the signal thread starts, so only it
    // receives them (with sigwait).
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
    std::thread::Builder::new()
        .name("skit-supervisor-signals".into())
        .spawn(move || {
            let set = stop_signals();
            loop {
                let mut signal = 0;
                // SAFETY: waits on a valid set of blocked signals.
                if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                    continue;
                }
                STOP_SIGNAL.store(signal, Ordering::SeqCst);
                STOPPING.store(true, Ordering::SeqCst);
                signal_child();
            }
        })
        .ok()?;

    let mut restarts: VecDeque<Instant> = VecDeque::new();
    let mut notice: Option<String> = None;
    loop {
        let started = SystemTime::now();
        let mut command = Command::new(&exe);
        command.args(&args).env(SUPERVISED_VAR, "1");
        if let Some(notice) = &notice {
            command.env(NOTICE_VAR, notice);
        }
        // The child gets a clean signal mask from std (it blocks its own).
        // SAFETY: prctl is async-signal-safe; it only sets the parent-death signal
        // so that a supervisor killed with SIGKILL takes the launcher with it.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(|| {
                let _ = rustix::process::set_parent_process_death_signal(Some(Signal::TERM));
                Ok(())
            });
        }
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => {
                eprintln!("skit: cannot start the launcher: {e}");
                return Some(ExitCode::FAILURE);
            }
        };
        CHILD.store(child.id() as i32, Ordering::SeqCst);
        // A signal that came before the pid was known.
        if STOPPING.load(Ordering::SeqCst) {
            signal_child();
        }
        let status = match child.wait() {
            Ok(status) => status,
            Err(e) => {
                eprintln!("skit: cannot wait for the launcher: {e}");
                return Some(ExitCode::FAILURE);
            }
        };
        CHILD.store(0, Ordering::SeqCst);
        use std::os::unix::process::ExitStatusExt;
        let code = status.code();
        if STOPPING.load(Ordering::SeqCst) {
            return Some(ExitCode::from(code.unwrap_or(0).clamp(0, 255) as u8));
        }
        // A launcher ended by a stop signal sent to it alone (not through the
        // supervisor) was asked to stop, not crashed.
        let stopped = status
            .signal()
            .is_some_and(|s| [libc::SIGTERM, libc::SIGINT, libc::SIGHUP].contains(&s));
        let crashed = code == Some(PANIC_EXIT_CODE) || (status.signal().is_some() && !stopped);
        if !crashed {
            return Some(ExitCode::from(code.unwrap_or(1).clamp(0, 255) as u8));
        }
        let now = Instant::now();
        while restarts
            .front()
            .is_some_and(|t| now.duration_since(*t) > RESTART_WINDOW)
        {
            restarts.pop_front();
        }
        let report = report_since(&reports_dir(paths), started);
        let what = match (status.signal(), &report) {
            (_, Some(report)) => format!("the report is in {}", report.display()),
            (Some(signal), None) => format!("it died from signal {signal}; there is no report"),
            (None, None) => "there is no report".to_string(),
        };
        if restarts.len() >= MAX_RESTARTS {
            let message = format!(
                "skit crashed {} times within {} s and is not restarted again; {what}",
                MAX_RESTARTS + 1,
                RESTART_WINDOW.as_secs()
            );
            eprintln!("skit: {message}");
            notify_given_up(&message);
            return Some(ExitCode::FAILURE);
        }
        restarts.push_back(now);
        eprintln!("skit: the launcher crashed ({status}); starting it again");
        notice = Some(format!("skit restarted after a crash; {what}"));
    }
}

/// Tells the user on the desktop that skit is gone for good (best effort: the
/// window that would say it is what crashed).
fn notify_given_up(message: &str) {
    let _ = Command::new("notify-send")
        .args(["--app-name=skit", "skit stopped", message])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_every_quoted_value() {
        assert_eq!(
            redact("byte index 3 is not a char boundary; it is inside 'é' of `TOKEN=hunter2`"),
            "byte index 3 is not a char boundary; it is inside '…' of `…`"
        );
        assert_eq!(
            redact("called `Result::unwrap()` on an `Err` value: Os { message: \"secret\" }"),
            "called `…` on an `…` value: Os { message: \"…\" }"
        );
        assert_eq!(redact("can't go on"), "can't go on");
        assert_eq!(redact("open `never closed"), "open `…");
        assert!(redact(&"x".repeat(1000)).chars().count() <= 301);
    }

    #[test]
    fn write_report_keeps_the_newest_ten() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..(KEPT_REPORTS + 3) {
            // Distinct, ordered names as the clock would give them.
            std::fs::write(dir.path().join(format!("crash-2020{i:04}.txt")), "old").unwrap();
        }
        let path = write_report(dir.path(), "new").unwrap();
        let left = list_reports(dir.path());
        assert_eq!(left.len(), KEPT_REPORTS);
        assert_eq!(left.last(), Some(&path));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
