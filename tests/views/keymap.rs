//! View tests of the keymap: the default keys as the footers show them, and a
//! user's keymap.json put in force over them (as the shell does at start and on
//! every reload of the config folder): rebinding, taking keys away, the footer
//! following, and a file with mistakes leaving the keys as they were.

use std::path::PathBuf;

use gpui::{Entity, TestAppContext, VisualTestContext};
use skit::app::keymap;
use skit::app::launcher::Launcher;

use crate::common::Home;
use crate::common::view::{open, run_until, state, wait_until};

fn keymap_file(home: &Home) -> PathBuf {
    let dir = home.path().join("config/skit");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("keymap.json")
}

/// Writes `text` as the user's keymap.json and does what a reload does with it:
/// reads it (off the UI thread in the app), then puts it in force. Returns the
/// problems reported, as the window would show them.
fn reload(cx: &mut VisualTestContext, path: &PathBuf, text: Option<&str>) -> Vec<String> {
    match text {
        Some(text) => std::fs::write(path, text).unwrap(),
        None => std::fs::remove_file(path).unwrap(),
    }
    let read = std::thread::scope(|s| s.spawn(|| keymap::read(path)).join().unwrap());
    let problems = cx.update(|_, cx| keymap::apply(read, path, cx));
    cx.run_until_parked();
    problems.into_iter().map(|p| p.to_string()).collect()
}

fn hints(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> Vec<(String, String)> {
    cx.update(|_, cx| launcher.read(cx).footer_hints(cx))
}

fn hint(launcher: &Entity<Launcher>, cx: &mut VisualTestContext, label: &str) -> String {
    hints(launcher, cx)
        .into_iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no {label} hint"))
        .1
}

fn add_tools(home: &Home) {
    for (file, name) in [
        ("alpha.sh", "Alpha Tool"),
        ("beta.sh", "Beta Tool"),
        ("gamma.sh", "Gamma Tool"),
    ] {
        home.script(file, &format!("# Name: {name}\n"));
    }
}

#[gpui::test]
fn the_default_keys_show_in_the_footers(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    add_tools(&home);
    home.script(
        "multi.sh",
        "# Name: Multi\nsource \"$SKIT_SDK/skit.sh\"\nskit_send '{\"type\":\"arg\",\"id\":\"m\",\"multiple\":true,\"choices\":[\"a\",\"b\"]}'\nread -r line\n",
    );
    home.script(
        "form.sh",
        "# Name: Form\nsource \"$SKIT_SDK/skit.sh\"\nskit_send '{\"type\":\"fields\",\"id\":\"f\",\"fields\":[{\"name\":\"ok\",\"label\":\"OK\",\"type\":\"checkbox\"},{\"name\":\"note\",\"label\":\"Note\",\"type\":\"textarea\"}]}'\nread -r line\n",
    );
    home.script(
        "where.sh",
        "# Name: Where\nsource \"$SKIT_SDK/skit.sh\"\nskit_path --start /tmp\n",
    );
    let (launcher, cx) = open(&home, cx);
    assert_eq!(
        hints(&launcher, cx),
        [("Run", "↵"), ("Actions", "ctrl k"), ("Hide", "esc")]
            .map(|(l, k)| (l.to_string(), k.to_string()))
    );

    run_until(cx, &launcher, "multi", "prompt");
    assert_eq!(
        hints(&launcher, cx),
        [("Submit", "↵"), ("Toggle", "ctrl space"), ("Cancel", "esc")]
            .map(|(l, k)| (l.to_string(), k.to_string()))
    );
    cx.simulate_keystrokes("escape");
    wait_until(cx, "the list", |cx| {
        state(&launcher, cx)["screen"] == "scripts"
    });

    cx.simulate_keystrokes("ctrl-a backspace");
    run_until(cx, &launcher, "form", "prompt");
    // The checkbox has the focus: Space toggles it, Enter submits.
    assert_eq!(
        hints(&launcher, cx),
        [
            ("Next field", "tab"),
            ("Toggle", "space"),
            ("Submit", "ctrl ↵"),
            ("Cancel", "esc")
        ]
        .map(|(l, k)| (l.to_string(), k.to_string()))
    );
    cx.simulate_keystrokes("escape");
    wait_until(cx, "the list", |cx| {
        state(&launcher, cx)["screen"] == "scripts"
    });

    // Left and Backspace go up a folder once the query has nothing to do with
    // them (the query, inside, passes them on): the footer shows Left.
    cx.simulate_keystrokes("ctrl-a backspace");
    run_until(cx, &launcher, "where", "prompt");
    assert_eq!(
        hints(&launcher, cx),
        [
            ("Choose", "↵"),
            ("Open folder", "tab"),
            ("Up", "←"),
            ("Cancel", "esc")
        ]
        .map(|(l, k)| (l.to_string(), k.to_string()))
    );
    cx.simulate_keystrokes("escape");
}

#[gpui::test]
fn a_users_keymap_rebinds_keys_and_the_footer_follows(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    add_tools(&home);
    let path = keymap_file(&home);
    let (launcher, cx) = open(&home, cx);
    assert_eq!(state(&launcher, cx)["selected"], "Alpha Tool");

    let problems = reload(
        cx,
        &path,
        Some(
            r#"// Vim-ish keys in every list, the menu on Ctrl+O.
[
  {
    "context": "List",
    "bindings": {
      "ctrl-j": "list::SelectNext",
      "ctrl-k": "list::SelectPrevious",
      "ctrl-m": "list::Confirm"
    }
  },
  { "context": "ScriptsScreen", "bindings": { "ctrl-o": "script_actions::OpenMenu" } }
]"#,
        ),
    );
    assert_eq!(problems, Vec::<String>::new());
    cx.simulate_keystrokes("ctrl-j ctrl-j");
    assert_eq!(state(&launcher, cx)["selected"], "Gamma Tool");
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["selected"], "Beta Tool");
    // The defaults still work beside them.
    cx.simulate_keystrokes("down");
    assert_eq!(state(&launcher, cx)["selected"], "Gamma Tool");
    // The footer shows the user's keys: Ctrl+K is the list's now, the menu Ctrl+O.
    assert_eq!(hint(&launcher, cx, "Run"), "ctrl m");
    assert_eq!(hint(&launcher, cx, "Actions"), "ctrl o");
    cx.simulate_keystrokes("ctrl-o");
    assert_eq!(state(&launcher, cx)["screen"], "actions");
    // In the menu (a list too) Ctrl+J moves and Escape goes back.
    cx.simulate_keystrokes("ctrl-j");
    assert_eq!(state(&launcher, cx)["selected"], "Edit");
    assert_eq!(hint(&launcher, cx, "Do it"), "ctrl m");
    cx.simulate_keystrokes("escape");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");

    // Changed on disk: the next reload puts the new file in force, whole.
    let problems = reload(
        cx,
        &path,
        Some(
            r#"[{ "context": "List", "bindings": { "ctrl-j": "list::SelectNext", "ctrl-k": "list::SelectPrevious" } }]"#,
        ),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(hint(&launcher, cx, "Run"), "↵");
    // Ctrl+K is the list's (the innermost context wins) and Ctrl+O is gone: no key
    // opens the menu from the list now, and the footer says none.
    assert_eq!(hint(&launcher, cx, "Actions"), "");
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
    assert_eq!(state(&launcher, cx)["selected"], "Beta Tool");

    // Gone: the defaults alone.
    assert!(reload(cx, &path, None).is_empty());
    assert_eq!(hint(&launcher, cx, "Actions"), "ctrl k");
    cx.simulate_keystrokes("ctrl-j");
    assert_eq!(state(&launcher, cx)["selected"], "Beta Tool");
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["screen"], "actions");
}

