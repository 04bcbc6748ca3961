//! View tests of the launcher with gpui's TestAppContext: typing, keys, and real
//! scripts (bash and Python processes) answering through the window's prompts.
//! The window is gpui's test window; the scripts and the runner are real.

mod common;

use std::time::{Duration, Instant};

use gpui::{Entity, TestAppContext, VisualTestContext};
use serde_json::Value;
use skit::app::launcher::{Fonts, Launcher};
use skit::app::scripts_delegate::ScriptsDelegate;
use skit::app::theme::{self, Mode, Themes};
use skit::catalog::Catalog;
use skit::frecency::Frecency;
use skit::launch::Interpreters;
use skit::run::RunContext;
use skit::script_list::ScriptList;

use common::Home;

/// Opens a launcher over `home`'s scripts in a test window.
fn open<'a>(
    home: &Home,
    cx: &'a mut TestAppContext,
) -> (Entity<Launcher>, &'a mut VisualTestContext) {
    let (themes, _) = Themes::load(&home.path().join("themes"));
    cx.update(|cx| {
        skit::app::init(cx);
        cx.set_global(themes.light.clone());
        cx.set_global(Fonts {
            ui: "Inter".into(),
            mono: "DejaVu Sans Mono".into(),
        });
    });
    let catalog = Catalog::load(&home.scripts(), &Interpreters::default());
    let sdk = home.path().join("sdk");
    skit::bundled::install_sdk(&sdk).unwrap();
    let delegate = ScriptsDelegate::new(
        ScriptList::new(catalog.scripts),
        Frecency::load(&home.path().join("frecency.json")),
        home.scripts().display().to_string(),
    );
    let context = RunContext {
        interpreters: Interpreters::default(),
        sdk_dir: sdk,
    };
    cx.add_window_view(|window, cx| {
        let launcher = Launcher::new(delegate, context, window, cx);
        launcher.focus_input(window, cx);
        launcher
    })
}

