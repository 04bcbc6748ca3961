//! "Open With": the applications that open a file, as the desktop would offer
//! them. The file's MIME type comes from the shared MIME database (its name, then
//! its first bytes: the `xdg-mime` crate); an application opens it when its
//! desktop entry lists that type or one the type is a kind of (`text/x-python` is
//! a kind of `text/plain`). The user's choices in `mimeapps.list` come first: the
//! default application, then added associations; removed ones are left out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use xdg_mime::SharedMimeInfo;

use super::entries::App;

/// The applications for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handlers {
    /// The file's MIME type, e.g. `text/x-python`.
    pub mime_type: String,
    /// Those that open it, the default first.
    pub apps: Vec<App>,
}

/// The MIME database of this desktop, read the first time it is needed (a few
/// milliseconds), then kept.
pub fn mime_database() -> &'static SharedMimeInfo {
    static DATABASE: OnceLock<SharedMimeInfo> = OnceLock::new();
    DATABASE.get_or_init(|| {
        // `SharedMimeInfo::new` panics without a data folder (no HOME).
        if dirs::data_dir().is_some() {
            SharedMimeInfo::new()
        } else {
            SharedMimeInfo::new_for_directory("/usr/share")
        }
    })
}

/// The applications among `apps` that open `path`.
pub fn handlers(
    path: &Path,
    apps: Vec<App>,
    database: &SharedMimeInfo,
    choices: &Associations,
) -> Handlers {
    let mime_type = database
        .guess_mime_type()
        .path(path)
        .guess()
        .mime_type()
        .essence_str()
        .to_string();
    let kinds = kinds_of(&mime_type, database);
    Handlers {
        apps: ordered(apps, &kinds, choices),
        mime_type,
    }
}

/// `mime_type` and every type it is a kind of, the closest first.
fn kinds_of(mime_type: &str, database: &SharedMimeInfo) -> Vec<String> {
    // An empty file is something to write text into.
    let first = match mime_type {
        "application/x-zerosize" => "text/plain",
        other => other,
    };
    let mut kinds = vec![first.to_string()];
    let mut next = 0;
    while next < kinds.len() {
        let parents = kinds[next]
            .parse()
            .ok()
            .and_then(|mime| database.get_parents(&mime))
            .unwrap_or_default();
        for parent in parents {
            let parent = parent.essence_str().to_string();
            if !kinds.contains(&parent) {
                kinds.push(parent);
            }
        }
        next += 1;
    }
    // The shared MIME spec: every text/* type is a kind of text/plain.
    if first.starts_with("text/") && !kinds.iter().any(|k| k == "text/plain") {
        kinds.push("text/plain".into());
    }
    kinds
}

/// The apps for `kinds` (closest first): for each kind, the user's default, the
/// added associations, then every other app that lists it; an app once.
fn ordered(apps: Vec<App>, kinds: &[String], choices: &Associations) -> Vec<App> {
    let mut order: Vec<String> = Vec::new();
    for kind in kinds {
        let chosen = choices.defaults.get(kind).into_iter().flatten();
        let added = choices.added.get(kind).into_iter().flatten();
        let listing = apps
            .iter()
            .filter(|app| app.mime_types.iter().any(|m| m == kind))
            .map(|app| &app.id);
        for id in chosen.chain(added).chain(listing) {
            let removed = choices.removed.get(kind).is_some_and(|r| r.contains(id));
            if !removed && !order.contains(id) {
                order.push(id.clone());
            }
        }
    }
    let mut by_id: HashMap<String, App> = apps.into_iter().map(|a| (a.id.clone(), a)).collect();
    order.iter().filter_map(|id| by_id.remove(id)).collect()
}

/// What the user chose in `mimeapps.list`: by MIME type, desktop-file ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Associations {
    defaults: HashMap<String, Vec<String>>,
    added: HashMap<String, Vec<String>>,
    removed: HashMap<String, Vec<String>>,
}

impl Associations {
    /// From the `mimeapps.list` files of this session, most important first.
    pub fn from_env(desktops: &[String]) -> Associations {
        let mut choices = Associations::default();
        for file in files(desktops) {
            if let Ok(text) = std::fs::read_to_string(&file) {
                choices.add(&text);
            }
        }
        choices
    }

    /// Adds one file's choices after those already read (which win).
    pub fn add(&mut self, text: &str) {
        let mut group = None;
        for line in text.lines().map(str::trim) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                group = match name {
                    "Default Applications" => Some(&mut self.defaults),
                    "Added Associations" => Some(&mut self.added),
                    "Removed Associations" => Some(&mut self.removed),
                    _ => None,
                };
                continue;
            }
            let (Some(group), Some((mime_type, ids))) =
                (group.as_deref_mut(), line.split_once('='))
            else {
                continue;
            };
            let known = group.entry(mime_type.trim().to_string()).or_default();
            for id in ids.split(';').map(str::trim).filter(|id| !id.is_empty()) {
                if !known.iter().any(|k| k == id) {
                    known.push(id.to_string());
                }
            }
        }
    }
}

/// Where `mimeapps.list` files are, most important first (the XDG MIME
/// applications spec): the config folders, then the data folders' `applications`,
/// each desktop's own file before the common one.
fn files(desktops: &[String]) -> Vec<PathBuf> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let home = std::env::home_dir();
    let config_home = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let config_dirs = var("XDG_CONFIG_DIRS").unwrap_or_else(|| "/etc/xdg".into());
    let data_home = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let data_dirs = var("XDG_DATA_DIRS").unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let folders = config_home
        .into_iter()
        .chain(config_dirs.split(':').map(PathBuf::from))
        .chain(
            data_home
                .into_iter()
                .chain(data_dirs.split(':').map(PathBuf::from))
                .map(|d| d.join("applications")),
        );
    let mut out = Vec::new();
    for folder in folders.filter(|f| f.is_absolute()) {
        for desktop in desktops {
            out.push(folder.join(format!("{}-mimeapps.list", desktop.to_lowercase())));
        }
        out.push(folder.join("mimeapps.list"));
    }
    out
}

#[cfg(test)]
mod tests;
