//! The script runner and headless host, driven end to end with real bash, Python
//! and Node processes through `skit run --headless`.

use crate::common::{Home, alive, wait_until};
use serde_json::json;

#[test]
fn every_message_type_is_reported_and_answers_reach_the_script() {
    let home = Home::new();
    home.script(
        "all.py",
        r##"
import json, sys
def send(m): print(json.dumps(m), flush=True)
def answer():
    return json.loads(sys.stdin.readline())["value"]
send({"type":"arg","id":"a","placeholder":"Pick","hint":"h","choices":["x",{"name":"Y","value":2,"description":"d"}],"strict":False})
send({"type":"setChoices","id":"a","choices":["z"]})
print("got arg", json.dumps(answer()), flush=True)
send({"type":"div","id":"b","markdown":"# Hi"})
print("got div", json.dumps(answer()), flush=True)
send({"type":"fields","id":"c","fields":[{"name":"t","label":"Title","placeholder":"p","value":"v"}]})
print("got fields", json.dumps(answer()), flush=True)
send({"type":"editor","id":"d","value":"text","placeholder":"p"})
print("got editor", json.dumps(answer()), flush=True)
for m in [{"type":"notify","text":"n"},{"type":"copy","text":"c"},{"type":"open","target":"https://example.com"},{"type":"hide"},{"type":"show"},{"type":"exit","code":0}]:
    send(m)
"##,
    );
    let mut host = home.headless(home.scripts().join("all.py").to_str().unwrap());
    let arg = host.expect_prompt("arg");
    assert_eq!(
        arg,
        json!({"type":"arg","id":"a","placeholder":"Pick","hint":"h","choices":["x",{"name":"Y","value":2,"description":"d"}],"strict":false})
    );
    assert_eq!(host.expect_prompt("setChoices")["choices"], json!(["z"]));
    host.submit(&arg, json!(2));
    assert_eq!(host.expect_output(), "got arg 2");
    let div = host.expect_prompt("div");
    host.submit(&div, json!(null));
    assert_eq!(host.expect_output(), "got div null");
    let fields = host.expect_prompt("fields");
    assert_eq!(fields["fields"][0]["label"], "Title");
    host.submit(&fields, json!({"t": "hello"}));
    assert_eq!(host.expect_output(), r#"got fields {"t": "hello"}"#);
    let editor = host.expect_prompt("editor");
    host.submit(&editor, json!("two\nlines"));
    assert_eq!(host.expect_output(), r#"got editor "two\nlines""#);
    assert_eq!(host.expect_prompt("notify")["text"], "n");
    assert_eq!(host.expect_prompt("copy")["text"], "c");
    assert_eq!(host.expect_prompt("open")["target"], "https://example.com");
    host.expect_prompt("hide");
    host.expect_prompt("show");
    assert_eq!(host.expect_prompt("exit")["code"], 0);
    let (rest, exit, code) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(
        exit,
        json!({"event":"exit","code":0,"signal":null,"stderr":""})
    );
    assert_eq!(code, 0);
}

#[test]
fn bad_lines_are_errors_with_line_numbers_and_the_script_continues() {
    let home = Home::new();
    let script = home.script(
        "bad.sh",
        r#"echo 'plain text'
echo '{"type":"arg","id":'
echo '{"type":"dance","id":"1"}'
echo '{"type":"div","id":"1"}'
printf 'bad \xff utf8\n'
head -c 2097152 /dev/zero | tr '\0' x; echo
echo '[1, 2]'
echo 'still here'
"#,
    );
    let (events, exit, code) = home.headless(script.to_str().unwrap()).finish();
    assert_eq!(code, 0);
    assert_eq!(exit["code"], 0);
    let brief: Vec<String> = events
        .iter()
        .map(|e| match e["event"].as_str().unwrap() {
            "output" => format!("output {}", e["text"].as_str().unwrap()),
            "error" => format!("error {}", e["line"]),
            other => panic!("unexpected {other}: {e}"),
        })
        .collect();
    assert_eq!(
        brief,
        [
            "output plain text",
            "error 2",
            "error 3",
            "error 4",
            "error 5",
            "error 6",
            "output [1, 2]",
            "output still here"
        ]
    );
    let message = |i: usize| events[i]["message"].as_str().unwrap().to_string();
    assert!(message(1).starts_with("invalid JSON"), "{}", message(1));
    assert_eq!(message(2), r#"unknown message type "dance""#);
    assert!(
        message(3).contains("missing field `markdown`"),
        "{}",
        message(3)
    );
    assert!(message(4).contains("not valid UTF-8"), "{}", message(4));
    assert!(message(5).contains("2097152 bytes"), "{}", message(5));
}

#[test]
fn a_flood_of_a_million_lines_keeps_memory_flat() {
    let home = Home::new();
    let script = home.script(
        "flood.py",
        "import sys\nblock = ('x' * 100 + '\\n') * 1000\nfor _ in range(1000):\n    sys.stdout.write(block)\n",
    );
    let mut host = home.headless(script.to_str().unwrap());
    let pid = host.child.id();
    let mut outputs = 0usize;
    let mut peak_kib = 0u64;
    loop {
        let line = host.next_line().expect("host ended early");
        if line.starts_with(r#"{"event":"output""#) {
            outputs += 1;
            if outputs.is_multiple_of(50_000) {
                peak_kib = peak_kib.max(vm_hwm_kib(pid).unwrap_or(0));
            }
        } else {
            assert!(line.starts_with(r#"{"event":"exit","code":0"#), "{line}");
            break;
        }
    }
    assert_eq!(outputs, 1_000_000);
    // The script wrote ~100 MB; the host must not have held it.
    assert!(peak_kib > 0, "could not read the host's memory");
    assert!(peak_kib < 64 * 1024, "peak resident memory {peak_kib} KiB");
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_crash_reports_its_code_and_stderr_tail() {
    let home = Home::new();
    let script = home.script(
        "crash.sh",
        "for i in $(seq 1 20000); do echo \"noise line $i\" >&2; done\necho 'Traceback: it broke' >&2\nexit 3\n",
    );
    let (_, exit, code) = home.headless(script.to_str().unwrap()).finish();
    assert_eq!(code, 3);
    assert_eq!(exit["code"], 3);
    assert_eq!(exit["signal"], json!(null));
    let stderr = exit["stderr"].as_str().unwrap();
    assert!(
        stderr.ends_with("Traceback: it broke\n"),
        "{}",
        &stderr[stderr.len() - 100..]
    );
    assert!(stderr.len() <= 64 * 1024);
    assert!(stderr.len() > 60 * 1024);
}

#[test]
fn death_by_a_foreign_signal_is_reported() {
    let home = Home::new();
    let script = home.script("killed.sh", "echo bye >&2\nkill -9 $$\n");
    let (_, exit, code) = home.headless(script.to_str().unwrap()).finish();
    assert_eq!(code, 137);
    assert_eq!(exit["signal"], 9);
    assert_eq!(exit["stderr"], "bye\n");
}

#[test]
fn cancel_stops_the_script_and_its_children() {
    let home = Home::new();
    let script = home.script(
        "children.sh",
        "sleep 1000 &\necho \"child $!\"\necho '{\"type\":\"arg\",\"id\":\"1\"}'\nwait\n",
    );
    let mut host = home.headless(script.to_str().unwrap());
    let child: i32 = host
        .expect_output()
        .strip_prefix("child ")
        .unwrap()
        .parse()
        .unwrap();
    host.expect_prompt("arg");
    assert!(alive(child));
    host.cancel();
    let (_, exit, code) = host.finish();
    assert_eq!(exit["signal"], 15);
    assert_eq!(code, 143);
    wait_until("the background child to be gone", || !alive(child));
}

#[test]
fn cancel_kills_a_script_that_ignores_sigterm() {
    let home = Home::new();
    let script = home.script(
        "stubborn.py",
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('{\"type\":\"arg\",\"id\":\"1\"}', flush=True)\nwhile True:\n    time.sleep(1)\n",
    );
    let mut host = home.headless(script.to_str().unwrap());
    host.expect_prompt("arg");
    host.cancel();
    let (_, exit, code) = host.finish();
    assert_eq!(exit["signal"], 9);
    assert_eq!(code, 137);
}

#[test]
fn a_missing_interpreter_is_a_clear_error() {
    let home = Home::new();
    home.write_config(r#"{"interpreters":{"rb":"ruby-that-is-not-installed"}}"#);
    let script = home.script("hello.rb", "puts 'hi'\n");
    let (events, exit, code) = home.headless(script.to_str().unwrap()).finish();
    assert_eq!(code, 127);
    assert_eq!(exit["code"], 127);
    let message = events[0]["message"].as_str().unwrap();
    assert_eq!(events[0]["event"], "error");
    assert!(
        message.contains("`ruby-that-is-not-installed` is not installed"),
        "{message}"
    );
    assert!(message.contains("interpreters"), "{message}");
}

#[test]
fn a_deleted_script_and_an_unknown_kind_are_clear_errors() {
    let home = Home::new();
    let gone = home.scripts().join("gone.sh");
    let (events, _, code) = home.headless(gone.to_str().unwrap()).finish();
    assert_eq!(code, 127);
    assert!(
        events[0]["message"]
            .as_str()
            .unwrap()
            .contains("script not found")
    );

    let notes = home.script("notes.txt", "hello");
    let (events, _, code) = home.headless(notes.to_str().unwrap()).finish();
    assert_eq!(code, 126);
    assert!(
        events[0]["message"]
            .as_str()
            .unwrap()
            .contains("no interpreter")
    );
}

#[test]
fn a_hostile_file_name_is_an_argument_not_a_command() {
    let home = Home::new();
    let script = home.script(
        "it's $(touch pwned).sh",
        "echo \"ran as $(basename \"$0\")\"\n",
    );
    let (events, _, code) = home.headless(script.to_str().unwrap()).finish();
    assert_eq!(code, 0);
    assert_eq!(events[0]["text"], "ran as it's $(touch pwned).sh");
    assert!(!home.scripts().join("pwned").exists());
    assert!(!std::env::current_dir().unwrap().join("pwned").exists());
}

#[test]
fn scripts_get_the_protocol_environment_and_their_folder_as_cwd() {
    let home = Home::new();
    let script = home.script(
        "group/env.sh",
        "echo \"$SKIT $SKIT_PROTOCOL\"\necho \"$SKIT_SCRIPT\"\necho \"$SKIT_SDK\"\npwd\n",
    );
    let mut host = home.headless("env");
    assert_eq!(host.expect_output(), "1 1");
    assert_eq!(host.expect_output(), script.to_str().unwrap());
    let sdk = host.expect_output();
    assert!(
        std::path::Path::new(&sdk).join("skit.sh").is_file(),
        "{sdk}"
    );
    assert_eq!(
        host.expect_output(),
        home.scripts().join("group").to_str().unwrap()
    );
    assert_eq!(host.finish().2, 0);
}

#[test]
fn an_executable_with_a_shebang_runs_directly() {
    let home = Home::new();
    home.executable(
        "direct",
        "#!/usr/bin/env python3\nimport sys\nprint(sys.argv[0])\n",
    );
    let mut host = home.headless("direct");
    assert!(host.expect_output().ends_with("/direct"));
    assert_eq!(host.finish().2, 0);
}

#[test]
fn a_script_that_stopped_reading_does_not_break_the_host() {
    let home = Home::new();
    let script = home.script(
        "deaf.sh",
        "exec 0<&-\necho '{\"type\":\"arg\",\"id\":\"1\"}'\nsleep 0.2\necho after\n",
    );
    let mut host = home.headless(script.to_str().unwrap());
    let arg = host.expect_prompt("arg");
    host.submit(&arg, json!("x"));
    assert_eq!(host.expect_output(), "after");
    assert_eq!(host.finish().2, 0);
}

#[test]
fn closing_the_host_stdin_lets_an_sdk_script_end() {
    let home = Home::new();
    let script = home.script(
        "ask.py",
        "import os, sys\nsys.path.insert(0, os.environ['SKIT_SDK'])\nimport skit\nskit.arg('Name?')\nprint('not reached')\n",
    );
    let mut host = home.headless(script.to_str().unwrap());
    host.expect_prompt("arg");
    host.close_stdin();
    let (events, _, code) = host.finish();
    assert!(events.is_empty(), "{events:?}");
    assert_eq!(code, 0);
}

#[test]
fn arguments_after_two_dashes_reach_argv_with_the_trigger() {
    let home = Home::new();
    home.script(
        "args.sh",
        "echo \"$#|$1|$2|$SKIT_TRIGGER|${SKIT_INPUT-unset}\"\n",
    );
    home.script(
        "args.py",
        "import os, sys\nprint(sys.argv[1:], os.environ['SKIT_TRIGGER'])\n",
    );
    home.script(
        "args.mjs",
        "console.log(JSON.stringify(process.argv.slice(2)), process.env.SKIT_TRIGGER)\n",
    );
    let run = |script: &str, args: &[&str]| {
        let mut command = vec!["run", script, "--headless", "--"];
        command.extend_from_slice(args);
        let mut child = crate::common::Host::spawn(home.skit(&command));
        child.close_stdin();
        let text = child.expect_output();
        assert_eq!(child.finish().2, 0);
        text
    };
    // A SKIT_INPUT in skit's own environment is not passed on: only a keyword's
    // run has input.
    let mut command = home.skit(&["run", "args.sh", "--headless", "--", "one", "two words"]);
    command.env("SKIT_INPUT", "stale");
    let mut host = crate::common::Host::spawn(command);
    host.close_stdin();
    assert_eq!(host.expect_output(), "2|one|two words|cli|unset");
    assert_eq!(host.finish().2, 0);
    assert_eq!(run("args.sh", &[]), "0|||cli|unset");
    assert_eq!(run("args.py", &["a b", "--flag"]), "['a b', '--flag'] cli");
    assert_eq!(run("args.mjs", &["-x", ""]), "[\"-x\",\"\"] cli");
}

#[test]
fn with_no_input_at_all_the_host_still_answers_what_it_answers_by_itself() {
    // The host's stdin ends at once (</dev/null): hello and an env value from the
    // environment are answered all the same, before the script learns that no
    // user answer comes (its stdin ends at its first real prompt).
    let home = Home::new();
    let script = home.script(
        "no-input.py",
        "import json, sys\n\
         def ask(message):\n    print(json.dumps(message), flush=True)\n    return sys.stdin.readline()\n\
         hello = ask({'type': 'hello', 'protocol': '1.1'})\n\
         env = ask({'type': 'env', 'id': 'e', 'key': 'SKIT_TEST_TOKEN'})\n\
         arg = ask({'type': 'arg', 'id': 'a'})\n\
         print('hello=' + ('yes' if hello else 'eof'), flush=True)\n\
         print('env=' + (json.loads(env)['value'] if env else 'eof'), flush=True)\n\
         print('arg=' + ('eof' if arg == '' else arg.strip()), flush=True)\n",
    );
    let output = home
        .skit(&["run", script.to_str().unwrap(), "--headless"])
        .env("SKIT_TEST_TOKEN", "x")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("skit runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let said: Vec<String> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| event["event"] == "output")
        .map(|event| {
            event["text"]
                .as_str()
                .unwrap_or_default()
                .trim_end()
                .to_string()
        })
        .collect();
    assert_eq!(said, ["hello=yes", "env=x", "arg=eof"], "{stdout}");
    assert_eq!(output.status.code(), Some(0), "{stdout}");
}
