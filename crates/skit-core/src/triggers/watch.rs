//! `Watch:` headers: which files a script watches, and how raw file changes become
//! one debounced [`WatchEvent`] per path ([`Debouncer`]). The thread around it is
//! `watcher.rs`. Not here: starting the runs.
//!
//! The value is one or more globs separated by commas, e.g.
//! `Watch: ~/Downloads/*.pdf, ~/Desktop/*.{png,jpg}`. Commas, because folder names
//! often have spaces (`~/My Documents/*.odt`) and rarely commas; a comma inside `{}`
//! or `[]`, or written `\,`, belongs to the glob. `~` is the home folder, a relative
//! glob is relative to the script's folder, `*` and `?` stay within one folder and
//! `**` crosses folders. A plain folder (`~/Downloads`) means the files in it.
//!
//! Each glob watches the deepest folder above its first wildcard, recursively only
//! when the wildcard part spans folders. Raw events for one path within
//! [`DEBOUNCE`] of each other are coalesced into one event, the delay restarting at
//! each: created then changed is `add`, created then removed is nothing, removed
//! then created is `change`. A file replaced by a rename over it (an editor's
//! atomic save) is reported as `add`, as nothing says it existed before. Metadata
//! changes (chmod, touch) are not changes.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use globset::{GlobBuilder, GlobMatcher};

/// Quiet time after the last raw event for a path before its event is sent.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(200);
/// Paths waiting out their delay at once; beyond it, new paths are dropped (an
/// archive unpacking thousands of matching files).
const MAX_PENDING: usize = 10_000;

/// What happened to a watched path, as the script sees it in `argv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum WatchKind {
    Add,
    Change,
    Remove,
}

impl WatchKind {
    /// `add`, `change` or `remove`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WatchKind::Add => "add",
            WatchKind::Change => "change",
            WatchKind::Remove => "remove",
        }
    }
}

impl fmt::Display for WatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One debounced change to a path that a script watches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WatchEvent {
    pub(crate) script: u64,
    pub(crate) path: PathBuf,
    pub(crate) kind: WatchKind,
}

/// One glob of a `Watch:` value, resolved to an absolute pattern.
#[derive(Clone, Debug)]
pub(crate) struct WatchGlob {
    base: PathBuf,
    recursive: bool,
    matcher: GlobMatcher,
}

impl WatchGlob {
    /// The folder that is watched for it.
    pub(crate) fn base(&self) -> &Path {
        &self.base
    }

    pub(crate) fn recursive(&self) -> bool {
        self.recursive
    }

    pub(crate) fn matches(&self, path: &Path) -> bool {
        self.matcher.is_match(path)
    }
}

/// Parses a `Watch:` value for a script in `script_dir`. `home` expands `~`.
pub(crate) fn parse_watch(
    value: &str,
    script_dir: &Path,
    home: Option<&Path>,
) -> Result<Vec<WatchGlob>, String> {
    let globs = split_globs(value)
        .iter()
        .map(|item| resolve(item, script_dir, home))
        .collect::<Result<Vec<_>, _>>()?;
    if globs.is_empty() {
        return Err("Watch: no glob given; write e.g. `Watch: ~/Downloads/*.pdf`".into());
    }
    Ok(globs)
}

/// Splits at commas outside `{}` and `[]`; `\` keeps the next character.
fn split_globs(value: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let (mut braces, mut brackets, mut escaped) = (0usize, false, false);
    for c in value.chars() {
        let item = items.last_mut().expect("never empty");
        if escaped {
            escaped = false;
            // A `\,` only protects the comma from the split; the glob sees a comma.
            if c != ',' {
                item.push('\\');
            }
            item.push(c);
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => brackets = true,
            ']' => brackets = false,
            '{' if !brackets => braces += 1,
            '}' if !brackets => braces = braces.saturating_sub(1),
            ',' if braces == 0 && !brackets => {
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        if c != '\\' {
            item.push(c);
        }
    }
    if escaped {
        items.last_mut().expect("never empty").push('\\');
    }
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

fn resolve(item: &str, script_dir: &Path, home: Option<&Path>) -> Result<WatchGlob, String> {
    let fail = |why: &str| format!("Watch \"{item}\": {why}");
    let (prefix, rest) = if item == "~" || item.starts_with("~/") {
        let home = home.ok_or_else(|| fail("`~` needs $HOME, which is not set"))?;
        (home.to_path_buf(), item.get(2..).unwrap_or(""))
    } else if item.starts_with('~') {
        return Err(fail("`~user` is not supported; write the full path"));
    } else if let Some(rest) = item.strip_prefix('/') {
        (PathBuf::from("/"), rest)
    } else {
        (script_dir.to_path_buf(), item)
    };
    let parts: Vec<&str> = rest
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let wild = parts
        .iter()
        .position(|p| p.contains(['*', '?', '[', '{', '\\']))
        .unwrap_or(parts.len());
    let mut base = normalize(&parts[..wild].iter().fold(prefix, |b, p| b.join(p)));
    let mut pattern = parts[wild..].join("/");
    if parts[wild..].contains(&"..") {
        return Err(fail("`..` after a wildcard is not supported"));
    }
    if pattern.is_empty() {
        if base.is_dir() {
            pattern = "*".into();
        } else {
            // A single file: watch its folder for it (it may not exist yet).
            let name = base
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| fail("this is not a file or folder"))?;
            pattern = globset::escape(&name);
            base = base.parent().map(Path::to_path_buf).unwrap_or(base);
        }
    }
    let base_text = base
        .to_str()
        .ok_or_else(|| fail("the folder's name is not valid UTF-8"))?;
    let glob = format!(
        "{}/{pattern}",
        globset::escape(base_text.trim_end_matches('/'))
    );
    let matcher = GlobBuilder::new(&glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| fail(&format!("not a valid glob: {}", e.kind())))?
        .compile_matcher();
    Ok(WatchGlob {
        recursive: pattern.contains('/') || pattern.contains("**"),
        base,
        matcher,
    })
}

/// Resolves `.` and `..` without touching the disk, so event paths and patterns
/// agree (inotify reports paths under the folder exactly as it was given).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A raw change, before debouncing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    Created,
    Modified,
    Removed,
}

/// The net effect of the raw changes seen so far for one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Net {
    Add,
    Change,
    Remove,
    /// Created and removed again: nothing to report.
    Nothing,
}

