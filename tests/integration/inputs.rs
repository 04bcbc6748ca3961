//! Richer inputs (protocol 1.1) through the headless host, with real bash, Python
//! and Node scripts using the SDKs: each answer shape reaches the script with its
//! JSON type (arrays, numbers, booleans, select values, paths), and `env` values
//! come from the environment, from the env file, or are asked once and stored in
//! the env file with mode 0600. Secrets never show in what the host prints.

use std::os::unix::fs::PermissionsExt;

use crate::common::{Home, Host};
use serde_json::{Value, json};

/// The next `notify` text, parsed as the JSON the script put in it.
fn notified(host: &mut Host) -> Value {
    let text = host.expect_prompt("notify")["text"]
        .as_str()
        .unwrap()
        .to_string();
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

const PYTHON: &str =
    "import json, os, sys\nsys.path.insert(0, os.environ['SKIT_SDK'])\nimport skit\n";
const NODE: &str = "const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);\n";

#[test]
fn multi_select_answers_an_array_in_every_sdk() {
    let home = Home::new();
    home.script(
        "multi.py",
        &format!(
            "{PYTHON}picked = skit.arg('Pick', ['a', {{'name': 'B', 'value': 2}}, 'c'], multiple=True)\n\
             skit.notify(json.dumps([picked, type(picked).__name__]))\n"
        ),
    );
    home.script(
        "multi.mjs",
        &format!(
            "{NODE}const picked = await skit.arg('Pick', ['a', 'b'], {{ multiple: true }});\n\
             skit.notify(JSON.stringify([picked, Array.isArray(picked)]));\n"
        ),
    );
    home.script(
        "multi.sh",
        "source \"$SKIT_SDK/skit.sh\"\n\
         n=0\n\
         while IFS= read -r line; do n=$((n+1)); skit_notify \"$n:$line\"; done < <(skit_arg_multiple Pick 'one \"1\"' two three)\n",
    );

    let mut host = home.headless("multi.py");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["multiple"], true);
    host.submit(&arg, json!(["c", 2]));
    assert_eq!(notified(&mut host), json!([["c", 2], "list"]));

    let mut host = home.headless("multi.mjs");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["multiple"], true);
    host.submit(&arg, json!(["b"]));
    assert_eq!(notified(&mut host), json!([["b"], true]));

    let mut host = home.headless("multi.sh");
    let arg = host.expect_prompt("arg");
    assert_eq!(arg["multiple"], true);
    assert_eq!(arg["choices"], json!(["one \"1\"", "two", "three"]));
    host.submit(&arg, json!(["three", "one \"1\""]));
    assert_eq!(notified(&mut host), json!("1:three"));
    assert_eq!(notified(&mut host), json!("2:one \"1\""));
    let (rest, exit, _) = host.finish();
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(exit["code"], 0);
}

