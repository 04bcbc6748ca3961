//! What the launcher's first screen lists: the user's scripts and the desktop's
//! applications, in one ranking with one frecency. A script and an application
//! with the same name are both kept; the window tells them apart.
//!
//! No gpui here: the ranking is the same pure function of (items, query, usage)
//! as the script list's, so it is tested without a window.

use std::path::PathBuf;
use std::sync::Arc;

use crate::apps::entries::App;
use crate::catalog::Script;
use crate::frecency::Frecency;
use crate::script_list::{ScriptList, frecency_key};
use crate::search::{Matches, Ranker, SearchText};

/// An application as the launcher lists it: its desktop entry and the icon file
/// found for it (looked up once, off the UI thread).
#[derive(Clone, Debug)]
pub struct AppEntry {
    pub app: App,
    pub icon: Option<PathBuf>,
}

/// The names a window of `app` goes by, lowercased, for finding the icon of a
/// window from its WM_CLASS class or Wayland app id: `StartupWMClass`, the
/// desktop-file id without `.desktop`, its last part (`org.gnome.Nautilus` →
/// `nautilus`), and the name.
pub fn window_names(app: &App) -> Vec<String> {
    let id = app.id.strip_suffix(".desktop").unwrap_or(&app.id);
    let mut names: Vec<String> = app
        .startup_wm_class
        .iter()
        .map(String::as_str)
        .chain([id, id.rsplit('.').next().unwrap_or(id), app.name.as_str()])
        .map(str::to_lowercase)
        .collect();
    names.dedup();
    names
}

