//! The env file, `~/.config/skit/env`: variables every script run gets in its
//! environment, and where the `env` prompt keeps what it asked for (an API key
//! asked once, then remembered).
//!
//! The syntax is dotenv's: `NAME=value` a line, an optional `export ` in front,
//! `#` comments, values in single quotes (taken literally), double quotes (with
//! `\n`, `\t`, `\"`, `\\` and `\$` escapes; both kinds may span lines) or bare
//! (up to a ` #` comment, trimmed). There is no `$VAR` expansion.
//!
//! It holds secrets, so: it is written atomically and created mode 0600 from its
//! first byte ([`crate::files::write_atomic_private`]); skit only ever adds a
//! variable to it (or fills one left empty), keeping every other line as the user
//! wrote it; and nothing here puts a value into a log line or an error message:
//! problems name the line number, never its text.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::protocol::is_variable_name;

/// What a new env file starts with.
const HEADER: &str = "\
# skit's environment: every script skit runs gets these variables.
# One NAME=value a line; # starts a comment; quote values with spaces.
# Values a script asked for (an env prompt) are added here. Readable only by you.
";

/// One variable of the file, and where its definition is in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub name: String,
    pub value: String,
    /// The bytes of the text that define it, from the start of its line to the
    /// end of the line its value ends on (without the newline).
    span: std::ops::Range<usize>,
}

/// The variables of env file text, in order (a name defined twice: the last
/// wins), and the problems found, as "line N: what is wrong".
pub fn parse(text: &str) -> (Vec<Variable>, Vec<String>) {
    let mut parser = Parser { text, at: 0 };
    let mut variables = Vec::new();
    let mut problems = Vec::new();
    while parser.at < text.len() {
        let line_start = parser.at;
        let line_number = text[..line_start].matches('\n').count() + 1;
        match parser.definition() {
            Ok(Some((name, value))) => variables.push(Variable {
                name,
                value,
                span: line_start..parser.at,
            }),
            Ok(None) => {}
            Err(why) => {
                problems.push(format!("line {line_number}: {why}"));
                parser.skip_line();
            }
        }
        // Past the newline that ends the definition (or the blank line).
        parser.skip_newline();
    }
    (variables, problems)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_blanks(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    /// To the end of the line (not past its newline).
    fn skip_line(&mut self) {
        self.at += self.rest().find('\n').unwrap_or(self.rest().len());
    }

    fn skip_newline(&mut self) {
        if self.peek() == Some('\n') {
            self.at += 1;
        }
    }

    /// One line: a definition, or nothing (blank, comment). Leaves `at` at the
    /// end of the line the definition ends on.
    fn definition(&mut self) -> Result<Option<(String, String)>, String> {
        self.skip_blanks();
        if self.rest().starts_with('\u{feff}') {
            self.at += '\u{feff}'.len_utf8();
        }
        match self.peek() {
            None | Some('\n') | Some('\r') => {
                self.skip_line();
                return Ok(None);
            }
            Some('#') => {
                self.skip_line();
                return Ok(None);
            }
            _ => {}
        }
        if let Some(after) = self.rest().strip_prefix("export")
            && after.starts_with([' ', '\t'])
        {
            self.at += "export".len();
            self.skip_blanks();
        }
        let line = &self.rest()[..self.rest().find('\n').unwrap_or(self.rest().len())];
        let Some(equals) = line.find('=') else {
            return Err("expected NAME=value".into());
        };
        let name = line[..equals].trim_end();
        if !is_variable_name(name) {
            return Err("the name must be letters, digits and _, not starting with a digit".into());
        }
        let name = name.to_string();
        self.at += equals + 1;
        self.skip_blanks();
        let value = match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                self.at += 1;
                let value = self.quoted(quote)?;
                self.skip_blanks();
                match self.peek() {
                    None | Some('\n') | Some('\r') => {}
                    Some('#') => self.skip_line(),
                    Some(_) => return Err("text after the closing quote".into()),
                }
                self.skip_line();
                value
            }
            _ => {
                let line = &self.rest()[..self.rest().find('\n').unwrap_or(self.rest().len())];
                // A comment starts at a # after a blank.
                let end = line
                    .char_indices()
                    .find(|&(i, c)| c == '#' && i > 0 && line[..i].ends_with([' ', '\t']))
                    .map_or(line.len(), |(i, _)| i);
                let value = line[..end].trim_end().to_string();
                self.skip_line();
                value
            }
        };
        Ok(Some((name, value)))
    }

    /// A quoted value after its opening quote, up to the closing one.
    fn quoted(&mut self, quote: char) -> Result<String, String> {
        let mut value = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    self.at += i + 1;
                    return Ok(value);
                }
                '\\' if quote == '"' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, c @ ('"' | '\\' | '$'))) => value.push(c),
                    Some((_, c)) => {
                        value.push('\\');
                        value.push(c);
                    }
                    None => break,
                },
                c => value.push(c),
            }
        }
        Err(format!("the value's {quote} quote is never closed"))
    }
}

