//! Writing files without losing anything: atomic replacement for skit's own state,
//! (with [`write_atomic_private`]) for files that hold secrets, and "keep the old
//! one" for files a user may have edited.
//!
//! Every write goes through a temporary file made by the `tempfile` crate in the
//! folder of the file it becomes: a dot file with a random name (the catalog skips
//! dot files; two writers never share one), created mode 0600 (a new file of
//! [`write_atomic`]: the mode `File::create` gives) and removed if anything fails
//! before it is in place. It gets the mode and owner it must have before its
//! first byte, is synced, renamed (or linked) into place, and the folder is
//! synced so the new name survives a power cut too.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Replaces `path` with `bytes` atomically: a crash leaves either the old or the new
/// content, never half of each. The temporary file lives in the same folder so the
/// final rename cannot cross file systems. A file already at `path` keeps its mode
/// (an executable script stays executable, a config.json a user made private stays
/// private) and, where the system allows it, its owner and group: the temporary
/// file gets them before the rename, so no moment shows the new content with
/// another mode. A new file gets the mode `File::create` would give it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existing = fs::metadata(path).ok();
    // A new file: 0666 less the umask, at creation, as `File::create` does.
    let tmp = temporary_beside(path, existing.is_none().then_some(0o666))?;
    if let Some(existing) = &existing {
        keep_owner(tmp.as_file(), existing)?;
        tmp.as_file().set_permissions(existing.permissions())?;
    }
    finish(tmp, path, bytes)
}

/// Creates `path` with `bytes` and `mode`, failing if it exists, so that it
/// appears whole or not at all: written and synced under a temporary name (a
/// dot file, which the catalog skips), then moved to `path` in a way that never
/// replaces a file that appeared meanwhile (a rename that refuses to replace, or a
/// hard link).
pub(crate) fn create_atomic(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut tmp = temporary_beside(path, None)?;
    // Not a mode at creation: the umask would take bits off.
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))?;
    // Through the `File`, whose errors are the system's (see `os_error`).
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => {}
        // A file system with neither (vfat without hard links): a rename, checked first.
        Err(e) if e.error.kind() != io::ErrorKind::AlreadyExists && !path.exists() => {
            e.file.persist(path).map_err(|e| e.error)?;
        }
        Err(e) => return Err(e.error),
    }
    sync_folder_of(path)
}

/// Replaces `path` with `bytes` atomically, as [`write_atomic`], in a file that is
/// mode 0600 from its first byte: the temporary file is created with that mode
/// (never made private after the fact), so a secret is never readable by others,
/// not even for a moment. The owner of a file already there is kept where the
/// system allows it. A symbolic link at `path` (a dotfiles repository) is
/// followed: its target is replaced, the link stays.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let existing = fs::metadata(&path).ok();
    let tmp = temporary_beside(&path, None)?;
    if let Some(existing) = &existing {
        keep_owner(tmp.as_file(), existing)?;
    }
    finish(tmp, &path, bytes)
}

/// A new temporary file in the folder of `path` (made if missing), named after it
/// (`.name.XXXXXX.tmp`), created with `mode` less the umask (`None`: 0600).
fn temporary_beside(path: &Path, mode: Option<u32>) -> io::Result<NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_of(path);
    fs::create_dir_all(dir)?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    if let Some(mode) = mode {
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    builder.tempfile_in(dir).map_err(os_error)
}

/// The error as the system gave it: tempfile adds the temporary file's name to the
/// errors of its own calls, which would hide the OS error (ENOSPC) from callers
/// that look at it and name a file the user never sees.
fn os_error(e: io::Error) -> io::Error {
    let code = e
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|source| source.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error);
    code.map_or(e, io::Error::from_raw_os_error)
}

/// Writes `bytes` into `tmp`, syncs it, renames it over `path` and syncs the folder.
fn finish(mut tmp: NamedTempFile, path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Through the `File`, whose errors are the system's (see `os_error`).
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_folder_of(path)
}

