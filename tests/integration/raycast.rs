//! Raycast script commands through `skit run --headless`: their arguments asked
//! as one `fields` prompt and passed as argv in position, the confirmation, the
//! working folder, the shims on PATH, `.template.` files left out of the list.
//! The scripts are written here for the tests.

use crate::common::Home;
use serde_json::{Value, json};

const ARGUMENTS: &str = r#"#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Greet Someone
# @raycast.mode fullOutput
# @raycast.packageName Greetings
# @raycast.argument1 { "type": "text", "placeholder": "Name" }
# @raycast.argument2 { "type": "password", "placeholder": "Secret", "optional": true }
# @raycast.argument3 { "type": "dropdown", "placeholder": "Tone", "data": [{"title": "Warm", "value": "warm"}, {"title": "Dry", "value": "dry"}] }
printf '%s|' "$#" "$1" "$2" "$3"
echo
"#;

fn outputs(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l["event"] == "output")
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn arguments_are_asked_in_one_form_and_passed_in_position() {
    let home = Home::new();
    home.script("greet.sh", ARGUMENTS);
    let mut host = home.headless("Greet Someone");
    let form = host.expect_prompt("fields");
    assert_eq!(
        form["fields"],
        json!([
            {"name": "argument1", "label": "Name", "placeholder": "Name", "required": true},
            {"name": "argument2", "label": "Secret", "placeholder": "Secret", "required": false, "type": "password"},
            {"name": "argument3", "label": "Tone", "placeholder": "Tone", "required": true, "type": "select",
             "options": [{"name": "Warm", "value": "warm"}, {"name": "Dry", "value": "dry"}]},
        ])
    );
    host.submit(
        &form,
        json!({"argument1": "Ann Lee", "argument2": "", "argument3": "dry"}),
    );
    let (rest, exit, code) = host.finish();
    assert_eq!(code, 0, "{exit}");
    // The optional password left empty is an empty argv[2], not a missing one.
    assert_eq!(outputs(&rest), ["3|Ann Lee||dry|"]);
}

#[test]
fn a_password_is_passed_but_never_printed() {
    let home = Home::new();
    home.script("greet.sh", ARGUMENTS);
    let mut host = home.headless("Greet Someone");
    let form = host.expect_prompt("fields");
    host.submit(
        &form,
        json!({"argument1": "a", "argument2": "hunter2", "argument3": "warm"}),
    );
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert_eq!(outputs(&rest), ["3|a|hunter2|warm|"]);
}

#[test]
fn arguments_after_dashes_are_not_asked() {
    let home = Home::new();
    home.script("greet.sh", ARGUMENTS);
    let host = crate::common::Host::spawn(home.skit(&[
        "run",
        "Greet Someone",
        "--headless",
        "--",
        "x",
        "y",
        "z",
    ]));
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert_eq!(outputs(&rest), ["3|x|y|z|"]);
}

#[test]
fn percent_encoded_arguments() {
    let home = Home::new();
    home.script(
        "search.py",
        r#"#!/usr/bin/env python3
# @raycast.schemaVersion 1
# @raycast.title Search Web
# @raycast.mode silent
# @raycast.argument1 { "type": "text", "placeholder": "Query", "percentEncoded": true }
import sys
print(sys.argv[1:])
"#,
    );
    let mut host = home.headless("Search Web");
    let form = host.expect_prompt("fields");
    host.submit(&form, json!({"argument1": "rust & gpui/ü"}));
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert_eq!(outputs(&rest), ["['rust%20%26%20gpui%2F%C3%BC']"]);
}

const CONFIRM: &str = r#"#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Empty Trash
# @raycast.mode compact
# @raycast.needsConfirmation true
echo "emptied"
"#;

#[test]
fn needs_confirmation_runs_only_when_confirmed() {
    let home = Home::new();
    home.script("trash.sh", CONFIRM);
    let mut host = home.headless("Empty Trash");
    let confirm = host.expect_prompt("arg");
    assert_eq!(confirm["placeholder"], "Run “Empty Trash”?");
    host.submit(&confirm, json!(true));
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert_eq!(outputs(&rest), ["emptied"]);

    let mut host = home.headless("Empty Trash");
    let confirm = host.expect_prompt("arg");
    host.submit(&confirm, json!(false));
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert!(outputs(&rest).is_empty(), "{rest:?}");
}

#[test]
fn the_user_leaving_means_the_script_never_runs() {
    let home = Home::new();
    home.script("trash.sh", CONFIRM);
    let mut host = home.headless("Empty Trash");
    host.expect_prompt("arg");
    host.close_stdin();
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert!(outputs(&rest).is_empty(), "{rest:?}");
}

#[test]
fn working_folder_shims_and_a_failure_with_its_output() {
    let home = Home::new();
    std::fs::create_dir_all(home.path().join("work")).unwrap();
    home.script(
        "tools/where.sh",
        r#"#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Where Am I
# @raycast.mode fullOutput
# @raycast.currentDirectoryPath ~/work
pwd
for tool in open pbcopy pbpaste; do
  case "$(command -v $tool)" in
    */raycast/bin/$tool) echo "$tool: shim" ;;
    *) echo "$tool: missing" ;;
  esac
done
echo "broke" >&2
exit 3
"#,
    );
    let host = home.headless("Where Am I");
    let (rest, exit, code) = host.finish();
    assert_eq!(code, 3);
    let work = home.path().join("work");
    assert_eq!(
        outputs(&rest),
        [
            work.to_str().unwrap(),
            "open: shim",
            "pbcopy: shim",
            "pbpaste: shim"
        ]
    );
    assert_eq!(exit["stderr"], "broke\n");
}

#[test]
fn the_scripts_folder_is_the_default_working_folder_and_other_scripts_get_no_shims() {
    let home = Home::new();
    home.script(
        "plain.sh",
        "# @raycast.schemaVersion 1\n# @raycast.title Plain\n# @raycast.mode compact\npwd\n",
    );
    home.script(
        "mine.sh",
        "# Name: Mine\ncase \"$(command -v pbcopy)\" in */raycast/bin/*) echo shim ;; *) echo none ;; esac\n",
    );
    let (rest, _, _) = home.headless("Plain").finish();
    assert_eq!(outputs(&rest), [home.scripts().to_str().unwrap()]);
    let (rest, _, _) = home.headless("Mine").finish();
    assert_eq!(outputs(&rest), ["none"]);
}

#[test]
fn listed_by_title_and_package_and_templates_left_out() {
    let home = Home::new();
    home.script("greetings/greet.sh", ARGUMENTS);
    home.script(
        "greetings/script-command.template.sh",
        "# @raycast.schemaVersion 1\n# @raycast.title Template\n",
    );
    home.script(
        "greetings/hello.js",
        "#!/usr/bin/env node\n// @raycast.schemaVersion 1\n// @raycast.title Hello Js\n// @raycast.description Says hello\nconsole.log('hello')\n",
    );
    let out = home.skit(&["list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Greet Someone"), "{text}");
    assert!(text.contains("Hello Js"), "{text}");
    assert!(text.contains("Says hello"), "{text}");
    assert!(!text.contains("Template"), "{text}");
}
