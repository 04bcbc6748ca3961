//! View tests of the launcher with gpui's TestAppContext: typing, keys, and real
//! scripts (bash and Python processes) answering through the window's prompts.
//! The window is gpui's test window; the scripts and the runner are real.

use std::time::Duration;

use gpui::{Entity, TestAppContext, VisualContext, VisualTestContext};
use serde_json::Value;
use skit::app::launcher::{Launcher, LauncherEvent};
use skit::app::notices;
use skit::app::theme::{self, Themes};
use skit::catalog::Catalog;
use skit::launch::Interpreters;
use skit::script_list::ScriptList;

use crate::common::Home;
use crate::common::view::{answer_script, open, read_answer, run_until, state, wait_until};

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
    assert_eq!(
        state(&launcher, cx)["rows"],
        3,
        "Close Windows, Clipboard History, and Create script"
    );
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
    // End at the end of the query goes to the last row (Create script); Home at its
    // start to the first.
    cx.simulate_keystrokes("end");
    assert_eq!(state(&launcher, cx)["selected"], "Create script “many”");
    cx.simulate_keystrokes("up");
    assert_eq!(state(&launcher, cx)["selected"], "Many 19");
    cx.simulate_keystrokes("home");
    assert_eq!(
        state(&launcher, cx)["query"],
        "many",
        "Home first moves the cursor"
    );
    cx.simulate_keystrokes("home");
    assert_eq!(state(&launcher, cx)["selected"], "Many 00");

    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("zzzz");
    assert_eq!(state(&launcher, cx)["selected"], "Create script “zzzz”");
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
    run_until(cx, &launcher, "pick", "prompt");
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
        cx.update(|_, cx| launcher.read(cx).choice_count(cx).unwrap_or(0))
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
    run_until(cx, &launcher, "waiter", "prompt");
    let pid = cx.update(|_, cx| launcher.read(cx).run_pid(cx).unwrap()) as i32;
    assert!(crate::common::alive(pid));
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
    crate::common::wait_until("the script to be stopped", || {
        !crate::common::alive(pid) || is_zombie(pid)
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
    run_until(cx, &launcher, "failing", "failed");
    let (title, detail) = cx.update(|_, cx| launcher.read(cx).failure(cx).unwrap());
    assert!(title.contains("exit code 4"), "{title}");
    assert_eq!(detail, "disk is full\n");
    cx.simulate_keystrokes("escape");
    let s = state(&launcher, cx);
    assert_eq!(s["screen"], "scripts");
    assert_eq!(s["query"], "failing");
    assert_eq!(
        s["selected"], "Failing",
        "the list still shows the script after its run"
    );
}

#[gpui::test]
fn a_bad_line_is_a_notice_and_output_lines_are_kept(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "out.sh",
        "# Name: Talker\necho 'first line'\necho '{\"bad json'\necho 'second line'\necho '{\"type\":\"arg\",\"id\":\"1\"}'\nread answer\n",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "talker", "prompt");
    let notice = state(&launcher, cx)["notice"].as_str().unwrap().to_string();
    assert!(
        notice.starts_with("Line 2 of the script's output: invalid JSON"),
        "{notice}"
    );
    let output = |cx: &mut VisualTestContext| cx.update(|_, cx| launcher.read(cx).output(cx));
    let (lines, expanded) = output(cx);
    assert_eq!(lines, ["first line", "second line"]);
    // Ctrl+O folds the output area and unfolds it again.
    assert!(expanded);
    cx.simulate_keystrokes("ctrl-o");
    assert!(!output(cx).1);
    cx.simulate_keystrokes("ctrl-o");
    assert!(output(cx).1);
}

/// A Python script that shows one prompt and writes the JSON answer it got.
#[gpui::test]
fn div_shows_markdown_and_enter_submits_null(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Doc",
        r##"skit._prompt({"type": "div", "markdown": "# Title\n\nSome *text* and [a link](https://example.com).\n\n- one\n- two\n\n```\ncode\n```\n\n> quote\n\n---\n" + "more\n\n" * 60})"##,
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("doc");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the div", |cx| {
        state(&launcher, cx)["prompt"]["type"] == "div"
    });
    let kinds = cx.update(|_, cx| launcher.read(cx).div_blocks(cx));
    assert_eq!(
        kinds[..6],
        ["Heading", "Paragraph", "List", "Code", "Quote", "Rule"]
    );
    // Scrolling keys do not submit.
    cx.simulate_keystrokes("down pagedown up");
    assert_eq!(state(&launcher, cx)["prompt"]["type"], "div");
    cx.simulate_keystrokes("enter");
    assert_eq!(read_answer(cx, &out), Value::Null);
}

