//! View tests of the richer inputs (protocol 1.1) in gpui's test window, answered
//! by real Python scripts: multi-select (toggling, Ctrl+A, toggles kept through
//! filtering by skit and by the script), typed forms (number validation, required
//! fields, checkbox, select, textarea, a password masked as drawn and in `skit
//! state`), the path prompt's navigation, the env prompt, and a secret that never
//! reaches the log or `skit state`.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex, OnceLock};

use gpui::{Entity, Modifiers, TestAppContext, VisualTestContext, point, px};
use serde_json::json;
use skit::app::launcher::Launcher;

use crate::common::Home;
use crate::common::view::{answer_script, open, read_answer, run_until, state, wait_until};

/// The open arg prompt's rows as drawn (`[x] name` when toggled).
fn rows(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> Vec<String> {
    cx.update(|_, cx| launcher.read(cx).arg_view(cx))
        .expect("an arg prompt is open")
        .0
}

fn footer_title(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> String {
    cx.update(|_, cx| launcher.read(cx).footer_title(cx))
}

#[gpui::test]
fn multi_select_toggles_rows_and_keeps_them_through_filtering(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Multi",
        "skit.arg('Pick', ['apple', 'banana', 'cherry', 'apricot', {'name': 'Date', 'value': {'d': 4}, 'id': 'd'}], multiple=True)",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "multi", "prompt");
    assert_eq!(
        rows(&launcher, cx),
        [
            "[ ] apple",
            "[ ] banana",
            "[ ] cherry",
            "[ ] apricot",
            "[ ] Date"
        ]
    );
    cx.simulate_keystrokes("ctrl-space");
    assert_eq!(rows(&launcher, cx)[0], "[x] apple");
    assert_eq!(state(&launcher, cx)["toggled"], json!(["apple"]));
    assert_eq!(footer_title(&launcher, cx), "1 selected");

    // Filtering keeps the toggle; Ctrl+A toggles every row that matches, and
    // leaves the query alone (it does not select its text).
    cx.simulate_input("ap");
    assert_eq!(rows(&launcher, cx), ["[x] apple", "[ ] apricot"]);
    cx.simulate_keystrokes("ctrl-a");
    assert_eq!(rows(&launcher, cx), ["[x] apple", "[x] apricot"]);
    cx.simulate_input("r");
    assert_eq!(
        state(&launcher, cx)["query"],
        "apr",
        "Ctrl+A did not select the query"
    );
    // All matching rows are on: Ctrl+A turns them off.
    cx.simulate_keystrokes("ctrl-a");
    assert_eq!(rows(&launcher, cx), ["[ ] apricot"]);
    assert_eq!(state(&launcher, cx)["toggled"], json!(["apple"]));

    cx.simulate_keystrokes("backspace backspace backspace");
    assert_eq!(rows(&launcher, cx)[0], "[x] apple", "still toggled");
    // A click with Ctrl toggles the row under the pointer (Date is row 5).
    let row = |ix: f32| point(px(200.), px(1. + 57. + 4. + 48. * ix + 24.));
    cx.simulate_click(row(4.), Modifiers::control());
    assert_eq!(state(&launcher, cx)["toggled"], json!(["apple", "Date"]));
    assert_eq!(footer_title(&launcher, cx), "2 selected");
    assert_eq!(
        state(&launcher, cx)["screen"],
        "prompt",
        "a Ctrl+click does not submit"
    );
    cx.simulate_modifiers_change(Modifiers::none());
    cx.simulate_keystrokes("enter");
    assert_eq!(
        read_answer(cx, &out),
        json!(["apple", {"d": 4}]),
        "the toggled values, in the order they were toggled"
    );
}

#[gpui::test]
fn multi_select_without_toggles_submits_the_focused_row_alone(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "One",
        "skit.arg('Pick', ['apple', 'banana'], multiple=True)",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "one", "prompt");
    cx.simulate_keystrokes("down enter");
    assert_eq!(read_answer(cx, &out), json!(["banana"]));
}

