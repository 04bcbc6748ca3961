//! Protocol 1.1 live prompts through the headless host, with real scripts: input
//! and focus events with `seq`, actions with and without `close`, `hello`, `update`
//! and `setPreview` passed on, and a version-1 script that hears nothing new. The
//! window's side (debounce, stale replies dropped, the preview pane) is in the view
//! tests.

use crate::common::Home;
use serde_json::{Value, json};

/// A Python script that opens `arg` (the JSON given) and then writes every line
/// skit sends it back to stdout, as `got <line>`, until a submit.
fn echo_script(home: &Home, name: &str, arg: Value) -> String {
    home.script(
        &format!("{name}.py"),
        &format!(
            r#"import json, sys
print({arg}, flush=True)
for line in sys.stdin:
    print("got " + line.strip(), flush=True)
    if json.loads(line)["type"] == "submit":
        break
"#,
            // The message as a string literal (JSON's escapes are Python's too).
            arg = serde_json::to_string(&arg.to_string()).unwrap()
        ),
    );
    home.scripts()
        .join(format!("{name}.py"))
        .display()
        .to_string()
}

fn got(host: &mut crate::common::Host) -> Value {
    let line = host.expect_output();
    let json = line
        .strip_prefix("got ")
        .unwrap_or_else(|| panic!("{line}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn input_events_carry_the_query_and_a_growing_seq() {
    let home = Home::new();
    let script = echo_script(
        &home,
        "live",
        json!({"type":"arg","id":"q","filter":"script","input":"ab"}),
    );
    let mut host = home.headless(&script);
    host.expect_prompt("arg");
    // When the prompt opens, the script hears the query it starts with.
    assert_eq!(
        got(&mut host),
        json!({"type":"input","id":"q","value":"ab","seq":1})
    );
    host.send(r#"{"type":"input","value":"abc"}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"input","id":"q","value":"abc","seq":2})
    );
    host.send(r#"{"type":"input","value":""}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"input","id":"q","value":"","seq":3})
    );
    host.send(r#"{"type":"submit","id":"q","value":"x"}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"submit","id":"q","value":"x"})
    );
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn focus_and_actions_with_and_without_close() {
    let home = Home::new();
    let script = echo_script(
        &home,
        "acts",
        json!({
            "type":"arg","id":"p","events":["focus","action"],
            "choices":["one",{"name":"Two","value":2},"three"],
            "actions":[
                {"name":"Copy","shortcut":"ctrl+c","close":false},
                {"name":"Open","shortcut":"ctrl+o"},
                {"name":"Fixed","value":"v","close":false}
            ]
        }),
    );
    let mut host = home.headless(&script);
    host.expect_prompt("arg");
    host.send(r#"{"type":"focus","index":1}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"focus","id":"p","index":1,"value":2,"seq":1})
    );
    host.send(r#"{"type":"action","name":"Copy"}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"action","id":"p","action":"Copy","value":2,"input":""})
    );
    host.send(r#"{"type":"input","value":"tw"}"#);
    host.send(r#"{"type":"action","name":"Fixed"}"#);
    // No input events were asked for: the query only shows in the action.
    assert_eq!(
        got(&mut host),
        json!({"type":"action","id":"p","action":"Fixed","value":"v","input":"tw"})
    );
    host.send(r#"{"type":"focus","index":2}"#);
    assert_eq!(got(&mut host)["seq"], 2);
    // An action that closes is the answer, with its name.
    host.send(r#"{"type":"action","name":"Open"}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"submit","id":"p","value":"three","action":"Open"})
    );
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn hello_is_answered_with_the_capabilities() {
    let home = Home::new();
    home.script(
        "hello.py",
        r#"import json, sys
print(json.dumps({"type": "hello", "protocol": "1.1", "sdk": "test"}), flush=True)
reply = json.loads(sys.stdin.readline())
print("protocol " + reply["protocol"], flush=True)
print("setPreview" in reply["capabilities"] and "update" in reply["capabilities"], flush=True)
"#,
    );
    let mut host = home.headless("hello");
    assert_eq!(host.expect_prompt("hello")["protocol"], "1.1");
    assert_eq!(host.expect_output(), "protocol 1.1");
    assert_eq!(host.expect_output(), "True");
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn a_version_1_script_receives_nothing_new() {
    let home = Home::new();
    // It lists choices, gets typed at and focused, and must see only its submit.
    let script = echo_script(
        &home,
        "old",
        json!({"type":"arg","id":"1","choices":["a","b"]}),
    );
    let mut host = home.headless(&script);
    host.expect_prompt("arg");
    host.send(r#"{"type":"input","value":"b"}"#);
    host.send(r#"{"type":"focus","index":1}"#);
    host.send(r#"{"type":"submit","id":"1","value":"b"}"#);
    assert_eq!(
        got(&mut host),
        json!({"type":"submit","id":"1","value":"b"})
    );
    let (rest, _, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(code, 0);
}

#[test]
fn the_python_sdk_runs_the_live_loop() {
    let home = Home::new();
    home.script(
        "find.py",
        r##"import os, sys
sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

FRUIT = ["apple", "apricot", "banana", "cherry"]
def matching(query):
    return [{"name": f, "value": f.upper()} for f in FRUIT if query in f]
def preview(value):
    return "# " + value
actions = [{"name": "Peel", "shortcut": "ctrl+p", "close": False}, {"name": "Eat"}]
answer = skit.arg("Fruit", matching, preview=preview, actions=actions,
                  on_action=lambda name, value, query: skit.notify(f"{name} {value} {query}"))
skit.notify(f"{answer} via {skit.last_action}")
"##,
    );
    let mut host = home.headless("find");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["filter"], "script");
    assert_eq!(arg["events"], json!(["input", "focus", "action"]));
    assert_eq!(arg["preview"], true);
    let first = host.expect_prompt("setChoices");
    assert_eq!(first["seq"], 1);
    assert_eq!(first["choices"].as_array().unwrap().len(), 4);
    host.send(r#"{"type":"input","value":"ap"}"#);
    let second = host.expect_prompt("setChoices");
    assert_eq!(second["seq"], 2);
    assert_eq!(
        second["choices"],
        json!([{"name":"apple","value":"APPLE"},{"name":"apricot","value":"APRICOT"}])
    );
    host.send(r#"{"type":"focus","index":1}"#);
    let preview = host.expect_prompt("setPreview");
    assert_eq!(preview["markdown"], "# APRICOT");
    assert_eq!(preview["seq"], 1);
    host.send(r#"{"type":"action","name":"Peel"}"#);
    assert_eq!(host.expect_prompt("notify")["text"], "Peel APRICOT ap");
    host.send(r#"{"type":"action","name":"Eat"}"#);
    assert_eq!(host.expect_prompt("notify")["text"], "APRICOT via Eat");
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn the_node_sdk_runs_the_live_loop() {
    let home = Home::new();
    home.script(
        "find.mjs",
        r#"const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
const FRUIT = ["apple", "apricot", "banana"];
async function* matching(query) {
  for (const f of FRUIT) if (f.includes(query)) yield { name: f, group: f[0] };
}
const answer = await skit.arg("Fruit", matching, {
  preview: async (value) => `**${value}**`,
  actions: [{ name: "Peel", close: false }],
  onAction: (name, value, query) => skit.notify(`${name} ${value} ${query}`),
});
skit.notify(`picked ${answer}`);
"#,
    );
    let mut host = home.headless("find");
    host.expect_prompt("arg");
    assert_eq!(host.expect_prompt("setChoices")["seq"], 1);
    host.send(r#"{"type":"input","value":"ban"}"#);
    let choices = host.expect_prompt("setChoices");
    assert_eq!(choices["seq"], 2);
    assert_eq!(choices["choices"], json!([{"name":"banana","group":"b"}]));
    host.send(r#"{"type":"focus","index":0}"#);
    assert_eq!(host.expect_prompt("setPreview")["markdown"], "**banana**");
    host.send(r#"{"type":"action","name":"Peel"}"#);
    assert_eq!(host.expect_prompt("notify")["text"], "Peel banana ban");
    host.send(r#"{"type":"submit","id":"1","value":"banana"}"#);
    assert_eq!(host.expect_prompt("notify")["text"], "picked banana");
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn the_bash_sdk_runs_a_function_per_query() {
    let home = Home::new();
    std::fs::write(home.path().join("notes.txt"), "first line\nsecond line\n").unwrap();
    home.script(
        "find.sh",
        &format!(
            r#"source "$SKIT_SDK/skit.sh"
search() {{
  [[ "notes" == *"$1"* ]] && printf 'notes\tA text file\t%s\n' '{notes}'
  [[ "nothing" == *"$1"* ]] && printf 'nothing\n'
  return 0
}}
picked=$(skit_arg_live "Find" search)
skit_notify "picked $picked"
"#,
            notes = home.path().join("notes.txt").display()
        ),
    );
    let mut host = home.headless("find");
    host.expect_prompt("arg");
    let all = host.expect_prompt("setChoices");
    assert_eq!(all["seq"], 1);
    assert_eq!(
        all["choices"],
        json!([
            {"name":"notes","description":"A text file","preview":"```\nfirst line\nsecond line\n```"},
            {"name":"nothing"}
        ])
    );
    host.send(r#"{"type":"input","value":"noth"}"#);
    let narrowed = host.expect_prompt("setChoices");
    assert_eq!(narrowed["seq"], 2);
    assert_eq!(narrowed["choices"], json!([{"name":"nothing"}]));
    let id = all["id"].as_str().unwrap().to_string();
    host.send(&json!({"type":"submit","id":id,"value":"nothing"}).to_string());
    assert_eq!(host.expect_prompt("notify")["text"], "picked nothing");
    let (_, _, code) = host.finish();
    assert_eq!(code, 0);
}
