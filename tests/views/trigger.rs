//! View tests of what the launcher does for scripts that start by themselves and
//! for keywords: gpui's test window, real bash scripts, and the real trigger host
//! (its messages to the window are handed to the launcher as the app does).

use std::sync::mpsc;

use gpui::{Entity, TestAppContext, VisualTestContext};
use serde_json::Value;
use skit::app::launcher::{Launcher, LauncherEvent};
use skit::app::notices;
use skit::catalog::Catalog;
use skit::launch::Interpreters;
use skit::notifications::Notifications;
use skit::triggers::{Control, Host, Options, ToWindow};

use crate::common::Home;
use crate::common::view::{self, open, state, wait_until};

/// The trigger host over `home`'s scripts, as the app starts it.
fn start_host(home: &Home) -> (Host, mpsc::Receiver<ToWindow>) {
    let (window, from_host) = async_channel::bounded(64);
    let host = Host::start(Options {
        context: view::context(home),
        logs_dir: view::logs_dir(home),
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
    host.set_scripts(Catalog::load(&home.scripts(), &Interpreters::default()).scripts);
    (host, rx)
}

/// Hands what the host sent to the launcher, as `Shell::on_triggered` does.
/// Returns how many runs asked.
fn pump(
    from_host: &mpsc::Receiver<ToWindow>,
    launcher: &Entity<Launcher>,
    cx: &mut VisualTestContext,
) -> usize {
    let mut asked = 0;
    while let Ok(message) = from_host.try_recv() {
        match message {
            ToWindow::Asks(asking) => {
                asked += 1;
                launcher.update_in(cx, |l, window, cx| l.adopt(asking, window, cx));
            }
            ToWindow::Running(running) => {
                launcher.update(cx, |l, cx| l.set_running(running, cx));
            }
            ToWindow::Copy(_) | ToWindow::Problems(_) => {}
        }
    }
    cx.run_until_parked();
    asked
}

/// Records the launcher's events.
fn events(
    launcher: &Entity<Launcher>,
    cx: &mut VisualTestContext,
) -> std::rc::Rc<std::cell::RefCell<Vec<LauncherEvent>>> {
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    cx.update(|_, cx| {
        let events = events.clone();
        cx.subscribe(launcher, move |_, event: &LauncherEvent, _| {
            events.borrow_mut().push(event.clone())
        })
        .detach();
    });
    events
}

#[gpui::test]
fn a_keyword_pins_its_script_and_enter_runs_it_with_the_rest(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let seen = home.path().join("seen");
    home.script(
        "search-github.sh",
        &format!(
            "# Name: Search GitHub\n# Keyword: gh\nsource \"$SKIT_SDK/skit.sh\"\necho \"$#|$1|$SKIT_INPUT|$SKIT_TRIGGER\" > '{}'\nskit_arg \"Search GitHub for…\" > /dev/null\n",
            seen.display()
        ),
    );
    home.script("open-github.sh", "# Name: Open GitHub\n# Alias: gh\n");
    home.script("ghost.sh", "# Name: Ghost Town\n");
    let (launcher, cx) = open(&home, cx);

    // Without a space "gh" is an ordinary query: the alias matches.
    cx.simulate_input("gh");
    assert_eq!(state(&launcher, cx)["selected"], "Open GitHub");
    cx.simulate_input(" rust lang");
    let s = state(&launcher, cx);
    assert_eq!(
        s["selected"], "Search GitHub",
        "the keyword's script is pinned first"
    );
    // The pinned row, the scripts the whole query matches (none), Create script.
    assert_eq!(s["rows"], 2, "{s}");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "its prompt", |cx| {
        state(&launcher, cx)["screen"] == "prompt"
    });
    let s = state(&launcher, cx);
    assert_eq!(
        s["query"], "rust lang",
        "the first arg prompt starts with the text"
    );
    assert_eq!(s["prompt"]["input"], "rust lang");
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        "1|rust lang|rust lang|keyword\n"
    );
    cx.simulate_keystrokes("escape");

    // Tab on a script with a keyword types the keyword.
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("search git");
    assert_eq!(state(&launcher, cx)["selected"], "Search GitHub");
    cx.simulate_keystrokes("tab");
    assert_eq!(state(&launcher, cx)["query"], "gh ");
    assert_eq!(state(&launcher, cx)["selected"], "Search GitHub");
    // On a script without one, Tab does nothing.
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("ghost");
    cx.simulate_keystrokes("tab");
    assert_eq!(state(&launcher, cx)["query"], "ghost");
}

