//! The command-line surface: `skit list` and `skit --help`, run as real processes.

use crate::common::Home;
use serde_json::Value;
use std::process::Command;

fn list_json(home: &Home, query: &str) -> Vec<Value> {
    let output = home.skit(&["list", query, "--json"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn list_installs_the_examples_on_first_use_and_ranks_them() {
    let home = Home::new();
    std::fs::remove_dir(home.scripts()).unwrap();
    let all = list_json(&home, "");
    assert!(all.len() >= 6, "{all:?}");
    for row in &all {
        for key in ["name", "description", "path", "group", "positions"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }
    let emoji = list_json(&home, "emoji");
    assert_eq!(emoji[0]["name"], "Pick Emoji");
    assert_eq!(emoji[0]["positions"], serde_json::json!([5, 6, 7, 8, 9]));
    // A second run with a user's change keeps the change.
    let path = emoji[0]["path"].as_str().unwrap();
    std::fs::write(path, "# Name: Mine\n").unwrap();
    assert_eq!(list_json(&home, "mine")[0]["name"], "Mine");
}

#[test]
fn list_handles_a_folder_of_ten_thousand_scripts() {
    let home = Home::new();
    for i in 0..10_000 {
        let group = format!("group{}", i % 10);
        home.script(
            &format!("{group}/script-{i}.sh"),
            &format!("# Name: Script number {i}\n# Description: generated\n"),
        );
    }
    let all = list_json(&home, "");
    assert_eq!(all.len(), 10_000);
    let hit = list_json(&home, "script number 9999");
    assert_eq!(hit[0]["name"], "Script number 9999");
    assert_eq!(hit[0]["group"], "group9");
}

#[test]
fn text_output_names_groups_and_descriptions() {
    let home = Home::new();
    home.script("tools/clean.sh", "# Description: Cleans up\n");
    let output = home.skit(&["list"]).output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Clean [tools] — Cleans up\n"
    );
}

#[test]
fn help_explains_every_command() {
    let home = Home::new();
    let output = home.skit(&["--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["list", "run"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn run_by_unknown_name_says_what_to_do() {
    let home = Home::new();
    let output = home
        .skit(&["run", "nothing-like-this", "--headless"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(127));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("skit list"), "{stderr}");
}

#[test]
fn new_creates_a_script_and_prints_its_path() {
    let home = Home::new();
    let output = home
        .skit(&["new", "Daily Standup", "--lang", "node", "--no-edit"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        path.trim(),
        home.scripts().join("daily-standup.mjs").to_str().unwrap()
    );
    assert!(
        std::fs::read_to_string(path.trim())
            .unwrap()
            .contains("// Name: Daily Standup")
    );
    let listed = list_json(&home, "standup");
    assert_eq!(listed[0]["name"], "Daily Standup");
    let bad = home
        .skit(&["new", "X", "--lang", "cobol"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bash, python or node"));
}

#[test]
fn list_json_shows_keywords_and_when_scheduled_scripts_run_next() {
    let home = Home::new();
    home.script(
        "stand-up.sh",
        "# Name: Stand Up\n# Schedule: @hourly\n# Keyword: up\n",
    );
    home.script("plain.sh", "# Name: Plain\n");
    home.script("broken.sh", "# Name: Broken\n# Schedule: 99 * * * *\n");
    let rows = list_json(&home, "");
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    let next = row("Stand Up")["nextRun"].as_str().unwrap().to_string();
    // RFC 3339 with the local offset, on the hour.
    assert!(next.contains("T") && next.contains(":00:00"), "{next}");
    assert_eq!(row("Stand Up")["keyword"], "up");
    assert_eq!(row("Plain")["nextRun"], Value::Null);
    assert_eq!(row("Broken")["nextRun"], Value::Null);
}

/// `gsettings` with GNOME's settings in `home` (the keyfile backend, as a GNOME
/// session would keep them in dconf).
fn gsettings(home: &Home, args: &[&str]) -> String {
    let output = Command::new("gsettings")
        .args(args)
        .env("GSETTINGS_BACKEND", "keyfile")
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .expect("gsettings (package libglib2.0-bin; scripts/setup-linux installs it)");
    assert!(output.status.success(), "gsettings {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn install_keybinding_adds_skit_toggle_to_gnome_and_keeps_the_other_shortcuts() {
    let home = Home::new();
    const LIST: &str = "org.gnome.settings-daemon.plugins.media-keys";
    let mine = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/custom0/";
    gsettings(
        &home,
        &["set", LIST, "custom-keybindings", &format!("['{mine}']")],
    );
    let install = |args: &[&str]| {
        let mut command = home.skit(args);
        command
            .env("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
            .env("GSETTINGS_BACKEND", "keyfile");
        command.output().unwrap()
    };

    // --dry-run says what it would run and changes nothing.
    let dry = install(&["install-keybinding", "--dry-run"]);
    assert!(dry.status.success(), "{dry:?}");
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(said.contains("gsettings set"), "{said}");
    assert_eq!(
        gsettings(&home, &["get", LIST, "custom-keybindings"]),
        format!("['{mine}']")
    );

    for _ in 0..2 {
        let done = install(&["install-keybinding"]);
        assert!(done.status.success(), "{done:?}");
    }
    let skit = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/skit/";
    assert_eq!(
        gsettings(&home, &["get", LIST, "custom-keybindings"]),
        format!("['{mine}', '{skit}']"),
        "the user's shortcut is kept and skit's is added once"
    );
    let entry = format!("{LIST}.custom-keybinding:{skit}");
    assert_eq!(
        gsettings(&home, &["get", &entry, "command"]),
        format!("'{} toggle'", env!("CARGO_BIN_EXE_skit"))
    );
    assert_eq!(
        gsettings(&home, &["get", &entry, "binding"]),
        "'<Control><Alt>space'"
    );
}

#[test]
fn doctor_explains_the_hotkey_path_of_an_x11_session_without_a_running_launcher() {
    let home = Home::new();
    let output = home
        .skit(&["doctor"])
        .env("XDG_SESSION_TYPE", "x11")
        .env("DISPLAY", ":99")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Session       X11"), "{text}");
    assert!(text.contains("grabbed on the X server"), "{text}");
    assert!(text.contains("Launcher      not running"), "{text}");
    assert!(
        text.contains(&home.path().join("state/skit/logs").display().to_string()),
        "{text}"
    );
}