/// Gives `file` the owner and group of `existing` where it differs: root keeps a
/// user's file theirs, a user keeps the group of a shared file. Not allowed (a file
/// of someone else's that this user may write): the file becomes this user's, as
/// any editor's save does. Before the mode, which a change of owner may clear bits of.
fn keep_owner(file: &fs::File, existing: &fs::Metadata) -> io::Result<()> {
    let ours = file.metadata()?;
    if (ours.uid(), ours.gid()) == (existing.uid(), existing.gid()) {
        return Ok(());
    }
    let uid = (ours.uid() != existing.uid()).then_some(existing.uid());
    match std::os::unix::fs::fchown(file, uid, Some(existing.gid())) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// Syncs the folder `path` is in, so a rename into it is on disk. File systems that
/// cannot sync a folder say so with EINVAL: nothing more can be done there.
fn sync_folder_of(path: &Path) -> io::Result<()> {
    match fs::File::open(folder_of(path)).and_then(|dir| dir.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Moves `path` aside to the first free `path<suffix>`, `path<suffix>.1`, ... and
/// returns where it went. Used before replacing a file skit did not write itself.
pub fn move_aside(path: &Path, suffix: &str) -> io::Result<PathBuf> {
    let base = format!("{}{suffix}", path.display());
    let mut target = PathBuf::from(&base);
    let mut n = 1;
    while target.exists() {
        target = PathBuf::from(format!("{base}.{n}"));
        n += 1;
    }
    fs::rename(path, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn write_atomic_keeps_the_mode_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("script.sh");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o750)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o750);
    }

    #[test]
    fn write_atomic_gives_a_new_file_the_mode_file_create_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let created = dir.path().join("created");
        fs::File::create(&created).unwrap();
        let path = dir.path().join("new.json");
        write_atomic(&path, b"{}").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), mode(&created));
    }

    #[test]
    fn write_atomic_keeps_the_owner_where_allowed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.conf");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let ours = fs::metadata(&path).unwrap();
        // Only root may give a file away; as another user the write must still work.
        let given = std::os::unix::fs::chown(&path, Some(4242), Some(4243)).is_ok();
        write_atomic(&path, b"new").unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(meta.permissions().mode() & 0o7777, 0o644);
        if given {
            assert_eq!((meta.uid(), meta.gid()), (4242, 4243));
            write_atomic_private(&path, b"secret").unwrap();
            let meta = fs::metadata(&path).unwrap();
            assert_eq!((meta.uid(), meta.gid()), (4242, 4243));
            assert_eq!(meta.permissions().mode() & 0o7777, 0o600);
        } else {
            assert_eq!((meta.uid(), meta.gid()), (ours.uid(), ours.gid()));
        }
    }

    #[test]
    fn writers_of_one_file_at_once_never_share_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::thread::scope(|scope| {
            for t in 0..4 {
                let path = &path;
                scope.spawn(move || {
                    for i in 0..50 {
                        let text = format!("writer {t} write {i} {}", "x".repeat(4000));
                        write_atomic(path, text.as_bytes()).unwrap();
                    }
                });
            }
        });
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("writer ") && text.ends_with(&"x".repeat(4000)));
        assert_eq!(text.len(), "writer 0 write 49 ".len() + 4000);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_atomic_never_replaces_and_sets_the_whole_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sh");
        create_atomic(&path, b"one", 0o755).unwrap();
        let err = create_atomic(&path, b"two", 0o755).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o755);
        // No temporary file is left.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn private_files_are_0600_and_links_are_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/env");
        write_atomic_private(&path, b"A=1\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A file made readable by others is private again after a write.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic_private(&path, b"A=2\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read_dir(dir.path().join("sub")).unwrap().count(), 1);
        let target = dir.path().join("dotfiles-env");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic_private(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn move_aside_never_overwrites_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "first").unwrap();
        let a = move_aside(&path, ".bak").unwrap();
        fs::write(&path, "second").unwrap();
        let b = move_aside(&path, ".bak").unwrap();
        assert_ne!(a, b);
        assert_eq!(fs::read_to_string(a).unwrap(), "first");
        assert_eq!(fs::read_to_string(b).unwrap(), "second");
    }
}
