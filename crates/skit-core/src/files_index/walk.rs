//! Walking roots for the index with the `ignore` crate, on several threads:
//! hidden entries, ignore files (`.gitignore` inside a repository or not,
//! `.ignore`, git's global excludes) and the configured exclusions leave entries
//! out; symbolic links are indexed, never followed.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

use super::filter::exclusions;
use super::{Index, Kind, Settings};

/// Walks every root of `settings`.
pub fn build(settings: &Settings) -> Index {
    let roots: Vec<&Path> = settings.roots.iter().map(PathBuf::as_path).collect();
    walk(&roots, settings).collect()
}

/// Walks `roots` (the roots, or a folder that just appeared) and returns what
/// belongs in the index, the roots themselves left out.
pub fn walk(roots: &[&Path], settings: &Settings) -> impl Iterator<Item = (PathBuf, Kind)> {
    let (sender, entries) = mpsc::channel();
    let Some((first, rest)) = roots.split_first() else {
        return entries.into_iter();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    let exclude = exclusions(settings);
    builder
        .hidden(true)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !exclude
                .matched_path_or_any_parents(entry.path(), is_dir)
                .is_ignore()
        });
    builder.build_parallel().run(|| {
        let sender = sender.clone();
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return WalkState::Continue;
            };
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            let kind = match entry.file_type() {
                Some(t) if t.is_dir() => Kind::Folder,
                _ => Kind::File,
            };
            if sender.send((entry.into_path(), kind)).is_err() {
                return WalkState::Quit;
            }
            WalkState::Continue
        })
    });
    drop(sender);
    entries.into_iter()
}