#[gpui::test]
fn toggles_survive_the_script_refiltering(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Colours",
        "skit.arg('Pick', lambda q: [{'name': c, 'id': c} for c in ['red', 'green', 'blue', 'grey'] if q in c], multiple=True, debounce=0)",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "colours", "prompt");
    wait_until(cx, "the script's rows", |cx| rows(&launcher, cx).len() == 4);
    cx.simulate_keystrokes("down down ctrl-space");
    assert_eq!(rows(&launcher, cx)[2], "[x] blue");
    // The script's rows for "re" do not have blue; grey takes its place.
    cx.simulate_input("re");
    wait_until(cx, "the script's filtered rows", |cx| {
        rows(&launcher, cx) == ["[ ] red", "[ ] green", "[ ] grey"]
    });
    cx.simulate_input("y");
    wait_until(cx, "only grey", |cx| rows(&launcher, cx) == ["[ ] grey"]);
    cx.simulate_keystrokes("ctrl-space");
    assert_eq!(state(&launcher, cx)["toggled"], json!(["blue", "grey"]));
    cx.simulate_keystrokes("ctrl-a ctrl-a backspace backspace backspace");
    wait_until(cx, "all rows again", |cx| {
        rows(&launcher, cx) == ["[ ] red", "[ ] green", "[x] blue", "[x] grey"]
    });
    cx.simulate_keystrokes("enter");
    assert_eq!(
        read_answer(cx, &out),
        json!(["blue", "grey"]),
        "blue stayed toggled while the script's rows did not have it"
    );
}

#[gpui::test]
fn forms_validate_numbers_and_required_fields_and_mask_passwords(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Form",
        "skit.fields([\
         {'name': 'name', 'label': 'Name', 'required': True},\
         {'name': 'pw', 'type': 'password'},\
         {'name': 'count', 'type': 'number'},\
         {'name': 'agree', 'type': 'checkbox', 'placeholder': 'I agree'},\
         {'name': 'kind', 'type': 'select', 'options': ['Rust', {'name': 'Python', 'value': 'py'}, 'Go']},\
         {'name': 'notes', 'type': 'textarea'}])",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "form", "prompt");
    let s = state(&launcher, cx);
    assert_eq!(s["selected"], "name", "the first field has focus");
    assert_eq!(
        s["fields"],
        json!({"name": "", "pw": "", "count": "", "agree": false, "kind": "Rust", "notes": ""})
    );
    assert_eq!(s["errors"], json!({}), "nothing is wrong before Enter");

    // Enter with the required field empty: blocked, and it says why.
    cx.simulate_keystrokes("enter");
    assert_eq!(state(&launcher, cx)["errors"], json!({"name": "Required"}));
    cx.simulate_input("proj");
    assert_eq!(state(&launcher, cx)["errors"], json!({}));

    // A password: bullets where it is drawn and in skit state.
    cx.simulate_keystrokes("tab");
    cx.simulate_input("hunter2secret");
    let s = state(&launcher, cx);
    assert_eq!(s["selected"], "pw");
    assert_eq!(s["fields"]["pw"], "•••••••••••••");
    assert_eq!(s["query"], "•••••••••••••");
    assert!(!s.to_string().contains("hunter2"), "{s}");
    let drawn = cx.update(|_, cx| launcher.read(cx).inputs_drawn(cx));
    assert!(
        drawn.contains(&("pw".into(), Some("•••••••••••••".into()))),
        "{drawn:?}"
    );
    assert!(
        drawn.contains(&("name".into(), Some("proj".into()))),
        "{drawn:?}"
    );

    // A number: what is not one says so as it is typed, and blocks Enter.
    cx.simulate_keystrokes("tab");
    cx.simulate_input("12a");
    assert_eq!(
        state(&launcher, cx)["errors"]["count"],
        "Not a number: type one like 42 or 3.5"
    );
    cx.simulate_keystrokes("tab tab enter");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "count",
        "Enter went to the field at fault"
    );
    assert!(!out.exists(), "nothing was submitted");
    cx.simulate_keystrokes("backspace");
    assert_eq!(state(&launcher, cx)["errors"], json!({}));

    // The checkbox toggles with Space; the select follows Down and typing.
    cx.simulate_keystrokes("tab space");
    assert_eq!(state(&launcher, cx)["fields"]["agree"], true);
    cx.simulate_keystrokes("tab down");
    assert_eq!(state(&launcher, cx)["fields"]["kind"], "Python");
    cx.simulate_input("go");
    assert_eq!(state(&launcher, cx)["fields"]["kind"], "Go");

    // The textarea: Enter is a newline, Ctrl+Enter submits.
    cx.simulate_keystrokes("tab");
    cx.simulate_input("line 1");
    cx.simulate_keystrokes("enter");
    cx.simulate_input("line 2");
    assert_eq!(state(&launcher, cx)["prompt"]["type"], "fields");
    cx.simulate_keystrokes("ctrl-enter");
    assert_eq!(
        read_answer(cx, &out),
        json!({"name": "proj", "pw": "hunter2secret", "count": 12, "agree": true, "kind": "Go", "notes": "line 1\nline 2"})
    );
}

