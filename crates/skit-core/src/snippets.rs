//! Text snippets: `snippets.json` in the config folder, a list of
//! `{"name", "keyword", "text"}`, and the placeholders their text may hold.
//!
//! The file is the user's: it is read fresh before every change, so an edit made
//! by hand meanwhile is not lost; a file that does not parse is never written
//! over (the error names its line and column); and before each write the
//! previous content is kept in `snippets.json.bak`. Keys skit does not know are
//! kept as they were.
//!
//! Placeholders: `{clipboard}` (the newest text on the clipboard), `{date}`
//! (`2026-12-05`), `{time}` (`19:21`), `{cursor}` (where the caret goes after
//! pasting: [`Expanded::cursor_back`] is how many characters follow it). `{{` and
//! `}}` stand for a brace; any other `{word}` stays as written.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::paths::Paths;

/// One snippet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub name: String,
    /// Typed in the Snippets screen's search, it puts this snippet first.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
    pub text: String,
    /// Keys skit does not know, kept when the file is written again.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `snippets.json` in the config folder.
pub fn file(paths: &Paths) -> PathBuf {
    paths.config_dir.join("snippets.json")
}

/// Where the content before the last write is kept.
pub fn backup_file(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// The snippets in `text`, or what is wrong with it and where.
pub fn parse(text: &str) -> Result<Vec<Snippet>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let snippets: Vec<Snippet> = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: {e}",
            e.line().max(1),
            e.column().max(1)
        )
    })?;
    for (ix, snippet) in snippets.iter().enumerate() {
        if snippet.name.trim().is_empty() {
            return Err(format!("snippet {} has no name", ix + 1));
        }
    }
    Ok(snippets)
}

/// Reads the snippets at `path`: none when the file is missing; `Err` names the
/// file, line and column of a mistake.
pub fn load(path: &Path) -> Result<Vec<Snippet>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("Cannot read {}: {e}", path.display())),
    }
}

/// A change to the file.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Add a snippet.
    Add(Snippet),
    /// Replace the snippet named `.0` (added when it is gone).
    Replace(String, Snippet),
    /// Remove the snippet with this name.
    Remove(String),
}

/// Applies `change` to the file at `path` as it is on disk now, keeping the
/// previous content in [`backup_file`], and returns the snippets written. A file
/// that does not parse is left alone (the error says where it is wrong).
pub fn change(path: &Path, change: Change) -> Result<Vec<Snippet>, String> {
    let old = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("Cannot read {}: {e}", path.display())),
    };
    let mut snippets = match &old {
        Some(bytes) => parse(&String::from_utf8_lossy(bytes)).map_err(|e| {
            format!(
                "{} has a mistake ({e}); fix it first, nothing was changed",
                path.display()
            )
        })?,
        None => Vec::new(),
    };
    apply(&mut snippets, change)?;
    let mut json = serde_json::to_string_pretty(&snippets).map_err(|e| e.to_string())?;
    json.push('\n');
    if let Some(old) = &old {
        crate::files::write_atomic(&backup_file(path), old)
            .map_err(|e| format!("Cannot keep a copy of {}: {e}", path.display()))?;
    }
    crate::files::write_atomic(path, json.as_bytes())
        .map_err(|e| format!("Cannot write {}: {e}", path.display()))?;
    Ok(snippets)
}

/// Applies `change` to `snippets`: names stay unique.
pub fn apply(snippets: &mut Vec<Snippet>, change: Change) -> Result<(), String> {
    let taken = |snippets: &[Snippet], name: &str, except: Option<&str>| {
        snippets
            .iter()
            .any(|s| s.name == name && Some(s.name.as_str()) != except)
    };
    match change {
        Change::Add(snippet) => {
            check(&snippet)?;
            if taken(snippets, &snippet.name, None) {
                return Err(format!("A snippet named “{}” exists", snippet.name));
            }
            snippets.push(snippet);
        }
        Change::Replace(old, mut snippet) => {
            check(&snippet)?;
            if taken(snippets, &snippet.name, Some(&old)) {
                return Err(format!("A snippet named “{}” exists", snippet.name));
            }
            match snippets.iter_mut().find(|s| s.name == old) {
                Some(existing) => {
                    snippet.extra = std::mem::take(&mut existing.extra);
                    *existing = snippet;
                }
                None => snippets.push(snippet),
            }
        }
        Change::Remove(name) => snippets.retain(|s| s.name != name),
    }
    Ok(())
}

fn check(snippet: &Snippet) -> Result<(), String> {
    if snippet.name.trim().is_empty() {
        return Err("A snippet needs a name".into());
    }
    Ok(())
}

/// What the placeholders are replaced with.
pub struct Values<'a> {
    /// The clipboard's text (`None`: `{clipboard}` becomes nothing).
    pub clipboard: Option<&'a str>,
    pub now: DateTime<Local>,
}