#[gpui::test]
fn fields_tab_between_inputs_and_enter_submits_the_object(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Form",
        r#"skit.fields([{"name": "title", "label": "Title"}, {"name": "tags", "value": "work"}, "body"])"#,
    );
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("form");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the form", |cx| {
        state(&launcher, cx)["prompt"]["type"] == "fields"
    });
    // The first field has focus.
    cx.simulate_input("Groceries");
    cx.simulate_keystrokes("tab");
    cx.simulate_input(", home");
    cx.simulate_keystrokes("tab");
    cx.simulate_input("milk");
    cx.simulate_keystrokes("shift-tab shift-tab");
    cx.simulate_input("!");
    cx.simulate_keystrokes("enter");
    assert_eq!(
        read_answer(cx, &out),
        serde_json::json!({"title": "Groceries!", "tags": "work, home", "body": "milk"})
    );
}

#[gpui::test]
fn editor_enter_is_a_newline_and_ctrl_enter_submits(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(&home, "Writer", r#"skit.editor("first line")"#);
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("writer");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the editor", |cx| {
        state(&launcher, cx)["prompt"]["type"] == "editor"
    });
    cx.simulate_keystrokes("enter");
    cx.simulate_input("second line");
    cx.simulate_keystrokes("enter");
    cx.simulate_input("third");
    cx.simulate_keystrokes("ctrl-backspace backspace");
    cx.simulate_keystrokes("ctrl-enter");
    assert_eq!(read_answer(cx, &out), "first line\nsecond line");
}

#[gpui::test]
fn notices_queue_and_fade_and_effects_reach_the_app(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "effects.sh",
        "# Name: Effects\nsource \"$SKIT_SDK/skit.sh\"\nskit_notify one\nskit_notify two\nskit_copy 'copied text'\nskit_open https://example.com\nskit_hide\nskit_show\nskit_arg wait >/dev/null\n",
    );
    let (launcher, cx) = open(&home, cx);
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    cx.update(|_, cx| {
        let events = events.clone();
        cx.subscribe(&launcher, move |_, event: &LauncherEvent, _| {
            events.borrow_mut().push(event.clone())
        })
        .detach();
    });
    run_until(cx, &launcher, "effects", "prompt");
    assert_eq!(
        events
            .borrow()
            .iter()
            .filter(|e| !matches!(e, LauncherEvent::Show))
            .cloned()
            .collect::<Vec<_>>(),
        [
            LauncherEvent::Copy("copied text".into()),
            LauncherEvent::Open("https://example.com".into()),
            LauncherEvent::Hide,
        ]
    );
    // The first notice shows; the second waits its turn, then replaces it.
    assert_eq!(state(&launcher, cx)["notice"], "one");
    cx.executor().advance_clock(notices::SHOW_FOR);
    cx.run_until_parked();
    assert_eq!(state(&launcher, cx)["notice"], "one", "fading");
    cx.executor().advance_clock(notices::FADE_FOR);
    cx.run_until_parked();
    assert_eq!(state(&launcher, cx)["notice"], "two");
    cx.executor()
        .advance_clock(notices::SHOW_FOR + notices::FADE_FOR);
    cx.run_until_parked();
    assert_eq!(state(&launcher, cx)["notice"], Value::Null);
}

#[gpui::test]
fn a_theme_change_swaps_the_palette(cx: &mut TestAppContext) {
    let home = Home::new();
    let (themes, _) = Themes::load(&home.path().join("themes"));
    let (_launcher, cx) = open(&home, cx);
    let background =
        |cx: &mut VisualTestContext| cx.update(|_, cx| cx.global::<theme::Theme>().background);
    let apply = |theme: &theme::Theme, cx: &mut VisualTestContext| {
        cx.update(|_, cx| {
            cx.set_global(theme.clone());
            cx.refresh_windows();
        })
    };
    let light = background(cx);
    apply(&themes.dark, cx);
    let dark = background(cx);
    assert_ne!(light, dark);
    assert_eq!(dark, themes.dark.background);
    apply(&themes.light, cx);
    assert_eq!(background(cx), light);
}

#[gpui::test]
fn create_writes_a_script_from_the_template_and_opens_it(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let (launcher, cx) = open(&home, cx);
    cx.simulate_input("Say Hello");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Create script “Say Hello”"
    );
    cx.simulate_keystrokes("enter");
    let path = home.scripts().join("say-hello.py");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("#!/usr/bin/env python3\n# Name: Say Hello\n"),
        "{text}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o111,
        0o111
    );
    crate::common::wait_until("the editor to be started on it", || {
        std::fs::read_to_string(home.path().join("edited"))
            .is_ok_and(|t| t == path.to_str().unwrap())
    });
    assert_eq!(state(&launcher, cx)["query"], "");
}

