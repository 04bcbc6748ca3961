//! How a script is started: directly through its `#!` line when it is executable,
//! otherwise by an interpreter chosen from its extension (built-in table, overridden
//! by `interpreters` in the config). The script path is always a separate argument,
//! never part of a shell string.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::config::{CommandLine, Config};

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
        return Some(Launch::Interpreter(command.clone()));
    }
    // A `#!` line without the executable bit: honour the line rather than refuse.
    shebang.map(Launch::Interpreter)
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
