//! Folders for the `path` prompt: what a folder lists (folders first), what the
//! preview pane says about an entry, and how a typed path is followed (`~/`, `/`,
//! `src/`, `../`). No gpui: the prompt calls these on a background thread, and
//! tests call them directly.
//!
//! Nothing here fails loudly: a folder that cannot be read gives a listing with
//! a `problem` the prompt shows as a row; a file that cannot be read gives a
//! preview saying so.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Entries listed at most; a bigger folder says how many were left out.
pub(crate) const MAX_ENTRIES: usize = 20_000;
/// Bytes of a file read for its preview, and the lines shown of them.
const PREVIEW_BYTES: usize = 16 * 1024;
const PREVIEW_LINES: usize = 60;
/// Names a folder's preview shows.
const PREVIEW_NAMES: usize = 30;

/// One entry of a folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    /// A folder, or a link to one.
    pub is_dir: bool,
}

impl Entry {
    /// The name as listed: folders end with `/`.
    pub fn label(&self) -> String {
        if self.is_dir {
            format!("{}/", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// What a folder holds, as the prompt lists it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub folder: PathBuf,
    pub entries: Vec<Entry>,
    /// Why the folder could not be read (whole or in part), for the user.
    pub problem: Option<String>,
}

/// The entries of `folder`: folders first, then by name (case-insensitive);
/// names starting with a dot only with `show_hidden`, files only without
/// `only_dirs`. Names that are not UTF-8 are skipped (a script could not be given
/// them as text).
pub fn list(folder: &Path, show_hidden: bool, only_dirs: bool) -> Listing {
    let mut listing = Listing {
        folder: folder.to_path_buf(),
        ..Listing::default()
    };
    let read = match std::fs::read_dir(folder) {
        Ok(read) => read,
        Err(e) => {
            listing.problem = Some(format!("Cannot read this folder: {}", reason(&e)));
            return listing;
        }
    };
    let mut more = 0;
    for entry in read.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with('.') && !show_hidden {
            continue;
        }
        let path = entry.path();
        // Follows links: a link to a folder is entered like one.
        let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if only_dirs && !is_dir {
            continue;
        }
        if listing.entries.len() == MAX_ENTRIES {
            more += 1;
            continue;
        }
        listing.entries.push(Entry { name, path, is_dir });
    }
    if more > 0 {
        listing.problem = Some(format!(
            "{more} more entries are not listed; type a path to go further"
        ));
    }
    listing
        .entries
        .sort_by_cached_key(|e| (!e.is_dir, e.name.to_lowercase()));
    listing
}

/// The markdown the preview pane shows for `path`: a folder's entry count and
/// first names, a text file's first lines, or what kind of file it is.
pub fn preview(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return format!("**{}**\n\nCannot read it: {}", escape(&name), reason(&e)),
    };
    if meta.is_dir() {
        return folder_preview(path, &name);
    }
    let title = format!("**{}** · {}", escape(&name), size(meta.len()));
    let mut head = Vec::with_capacity(PREVIEW_BYTES);
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(PREVIEW_BYTES as u64).read_to_end(&mut head));
    if let Err(e) = read {
        return format!("{title}\n\nCannot read it: {}", reason(&e));
    }
    if head.is_empty() {
        return format!("{title}\n\nAn empty file.");
    }
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        // Cut in the middle of a character at the end of what was read.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).expect("valid up to there")
        }
        Err(_) => return format!("{title}\n\nA binary file."),
    };
    if text.contains('\0') {
        return format!("{title}\n\nA binary file.");
    }
    let lines: Vec<&str> = text.lines().take(PREVIEW_LINES).collect();
    code_block(&title, &lines.join("\n"))
}

fn folder_preview(path: &Path, name: &str) -> String {
    let title = format!("**{}/**", escape(name));
    let listing = list(path, true, false);
    if let Some(problem) = listing.problem.filter(|_| listing.entries.is_empty()) {
        return format!("{title}\n\n{problem}");
    }
    let folders = listing.entries.iter().filter(|e| e.is_dir).count();
    let files = listing.entries.len() - folders;
    let count = format!(
        "{} · {folders} folder{}, {files} file{}",
        entries(listing.entries.len()),
        if folders == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
    );
    if listing.entries.is_empty() {
        return format!("{title}\n\nAn empty folder.");
    }
    let mut names: Vec<String> = listing
        .entries
        .iter()
        .take(PREVIEW_NAMES)
        .map(Entry::label)
        .collect();
    if listing.entries.len() > PREVIEW_NAMES {
        names.push("…".into());
    }
    code_block(&format!("{title} · {count}"), &names.join("\n"))
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

/// `title`, then `text` in a fenced code block whose fence no line of it closes.
fn code_block(title: &str, text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{title}\n\n{fence}\n{text}\n{fence}")
}

/// Markdown punctuation in a name shown as text.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if "\\`*_[]<>#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An I/O error as a user reads it: "permission denied", not "Permission denied
/// (os error 13)".
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        _ => e.to_string(),
    }
}

/// A size as people read it: 980 B, 12.3 KB, 4.0 MB.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.;
    let mut unit = 0;
    while value >= 1000. && unit < UNITS.len() - 1 {
        value /= 1000.;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The home folder (`/` when there is none).
pub fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_else(|| PathBuf::from("/"))
}

