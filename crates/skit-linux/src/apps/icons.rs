//! Icon files for the `Icon=` values of applications: an absolute path as it is,
//! otherwise a themed icon looked up with the `freedesktop-icons` crate in the
//! user's icon theme, its parents, then hicolor and the pixmaps folders, preferring
//! the size the launcher draws at. Only PNG and SVG files are returned. Each name
//! is looked up once per [`IconResolver`]; `None` (not found) is remembered too.
//! Not for drawing: the view loads the file, and shows a placeholder for `None`.
//!
//! Lookups touch the disk (stat calls in every size folder), so call
//! [`IconResolver::resolve`] off the UI thread. The crate reads the list of
//! installed themes once per process, from `XDG_DATA_DIRS`, `XDG_DATA_HOME` and
//! `~/.icons`; a theme installed later is seen after a restart.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The size asked for: rows draw icons at 32 px, and 48 px stays sharp at 1.5×.
pub const PREFERRED_SIZE: u16 = 48;

/// Resolves icon names to files, remembering every answer.
#[derive(Debug)]
pub struct IconResolver {
    /// The icon theme's folder name (`Papirus-Dark`), `None` for hicolor only.
    theme: Option<String>,
    size: u16,
    scale: u16,
    cache: HashMap<String, Option<PathBuf>>,
}

impl IconResolver {
    /// Looks in `theme` (a folder name under `icons/`, e.g. from
    /// [`user_icon_theme`]) before hicolor, for icons near `size` px at `scale`.
    pub fn new(theme: Option<String>, size: u16, scale: u16) -> IconResolver {
        IconResolver {
            theme: theme.filter(|t| !t.is_empty()),
            size,
            scale: scale.max(1),
            cache: HashMap::new(),
        }
    }

    /// The file for `icon` (an `Icon=` value), or `None` when there is none to show.
    pub fn resolve(&mut self, icon: &str) -> Option<PathBuf> {
        if let Some(known) = self.cache.get(icon) {
            return known.clone();
        }
        let found = self.look_up(icon);
        if found.is_none() {
            tracing::debug!("no icon file found for {icon:?}");
        }
        self.cache.insert(icon.to_string(), found.clone());
        found
    }

    fn look_up(&self, icon: &str) -> Option<PathBuf> {
        let icon = icon.trim();
        if icon.is_empty() {
            return None;
        }
        let path = Path::new(icon);
        if path.is_absolute() {
            return path.is_file().then(|| path.to_path_buf());
        }
        // A relative path means nothing here, and a name must not escape the
        // theme folders.
        if icon.contains('/') {
            return None;
        }
        // Not allowed by the spec but common: `Icon=foo.png` for a themed name.
        let name = [".png", ".svg", ".xpm"]
            .iter()
            .find_map(|ext| icon.strip_suffix(ext))
            .unwrap_or(icon);
        let mut lookup = freedesktop_icons::lookup(name)
            .with_size(self.size)
            .with_scale(self.scale);
        if let Some(theme) = &self.theme {
            lookup = lookup.with_theme(theme);
        }
        lookup.find().filter(|file| drawable(file))
    }
}

fn drawable(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("png") || e.eq_ignore_ascii_case("svg"))
}

/// The user's icon theme (its folder name): on KDE from `kdeglobals`; elsewhere
/// from `gsettings` (GNOME and its kin), then GTK's `settings.ini`, then
/// `kdeglobals`. `None` when nothing is set: hicolor alone is used. Runs
/// `gsettings`, so call it off the UI thread.
pub fn user_icon_theme(desktops: &[String]) -> Option<String> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|h| h.join(".config")))?;
    let kde = desktops.iter().any(|d| d.eq_ignore_ascii_case("KDE"));
    if kde && let Some(theme) = kdeglobals_theme(&config) {
        return Some(theme);
    }
    gsettings_theme()
        .or_else(|| gtk_theme(&config))
        .or_else(|| kdeglobals_theme(&config))
}

