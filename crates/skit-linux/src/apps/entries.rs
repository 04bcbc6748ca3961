//! The installed applications: every desktop entry under
//! `$XDG_DATA_HOME/applications` and each `$XDG_DATA_DIRS/applications`, read the
//! way the Desktop Entry spec says, as a list of [`App`]s ready to rank and launch.
//! Not for running them (`launch`) or drawing their icons (`icons`).
//!
//! Files are parsed with the `freedesktop-desktop-entry` crate. Walking the
//! folders, desktop-file ids, shadowing, filtering and choosing translations are
//! done here: the crate's walker canonicalizes folders (a symlinked `applications`
//! folder loses its ids' subfolder prefixes), and its translation fallback goes
//! from `lang_COUNTRY@MODIFIER` straight to `lang`, skipping `lang_COUNTRY` and
//! `lang@MODIFIER`. The crate rejects a whole file for an escape it does not know
//! (`\;` included), a translation whose untranslated key is missing, or an
//! indented comment; such a file is a warning like any broken one.
//!
//! An entry found first (the user's folder, then the system folders in order)
//! shadows every later one with the same id, even when it is hidden: that is how a
//! user removes a system application. A file that cannot be parsed is a warning and
//! shadows nothing; everything else still loads.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use freedesktop_desktop_entry::{DesktopEntry, Group};

/// One application the user can start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct App {
    /// The desktop-file id, e.g. `org.gnome.Nautilus.desktop`, or `kde-dolphin.desktop`
    /// for `applications/kde/dolphin.desktop`.
    pub id: String,
    /// The desktop file it was read from.
    pub path: PathBuf,
    /// The translated Name.
    pub name: String,
    pub generic_name: Option<String>,
    pub comment: Option<String>,
    /// Translated search words, matched with less weight than the name.
    pub keywords: Vec<String>,
    /// The Exec line (after the file-level unescaping); `None` only for a D-Bus
    /// activatable app without one.
    pub exec: Option<String>,
    /// `Path=`: the folder to start it in.
    pub working_dir: Option<PathBuf>,
    /// Runs inside a terminal emulator.
    pub terminal: bool,
    /// Started over D-Bus (`org.freedesktop.Application`) rather than by Exec.
    pub dbus_activatable: bool,
    /// An icon name or an absolute path.
    pub icon: Option<String>,
    /// The WM_CLASS / app id its windows carry, when it differs from the id.
    pub startup_wm_class: Option<String>,
    /// `[Desktop Action …]` entries, in the order of `Actions=`.
    pub actions: Vec<AppAction>,
    /// `MimeType=`: the types of file it opens.
    pub mime_types: Vec<String>,
}

impl App {
    /// The id without `.desktop`: the D-Bus name of an activatable app.
    pub(crate) fn app_id(&self) -> &str {
        self.id.strip_suffix(".desktop").unwrap_or(&self.id)
    }
}

/// A desktop action ("New Private Window").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppAction {
    /// The action's key in `Actions=`, e.g. `new-private-window`.
    pub id: String,
    /// The translated Name.
    pub name: String,
    /// `None` only when the app is D-Bus activatable.
    pub(crate) exec: Option<String>,
    pub(crate) icon: Option<String>,
}

/// The `applications` folders to read, most important first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppDirs {
    dirs: Vec<PathBuf>,
}

impl AppDirs {
    /// From `XDG_DATA_HOME` (default `~/.local/share`) and `XDG_DATA_DIRS` (default
    /// `/usr/local/share:/usr/share`).
    pub fn from_env() -> AppDirs {
        AppDirs::from_vars(|name| std::env::var(name).ok(), std::env::home_dir())
    }

