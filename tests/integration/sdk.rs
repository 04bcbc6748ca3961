//! The bash, Python and Node SDKs, each run for real through the headless host:
//! what they send is valid protocol, and answers come back to the script intact.

use crate::common::Home;
use serde_json::{Value, json};

/// Text that breaks naive JSON handling.
const TRICKY: &str = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} ünïcødé 😀";

#[test]
fn bash_sdk_escapes_and_unescapes_everything() {
    let home = Home::new();
    home.script(
        "tricky.sh",
        r##"source "$SKIT_SDK/skit.sh"
choice=$(skit_arg "$1" "plain" "$TRICKY")

skit_notify "$choice"
typed=$(skit_arg "Type anything")
skit_notify "$typed"
form=$(skit_fields "title:Title" "body:Body")
skit_notify "$(skit_field "$form" body)"
skit_notify "$(skit_field "$form" title)"
text=$(skit_editor "start")
skit_notify "$text"
skit_div "# Done"
skit_exit 0
"##,
    );
    let mut host = {
        let mut command = home.skit(&["run", "tricky", "--headless"]);
        command.env("TRICKY", TRICKY);
        crate::common::Host::spawn(command)
    };
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["choices"], json!(["plain", TRICKY]));
    host.submit(&arg, json!(TRICKY));
    assert_eq!(host.expect_prompt("notify")["text"], TRICKY);

    let free = host.expect_prompt("arg");
    assert_eq!(free["placeholder"], "Type anything");
    assert!(free.get("choices").is_none());
    host.submit(&free, json!("multi\nline \"quoted\""));
    assert_eq!(
        host.expect_prompt("notify")["text"],
        "multi\nline \"quoted\""
    );

    let form = host.expect_prompt("fields");
    assert_eq!(
        form["fields"],
        json!([{"name":"title","label":"Title"},{"name":"body","label":"Body"}])
    );
    host.submit(&form, json!({"title": "T, \"x\"", "body": TRICKY}));
    assert_eq!(host.expect_prompt("notify")["text"], TRICKY);
    assert_eq!(host.expect_prompt("notify")["text"], "T, \"x\"");

    let editor = host.expect_prompt("editor");
    assert_eq!(editor["value"], "start");
    host.submit(&editor, json!("line 1\nline 2\n"));
    // $(...) drops trailing newlines, as bash always does.
    assert_eq!(host.expect_prompt("notify")["text"], "line 1\nline 2");

    let div = host.expect_prompt("div");
    assert_eq!(div["markdown"], "# Done");
    host.submit(&div, json!(null));
    assert_eq!(host.expect_prompt("exit")["code"], 0);
    let (rest, _, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(code, 0);
}

#[test]
fn bash_sdk_streams_choices_into_an_open_prompt() {
    let home = Home::new();
    home.script(
        "stream.sh",
        r#"source "$SKIT_SDK/skit.sh"
skit_arg_open "Files"
skit_set_choices "$_SKIT_ID" a
skit_set_choices "$_SKIT_ID" a b
picked=$(skit_wait "$_SKIT_ID")
echo "picked $picked"
"#,
    );
    let mut host = home.headless("stream");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["choices"], json!([]));
    let first = host.expect_prompt("setChoices");
    assert_eq!(first["id"], arg["id"]);
    assert_eq!(
        host.expect_prompt("setChoices")["choices"],
        json!(["a", "b"])
    );
    host.submit(&arg, json!("b"));
    assert_eq!(host.expect_output(), "picked b");
    assert_eq!(host.finish().2, 0);
}