/// Opens the actions menu on the script named `name` and picks `action`.
fn act(cx: &mut VisualTestContext, launcher: &Entity<Launcher>, name: &str, action: &str) {
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input(name);
    assert_eq!(state(launcher, cx)["selected"], name);
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(launcher, cx)["screen"], "actions");
    cx.simulate_input(action);
    cx.simulate_keystrokes("enter");
}

#[gpui::test]
fn actions_change_files_in_the_scripts_folder(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let greet = home.script("greet.sh", "# Name: Greet\necho hi\n");
    let (launcher, cx) = open(&home, cx);
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    cx.update(|_, cx| {
        let events = events.clone();
        cx.subscribe(&launcher, move |_, event: &LauncherEvent, _| {
            events.borrow_mut().push(event.clone())
        })
        .detach();
    });
    let reload = |cx: &mut VisualTestContext| {
        let catalog = Catalog::load(&home.scripts(), &Interpreters::default());
        cx.update(|_, cx| {
            launcher.update(cx, |l, cx| {
                l.set_scripts(ScriptList::new(catalog.scripts), cx)
            })
        });
    };

    act(cx, &launcher, "Greet", "dupl");
    let copy = home.scripts().join("greet-copy.sh");
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("# Name: Greet (copy)")
    );
    reload(cx);

    act(cx, &launcher, "Greet (copy)", "rename");
    assert_eq!(state(&launcher, cx)["screen"], "rename");
    assert_eq!(state(&launcher, cx)["query"], "Greet (copy)");
    cx.simulate_keystrokes("ctrl-a");
    cx.simulate_input("Wave");
    cx.simulate_keystrokes("enter");
    let wave = home.scripts().join("wave.sh");
    assert!(!copy.exists());
    assert!(
        std::fs::read_to_string(&wave)
            .unwrap()
            .contains("# Name: Wave")
    );
    reload(cx);

    act(cx, &launcher, "Wave", "delete");
    assert_eq!(state(&launcher, cx)["screen"], "delete");
    cx.simulate_keystrokes("escape");
    assert!(wave.exists(), "Escape keeps the script");
    act(cx, &launcher, "Wave", "delete");
    cx.simulate_keystrokes("enter");
    assert!(!wave.exists());
    let trashed: Vec<_> = std::fs::read_dir(home.path().join("trash"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(trashed.len(), 1);
    assert!(
        trashed[0]
            .file_name()
            .to_string_lossy()
            .ends_with("-wave.sh")
    );
    reload(cx);

    act(cx, &launcher, "Greet", "copy path");
    assert!(
        events
            .borrow()
            .contains(&LauncherEvent::Copy(greet.to_string_lossy().into_owned()))
    );

    // Direct keys work from the list without the menu.
    cx.simulate_keystrokes("escape");
    cx.simulate_input("Greet");
    cx.simulate_keystrokes("ctrl-e");
    crate::common::wait_until("the editor to be started on it", || {
        std::fs::read_to_string(home.path().join("edited"))
            .is_ok_and(|t| t == greet.to_str().unwrap())
    });
    cx.simulate_keystrokes("ctrl-d");
    assert!(home.scripts().join("greet-copy.sh").exists());
}

#[gpui::test]
fn reset_ranking_forgets_usage(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("a.sh", "# Name: Alpha\n");
    home.script("b.sh", "# Name: Beta\n");
    let (launcher, cx) = open(&home, cx);
    assert_eq!(state(&launcher, cx)["selected"], "Alpha");
    run_until(cx, &launcher, "beta", "scripts");
    cx.simulate_keystrokes("ctrl-a backspace");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Beta",
        "used scripts rise"
    );
    cx.simulate_keystrokes("ctrl-shift-r");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Beta",
        "the selection stays put"
    );
    cx.simulate_keystrokes("home");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Alpha",
        "and Alpha is first again"
    );
}

#[gpui::test]
fn the_welcome_page_shows_once_and_enter_leads_to_the_list(cx: &mut TestAppContext) {
    let home = Home::new();
    let (launcher, cx) = open(&home, cx);
    let text = skit::first_run::welcome(
        "ctrl+alt+space",
        &home.scripts(),
        &home.path().join("config.json"),
        None,
    );
    cx.update(|window, cx| launcher.update(cx, |l, cx| l.welcome(&text, window, cx)));
    assert_eq!(state(&launcher, cx)["screen"], "welcome");
    cx.simulate_keystrokes("enter");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
}