    /// As [`AppDirs::from_env`], with the variables read through `var`. Relative
    /// paths are ignored, as the XDG base directory spec asks.
    pub(crate) fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        home: Option<PathBuf>,
    ) -> AppDirs {
        let absolute = |p: &&str| Path::new(p).is_absolute();
        let data_home = var("XDG_DATA_HOME")
            .filter(|v| absolute(&v.as_str()))
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".local/share")));
        let data_dirs: Vec<PathBuf> = match var("XDG_DATA_DIRS").filter(|v| !v.is_empty()) {
            Some(list) => list
                .split(':')
                .filter(absolute)
                .map(PathBuf::from)
                .collect(),
            None => vec!["/usr/local/share".into(), "/usr/share".into()],
        };
        AppDirs::new(
            data_home
                .into_iter()
                .chain(data_dirs)
                .map(|d| d.join("applications"))
                .collect(),
        )
    }

    /// Exactly these `applications` folders, most important first (duplicates dropped).
    pub fn new(dirs: Vec<PathBuf>) -> AppDirs {
        let mut seen = HashSet::new();
        AppDirs {
            dirs: dirs
                .into_iter()
                .filter(|d| seen.insert(d.clone()))
                .collect(),
        }
    }

    /// The folders, most important first: the ones to watch for changes.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }
}

/// The desktops named in `XDG_CURRENT_DESKTOP` (e.g. `["ubuntu", "GNOME"]`).
pub fn current_desktops() -> Vec<String> {
    desktops_from(std::env::var("XDG_CURRENT_DESKTOP").ok().as_deref())
}

fn desktops_from(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split(':')
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

/// The translation keys to try, best first, for the messages locale (`LC_ALL`,
/// else `LC_MESSAGES`, else `LANG`).
pub(crate) fn locales_from_env() -> Vec<String> {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|v| !v.is_empty());
    locale_candidates(value.as_deref().unwrap_or(""))
}

/// For `lang_COUNTRY.ENCODING@MODIFIER`: `lang_COUNTRY@MODIFIER`, `lang_COUNTRY`,
/// `lang@MODIFIER`, `lang`, as the spec orders them (the encoding never counts).
/// `C` and `POSIX` have no translations.
pub(crate) fn locale_candidates(locale: &str) -> Vec<String> {
    let (rest, modifier) = match locale.split_once('@') {
        Some((rest, modifier)) => (rest, Some(modifier)),
        None => (locale, None),
    };
    let base = rest.split('.').next().unwrap_or("");
    if base.is_empty() || base == "C" || base == "POSIX" {
        return Vec::new();
    }
    let (lang, country) = match base.split_once('_') {
        Some((lang, country)) => (lang, Some(country)),
        None => (base, None),
    };
    let mut out = Vec::with_capacity(4);
    if let (Some(country), Some(modifier)) = (country, modifier) {
        out.push(format!("{lang}_{country}@{modifier}"));
    }
    if let Some(country) = country {
        out.push(format!("{lang}_{country}"));
    }
    if let Some(modifier) = modifier {
        out.push(format!("{lang}@{modifier}"));
    }
    out.push(lang.to_string());
    out
}

/// Every application in `dirs` to show on `desktop` (the `XDG_CURRENT_DESKTOP`
/// names), translated for the environment's locale, `TryExec` checked against
/// `PATH`. Sorted by name. Also returns one warning per file that could not be
/// used; each is logged too.
pub fn load_apps(dirs: &AppDirs, desktop: &[String]) -> (Vec<App>, Vec<String>) {
    let search_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    load_apps_with(dirs, desktop, &locales_from_env(), &search_path)
}

/// [`load_apps`] with the locale candidates (see [`locale_candidates`]) and the
/// folders searched for `TryExec` given.
pub(crate) fn load_apps_with(
    dirs: &AppDirs,
    desktop: &[String],
    locales: &[String],
    search_path: &[PathBuf],
) -> (Vec<App>, Vec<String>) {
    let mut loader = Loader {
        desktop,
        locales,
        search_path,
        installed: HashMap::new(),
        warnings: Vec::new(),
        buffer: Vec::new(),
    };
    let mut claimed = HashSet::new();
    let mut apps = Vec::new();
    for dir in &dirs.dirs {
        let mut files = Vec::new();
        let mut visited = HashSet::new();
        loader.walk(dir, "", &mut visited, &mut files);
        for (id, path) in files {
            if claimed.contains(&id) {
                continue;
            }
            let Some(entry) = loader.parse(&path) else {
                continue;
            };
            claimed.insert(id.clone());
            if let Some(app) = loader.app(id, path, &entry) {
                apps.push(app);
            }
        }
    }
    apps.sort_by_cached_key(|a| (a.name.to_lowercase(), a.id.clone()));
    for warning in &loader.warnings {
        tracing::warn!("{warning}");
    }
    (apps, loader.warnings)
}