/// The variables of the env file at `path`, for a script's environment: empty
/// when there is none. Problems (bad lines, a file others can read) are logged
/// by line number and path, never with a value.
pub(crate) fn read(path: &Path) -> Vec<(String, String)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            tracing::warn!("cannot read the env file {}: {e}", path.display());
            return Vec::new();
        }
    };
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(
            "the env file {} can be read by other users (mode {:o}): chmod 600 it",
            path.display(),
            meta.permissions().mode() & 0o777
        );
    }
    let (variables, problems) = parse(&text);
    for problem in problems {
        tracing::warn!("{}: {problem}; the line is skipped", path.display());
    }
    variables.into_iter().map(|v| (v.name, v.value)).collect()
}

/// The value of `name` for an `env` prompt: the env file's, else skit's own
/// environment's (the order a script sees them in: the file wins). An empty
/// value counts as not set.
pub fn lookup(path: &Path, name: &str) -> Option<String> {
    let from_file = read(path)
        .into_iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value);
    from_file
        .or_else(|| std::env::var(name).ok())
        .filter(|value| !value.is_empty())
}

/// Adds `name=value` to the env file (creating it, mode 0600, when there is
/// none). A definition of `name` already there (left empty: else the prompt
/// would not have asked) is replaced in place; every other line stays as it is.
///
/// A file that is not text (not UTF-8: a disk error, a binary written over it)
/// cannot be edited line by line; it is moved aside to `env.corrupt` (then
/// `.corrupt.1`, ...; the rename keeps its mode 0600) and a new file starts.
/// Returns where it went, for the caller to say so.
pub fn store(path: &Path, name: &str, value: &str) -> io::Result<Option<PathBuf>> {
    let mut moved = None;
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => HEADER.to_string(),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            let aside = crate::files::move_aside(path, ".corrupt")?;
            tracing::warn!(
                "the env file {} is not text; moved it to {} and started a new one",
                path.display(),
                aside.display()
            );
            moved = Some(aside);
            HEADER.to_string()
        }
        Err(e) => return Err(e),
    };
    let line = format!("{name}={}", quote(value));
    let (variables, _) = parse(&text);
    match variables.iter().rev().find(|v| v.name == name) {
        Some(existing) => text.replace_range(existing.span.clone(), &line),
        None => {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&line);
            text.push('\n');
        }
    }
    crate::files::write_atomic_private(path, text.as_bytes())?;
    Ok(moved)
}

/// Creates the env file with its explaining comment, mode 0600, unless it exists
/// (for "Edit environment").
pub fn create_if_missing(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    crate::files::write_atomic_private(path, HEADER.as_bytes())
}