#[test]
fn typed_fields_answer_numbers_booleans_and_select_values() {
    let home = Home::new();
    home.script(
        "form.py",
        &format!(
            "{PYTHON}answer = skit.fields([\n\
             {{'name': 'name', 'required': True}},\n\
             {{'name': 'count', 'type': 'number'}},\n\
             {{'name': 'git', 'type': 'checkbox', 'value': True}},\n\
             {{'name': 'template', 'type': 'select', 'options': ['Rust', {{'name': 'Python', 'value': {{'lang': 'py'}}}}]}},\n\
             ])\n\
             skit.notify(json.dumps({{k: [v, type(v).__name__] for k, v in answer.items()}}))\n"
        ),
    );
    let mut host = home.headless("form.py");
    let form = host.expect_prompt("fields");
    assert_eq!(form["fields"][1]["type"], "number");
    assert_eq!(form["fields"][2]["value"], true);
    assert_eq!(
        form["fields"][3]["options"][1]["value"],
        json!({"lang": "py"})
    );
    host.submit(
        &form,
        json!({"name": "x", "count": 2.5, "git": false, "template": {"lang": "py"}}),
    );
    assert_eq!(
        notified(&mut host),
        json!({
            "name": ["x", "str"],
            "count": [2.5, "float"],
            "git": [false, "bool"],
            "template": [{"lang": "py"}, "dict"],
        })
    );

    // Node and bash read the same shapes.
    home.script(
        "form.mjs",
        &format!(
            "{NODE}const a = await skit.fields([{{ name: 'n', type: 'number' }}, {{ name: 'ok', type: 'checkbox' }}]);\n\
             skit.notify(JSON.stringify([typeof a.n, typeof a.ok, a.n, a.ok]));\n"
        ),
    );
    let mut host = home.headless("form.mjs");
    let form = host.expect_prompt("fields");
    host.submit(&form, json!({"n": 42, "ok": true}));
    assert_eq!(notified(&mut host), json!(["number", "boolean", 42, true]));

    home.script(
        "form.sh",
        "source \"$SKIT_SDK/skit.sh\"\n\
         form=$(skit_fields 'title*:Title' 'count:How many:number' 'git:Use git:checkbox' 'kind:Kind:select=app|lib')\n\
         skit_notify \"$(skit_field \"$form\" title)|$(skit_field \"$form\" count)|$(skit_field \"$form\" git)|$(skit_field \"$form\" kind)\"\n",
    );
    let mut host = home.headless("form.sh");
    let form = host.expect_prompt("fields");
    assert_eq!(
        form["fields"],
        json!([
            {"name": "title", "label": "Title", "required": true},
            {"name": "count", "label": "How many", "type": "number"},
            {"name": "git", "label": "Use git", "type": "checkbox"},
            {"name": "kind", "label": "Kind", "type": "select", "options": ["app", "lib"]},
        ])
    );
    host.submit(
        &form,
        json!({"title": "T", "count": 7, "git": true, "kind": "lib"}),
    );
    assert_eq!(notified(&mut host), json!("T|7|true|lib"));
}

#[test]
fn path_answers_an_absolute_path() {
    let home = Home::new();
    home.script(
        "pick.mjs",
        &format!(
            "{NODE}const folder = await skit.path('Where?', {{ startPath: '~/projects', onlyDirs: true }});\n\
             skit.notify(folder);\n"
        ),
    );
    home.script(
        "pick.py",
        &format!("{PYTHON}skit.notify(skit.path(show_hidden=True))\n"),
    );
    home.script(
        "pick.sh",
        "source \"$SKIT_SDK/skit.sh\"\nskit_notify \"$(skit_path --only-dirs --start /tmp 'A folder')\"\n",
    );
    let mut host = home.headless("pick.mjs");
    let prompt = host.expect_prompt("path");
    assert_eq!(prompt["startPath"], "~/projects");
    assert_eq!(prompt["onlyDirs"], true);
    assert_eq!(prompt["placeholder"], "Where?");
    host.submit(&prompt, json!("/home/me/projects/skit"));
    assert_eq!(notified(&mut host), json!("/home/me/projects/skit"));

    let mut host = home.headless("pick.py");
    let prompt = host.expect_prompt("path");
    assert_eq!(prompt["showHidden"], true);
    host.submit(&prompt, json!("/etc/hosts"));
    assert_eq!(notified(&mut host), json!("/etc/hosts"));

    let mut host = home.headless("pick.sh");
    let prompt = host.expect_prompt("path");
    assert_eq!(
        prompt,
        json!({"type": "path", "id": prompt["id"], "onlyDirs": true, "startPath": "/tmp", "placeholder": "A folder"})
    );
    host.submit(&prompt, json!("/tmp/a b"));
    assert_eq!(notified(&mut host), json!("/tmp/a b"));
}