struct Loader<'a> {
    desktop: &'a [String],
    locales: &'a [String],
    search_path: &'a [PathBuf],
    /// `TryExec` programs already looked up.
    installed: HashMap<String, bool>,
    warnings: Vec<String>,
    buffer: Vec<u8>,
}

impl Loader<'_> {
    /// Collects `(desktop-file id, path)` under `dir`, sorted, following symlinks
    /// once each (a folder loop is walked once).
    fn walk(
        &mut self,
        dir: &Path,
        prefix: &str,
        visited: &mut HashSet<PathBuf>,
        files: &mut Vec<(String, PathBuf)>,
    ) {
        if let Ok(real) = fs::canonicalize(dir)
            && !visited.insert(real)
        {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            // Most systems have no /usr/local/share/applications: not worth a word.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && prefix.is_empty() => return,
            Err(e) => {
                self.warnings
                    .push(format!("{}: cannot read the folder ({e})", dir.display()));
                return;
            }
        };
        let mut found: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| (e.file_name(), e.file_type()))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, file_type) in found {
            let path = dir.join(&name);
            let Some(name) = name.to_str() else {
                if name.as_encoded_bytes().ends_with(b".desktop") {
                    self.warnings.push(format!(
                        "{}: the file name is not valid UTF-8; rename it to use it",
                        path.display()
                    ));
                }
                continue;
            };
            let is_entry = name.ends_with(".desktop");
            // The folder listing already says what each name is; only a symlink
            // costs a stat to follow.
            let (is_dir, is_file) = match file_type {
                Ok(t) if !t.is_symlink() => (t.is_dir(), t.is_file()),
                _ => match fs::metadata(&path) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(e) => {
                        if is_entry {
                            self.warnings.push(format!(
                                "{}: cannot be read ({e}); a broken link? Remove it or fix \
                                 its target",
                                path.display()
                            ));
                        }
                        continue;
                    }
                },
            };
            if is_dir {
                self.walk(&path, &format!("{prefix}{name}-"), visited, files);
            } else if is_file && is_entry {
                files.push((format!("{prefix}{name}"), path));
            }
        }
    }

    fn parse(&mut self, path: &Path) -> Option<DesktopEntry> {
        use std::io::Read;
        // One buffer for every file, and no stat for a size hint: at 2,000 files
        // the system calls are most of the time.
        self.buffer.clear();
        if let Err(e) = fs::File::open(path).and_then(|mut f| f.read_to_end(&mut self.buffer)) {
            self.warnings
                .push(format!("{}: cannot be read ({e})", path.display()));
            return None;
        }
        // The spec says UTF-8; an odd byte in a comment should not hide the app.
        let text = String::from_utf8_lossy(&self.buffer);
        match DesktopEntry::from_str(path, &text, Some(self.locales)) {
            Ok(entry) => Some(entry),
            Err(e) => {
                self.warnings.push(format!(
                    "{}: not a valid desktop entry ({e}); the application is skipped until \
                     the file is fixed",
                    path.display()
                ));
                None
            }
        }
    }

    /// The app `entry` describes, or `None` when it is not to be shown.
    fn app(&mut self, id: String, path: PathBuf, entry: &DesktopEntry) -> Option<App> {
        let group = entry.groups.desktop_entry();
        let Some(group) = group else {
            self.warn(&path, "has no [Desktop Entry] group");
            return None;
        };
        let value = |key: &str| plain(group, key);
        let flag = |key: &str| value(key).is_some_and(is_true);
        if flag("Hidden") {
            return None;
        }
        match value("Type") {
            Some("Application") => {}
            Some(_) => return None, // Links and Directories are not apps.
            None => {
                self.warn(&path, "has no Type key (it should say Type=Application)");
                return None;
            }
        }
        if flag("NoDisplay") || !shown_on(group, self.desktop) {
            return None;
        }
        let Some(name) = self.localized(group, "Name") else {
            self.warn(&path, "has no Name key");
            return None;
        };
        let dbus_activatable = flag("DBusActivatable");
        let exec = value("Exec").map(str::to_string);
        if exec.is_none() && !dbus_activatable {
            self.warn(&path, "has no Exec key, so there is nothing to start");
            return None;
        }
        if let Some(program) = value("TryExec")
            && !self.is_installed(program)
        {
            return None;
        }
        let actions = list(value("Actions").unwrap_or(""))
            .filter_map(|action| self.action(entry, action, dbus_activatable))
            .collect();
        Some(App {
            name,
            generic_name: self.localized(group, "GenericName"),
            comment: self.localized(group, "Comment"),
            keywords: self
                .localized(group, "Keywords")
                .map(|k| list(&k).map(str::to_string).collect())
                .unwrap_or_default(),
            exec,
            working_dir: value("Path").map(PathBuf::from),
            terminal: flag("Terminal"),
            dbus_activatable,
            icon: self.localized(group, "Icon"),
            startup_wm_class: value("StartupWMClass").map(str::to_string),
            actions,
            mime_types: list(value("MimeType").unwrap_or(""))
                .map(str::to_string)
                .collect(),
            id,
            path,
        })
    }

    fn action(&self, entry: &DesktopEntry, id: &str, dbus: bool) -> Option<AppAction> {
        let group = entry.groups.group(&format!("Desktop Action {id}"))?;
        let exec = plain(group, "Exec").map(str::to_string);
        if exec.is_none() && !dbus {
            return None;
        }
        Some(AppAction {
            id: id.to_string(),
            name: self.localized(group, "Name")?,
            exec,
            icon: self.localized(group, "Icon"),
        })
    }

    /// The best translation of `key`, or its untranslated value; `None` when absent
    /// or empty.
    fn localized(&self, group: &Group, key: &str) -> Option<String> {
        let (default, translations) = group.0.get(key)?;
        let value = self
            .locales
            .iter()
            .find_map(|locale| translations.get(locale))
            .unwrap_or(default)
            .trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    /// `TryExec`: an absolute path that is executable, or a program on the search path.
    fn is_installed(&mut self, program: &str) -> bool {
        if let Some(&known) = self.installed.get(program) {
            return known;
        }
        let found = if program.contains('/') {
            is_executable(Path::new(program))
        } else {
            self.search_path
                .iter()
                .any(|dir| is_executable(&dir.join(program)))
        };
        self.installed.insert(program.to_string(), found);
        found
    }

    fn warn(&mut self, path: &Path, problem: &str) {
        self.warnings.push(format!(
            "{}: {problem}; the application is skipped until the file is fixed",
            path.display()
        ));
    }
}

/// An untranslated value, trimmed; `None` when absent or empty.
fn plain<'a>(group: &'a Group, key: &str) -> Option<&'a str> {
    group.entry(key).map(str::trim).filter(|v| !v.is_empty())
}

/// Booleans are `true`/`false`; `1` is what GLib also accepts.
fn is_true(value: &str) -> bool {
    value == "true" || value == "1"
}

/// The items of a `;`-separated list, empty ones dropped.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// `OnlyShowIn` / `NotShowIn` against the current desktops, as GLib decides: the
/// first current desktop named in either list wins; when none is named, the entry
/// shows unless it has an `OnlyShowIn`.
fn shown_on(group: &Group, desktops: &[String]) -> bool {
    let only = plain(group, "OnlyShowIn");
    let not = plain(group, "NotShowIn");
    let names = |value: Option<&str>, desktop: &str| {
        value.is_some_and(|v| list(v).any(|name| name.eq_ignore_ascii_case(desktop)))
    };
    for desktop in desktops {
        if names(only, desktop) {
            return true;
        }
        if names(not, desktop) {
            return false;
        }
    }
    only.is_none()
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests;
