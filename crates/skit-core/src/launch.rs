//! How a script is started: directly through its `#!` line when it is executable,
//! otherwise by an interpreter chosen from its extension (built-in table, overridden
//! by `interpreters` in the config). The script path is always a separate argument,
//! never part of a shell string.
//!
//! Script Kit scripts (see [`scriptkit`]) are started with skit's own
//! implementation of `@johnlindquist/kit` preloaded from the SDK folder: Node with
//! `--import $SKIT_SDK/kit/globals.mjs` (which also makes the script an ES module
//! and resolves the kit's import), Bun with `--preload <SDK>/kit/bun.mjs`.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::config::{CommandLine, Config};

#[path = "scriptkit.rs"]
pub(crate) mod scriptkit;

/// Interpreters skit knows without any configuration.
const BUILT_IN: &[(&str, &[&str])] = &[
    ("sh", &["bash"]),
    ("bash", &["bash"]),
    ("py", &["python3"]),
    ("js", &["node"]),
    ("mjs", &["node"]),
    ("rb", &["ruby"]),
    ("ts", &["bun"]),
];

/// The extension → interpreter table in effect.
#[derive(Clone, Debug)]
pub struct Interpreters {
    table: BTreeMap<String, CommandLine>,
}

impl Default for Interpreters {
    fn default() -> Self {
        Interpreters::from_config(&Config::default())
    }
}

impl Interpreters {
    pub fn from_config(config: &Config) -> Interpreters {
        let mut table: BTreeMap<String, CommandLine> = BUILT_IN
            .iter()
            .map(|(ext, words)| (ext.to_string(), CommandLine::new(words)))
            .collect();
        for (ext, command) in &config.interpreters {
            table.insert(ext.trim_start_matches('.').to_string(), command.clone());
        }
        Interpreters { table }
    }

    pub(crate) fn for_path(&self, path: &Path) -> Option<&CommandLine> {
        let ext = path.extension()?.to_str()?;
        self.table.get(ext)
    }
}

/// How one script file is to be started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Launch {
    /// Executable with a `#!` line: exec the file itself.
    Direct,
    /// Run `interpreter... path`.
    Interpreter(CommandLine),
}

/// Decides how to start `path`, given the first bytes of the file. `None` means the
/// file is not a script skit can run (no `#!` line and no known extension).
pub(crate) fn launch_for(path: &Path, head: &[u8], interpreters: &Interpreters) -> Option<Launch> {
    let shebang = shebang(head);
    let executable = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false);
    if shebang.is_some() && executable {
        return Some(Launch::Direct);
    }
    if let Some(command) = interpreters.for_path(path) {
        return Some(Launch::Interpreter(script_kit(path, head, command)));
    }
    // A `#!` line without the executable bit: honour the line rather than refuse.
    shebang.map(Launch::Interpreter)
}

/// Node's `--import` of the kit's globals, from `$SKIT_SDK` as the script gets it
/// (a `data:` module, so the command needs no path: the SDK folder is only known
/// to the run's environment).
const NODE_KIT_IMPORT: &str = "data:text/javascript,import{pathToFileURL}from\"node:url\";\
                               await import(pathToFileURL(process.env.SKIT_SDK+\"/kit/globals.mjs\"))";

/// `command` with the kit preloaded when `path` is a Script Kit script run by Node
/// or Bun (as the table or the config names them); `command` itself otherwise.
fn script_kit(path: &Path, head: &[u8], command: &CommandLine) -> CommandLine {
    let javascript = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "js" | "mjs" | "ts"));
    let program = Path::new(command.program())
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if !javascript || !matches!(program, "node" | "bun") || !is_script_kit_file(path, head) {
        return command.clone();
    }
    let mut words = vec![command.program().to_string()];
    if program == "node" {
        words.extend(["--import".to_string(), NODE_KIT_IMPORT.to_string()]);
    } else {
        let sdk = crate::paths::Paths::from_env(None).sdk_dir();
        words.push("--preload".to_string());
        words.push(sdk.join("kit/bun.mjs").display().to_string());
    }
    words.extend(command.args().iter().cloned());
    CommandLine(words)
}