#[test]
fn python_sdk_round_trips_every_prompt() {
    let home = Home::new();
    home.script(
        "py.py",
        r#"import os, sys, json
sys.path.insert(0, os.environ["SKIT_SDK"])
import skit
v = skit.arg("Pick", ["a", {"name": "B", "value": {"n": 1}, "description": "bee"}])
skit.notify(json.dumps(v))
pid = skit.arg_open("Stream")
skit.set_choices(pid, ["x", "y"])
skit.notify(skit.wait(pid))
f = skit.fields(["title", {"name": "body", "label": "Body", "value": "pre"}])
skit.notify(f["title"] + "|" + f["body"])
skit.notify(skit.editor("e", placeholder="p"))
skit.div("**md**")
skit.copy("c")
skit.open_target("/tmp")
skit.hide()
skit.show()
skit.exit(4)
"#,
    );
    let mut host = home.headless("py");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["choices"][1]["value"], json!({"n": 1}));
    host.submit(&arg, json!({"n": 1}));
    assert_eq!(host.expect_prompt("notify")["text"], r#"{"n": 1}"#);
    let stream = host.expect_prompt("arg");
    assert_eq!(host.expect_prompt("setChoices")["id"], stream["id"]);
    host.submit(&stream, json!("y"));
    assert_eq!(host.expect_prompt("notify")["text"], "y");
    let form = host.expect_prompt("fields");
    assert_eq!(
        form["fields"][1],
        json!({"name":"body","label":"Body","value":"pre"})
    );
    host.submit(&form, json!({"title": TRICKY, "body": "b"}));
    assert_eq!(host.expect_prompt("notify")["text"], format!("{TRICKY}|b"));
    let editor = host.expect_prompt("editor");
    assert_eq!(editor["placeholder"], "p");
    host.submit(&editor, json!("text"));
    assert_eq!(host.expect_prompt("notify")["text"], "text");
    let div = host.expect_prompt("div");
    host.submit(&div, json!(null));
    assert_eq!(host.expect_prompt("copy")["text"], "c");
    assert_eq!(host.expect_prompt("open")["target"], "/tmp");
    host.expect_prompt("hide");
    host.expect_prompt("show");
    assert_eq!(host.expect_prompt("exit")["code"], 4);
    assert_eq!(host.finish().2, 4);
}

#[test]
fn node_sdk_round_trips_and_the_script_ends_by_itself() {
    let home = Home::new();
    home.script(
        "js.mjs",
        r##"const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
const v = await skit.arg("Pick", ["a", "b"], { strict: false });
skit.notify(`got ${v}`);
const id = skit.argOpen("Stream");
skit.setChoices(id, [{ name: "X", value: 10 }]);
skit.notify(`stream ${await skit.wait(id)}`);
const f = await skit.fields(["title", "body"]);
skit.notify(`${f.title}|${f.body}`);
skit.notify(await skit.editor("start"));
await skit.div("# Hi");
skit.copy("c");
skit.openTarget("https://example.com");
skit.hide();
skit.show();
"##,
    );
    let mut host = home.headless("js");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["strict"], false);
    host.submit(&arg, json!("free text"));
    assert_eq!(host.expect_prompt("notify")["text"], "got free text");
    let stream = host.expect_prompt("arg");
    host.expect_prompt("setChoices");
    host.submit(&stream, json!(10));
    assert_eq!(host.expect_prompt("notify")["text"], "stream 10");
    let form = host.expect_prompt("fields");
    host.submit(&form, json!({"title": TRICKY, "body": "b"}));
    assert_eq!(host.expect_prompt("notify")["text"], format!("{TRICKY}|b"));
    let editor = host.expect_prompt("editor");
    host.submit(&editor, json!("e"));
    assert_eq!(host.expect_prompt("notify")["text"], "e");
    let div = host.expect_prompt("div");
    host.submit(&div, json!(null));
    host.expect_prompt("copy");
    host.expect_prompt("open");
    host.expect_prompt("hide");
    host.expect_prompt("show");
    // No exit message: the script ends because nothing keeps it alive.
    let (rest, exit, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(exit["code"], 0);
    assert_eq!(code, 0);
}

