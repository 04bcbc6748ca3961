//! Running one script: start it in its own process group, turn its stdout into
//! [`RunEvent`]s on a bounded channel, write answers to its stdin, stop it on
//! cancel. The launcher window and the headless host both run scripts through
//! [`start`], so they cannot disagree about what a script did.
//!
//! A run's environment is skit's, plus the env file's variables
//! ([`crate::env_file`]), plus `SKIT*`.
//!
//! Threads per run: an I/O thread (stdout and stderr), a waiter (reaps the exit
//! status, so no zombie is ever left) and a stdin writer. The event channel holds
//! [`EVENT_CAPACITY`] events: a script that prints faster than the consumer reads is
//! slowed down by its pipe filling up, never buffered without limit.

mod io;
mod lines;

use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_channel::{Receiver, Sender, TrySendError};
use serde_json::Value;

use crate::launch::{Interpreters, Launch, launch_for, shebang};
use crate::protocol::{self, Message, Reply};

/// Capacity of the per-run event channel.
pub(crate) const EVENT_CAPACITY: usize = 100;
/// Longest stdout line kept; longer lines are dropped with an error.
pub(crate) const MAX_LINE: usize = 1024 * 1024;
/// Bytes of a plain-output line that are kept; the rest is cut and counted. Plain
/// lines are for people to read, and the window keeps a run's last 5,000: whole
/// 1 MiB lines held gigabytes (issue 23's load bench).
pub(crate) const MAX_OUTPUT_LINE: usize = 4 * 1024;
/// How much of stderr is kept for the failure report.
pub(crate) const STDERR_TAIL: usize = 64 * 1024;
/// Time between SIGTERM and SIGKILL on cancel.
pub(crate) const KILL_GRACE: Duration = Duration::from_millis(500);
/// Answers waiting to be written to a script that is not reading its stdin.
const REPLY_CAPACITY: usize = 16;

/// Something a running script did.
#[derive(Clone, Debug, PartialEq)]
pub enum RunEvent {
    /// A valid protocol message, from stdout line `line`.
    Message { line: usize, message: Message },
    /// A plain-output line.
    Output(String),
    /// A line that could not be used, and why.
    Error { line: usize, message: String },
    /// The script ended. Always the last event.
    Exit(RunExit),
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunExit {
    /// The exit code, when the script exited normally.
    pub code: Option<i32>,
    /// The signal that killed it, if any.
    pub signal: Option<i32>,
    /// The last [`STDERR_TAIL`] bytes of stderr (lossy UTF-8).
    pub stderr: String,
    /// True when skit stopped it (cancel): not a failure to report.
    pub(crate) cancelled: bool,
}

impl RunExit {
    /// The exit code a shell would report: the code, or 128 + signal.
    pub(crate) fn shell_code(&self) -> i32 {
        match (self.code, self.signal) {
            (Some(code), _) => code,
            (None, Some(signal)) => 128 + signal,
            (None, None) => 1,
        }
    }

    /// A failure the user should see: non-zero exit, or a signal skit did not send.
    pub fn failed(&self) -> bool {
        !self.cancelled && self.shell_code() != 0
    }
}

/// Why a script could not be started. The message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError {
    pub message: String,
    /// The exit code the headless host reports: 127 not found, 126 not runnable.
    pub(crate) code: i32,
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StartError {}

/// What a run needs besides the script path.
#[derive(Clone, Debug)]
pub struct RunContext {
    pub interpreters: Interpreters,
    /// The SDK folder (`SKIT_SDK`).
    pub sdk_dir: PathBuf,
    /// The env file: its variables are added to every run's environment, and
    /// `env` prompts store what they asked for in it.
    pub env_file: PathBuf,
}

/// What started a run, given to the script as `SKIT_TRIGGER`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// Picked in the launcher's list (Enter, a click, the actions menu).
    Launcher,
    /// Its `Shortcut:` hotkey.
    Shortcut,
    /// Its `Keyword:` typed in the launcher, with the rest of the query.
    Keyword,
    /// `skit run` (through the running launcher, or `--headless`).
    Cli,
    /// Its `Schedule:` came due.
    Schedule,
    /// A file its `Watch:` globs match changed.
    Watch,
    /// `Background: true`: started with skit, restarted when it fails.
    Background,
}