#[gpui::test]
fn a_key_bound_to_null_is_taken_away(cx: &mut TestAppContext) {
    let home = Home::new();
    add_tools(&home);
    let path = keymap_file(&home);
    let (launcher, cx) = open(&home, cx);
    let problems = reload(
        cx,
        &path,
        Some(
            r#"[
  { "context": "List", "bindings": { "down": null } },
  { "context": "ScriptsScreen", "bindings": { "ctrl-k": null } }
]"#,
        ),
    );
    assert!(problems.is_empty(), "{problems:?}");
    cx.simulate_keystrokes("down");
    assert_eq!(state(&launcher, cx)["selected"], "Alpha Tool");
    cx.simulate_keystrokes("ctrl-n");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Beta Tool",
        "Ctrl+N still moves"
    );
    cx.simulate_keystrokes("ctrl-k");
    assert_eq!(state(&launcher, cx)["screen"], "scripts");
    assert_eq!(hint(&launcher, cx, "Actions"), "", "no key opens the menu");
}

#[gpui::test]
fn a_keymap_with_mistakes_is_reported_by_line_and_the_keys_stay(cx: &mut TestAppContext) {
    let home = Home::new();
    add_tools(&home);
    let path = keymap_file(&home);
    let (launcher, cx) = open(&home, cx);
    let good = r#"[{ "context": "List", "bindings": { "ctrl-j": "list::SelectNext" } }]"#;
    assert!(reload(cx, &path, Some(good)).is_empty());

    let problems = reload(
        cx,
        &path,
        Some(
            r#"[
  { "context": "List",
    "bindings": {
      "ctrl-j": "list::SelectPrevious",
      "ctrl-l": "list::SelectNxt",
      "ctrl+h": "list::SelectFirst",
      "ctrl-J": "list::SelectLast",
      "shift-ctrl-j": null
    }
  },
  { "context": "Lists", "bindings": { "f2": "list::Confirm" } }
]"#,
        ),
    );
    let file = path.display().to_string();
    assert_eq!(problems.len(), 4, "{problems:?}");
    let expected = [
        format!(
            "{file}:5: unknown action \"list::SelectNxt\" (did you mean \"list::SelectNext\"?)"
        ),
        format!("{file}:6: invalid key \"ctrl+h\""),
        format!("{file}:8: \"shift-ctrl-j\" is bound twice in context \"List\" (also on line 7)"),
        format!("{file}:11: unknown context \"Lists\" (did you mean \"List\"?)"),
    ];
    for (problem, start) in problems.iter().zip(&expected) {
        assert!(
            problem.starts_with(start.as_str()),
            "{problem}\nwanted {start}"
        );
        assert!(
            problem.ends_with("— keeping the keys as they were"),
            "{problem}"
        );
    }
    // The good keymap is still in force.
    cx.simulate_keystrokes("ctrl-j");
    assert_eq!(state(&launcher, cx)["selected"], "Beta Tool");

    let problems = reload(
        cx,
        &path,
        Some("[\n  { \"context\": \"List\" \"bindings\": {} }\n]"),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!("{file}:2:23: this is not valid JSON")),
        "{}",
        problems[0]
    );
    cx.simulate_keystrokes("ctrl-j");
    assert_eq!(state(&launcher, cx)["selected"], "Gamma Tool");
}