/// Opens the bundled-like "Many" script: 60,001 choices, more than skit ranks on
/// the UI thread, with one needle among them. Waits until all are in.
fn open_many(cx: &mut VisualTestContext, launcher: &Entity<Launcher>, home: &Home) {
    home.script(
        "many.py",
        r#"# Name: Many
import json, sys
print(json.dumps({"type": "arg", "id": "1", "choices": []}), flush=True)
for part in range(6):
    names = [f"item {part * 10000 + i}" for i in range(10000)]
    print(json.dumps({"type": "setChoices", "id": "1", "choices": names, "append": True}), flush=True)
print(json.dumps({"type": "setChoices", "id": "1", "choices": ["needle in a haystack"], "append": True}), flush=True)
answer = json.loads(sys.stdin.readline())
open("answer.json", "w").write(json.dumps(answer["value"]))
"#,
    );
    let catalog = Catalog::load(&home.scripts(), &Interpreters::default());
    cx.update(|_, cx| {
        launcher.update(cx, |l, cx| {
            l.set_scripts(ScriptList::new(catalog.scripts), cx)
        })
    });
    cx.simulate_input("many");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "all 60,001 choices", |cx| {
        let s = state(launcher, cx);
        s["rows"] == 60_001 && s["matching"] == false
    });
}

/// Presses `keys` (as `simulate_keystrokes` takes them) without letting anything
/// else run in between, as a fast typist does: a background ranking started by
/// one key is still running when the next arrives.
fn type_fast(cx: &mut VisualTestContext, keys: &'static str) {
    let window = cx.window_handle();
    for key in keys.split(' ') {
        cx.dispatch_keystroke(window, gpui::Keystroke::parse(key).unwrap());
    }
}

#[gpui::test]
fn long_lists_are_ranked_in_the_background_and_stale_results_dropped(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let (launcher, cx) = open(&home, cx);
    open_many(cx, &launcher, &home);
    // One key: more than BACKGROUND_FROM choices are ranked off the UI thread, and
    // the list says so until the ranking lands.
    type_fast(cx, "i t e m space 4 2");
    assert_eq!(state(&launcher, cx)["matching"], true);
    // Then, before that ranking ends, a query whose best row is another one: only
    // the newest query's rows may ever show.
    type_fast(cx, "ctrl-a backspace n e e d l e");
    wait_until(cx, "the ranking to settle", |cx| {
        state(&launcher, cx)["matching"] == false
    });
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "needle");
    assert_eq!(s["selected"], "needle in a haystack");
    assert_eq!(s["rows"], 1);
}

#[gpui::test]
fn enter_while_a_long_list_is_ranked_submits_the_best_row_of_the_typed_query(
    cx: &mut TestAppContext,
) {
    cx.executor().allow_parking();
    let home = Home::new();
    let (launcher, cx) = open(&home, cx);
    open_many(cx, &launcher, &home);
    assert_eq!(state(&launcher, cx)["selected"], "item 0");
    // Typed fast and Enter at once: the rows on screen are still the empty
    // query's (best row "item 0") when Enter arrives.
    type_fast(cx, "n e e d l e enter");
    let answer = home.scripts().join("answer.json");
    assert_eq!(read_answer(cx, &answer), "needle in a haystack");
}