/// Folds one more raw change into the net effect for a path.
pub(crate) fn coalesce(prev: Option<Net>, raw: Raw) -> Net {
    match (prev, raw) {
        (None | Some(Net::Nothing), Raw::Created) => Net::Add,
        (None, Raw::Modified) => Net::Change,
        (None, Raw::Removed) => Net::Remove,
        (Some(Net::Add), Raw::Created | Raw::Modified) => Net::Add,
        (Some(Net::Add | Net::Nothing), Raw::Removed) => Net::Nothing,
        // Changed after being created and removed: it is there now and was not.
        (Some(Net::Nothing), Raw::Modified) => Net::Add,
        (Some(Net::Change | Net::Remove), Raw::Created | Raw::Modified) => Net::Change,
        (Some(Net::Change | Net::Remove), Raw::Removed) => Net::Remove,
    }
}

/// The debouncing state, apart from the thread and the clock.
pub(crate) struct Debouncer {
    delay: Duration,
    pending: HashMap<(u64, PathBuf), (Net, Instant)>,
}

impl Debouncer {
    pub(crate) fn new(delay: Duration) -> Debouncer {
        Debouncer {
            delay,
            pending: HashMap::new(),
        }
    }

    /// Records a raw change at `now`. False when it was dropped because too many
    /// paths are pending.
    pub(crate) fn push(&mut self, script: u64, path: PathBuf, raw: Raw, now: Instant) -> bool {
        let key = (script, path);
        let prev = self.pending.get(&key).map(|(net, _)| *net);
        if prev.is_none() && self.pending.len() >= MAX_PENDING {
            return false;
        }
        self.pending
            .insert(key, (coalesce(prev, raw), now + self.delay));
        true
    }

