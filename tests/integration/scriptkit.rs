//! Script Kit scripts (`@johnlindquist/kit`) run by skit's own kit in the SDK
//! folder, through the headless host with real Node: live choices, `div(md())`,
//! `fields`, `env`, `db`, `run`, `exec`, an unsupported function, a script with no
//! import at all, and skit's own Node scripts left exactly as they were. The
//! scripts are written for these tests.

use crate::common::Home;
use serde_json::{Value, json};

/// Runs `name` headless and answers nothing: for scripts that ask nothing.
fn run_to_end(home: &Home, name: &str) -> (Vec<Value>, Value, i32) {
    let mut host = home.headless(name);
    host.close_stdin();
    host.finish()
}

#[test]
fn live_choices_follow_the_input_and_a_panel_stands_in_for_none() {
    let home = Home::new();
    home.script(
        "fruit.js",
        r###"// Name: Fruit
import "@johnlindquist/kit"

const fruits = ["apple", "banana", "cherry"]
const fruit = await arg("Pick a fruit", async (input) =>
  input ? fruits.filter((f) => f.includes(input)).map((f) => ({ name: f, value: f.toUpperCase() })) : md("**Type** a fruit\n\napple, banana or cherry")
)
console.log(`picked ${fruit}`)
"###,
    );
    let mut host = home.headless("fruit");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["filter"], "script");
    assert_eq!(arg["placeholder"], "Pick a fruit");
    // The first input (empty) gets a panel: one row that answers the input.
    let panel = host.expect_prompt("setChoices");
    assert_eq!(panel["seq"], 1);
    assert_eq!(
        panel["choices"],
        json!([{"name": "Type a fruit", "value": "", "preview": "**Type** a fruit\n\napple, banana or cherry"}])
    );
    host.send(r###"{"type":"input","value":"an"}"###);
    let choices = host.expect_prompt("setChoices");
    assert_eq!(choices["seq"], 2);
    assert_eq!(
        choices["choices"],
        json!([{"name": "banana", "value": "BANANA"}])
    );
    host.submit(&arg, json!("BANANA"));
    assert_eq!(host.expect_output(), "picked BANANA");
    let (_, exit, code) = host.finish();
    assert_eq!((exit["code"].as_i64(), code), (Some(0), 0), "{exit}");
}