/// The lines a script wrote to `log` in its folder, as JSON.
fn logged(home: &Home, log: &str) -> Vec<Value> {
    std::fs::read_to_string(home.scripts().join(log))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The open `arg` prompt's rows, loading line and preview (see `Launcher::arg_view`).
fn arg_view(
    launcher: &Entity<Launcher>,
    cx: &mut VisualTestContext,
) -> (Vec<String>, bool, Option<Vec<String>>) {
    cx.update(|_, cx| launcher.read(cx).arg_view(cx).expect("an arg prompt"))
}

#[gpui::test]
fn live_input_is_debounced_shows_loading_and_drops_stale_replies(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "live.py",
        r#"# Name: Live
import json, os, sys, time
def send(m): print(json.dumps(m), flush=True)
send({"type": "arg", "id": "q", "filter": "script"})
log = open("inputs.log", "w")
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] != "input":
        break
    log.write(line); log.flush()
    if m["seq"] == 1:
        send({"type": "setChoices", "id": "q", "seq": 1, "choices": ["first"]})
    else:
        while not os.path.exists("go"):
            time.sleep(0.01)
        # The newest answer, then a late one for an older query: that one is dropped.
        send({"type": "setChoices", "id": "q", "seq": m["seq"], "choices": ["fresh " + m["value"]]})
        send({"type": "setChoices", "id": "q", "seq": m["seq"] - 1, "choices": ["stale"]})
        send({"type": "notify", "text": "answered"})
"#,
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "live", "prompt");
    wait_until(cx, "the first choices", |cx| {
        arg_view(&launcher, cx).0 == ["first"]
    });
    assert!(!arg_view(&launcher, cx).1, "answered: not loading");
    // Six keys in one burst: one input event, after the pause, with the final text.
    cx.simulate_input("abcdef");
    assert_eq!(
        logged(&home, "inputs.log").len(),
        1,
        "nothing before the pause"
    );
    cx.executor().advance_clock(Duration::from_millis(100));
    wait_until(cx, "the input event", |_| {
        logged(&home, "inputs.log").len() == 2
    });
    let inputs = logged(&home, "inputs.log");
    assert_eq!(
        inputs[0],
        serde_json::json!({"type":"input","id":"q","value":"","seq":1})
    );
    assert_eq!(
        inputs[1],
        serde_json::json!({"type":"input","id":"q","value":"abcdef","seq":2})
    );
    // Until the script answers, the old rows stay and the loading line shows.
    let (rows, loading, _) = arg_view(&launcher, cx);
    assert_eq!((rows, loading), (vec!["first".to_string()], true));
    std::fs::write(home.scripts().join("go"), "").unwrap();
    wait_until(cx, "the answer", |cx| {
        state(&launcher, cx)["notice"] == "answered"
    });
    let (rows, loading, _) = arg_view(&launcher, cx);
    assert_eq!(rows, ["fresh abcdef"], "the stale reply was dropped");
    assert!(!loading);
}

#[gpui::test]
fn the_preview_pane_follows_the_focused_row(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "peek.py",
        r###"# Name: Peek
import json, sys
def send(m): print(json.dumps(m), flush=True)
send({"type": "arg", "id": "p", "events": ["focus"], "choices": [
    {"name": "one", "preview": "# One"},
    {"name": "two"},
    {"name": "three", "preview": "# Three"}]})
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "focus" and m["value"] == "two":
        send({"type": "setPreview", "id": "p", "seq": m["seq"], "markdown": "## Two from the script"})
        send({"type": "setPreview", "id": "p", "seq": m["seq"] - 1, "markdown": "stale"})
        send({"type": "notify", "text": "previewed"})
"###,
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "peek", "prompt");
    let preview = |cx: &mut VisualTestContext| arg_view(&launcher, cx).2.unwrap_or_default();
    wait_until(cx, "the first preview", |cx| {
        preview(cx).first().is_some_and(|b| b.contains("\"One\""))
    });
    cx.simulate_keystrokes("down");
    wait_until(cx, "the script's preview", |cx| {
        state(&launcher, cx)["notice"] == "previewed"
    });
    let shown = preview(cx);
    assert!(shown[0].contains("Two from the script"), "{shown:?}");
    cx.simulate_keystrokes("down");
    assert!(preview(cx)[0].contains("\"Three\""));
}

#[gpui::test]
fn group_headers_tags_and_icons_and_the_selection_skips_headers(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Groups",
        r#"skit.arg("Pick", [
            {"name": "apple", "group": "Fruit", "tag": "red", "icon": "🍎"},
            {"name": "carrot", "group": "Vegetables"},
            {"name": "banana", "group": "Fruit", "id": "b-1"},
            {"name": "loose"}])"#,
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "groups", "prompt");
    assert_eq!(
        arg_view(&launcher, cx).0,
        [
            "# Fruit",
            "apple",
            "banana",
            "# Vegetables",
            "carrot",
            "loose"
        ]
    );
    assert_eq!(state(&launcher, cx)["selected"], "apple", "not the header");
    cx.simulate_keystrokes("down down");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "carrot",
        "over the header"
    );
    cx.simulate_keystrokes("up");
    assert_eq!(state(&launcher, cx)["selected"], "banana");
    // Filtering keeps the groups.
    cx.simulate_input("an");
    assert_eq!(arg_view(&launcher, cx).0, ["# Fruit", "banana"]);
    cx.simulate_keystrokes("enter");
    assert_eq!(read_answer(cx, &out), "banana");
}