impl Trigger {
    /// The value of `SKIT_TRIGGER`: `launcher`, `shortcut`, `keyword`, `cli`,
    /// `schedule`, `watch` or `background`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Launcher => "launcher",
            Trigger::Shortcut => "shortcut",
            Trigger::Keyword => "keyword",
            Trigger::Cli => "cli",
            Trigger::Schedule => "schedule",
            Trigger::Watch => "watch",
            Trigger::Background => "background",
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one run is started: its arguments (`argv[1..]`), what started it, and the
/// text typed after a keyword (`SKIT_INPUT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    pub args: Vec<String>,
    pub trigger: Trigger,
    pub input: Option<String>,
}

impl Invocation {
    /// No arguments and no input.
    pub fn new(trigger: Trigger) -> Invocation {
        Invocation {
            args: Vec::new(),
            trigger,
            input: None,
        }
    }

    /// With these arguments.
    pub fn with_args(trigger: Trigger, args: Vec<String>) -> Invocation {
        Invocation {
            args,
            trigger,
            input: None,
        }
    }

    /// A keyword's run: the rest of the query is `argv[1]` and `SKIT_INPUT`.
    pub fn keyword(rest: &str) -> Invocation {
        Invocation {
            args: vec![rest.to_string()],
            trigger: Trigger::Keyword,
            input: Some(rest.to_string()),
        }
    }
}

/// A started script: its events, and the handle to answer or cancel it.
pub struct Run {
    pub events: Receiver<RunEvent>,
    pub handle: RunHandle,
}

/// Controls a running script. Cheap to clone; every method is non-blocking, so it
/// can be called from the UI thread.
#[derive(Clone)]
pub struct RunHandle {
    inner: Arc<Inner>,
}

struct Inner {
    pid: u32,
    script: PathBuf,
    replies: Sender<Reply>,
    cancelled: Arc<AtomicBool>,
}

impl RunHandle {
    /// The process id of the script (also its process group id).
    pub fn pid(&self) -> u32 {
        self.inner.pid
    }

    /// Sends `submit` for prompt `id`. Never blocks: if the script stopped reading
    /// or is gone, the answer is dropped with a logged warning.
    pub fn submit(&self, id: &str, value: Value) {
        self.send(Reply::submit(id, value));
    }

