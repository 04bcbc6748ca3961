//! The metadata header of a script: `Key: value` lines in its leading comment block.
//!
//! ```text
//! #!/usr/bin/env bash
//! # Name: Open GitHub
//! # Description: Opens a repository in the browser
//! # Shortcut: ctrl+alt+g
//! # Keyword: gh
//! ```
//!
//! Triggers (`Keyword`, `Schedule`, `Watch`, `Background`) are kept as written;
//! `keyword` and `triggers` check them when they are used, so a bad value is
//! reported with the script's name and never stops the catalog loading.
//!
//! Comments start with `#`, `//` or `--`; keys are case-insensitive; the block ends
//! at the first line that is neither a comment nor blank.

use std::collections::BTreeMap;

use crate::raycast::{self, Raycast};

/// What a script says about itself. Keys skit does not know are kept in `other`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) shortcut: Option<String>,
    pub(crate) alias: Option<String>,
    /// `Keyword: gh`: "gh something" in the launcher runs it with "something".
    pub(crate) keyword: Option<String>,
    /// `Schedule: */15 * * * *`: a cron pattern or `@daily`-style shorthand.
    pub(crate) schedule: Option<String>,
    /// `Watch: ~/Downloads/*.pdf`: globs, separated by commas.
    pub(crate) watch: Option<String>,
    /// `Background: true`: kept running while skit runs.
    pub(crate) background: bool,
    pub(crate) exclude: bool,
    /// Other keys, lower-cased, with their values.
    pub(crate) other: BTreeMap<String, String>,
    /// A Raycast script command's `@raycast.*` headers (`crate::raycast`).
    pub(crate) raycast: Option<Box<Raycast>>,
}

impl Metadata {
    /// Parses the header of a script's text. Never fails: text without a header
    /// simply has no metadata.
    pub(crate) fn parse(text: &str) -> Metadata {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text
            .lines()
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .peekable();
        if lines.peek().is_some_and(|l| l.starts_with("#!")) {
            lines.next();
        }
        let mut meta = Metadata::default();
        for line in lines {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let Some(comment) = strip_comment(line) else {
                break;
            };
            if let Some((key, value)) = key_value(comment) {
                meta.set(&key, value);
            }
        }
        // A Raycast script command: its title and description are the row's.
        if let Some(raycast) = raycast::parse(text) {
            if meta.name.is_none() {
                meta.name = raycast.title.clone();
            }
            if meta.description.is_none() {
                meta.description = raycast.description.clone();
            }
            meta.raycast = Some(Box::new(raycast));
        }
        meta
    }

    fn set(&mut self, key: &str, value: &str) {
        let value = match key {
            "shortcut" => linux_shortcut(value),
            _ => value.to_string(),
        };
        let slot = match key {
            "name" => &mut self.name,
            "description" => &mut self.description,
            "shortcut" => &mut self.shortcut,
            "alias" => &mut self.alias,
            "keyword" => &mut self.keyword,
            "schedule" => &mut self.schedule,
            "watch" => &mut self.watch,
            "exclude" => {
                self.exclude = is_true(&value);
                return;
            }
            "background" => {
                self.background = is_true(&value);
                return;
            }
            _ => {
                self.other.entry(key.to_string()).or_insert(value);
                return;
            }
        };
        // The first occurrence of a key wins, so a later comment cannot rename a script.
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value);
        }
    }
}

/// A shortcut as skit's accelerators spell it. Script Kit writes its keys apart
/// (`cmd shift k`, `opt k`), with `cmd` for the key Linux calls Ctrl and `opt`
/// for Alt; skit joins keys with `+` (where `cmd` is Super).
fn linux_shortcut(value: &str) -> String {
    let script_kit = !value.contains('+') && value.split_whitespace().count() > 1;
    let keys: Vec<&str> = if script_kit {
        value.split_whitespace().collect()
    } else {
        value.split('+').map(str::trim).collect()
    };
    keys.iter()
        .map(|key| match key.to_ascii_lowercase().as_str() {
            "cmd" | "command" if script_kit => "ctrl".to_string(),
            "opt" | "option" => "alt".to_string(),
            _ => key.to_string(),
        })
        .collect::<Vec<_>>()
        .join("+")
}

fn is_true(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "true" | "yes" | "1")
}

fn strip_comment(line: &str) -> Option<&str> {
    ["//", "--", "#"]
        .iter()
        .find_map(|prefix| line.strip_prefix(prefix))
}

/// `Key: value`, where the key is a single word (letters, digits, `-`, `_`).
fn key_value(comment: &str) -> Option<(String, &str)> {
    let (key, value) = comment.split_once(':')?;
    let key = key.trim();
    let word = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    word.then(|| (key.to_ascii_lowercase(), value.trim()))
}