/// A snippet's text with its placeholders replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    /// Characters after `{cursor}` (0 without one): how many times to press
    /// Left after pasting to put the caret there.
    pub cursor_back: usize,
}

/// Whether `text` uses `{clipboard}` (so the clipboard must be read first).
pub fn uses_clipboard(text: &str) -> bool {
    text.contains("{clipboard}")
}

/// Replaces the placeholders in `text`. Only the first `{cursor}` counts; later
/// ones are dropped.
pub fn expand(text: &str, values: &Values) -> Expanded {
    let mut out = String::with_capacity(text.len());
    let mut cursor: Option<usize> = None;
    let mut rest = text;
    while let Some(ix) = rest.find(['{', '}']) {
        out.push_str(&rest[..ix]);
        rest = &rest[ix..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push_str(&rest[..1]);
            rest = &rest[2..];
            continue;
        }
        if rest.starts_with('}') {
            out.push('}');
            rest = &rest[1..];
            continue;
        }
        let Some(end) = rest.find('}') else {
            break;
        };
        let word = &rest[1..end];
        match word {
            "clipboard" => out.push_str(values.clipboard.unwrap_or("")),
            "date" => out.push_str(&values.now.format("%Y-%m-%d").to_string()),
            "time" => out.push_str(&values.now.format("%H:%M").to_string()),
            "cursor" => {
                cursor.get_or_insert(out.len());
            }
            _ => out.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    let cursor_back = cursor.map_or(0, |at| out[at..].chars().count());
    Expanded {
        text: out,
        cursor_back,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn values(clipboard: Option<&str>) -> Values<'_> {
        Values {
            clipboard,
            now: Local.with_ymd_and_hms(2026, 3, 7, 9, 5, 0).unwrap(),
        }
    }

    fn snippet(name: &str, text: &str) -> Snippet {
        Snippet {
            name: name.into(),
            text: text.into(),
            ..Snippet::default()
        }
    }

    #[test]
    fn placeholders_are_replaced() {
        let e = expand("On {date} at {time}: {clipboard}!", &values(Some("hi")));
        assert_eq!(e.text, "On 2026-03-07 at 09:05: hi!");
        assert_eq!(e.cursor_back, 0);
        assert_eq!(expand("[{clipboard}]", &values(None)).text, "[]");
    }

    #[test]
    fn the_cursor_counts_the_characters_after_it() {
        let e = expand("<b>{cursor}</b>\né", &values(None));
        assert_eq!(e.text, "<b></b>\né");
        assert_eq!(e.cursor_back, 6);
        let e = expand("{cursor}a{cursor}b", &values(None));
        assert_eq!((e.text.as_str(), e.cursor_back), ("ab", 2));
    }

    #[test]
    fn braces_escape_and_unknown_words_stay() {
        let e = expand("{{date}} {name} {date", &values(None));
        assert_eq!(e.text, "{date} {name} {date");
        assert_eq!(expand("a}}b}c", &values(None)).text, "a}b}c");
        assert!(uses_clipboard("x{clipboard}"));
    }

    #[test]
    fn a_broken_file_names_line_and_column() {
        let err =
            parse("[\n  {\"name\": \"a\", \"text\": \"b\"},\n  {\"name\" \"c\"}\n]").unwrap_err();
        assert!(err.starts_with("line 3, column 11"), "{err}");
        assert!(parse("[{\"name\": \" \", \"text\": \"\"}]").is_err());
        assert_eq!(parse("  \n").unwrap(), Vec::new());
    }

    #[test]
    fn changes_keep_the_old_file_and_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snippets.json");
        assert_eq!(load(&path).unwrap(), Vec::new());
        change(&path, Change::Add(snippet("sig", "Bye"))).unwrap();
        assert!(!backup_file(&path).exists());
        // A hand edit with a key skit does not know.
        std::fs::write(
            &path,
            r#"[{"name": "sig", "text": "Bye", "tags": ["x"]}, {"name": "b", "text": "2"}]"#,
        )
        .unwrap();
        let written = change(
            &path,
            Change::Replace("sig".into(), snippet("sign", "Cheers")),
        )
        .unwrap();
        assert_eq!(written[0].text, "Cheers");
        assert_eq!(written.len(), 2);
        let reread = load(&path).unwrap();
        assert_eq!(reread, written);
        assert_eq!(reread[0].extra["tags"], serde_json::json!(["x"]));
        let kept = std::fs::read_to_string(backup_file(&path)).unwrap();
        assert!(kept.contains("\"tags\""));
        assert!(change(&path, Change::Add(snippet("b", "dup"))).is_err());
        change(&path, Change::Remove("b".into())).unwrap();
        assert_eq!(load(&path).unwrap().len(), 1);
    }

    #[test]
    fn a_broken_file_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snippets.json");
        std::fs::write(&path, "[{\"name\": ").unwrap();
        let err = change(&path, Change::Add(snippet("a", "b"))).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[{\"name\": ");
        assert!(load(&path).unwrap_err().contains("snippets.json: line 1"));
    }
}