    /// Sends any reply to the script's stdin (non-blocking, like [`RunHandle::submit`]).
    pub fn send(&self, reply: Reply) {
        match self.inner.replies.try_send(reply) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => tracing::warn!(
                "{}: the script is not reading its stdin; answer dropped",
                self.inner.script.display()
            ),
            Err(TrySendError::Closed(_)) => tracing::warn!(
                "{}: the script has ended or closed its stdin; answer dropped",
                self.inner.script.display()
            ),
        }
    }

    /// Closes the script's stdin: no more answers will come. Scripts using an SDK
    /// exit quietly when they are waiting for an answer.
    pub fn close_stdin(&self) {
        self.inner.replies.close();
    }

    /// Whether [`RunHandle::cancel`] was called.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Stops the script and everything it started: SIGTERM to its process group,
    /// SIGKILL [`KILL_GRACE`] later if any member is still alive. Nothing more is
    /// written to its stdin. Idempotent.
    pub fn cancel(&self) {
        if self.inner.cancelled.swap(true, Ordering::SeqCst) {
            return;
        }
        self.inner.replies.close();
        let pgid = self.inner.pid as libc::pid_t;
        // SAFETY: killpg only sends a signal; an empty group gives ESRCH.
        if unsafe { libc::killpg(pgid, libc::SIGTERM) } != 0 {
            return; // the whole group is already gone
        }
        let spawned = std::thread::Builder::new()
            .name("skit-kill".into())
            .spawn(move || {
                std::thread::sleep(KILL_GRACE);
                // Signal 0 probes whether any member of the group is still alive.
                // SAFETY: as above.
                unsafe {
                    if libc::killpg(pgid, 0) == 0 {
                        libc::killpg(pgid, libc::SIGKILL);
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the kill timer ({e}); killing at once");
            // SAFETY: as above.
            unsafe { libc::killpg(pgid, libc::SIGKILL) };
        }
    }
}

/// Starts `script` as picked in the launcher, without arguments.
pub fn start(script: &Path, context: &RunContext) -> Result<Run, StartError> {
    start_with(script, context, &Invocation::new(Trigger::Launcher))
}

/// Starts `script` with the arguments and environment of `invocation`. Errors
/// (missing script, missing interpreter, no permission) are returned before any
/// thread is started.
pub fn start_with(
    script: &Path,
    context: &RunContext,
    invocation: &Invocation,
) -> Result<Run, StartError> {
    let script = std::path::absolute(script).unwrap_or_else(|_| script.to_path_buf());
    let head = read_head(&script)?;
    let launch = launch_for(&script, &head, &context.interpreters).ok_or_else(|| StartError {
        message: format!(
            "{}: no interpreter for this kind of file. Start it with a #! line, or add its \
             extension under \"interpreters\" in config.json",
            script.display()
        ),
        code: 126,
    })?;
    let (program, mut args): (OsString, Vec<OsString>) = match &launch {
        Launch::Direct => (script.clone().into(), Vec::new()),
        Launch::Interpreter(interpreter) => (
            interpreter.program().into(),
            interpreter
                .args()
                .iter()
                .map(OsString::from)
                .chain([script.clone().into()])
                .collect(),
        ),
    };
    // Arguments go to the script itself, after its path: never through a shell.
    args.extend(invocation.args.iter().map(OsString::from));
    let raycast = crate::raycast::parse(&String::from_utf8_lossy(&head));
    let has_args = !invocation.args.is_empty();
    let mut command = match &raycast {
        // A script command that asks something first: skit asks it, then
        // becomes the script (`raycast::exec_main`).
        Some(raycast) if raycast.asks(has_args) => {
            let skit = std::env::current_exe().map_err(|e| StartError {
                message: format!("cannot find skit's own program to ask the arguments: {e}"),
                code: 126,
            })?;
            let mut command = Command::new(skit);
            command
                .arg(crate::raycast::EXEC_COMMAND)
                .arg(&program)
                .args(&args);
            command
        }
        _ => {
            let mut command = Command::new(&program);
            command.args(&args);
            command
        }
    };
    // The environment skit was started with, whatever skit changed for itself.
    crate::child_env::restore(&mut command);
    let dir = match &raycast {
        Some(raycast) => raycast.working_dir(&script),
        None => script.parent().map(Path::to_path_buf),
    };
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let env_vars = crate::env_file::read(&context.env_file);
    command
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // The env file wins over skit's own environment (it is where the user
        // set things for scripts), skit's own variables over both.
        .envs(env_vars.iter().map(|(key, value)| (key, value)))
        .env("SKIT", "1")
        .env("SKIT_PROTOCOL", protocol::VERSION.to_string())
        .env("SKIT_SCRIPT", &script)
        .env("SKIT_SDK", &context.sdk_dir)
        .env("SKIT_TRIGGER", invocation.trigger.as_str());
    if raycast.is_some() {
        // `open`, `pbcopy` and `pbpaste` for scripts written for macOS, first on
        // the PATH the env file or skit's environment gives.
        let shims = crate::raycast::shims_dir(&context.sdk_dir);
        let env_path = env_vars
            .iter()
            .find(|(key, _)| key == "PATH")
            .map(|(_, value)| OsString::from(value));
        let path = env_path.or_else(|| crate::child_env::original_var("PATH"));
        command.env(
            "PATH",
            crate::raycast::path_with_shims(&shims, path.as_deref()),
        );
        if has_args {
            command.env(crate::raycast::ARGS_GIVEN, "1");
        }
    }
    // Only a keyword's run has input; an inherited SKIT_INPUT would be misleading.
    match &invocation.input {
        Some(input) => command.env("SKIT_INPUT", input),
        None => command.env_remove("SKIT_INPUT"),
    };
    let mut child = command.spawn().map_err(|e| match &e.kind() {
        // The folder `currentDirectoryPath` names is not there.
        std::io::ErrorKind::NotFound
            if raycast
                .as_ref()
                .is_some_and(|r| r.current_directory.is_some()) =>
        {
            StartError {
                message: format!(
                    "{}: cannot start in its currentDirectoryPath: {e}",
                    script.display()
                ),
                code: 126,
            }
        }
        _ => spawn_error(&script, &launch, &head, e),
    })?;

    let (events_tx, events) = async_channel::bounded(EVENT_CAPACITY);
    let (replies, replies_rx) = async_channel::bounded(REPLY_CAPACITY);
    let cancelled = Arc::new(AtomicBool::new(false));
    let pid = child.id();
    let stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (exit_tx, exit_rx) = std::sync::mpsc::sync_channel(1);
    let (wake_rx, wake_tx) = std::io::pipe().map_err(|e| StartError {
        message: format!("cannot create a pipe: {e}"),
        code: 126,
    })?;

    let name = script
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spawn = |role: &str, f: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .name(format!("skit-{role}-{name}"))
            .spawn(f)
            .map_err(|e| StartError {
                message: format!("cannot start a thread for the script: {e}"),
                code: 126,
            })
    };
    spawn("wait", Box::new(move || wait(child, exit_tx, wake_tx)))?;
    let io_cancelled = cancelled.clone();
    spawn(
        "out",
        Box::new(move || {
            let stderr = io::pump(stdout, stderr, wake_rx, &events_tx);
            let status = exit_rx.recv().ok();
            let (code, signal) = status.map(split_status).unwrap_or((None, None));
            let exit = RunExit {
                code,
                signal,
                stderr,
                cancelled: io_cancelled.load(Ordering::SeqCst),
            };
            // A consumer that went away does not need the exit either.
            let _ = events_tx.send_blocking(RunEvent::Exit(exit));
        }),
    )?;
    let writer_script = script.clone();
    spawn(
        "in",
        Box::new(move || write_replies(stdin, replies_rx, &writer_script)),
    )?;

    Ok(Run {
        events,
        handle: RunHandle {
            inner: Arc::new(Inner {
                pid,
                script,
                replies,
                cancelled,
            }),
        },
    })
}

fn read_head(script: &Path) -> Result<Vec<u8>, StartError> {
    use std::io::Read;
    let file = std::fs::File::open(script).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StartError {
            message: format!(
                "{}: script not found. Was it moved or deleted?",
                script.display()
            ),
            code: 127,
        },
        std::io::ErrorKind::PermissionDenied => StartError {
            message: format!(
                "{}: permission denied. Make it readable (chmod u+r)",
                script.display()
            ),
            code: 126,
        },
        _ => StartError {
            message: format!("{}: cannot read the script: {e}", script.display()),
            code: 126,
        },
    })?;
    let mut head = Vec::new();
    // Enough for a Raycast script command's headers too.
    file.take(16 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| StartError {
            message: format!("{}: cannot read the script: {e}", script.display()),
            code: 126,
        })?;
    Ok(head)
}