#[gpui::test]
fn a_triggered_prompt_waits_for_the_run_on_screen_then_shows_who_asks(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let answer = home.path().join("answer");
    let inbox = home.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    home.script(
        "sort.sh",
        &format!(
            "# Name: Sort It\n# Watch: ~/inbox/*.pdf\nsource \"$SKIT_SDK/skit.sh\"\nwhere=$(skit_arg \"Where should it go?\" Documents Archive)\nprintf '%s' \"$where\" > '{}'\nskit_notify \"Filed under $where\"\n",
            answer.display()
        ),
    );
    home.script(
        "busy.sh",
        "# Name: Busy\nsource \"$SKIT_SDK/skit.sh\"\nskit_arg \"Busy with this\" > /dev/null\n",
    );
    let (launcher, cx) = open(&home, cx);
    let events = events(&launcher, cx);
    let (_host, from_host) = start_host(&home);

    // The user is busy with a run of their own.
    cx.simulate_input("busy");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the busy prompt", |cx| {
        state(&launcher, cx)["prompt"]["placeholder"] == "Busy with this"
    });
    // A file lands in the watched folder (again, until the watch is in place).
    let files = std::cell::Cell::new(0);
    wait_until(cx, "the watch script to ask", |cx| {
        files.set(files.get() + 1);
        if files.get() % 50 == 1 {
            let file = inbox.join(format!("file-{}.pdf", files.get()));
            std::fs::write(file, "%PDF").unwrap();
        }
        pump(&from_host, &launcher, cx) > 0
    });
    wait_until(cx, "it to wait in line", |cx| {
        state(&launcher, cx)["waiting"] == 1
    });
    let s = state(&launcher, cx);
    assert_eq!(
        s["prompt"]["placeholder"], "Busy with this",
        "the screen stays"
    );
    assert_eq!(
        s["notice"],
        "“Sort It” wants to ask something; it waits until “Busy” is done"
    );

    // The user's run ends: the waiting one shows, saying which script asks.
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the triggered prompt", |cx| {
        state(&launcher, cx)["prompt"]["placeholder"] == "Where should it go?"
    });
    assert_eq!(state(&launcher, cx)["asking"], "Sort It");
    cx.simulate_input("arch");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the answer", |_| {
        std::fs::read_to_string(&answer).is_ok_and(|a| !a.is_empty())
    });
    assert_eq!(std::fs::read_to_string(&answer).unwrap(), "Archive");
    // Answered, it goes on out of sight: back to the list, the window hides,
    // and its notice goes to the desktop (the launcher is told it is hidden).
    wait_until(cx, "the list", |cx| {
        state(&launcher, cx)["screen"] == "scripts"
    });
    // (Once the notice about waiting has faded.)
    cx.executor()
        .advance_clock(notices::SHOW_FOR + notices::FADE_FOR);
    cx.run_until_parked();
    assert!(events.borrow().contains(&LauncherEvent::Hide));
    launcher.update(cx, |l, _| l.set_visible(false));
    wait_until(cx, "its notice on the desktop", |cx| {
        pump(&from_host, &launcher, cx);
        events.borrow().iter().any(|e| {
            *e == LauncherEvent::DesktopNotice {
                title: "Sort It".into(),
                text: "Filed under Archive".into(),
            }
        })
    });

    // View Log shows what its runs did.
    launcher.update(cx, |l, _| l.set_visible(true));
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("sort it");
    cx.simulate_keystrokes("ctrl-l");
    wait_until(cx, "the log", |cx| state(&launcher, cx)["screen"] == "log");
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "Log of “Sort It”");
    let rows = s["rows"].as_u64().unwrap();
    assert!(rows >= 4, "{s}");
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
}

