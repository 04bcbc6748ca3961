//! Scripts that start by themselves, with real bash scripts through the real
//! trigger host (no window: the test stands in for it): a schedule fires and a
//! run never overlaps the last, a burst of writes to a watched file is one run, a
//! background script that fails is restarted with growing delays until Stop, and
//! a triggered run that asks something is handed to the window.
//!
//! Schedules use the test hook (6 fields, seconds first) so nothing waits for a
//! minute to turn.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;

use crate::common::{Home, wait_until};
use skit::catalog::Catalog;
use skit::launch::Interpreters;
use skit::notifications::Notifications;
use skit::protocol::Message;
use skit::run::{RunContext, RunEvent, Trigger};
use skit::triggers::{Asking, Control, Host, Options, ToWindow};

/// A host over `home`'s scripts; what it sends the window comes out of the
/// receiver (read on a thread, so the host never waits for the test).
fn start_host(home: &Home) -> (Host, mpsc::Receiver<ToWindow>) {
    let sdk = home.path().join("sdk");
    skit::bundled::install_sdk(&sdk).unwrap();
    let (window, from_host) = async_channel::bounded(64);
    let host = Host::start(Options {
        context: RunContext {
            interpreters: Interpreters::default(),
            sdk_dir: sdk,
            env_file: home.path().join("config/skit/env"),
        },
        logs_dir: home.path().join("logs"),
        home: Some(home.path().to_path_buf()),
        window,
        notifications: Notifications::log_only(),
        schedule_seconds: true,
    })
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(message) = from_host.recv_blocking() {
            if tx.send(message).is_err() {
                break;
            }
        }
    });
    let catalog = Catalog::load(&home.scripts(), &Interpreters::default());
    host.set_scripts(catalog.scripts);
    (host, rx)
}

/// The run log of the script in `file` (both files of a rotation).
fn log(home: &Home, file: &str) -> String {
    let path = home.path().join("logs").join(format!("{file}.log"));
    let old = std::fs::read_to_string(format!("{}.1", path.display())).unwrap_or_default();
    old + &std::fs::read_to_string(path).unwrap_or_default()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Lets a script blocked reading `fifo` go on.
fn release(fifo: &Path) {
    let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
    writeln!(pipe, "go").unwrap();
}

#[test]
fn a_schedule_fires_and_a_run_never_overlaps_the_last() {
    let home = Home::new();
    let out = home.path().join("out");
    let fifo = home.path().join("fifo");
    mkfifo(&fifo);
    // Every second; each run waits until the test lets it go.
    home.script(
        "tick.sh",
        &format!(
            "# Schedule: * * * * * *\necho \"start $SKIT_TRIGGER $#\" >> '{out}'\nread line < '{fifo}'\necho end >> '{out}'\n",
            out = out.display(),
            fifo = fifo.display()
        ),
    );
    let (host, _window) = start_host(&home);
    wait_until("the first scheduled run", || lines(&out).len() == 1);
    assert_eq!(lines(&out), ["start schedule 0"]);
    wait_until("a due time while the run goes on to be skipped", || {
        log(&home, "tick.sh").contains("skipped the scheduled run: the previous run is still going")
    });
    assert_eq!(lines(&out), ["start schedule 0"], "no second run started");
    release(&fifo);
    wait_until("the next scheduled run", || lines(&out).len() == 3);
    release(&fifo);
    wait_until("it to end", || lines(&out).len() >= 4);
    drop(host);
    let seen = lines(&out);
    for pair in seen.chunks(2) {
        assert_eq!(pair[0], "start schedule 0", "{seen:?}");
        if pair.len() == 2 {
            assert_eq!(
                pair[1], "end",
                "a run started before the last ended: {seen:?}"
            );
        }
    }
    let log = log(&home, "tick.sh");
    assert!(log.contains("── started: schedule ──"), "{log}");
    assert!(log.contains("── exited with code 0 ──"), "{log}");
}

#[test]
fn a_burst_of_writes_to_a_watched_file_is_one_run() {
    let home = Home::new();
    let out = home.path().join("out");
    let inbox = home.scripts().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    home.script(
        "collect.sh",
        &format!(
            "# Watch: inbox/*.txt\nprintf '%s %s %s\\n' \"$(basename \"$1\")\" \"$2\" \"$SKIT_TRIGGER\" >> '{}'\n",
            out.display()
        ),
    );
    let (_host, _window) = start_host(&home);
    // The host sets its watches on its own thread: probe until one is seen.
    let mut probes = 0;
    wait_until("the watch to be in place", || {
        if lines(&out).iter().any(|l| l.starts_with("probe")) {
            return true;
        }
        probes += 1;
        std::fs::write(inbox.join(format!("probe-{probes}.txt")), "").unwrap();
        false
    });
    wait_until("every probe's run", || {
        lines(&out)
            .iter()
            .filter(|l| l.starts_with("probe"))
            .count()
            >= 1
    });

    // A burst: created, then twenty writes in a row.
    let notes = inbox.join("notes.txt");
    let mut file = std::fs::File::create(&notes).unwrap();
    for i in 0..20 {
        writeln!(file, "line {i}").unwrap();
        file.flush().unwrap();
    }
    drop(file);
    std::fs::write(inbox.join("ignored.md"), "not a .txt").unwrap();
    wait_until("the burst's run", || {
        lines(&out).iter().any(|l| l.starts_with("notes.txt"))
    });
    // Everything the burst caused comes before a later file's event.
    std::fs::write(inbox.join("zz-sentinel.txt"), "").unwrap();
    wait_until("the sentinel's run", || {
        lines(&out).iter().any(|l| l.starts_with("zz-sentinel"))
    });
    let after_probes: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| !l.starts_with("probe"))
        .collect();
    assert_eq!(
        after_probes,
        ["notes.txt add watch", "zz-sentinel.txt add watch"]
    );
    assert!(log(&home, "collect.sh").contains("── started: watch: "));
}

