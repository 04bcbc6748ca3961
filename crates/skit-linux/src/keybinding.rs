//! `skit install-keybinding`: the desktop's own keyboard shortcut that runs `skit
//! toggle`, for Wayland sessions where no program may grab a key and no shortcuts
//! portal is offered. GNOME gets a custom keybinding through `gsettings`, KDE
//! Plasma a hidden `.desktop` file with its shortcut in `kglobalshortcutsrc`, XFCE
//! an `xfconf-query` entry; for sway, i3, Hyprland and niri (whose config files are
//! the user's to edit) the one line to add is printed. The user's other shortcuts
//! are kept: skit only adds its own entry, or updates it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::accelerator::{Accelerator, Modifier};
use skit_core::desktop_session::Desktop;

/// What `skit install-keybinding` does on `desktop`, said before or instead of
/// doing it: the commands it runs, or the line to add to a config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Programs to run, in order (argv each).
    Run(Vec<Vec<String>>),
    /// A hidden desktop file to write, then programs to run.
    WriteThenRun {
        file: PathBuf,
        contents: String,
        commands: Vec<Vec<String>>,
    },
    /// A line for the user to add to `config` (skit does not edit it).
    AddLine { config: String, line: String },
    /// Nothing skit knows how to do; the text says what to do by hand.
    ByHand(String),
}

/// GNOME's list of custom keybindings, and skit's entry in it.
const GNOME_SCHEMA: &str = "org.gnome.settings-daemon.plugins.media-keys";
const GNOME_ENTRY: &str = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/skit/";

