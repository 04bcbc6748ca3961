//! Which program edits a script: `editor` from the config, else `$VISUAL`, else
//! `$EDITOR`, else the desktop's handler (`xdg-open`). A terminal editor (vim,
//! nano, ...) is opened inside a terminal emulator, since skit itself has none.
//! Always started directly, never through a shell.

use std::path::Path;
use std::process::Command;

use crate::config::CommandLine;

/// Editors that need a terminal to run in.
const TERMINAL_EDITORS: &[&str] = &[
    "vi", "vim", "nvim", "nano", "emacs", "micro", "hx", "helix", "kak", "joe", "ne", "mg",
];
/// Terminal emulators tried, in order.
const TERMINALS: &[&str] = &[
    "x-terminal-emulator",
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "alacritty",
    "kitty",
    "foot",
    "xterm",
];

/// The command that edits scripts, from `configured`, then the environment
/// (`lookup("VISUAL")`, `lookup("EDITOR")`), then `xdg-open`.
pub(crate) fn resolve(
    configured: Option<&CommandLine>,
    lookup: impl Fn(&str) -> Option<String>,
) -> CommandLine {
    if let Some(command) = configured {
        return command.clone();
    }
    for var in ["VISUAL", "EDITOR"] {
        if let Some(value) = lookup(var) {
            let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
            if !words.is_empty() {
                return CommandLine(words);
            }
        }
    }
    CommandLine::new(&[crate::desktop::OPENER])
}

/// Whether `command` is a terminal editor.
pub(crate) fn needs_terminal(command: &CommandLine) -> bool {
    let program = Path::new(command.program())
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    TERMINAL_EDITORS.contains(&program)
}

/// The full command to edit `script` with `editor`: in a terminal when needed.
pub(crate) fn command_for(
    editor: &CommandLine,
    script: &Path,
    installed: impl Fn(&str) -> bool,
) -> Result<Command, String> {
    let mut words = editor.0.clone();
    words.push(script.to_string_lossy().into_owned());
    if needs_terminal(editor) {
        return in_terminal(words, installed).map_err(|e| {
            format!("`{}` runs in a terminal, and {e}; set \"editor\" in config.json to a graphical editor", editor.program())
        });
    }
    let mut command = Command::new(&words[0]);
    command.args(&words[1..]);
    Ok(command)
}

/// `words` run inside the first installed terminal emulator of [`TERMINALS`].
pub fn in_terminal(
    words: Vec<String>,
    installed: impl Fn(&str) -> bool,
) -> Result<Command, String> {
    let terminal = TERMINALS.iter().find(|t| installed(t)).ok_or(
        "no terminal emulator was found (x-terminal-emulator, gnome-terminal, xterm, ...)",
    )?;
    let mut command = Command::new(terminal);
    command.arg("-e").args(words);
    Ok(command)
}

/// Whether `program` is on `PATH` (or is an existing path).
pub fn installed(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Opens `script` in the user's editor. Errors name the editor and what to do.
pub fn open(script: &Path, configured: Option<&CommandLine>) -> Result<(), String> {
    let editor = resolve(configured, |var| std::env::var(var).ok());
    let mut command = command_for(&editor, script, installed)?;
    crate::desktop::spawn_detached(&mut command).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "the editor `{}` is not installed; set \"editor\" in config.json or $VISUAL",
                editor.program()
            )
        } else {
            format!("cannot start the editor `{}`: {e}", editor.program())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn config_then_visual_then_editor_then_xdg_open() {
        let configured = CommandLine::new(&["code", "--wait"]);
        let both = [("VISUAL", "gedit"), ("EDITOR", "vim")];
        assert_eq!(resolve(Some(&configured), env(&both)), configured);
        assert_eq!(resolve(None, env(&both)), CommandLine::new(&["gedit"]));
        assert_eq!(
            resolve(None, env(&[("EDITOR", "nano -w")])),
            CommandLine::new(&["nano", "-w"])
        );
        assert_eq!(
            resolve(None, env(&[("VISUAL", "  ")])),
            CommandLine::new(&["xdg-open"])
        );
        assert_eq!(resolve(None, env(&[])), CommandLine::new(&["xdg-open"]));
    }

    #[test]
    fn terminal_editors_run_in_a_terminal() {
        let script = Path::new("/s/it's here.sh");
        let vim = CommandLine::new(&["/usr/bin/vim"]);
        let command = command_for(&vim, script, |t| t == "xterm").unwrap();
        assert_eq!(command.get_program(), "xterm");
        let args: Vec<_> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["-e", "/usr/bin/vim", "/s/it's here.sh"]);
        let err = command_for(&vim, script, |_| false).unwrap_err();
        assert!(err.contains("no terminal emulator"), "{err}");
        let gedit = command_for(&CommandLine::new(&["gedit"]), script, |_| false).unwrap();
        assert_eq!(gedit.get_program(), "gedit");
    }
}