/// `value` as the file writes it: bare when that is safe, else in single quotes,
/// else (a `'` or a line break in it) in double quotes with escapes.
fn quote(value: &str) -> String {
    let bare = |c: char| c.is_ascii_alphanumeric() || "_-.,:/@+=%".contains(c);
    if !value.is_empty() && value.chars().all(bare) {
        value.to_string()
    } else if !value.contains(['\'', '\n', '\r']) {
        format!("'{value}'")
    } else {
        let mut quoted = String::from("\"");
        for c in value.chars() {
            match c {
                '\n' => quoted.push_str("\\n"),
                '\r' => quoted.push_str("\\r"),
                '"' | '\\' | '$' => {
                    quoted.push('\\');
                    quoted.push(c);
                }
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let (variables, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        variables.into_iter().map(|v| (v.name, v.value)).collect()
    }

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn dotenv_syntax() {
        let text = "# a comment\n\nA=1\nexport B = two words # note\nC='single # kept $X'\n\
                    D=\"line\\none \\\"q\\\" \\$HOME\"\nE=\nF=\"multi\nline\"\n  G=x#y\r\n";
        assert_eq!(
            pairs(text),
            [
                pair("A", "1"),
                pair("B", "two words"),
                pair("C", "single # kept $X"),
                pair("D", "line\none \"q\" $HOME"),
                pair("E", ""),
                pair("F", "multi\nline"),
                pair("G", "x#y"),
            ]
        );
    }

    #[test]
    fn problems_name_the_line_never_the_value() {
        let (variables, problems) =
            parse("GOOD=1\nthis line has the secret hunter2\nBAD NAME=hunter2\nQ=\"hunter2\n");
        assert_eq!(variables.len(), 1);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("line 2: "), "{problems:?}");
        assert!(problems[1].starts_with("line 3: "), "{problems:?}");
        assert!(problems[2].starts_with("line 4: "), "{problems:?}");
        assert!(
            problems.iter().all(|p| !p.contains("hunter2")),
            "{problems:?}"
        );
    }

    #[test]
    fn values_survive_a_round_trip() {
        for value in [
            "plain",
            "with space",
            "it's",
            "quote\" and \\ and $HOME",
            "two\nlines",
            "",
            "#hash",
        ] {
            let text = format!("K={}\n", quote(value));
            assert_eq!(pairs(&text), [pair("K", value)], "{text}");
        }
    }

    #[test]
    fn store_adds_keeps_other_lines_and_fills_an_empty_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("skit/env");
        store(&path, "TOKEN", "s3cret value").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(lookup(&path, "TOKEN").as_deref(), Some("s3cret value"));

        std::fs::write(&path, "# mine\nA=1 # keep this\nEMPTY=\nB=2").unwrap();
        store(&path, "EMPTY", "filled").unwrap();
        store(&path, "NEW", "x").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# mine\nA=1 # keep this\nEMPTY=filled\nB=2\nNEW=x\n"
        );
    }

    #[test]
    fn a_file_that_is_not_text_is_moved_aside_and_a_new_one_starts() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("env");
        let garbage = b"OLD=\xff\xfe\x00 not text\n";
        std::fs::write(&path, garbage).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let moved = store(&path, "TOKEN", "new").unwrap().expect("said so");
        assert_eq!(moved, dir.path().join("env.corrupt"));
        assert_eq!(std::fs::read(&moved).unwrap(), garbage, "kept as it was");
        assert_eq!(
            std::fs::metadata(&moved).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{HEADER}TOKEN=new\n")
        );
        // A second one does not replace the first.
        std::fs::write(&path, garbage).unwrap();
        let again = store(&path, "TOKEN", "new").unwrap().unwrap();
        assert_eq!(again, dir.path().join("env.corrupt.1"));
        assert_eq!(store(&path, "OTHER", "x").unwrap(), None);
    }

    #[test]
    fn lookup_prefers_the_file_and_skips_empty_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("env");
        assert_eq!(lookup(&path, "SKIT_ENV_FILE_TEST_UNSET"), None);
        // PATH is in every test's environment.
        assert!(lookup(&path, "PATH").is_some());
        std::fs::write(&path, "PATH=/from/file\nBLANK=\n").unwrap();
        assert_eq!(lookup(&path, "PATH").as_deref(), Some("/from/file"));
        assert_eq!(lookup(&path, "BLANK"), None);
    }
}

