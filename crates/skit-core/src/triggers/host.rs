//! The owner of triggered runs: one thread that hears every reason to start a
//! script (a schedule came due, a watched file changed, a background script must
//! start or restart, Start/Stop/Restart from the launcher's menu) on one bounded
//! channel, and decides. Rules:
//!
//! - one triggered run of a script at a time: a schedule due while the last run
//!   goes on is skipped, watch events wait in the script's [`RunQueue`] (bounded,
//!   oldest dropped), every decision is written to the script's run log;
//! - a background script starts with the host (and when it appears in the
//!   folder), and is restarted after each failure with growing delays
//!   ([`Restarts`]), until Stop;
//! - each run is followed by an `unattended` thread, which logs it and hands it
//!   to the window when it asks something.
//!
//! The thread blocks on its channel between events; timers are the scheduler's
//! timerfd, the file watcher's inotify, and one sleeping thread per pending
//! restart. Dropping the [`Host`] stops every triggered run.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_channel::{Receiver, Sender, TrySendError};

use super::Plan;
use super::backoff::{Next, Restarts};
use super::run_queue::{Offer, RUN_QUEUE_CAPACITY, RunQueue};
use super::scheduler::{Due, Scheduler};
use super::unattended::Unattended;
use super::watch::WatchEvent;
use super::watcher::Watches;
use crate::catalog::Script;
use crate::notifications::Notifications;
use crate::run::{self, Invocation, Run, RunContext, RunExit, RunHandle, Trigger};
use crate::run_log::RunLog;

/// Events waiting for the host thread.
const INPUT_CAPACITY: usize = 256;

/// What the host needs.
pub struct Options {
    pub context: RunContext,
    /// Where the run logs go (`~/.local/state/skit/logs`).
    pub logs_dir: PathBuf,
    /// The home folder, for `~` in `Watch:`.
    pub home: Option<PathBuf>,
    /// Where runs that ask something, and what else the window must do, go.
    pub window: Sender<ToWindow>,
    pub notifications: Notifications,
    /// The test hook: 6-field schedules with seconds (see [`super::SECONDS_HOOK`]).
    pub schedule_seconds: bool,
}

/// What the host and its runs ask of the window.
pub enum ToWindow {
    /// A triggered run sent a prompt (or `show`): its events from that one on.
    Asks(Box<Asking>),
    /// A triggered run asked to put text on the clipboard.
    Copy(String),
    /// The scripts with a triggered run going (the list's running dot).
    Running(BTreeSet<PathBuf>),
    /// Headers that cannot be used, one sentence each.
    Problems(Vec<String>),
}

/// A triggered run that wants the window.
pub struct Asking {
    pub script: Script,
    pub trigger: Trigger,
    /// The run: its events from the one that asked on, and its handle.
    pub run: Run,
}

/// What the launcher's menu does to a background script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Start,
    Stop,
    Restart,
}

/// One reason for the host thread to act.
pub(super) enum Input {
    /// A new catalog or run context is in the mailbox.
    ScriptsChanged,
    Due(Due),
    Watch(WatchEvent),
    /// A run ended (sent by its `unattended` thread).
    Ended {
        id: u64,
        exit: RunExit,
    },
    /// A background script's restart delay is over.
    RestartDue(u64),
    Control(PathBuf, Control),
}

impl From<Due> for Input {
    fn from(due: Due) -> Input {
        Input::Due(due)
    }
}

impl From<WatchEvent> for Input {
    fn from(event: WatchEvent) -> Input {
        Input::Watch(event)
    }
}

/// The triggered runs of one skit. Every method returns at once.
pub struct Host {
    input: Sender<Input>,
    /// The newest catalog and run context not yet taken by the thread (only the
    /// newest matters).
    mailbox: Arc<Mutex<Mailbox>>,
    /// The runs going, to stop them from any thread.
    handles: Arc<Mutex<HashMap<u64, RunHandle>>>,
}

impl Host {
    /// Starts the host thread with no scripts; [`Host::set_scripts`] gives them.
    pub fn start(options: Options) -> Result<Host, String> {
        let (input, inputs) = async_channel::bounded(INPUT_CAPACITY);
        let mailbox: Arc<Mutex<Mailbox>> = Arc::default();
        let handles: Arc<Mutex<HashMap<u64, RunHandle>>> = Arc::default();
        let scheduler = Scheduler::start(input.clone())
            .map_err(|e| tracing::error!("{e}"))
            .ok();
        let watches = Watches::start(input.clone())
            .map_err(|e| tracing::error!("{e}"))
            .ok();
        let mut state = State {
            options,
            input: input.clone(),
            scheduler,
            watches,
            ids: HashMap::new(),
            entries: HashMap::new(),
            queues: HashMap::new(),
            current: HashMap::new(),
            handles: handles.clone(),
            restarts: HashMap::new(),
            restart_after_exit: HashSet::new(),
            running_sent: BTreeSet::new(),
        };
        let thread_mailbox = mailbox.clone();
        std::thread::Builder::new()
            .name("skit-triggers".into())
            .spawn(move || state.serve(&inputs, &thread_mailbox))
            .map_err(|e| format!("cannot start the thread for scheduled scripts: {e}"))?;
        Ok(Host {
            input,
            mailbox,
            handles,
        })
    }