/// Where a `path` prompt starts: `start` (`~` expanded, relative to `base`), or
/// the home folder; the nearest folder that exists when it does not, and the
/// folder holding it when it names a file.
pub fn start_folder(start: Option<&str>, base: &Path) -> PathBuf {
    let wanted = match start.filter(|s| !s.is_empty()) {
        Some(start) => resolve(base, start),
        None => home(),
    };
    let mut folder = wanted.as_path();
    loop {
        if folder.is_dir() {
            return folder.to_path_buf();
        }
        match folder.parent() {
            Some(parent) => folder = parent,
            None => return PathBuf::from("/"),
        }
    }
}

/// `typed` (`~`, `~/x`, `/x`, `x`, `../x`) as an absolute path from `folder`,
/// with `.` and `..` taken away (links are not resolved: `..` goes back the way
/// the user came).
pub fn resolve(folder: &Path, typed: &str) -> PathBuf {
    let joined = if typed == "~" {
        home()
    } else if let Some(rest) = typed.strip_prefix("~/") {
        home().join(rest)
    } else {
        folder.join(typed)
    };
    normalize(&joined)
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

/// A typed query that starts with a path to a folder that exists (`~/`, `/etc/`,
/// `src/`, `../`): that folder, and what is typed after its last `/` (the filter
/// to keep). `None` when the query has no `/` or its folder part is not a folder.
pub fn follow(folder: &Path, typed: &str) -> Option<(PathBuf, String)> {
    let slash = typed.rfind('/')?;
    let (head, rest) = typed.split_at(slash + 1);
    let target = resolve(folder, head);
    target.is_dir().then(|| (target, rest.to_string()))
}

/// `path` for people: `~/projects` under the home folder, else as it is.
pub fn display(path: &Path) -> String {
    let home = home();
    match path.strip_prefix(&home) {
        Ok(rest) if home != Path::new("/") => {
            if rest.as_os_str().is_empty() {
                "~".into()
            } else {
                format!("~/{}", rest.display())
            }
        }
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/deep")).unwrap();
        fs::create_dir(dir.path().join("Docs")).unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join("b.txt"), "hello\nworld\n").unwrap();
        fs::write(dir.path().join("A.md"), "# Title\n").unwrap();
        fs::write(dir.path().join(".hidden"), "").unwrap();
        fs::write(dir.path().join("blob.bin"), [0u8, 159, 146, 150]).unwrap();
        std::os::unix::fs::symlink(dir.path().join("src"), dir.path().join("link")).unwrap();
        dir
    }

    fn labels(listing: &Listing) -> Vec<String> {
        listing.entries.iter().map(Entry::label).collect()
    }

    #[test]
    fn folders_first_hidden_only_when_asked() {
        let dir = tree();
        let listing = list(dir.path(), false, false);
        assert_eq!(
            labels(&listing),
            ["Docs/", "link/", "src/", "A.md", "b.txt", "blob.bin"]
        );
        assert_eq!(listing.problem, None);
        assert_eq!(
            labels(&list(dir.path(), true, true)),
            [".git/", "Docs/", "link/", "src/"]
        );
    }

    #[test]
    fn an_unreadable_folder_is_a_problem_not_an_error() {
        let listing = list(Path::new("/no/such/folder"), false, false);
        assert!(listing.entries.is_empty());
        assert_eq!(
            listing.problem.as_deref(),
            Some("Cannot read this folder: it does not exist")
        );
    }

    #[test]
    fn previews_say_what_an_entry_is() {
        let dir = tree();
        let text = preview(&dir.path().join("b.txt"));
        assert!(
            text.starts_with("**b.txt** · 12 B\n\n```\nhello\nworld\n```"),
            "{text}"
        );
        assert!(preview(&dir.path().join("blob.bin")).ends_with("A binary file."));
        assert!(preview(&dir.path().join(".hidden")).ends_with("An empty file."));
        let folder = preview(&dir.path().join("src"));
        assert!(
            folder.starts_with("**src/** · 1 entry · 1 folder, 0 files"),
            "{folder}"
        );
        assert!(folder.contains("deep/"), "{folder}");
        let missing = preview(&dir.path().join("gone"));
        assert!(
            missing.ends_with("Cannot read it: it does not exist"),
            "{missing}"
        );
        assert_eq!(code_block("t", "a ``` b"), "t\n\n````\na ``` b\n````");
    }

    #[test]
    fn typed_paths_are_followed_when_their_folder_exists() {
        let dir = tree();
        let root = dir.path();
        assert_eq!(
            follow(root, "src/"),
            Some((root.join("src"), String::new()))
        );
        assert_eq!(
            follow(root, "src/de"),
            Some((root.join("src"), "de".to_string()))
        );
        assert_eq!(
            follow(&root.join("src"), "../Do"),
            Some((root.to_path_buf(), "Do".to_string()))
        );
        assert_eq!(follow(root, "/"), Some((PathBuf::from("/"), String::new())));
        assert_eq!(follow(root, "~/"), Some((home(), String::new())));
        assert_eq!(follow(root, "nope/"), None);
        assert_eq!(follow(root, "b.txt/"), None);
        assert_eq!(follow(root, "plain"), None);
    }

    #[test]
    fn the_start_folder_is_the_nearest_that_exists() {
        let dir = tree();
        let root = dir.path();
        assert_eq!(start_folder(None, root), home());
        assert_eq!(start_folder(Some("src/deep"), root), root.join("src/deep"));
        assert_eq!(start_folder(Some("src/gone/away"), root), root.join("src"));
        assert_eq!(start_folder(Some("b.txt"), root), root.to_path_buf());
        assert_eq!(display(&home().join("x")), "~/x");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(12_345), "12.3 KB");
    }
}