/// Property tests: any value survives `store` and `parse`, whatever else the file
/// holds, and no text of the file ever reaches a problem message.
#[cfg(test)]
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text, text_without};
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        "[A-Za-z_][A-Za-z0-9_]{0,6}"
    }

    /// One line of a file skit or a user wrote: a definition (as `store` writes
    /// it, or `export` and blanks around as a user might), a comment, a blank.
    #[derive(Clone, Debug)]
    enum Line {
        Definition {
            name: String,
            value: String,
            export: bool,
        },
        Comment(String),
        Blank,
    }

    fn line() -> impl Strategy<Value = Line> {
        prop_oneof![
            3 => (name(), text(30), any::<bool>())
                .prop_map(|(name, value, export)| Line::Definition { name, value, export }),
            1 => text_without(30, &['\n']).prop_map(Line::Comment),
            1 => Just(Line::Blank),
        ]
    }

    fn render(lines: &[Line], final_newline: bool) -> (String, Vec<(String, String)>) {
        let mut text = String::new();
        let mut variables = Vec::new();
        for line in lines {
            match line {
                Line::Definition {
                    name,
                    value,
                    export,
                } => {
                    let export = if *export { "export " } else { "" };
                    text.push_str(&format!("{export}{name} = {}", quote(value)));
                    variables.push((name.clone(), value.clone()));
                }
                Line::Comment(comment) => text.push_str(&format!("# {comment}")),
                Line::Blank => {}
            }
            text.push('\n');
        }
        if !final_newline && text.ends_with('\n') {
            text.pop();
        }
        (text, variables)
    }

    fn pairs(text: &str) -> (Vec<(String, String)>, Vec<String>) {
        let (variables, problems) = parse(text);
        (
            variables.into_iter().map(|v| (v.name, v.value)).collect(),
            problems,
        )
    }

    /// The only things a problem may say after its line number.
    const PROBLEMS: &[&str] = &[
        "expected NAME=value",
        "the name must be letters, digits and _, not starting with a digit",
        "text after the closing quote",
        "the value's ' quote is never closed",
        "the value's \" quote is never closed",
    ];

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_value_round_trips(value in text(60)) {
            let (variables, problems) = pairs(&format!("K={}\n", quote(&value)));
            prop_assert_eq!(problems, Vec::<String>::new());
            prop_assert_eq!(variables, vec![("K".to_string(), value)]);
        }

        #[test]
        fn store_adds_or_replaces_and_keeps_every_other_line(
            lines in proptest::collection::vec(line(), 0..8),
            final_newline in any::<bool>(),
            replace in any::<proptest::sample::Index>(),
            new_name in name(),
            value in text(40),
        ) {
            let (text, mut expected) = render(&lines, final_newline);
            prop_assert_eq!(pairs(&text), (expected.clone(), Vec::new()), "{:?}", text);
            // The name: one defined already (its last definition is replaced), or
            // a new one.
            let name = if expected.is_empty() || replace.index(2) == 0 {
                new_name
            } else {
                expected[replace.index(expected.len())].0.clone()
            };
            match expected.iter().rposition(|(n, _)| *n == name) {
                Some(at) => expected[at].1 = value.clone(),
                None => expected.push((name.clone(), value.clone())),
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("env");
            std::fs::write(&path, &text).unwrap();
            store(&path, &name, &value).unwrap();
            let stored = std::fs::read_to_string(&path).unwrap();
            prop_assert_eq!(pairs(&stored), (expected, Vec::new()), "{:?}", stored);
            // Every line not about `name` is as it was.
            let others = |t: &str| -> Vec<String> {
                let (variables, _) = parse(t);
                let mut kept = t.to_string();
                if let Some(v) = variables.iter().rev().find(|v| v.name == name) {
                    kept.replace_range(v.span.clone(), "");
                }
                kept.split('\n').map(str::to_string).filter(|l| !l.is_empty()).collect()
            };
            prop_assert_eq!(others(&stored), others(&text));
        }

        #[test]
        fn problems_name_a_line_and_never_its_text(text in text(200)) {
            let (variables, problems) = parse(&text);
            let lines = text.split('\n').count();
            for problem in &problems {
                let (number, what) = problem
                    .strip_prefix("line ")
                    .and_then(|p| p.split_once(": "))
                    .ok_or_else(|| TestCaseError::fail(format!("no line number: {problem}")))?;
                let number: usize = number.parse().map_err(|_| TestCaseError::fail(problem.clone()))?;
                prop_assert!((1..=lines).contains(&number), "{}", problem);
                prop_assert!(PROBLEMS.contains(&what), "{}", problem);
            }
            for variable in &variables {
                prop_assert!(is_variable_name(&variable.name));
                prop_assert!(text.get(variable.span.clone()).is_some());
            }
        }
    }
}
