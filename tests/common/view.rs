//! Helpers of the view tests (`--features test-support`): a launcher over a
//! temporary home in gpui's test window, waiting on conditions while real
//! scripts answer, and reading `skit state`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gpui::{Entity, TestAppContext, VisualTestContext};
use serde_json::Value;
use skit::app::fonts::Fonts;
use skit::app::launcher::{Launcher, Settings};
use skit::app::theme::Themes;
use skit::catalog::Catalog;
use skit::config::{CommandLine, ScriptLanguage};
use skit::frecency::Frecency;
use skit::launch::Interpreters;
use skit::run::RunContext;
use skit::script_list::ScriptList;

use super::Home;

/// Where the launcher of [`open`] looks for run logs.
pub fn logs_dir(home: &Home) -> PathBuf {
    home.path().join("logs")
}

/// The run context the launcher of [`open`] uses (the SDK installed in `home`).
pub fn context(home: &Home) -> RunContext {
    let sdk = home.path().join("sdk");
    skit::bundled::install_sdk(&sdk).unwrap();
    RunContext {
        interpreters: Interpreters::default(),
        sdk_dir: sdk,
        env_file: home.path().join("config/skit/env"),
    }
}

/// Opens a launcher over `home`'s scripts in a test window.
pub fn open<'a>(
    home: &Home,
    cx: &'a mut TestAppContext,
) -> (Entity<Launcher>, &'a mut VisualTestContext) {
    let (themes, _) = Themes::load(&home.path().join("themes"));
    cx.update(|cx| {
        skit::app::init(cx);
        cx.set_global(themes.light.clone());
        cx.set_global(Fonts {
            ui: "Inter".into(),
            mono: "DejaVu Sans Mono".into(),
        });
    });
    let catalog = Catalog::load(&home.scripts(), &Interpreters::default());
    let scripts = ScriptList::new(catalog.scripts);
    let frecency = Frecency::load(&home.path().join("frecency.json"));
    let context = context(home);
    let settings = Settings {
        // A "editor" that records what it was asked to open.
        editor: Some(CommandLine(vec![
            "sh".into(),
            "-c".into(),
            format!(
                "printf '%s' \"$1\" > '{}'",
                home.path().join("edited").display()
            ),
            "editor".into(),
        ])),
        new_script_language: ScriptLanguage::Python,
        scripts_dir: home.scripts(),
        trash_dir: home.path().join("trash"),
        config_file: home.path().join("config.json"),
        logs_dir: logs_dir(home),
    };
    cx.add_window_view(|window, cx| {
        let launcher = Launcher::new(scripts, frecency, context, settings, window, cx);
        launcher.focus_input(window, cx);
        launcher
    })
}

/// Runs the app until `condition` holds; scripts answer from real threads.
pub fn wait_until(
    cx: &mut VisualTestContext,
    what: &str,
    condition: impl Fn(&mut VisualTestContext) -> bool,
) {
    let start = Instant::now();
    loop {
        cx.run_until_parked();
        if condition(cx) {
            return;
        }
        assert!(
            start.elapsed() < super::DEADLOCK_GUARD,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Types `query` into the script list, presses Enter, and waits for `screen`.
pub fn run_until(
    cx: &mut VisualTestContext,
    launcher: &Entity<Launcher>,
    query: &str,
    screen: &str,
) {
    cx.simulate_input(query);
    cx.simulate_keystrokes("enter");
    wait_until(cx, screen, |cx| state(launcher, cx)["screen"] == screen);
}

/// The launcher's part of `skit state`, as the JSON a client reads.
pub fn state(launcher: &Entity<Launcher>, cx: &mut VisualTestContext) -> Value {
    let state = cx.update(|_, cx| launcher.read(cx).state(cx));
    serde_json::to_value(state).expect("the state serializes")
}

/// A Python script named `name` that answers `prompt` (Python using the SDK)
/// into a JSON file, whose path it returns.
pub fn answer_script(home: &Home, name: &str, prompt: &str) -> PathBuf {
    let out = home.path().join(format!("{name}.json"));
    home.script(
        &format!("{name}.py"),
        &format!(
            "# Name: {name}\nimport json, os, sys\nsys.path.insert(0, os.environ['SKIT_SDK'])\nimport skit\nvalue = {prompt}\nopen({out:?}, 'w').write(json.dumps(value))\n",
            out = out.display().to_string()
        ),
    );
    out
}

/// The answer `answer_script` wrote, once it is there.
pub fn read_answer(cx: &mut VisualTestContext, out: &std::path::Path) -> Value {
    wait_until(cx, "the script's answer", |_| {
        std::fs::read_to_string(out).is_ok_and(|t| !t.is_empty())
    });
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}
