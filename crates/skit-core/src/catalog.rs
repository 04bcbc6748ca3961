//! The script catalog: every runnable script in the scripts folder, with its
//! metadata. No gpui here; the launcher and the CLI both read the catalog this way.
//!
//! A script is a regular file in the folder or in one level of subfolders (the
//! subfolder is its group). Files skit cannot run are skipped quietly; files that
//! are broken (unreadable, binary, non-UTF-8 names, symlink loops) are skipped with
//! a warning each, and everything else still loads.

pub(crate) mod metadata;
pub mod watch;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::launch::{Interpreters, launch_for};
pub use metadata::Metadata;

/// How much of a file is read to find its `#!` line and metadata header.
const HEAD_BYTES: u64 = 16 * 1024;

/// One script the user can run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// Absolute path of the file.
    pub path: PathBuf,
    /// File name with extension, e.g. `open-github.sh`.
    pub file_name: String,
    /// The `Name:` header, or the file name made readable.
    pub name: String,
    /// The subfolder the script lives in, if any.
    pub group: Option<String>,
    pub metadata: Metadata,
}

impl Script {
    pub fn description(&self) -> Option<&str> {
        self.metadata.description.as_deref()
    }

    pub fn shortcut(&self) -> Option<&str> {
        self.metadata.shortcut.as_deref()
    }

    /// Who wrote it: a script command's `@raycast.author`, else an `Author:`
    /// comment (Script Kit's).
    pub fn author(&self) -> Option<&str> {
        self.raycast()
            .and_then(|raycast| raycast.author.as_deref())
            .or_else(|| self.metadata.other.get("author").map(String::as_str))
    }

    pub fn alias(&self) -> Option<&str> {
        self.metadata.alias.as_deref()
    }

    /// The `Keyword:` header, as written.
    pub fn keyword(&self) -> Option<&str> {
        self.metadata.keyword.as_deref()
    }

    /// The `Schedule:` header, as written.
    pub(crate) fn schedule(&self) -> Option<&str> {
        self.metadata.schedule.as_deref()
    }

    /// The `Watch:` header, as written.
    pub(crate) fn watch(&self) -> Option<&str> {
        self.metadata.watch.as_deref()
    }

    /// `Background: true`.
    pub fn background(&self) -> bool {
        self.metadata.background
    }

    /// A Raycast script command's headers, if it is one.
    pub fn raycast(&self) -> Option<&crate::raycast::Raycast> {
        self.metadata.raycast.as_deref()
    }

    /// The row's tag: a script command's `packageName`, else its folder.
    pub fn tag(&self) -> Option<&str> {
        self.raycast()
            .and_then(|r| r.package_name.as_deref())
            .or(self.group.as_deref())
    }

    /// Whether something other than the user starts it (Schedule, Watch,
    /// Background): such runs are logged.
    pub fn is_triggered(&self) -> bool {
        self.schedule().is_some() || self.watch().is_some() || self.background()
    }
}

/// The result of reading a scripts folder.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Scripts to show, sorted by path. Scripts with `Exclude: true` are not here.
    pub scripts: Vec<Script>,
    /// One line per file that was skipped for a reason the user should know.
    pub(crate) warnings: Vec<String>,
}

impl Catalog {
    /// Reads `dir` (which should exist; a missing folder is an empty catalog with a
    /// warning). Each warning is also logged.
    pub fn load(dir: &Path, interpreters: &Interpreters) -> Catalog {
        let mut catalog = Catalog::default();
        catalog.scan(dir, None, interpreters);
        catalog.scripts.sort_by(|a, b| a.path.cmp(&b.path));
        for warning in &catalog.warnings {
            tracing::warn!("{warning}");
        }
        catalog
    }

    /// Finds a script by exact name (case-insensitive), alias, file name or path.
    pub fn find(&self, wanted: &str) -> Option<&Script> {
        find(&self.scripts, wanted)
    }

    fn scan(&mut self, dir: &Path, group: Option<&str>, interpreters: &Interpreters) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.warn(dir, &format!("cannot read the folder: {e}"));
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.warn(dir, &format!("cannot list an entry: {e}"));
                    continue;
                }
            };
            let path = entry.path();
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                self.warn(
                    &path,
                    "the file name is not valid UTF-8; rename it to load it",
                );
                continue;
            };
            if file_name.starts_with('.') || is_backup(&file_name) {
                continue;
            }
            // Follows symlinks, so a loop or a dangling link shows up as an error here.
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    self.warn(&path, &format!("cannot be read ({e})"));
                    continue;
                }
            };
            if meta.is_dir() {
                if group.is_none() {
                    self.scan(&path, Some(&file_name), interpreters);
                }
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            match read_script(&path, &file_name, group, interpreters) {
                Ok(Some(script)) if !script.metadata.exclude => self.scripts.push(script),
                Ok(_) => {}
                Err(reason) => self.warn(&path, &reason),
            }
        }
    }

    fn warn(&mut self, path: &Path, reason: &str) {
        self.warnings
            .push(format!("skipping {}: {reason}", path.display()));
    }
}