#[gpui::test]
fn prompt_actions_work_from_the_menu_and_their_own_keys(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "acts.py",
        r#"# Name: Acts
import json, sys
def send(m): print(json.dumps(m), flush=True)
send({"type": "arg", "id": "a", "events": ["action"], "choices": ["alpha", "beta"],
      "actions": [{"name": "Copy name", "shortcut": "ctrl+y", "close": False},
                  {"name": "Open", "shortcut": "ctrl+o"}]})
log = open("replies.log", "w")
for line in sys.stdin:
    log.write(line); log.flush()
    if json.loads(line)["type"] == "submit":
        break
"#,
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "acts", "prompt");
    cx.simulate_keystrokes("down ctrl-k");
    let s = state(&launcher, cx);
    assert_eq!(s["screen"], "actions");
    assert_eq!(s["rows"], 2);
    cx.simulate_input("copy");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the action event", |_| {
        logged(&home, "replies.log").len() == 1
    });
    assert_eq!(
        logged(&home, "replies.log")[0],
        serde_json::json!({"type":"action","id":"a","action":"Copy name","value":"beta","input":""})
    );
    assert_eq!(
        state(&launcher, cx)["screen"],
        "prompt",
        "back to the prompt"
    );
    assert_eq!(state(&launcher, cx)["selected"], "beta");
    // Its own key works straight from the prompt.
    cx.simulate_keystrokes("ctrl-y");
    wait_until(cx, "the second action event", |_| {
        logged(&home, "replies.log").len() == 2
    });
    // An action that closes is the answer.
    cx.simulate_keystrokes("ctrl-o");
    wait_until(cx, "the answer", |_| {
        logged(&home, "replies.log").len() == 3
    });
    assert_eq!(
        logged(&home, "replies.log")[2],
        serde_json::json!({"type":"submit","id":"a","value":"beta","action":"Open"})
    );
}

#[gpui::test]
fn update_changes_the_open_prompt_and_the_window_follows_its_rows(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script(
        "upd.py",
        r#"# Name: Upd
import json, os, sys, time
def send(m): print(json.dumps(m), flush=True)
send({"type": "arg", "id": "u", "choices": ["apple", "banana", "cherry", "date"]})
while not os.path.exists("go"):
    time.sleep(0.01)
send({"type": "update", "id": "u", "input": "an", "loading": True, "placeholder": "Fruit…",
      "footer": "4 fruits", "enterLabel": "Eat"})
send({"type": "notify", "text": "updated"})
sys.stdin.readline()
"#,
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "upd", "prompt");
    let notified = std::rc::Rc::new(std::cell::Cell::new(0));
    cx.update(|_, cx| {
        let notified = notified.clone();
        cx.observe(&launcher, move |_, _| notified.set(notified.get() + 1))
            .detach();
    });
    let height =
        |cx: &mut VisualTestContext| cx.update(|_, cx| launcher.read(cx).desired_height(cx));
    let tall = height(cx);
    cx.simulate_input("ch");
    assert!(notified.get() > 0, "typing in a prompt reaches the window");
    assert!(height(cx) < tall, "one row is shorter than four");
    std::fs::write(home.scripts().join("go"), "").unwrap();
    wait_until(cx, "the update", |cx| {
        state(&launcher, cx)["notice"] == "updated"
    });
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "an");
    assert_eq!(s["selected"], "banana", "the new query filters");
    assert!(arg_view(&launcher, cx).1, "loading");
}