    /// Replaces the scripts (the catalog was loaded or changed). Scripts without
    /// triggers are ignored; new background scripts start.
    pub fn set_scripts(&self, scripts: Vec<Script>) {
        let triggered = scripts.into_iter().filter(Script::is_triggered).collect();
        self.mailbox
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .scripts = Some(triggered);
        // A full channel holds inputs the thread has yet to read, and it looks in
        // the mailbox before each: the new scripts are seen either way.
        let _ = self.input.try_send(Input::ScriptsChanged);
    }

    /// Replaces how scripts are run (the config's interpreters changed): runs
    /// started from now on use it.
    pub fn set_context(&self, context: RunContext) {
        self.mailbox
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .context = Some(context);
        let _ = self.input.try_send(Input::ScriptsChanged);
    }

    /// Start, Stop or Restart the background script at `path`.
    pub fn control(&self, path: PathBuf, control: Control) -> Result<(), String> {
        match self.input.try_send(Input::Control(path, control)) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                Err("skit is busy with many scheduled and watched runs; try again".into())
            }
            Err(TrySendError::Closed(_)) => Err("skit is quitting".into()),
        }
    }

    /// Stops every triggered run (skit quits).
    pub fn stop_all(&self) {
        for handle in self
            .handles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
        {
            handle.cancel();
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.input.close();
        self.stop_all();
    }
}

/// What the host's owner left for its thread.
#[derive(Default)]
struct Mailbox {
    scripts: Option<Vec<Script>>,
    context: Option<RunContext>,
}

/// One triggered script, as the host knows it.
struct Entry {
    script: Script,
    plan: Plan,
    log: Option<RunLog>,
}

struct State {
    options: Options,
    input: Sender<Input>,
    scheduler: Option<Scheduler>,
    watches: Option<Watches>,
    /// A stable id per script path, so plans survive a reload.
    ids: HashMap<PathBuf, u64>,
    entries: HashMap<u64, Entry>,
    queues: HashMap<u64, RunQueue<Invocation>>,
    /// What started each script's run that is going.
    current: HashMap<u64, Trigger>,
    handles: Arc<Mutex<HashMap<u64, RunHandle>>>,
    restarts: HashMap<u64, Restarts>,
    /// Restart from the menu while running: start again once it has stopped.
    restart_after_exit: HashSet<u64>,
    /// The running set last sent to the window.
    running_sent: BTreeSet<PathBuf>,
}

impl State {
    fn serve(&mut self, inputs: &Receiver<Input>, mailbox: &Mutex<Mailbox>) {
        while let Ok(input) = inputs.recv_blocking() {
            let Mailbox { scripts, context } =
                std::mem::take(&mut *mailbox.lock().unwrap_or_else(|e| e.into_inner()));
            if let Some(context) = context {
                self.options.context = context;
            }
            if let Some(scripts) = scripts {
                self.set_scripts(scripts);
            }
            match input {
                Input::ScriptsChanged => {}
                Input::Due(Due(id)) => self.due(id),
                Input::Watch(event) => self.watched(event),
                Input::Ended { id, exit } => self.ended(id, &exit),
                Input::RestartDue(id) => self.restart_due(id),
                Input::Control(path, control) => self.control(path, control),
            }
            self.send_running();
        }
        // The host was dropped: its runs were stopped; nothing more to start.
    }