/// The plan for binding `hotkey` to `command` (an absolute `skit` and `toggle`) on
/// `desktop`. `gnome_list` is GNOME's current custom-keybindings list (as
/// `gsettings get` prints it), which the new list keeps; `data_dir` is where a KDE
/// desktop file goes (`~/.local/share`).
pub(crate) fn plan(
    desktop: &Desktop,
    hotkey: &Accelerator,
    command: &[String],
    gnome_list: Option<&str>,
    data_dir: &Path,
) -> Result<Plan, String> {
    let key = hotkey
        .xkb_key()
        .ok_or_else(|| "this key has no name desktops know; pick another \"hotkey\"".to_string())?;
    let modifiers = hotkey.modifiers();
    let joined = command.join(" ");
    Ok(match desktop {
        Desktop::Gnome => {
            let mut entries = gsettings_paths(gnome_list.unwrap_or("@as []"));
            if !entries.iter().any(|e| e == GNOME_ENTRY) {
                entries.push(GNOME_ENTRY.to_string());
            }
            let list = format!(
                "[{}]",
                entries
                    .iter()
                    .map(|e| format!("'{e}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let binding = spelled(
                &modifiers,
                ["<Control>", "<Alt>", "<Shift>", "<Super>"],
                "",
                &key,
            );
            let entry = format!("{GNOME_SCHEMA}.custom-keybinding:{GNOME_ENTRY}");
            let set = |schema: &str, key: &str, value: &str| {
                ["gsettings", "set", schema, key, value]
                    .map(String::from)
                    .to_vec()
            };
            Plan::Run(vec![
                set(&entry, "name", "skit"),
                set(&entry, "command", &joined),
                set(&entry, "binding", &binding),
                set(GNOME_SCHEMA, "custom-keybindings", &list),
            ])
        }
        Desktop::Kde => {
            let shortcut = spelled(
                &modifiers,
                ["Ctrl", "Alt", "Shift", "Meta"],
                "+",
                &capitalized(&key),
            );
            let file = data_dir.join("applications/skit-toggle.desktop");
            // Quoted and escaped as the Desktop Entry spec asks, so that a path with
            // a space, `"`, `$`, `\` or `%` still runs skit.
            let exec = crate::apps::exec::escape_value(&crate::apps::exec::quote(command));
            let contents = format!(
                "[Desktop Entry]\nType=Application\nName=Show or hide skit\nExec={exec}\n\
                 NoDisplay=true\nX-KDE-GlobalAccel-CommandShortcut=true\n"
            );
            let kwriteconfig = if skit_core::editor::installed("kwriteconfig6") {
                "kwriteconfig6"
            } else {
                "kwriteconfig5"
            };
            Plan::WriteThenRun {
                file,
                contents,
                commands: vec![
                    [
                        kwriteconfig,
                        "--file",
                        "kglobalshortcutsrc",
                        "--group",
                        "services",
                        "--group",
                        "skit-toggle.desktop",
                        "--key",
                        "_launch",
                        &shortcut,
                    ]
                    .map(String::from)
                    .to_vec(),
                ],
            }
        }
        Desktop::Xfce => {
            let binding = spelled(
                &modifiers,
                ["<Primary>", "<Alt>", "<Shift>", "<Super>"],
                "",
                &key,
            );
            Plan::Run(vec![
                [
                    "xfconf-query",
                    "-c",
                    "xfce4-keyboard-shortcuts",
                    "-p",
                    &format!("/commands/custom/{binding}"),
                    "-n",
                    "-t",
                    "string",
                    "-s",
                    &joined,
                ]
                .map(String::from)
                .to_vec(),
            ])
        }
        Desktop::Sway | Desktop::I3 => {
            let combo = spelled(&modifiers, ["Ctrl", "Mod1", "Shift", "Mod4"], "+", &key);
            let (config, exec) = if *desktop == Desktop::Sway {
                ("~/.config/sway/config", "exec")
            } else {
                ("~/.config/i3/config", "exec --no-startup-id")
            };
            Plan::AddLine {
                config: config.into(),
                line: format!("bindsym {combo} {exec} {joined}"),
            }
        }
        Desktop::Hyprland => {
            let mods = spelled(&modifiers, ["CTRL", "ALT", "SHIFT", "SUPER"], " ", "");
            let mods = mods.trim_end();
            Plan::AddLine {
                config: "~/.config/hypr/hyprland.conf".into(),
                line: format!("bind = {mods}, {key}, exec, {joined}"),
            }
        }
        Desktop::Niri => {
            let combo = spelled(
                &modifiers,
                ["Ctrl", "Alt", "Shift", "Super"],
                "+",
                &capitalized(&key),
            );
            let spawn = command
                .iter()
                .map(|word| format!("{word:?}"))
                .collect::<Vec<_>>()
                .join(" ");
            Plan::AddLine {
                config: "~/.config/niri/config.kdl (inside `binds { }`)".into(),
                line: format!("{combo} {{ spawn {spawn}; }}"),
            }
        }
        Desktop::Other(_) => Plan::ByHand(format!(
            "skit does not know how {} binds keys. In its keyboard settings, add a custom \
             shortcut that runs `{joined}`.",
            desktop.name()
        )),
    })
}

/// `skit install-keybinding`: binds `hotkey` (config.json's) to `skit toggle` on
/// this desktop, or says the line to add. With `dry_run`, only says what it would
/// do. Returns the text to print.
pub fn install(hotkey: &str, dry_run: bool) -> Result<String, String> {
    let accelerator: Accelerator = hotkey
        .parse()
        .map_err(|e| format!("config.json: hotkey {e}"))?;
    let desktop = Desktop::detect(|name| std::env::var(name).ok());
    let exe = std::env::current_exe().map_err(|e| format!("cannot find skit itself: {e}"))?;
    let command = vec![exe.to_string_lossy().into_owned(), "toggle".into()];
    let gnome_list = if desktop == Desktop::Gnome {
        let output = Command::new("gsettings")
            .args(["get", GNOME_SCHEMA, "custom-keybindings"])
            .output()
            .map_err(|e| format!("cannot run gsettings: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "gsettings cannot read {GNOME_SCHEMA}: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        None
    };
    let data_dir = dirs::data_dir().unwrap_or_else(|| PathBuf::from(".local/share"));
    let plan = plan(
        &desktop,
        &accelerator,
        &command,
        gnome_list.as_deref(),
        &data_dir,
    )?;
    let name = desktop.name();
    Ok(match (&plan, dry_run) {
        (Plan::AddLine { config, line }, _) => format!(
            "{name} binds keys in its config file. Add this line to {config}, then reload it:\n\n    {line}\n"
        ),
        (Plan::ByHand(text), _) => format!("{text}\n"),
        (Plan::Run(commands) | Plan::WriteThenRun { commands, .. }, true) => {
            let mut text = format!("On {name}, skit would:\n");
            if let Plan::WriteThenRun { file, .. } = &plan {
                text += &format!("  write {}\n", file.display());
            }
            for argv in commands {
                text += &format!("  {}\n", shell_words(argv));
            }
            text
        }
        (_, false) => {
            let done = apply(&plan)?;
            let mut text = format!("{hotkey} now runs `{}` on {name}:\n", command.join(" "));
            for line in done {
                text += &format!("  {line}\n");
            }
            if desktop == Desktop::Kde {
                text += "If the key does nothing yet, log out and in again (KDE reads its shortcuts at login).\n";
            }
            text
        }
    })
}

/// For the welcome page of a Wayland session: how the hotkey gets to skit on this
/// desktop, with the exact command or line. `None` outside Wayland.
pub fn wayland_advice(
    hotkey: &str,
    session: &skit_core::desktop_session::DesktopSession,
) -> Option<String> {
    if !session.is_wayland() {
        return None;
    }
    let desktop = &session.desktop;
    let name = desktop.name();
    let accelerator: Accelerator = hotkey.parse().ok()?;
    let exe = std::env::current_exe().ok()?;
    let command = vec![exe.to_string_lossy().into_owned(), "toggle".into()];
    let how = match plan(
        desktop,
        &accelerator,
        &command,
        None,
        Path::new("~/.local/share"),
    ) {
        Ok(Plan::AddLine { config, line }) => format!(
            "{name} binds keys in its config: add this line to `{config}` and reload it \
             (`skit install-keybinding` prints it again):\n\n    {line}"
        ),
        Ok(Plan::ByHand(text)) => text,
        _ => format!(
            "If the portal is missing (older {name}), run `skit install-keybinding` in a \
             terminal: it adds the shortcut to {name}'s keyboard settings."
        ),
    };
    let portal = matches!(desktop, Desktop::Gnome | Desktop::Kde | Desktop::Hyprland);
    let first = if portal {
        format!(
            "On Wayland no program may grab a key itself. skit asks {name}'s shortcuts portal \
             for it: {name} may ask you to confirm the shortcut once."
        )
    } else {
        "On Wayland no program may grab a key itself: the desktop has to run `skit toggle` \
         when you press it."
            .to_string()
    };
    Some(format!(
        "## The hotkey on Wayland\n\n{first} {how}\n\n`skit doctor` shows which way is in use."
    ))
}

/// The combination as a desktop writes it: each modifier by its name there (for
/// Ctrl, Alt, Shift and Super, in that order), each followed by `separator`, then
/// the key.
fn spelled(modifiers: &[Modifier], names: [&str; 4], separator: &str, key: &str) -> String {
    let mut text = String::new();
    for modifier in modifiers {
        let name = match modifier {
            Modifier::Ctrl => names[0],
            Modifier::Alt => names[1],
            Modifier::Shift => names[2],
            Modifier::Super => names[3],
        };
        text += name;
        text += separator;
    }
    text + key
}

/// `ctrl+alt+space` in the XDG shortcuts syntax the GlobalShortcuts portal takes
/// (`CTRL+ALT+space`); `None` when it does not parse.
pub fn portal_trigger(text: &str) -> Option<String> {
    let accelerator: Accelerator = text.parse().ok()?;
    let names = ["CTRL", "ALT", "SHIFT", "LOGO"];
    Some(spelled(
        &accelerator.modifiers(),
        names,
        "+",
        &accelerator.xkb_key()?,
    ))
}

/// The quoted paths of a `gsettings get` string list (`['/a/', '/b/']`, `@as []`).
fn gsettings_paths(list: &str) -> Vec<String> {
    list.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `space` → `Space`: KDE and niri write keys capitalized.
fn capitalized(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Carries out `plan`: writes the file and runs the commands, stopping at the first
/// that fails. Returns what was done, one line each.
pub(crate) fn apply(plan: &Plan) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    let commands = match plan {
        Plan::Run(commands) => commands,
        Plan::WriteThenRun {
            file,
            contents,
            commands,
        } => {
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            // A file of the same name that says something else is kept aside.
            let old = std::fs::read_to_string(file).ok();
            if old.as_ref().is_some_and(|old| old != contents) {
                let kept = skit_core::files::move_aside(file, ".bak")
                    .map_err(|e| format!("cannot keep the old {}: {e}", file.display()))?;
                done.push(format!("kept the old file as {}", kept.display()));
            }
            skit_core::files::write_atomic(file, contents.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            done.push(format!("wrote {}", file.display()));
            commands
        }
        Plan::AddLine { .. } | Plan::ByHand(_) => return Ok(done),
    };
    for argv in commands {
        let output = Command::new(&argv[0]).args(&argv[1..]).output();
        let shown = shell_words(argv);
        match output {
            Ok(output) if output.status.success() => done.push(shown),
            Ok(output) => {
                return Err(format!(
                    "`{shown}` failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("`{}` is not installed", argv[0]));
            }
            Err(e) => return Err(format!("cannot run `{}`: {e}", argv[0])),
        }
    }
    Ok(done)
}

/// `argv` as a shell line, quoted where needed, for showing.
pub(crate) fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|word| {
            let plain = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=+@".contains(c));
            if plain {
                word.clone()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctrl_alt_space() -> Accelerator {
        "ctrl+alt+space".parse().unwrap()
    }

    fn command() -> Vec<String> {
        vec!["/usr/bin/skit".into(), "toggle".into()]
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_desktop_comes_from_xdg_current_desktop_or_the_compositor() {
        assert_eq!(
            Desktop::detect(env(&[("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")])),
            Desktop::Gnome
        );
        assert_eq!(
            Desktop::detect(env(&[("XDG_CURRENT_DESKTOP", "KDE")])),
            Desktop::Kde
        );
        assert_eq!(
            Desktop::detect(env(&[("XDG_CURRENT_DESKTOP", "XFCE")])),
            Desktop::Xfce
        );
        assert_eq!(
            Desktop::detect(env(&[("SWAYSOCK", "/run/sway.sock")])),
            Desktop::Sway
        );
        assert_eq!(
            Desktop::detect(env(&[("XDG_CURRENT_DESKTOP", "Hyprland")])),
            Desktop::Hyprland
        );
        assert_eq!(Desktop::detect(env(&[])), Desktop::Other(String::new()));
    }

    #[test]
    fn gnome_keeps_the_other_custom_keybindings() {
        let plan = plan(
            &Desktop::Gnome,
            &ctrl_alt_space(),
            &command(),
            Some("['/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/custom0/']"),
            Path::new("/home/u/.local/share"),
        )
        .unwrap();
        let Plan::Run(commands) = plan else {
            panic!("{plan:?}")
        };
        assert_eq!(commands[2][4], "<Control><Alt>space");
        assert_eq!(commands[1][4], "/usr/bin/skit toggle");
        assert_eq!(
            commands[3][4],
            "['/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/custom0/', \
             '/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/skit/']"
        );
    }

    #[test]
    fn gnome_does_not_add_skit_twice() {
        let Plan::Run(commands) = plan(
            &Desktop::Gnome,
            &ctrl_alt_space(),
            &command(),
            Some(&format!("['{GNOME_ENTRY}']")),
            Path::new("/h"),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(commands[3][4], format!("['{GNOME_ENTRY}']"));
    }

    #[test]
    fn compositors_get_the_line_in_their_own_syntax() {
        let line = |desktop: Desktop, hotkey: &str| match plan(
            &desktop,
            &hotkey.parse().unwrap(),
            &command(),
            None,
            Path::new("/h"),
        )
        .unwrap()
        {
            Plan::AddLine { line, .. } => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            line(Desktop::Sway, "ctrl+alt+space"),
            "bindsym Ctrl+Mod1+space exec /usr/bin/skit toggle"
        );
        assert_eq!(
            line(Desktop::I3, "super+enter"),
            "bindsym Mod4+Return exec --no-startup-id /usr/bin/skit toggle"
        );
        assert_eq!(
            line(Desktop::Hyprland, "ctrl+alt+space"),
            "bind = CTRL ALT, space, exec, /usr/bin/skit toggle"
        );
        assert_eq!(
            line(Desktop::Niri, "ctrl+alt+space"),
            r#"Ctrl+Alt+Space { spawn "/usr/bin/skit" "toggle"; }"#
        );
    }

    #[test]
    fn the_portal_gets_the_xdg_shortcuts_syntax() {
        assert_eq!(
            portal_trigger("ctrl+alt+space").as_deref(),
            Some("CTRL+ALT+space")
        );
        assert_eq!(
            portal_trigger("super+shift+k").as_deref(),
            Some("SHIFT+LOGO+k")
        );
        assert_eq!(portal_trigger("ctrl+nonsense"), None);
    }

    #[test]
    fn kde_gets_a_hidden_desktop_file_and_its_shortcut() {
        let Plan::WriteThenRun {
            file,
            contents,
            commands,
        } = plan(
            &Desktop::Kde,
            &ctrl_alt_space(),
            &command(),
            None,
            Path::new("/h/.local/share"),
        )
        .unwrap()
        else {
            panic!()
        };
        assert_eq!(
            file,
            Path::new("/h/.local/share/applications/skit-toggle.desktop")
        );
        assert!(contents.contains("Exec=\"/usr/bin/skit\" \"toggle\"\n"));
        assert!(contents.contains("NoDisplay=true"));
        assert_eq!(commands[0].last().unwrap(), "Ctrl+Alt+Space");
    }

    #[test]
    fn the_kde_entry_runs_a_binary_whose_path_needs_quoting() {
        let nasty = vec![
            "/home/ada/my apps/$HOME \"q\" `x` 100%/skit".to_string(),
            "toggle".to_string(),
        ];
        let Plan::WriteThenRun { contents, .. } = plan(
            &Desktop::Kde,
            &ctrl_alt_space(),
            &nasty,
            None,
            Path::new("/h/.local/share"),
        )
        .unwrap() else {
            panic!()
        };
        let entry = freedesktop_desktop_entry::DesktopEntry::from_str(
            Path::new("/h/.local/share/applications/skit-toggle.desktop"),
            &contents,
            None::<&[String]>,
        )
        .unwrap();
        let exec = entry.exec().unwrap();
        let fields = crate::apps::exec::Fields::default();
        assert_eq!(crate::apps::exec::expand(exec, &fields).unwrap(), nasty);
    }
}