/// Runs the app until `condition` holds; scripts answer from real threads.
fn wait_until(
    cx: &mut VisualTestContext,
    what: &str,
    condition: impl Fn(&mut VisualTestContext) -> bool,
) {
    let start = Instant::now();
    loop {
        cx.run_until_parked();
        if condition(cx) {
            return;
        }
        assert!(
            start.elapsed() < common::DEADLOCK_GUARD,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn state(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> Value {
    cx.update(|_, cx| launcher.read(cx).state(cx))
}

fn add_tools(home: &Home) {
    for (file, name) in [
        ("alpha.sh", "Alpha Tool"),
        ("beta.sh", "Beta Tool"),
        ("clipboard.sh", "Clipboard History"),
        ("close.sh", "Close Windows"),
    ] {
        home.script(file, &format!("# Name: {name}\n"));
    }
}

#[gpui::test]
fn typing_filters_and_keys_move_the_selection(cx: &mut TestAppContext) {
    let home = Home::new();
    add_tools(&home);
    for i in 0..20 {
        home.script(
            &format!("many/tool-{i:02}.sh"),
            &format!("# Name: Many {i:02}\n"),
        );
    }
    let (launcher, cx) = open(&home, cx);
    assert_eq!(state(&launcher, cx)["selected"], "Alpha Tool");

    cx.simulate_input("clo");
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "clo");
    assert_eq!(s["selected"], "Close Windows");
    let count = cx.update(|_, cx| launcher.read(cx).scripts().read(cx).match_count());
    assert_eq!(count, 2, "Close Windows and Clipboard History");
    cx.simulate_keystrokes("down");
    assert_eq!(state(&launcher, cx)["selected"], "Clipboard History");

    // Backspace edits the query; Ctrl+Backspace deletes the word.
    cx.simulate_keystrokes("backspace");
    assert_eq!(state(&launcher, cx)["query"], "cl");
    cx.simulate_keystrokes("ctrl-backspace");
    assert_eq!(state(&launcher, cx)["query"], "");

    cx.simulate_input("many");
    assert_eq!(state(&launcher, cx)["selected"], "Many 00");
    cx.simulate_keystrokes("pagedown");
    assert_eq!(state(&launcher, cx)["selected"], "Many 08");
    cx.simulate_keystrokes("up");
    assert_eq!(state(&launcher, cx)["selected"], "Many 07");
    // End at the end of the query goes to the last row; Home at its start to the first.
    cx.simulate_keystrokes("end");
    assert_eq!(state(&launcher, cx)["selected"], "Many 19");
    cx.simulate_keystrokes("home");
    assert_eq!(
        state(&launcher, cx)["query"],
        "many",
        "Home first moves the cursor"
    );
    cx.simulate_keystrokes("home");
    assert_eq!(state(&launcher, cx)["selected"], "Many 00");

    cx.simulate_input("zzzz");
    assert_eq!(state(&launcher, cx)["selected"], Value::Null);
    // Enter with no match does nothing at all.
    cx.simulate_keystrokes("enter");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
}

#[gpui::test]
fn enter_runs_a_script_whose_arg_prompt_answers_it(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let answer = home.path().join("answer.txt");
    home.script(
        "pick.sh",
        &format!(
            "# Name: Pick Fruit\nsource \"$SKIT_SDK/skit.sh\"\nfruit=$(skit_arg \"Pick a fruit\" apple banana cherry)\nprintf '%s' \"$fruit\" > '{}'\n",
            answer.display()
        ),
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("pick");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the arg prompt", |cx| {
        state(&launcher, cx)["screen"] == "prompt"
    });
    let s = state(&launcher, cx);
    assert_eq!(s["prompt"]["placeholder"], "Pick a fruit");
    assert_eq!(s["selected"], "apple");
    assert_eq!(s["query"], "", "a new prompt starts with an empty query");

    cx.simulate_input("ban");
    assert_eq!(state(&launcher, cx)["selected"], "banana");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the script to write its answer", |_| answer.exists());
    wait_until(cx, "the run to end", |cx| {
        state(&launcher, cx)["screen"] == "scripts"
    });
    assert_eq!(std::fs::read_to_string(&answer).unwrap(), "banana");
}

#[gpui::test]
fn free_text_and_non_strict_prompts_submit_what_was_typed(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = home.path().join("out.txt");
    home.script(
        "ask.py",
        &format!(
            r#"# Name: Ask
import os, sys
sys.path.insert(0, os.environ["SKIT_SDK"])
import skit
name = skit.arg("Your name?")
color = skit.arg("Colour", ["red", "green"], strict=False)
strict = skit.arg("Strict", ["one", "two"])
open({out:?}, "w").write(name + "|" + color + "|" + strict)
"#,
            out = out.display().to_string()
        ),
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("ask");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the first prompt", |cx| {
        state(&launcher, cx)["prompt"]["placeholder"] == "Your name?"
    });
    cx.simulate_input("Ada Lovelace");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the second prompt", |cx| {
        state(&launcher, cx)["prompt"]["placeholder"] == "Colour"
    });
    cx.simulate_input("purple");
    assert_eq!(state(&launcher, cx)["selected"], Value::Null);
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the strict prompt", |cx| {
        state(&launcher, cx)["prompt"]["placeholder"] == "Strict"
    });
    cx.simulate_input("nothing");
    cx.simulate_keystrokes("enter");
    // Strict and no match: Enter does nothing; the prompt is still open.
    cx.run_until_parked();
    assert_eq!(state(&launcher, cx)["prompt"]["placeholder"], "Strict");
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("tw");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the answers", |_| {
        out.exists() && !std::fs::read_to_string(&out).unwrap().is_empty()
    });
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "Ada Lovelace|purple|two"
    );
}

