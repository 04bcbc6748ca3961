//! A panic never leaves the user without a launcher: the resident launcher, started
//! as from the desktop (no systemd unit) in an Xvfb of its own, panics on the debug
//! build's `testPanic` control command; the crash report is written without the
//! env file's secret, the launcher comes back with a notice, and `skit quit` or
//! SIGTERM end it for good.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::common::{Home, wait_until};
use serde_json::Value;

const SECRET: &str = "hunter2-never-in-a-report";

/// An X server of the test's own, ended on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb; `None` (and a printed reason) when it cannot run here.
    fn start() -> Option<Xvfb> {
        let mut fds = [0; 2];
        // Close-on-exec, so that an Xvfb another test starts at the same moment
        // does not hold this pipe open too; only our Xvfb gets the write end.
        // SAFETY: fds has room for the two descriptors pipe2 writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            eprintln!("skipped: no pipe for Xvfb");
            return None;
        }
        let write_end = fds[1];
        use std::os::unix::process::CommandExt;
        let mut command = Command::new("Xvfb");
        command
            .args(["-displayfd", &write_end.to_string(), "-screen", "0"])
            .args(["1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: fcntl is async-signal-safe; it keeps the write end open across
        // exec in this child only.
        unsafe {
            command.pre_exec(move || {
                libc::fcntl(write_end, libc::F_SETFD, 0);
                Ok(())
            });
        }
        let child = command.spawn();
        // SAFETY: our copy of the write end, no longer needed.
        unsafe { libc::close(write_end) };
        let child = match child {
            Ok(child) => child,
            Err(e) => {
                eprintln!("skipped: cannot start Xvfb: {e}");
                return None;
            }
        };
        use std::io::BufRead;
        use std::os::fd::FromRawFd;
        // SAFETY: the read end is ours alone.
        let read = unsafe { std::fs::File::from_raw_fd(fds[0]) };
        // Xvfb writes "N\n" once it accepts clients; EOF if it dies first.
        let mut number = String::new();
        let _ = std::io::BufReader::new(read).read_line(&mut number);
        let number = number.trim().to_string();
        if number.is_empty() {
            eprintln!("skipped: Xvfb did not start");
            return None;
        }
        Some(Xvfb {
            child,
            display: format!(":{number}"),
        })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The supervisor process; a test that fails half way ends it (and so its
/// launcher) with SIGTERM rather than leave it running.
struct Supervisor(Child);

impl Drop for Supervisor {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            // SAFETY: kill has no memory preconditions.
            unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
            let _ = self.0.wait();
        }
    }
}

impl std::ops::Deref for Supervisor {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Supervisor {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

/// The supervised launcher as the autostart entry would start it.
fn start_launcher(home: &Home, xvfb: &Xvfb) -> Supervisor {
    let log = std::fs::File::create(home.path().join("skit.log")).unwrap();
    home.skit(&[])
        .env("DISPLAY", &xvfb.display)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("INVOCATION_ID")
        .env_remove("SKIT_SUPERVISED")
        .env_remove("SKIT_RESTART_NOTICE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map(Supervisor)
        .unwrap()
}

fn state(home: &Home) -> Option<Value> {
    let output = home.skit(&["state"]).output().ok()?;
    output
        .status
        .success()
        .then(|| serde_json::from_slice(&output.stdout).ok())?
}

fn wait_for_state(home: &Home, what: &str, mut ok: impl FnMut(&Value) -> bool) -> Value {
    let mut last = None;
    wait_until(what, || {
        last = state(home);
        last.as_ref().is_some_and(&mut ok)
    });
    last.unwrap()
}

fn log(home: &Home) -> String {
    std::fs::read_to_string(home.path().join("skit.log")).unwrap_or_default()
}

fn send_test_panic(home: &Home) {
    let mut socket = UnixStream::connect(home.path().join("run/skit.sock")).unwrap();
    writeln!(socket, "{{\"command\":\"testPanic\"}}").unwrap();
}

fn reports(home: &Home) -> Vec<PathBuf> {
    let dir = home.path().join("state/skit/crashes");
    let mut reports: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        // Not the temporary file a report is written to before its rename.
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .collect();
    reports.sort();
    reports
}

fn wait_for_exit(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let mut status = None;
    wait_until(what, || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    status.unwrap()
}

fn pid_of(state: &Value) -> i64 {
    state["pid"].as_i64().expect("skit state names its pid")
}

fn plant_secret(home: &Home) {
    let dir = home.path().join("config/skit");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("env"), format!("API_TOKEN={SECRET}\n")).unwrap();
}

fn alive(pid: i64) -> bool {
    // A zombie left for its parent counts as gone.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

#[test]
fn a_panic_writes_a_report_and_the_launcher_comes_back_with_a_notice() {
    let Some(xvfb) = Xvfb::start() else { return };
    let home = Home::new();
    plant_secret(&home);
    let started = std::time::Instant::now();
    let mut supervisor = start_launcher(&home, &xvfb);
    let first = wait_for_state(&home, "the launcher to answer", |_| true);
    let first_pid = pid_of(&first);
    assert_ne!(first_pid, supervisor.id() as i64, "the launcher is a child");
    eprintln!("launcher up in {:?}", started.elapsed());

    send_test_panic(&home);
    wait_until("a crash report", || !reports(&home).is_empty());
    let report_path = reports(&home).pop().unwrap();
    let report = std::fs::read_to_string(&report_path).unwrap();
    let version = home.skit(&["--version"]).output().unwrap().stdout;
    let version = String::from_utf8(version).unwrap();
    assert!(
        report.starts_with(&format!("{} crashed", version.trim())),
        "{report}"
    );
    assert!(report.contains("a test panic"), "{report}");
    assert!(
        report.contains("location: src/app/shell/requests.rs"),
        "the location: {report}"
    );
    assert!(report.contains("backtrace:"), "{report}");
    assert!(report.contains("last log events"), "{report}");
    assert!(!report.contains(SECRET), "{report}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&report_path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let crashed_at = std::time::Instant::now();
    let back = wait_for_state(&home, "the launcher back with a new pid", |s| {
        pid_of(s) != first_pid
    });
    eprintln!("launcher back in {:?}", crashed_at.elapsed());
    let notice = back["notice"].as_str().unwrap_or_default().to_string();
    assert!(notice.contains("restarted after a crash"), "{back}");
    assert!(
        notice.contains(report_path.to_str().unwrap()),
        "{notice} names {}",
        report_path.display()
    );
    assert!(!alive(first_pid));

    // A clean quit ends the launcher and the supervisor; nothing restarts.
    let second_pid = pid_of(&back);
    let quit = home.skit(&["quit"]).output().unwrap();
    assert!(quit.status.success());
    let status = wait_for_exit(&mut supervisor, "the supervisor to end after quit");
    assert!(status.success(), "{status}: {}", log(&home));
    assert!(!alive(second_pid));
    assert!(!home.path().join("run/skit.sock").exists());
    assert_eq!(reports(&home).len(), 1);
}

#[test]
fn sigterm_to_the_supervisor_ends_both_and_crashes_in_a_row_give_up() {
    let Some(xvfb) = Xvfb::start() else { return };
    let home = Home::new();
    let mut supervisor = start_launcher(&home, &xvfb);
    let pid = pid_of(&wait_for_state(&home, "the launcher", |_| true));
    // SAFETY: kill has no memory preconditions.
    unsafe { libc::kill(supervisor.id() as i32, libc::SIGTERM) };
    let status = wait_for_exit(&mut supervisor, "the supervisor to end on SIGTERM");
    assert!(status.success(), "{status}: {}", log(&home));
    assert!(!alive(pid), "the launcher ended too");

    // Four panics within a minute: three restarts, then the supervisor gives up.
    let mut supervisor = start_launcher(&home, &xvfb);
    let mut last_pid = 0;
    for _ in 0..4 {
        let state = wait_for_state(&home, "the launcher (again)", |s| pid_of(s) != last_pid);
        last_pid = pid_of(&state);
        send_test_panic(&home);
    }
    let status = wait_for_exit(&mut supervisor, "the supervisor to give up");
    assert!(!status.success());
    let log = log(&home);
    assert!(log.contains("is not restarted again"), "{log}");
    assert_eq!(reports(&home).len(), 4);
    assert!(state(&home).is_none());
}