    fn set_scripts(&mut self, scripts: Vec<Script>) {
        let home = self.options.home.clone();
        let mut problems = Vec::new();
        let mut entries = HashMap::new();
        for script in scripts {
            let (plan, mut script_problems) =
                Plan::of(&script, home.as_deref(), self.options.schedule_seconds);
            problems.append(&mut script_problems);
            if plan.is_empty() {
                continue;
            }
            let next = self.ids.len() as u64 + 1;
            let id = *self.ids.entry(script.path.clone()).or_insert(next);
            let log = RunLog::for_script(&self.options.logs_dir, &script)
                .map_err(|e| tracing::warn!("{e}; “{}” runs without a log", script.name))
                .ok();
            entries.insert(id, Entry { script, plan, log });
        }
        if let Some(scheduler) = &self.scheduler {
            let schedules = entries
                .iter()
                .filter_map(|(id, e)| Some((*id, e.plan.schedule.clone()?)))
                .collect();
            scheduler.set(schedules);
        }
        if let Some(watches) = &mut self.watches {
            let globs = entries
                .iter()
                .filter(|(_, e)| !e.plan.watch.is_empty())
                .map(|(id, e)| (*id, e.plan.watch.clone()))
                .collect();
            // A folder that does not exist (yet) is logged, not a problem to show:
            // a bundled example may watch a folder this user does not have.
            watches.set(globs);
        }
        let was_background: HashSet<u64> = self
            .entries
            .iter()
            .filter(|(_, e)| e.plan.background)
            .map(|(id, _)| *id)
            .collect();
        let gone: Vec<u64> = was_background
            .iter()
            .filter(|id| !entries.get(id).is_some_and(|e| e.plan.background))
            .copied()
            .collect();
        for id in gone {
            self.stop_background(id, "no longer a background script");
        }
        let mut starting: Vec<u64> = entries
            .iter()
            .filter(|(id, e)| e.plan.background && !was_background.contains(id))
            .map(|(id, _)| *id)
            .collect();
        starting.sort_unstable();
        let new: Vec<u64> = entries
            .keys()
            .filter(|id| !self.entries.contains_key(id))
            .copied()
            .collect();
        self.entries = entries;
        for id in new {
            self.log_missing_folders(id);
        }
        for id in starting {
            self.restarts.entry(id).or_default().started(Instant::now());
            self.offer(id, Invocation::new(Trigger::Background));
        }
        if !problems.is_empty()
            && self
                .options
                .window
                .send_blocking(ToWindow::Problems(problems))
                .is_err()
        {
            tracing::debug!("no window to report trigger problems to");
        }
    }

    /// Says in a new script's log which watched folders do not exist (then its
    /// "View Log" explains why nothing happens).
    fn log_missing_folders(&self, id: u64) {
        let Some(entry) = self.entries.get(&id) else {
            return;
        };
        for glob in &entry.plan.watch {
            if !glob.base().is_dir() {
                let folder = glob.base().display();
                self.log(
                    id,
                    &format!("Watch: the folder {folder} does not exist; create it, then save the script again"),
                );
            }
        }
    }

    /// Writes a line to script `id`'s run log (and skit's log at `info`).
    fn log(&self, id: u64, line: &str) {
        let Some(entry) = self.entries.get(&id) else {
            return;
        };
        tracing::info!("“{}”: {line}", entry.script.name);
        if let Some(log) = &entry.log
            && let Err(e) = log.append(line)
        {
            tracing::warn!("{e}");
        }
    }

    fn due(&mut self, id: u64) {
        if !self.entries.contains_key(&id) {
            return;
        }
        if self.queues.get(&id).is_some_and(RunQueue::is_running) {
            return self.log(
                id,
                "skipped the scheduled run: the previous run is still going",
            );
        }
        self.offer(id, Invocation::new(Trigger::Schedule));
    }

    fn watched(&mut self, event: WatchEvent) {
        if !self.entries.contains_key(&event.script) {
            return;
        }
        let args = vec![
            event.path.to_string_lossy().into_owned(),
            event.kind.as_str().to_string(),
        ];
        self.offer(event.script, Invocation::with_args(Trigger::Watch, args));
    }

    /// Starts a run of `id` now, or queues it behind the one going.
    fn offer(&mut self, id: u64, invocation: Invocation) {
        let queue = self
            .queues
            .entry(id)
            .or_insert_with(|| RunQueue::new(RUN_QUEUE_CAPACITY));
        match queue.offer(invocation) {
            Offer::Start(invocation) => self.run_next(id, Some(invocation)),
            Offer::Wait => {
                let waiting = queue.waiting();
                self.log(id, &format!("a run waits for the one going ({waiting} waiting)"));
            }
            Offer::WaitDropped(dropped) => self.log(
                id,
                &format!(
                    "{RUN_QUEUE_CAPACITY} runs are waiting for the one going; dropped the oldest ({})",
                    describe(&dropped)
                ),
            ),
        }
    }

    /// Starts `next`, or whatever waits after it if it cannot start.
    fn run_next(&mut self, id: u64, mut next: Option<Invocation>) {
        while let Some(invocation) = next {
            if self.start_run(id, &invocation) {
                return;
            }
            if invocation.trigger == Trigger::Background {
                self.background_exited(id, true);
            }
            next = self.queues.get_mut(&id).and_then(RunQueue::finished);
        }
    }