/// What the actions menu of `script` selects for `query` (then back to the list).
fn menu_pick(
    cx: &mut VisualTestContext,
    launcher: &Entity<Launcher>,
    script: &str,
    query: &str,
) -> Value {
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input(script);
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(launcher, cx)["screen"], "actions");
    cx.simulate_input(query);
    let selected = state(launcher, cx)["selected"].clone();
    cx.simulate_keystrokes("escape");
    selected
}

#[gpui::test]
fn a_background_script_has_a_running_badge_and_start_stop_in_its_menu(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let script = home.script(
        "ticker.sh",
        "# Name: Ticker\n# Background: true\necho started\nexec sleep 1000\n",
    );
    home.script("plain.sh", "# Name: Plain\n");
    let (launcher, cx) = open(&home, cx);
    let events = events(&launcher, cx);
    let (host, from_host) = start_host(&home);
    let running = |cx: &mut VisualTestContext| {
        pump(&from_host, &launcher, cx);
        cx.update(|_, cx| launcher.read(cx).is_running(&script, cx))
    };
    wait_until(cx, "it to start with the host", |cx| running(cx));

    // Running: Stop, Restart and View log; no Start.
    assert_eq!(menu_pick(cx, &launcher, "ticker", "stop"), "Stop");
    assert_eq!(menu_pick(cx, &launcher, "ticker", "restart"), "Restart");
    assert_eq!(menu_pick(cx, &launcher, "ticker", "view log"), "View log");
    assert_ne!(menu_pick(cx, &launcher, "ticker", "start"), "Start");
    cx.simulate_keystrokes("ctrl-k");
    cx.simulate_input("stop");
    cx.simulate_keystrokes("enter");
    let asked = events
        .borrow()
        .iter()
        .find_map(|e| match e {
            LauncherEvent::Background(path, control) => Some((path.clone(), *control)),
            _ => None,
        })
        .expect("Stop goes to the app");
    assert_eq!(asked, (script.clone(), Control::Stop));
    host.control(asked.0, asked.1).unwrap();
    wait_until(cx, "it to stop", |cx| !running(cx));
    assert_eq!(menu_pick(cx, &launcher, "ticker", "start"), "Start");
    assert_ne!(menu_pick(cx, &launcher, "ticker", "stop"), "Stop");
    // A script without triggers has none of these.
    for action in ["view log", "start", "stop"] {
        let picked = menu_pick(cx, &launcher, "plain", action);
        assert!(
            !["View log", "Start", "Stop"].contains(&picked.as_str().unwrap_or_default()),
            "{action}: {picked}"
        );
    }
}

#[gpui::test]
fn a_notice_while_the_window_is_hidden_goes_to_the_desktop(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "remind.sh",
        "# Name: Remind Me\nsource \"$SKIT_SDK/skit.sh\"\nskit_notify \"seen in the window\"\nskit_hide\nskit_notify \"seen on the desktop\"\n",
    );
    let (launcher, cx) = open(&home, cx);
    let events = events(&launcher, cx);
    // The shell tells the launcher when it hides the window, as here.
    cx.update(|_, cx| {
        let hidden = launcher.clone();
        cx.subscribe(&launcher, move |_, event: &LauncherEvent, cx| {
            if *event == LauncherEvent::Hide {
                hidden.update(cx, |l, _| l.set_visible(false));
            }
        })
        .detach();
    });
    cx.simulate_input("remind");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the desktop notice", |_| {
        events.borrow().iter().any(|e| {
            *e == LauncherEvent::DesktopNotice {
                title: "Remind Me".into(),
                text: "seen on the desktop".into(),
            }
        })
    });
    let desktop: Vec<LauncherEvent> = events
        .borrow()
        .iter()
        .filter(|e| matches!(e, LauncherEvent::DesktopNotice { .. }))
        .cloned()
        .collect();
    assert_eq!(
        desktop.len(),
        1,
        "the first notice was in the window: {desktop:?}"
    );
}