/// A data folder with an `applications` folder of desktop entries and an icon.
fn fixture_apps(home: &Home) -> std::path::PathBuf {
    let data = home.path().join("data");
    let apps = data.join("applications");
    std::fs::create_dir_all(&apps).unwrap();
    let marker = home.path().join("launched");
    let app = home.path().join("fixture-app");
    std::fs::write(
        &app,
        format!("#!/bin/sh\nprintf '%s' \"$*\" > '{}'\n", marker.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        apps.join("firefox.desktop"),
        "[Desktop Entry]\nType=Application\nName=Firefox\nGenericName=Web Browser\n\
         Keywords=internet;www;\nExec=firefox %u\nIcon=/nonexistent/firefox.png\n\
         Actions=private;\n\n[Desktop Action private]\nName=New Private Window\n\
         Exec=firefox --private-window\n",
    )
    .unwrap();
    std::fs::write(
        apps.join("fixture.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Fixture Launchable\nExec=\"{}\" --opened %f\n",
            app.display()
        ),
    )
    .unwrap();
    std::fs::write(
        apps.join("hidden.desktop"),
        "[Desktop Entry]\nType=Application\nName=Secret Helper\nExec=true\nNoDisplay=true\n",
    )
    .unwrap();
    data
}

#[gpui::test]
fn applications_are_listed_beside_scripts_and_start_detached(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("fire.sh", "# Name: Firewall Status\n");
    let data = fixture_apps(&home);
    let (launcher, cx) = open(&home, cx);
    cx.update(|_, cx| launcher.update(cx, |l, cx| l.use_apps_from(vec![data], cx)));
    cx.simulate_input("firef");
    assert_eq!(state(&launcher, cx)["selected"], "Firefox");
    // The generic name and keywords find it too; NoDisplay entries never show.
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("browser");
    assert_eq!(state(&launcher, cx)["selected"], "Firefox");
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("secret");
    assert_eq!(state(&launcher, cx)["selected"], "Create script “secret”");
    // Ctrl+K on an app: its desktop actions and what skit can do with it.
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("firefox");
    cx.simulate_keystrokes("ctrl-k");
    let s = state(&launcher, cx);
    assert_eq!(s["screen"], "actions");
    cx.simulate_input("private");
    assert_eq!(state(&launcher, cx)["selected"], "New Private Window");
    cx.simulate_keystrokes("escape escape ctrl-a backspace");
    // Enter starts the app, detached, and the window hides.
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    cx.update(|_, cx| {
        let events = events.clone();
        cx.subscribe(&launcher, move |_, event: &LauncherEvent, _| {
            events.borrow_mut().push(event.clone())
        })
        .detach();
    });
    cx.simulate_input("fixture");
    assert_eq!(state(&launcher, cx)["selected"], "Fixture Launchable");
    cx.simulate_keystrokes("enter");
    assert!(events.borrow().contains(&LauncherEvent::Hide));
    let marker = home.path().join("launched");
    crate::common::wait_until("the app to start", || {
        std::fs::read_to_string(&marker).is_ok_and(|t| t == "--opened")
    });
    assert_eq!(state(&launcher, cx)["query"], "", "the query is cleared");
}

#[gpui::test]
fn a_calculation_is_the_first_row_and_enter_copies_its_result(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("a.sh", "# Name: Alpha\n");
    let (launcher, cx) = open(&home, cx);
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    cx.update(|_, cx| {
        let events = events.clone();
        cx.subscribe(&launcher, move |_, event: &LauncherEvent, _| {
            events.borrow_mut().push(event.clone())
        })
        .detach();
    });
    cx.simulate_input("12*7");
    wait_until(cx, "the result", |cx| {
        state(&launcher, cx)["selected"] == "= 84"
    });
    cx.simulate_keystrokes("enter");
    assert!(events.borrow().contains(&LauncherEvent::Copy("84".into())));
    // A plain word is never a calculation.
    cx.simulate_keystrokes("ctrl-a backspace");
    cx.simulate_input("alpha");
    cx.run_until_parked();
    assert_eq!(state(&launcher, cx)["selected"], "Alpha");
    assert_eq!(
        state(&launcher, cx)["rows"],
        2,
        "Alpha and Create, no result row"
    );
}

/// Collects what the launcher asks of the app.
fn collect_events(
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

/// The last `Insert` the launcher asked for, as `Debug` prints it.
fn last_insert(events: &std::cell::RefCell<Vec<LauncherEvent>>) -> String {
    events
        .borrow()
        .iter()
        .rev()
        .find(|e| matches!(e, LauncherEvent::Insert(_)))
        .map(|e| format!("{e:?}"))
        .unwrap_or_default()
}

#[gpui::test]
fn clipboard_history_lists_previews_pastes_copies_pins_and_deletes(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("alpha.sh", "# Name: Alpha Tool\n");
    let (launcher, cx) = open(&home, cx);
    let events = collect_events(&launcher, cx);
    let db = home.path().join("state/clipboard.sqlite3");
    cx.update(|_, cx| {
        launcher.update(cx, |launcher, cx| {
            launcher.use_clipboard_history(
                &db,
                &[
                    "first copy",
                    "second copy",
                    "third copy\nwith a second line",
                ],
                cx,
            )
        })
    });

    // The built-in row has no file: its menu offers only Run and Reset ranking.
    cx.simulate_input("clipboard");
    assert_eq!(state(&launcher, cx)["selected"], "Clipboard History");
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["rows"], 2);
    cx.simulate_keystrokes("escape");
    // It opens the history: newest first, the full text previewed.
    assert_eq!(state(&launcher, cx)["selected"], "Clipboard History");
    cx.simulate_keystrokes("enter");
    let s = state(&launcher, cx);
    assert_eq!(s["screen"], "clipboard");
    assert_eq!(s["rows"], 3);
    assert_eq!(s["selected"], "third copy with a second line");
    wait_until(cx, "the preview of the newest entry", |cx| {
        state(&launcher, cx)["preview"] == "third copy\nwith a second line"
    });
    cx.simulate_keystrokes("down");
    assert_eq!(state(&launcher, cx)["selected"], "second copy");
    wait_until(cx, "the preview to follow", |cx| {
        state(&launcher, cx)["preview"] == "second copy"
    });

    // A copy made while the history is open shows up on top.
    cx.update(|_, cx| launcher.update(cx, |l, cx| l.record_copy("fourth copy", cx)));
    assert_eq!(state(&launcher, cx)["rows"], 4);

    // Fuzzy filtering; Enter pastes the entry, Ctrl+C only copies it.
    cx.simulate_input("frst");
    let s = state(&launcher, cx);
    assert_eq!(
        (s["rows"].as_u64(), s["selected"].as_str()),
        (Some(1), Some("first copy"))
    );
    cx.simulate_keystrokes("enter");
    let pasted = last_insert(&events);
    assert!(pasted.contains("delivery: Paste"), "{pasted}");
    cx.simulate_keystrokes("ctrl-c");
    let copied = last_insert(&events);
    assert!(copied.contains("delivery: Copy"), "{copied}");
    assert_eq!(
        pasted.replace("Paste", "Copy"),
        copied,
        "the same entry, copied"
    );
    assert_eq!(
        state(&launcher, cx)["query"],
        "frst",
        "Ctrl+C left the query alone"
    );

    // Pinned entries go on top; Ctrl+K offers Unpin and Delete.
    cx.simulate_keystrokes("ctrl-shift-p");
    cx.simulate_keystrokes("escape");
    wait_until(cx, "the pinned entry on top", |cx| {
        let s = state(&launcher, cx);
        s["query"] == "" && s["selected"] == "first copy"
    });
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["screen"], "actions");
    cx.simulate_input("unpin");
    assert_eq!(state(&launcher, cx)["selected"], "Unpin");
    cx.simulate_keystrokes("escape");
    assert_eq!(
        state(&launcher, cx)["screen"],
        "clipboard",
        "Escape goes back to the history"
    );
    cx.simulate_keystrokes("ctrl-k");
    cx.simulate_input("delete");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the entry deleted", |cx| {
        let s = state(&launcher, cx);
        s["screen"] == "clipboard" && s["rows"] == 3 && s["selected"] == "fourth copy"
    });

    // Pause History holds until resumed; Clear History keeps pinned entries.
    cx.simulate_keystrokes("ctrl-k");
    cx.simulate_input("pause");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "the pause noticed", |cx| {
        state(&launcher, cx)["notice"]
            .as_str()
            .is_some_and(|n| n.starts_with("Clipboard history paused"))
    });
    cx.simulate_keystrokes("down ctrl-shift-p ctrl-k");
    cx.simulate_input("clear");
    cx.simulate_keystrokes("enter");
    wait_until(cx, "all but the pinned entry cleared", |cx| {
        let s = state(&launcher, cx);
        s["rows"] == 1 && s["selected"] == "third copy with a second line"
    });

    // Escape on an empty query goes back to the scripts.
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
}