    fn start_run(&mut self, id: u64, invocation: &Invocation) -> bool {
        let Some(entry) = self.entries.get(&id) else {
            return false;
        };
        self.log(id, &format!("── started: {} ──", describe(invocation)));
        let run = match run::start_with(&entry.script.path, &self.options.context, invocation) {
            Ok(run) => run,
            Err(e) => {
                self.log(id, &format!("could not start: {e}"));
                return false;
            }
        };
        let follower = Unattended {
            id,
            script: entry.script.clone(),
            trigger: invocation.trigger,
            log: entry.log.clone(),
            window: self.options.window.clone(),
            host: self.input.clone(),
            notifications: self.options.notifications.clone(),
        };
        let handle = run.handle.clone();
        if let Err(e) = follower.follow(run) {
            handle.cancel();
            self.log(id, &format!("could not follow the run ({e}); stopped it"));
            return false;
        }
        self.handles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, handle);
        self.current.insert(id, invocation.trigger);
        true
    }

    fn ended(&mut self, id: u64, exit: &RunExit) {
        self.handles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        let trigger = self.current.remove(&id);
        if trigger == Some(Trigger::Background) {
            self.background_exited(id, exit.failed());
        }
        let next = self.queues.get_mut(&id).and_then(RunQueue::finished);
        self.run_next(id, next);
        if self.restart_after_exit.remove(&id) {
            self.restarts.entry(id).or_default().started(Instant::now());
            self.offer(id, Invocation::new(Trigger::Background));
        }
    }

    /// A background run of `id` ended (or could not start): restart it later if
    /// it failed and was not stopped.
    fn background_exited(&mut self, id: u64, failed: bool) {
        let restarts = self.restarts.entry(id).or_default();
        let Next::RestartAfter(delay) = restarts.exited(failed, Instant::now()) else {
            return;
        };
        self.log(id, &format!("restarting in {} s", delay.as_secs()));
        let input = self.input.clone();
        let spawned = std::thread::Builder::new()
            .name("skit-restart".into())
            .spawn(move || {
                // A timer: this thread only sleeps until the restart is due.
                std::thread::sleep(delay);
                let _ = input.send_blocking(Input::RestartDue(id));
            });
        if let Err(e) = spawned {
            self.log(
                id,
                &format!("cannot wait to restart it ({e}); use Start in its menu"),
            );
        }
    }

    fn restart_due(&mut self, id: u64) {
        let due = self
            .restarts
            .get(&id)
            .is_some_and(|r| r.due(Instant::now()));
        if !due {
            // Stopped, or started from the menu meanwhile: this timer is stale.
            return self.log(id, "restart cancelled: it was stopped or started meanwhile");
        }
        if !self.entries.get(&id).is_some_and(|e| e.plan.background) {
            return;
        }
        self.restarts
            .entry(id)
            .or_default()
            .restarted(Instant::now());
        self.offer(id, Invocation::new(Trigger::Background));
    }

    fn control(&mut self, path: PathBuf, control: Control) {
        let Some(&id) = self.ids.get(&path) else {
            return tracing::warn!("{}: not a background script", path.display());
        };
        if !self.entries.get(&id).is_some_and(|e| e.plan.background) {
            return self.log(id, "Start, Stop and Restart are for background scripts");
        }
        let running = self.current.get(&id) == Some(&Trigger::Background);
        match control {
            Control::Start if running => self.log(id, "already running"),
            Control::Start => {
                self.log(id, "started from the menu");
                self.restarts.entry(id).or_default().started(Instant::now());
                self.offer(id, Invocation::new(Trigger::Background));
            }
            Control::Stop => self.stop_background(id, "stopped from the menu"),
            Control::Restart if running => {
                self.stop_background(id, "restarting from the menu");
                self.restart_after_exit.insert(id);
            }
            Control::Restart => {
                self.log(id, "started from the menu");
                self.restarts.entry(id).or_default().started(Instant::now());
                self.offer(id, Invocation::new(Trigger::Background));
            }
        }
    }

    /// Stops background script `id`: no restart until Start; its run is stopped.
    fn stop_background(&mut self, id: u64, why: &str) {
        self.log(id, why);
        self.restarts.entry(id).or_default().stop();
        if let Some(queue) = self.queues.get_mut(&id) {
            queue.clear();
        }
        if self.current.get(&id) == Some(&Trigger::Background)
            && let Some(handle) = self
                .handles
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&id)
        {
            handle.cancel();
        }
    }

    /// Tells the window which scripts run now, when that changed.
    fn send_running(&mut self) {
        let running: BTreeSet<PathBuf> = self
            .current
            .keys()
            .filter_map(|id| self.entries.get(id))
            .map(|e| e.script.path.clone())
            .collect();
        if running == self.running_sent {
            return;
        }
        self.running_sent = running.clone();
        if self
            .options
            .window
            .send_blocking(ToWindow::Running(running))
            .is_err()
        {
            tracing::debug!("no window to show running scripts in");
        }
    }
}

/// How a run was started, for the log: `schedule`, `watch: add /path`...
fn describe(invocation: &Invocation) -> String {
    if invocation.args.is_empty() {
        invocation.trigger.to_string()
    } else {
        format!("{}: {}", invocation.trigger, invocation.args.join(" "))
    }
}