/// Finds a script by exact name (case-insensitive), then alias, file name, file
/// stem or path.
pub fn find<'a>(scripts: &'a [Script], wanted: &str) -> Option<&'a Script> {
    let lower = wanted.to_lowercase();
    scripts
        .iter()
        .find(|s| s.name.to_lowercase() == lower)
        .or_else(|| {
            scripts.iter().find(|s| {
                s.alias().is_some_and(|a| a.to_lowercase() == lower)
                    || s.file_name == wanted
                    || s.path.file_stem().is_some_and(|stem| stem == wanted)
                    || s.path == Path::new(wanted)
            })
        })
}

fn is_backup(file_name: &str) -> bool {
    file_name.ends_with('~')
        || [".swp", ".swo", ".swx", ".bak", ".orig", ".tmp", ".corrupt"]
            .iter()
            .any(|ext| file_name.ends_with(ext))
}

/// Reads one file's head. `Ok(None)`: not a script (quietly skipped).
fn read_script(
    path: &Path,
    file_name: &str,
    group: Option<&str>,
    interpreters: &Interpreters,
) -> Result<Option<Script>, String> {
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .map_err(|e| format!("cannot be read ({e})"))?;
    if launch_for(path, &head, interpreters).is_none() {
        return Ok(None);
    }
    if head.contains(&0) {
        return Err("looks like a binary file, not a script".to_string());
    }
    let text = String::from_utf8_lossy(&head);
    let metadata = Metadata::parse(&text);
    // Raycast's templates (`script-command.template.sh`) are not commands.
    if metadata.raycast.is_some() && crate::raycast::is_template(file_name) {
        return Ok(None);
    }
    let name = metadata
        .name
        .clone()
        .unwrap_or_else(|| metadata::name_from_file(file_name));
    Ok(Some(Script {
        path: path.to_path_buf(),
        file_name: file_name.to_string(),
        name,
        group: group.map(str::to_string),
        metadata,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn loads_scripts_and_groups_and_skips_what_is_not_a_script() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "open-github.sh", "echo hi");
        write(d, "notes.txt", "not a script");
        write(d, "tool", "#!/bin/sh\n# Name: Tool\n");
        write(d, ".hidden.sh", "echo");
        write(d, "backup.sh~", "echo");
        write(d, "edit.sh.swp", "echo");
        write(d, "git/status.py", "# Description: Git status\nprint(1)");
        write(d, "git/deep/too-deep.sh", "echo");
        write(d, "secret.sh", "# Exclude: true\n");
        write(
            d,
            "raycast/hello.template.sh",
            "# @raycast.schemaVersion 1\n# @raycast.title Template\n",
        );
        let catalog = Catalog::load(d, &Interpreters::default());
        let names: Vec<_> = catalog.scripts.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Status", "Open Github", "Tool"]);
        assert_eq!(catalog.scripts[0].group.as_deref(), Some("git"));
        assert_eq!(catalog.scripts[0].description(), Some("Git status"));
        assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    }

    #[test]
    fn bad_files_warn_and_the_rest_load() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "good.sh", "# Name: Good\n");
        fs::write(d.join("binary.sh"), b"\x7fELF\0\0\0\x01").unwrap();
        let bad_name = std::ffi::OsStr::from_bytes(b"bad-\xff.sh");
        fs::write(d.join(bad_name), "echo").unwrap();
        std::os::unix::fs::symlink("loop-b.sh", d.join("loop-a.sh")).unwrap();
        std::os::unix::fs::symlink("loop-a.sh", d.join("loop-b.sh")).unwrap();
        std::os::unix::fs::symlink("missing.sh", d.join("dangling.sh")).unwrap();
        let catalog = Catalog::load(d, &Interpreters::default());
        assert_eq!(catalog.scripts.len(), 1);
        assert_eq!(catalog.scripts[0].name, "Good");
        let warnings = catalog.warnings.join("\n");
        assert_eq!(catalog.warnings.len(), 5, "{warnings}");
        assert!(warnings.contains("binary"), "{warnings}");
        assert!(warnings.contains("not valid UTF-8"), "{warnings}");
        assert!(warnings.contains("loop-a.sh"), "{warnings}");
        assert!(warnings.contains("dangling.sh"), "{warnings}");
    }

    #[test]
    fn find_by_name_alias_or_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "open-github.sh", "# Alias: gh\n");
        let catalog = Catalog::load(dir.path(), &Interpreters::default());
        assert!(catalog.find("open github").is_some());
        assert!(catalog.find("gh").is_some());
        assert!(catalog.find("open-github.sh").is_some());
        assert!(catalog.find("open-github").is_some());
        assert!(catalog.find("nope").is_none());
    }
}