    /// When the earliest pending path is due.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.pending.values().map(|(_, deadline)| *deadline).min()
    }

    /// Removes and returns the events whose delay is over at `now`, earliest
    /// first.
    pub(crate) fn take_due(&mut self, now: Instant) -> Vec<WatchEvent> {
        let mut due: Vec<((u64, PathBuf), Net, Instant)> = Vec::new();
        self.pending.retain(|key, (net, deadline)| {
            if *deadline <= now {
                due.push((key.clone(), *net, *deadline));
                false
            } else {
                true
            }
        });
        due.sort_by_key(|(_, _, deadline)| *deadline);
        due.into_iter()
            .filter_map(|((script, path), net, _)| {
                let kind = match net {
                    Net::Add => WatchKind::Add,
                    Net::Change => WatchKind::Change,
                    Net::Remove => WatchKind::Remove,
                    Net::Nothing => return None,
                };
                Some(WatchEvent { script, path, kind })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(value: &str, dir: &Path) -> Vec<WatchGlob> {
        parse_watch(value, dir, Some(Path::new("/home/u"))).unwrap()
    }

    #[test]
    fn splits_at_commas_outside_braces_and_brackets() {
        assert_eq!(
            split_globs(" a/*.pdf, ~/My Docs/*.{png,jpg} ,[,]x, a\\,b ,, "),
            ["a/*.pdf", "~/My Docs/*.{png,jpg}", "[,]x", "a,b"]
        );
        assert!(
            parse_watch(" , ", Path::new("/s"), None)
                .unwrap_err()
                .contains("no glob")
        );
    }

    #[test]
    fn resolves_home_relative_and_absolute_globs() {
        let script_dir = Path::new("/scripts/group");
        let g = globs("~/Downloads/*.pdf", script_dir);
        assert_eq!(
            (g[0].base(), g[0].recursive()),
            (Path::new("/home/u/Downloads"), false)
        );
        assert!(g[0].matches(Path::new("/home/u/Downloads/a.pdf")));
        assert!(!g[0].matches(Path::new("/home/u/Downloads/sub/a.pdf")));
        assert!(!g[0].matches(Path::new("/home/u/Downloads/a.pdf.part")));

        let g = globs("../data/*.csv", script_dir);
        assert_eq!(g[0].base(), Path::new("/scripts/data"));
        assert!(g[0].matches(Path::new("/scripts/data/x.csv")));

        let g = globs("/srv/*/logs/*.log, /srv/**", script_dir);
        assert_eq!((g[0].base(), g[0].recursive()), (Path::new("/srv"), true));
        assert!(g[0].matches(Path::new("/srv/a/logs/x.log")));
        assert!(!g[0].matches(Path::new("/srv/a/b/logs/x.log")));
        assert!(g[1].recursive() && g[1].matches(Path::new("/srv/a/b/c")));

        let g = globs("~/My Docs/*.{png,jpg}", script_dir);
        assert!(g[0].matches(Path::new("/home/u/My Docs/a.jpg")));
    }

    #[test]
    fn plain_paths_watch_a_folder_s_files_or_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let g = globs(dir.path().to_str().unwrap(), Path::new("/"));
        assert_eq!(g[0].base(), dir.path());
        assert!(g[0].matches(&dir.path().join("any.txt")));
        let g = globs(
            &format!("{}/notes[1].txt", dir.path().display()),
            Path::new("/"),
        );
        // `[1]` is a wildcard here; the literal file name needs escaping.
        assert!(g[0].matches(&dir.path().join("notes1.txt")));
        let g = globs("todo.txt", dir.path());
        assert_eq!(g[0].base(), dir.path());
        assert!(g[0].matches(&dir.path().join("todo.txt")));
        assert!(!g[0].matches(&dir.path().join("other.txt")));
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let dir = Path::new("/s");
        let err = |v: &str| parse_watch(v, dir, None).unwrap_err();
        assert!(err("~/x/*").contains("$HOME"));
        assert!(err("~bob/x").contains("`~user` is not supported"));
        assert!(err("*/../x").contains("`..` after a wildcard"));
        assert!(err("a/*.{pdf").contains("Watch \"a/*.{pdf\": not a valid glob"));
    }

    #[test]
    fn coalescing_follows_the_net_effect() {
        use Raw::*;
        let fold = |raws: &[Raw]| raws.iter().fold(None, |net, raw| Some(coalesce(net, *raw)));
        assert_eq!(fold(&[Created, Modified, Modified]), Some(Net::Add));
        assert_eq!(fold(&[Created, Modified, Removed]), Some(Net::Nothing));
        assert_eq!(fold(&[Created, Removed, Created]), Some(Net::Add));
        assert_eq!(fold(&[Modified, Modified]), Some(Net::Change));
        assert_eq!(fold(&[Modified, Removed]), Some(Net::Remove));
        assert_eq!(fold(&[Removed]), Some(Net::Remove));
        assert_eq!(fold(&[Removed, Created]), Some(Net::Change));
        assert_eq!(fold(&[Removed, Created, Removed]), Some(Net::Remove));
    }

    #[test]
    fn the_delay_restarts_with_each_event_and_events_leave_in_order() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut d = Debouncer::new(ms(200));
        let a = PathBuf::from("/a");
        let b = PathBuf::from("/b");
        d.push(1, a.clone(), Raw::Modified, t0);
        d.push(1, b.clone(), Raw::Created, t0 + ms(50));
        d.push(1, a.clone(), Raw::Modified, t0 + ms(150));
        assert_eq!(d.next_deadline(), Some(t0 + ms(250)));
        assert!(d.take_due(t0 + ms(249)).is_empty());
        let due = d.take_due(t0 + ms(250));
        assert_eq!(due.iter().map(|e| &e.path).collect::<Vec<_>>(), [&b]);
        assert_eq!(due[0].kind, WatchKind::Add);
        let due = d.take_due(t0 + ms(1000));
        assert_eq!(
            (due[0].path.clone(), due[0].kind),
            (a.clone(), WatchKind::Change)
        );
        assert_eq!(d.next_deadline(), None);
        // Created and removed within the delay: nothing at all.
        d.push(1, a.clone(), Raw::Created, t0);
        d.push(1, a.clone(), Raw::Removed, t0);
        assert!(d.take_due(t0 + ms(1000)).is_empty());
        // The same path for two scripts is two events.
        d.push(1, a.clone(), Raw::Modified, t0);
        d.push(2, a.clone(), Raw::Modified, t0);
        assert_eq!(d.take_due(t0 + ms(1000)).len(), 2);
    }
}