fn spawn_error(script: &Path, launch: &Launch, head: &[u8], e: std::io::Error) -> StartError {
    let ext = script
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let message = match (launch, e.kind()) {
        (Launch::Interpreter(interpreter), std::io::ErrorKind::NotFound) => format!(
            "{}: the interpreter `{}` is not installed. Install it, or set \
             \"interpreters\": {{\"{ext}\": \"...\"}} in config.json",
            script.display(),
            interpreter.program()
        ),
        (Launch::Direct, std::io::ErrorKind::NotFound) => {
            let wanted = shebang(head)
                .map(|c| c.0.join(" "))
                .unwrap_or_else(|| "its interpreter".into());
            format!(
                "{}: the #! line asks for `{wanted}`, which is not installed",
                script.display()
            )
        }
        (_, std::io::ErrorKind::PermissionDenied) => format!(
            "{}: permission denied while starting it. Check the file's permissions \
             (chmod +x) and that its interpreter is executable",
            script.display()
        ),
        _ => format!("{}: cannot start: {e}", script.display()),
    };
    let code = if e.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    StartError { message, code }
}

/// Reaps the script, hands its status to the I/O thread, and wakes it.
fn wait(
    mut child: Child,
    exit: std::sync::mpsc::SyncSender<std::process::ExitStatus>,
    mut wake: std::io::PipeWriter,
) {
    match child.wait() {
        Ok(status) => {
            let _ = exit.send(status);
        }
        Err(e) => tracing::error!("cannot wait for script {}: {e}", child.id()),
    }
    let _ = wake.write_all(b"x");
}

fn split_status(status: std::process::ExitStatus) -> (Option<i32>, Option<i32>) {
    use std::os::unix::process::ExitStatusExt;
    (status.code(), status.signal())
}

/// Writes answers to the script's stdin until the run ends or the pipe breaks.
fn write_replies(mut stdin: ChildStdin, replies: Receiver<Reply>, script: &Path) {
    while let Ok(reply) = replies.recv_blocking() {
        let mut line = serde_json::to_vec(&reply).expect("replies always serialize");
        line.push(b'\n');
        if let Err(e) = stdin.write_all(&line).and_then(|()| stdin.flush()) {
            tracing::warn!(
                "{}: cannot write an answer to the script ({e}); it has probably ended",
                script.display()
            );
            return;
        }
    }
}