/// A file name made readable: `open-github.sh` → "Open Github".
pub(crate) fn name_from_file(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    stem.split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_kit_shortcuts_are_spelled_as_skit_accelerators() {
        let kit = Metadata::parse("// Name: Kit\n// Shortcut: cmd shift k\n// Author: Ann\n");
        assert_eq!(kit.shortcut.as_deref(), Some("ctrl+shift+k"));
        let opt = Metadata::parse("// Shortcut: opt k\n");
        assert_eq!(opt.shortcut.as_deref(), Some("alt+k"));
        // skit's own spelling keeps its meaning: `cmd` there is Super.
        let own = Metadata::parse("# Shortcut: cmd+alt+g\n");
        assert_eq!(own.shortcut.as_deref(), Some("cmd+alt+g"));
        let one = Metadata::parse("# Shortcut: f5\n");
        assert_eq!(one.shortcut.as_deref(), Some("f5"));
    }

    #[test]
    fn shebang_then_comments() {
        let meta = Metadata::parse(
            "#!/usr/bin/env bash\n# Name: Open GitHub\n# description:  Opens a repo \n# Shortcut: ctrl+alt+g\n# Alias: gh\n# Author: Ann\necho hi\n# Name: Late",
        );
        assert_eq!(meta.name.as_deref(), Some("Open GitHub"));
        assert_eq!(meta.description.as_deref(), Some("Opens a repo"));
        assert_eq!(meta.shortcut.as_deref(), Some("ctrl+alt+g"));
        assert_eq!(meta.alias.as_deref(), Some("gh"));
        assert_eq!(meta.other.get("author").map(String::as_str), Some("Ann"));
        assert!(!meta.exclude);
    }

    #[test]
    fn trigger_headers() {
        let meta = Metadata::parse(
            "# Keyword: gh\n# Schedule: */15 * * * *\n# Watch: ~/Downloads/*.pdf, *.txt\n# Background: yes\n",
        );
        assert_eq!(meta.keyword.as_deref(), Some("gh"));
        assert_eq!(meta.schedule.as_deref(), Some("*/15 * * * *"));
        assert_eq!(meta.watch.as_deref(), Some("~/Downloads/*.pdf, *.txt"));
        assert!(meta.background);
        assert!(meta.other.is_empty());
        assert!(!Metadata::parse("# Background: false\n").background);
    }

    #[test]
    fn crlf_and_bom() {
        let meta = Metadata::parse("\u{feff}#!/bin/bash\r\n# Name: Windows\r\n# Exclude: TRUE\r\n");
        assert_eq!(meta.name.as_deref(), Some("Windows"));
        assert!(meta.exclude);
    }

    #[test]
    fn slash_and_dash_comments_and_blank_lines() {
        let js = Metadata::parse("\n// Name: Js Thing\n\n// Description: d\nconsole.log(1)");
        assert_eq!(js.name.as_deref(), Some("Js Thing"));
        assert_eq!(js.description.as_deref(), Some("d"));
        let lua = Metadata::parse("-- Name: Lua Thing\nprint(1)");
        assert_eq!(lua.name.as_deref(), Some("Lua Thing"));
    }

    #[test]
    fn no_comment_block_means_no_metadata() {
        assert_eq!(Metadata::parse("echo 'Name: nope'\n"), Metadata::default());
        assert_eq!(Metadata::parse(""), Metadata::default());
        assert_eq!(Metadata::parse("#!/bin/sh\n"), Metadata::default());
    }

    #[test]
    fn prose_comments_are_not_keys() {
        let meta = Metadata::parse("# This script: does things\n# Name: Real\n");
        assert_eq!(meta.name.as_deref(), Some("Real"));
        assert!(meta.other.is_empty());
    }

    #[test]
    fn raycast_headers_name_the_script() {
        let meta = Metadata::parse(
            "#!/bin/bash\n\n# @raycast.schemaVersion 1\n# @raycast.title Say Hi\n# @raycast.description Says hi\necho hi\n",
        );
        assert_eq!(meta.name.as_deref(), Some("Say Hi"));
        assert_eq!(meta.description.as_deref(), Some("Says hi"));
        assert!(meta.raycast.is_some());
        assert!(meta.other.is_empty());
    }

    #[test]
    fn readable_names_from_files() {
        assert_eq!(name_from_file("open-github.sh"), "Open Github");
        assert_eq!(name_from_file("my_cool script.py"), "My Cool Script");
        assert_eq!(name_from_file("noext"), "Noext");
        assert_eq!(name_from_file(".hidden"), "Hidden");
        assert_eq!(name_from_file("über-tool.js"), "Über Tool");
    }
}