#[test]
fn globals_without_an_import_div_md_and_html() {
    let home = Home::new();
    // No import: Script Kit's globals, top-level await in a .js file.
    home.script(
        "hello.js",
        r###"// Name: Hello
// Description: says hello
await div(md("# Hello\n\n*world*"))
await div("<h1>Hi</h1><p>there &amp; <b>you</b></p>")
const { stdout } = await exec("echo from-exec")
console.log(stdout, home("x") === process.env.HOME + "/x", path.basename("/a/b.txt"), typeof uuid())
console.log(JSON.stringify(process.execArgv.filter((a) => a === "--import")))
"###,
    );
    let mut host = home.headless("hello");
    let div = host.expect_prompt("div");
    assert_eq!(div["markdown"], "# Hello\n\n*world*");
    host.submit(&div, Value::Null);
    let div = host.expect_prompt("div");
    assert_eq!(div["markdown"], "# Hi\n\nthere & **you**");
    host.submit(&div, Value::Null);
    assert_eq!(host.expect_output(), "from-exec true b.txt string");
    assert_eq!(host.expect_output(), r###"["--import"]"###);
    let (_, exit, _) = host.finish();
    assert_eq!(exit["code"], 0, "{exit}");
}

#[test]
fn fields_answer_an_array_in_field_order() {
    let home = Home::new();
    home.script(
        "form.mjs",
        r###"import "@johnlindquist/kit"
const [name, age, secret] = await fields(["Name", { label: "Age", type: "number" }, { label: "PIN", type: "password" }])
console.log(JSON.stringify({ name, age, secret }))
"###,
    );
    let mut host = home.headless("form");
    let form = host.expect_prompt("fields");
    assert_eq!(
        form["fields"],
        json!([
            {"name": "field0", "label": "Name"},
            {"name": "field1", "label": "Age", "type": "number"},
            {"name": "field2", "label": "PIN", "type": "password"},
        ])
    );
    host.submit(
        &form,
        json!({"field0": "Ann", "field1": 42, "field2": "1234"}),
    );
    assert_eq!(
        host.expect_output(),
        r###"{"name":"Ann","age":"42","secret":"1234"}"###
    );
    assert_eq!(host.finish().1["code"], 0);
}

#[test]
fn env_asks_once_masked_and_is_answered_from_the_env_file_next_time() {
    let home = Home::new();
    home.script(
        "token.js",
        r###"const token = await env("KIT_TEST_TOKEN")
console.log(`token ${token.length}`)
"###,
    );
    let mut host = home.headless("token");
    let asked = host.expect_prompt("env");
    assert_eq!(asked["key"], "KIT_TEST_TOKEN");
    assert_eq!(asked["secret"], true);
    host.submit(&asked, json!("s3cret"));
    assert_eq!(host.expect_output(), "token 6");
    assert_eq!(host.finish().1["code"], 0);
    // Stored: the next run is answered without a prompt.
    let (events, exit, _) = run_to_end(&home, "token");
    assert_eq!(events, vec![json!({"event": "output", "text": "token 6"})]);
    assert_eq!(exit["code"], 0);
}

#[test]
fn db_keeps_a_json_file_per_script_in_skits_data_folder() {
    let home = Home::new();
    home.script(
        "counter.js",
        r###"import "@johnlindquist/kit"
const store = await db({ runs: [] })
store.runs.push(store.runs.length + 1)
store.last = "run"
await store.write()
console.log(JSON.stringify(store.data))
"###,
    );
    for expected in [
        r###"{"runs":[1],"last":"run"}"###,
        r###"{"runs":[1,2],"last":"run"}"###,
    ] {
        let (events, exit, _) = run_to_end(&home, "counter");
        assert_eq!(exit["code"], 0, "{exit}");
        assert_eq!(events, vec![json!({"event": "output", "text": expected})]);
    }
    let file = home.path().join("data/skit/db/counter.json");
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(stored, json!({"runs": [1, 2], "last": "run"}));
}

#[test]
fn an_unsupported_function_fails_at_once_naming_itself_and_the_line() {
    let home = Home::new();
    home.script(
        "terminal.js",
        r###"import "@johnlindquist/kit"
console.log("before")
await term("htop")
console.log("never")
"###,
    );
    let mut host = home.headless("terminal");
    // stdin stays open: the script must not wait for an answer.
    assert_eq!(host.expect_output(), "before");
    let (rest, exit, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(code, 1);
    let stderr = exit["stderr"].as_str().unwrap();
    assert!(
        stderr.contains(
            "term() is Script Kit API that skit does not provide (called at terminal.js:3)"
        ),
        "{stderr}"
    );
}

#[test]
fn run_starts_another_script_by_name_with_arguments() {
    let home = Home::new();
    home.script(
        "greet.js",
        r###"// Name: Greet Someone
const who = await arg("Who?")
console.log(`hello ${who}`)
"###,
    );
    home.script(
        "main.js",
        r###"import "@johnlindquist/kit"
await run("Greet Someone", "Ann")
await run("greet", "Bob")
console.log("done")
"###,
    );
    let (events, exit, _) = run_to_end(&home, "main");
    assert_eq!(exit["code"], 0, "{exit}");
    let texts: Vec<&str> = events.iter().filter_map(|e| e["text"].as_str()).collect();
    assert_eq!(texts, ["hello Ann", "hello Bob", "done"]);
}

#[test]
fn skits_own_node_scripts_run_exactly_as_before() {
    let home = Home::new();
    // Same `// Name:` comments, calls named like the kit's, skit's own SDK.
    home.script(
        "own.mjs",
        r###"// Name: Own Script
// Description: skit's SDK
const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
const v = await skit.arg("Pick", ["a", "b"]);
console.log(`${v} ${JSON.stringify(process.execArgv)} ${typeof globalThis.md}`);
"###,
    );
    let mut host = home.headless("Own Script");
    let arg = host.expect_prompt("arg");
    host.submit(&arg, json!("b"));
    assert_eq!(host.expect_output(), "b [] undefined");
    assert_eq!(host.finish().1["code"], 0);
}
