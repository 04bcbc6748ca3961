//! Whether a path belongs in the index, for what the kernel reports after the
//! first walk: the same rules the walk applies (hidden entries, the configured
//! exclusions, `.gitignore` and `.ignore` files in the folders from the root down),
//! asked one path at a time. The ignore files read are kept per folder, and read
//! again when one of them changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::Settings;

/// The files in a folder whose rules apply to what is under it.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

pub struct Filter {
    roots: Vec<PathBuf>,
    exclude: Gitignore,
    /// The rules of each folder's ignore files (`None`: it has none).
    folders: HashMap<PathBuf, Option<Arc<Gitignore>>>,
}

/// The configured exclusions as one matcher over absolute paths.
pub(crate) fn exclusions(settings: &Settings) -> Gitignore {
    let mut builder = GitignoreBuilder::new("/");
    for pattern in &settings.exclude {
        if let Err(e) = builder.add_line(None, pattern) {
            tracing::warn!("files.exclude: {pattern:?} is not a pattern: {e}");
        }
    }
    builder.build().unwrap_or_else(|e| {
        tracing::warn!("files.exclude: {e}");
        Gitignore::empty()
    })
}

impl Filter {
    pub fn new(settings: &Settings) -> Filter {
        Filter {
            roots: settings.roots.clone(),
            exclude: exclusions(settings),
            folders: HashMap::new(),
        }
    }

    /// Whether `path` (a folder when `is_dir`) belongs in the index.
    pub fn allows(&mut self, path: &Path, is_dir: bool) -> bool {
        let Some(root) = self
            .roots
            .iter()
            .filter(|r| path.starts_with(r) && path != r.as_path())
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
        else {
            return false;
        };
        let hidden = path
            .strip_prefix(&root)
            .into_iter()
            .flat_map(|rest| rest.components())
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
        if hidden
            || self
                .exclude
                .matched_path_or_any_parents(path, is_dir)
                .is_ignore()
        {
            return false;
        }
        // The deepest folder's rules first: the first that says something decides.
        for folder in path.ancestors().skip(1) {
            if !folder.starts_with(&root) {
                break;
            }
            if let Some(rules) = self.rules(folder) {
                let matched = rules.matched_path_or_any_parents(path, is_dir);
                if matched.is_ignore() {
                    return false;
                }
                if matched.is_whitelist() {
                    return true;
                }
            }
        }
        true
    }

    /// An ignore file at `path` changed: its folder's rules are read again.
    pub fn forget_rules(&mut self, path: &Path) {
        if let (Some(folder), Some(name)) = (path.parent(), path.file_name())
            && IGNORE_FILES.iter().any(|f| name == *f)
        {
            self.folders.remove(folder);
        }
    }

    fn rules(&mut self, folder: &Path) -> Option<Arc<Gitignore>> {
        self.folders
            .entry(folder.to_path_buf())
            .or_insert_with(|| {
                let files: Vec<PathBuf> = IGNORE_FILES
                    .iter()
                    .map(|f| folder.join(f))
                    .filter(|f| f.is_file())
                    .collect();
                if files.is_empty() {
                    return None;
                }
                let mut builder = GitignoreBuilder::new(folder);
                for file in &files {
                    builder.add(file);
                }
                builder.build().ok().map(Arc::new)
            })
            .clone()
    }
}