#[gpui::test]
fn escape_walks_back_down_the_screen_stack(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("greet.sh", "# Name: Greet\necho hi\n");
    let answer = home.path().join("answer.json");
    home.script(
        "ask.sh",
        &format!(
            "# Name: Ask\necho '{{\"type\":\"arg\",\"id\":\"a\",\"placeholder\":\"Pick\",\"choices\":[\"x\"],\"actions\":[{{\"name\":\"Peek\",\"close\":false}}]}}'\nread -r line\nprintf '%s' \"$line\" > '{}'\n",
            answer.display()
        ),
    );
    let (launcher, cx) = open(&home, cx);
    let stack = |cx: &mut VisualTestContext| state(&launcher, cx)["stack"].clone();
    assert_eq!(stack(cx), serde_json::json!(["scripts"]));

    // A menu is left for what is chosen in it: Escape from there is the list.
    act(cx, &launcher, "Greet", "rename");
    assert_eq!(stack(cx), serde_json::json!(["scripts", "rename"]));
    cx.simulate_keystrokes("escape");
    assert_eq!(stack(cx), serde_json::json!(["scripts"]));

    // The prompt's menu opens over the run, and Escape returns to the prompt.
    cx.simulate_keystrokes("ctrl-a backspace");
    run_until(cx, &launcher, "Ask", "prompt");
    assert_eq!(stack(cx), serde_json::json!(["scripts", "prompt"]));
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(
        stack(cx),
        serde_json::json!(["scripts", "prompt", "actions"])
    );
    cx.simulate_keystrokes("escape");
    assert_eq!(stack(cx), serde_json::json!(["scripts", "prompt"]));
    assert_eq!(state(&launcher, cx)["prompt"]["placeholder"], "Pick");

    // The run ends: its screen leaves the stack.
    cx.simulate_keystrokes("enter");
    let submitted = read_answer(cx, &answer);
    assert_eq!(submitted["value"], "x");
    wait_until(cx, "the run's screen to leave", |cx| {
        stack(cx) == serde_json::json!(["scripts"])
    });
}