/// A script that asks for `key` with each SDK's `env` and reports the value's
/// length and whether its own environment had it from the start.
fn env_scripts(home: &Home, key: &str) {
    home.script(
        "env.py",
        &format!(
            "{PYTHON}had = os.environ.get('{key}')\nvalue = skit.env('{key}', secret=True)\n\
             skit.notify(json.dumps({{'length': len(value), 'had': had == value, 'exported': os.environ['{key}'] == value}}))\n"
        ),
    );
    home.script(
        "env.mjs",
        &format!(
            "{NODE}const had = process.env.{key};\nconst value = await skit.env('{key}', {{ secret: true }});\n\
             skit.notify(JSON.stringify({{ length: value.length, had: had === value, exported: process.env.{key} === value }}));\n"
        ),
    );
    home.script(
        "env.sh",
        &format!(
            "source \"$SKIT_SDK/skit.sh\"\nhad=${{{key}-}}\nvalue=$(skit_env --secret {key} 'Your token')\n\
             skit_notify \"{{\\\"length\\\":${{#value}},\\\"had\\\":$([[ $had == \"$value\" ]] && echo true || echo false)}}\"\n"
        ),
    );
}

fn env_file(home: &Home) -> std::path::PathBuf {
    home.path().join("config/skit/env")
}

#[test]
fn env_from_the_environment_is_answered_without_a_prompt() {
    let home = Home::new();
    let key = "SKIT_TEST_FROM_ENVIRONMENT";
    env_scripts(&home, key);
    for script in ["env.py", "env.mjs", "env.sh"] {
        let mut command = home.skit(&["run", script, "--headless"]);
        command.env(key, "from-environment");
        let mut host = Host::spawn(command);
        // No env prompt is printed: the first thing is the script's notice.
        let got = notified(&mut host);
        assert_eq!(got["length"], 16, "{script}: {got}");
        assert_eq!(got["had"], true, "{script}: {got}");
        let (rest, exit, _) = host.finish();
        assert!(
            rest.is_empty() && exit["code"] == 0,
            "{script}: {rest:?} {exit}"
        );
    }
    assert!(!env_file(&home).exists(), "nothing asked, nothing stored");
}

#[test]
fn env_from_the_file_is_answered_and_every_run_has_it() {
    let home = Home::new();
    let key = "SKIT_TEST_FROM_FILE";
    env_scripts(&home, key);
    std::fs::create_dir_all(home.path().join("config/skit")).unwrap();
    std::fs::write(
        env_file(&home),
        format!("# mine\nexport {key}='from the file'\n"),
    )
    .unwrap();
    for script in ["env.py", "env.mjs", "env.sh"] {
        let mut command = home.skit(&["run", script, "--headless"]);
        // The file wins over skit's own environment.
        command.env(key, "from-environment");
        let mut host = Host::spawn(command);
        let got = notified(&mut host);
        assert_eq!(got["length"], 13, "{script}: {got}");
        assert_eq!(
            got["had"], true,
            "{script}: the run's environment has it: {got}"
        );
        host.finish();
    }
}

#[test]
fn env_asked_is_stored_0600_and_answered_from_the_file_next_time() {
    let home = Home::new();
    let key = "SKIT_TEST_ASKED";
    let secret = "typed-secret-4f9d";
    env_scripts(&home, key);
    let mut command = home.skit(&["run", "env.py", "--headless"]);
    command.env_remove(key);
    let mut host = Host::spawn(command);
    let prompt = host.expect_prompt("env");
    assert_eq!(prompt["key"], key);
    assert_eq!(prompt["secret"], true);
    host.submit(&prompt, json!(secret));
    let got = notified(&mut host);
    assert_eq!(
        got,
        json!({"length": secret.len(), "had": false, "exported": true})
    );
    let output = host.child.stderr.take().unwrap();
    let (rest, _, code) = host.finish();
    assert_eq!(code, 0);
    assert!(
        !format!("{rest:?}").contains(secret),
        "the host printed the secret"
    );
    let stderr = std::io::read_to_string(output).unwrap();
    assert!(!stderr.contains(secret), "{stderr}");

    let file = env_file(&home);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the env file is readable only by its owner");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("\n{key}={secret}\n")), "{text}");
    assert!(text.starts_with('#'), "a new file explains itself: {text}");

    // Next time (any SDK) it is answered from the file, and the run has it.
    for script in ["env.mjs", "env.sh"] {
        let mut command = home.skit(&["run", script, "--headless"]);
        command.env_remove(key);
        let mut host = Host::spawn(command);
        let got = notified(&mut host);
        assert_eq!(got["length"], secret.len(), "{script}: {got}");
        assert_eq!(got["had"], true, "{script}: {got}");
        host.finish();
    }
}