/// One row's item.
#[derive(Clone, Copy, Debug)]
pub enum RootItem<'a> {
    Script(&'a Script),
    App(&'a AppEntry),
}

/// Scripts then applications, with their search text and frecency keys.
#[derive(Clone, Debug, Default)]
pub struct RootList {
    scripts: ScriptList,
    apps: Arc<Vec<AppEntry>>,
    texts: Vec<SearchText>,
    keys: Vec<String>,
}

/// Reads the desktop's applications (every applications folder of the XDG data
/// dirs, filtered for this desktop) and leaves out `hidden` ids; icons come after,
/// from [`with_icons`]. File system work: call it on a background thread. Broken
/// desktop files come back as warnings.
pub fn load_apps(hidden: &[String]) -> (Vec<AppEntry>, Vec<String>) {
    use crate::apps::entries;
    let desktops = entries::current_desktops();
    let (apps, warnings) = entries::load_apps(&entries::AppDirs::from_env(), &desktops);
    let entries = apps
        .into_iter()
        .filter(|app| !hidden.contains(&app.id))
        .map(|app| AppEntry { app, icon: None })
        .collect();
    (entries, warnings)
}

/// `apps` with each one's icon file found in the user's icon theme (then
/// hicolor). Slower than reading the entries (a name that is not found costs a
/// search of every size folder), so the list shows the apps first and their icons
/// when this is done; call it on a background thread.
pub fn with_icons(mut apps: Vec<AppEntry>) -> Vec<AppEntry> {
    use crate::apps::{entries, icons};
    let theme = icons::user_icon_theme(&entries::current_desktops());
    let mut resolver = icons::IconResolver::new(theme, icons::PREFERRED_SIZE, 1);
    for entry in &mut apps {
        entry.icon = entry
            .app
            .icon
            .as_deref()
            .and_then(|icon| resolver.resolve(icon));
    }
    apps
}

/// Like [`load_apps`], from the applications folders under `data_dirs` only (for
/// tests, which cannot change the process's environment safely).
#[cfg(feature = "test-support")]
pub fn load_apps_from(data_dirs: Vec<PathBuf>) -> Vec<AppEntry> {
    use crate::apps::entries;
    let dirs = entries::AppDirs::new(data_dirs.iter().map(|d| d.join("applications")).collect());
    let (apps, _) = entries::load_apps(&dirs, &[]);
    let mut resolver = crate::apps::icons::IconResolver::new(None, 48, 1);
    apps.into_iter()
        .map(|app| AppEntry {
            icon: app.icon.as_deref().and_then(|icon| resolver.resolve(icon)),
            app,
        })
        .collect()
}

/// The folders applications are read from, to watch for installs and removals.
pub fn app_dirs() -> Vec<PathBuf> {
    crate::apps::entries::AppDirs::from_env().dirs().to_vec()
}

/// The frecency key of an application: `app:` and its desktop-file id, so it never
/// collides with a script's path.
pub fn app_key(app: &App) -> String {
    format!("app:{}", app.id)
}

impl RootList {
    pub fn new(scripts: ScriptList, apps: Arc<Vec<AppEntry>>) -> RootList {
        let mut texts: Vec<SearchText> = scripts.texts().to_vec();
        let mut keys: Vec<String> = scripts.scripts.iter().map(frecency_key).collect();
        for entry in apps.iter() {
            let app = &entry.app;
            // The generic name and keywords match with less weight than the name;
            // the comment only by whole words, as a script's description does.
            let also = app
                .generic_name
                .iter()
                .chain(app.keywords.iter())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ");
            texts.push(SearchText::new(
                &app.name,
                None,
                (!also.is_empty()).then_some(also.as_str()),
                app.comment.as_deref(),
            ));
            keys.push(app_key(app));
        }
        RootList {
            scripts,
            apps,
            texts,
            keys,
        }
    }

    pub fn scripts(&self) -> &[Script] {
        &self.scripts.scripts
    }

    pub fn script_list(&self) -> &ScriptList {
        &self.scripts
    }

    pub fn apps(&self) -> &Arc<Vec<AppEntry>> {
        &self.apps
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Item `index` of the ranking's index space (scripts, then applications).
    pub fn item(&self, index: usize) -> Option<RootItem<'_>> {
        let scripts = &self.scripts.scripts;
        match index.checked_sub(scripts.len()) {
            None => scripts.get(index).map(RootItem::Script),
            Some(app) => self.apps.get(app).map(RootItem::App),
        }
    }

    /// The frecency key of item `index`.
    #[cfg(test)]
    pub fn key(&self, index: usize) -> Option<&str> {
        self.keys.get(index).map(String::as_str)
    }

    /// Ranks every item for `query` into `matches`, with usage from `frecency`.
    pub fn rank_into(
        &self,
        matches: &mut Matches,
        ranker: &mut Ranker,
        query: &str,
        frecency: &Frecency,
        now: u64,
    ) {
        matches.update(ranker, &self.texts, query, |i| {
            frecency.boost(&self.keys[i], now)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Metadata, Script};

    fn script(name: &str) -> Script {
        Script {
            path: PathBuf::from(format!("/s/{}.sh", name.to_lowercase())),
            file_name: format!("{}.sh", name.to_lowercase()),
            name: name.into(),
            group: None,
            metadata: Metadata::default(),
        }
    }

    fn app(name: &str, generic: Option<&str>, keywords: &[&str]) -> AppEntry {
        AppEntry {
            app: App {
                id: format!("{}.desktop", name.to_lowercase()),
                name: name.into(),
                generic_name: generic.map(str::to_string),
                keywords: keywords.iter().map(|k| k.to_string()).collect(),
                ..App::default()
            },
            icon: None,
        }
    }

    fn names(list: &RootList, query: &str, frecency: &Frecency) -> Vec<String> {
        let mut matches = Matches::default();
        list.rank_into(&mut matches, &mut Ranker::default(), query, frecency, 1_000);
        (0..matches.len())
            .map(
                |i| match list.item(matches.get(i).unwrap().index).unwrap() {
                    RootItem::Script(s) => format!("script {}", s.name),
                    RootItem::App(a) => format!("app {}", a.app.name),
                },
            )
            .collect()
    }

    #[test]
    fn scripts_and_apps_rank_together_and_both_of_a_name_stay() {
        let list = RootList::new(
            ScriptList::new(vec![script("Firefox Profile"), script("Terminal")]),
            Arc::new(vec![
                app("Firefox", Some("Web Browser"), &["internet", "www"]),
                app("Terminal", Some("Terminal Emulator"), &["shell"]),
            ]),
        );
        let dir = tempfile::tempdir().unwrap();
        let frecency = Frecency::load(&dir.path().join("f.json"));
        assert_eq!(names(&list, "firef", &frecency)[0], "app Firefox");
        let terminal = names(&list, "terminal", &frecency);
        assert!(
            terminal.contains(&"script Terminal".to_string()),
            "{terminal:?}"
        );
        assert!(
            terminal.contains(&"app Terminal".to_string()),
            "{terminal:?}"
        );
        // Generic names and keywords find an app, after a name match.
        assert_eq!(names(&list, "browser", &frecency), ["app Firefox"]);
        assert_eq!(names(&list, "shell", &frecency), ["app Terminal"]);
    }

    #[test]
    fn one_frecency_for_both_kinds() {
        let list = RootList::new(
            ScriptList::new(vec![script("Alpha")]),
            Arc::new(vec![app("Beta", None, &[])]),
        );
        let dir = tempfile::tempdir().unwrap();
        let mut frecency = Frecency::load(&dir.path().join("f.json"));
        assert_eq!(names(&list, "", &frecency)[0], "script Alpha");
        frecency.record("app:beta.desktop", 1_000);
        assert_eq!(names(&list, "", &frecency)[0], "app Beta");
        assert_eq!(list.key(1), Some("app:beta.desktop"));
    }

    #[test]
    fn a_window_is_known_by_its_class_its_id_or_the_ids_last_part() {
        let mut nautilus = app("Files", None, &[]).app;
        nautilus.id = "org.gnome.Nautilus.desktop".into();
        assert_eq!(
            window_names(&nautilus),
            ["org.gnome.nautilus", "nautilus", "files"]
        );
        let mut firefox = app("Firefox", None, &[]).app;
        firefox.startup_wm_class = Some("firefox-esr".into());
        assert_eq!(window_names(&firefox), ["firefox-esr", "firefox"]);
    }
}