#[gpui::test]
fn set_choices_replaces_the_list_and_keeps_query_and_selection(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let go = home.path().join("go");
    home.script(
        "stream.sh",
        &format!(
            "# Name: Stream\nsource \"$SKIT_SDK/skit.sh\"\nskit_arg_open Files\nskit_set_choices \"$_SKIT_ID\" apple apricot banana\nwhile [ ! -e '{go}' ]; do sleep 0.01; done\nskit_set_choices \"$_SKIT_ID\" avocado apricot apple cherry\nskit_wait \"$_SKIT_ID\" > /dev/null\n",
            go = go.display()
        ),
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("stream");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the first choices", |cx| {
        let s = state(&launcher, cx);
        s["screen"] == "prompt" && s["selected"] == "apple"
    });
    cx.simulate_input("ap");
    cx.simulate_keystrokes("down");
    assert_eq!(state(&launcher, cx)["selected"], "apricot");
    std::fs::write(&go, "").unwrap();
    let count = |cx: &mut VisualTestContext| {
        cx.update(|_, cx| {
            launcher
                .read(cx)
                .arg_list()
                .map(|list| list.read(cx).delegate.choice_count())
                .unwrap_or(0)
        })
    };
    wait_until(cx, "the new choices", |cx| count(cx) == 4);
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "ap");
    assert_eq!(
        s["selected"], "apricot",
        "the selected choice still exists and stays selected"
    );
}

#[gpui::test]
fn escape_cancels_the_run_and_stops_the_process(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "wait.sh",
        "# Name: Waiter\nsleep 1000 &\necho '{\"type\":\"arg\",\"id\":\"1\",\"placeholder\":\"Waiting\"}'\nwait\n",
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("waiter");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the prompt", |cx| {
        state(&launcher, cx)["screen"] == "prompt"
    });
    let pid = cx.update(|_, cx| launcher.read(cx).run_handle().unwrap().pid()) as i32;
    assert!(common::alive(pid));
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
    common::wait_until("the script to be stopped", || {
        !common::alive(pid) || is_zombie(pid)
    });
}

fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| s.split_whitespace().nth(2) == Some("Z"))
        .unwrap_or(false)
}

#[gpui::test]
fn a_failed_run_shows_its_exit_code_and_stderr_until_dismissed(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "fail.sh",
        "# Name: Failing\necho 'disk is full' >&2\nexit 4\n",
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("failing");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the failure", |cx| {
        state(&launcher, cx)["screen"] == "failed"
    });
    let (title, detail) = cx.update(|_, cx| {
        let (title, detail) = launcher.read(cx).failure().unwrap();
        (title.to_string(), detail.to_string())
    });
    assert!(title.contains("exit code 4"), "{title}");
    assert_eq!(detail, "disk is full\n");
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
}

#[gpui::test]
fn unrendered_messages_are_a_notice_not_a_crash(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "out.sh",
        "# Name: Talker\necho 'first line'\necho '{\"type\":\"notify\",\"text\":\"Hello there\"}'\necho '{\"bad json'\necho '{\"type\":\"arg\",\"id\":\"1\"}'\nread answer\n",
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("talker");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the prompt", |cx| {
        state(&launcher, cx)["screen"] == "prompt"
    });
    let notice = state(&launcher, cx)["notice"].as_str().unwrap().to_string();
    assert!(notice.contains("Line 3"), "{notice}");
    let output = cx.update(|_, cx| launcher.read(cx).output());
    assert_eq!(output, ["first line"]);
}

#[gpui::test]
fn a_theme_change_swaps_the_palette(cx: &mut TestAppContext) {
    let home = Home::new();
    let (themes, _) = Themes::load(&home.path().join("themes"));
    let (_launcher, cx) = open(&home, cx);
    let background =
        |cx: &mut VisualTestContext| cx.update(|_, cx| cx.global::<theme::Theme>().background);
    let light = background(cx);
    cx.update(|_, cx| theme::apply(&themes, Mode::Dark, cx));
    let dark = background(cx);
    assert_ne!(light, dark);
    assert_eq!(dark, themes.dark.background);
    cx.update(|_, cx| theme::apply(&themes, Mode::Light, cx));
    assert_eq!(background(cx), light);
}