/// Reads the file (up to [`scriptkit::MAX_BYTES`]; `head` when it cannot be read).
fn is_script_kit_file(path: &Path, head: &[u8]) -> bool {
    use std::io::Read;
    let mut text = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(scriptkit::MAX_BYTES).read_to_end(&mut text))
        .is_ok();
    let text = if read { &text[..] } else { head };
    scriptkit::is_script_kit(&String::from_utf8_lossy(text))
}

/// The command of a `#!` line, split on whitespace (as `env -S` would).
pub(crate) fn shebang(head: &[u8]) -> Option<CommandLine> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let rest = head.strip_prefix(b"#!")?;
    let line = rest.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    (!words.is_empty()).then_some(CommandLine(words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn executable_with_shebang_runs_directly_otherwise_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let interpreters = Interpreters::default();
        let script = dir.path().join("a.py");
        fs::write(&script, "#!/usr/bin/env python3\n").unwrap();
        assert_eq!(
            launch_for(&script, b"#!/usr/bin/env python3\n", &interpreters),
            Some(Launch::Interpreter(CommandLine::new(&["python3"])))
        );
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(
            launch_for(&script, b"#!/usr/bin/env python3\n", &interpreters),
            Some(Launch::Direct)
        );
    }

    #[test]
    fn unknown_extension_needs_a_shebang() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        fs::write(&file, "hello").unwrap();
        assert_eq!(launch_for(&file, b"hello", &Interpreters::default()), None);
        assert_eq!(
            launch_for(&file, b"#!/bin/sh -e\n", &Interpreters::default()),
            Some(Launch::Interpreter(CommandLine::new(&["/bin/sh", "-e"])))
        );
    }

    #[test]
    fn script_kit_scripts_get_the_kit_preloaded() {
        let dir = tempfile::tempdir().unwrap();
        let interpreters = Interpreters::default();
        let kit = dir.path().join("kit.js");
        fs::write(&kit, "import \"@johnlindquist/kit\"\nawait arg(\"x\")\n").unwrap();
        let Some(Launch::Interpreter(command)) = launch_for(&kit, b"", &interpreters) else {
            panic!("not run by an interpreter");
        };
        assert_eq!(command.program(), "node");
        assert_eq!(command.args()[0], "--import");
        assert!(command.args()[1].contains("/kit/globals.mjs"));
        let ts = dir.path().join("kit.ts");
        fs::write(&ts, "await div(md(\"# hi\"))\n").unwrap();
        let Some(Launch::Interpreter(command)) = launch_for(&ts, b"", &interpreters) else {
            panic!("not run by an interpreter");
        };
        assert_eq!(command.program(), "bun");
        assert_eq!(command.args()[0], "--preload");
        assert!(command.args()[1].ends_with("kit/bun.mjs"));
        // skit's own Node script: exactly as before.
        let own = dir.path().join("own.mjs");
        fs::write(
            &own,
            "const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);\nawait skit.arg(\"x\");\n",
        )
        .unwrap();
        assert_eq!(
            launch_for(&own, b"", &interpreters),
            Some(Launch::Interpreter(CommandLine::new(&["node"])))
        );
        // Another interpreter for .js in the config: left alone.
        let config = Config::parse(r#"{"interpreters":{"js":"deno run"}}"#).unwrap();
        assert_eq!(
            launch_for(&kit, b"", &Interpreters::from_config(&config)),
            Some(Launch::Interpreter(CommandLine::new(&["deno", "run"])))
        );
    }

    #[test]
    fn config_overrides_the_built_in_table() {
        let config =
            Config::parse(r#"{"interpreters":{".ts":"deno run","lua":"lua5.4"}}"#).unwrap();
        let interpreters = Interpreters::from_config(&config);
        assert_eq!(
            interpreters.for_path(Path::new("x.ts")),
            Some(&CommandLine::new(&["deno", "run"]))
        );
        assert_eq!(
            interpreters.for_path(Path::new("x.lua")),
            Some(&CommandLine::new(&["lua5.4"]))
        );
        assert_eq!(
            interpreters.for_path(Path::new("x.sh")),
            Some(&CommandLine::new(&["bash"]))
        );
    }
}