#[test]
fn a_failing_background_script_is_restarted_later_each_time_until_stop() {
    let home = Home::new();
    let out = home.path().join("out");
    let script = home.script(
        "crash.sh",
        &format!(
            "# Background: true\necho \"run $SKIT_TRIGGER\" >> '{}'\necho 'lost the connection' >&2\nexit 3\n",
            out.display()
        ),
    );
    let (host, window) = start_host(&home);
    wait_until("three restarts, the next in 4 s", || {
        log(&home, "crash.sh").contains("restarting in 4 s")
    });
    host.control(script.clone(), Control::Stop).unwrap();
    wait_until("the pending restart to be called off", || {
        log(&home, "crash.sh").contains("restart cancelled")
    });
    let log_text = log(&home, "crash.sh");
    let delays: Vec<&str> = log_text
        .lines()
        .filter_map(|l| l.split_once("restarting in ").map(|(_, d)| d))
        .collect();
    assert_eq!(delays, ["1 s", "2 s", "4 s"], "{log_text}");
    assert!(
        log_text.contains("stderr: lost the connection"),
        "{log_text}"
    );
    assert!(log_text.contains("── exited with code 3 ──"), "{log_text}");
    assert!(log_text.contains("stopped from the menu"), "{log_text}");
    assert_eq!(
        lines(&out),
        ["run background"; 3],
        "the first run and two restarts"
    );

    // Start from the menu: it runs again, and the delays start over at 1 s.
    host.control(script.clone(), Control::Start).unwrap();
    wait_until("a new first delay", || {
        log(&home, "crash.sh").matches("restarting in 1 s").count() == 2
    });
    host.control(script, Control::Stop).unwrap();
    wait_until("that restart to be called off too", || {
        log(&home, "crash.sh").matches("restart cancelled").count() == 2
    });
    assert_eq!(lines(&out).len(), 4);
    // The window heard that it was running, and that it no longer is.
    let running: Vec<bool> = window
        .try_iter()
        .filter_map(|m| match m {
            ToWindow::Running(set) => Some(!set.is_empty()),
            _ => None,
        })
        .collect();
    assert!(
        running.contains(&true) && running.last() == Some(&false),
        "{running:?}"
    );
}

#[test]
fn a_triggered_run_that_asks_is_handed_to_the_window() {
    let home = Home::new();
    let out = home.path().join("answer");
    let inbox = home.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    home.script(
        "ask.sh",
        &format!(
            "# Name: Sort It\n# Watch: ~/inbox/*.pdf\nsource \"$SKIT_SDK/skit.sh\"\necho \"saw $1\"\nskit_notify \"new file\"\nwhere=$(skit_arg \"Where should $(basename \"$1\") go?\" Documents Archive)\nprintf '%s' \"$where\" > '{}'\n",
            out.display()
        ),
    );
    let (_host, window) = start_host(&home);
    let mut probes = 0;
    let asking: Asking = loop {
        probes += 1;
        std::fs::write(inbox.join(format!("file-{probes}.pdf")), "%PDF").unwrap();
        match window.recv_timeout(std::time::Duration::from_millis(500)) {
            Ok(ToWindow::Asks(asking)) => break *asking,
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                assert!(probes < 100, "the run never asked");
            }
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(asking.script.name, "Sort It");
    assert_eq!(asking.trigger, Trigger::Watch);
    let first = asking.run.events.recv_blocking().unwrap();
    let RunEvent::Message {
        message: Message::Arg(arg),
        ..
    } = first
    else {
        panic!("the first event the window gets is the prompt, got {first:?}");
    };
    assert!(
        arg.placeholder
            .as_deref()
            .unwrap()
            .starts_with("Where should file-")
    );
    asking.run.handle.submit(&arg.id, "Archive".into());
    loop {
        match asking.run.events.recv_blocking().unwrap() {
            RunEvent::Exit(_) => break,
            _ => continue,
        }
    }
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "Archive");
    let log = log(&home, "ask.sh");
    assert!(log.contains("saw "), "the output before it asked: {log}");
    assert!(log.contains("notify: new file"), "{log}");
    assert!(log.contains("asks: arg Where should"), "{log}");
    assert!(log.contains("── exited with code 0 ──"), "{log}");
}

#[test]
fn bad_trigger_headers_are_reported_and_the_rest_runs() {
    let home = Home::new();
    home.script(
        "bad.sh",
        "# Name: Bad\n# Schedule: 0 25 * * *\n# Watch: ~/x/*.{pdf\n",
    );
    let (_host, window) = start_host(&home);
    let problems = loop {
        match window.recv_timeout(crate::common::DEADLOCK_GUARD).unwrap() {
            ToWindow::Problems(problems) => break problems,
            _ => continue,
        }
    };
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("“Bad”: Schedule \"0 25 * * *\": hour 25 is out of range"));
    assert!(problems[1].contains("not a valid glob"), "{problems:?}");
}