#[test]
fn bundled_examples_run_headless() {
    let home = Home::new();
    // A fresh scripts folder gets the examples.
    std::fs::remove_dir(home.scripts()).unwrap();
    let mut host = home.headless("pick emoji");
    let arg = host.expect_prompt("arg");
    let rocket = arg["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains("rocket"))
        .unwrap()
        .clone();
    host.submit(&arg, rocket["value"].clone());
    // Pasted where the user was typing, not only copied.
    assert_eq!(host.expect_prompt("paste")["text"], "🚀");
    assert_eq!(host.finish().2, 0);

    let mut host = home.headless("upper-case selection");
    let ask = host.expect_prompt("getSelection");
    host.submit(&ask, json!("hello world"));
    assert_eq!(host.expect_prompt("paste")["text"], "HELLO WORLD");
    assert_eq!(host.finish().2, 0);
    let mut host = home.headless("upper-case selection");
    let ask = host.expect_prompt("getSelection");
    host.submit(&ask, json!(null));
    assert!(
        host.expect_prompt("notify")["text"]
            .as_str()
            .unwrap()
            .starts_with("Select some text")
    );
    assert_eq!(host.finish().2, 0);

    let notes = home.path().join("notes");
    let mut command = home.skit(&["run", "quick note", "--headless"]);
    command.env("SKIT_NOTES_DIR", &notes);
    let mut host = crate::common::Host::spawn(command);
    let form = host.expect_prompt("fields");
    host.submit(
        &form,
        json!({"title": "Shopping list", "tags": "home", "body": "milk"}),
    );
    assert!(
        host.expect_prompt("notify")["text"]
            .as_str()
            .unwrap()
            .starts_with("Saved")
    );
    assert_eq!(host.finish().2, 0);
    let written: Vec<_> = std::fs::read_dir(&notes).unwrap().flatten().collect();
    assert_eq!(written.len(), 1);
    let text = std::fs::read_to_string(written[0].path()).unwrap();
    assert_eq!(text, "# Shopping list\n\nTags: home\n\nmilk\n");
}

/// Runs `name` (a script written with one SDK) through paste, a secret paste,
/// type, and two `getSelection`s (text, then nothing selected).
fn paste_type_and_selection(home: &Home, name: &str) {
    let mut command = home.skit(&["run", name, "--headless"]);
    command.env("TRICKY", TRICKY);
    let mut host = crate::common::Host::spawn(command);
    assert_eq!(
        host.expect_prompt("paste"),
        json!({"type": "paste", "text": TRICKY})
    );
    // The secret never reaches the output; the flag does.
    assert_eq!(
        host.expect_prompt("paste"),
        json!({"type": "paste", "text": "(secret)", "secret": true})
    );
    assert_eq!(host.expect_prompt("type")["text"], "typed");
    let first = host.expect_prompt("getSelection");
    host.submit(&first, json!(TRICKY));
    assert_eq!(host.expect_prompt("notify")["text"], TRICKY);
    let second = host.expect_prompt("getSelection");
    assert_ne!(first["id"], second["id"]);
    host.submit(&second, json!(null));
    assert_eq!(host.expect_prompt("notify")["text"], "nothing selected");
    let (rest, exit, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(code, 0, "{exit}");
    assert!(
        !exit.to_string().contains("hunter2"),
        "the secret is in the output: {exit}"
    );
}

#[test]
fn every_sdk_pastes_types_and_reads_the_selection() {
    let home = Home::new();
    home.script(
        "paste-bash.sh",
        r#"source "$SKIT_SDK/skit.sh"
skit_paste "$TRICKY"
skit_paste hunter2 --secret
skit_type typed
if selected=$(skit_get_selection); then skit_notify "$selected"; fi
if selected=$(skit_get_selection); then skit_notify "$selected"; else skit_notify "nothing selected"; fi
"#,
    );
    home.script(
        "paste-python.py",
        r#"import os, sys
sys.path.insert(0, os.environ["SKIT_SDK"])
import skit
skit.paste(os.environ["TRICKY"])
skit.paste("hunter2", secret=True)
skit.type_text("typed")
skit.notify(skit.get_selection())
skit.notify(skit.get_selection() or "nothing selected")
"#,
    );
    home.script(
        "paste-node.mjs",
        r#"const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
skit.paste(process.env.TRICKY);
skit.paste("hunter2", { secret: true });
skit.typeText("typed");
skit.notify(await skit.getSelection());
skit.notify((await skit.getSelection()) ?? "nothing selected");
"#,
    );
    for name in ["paste-bash", "paste-python", "paste-node"] {
        paste_type_and_selection(&home, name);
    }
}

#[test]
fn sort_downloads_suggests_for_a_new_file_and_files_everything_when_asked() {
    let home = Home::new();
    std::fs::remove_dir(home.scripts()).unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(downloads.join("Documents")).unwrap();
    let report = downloads.join("report.pdf");
    std::fs::write(&report, "new").unwrap();
    std::fs::write(downloads.join("Documents/report.pdf"), "older").unwrap();
    std::fs::write(downloads.join("photo.JPG"), "jpg").unwrap();
    std::fs::write(downloads.join("movie.mkv.part"), "partial").unwrap();
    std::fs::write(downloads.join("notes.unknown"), "?").unwrap();

    // As Watch runs it: the file and the event. It only suggests.
    let run = |args: &[&str]| {
        let mut command = vec!["run", "sort downloads", "--headless", "--"];
        command.extend_from_slice(args);
        let mut command = home.skit(&command);
        command.env("SKIT_DOWNLOADS_DIR", &downloads);
        let mut host = crate::common::Host::spawn(command);
        host.close_stdin();
        host
    };
    let mut host = run(&[report.to_str().unwrap(), "add"]);
    assert_eq!(
        host.expect_prompt("notify")["text"],
        "report.pdf could go in Downloads/Documents: run “Sort Downloads” to file it"
    );
    assert_eq!(host.finish().2, 0);
    assert!(report.exists(), "nothing moves without asking");
    for args in [["movie.mkv.part", "add"], ["report.pdf", "remove"]] {
        let path = downloads.join(args[0]);
        let (events, _, code) = run(&[path.to_str().unwrap(), args[1]]).finish();
        assert!(events.is_empty(), "{events:?}");
        assert_eq!(code, 0);
    }

    // By hand: it asks, then files what it knows, never over another file.
    let mut command = home.skit(&["run", "sort downloads", "--headless"]);
    command.env("SKIT_DOWNLOADS_DIR", &downloads);
    let mut host = crate::common::Host::spawn(command);
    let ask = host.expect_prompt("arg");
    assert!(
        ask["placeholder"]
            .as_str()
            .unwrap()
            .starts_with("Move 2 files")
    );
    host.submit(&ask, json!("Move them"));
    assert_eq!(
        host.expect_prompt("notify")["text"],
        "Moved 2 files into folders by type"
    );
    assert_eq!(host.finish().2, 0);
    let read = |path: &str| std::fs::read_to_string(downloads.join(path)).unwrap();
    assert_eq!(read("Documents/report.pdf"), "older");
    assert_eq!(read("Documents/report (2).pdf"), "new");
    assert_eq!(read("Images/photo.JPG"), "jpg");
    assert_eq!(read("movie.mkv.part"), "partial");
    assert_eq!(read("notes.unknown"), "?");
}

#[test]
fn stand_up_by_hand_explains_its_schedule() {
    let home = Home::new();
    std::fs::remove_dir(home.scripts()).unwrap();
    let mut host = home.headless("stand up");
    let div = host.expect_prompt("div");
    assert!(
        div["markdown"]
            .as_str()
            .unwrap()
            .contains("50 9-17 * * 1-5"),
        "{div}"
    );
    host.submit(&div, json!(null));
    assert_eq!(host.finish().2, 0);
    let rows: Value = serde_json::from_slice(
        &home
            .skit(&["list", "stand up", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(rows[0]["nextRun"].is_string(), "{rows}");
}