#[test]
fn secrets_never_show_in_the_hosts_output_or_errors() {
    let home = Home::new();
    home.script(
        "login.py",
        &format!(
            "{PYTHON}a = skit.fields([{{'name': 'user', 'value': 'me'}}, {{'name': 'pw', 'type': 'password', 'value': 'default-pw-77'}}])\n\
             skit.notify('ok' if a['pw'] == 'typed-pw-88' else 'wrong')\n"
        ),
    );
    let mut host = home.headless("login.py");
    let form = host.expect_prompt("fields");
    assert_eq!(form["fields"][0]["value"], "me");
    assert_eq!(
        form["fields"][1]["value"], "••••••••",
        "a password's starting value is masked"
    );
    // A broken line holding the password is reported by number, not echoed.
    host.send(r#"{"type":"submit","id":"1","value":{"pw":"typed-pw-88"}"#);
    host.submit(&form, json!({"user": "me", "pw": "typed-pw-88"}));
    assert_eq!(notified(&mut host), json!("ok"));
    let stderr = host.child.stderr.take().unwrap();
    let (rest, _, _) = host.finish();
    let stderr = std::io::read_to_string(stderr).unwrap();
    assert!(stderr.contains("ignoring input line 1"), "{stderr}");
    let everything = format!("{rest:?}{stderr}");
    for secret in ["default-pw-77", "typed-pw-88"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}

#[test]
fn a_bad_env_key_is_an_error_naming_it() {
    let home = Home::new();
    home.script(
        "bad.py",
        "import json\nprint(json.dumps({'type': 'env', 'id': '1', 'key': 'MY TOKEN'}))\n",
    );
    let mut host = home.headless("bad.py");
    let event = host.next();
    assert_eq!(event["event"], "error");
    let message = event["message"].as_str().unwrap();
    assert!(
        message.contains("\"MY TOKEN\" is not a variable name"),
        "{message}"
    );
}

#[test]
fn the_new_project_example_asks_a_folder_a_form_extras_and_the_author() {
    let home = Home::new();
    // A fresh scripts folder gets the examples.
    std::fs::remove_dir(home.scripts()).unwrap();
    let parent = home.path().join("work");
    std::fs::create_dir(&parent).unwrap();
    let mut command = home.skit(&["run", "new project", "--headless"]);
    command.env_remove("SKIT_AUTHOR");
    let mut host = Host::spawn(command);
    let path = host.expect_prompt("path");
    assert_eq!(path["onlyDirs"], true);
    host.submit(&path, json!(parent));
    let form = host.expect_prompt("fields");
    let types: Vec<&str> = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap_or("text"))
        .collect();
    assert_eq!(types, ["text", "select", "checkbox", "textarea"]);
    host.submit(
        &form,
        json!({"name": "My Tool", "template": "node", "git": false, "description": "Does things.\nWell."}),
    );
    let extras = host.expect_prompt("arg");
    assert_eq!(extras["multiple"], true);
    host.submit(&extras, json!(["license", "gitignore"]));
    let author = host.expect_prompt("env");
    assert_eq!(author["key"], "SKIT_AUTHOR");
    host.submit(&author, json!("Ada Lovelace"));
    let notice = host.expect_prompt("notify")["text"]
        .as_str()
        .unwrap()
        .to_string();
    let folder = parent.join("My-Tool");
    assert_eq!(notice, format!("Created {} with 5 files", folder.display()));
    assert_eq!(host.finish().2, 0);
    for file in [
        "README.md",
        "package.json",
        "index.mjs",
        "LICENSE",
        ".gitignore",
    ] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    let license = std::fs::read_to_string(folder.join("LICENSE")).unwrap();
    assert!(license.contains("Ada Lovelace"), "{license}");
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert_eq!(readme, "# My Tool\n\nDoes things.\nWell.\n");
    let env = std::fs::read_to_string(home.path().join("config/skit/env")).unwrap();
    assert!(env.contains("\nSKIT_AUTHOR='Ada Lovelace'\n"), "{env}");
}
