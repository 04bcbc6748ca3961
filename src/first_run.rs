//! The very first start (no config folder yet): a commented default
//! `config.json`, the example scripts and the SDK, and a welcome page saying the
//! hotkey, how to create a script, and where scripts live.

use std::io;
use std::path::Path;

use crate::bundled;
use crate::paths::Paths;

const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.jsonc");

/// Sets up a new user. Returns true when this was the first start (the config
/// folder did not exist); afterwards it does nothing.
pub(crate) fn setup(paths: &Paths) -> io::Result<bool> {
    if paths.config_dir.exists() {
        return Ok(false);
    }
    std::fs::create_dir_all(&paths.config_dir)?;
    write_new(&paths.config_file(), DEFAULT_CONFIG)?;
    bundled::install_examples_if_missing(&paths.scripts_dir)?;
    bundled::install_sdk(&paths.sdk_dir())?;
    Ok(true)
}

fn write_new(path: &Path, text: &str) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    io::Write::write_all(&mut file, text.as_bytes())
}

/// `ctrl+alt+space` → `Ctrl+Alt+Space`.
pub(crate) fn key_label(hotkey: &str) -> String {
    hotkey
        .split('+')
        .map(|part| {
            let part = part.trim();
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("+")
}

/// The welcome page (markdown for the `div` view).
pub fn welcome(
    hotkey: &str,
    scripts_dir: &Path,
    config_file: &Path,
    wayland: Option<&str>,
) -> String {
    let hotkey = key_label(hotkey);
    format!(
        "# Welcome to skit\n\n\
         Press **{hotkey}** anywhere to show or hide this launcher. Type a few letters of a \
         script's name and press **Enter** to run it.\n\n{wayland}\
         ## Your scripts\n\n\
         They live in `{scripts}`; a few examples are there to start from. Any executable \
         file or `.sh`, `.py`, `.js`/`.mjs`, `.rb` file is a script, and changes show up at once.\n\n\
         ## Make your own\n\n\
         - Type a name that matches nothing and choose **Create script**: skit writes it from a \
         template and opens it in your editor.\n\
         - **Ctrl+K** on a script: edit, rename, duplicate, delete, copy its path.\n\
         - Test a script in a terminal with `skit run NAME --headless`.\n\n\
         ## Settings\n\n\
         `{config}`: the hotkey, the theme, the language of new scripts, your editor.\n\n\
         Press **Enter** to start.\n",
        scripts = scripts_dir.display(),
        config = config_file.display(),
        wayland = wayland
            .map(|text| format!("{text}\n\n"))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn paths(home: &Path) -> Paths {
        Paths {
            config_dir: home.join("config/skit"),
            scripts_dir: home.join("config/skit/scripts"),
            state_dir: home.join("state/skit"),
            socket: home.join("skit.sock"),
        }
    }

    #[test]
    fn first_start_writes_a_commented_config_examples_and_sdk_once() {
        let home = tempfile::tempdir().unwrap();
        let paths = paths(home.path());
        assert!(setup(&paths).unwrap());
        let text = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(text.starts_with("// skit settings"));
        // The commented file is a valid config with the defaults.
        assert_eq!(Config::parse(&text).unwrap(), Config::default());
        assert!(std::fs::read_dir(&paths.scripts_dir).unwrap().count() >= 6);
        assert!(paths.sdk_dir().join("skit.sh").is_file());
        std::fs::write(paths.config_file(), "{\"theme\":\"dark\"}").unwrap();
        assert!(!setup(&paths).unwrap());
        assert_eq!(
            std::fs::read_to_string(paths.config_file()).unwrap(),
            "{\"theme\":\"dark\"}"
        );
    }

    #[test]
    fn welcome_names_the_hotkey_and_the_folder() {
        let text = welcome(
            "ctrl+alt+space",
            Path::new("/home/u/.config/skit/scripts"),
            Path::new("/c.json"),
            None,
        );
        assert!(text.contains("**Ctrl+Alt+Space**"));
        assert!(text.contains("/home/u/.config/skit/scripts"));
        assert!(text.contains("Create script"));
        assert!(!text.contains("Wayland"));
    }

    #[test]
    fn a_wayland_user_is_told_how_the_hotkey_reaches_skit_on_their_desktop() {
        let sway = crate::desktop_session::DesktopSession::detect(|name| match name {
            "XDG_SESSION_TYPE" => Some("wayland".into()),
            "WAYLAND_DISPLAY" => Some("wayland-1".into()),
            "XDG_CURRENT_DESKTOP" => Some("sway".into()),
            _ => None,
        });
        let advice = crate::keybinding::wayland_advice("ctrl+alt+space", &sway).unwrap();
        let text = welcome(
            "ctrl+alt+space",
            Path::new("/s"),
            Path::new("/c.json"),
            Some(&advice),
        );
        assert!(text.contains("bindsym Ctrl+Mod1+space exec "), "{text}");
        assert!(text.contains("~/.config/sway/config"), "{text}");
        assert!(text.contains(" toggle"), "{text}");
    }
}