fn gsettings_theme() -> Option<String> {
    let output = std::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.interface", "icon-theme"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let theme = text.trim().trim_matches('\'');
    (!theme.is_empty()).then(|| theme.to_string())
}

/// `gtk-icon-theme-name` from GTK 3's, else GTK 4's, `settings.ini`.
fn gtk_theme(config: &Path) -> Option<String> {
    ["gtk-3.0/settings.ini", "gtk-4.0/settings.ini"]
        .iter()
        .find_map(|file| {
            let text = std::fs::read_to_string(config.join(file)).ok()?;
            ini_value(&text, "Settings", "gtk-icon-theme-name")
        })
}

/// `[Icons] Theme=` from KDE's `kdeglobals`.
fn kdeglobals_theme(config: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config.join("kdeglobals")).ok()?;
    ini_value(&text, "Icons", "Theme")
}

/// The value of `key` in `[group]` of an INI text, trimmed and unquoted.
fn ini_value(text: &str, group: &str, key: &str) -> Option<String> {
    let mut in_group = false;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_group = name == group;
        } else if in_group
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == key
        {
            let value = v.trim().trim_matches('"');
            return (!value.is_empty()).then(|| value.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const HICOLOR_INDEX: &str = "[Icon Theme]\nName=Hicolor\nComment=Fallback\n\
        Directories=16x16/apps,48x48/apps,scalable/apps\n\n\
        [16x16/apps]\nSize=16\nContext=Applications\nType=Threshold\n\n\
        [48x48/apps]\nSize=48\nContext=Applications\nType=Threshold\n\n\
        [scalable/apps]\nSize=128\nMinSize=1\nMaxSize=512\nContext=Applications\nType=Scalable\n";
    const FIXTURE_INDEX: &str = "[Icon Theme]\nName=Fixture Theme\nInherits=hicolor\n\
        Directories=32x32/apps\n\n[32x32/apps]\nSize=32\nContext=Applications\nType=Fixed\n";

    fn write(path: &Path, contents: &[u8]) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// The crate reads the installed themes once per process, from the
    /// environment; so the fixture lookups run in a child test process whose
    /// `XDG_DATA_DIRS` points at a fixture folder.
    #[test]
    fn finds_icons_in_a_fixture_theme() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let icons = root.join("share/icons");
        write(&icons.join("hicolor/index.theme"), HICOLOR_INDEX.as_bytes());
        write(&icons.join("hicolor/16x16/apps/x.png"), b"small png");
        write(&icons.join("hicolor/48x48/apps/x.png"), b"png");
        write(&icons.join("hicolor/scalable/apps/y.svg"), b"<svg/>");
        write(&icons.join("hicolor/scalable/apps/z.svg"), b"<svg/>");
        write(&icons.join("hicolor/48x48/apps/old.xmp"), b"xpm");
        write(&icons.join("Fixture/index.theme"), FIXTURE_INDEX.as_bytes());
        write(&icons.join("Fixture/32x32/apps/z.png"), b"themed png");
        fs::create_dir_all(root.join("home")).unwrap();
        let test = format!(
            "{}::lookups_in_the_fixture",
            module_path!().split_once("::").unwrap().1
        );
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", &test, "--test-threads=1"])
            .env("SKIT_ICON_FIXTURE", root)
            .env("XDG_DATA_DIRS", root.join("share"))
            .env("XDG_DATA_HOME", root.join("home/.local/share"))
            .env("HOME", root.join("home"))
            .output()
            .unwrap();
        let report = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "{report}");
        assert!(
            report.contains("1 passed"),
            "the child ran no test: {report}"
        );
    }

    #[test]
    #[ignore = "run by finds_icons_in_a_fixture_theme, in a process of its own"]
    fn lookups_in_the_fixture() {
        let Some(root) = std::env::var_os("SKIT_ICON_FIXTURE").map(PathBuf::from) else {
            return;
        };
        let icons = root.join("share/icons");
        let mut hicolor = IconResolver::new(None, PREFERRED_SIZE, 1);
        assert_eq!(
            hicolor.resolve("x"),
            Some(icons.join("hicolor/48x48/apps/x.png"))
        );
        assert_eq!(
            hicolor.resolve("y"),
            Some(icons.join("hicolor/scalable/apps/y.svg"))
        );
        assert_eq!(
            hicolor.resolve("y.svg"),
            Some(icons.join("hicolor/scalable/apps/y.svg"))
        );
        assert_eq!(
            hicolor.resolve("z"),
            Some(icons.join("hicolor/scalable/apps/z.svg"))
        );
        assert_eq!(hicolor.resolve("missing"), None);
        // The crate also finds `.xmp` files (its spelling of XPM): not drawable.
        assert_eq!(hicolor.resolve("old"), None);
        assert_eq!(hicolor.resolve("../hicolor/48x48/apps/x"), None);
        assert_eq!(hicolor.resolve(""), None);

        let mut small = IconResolver::new(None, 16, 1);
        assert_eq!(
            small.resolve("x"),
            Some(icons.join("hicolor/16x16/apps/x.png"))
        );

        // The user's theme first, hicolor for what it lacks.
        let mut themed = IconResolver::new(Some("Fixture".into()), PREFERRED_SIZE, 1);
        assert_eq!(
            themed.resolve("z"),
            Some(icons.join("Fixture/32x32/apps/z.png"))
        );
        assert_eq!(
            themed.resolve("x"),
            Some(icons.join("hicolor/48x48/apps/x.png"))
        );
        // An unknown theme falls back to hicolor.
        let mut unknown = IconResolver::new(Some("NoSuchTheme".into()), PREFERRED_SIZE, 1);
        assert_eq!(
            unknown.resolve("z"),
            Some(icons.join("hicolor/scalable/apps/z.svg"))
        );

        // Each name is looked up once: the answer stays after the file goes.
        fs::remove_file(icons.join("hicolor/48x48/apps/x.png")).unwrap();
        fs::remove_file(icons.join("hicolor/16x16/apps/x.png")).unwrap();
        assert_eq!(
            hicolor.resolve("x"),
            Some(icons.join("hicolor/48x48/apps/x.png"))
        );
        assert_eq!(
            IconResolver::new(None, PREFERRED_SIZE, 1).resolve("x"),
            None
        );
    }

    #[test]
    fn absolute_paths_are_used_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("my icon.png");
        write(&file, b"png");
        let mut resolver = IconResolver::new(None, PREFERRED_SIZE, 1);
        assert_eq!(resolver.resolve(file.to_str().unwrap()), Some(file.clone()));
        let gone = dir.path().join("gone.png");
        assert_eq!(resolver.resolve(gone.to_str().unwrap()), None);
    }

    #[test]
    fn theme_names_come_from_gtk_and_kde_settings() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path();
        assert_eq!(gtk_theme(config), None);
        assert_eq!(kdeglobals_theme(config), None);
        write(
            &config.join("gtk-4.0/settings.ini"),
            b"[Settings]\ngtk-icon-theme-name = \"Papirus\"\n",
        );
        assert_eq!(gtk_theme(config).as_deref(), Some("Papirus"));
        write(
            &config.join("gtk-3.0/settings.ini"),
            b"[Other]\ngtk-icon-theme-name=Wrong\n[Settings]\ngtk-theme-name=Adwaita\n\
              gtk-icon-theme-name=Papirus-Dark\n",
        );
        assert_eq!(gtk_theme(config).as_deref(), Some("Papirus-Dark"));
        write(
            &config.join("kdeglobals"),
            b"[General]\nTheme=NotThis\n\n[Icons]\nTheme=breeze-dark\n",
        );
        assert_eq!(kdeglobals_theme(config).as_deref(), Some("breeze-dark"));
        write(&config.join("kdeglobals"), b"[Icons]\nTheme=\n");
        assert_eq!(kdeglobals_theme(config), None);
    }
}
