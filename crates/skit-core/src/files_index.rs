//! The index of the user's files behind "Search Files": every file and folder under
//! the configured roots (the home folder by default) that a person would look for.
//! Hidden entries, what `.gitignore` (and `.ignore`) files leave out and the
//! configured exclusions (build and cache folders by default) are not in it.
//!
//! - [`walk`]: the first build, with the `ignore` crate, on several threads.
//! - [`live`]: the thread that owns the index afterwards. It loads the stored index
//!   (or walks once), watches every indexed folder with inotify (one watch per
//!   folder, never a rescan), applies what the kernel reports, and stores the index
//!   again a little after the last change. It waits on the kernel in between, so a
//!   hidden launcher does no work.
//! - This file: the index itself, its settings and its file
//!   (`~/.local/state/skit/files.index`): a first line naming the format, a second
//!   with the settings it was built with (JSON), then one entry a line, `f` or `d`,
//!   a tab and the absolute path. An index built with other settings is not used.

mod filter;
pub mod live;
pub mod walk;
mod watch;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use filter::Filter;
pub use live::LiveIndex;

/// Folders left out by default, anywhere under a root (gitignore syntax).
pub const DEFAULT_EXCLUDE: [&str; 8] = [
    "node_modules/",
    "target/",
    "build/",
    "dist/",
    "__pycache__/",
    "venv/",
    "site-packages/",
    "*.pyc",
];

/// The first line of the index file.
const FORMAT: &str = "skit-files-index 1";

/// `files` in the config file.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct FilesConfig {
    /// The folders indexed (`~` is the home folder); `[]` turns the index off.
    pub roots: Vec<String>,
    /// What is left out, in gitignore syntax (`node_modules/`, `*.iso`,
    /// `~/Videos`). Replaces the default list.
    pub exclude: Vec<String>,
}

impl Default for FilesConfig {
    fn default() -> Self {
        FilesConfig {
            roots: vec!["~".into()],
            exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// What an index is built from: absolute roots and the exclusions.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Settings {
    pub roots: Vec<PathBuf>,
    pub exclude: Vec<String>,
}

impl Settings {
    /// The settings of `config`, `~` being `home`. Roots that do not exist are kept
    /// (they are simply empty).
    pub fn from_config(config: &FilesConfig, home: &Path) -> Settings {
        let expand = |s: &str| -> String {
            if s == "~" {
                home.to_string_lossy().into_owned()
            } else if let Some(rest) = s.strip_prefix("~/") {
                home.join(rest).to_string_lossy().into_owned()
            } else {
                s.to_string()
            }
        };
        Settings {
            roots: config
                .roots
                .iter()
                .map(|r| PathBuf::from(expand(r)))
                .filter(|r| r.is_absolute())
                .collect(),
            exclude: config.exclude.iter().map(|e| expand(e)).collect(),
        }
    }
}

/// A file or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
}

/// The indexed paths, sorted so that a folder's entries follow it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    entries: BTreeMap<PathBuf, Kind>,
}

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.entries.contains_key(path)
    }

    pub fn kind(&self, path: &Path) -> Option<Kind> {
        self.entries.get(path).copied()
    }

    /// Every entry, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, Kind)> {
        self.entries.iter().map(|(p, k)| (p.as_path(), *k))
    }

    /// The indexed folders (each has a watch).
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.iter()
            .filter(|(_, k)| *k == Kind::Folder)
            .map(|(p, _)| p)
    }

    /// Adds `path`; whether it is new.
    pub fn insert(&mut self, path: PathBuf, kind: Kind) -> bool {
        self.entries.insert(path, kind) != Some(kind)
    }

    /// Removes `path` and, for a folder, everything under it; how many went.
    pub fn remove_tree(&mut self, path: &Path) -> usize {
        let gone: Vec<PathBuf> = self
            .entries
            .range(path.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in &gone {
            self.entries.remove(p);
        }
        gone.len()
    }

    /// The index file's bytes for an index built with `settings`.
    pub fn to_bytes(&self, settings: &Settings) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 64);
        out.extend_from_slice(FORMAT.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(
            serde_json::to_string(settings)
                .unwrap_or_default()
                .as_bytes(),
        );
        out.push(b'\n');
        for (path, kind) in &self.entries {
            let bytes = path.as_os_str().as_bytes();
            if bytes.contains(&b'\n') {
                continue; // cannot be a line; such names are not searched
            }
            out.push(match kind {
                Kind::File => b'f',
                Kind::Folder => b'd',
            });
            out.push(b'\t');
            out.extend_from_slice(bytes);
            out.push(b'\n');
        }
        out
    }

    /// The index in `bytes` if it was built with `settings`.
    pub fn from_bytes(bytes: &[u8], settings: &Settings) -> Option<Index> {
        let mut lines = bytes.split(|b| *b == b'\n');
        if lines.next()? != FORMAT.as_bytes() {
            return None;
        }
        let stored: Settings = serde_json::from_slice(lines.next()?).ok()?;
        if stored != *settings {
            return None;
        }
        let mut entries = BTreeMap::new();
        for line in lines {
            let (kind, path) = match line {
                [] => continue,
                [b'f', b'\t', path @ ..] => (Kind::File, path),
                [b'd', b'\t', path @ ..] => (Kind::Folder, path),
                _ => return None,
            };
            let path = PathBuf::from(std::ffi::OsStr::from_bytes(path));
            entries.insert(path, kind);
        }
        Some(Index { entries })
    }

    /// Stores the index at `file` (atomically).
    pub fn save(&self, file: &Path, settings: &Settings) -> io::Result<()> {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        crate::files::write_atomic(file, &self.to_bytes(settings))
    }

    /// The index stored at `file`, if there is one built with `settings`.
    pub fn load(file: &Path, settings: &Settings) -> Option<Index> {
        Index::from_bytes(&std::fs::read(file).ok()?, settings)
    }
}

impl FromIterator<(PathBuf, Kind)> for Index {
    fn from_iter<I: IntoIterator<Item = (PathBuf, Kind)>>(iter: I) -> Self {
        Index {
            entries: iter.into_iter().collect(),
        }
    }
}

/// Where `path`'s folder is, as shown under its name: from `~` when it is in
/// `home`.
pub fn display_folder(path: &Path, home: &Path) -> String {
    let Some(parent) = path.parent() else {
        return String::new();
    };
    match parent.strip_prefix(home) {
        Ok(rest) if rest.as_os_str().is_empty() => "~".into(),
        Ok(rest) => format!("~/{}", rest.display()),
        Err(_) => parent.display().to_string(),
    }
}