#[gpui::test]
fn a_required_checkbox_must_be_checked_and_a_password_value_is_never_shown(
    cx: &mut TestAppContext,
) {
    cx.executor().allow_parking();
    let home = Home::new();
    let out = answer_script(
        &home,
        "Terms",
        "skit.fields([{'name': 'pin', 'type': 'password', 'value': 'start-pin-31'}, {'name': 'ok', 'type': 'checkbox', 'required': True}])",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "terms", "prompt");
    let s = state(&launcher, cx);
    assert!(!s.to_string().contains("start-pin-31"), "{s}");
    assert_eq!(s["prompt"]["fields"][0]["value"], "••••••••");
    cx.simulate_keystrokes("enter");
    assert_eq!(state(&launcher, cx)["errors"], json!({"ok": "Required"}));
    assert_eq!(state(&launcher, cx)["selected"], "ok");
    cx.simulate_keystrokes("space enter");
    assert_eq!(
        read_answer(cx, &out),
        json!({"pin": "start-pin-31", "ok": true})
    );
}

/// A folder tree in `home` for the path prompt.
fn projects(home: &Home) -> std::path::PathBuf {
    let projects = home.path().join("projects");
    std::fs::create_dir_all(projects.join("skit/src")).unwrap();
    std::fs::write(projects.join("skit/src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(projects.join("notes.md"), "# Notes\n\n- one\n").unwrap();
    std::fs::write(projects.join(".hidden"), "").unwrap();
    projects
}

fn folder(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> String {
    state(launcher, cx)["folder"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn selected(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> String {
    state(launcher, cx)["selected"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[gpui::test]
fn the_path_prompt_goes_in_and_up_and_follows_typed_paths(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let projects = projects(&home);
    let p = |rest: &str| {
        if rest.is_empty() {
            projects.display().to_string()
        } else {
            projects.join(rest).display().to_string()
        }
    };
    let out = answer_script(
        &home,
        "Pick Path",
        &format!("skit.path(start_path={:?})", p("")),
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "pick path", "prompt");
    wait_until(cx, "the start folder listed", |cx| {
        folder(&launcher, cx) == p("") && state(&launcher, cx)["rows"] == 3
    });
    assert_eq!(selected(&launcher, cx), "./", "first the folder itself");
    wait_until(cx, "the folder's preview", |cx| {
        state(&launcher, cx)["preview"]
            .as_str()
            .is_some_and(|p| p.contains("**projects/** · 3 entries"))
    });

    // Down to skit/, Tab enters it; the preview followed.
    cx.simulate_keystrokes("down");
    assert_eq!(selected(&launcher, cx), "skit/");
    wait_until(cx, "skit's preview", |cx| {
        state(&launcher, cx)["preview"]
            .as_str()
            .is_some_and(|p| p.contains("**skit/** · 1 entry"))
    });
    cx.simulate_keystrokes("tab");
    wait_until(cx, "skit listed", |cx| {
        folder(&launcher, cx) == p("skit") && selected(&launcher, cx) == "./"
    });
    // Right at the end of the query enters the focused folder.
    cx.simulate_input("sr");
    assert_eq!(selected(&launcher, cx), "src/");
    cx.simulate_keystrokes("right");
    wait_until(cx, "src listed", |cx| {
        folder(&launcher, cx) == p("skit/src") && state(&launcher, cx)["query"] == ""
    });
    // Backspace on an empty query goes up, to the folder it came from.
    cx.simulate_keystrokes("backspace");
    wait_until(cx, "back in skit", |cx| {
        folder(&launcher, cx) == p("skit") && selected(&launcher, cx) == "src/"
    });
    cx.simulate_keystrokes("left");
    wait_until(cx, "back in projects", |cx| {
        folder(&launcher, cx) == p("") && selected(&launcher, cx) == "skit/"
    });

    // A typed path is followed as it is typed; the rest is the filter.
    cx.simulate_input("skit/s");
    wait_until(cx, "skit followed", |cx| {
        folder(&launcher, cx) == p("skit") && state(&launcher, cx)["query"] == "s"
    });
    cx.simulate_keystrokes("ctrl-a");
    cx.simulate_input("~/");
    let real_home = std::env::var("HOME").unwrap();
    wait_until(cx, "~/ goes home", |cx| {
        folder(&launcher, cx) == real_home && state(&launcher, cx)["query"] == ""
    });
    cx.simulate_input("/");
    wait_until(cx, "/ goes to the root", |cx| folder(&launcher, cx) == "/");
    // An absolute path, typed from the root on.
    cx.simulate_input(&format!("{}/no", &p("")[1..]));
    wait_until(cx, "projects followed", |cx| {
        folder(&launcher, cx) == p("") && selected(&launcher, cx) == "notes.md"
    });
    cx.simulate_keystrokes("enter");
    assert_eq!(read_answer(cx, &out), json!(p("notes.md")));
}

#[gpui::test]
fn only_dirs_lists_folders_and_a_new_name_is_submitted_as_typed(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    let projects = projects(&home);
    let out = answer_script(
        &home,
        "Folder",
        &format!(
            "skit.path(start_path={:?}, only_dirs=True, show_hidden=True)",
            projects.display().to_string()
        ),
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "folder", "prompt");
    wait_until(cx, "the folder listed", |cx| {
        state(&launcher, cx)["rows"] == 2
    });
    cx.simulate_keystrokes("down");
    assert_eq!(
        selected(&launcher, cx),
        "skit/",
        "only folders: ./ and skit/"
    );
    cx.simulate_input("brand-new");
    assert_eq!(state(&launcher, cx)["rows"], 0);
    cx.simulate_keystrokes("enter");
    assert_eq!(
        read_answer(cx, &out),
        json!(projects.join("brand-new").display().to_string())
    );
}

/// Everything skit logs, at every level, from the moment it is first called.
fn log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        #[derive(Clone)]
        struct Writer(Arc<Mutex<Vec<u8>>>);
        impl Write for Writer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let writer = Writer(buffer.clone());
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .init();
        buffer
    })
    .clone()
}

#[gpui::test]
fn an_env_value_is_asked_masked_stored_0600_and_never_logged(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let log = log();
    tracing::info!("the log is captured");
    let home = Home::new();
    let secret = "sk-live-7c1e9a";
    let out = answer_script(
        &home,
        "Token",
        "[skit.env('SKIT_VIEW_TEST_TOKEN', secret=True, hint='Your API token'), os.environ['SKIT_VIEW_TEST_TOKEN']]",
    );
    let (launcher, cx) = open(&home, cx);
    run_until(cx, &launcher, "token", "prompt");
    let s = state(&launcher, cx);
    assert_eq!(s["prompt"]["type"], "env");
    assert_eq!(s["key"], "SKIT_VIEW_TEST_TOKEN");
    // Enter on nothing is not an answer.
    cx.simulate_keystrokes("enter");
    assert_eq!(state(&launcher, cx)["prompt"]["type"], "env");
    cx.simulate_input(secret);
    let s = state(&launcher, cx);
    assert_eq!(s["query"], "•".repeat(secret.len()));
    let drawn = cx.update(|_, cx| launcher.read(cx).inputs_drawn(cx));
    assert_eq!(drawn, [("env".to_string(), Some("•".repeat(secret.len())))]);
    assert!(!s.to_string().contains(secret), "{s}");
    cx.simulate_keystrokes("enter");
    assert_eq!(read_answer(cx, &out), json!([secret, secret]));

    let file = home.path().join("config/skit/env");
    wait_until(cx, "the value stored", |_| {
        std::fs::read_to_string(&file).is_ok_and(|t| t.contains(secret))
    });
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let state_after = state(&launcher, cx).to_string();
    let logged = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(logged.contains("the log is captured"), "the log is read");
    assert!(
        !logged.contains(secret),
        "the secret is in the log:\n{logged}"
    );
    assert!(!state_after.contains(secret), "{state_after}");

    // The next run gets it from the file, without a prompt.
    std::fs::remove_file(&out).unwrap();
    wait_until(cx, "the run to end", |cx| {
        state(&launcher, cx)["screen"] == "scripts"
    });
    cx.simulate_keystrokes("ctrl-a backspace");
    run_until(cx, &launcher, "token", "scripts");
    assert_eq!(read_answer(cx, &out), json!([secret, secret]));
}

#[gpui::test]
fn edit_environment_creates_the_env_file_private_and_opens_it(cx: &mut TestAppContext) {
    cx.executor().allow_parking();
    let home = Home::new();
    home.script("a.sh", "# Name: Alpha\n");
    let (launcher, cx) = open(&home, cx);
    cx.simulate_keystrokes("ctrl-k");
    cx.simulate_input("environment");
    assert_eq!(
        state(&launcher, cx)["selected"],
        "Edit environment (variables every script gets)"
    );
    cx.simulate_keystrokes("enter");
    let file = home.path().join("config/skit/env");
    // The editor's shell creates the file before it writes the path into it: wait
    // for what it wrote, not for the file.
    wait_until(cx, "the editor opened the env file", |_| {
        std::fs::read_to_string(home.path().join("edited"))
            .is_ok_and(|opened| opened == file.display().to_string())
    });
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# skit's environment")
    );
    // The direct key works from the list too, and keeps what is there.
    std::fs::write(&file, "MINE=1\n").unwrap();
    cx.simulate_keystrokes("ctrl-shift-e");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "MINE=1\n");
}
