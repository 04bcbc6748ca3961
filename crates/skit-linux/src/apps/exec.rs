//! The `Exec` key of a desktop entry turned into an argument vector, per the
//! Desktop Entry spec: split into arguments with its quoting rules, then field
//! codes (`%f %F %u %U %i %c %k %%`) expanded. The result is handed to the program
//! directly, never to a shell. Not for starting anything: `launch` does that.
//!
//! The value given here is the string *after* the file-level unescaping
//! (`\\` → `\`, `\s` → space), which the desktop-file parser has already done.
//! That is why a literal backslash inside a quoted argument is written `\\\\` in a
//! file: the parser makes it `\\`, and the quoting rule here makes it `\`.
//!
//! Beyond the letter of the spec, and like GLib: single quotes work as in a shell,
//! a backslash outside quotes escapes the next character, and an unknown `%x` is
//! kept as it is (so a hand-written `date +%Y` still works).
//!
//! The other way, for the entries skit writes (the autostart entry): [`quote`]
//! makes an `Exec` value of an argument vector and [`escape_value`] escapes it for
//! the file, so that reading it back gives exactly those arguments.

use std::fmt;
use std::path::Path;

/// What the field codes of an `Exec` line expand to.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fields<'a> {
    /// `%c`: the translated Name.
    pub(crate) name: &'a str,
    /// `%i`: the Icon key; `None` or empty adds no argument.
    pub(crate) icon: Option<&'a str>,
    /// `%k`: the desktop file.
    pub(crate) desktop_file: Option<&'a Path>,
    /// `%f %F %u %U`: absolute paths or URLs to open; empty when just starting the app.
    pub(crate) targets: &'a [String],
}

/// An `Exec` line that cannot be run, with what is wrong in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExecError(pub(crate) String);

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExecError {}

/// Part of one argument, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A field code; `quoted` when it stood inside quotes.
    Code {
        code: char,
        quoted: bool,
    },
}

/// Field codes the spec defines (deprecated ones included: they expand to nothing).
const KNOWN_CODES: &[char] = &[
    'f', 'F', 'u', 'U', 'i', 'c', 'k', 'd', 'D', 'n', 'N', 'v', 'm',
];

/// The argument vector for `exec`, field codes expanded with `fields`.
///
/// - `%F` / `%U` standing alone give one argument per target (none when there is
///   none); inside a longer word (`--files=%F`) they act like `%f` / `%u`.
/// - `%f` gives the first local file (a `file://` URL is turned into its path,
///   other URLs are skipped); `%u` the first target as given. A word holding one
///   of these when there is nothing to put there is left out entirely, so
///   `--file=%f` does not become a bare `--file=`.
/// - `%i` alone gives `--icon NAME`, or nothing without an icon.
/// - Inside quotes the spec leaves field codes undefined; there `%f %F %u %U`
///   expand to nothing, because pasting an outside name into a quoted string is
///   how a file name becomes shell code in `sh -c "… %f"`.
pub(crate) fn expand(exec: &str, fields: &Fields) -> Result<Vec<String>, ExecError> {
    let words = split(exec)?;
    let mut argv = Vec::with_capacity(words.len() + fields.targets.len());
    for word in &words {
        expand_word(word, fields, &mut argv);
    }
    if argv.first().is_none_or(|program| program.is_empty()) {
        return Err(ExecError(format!(
            "the Exec line `{exec}` names no program; fix the desktop file"
        )));
    }
    Ok(argv)
}

fn expand_word(word: &[Piece], fields: &Fields, argv: &mut Vec<String>) {
    if let [
        Piece::Code {
            code,
            quoted: false,
        },
    ] = word
    {
        match code {
            'F' => {
                argv.extend(fields.targets.iter().filter_map(|t| local_file(t)));
                return;
            }
            'U' => {
                argv.extend(fields.targets.iter().cloned());
                return;
            }
            'i' => {
                if let Some(icon) = fields.icon.filter(|i| !i.is_empty()) {
                    argv.push("--icon".into());
                    argv.push(icon.into());
                }
                return;
            }
            // Deprecated codes "can be ignored, that is expanded to no parameters".
            'd' | 'D' | 'n' | 'N' | 'v' | 'm' => return,
            _ => {}
        }
    }
    let mut arg = String::new();
    for piece in word {
        match piece {
            Piece::Text(text) => arg.push_str(text),
            Piece::Code { code, quoted } => match (code, quoted) {
                ('f' | 'F' | 'u' | 'U', true) => {}
                ('f' | 'F', false) => match fields.targets.iter().find_map(|t| local_file(t)) {
                    Some(file) => arg.push_str(&file),
                    None => return,
                },
                ('u' | 'U', false) => match fields.targets.first() {
                    Some(target) => arg.push_str(target),
                    None => return,
                },
                ('i', _) => arg.push_str(fields.icon.unwrap_or("")),
                ('c', _) => arg.push_str(fields.name),
                ('k', _) => {
                    if let Some(file) = fields.desktop_file {
                        arg.push_str(&file.to_string_lossy());
                    }
                }
                _ => {} // deprecated codes inside a word
            },
        }
    }
    argv.push(arg);
}

/// Splits `exec` into words of text and field codes, undoing the quoting.
fn split(exec: &str) -> Result<Vec<Vec<Piece>>, ExecError> {
    #[derive(PartialEq)]
    enum Quote {
        None,
        Double,
        Single,
    }
    let mut words = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    let mut text = String::new();
    // A word can be started and still be empty: `""` is an empty argument.
    let mut in_word = false;
    let mut quote = Quote::None;
    let mut chars = exec.chars();
    let unclosed = |what: &str| {
        ExecError(format!(
            "the Exec line `{exec}` has a {what} that is never closed; fix the quoting in \
             the desktop file"
        ))
    };
    while let Some(c) = chars.next() {
        match (&quote, c) {
            (Quote::None, ' ' | '\t' | '\n') => {
                if in_word {
                    if !text.is_empty() {
                        word.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (Quote::None, '"') => {
                in_word = true;
                quote = Quote::Double;
            }
            (Quote::None, '\'') => {
                in_word = true;
                quote = Quote::Single;
            }
            (Quote::Double, '"') | (Quote::Single, '\'') => quote = Quote::None,
            (Quote::None, '\\') => {
                in_word = true;
                let escaped = chars.next().ok_or_else(|| {
                    ExecError(format!(
                        "the Exec line `{exec}` ends with a lone backslash; fix the desktop file"
                    ))
                })?;
                text.push(escaped);
            }
            (Quote::Double, '\\') => {
                let escaped = chars.next().ok_or_else(|| unclosed("double quote"))?;
                // Only these four are escapes; elsewhere the backslash is kept.
                if !matches!(escaped, '"' | '`' | '$' | '\\') {
                    text.push('\\');
                }
                text.push(escaped);
            }
            (_, '%') => {
                in_word = true;
                match chars.clone().next() {
                    Some('%') => {
                        chars.next();
                        text.push('%');
                    }
                    Some(code) if KNOWN_CODES.contains(&code) => {
                        chars.next();
                        if !text.is_empty() {
                            word.push(Piece::Text(std::mem::take(&mut text)));
                        }
                        word.push(Piece::Code {
                            code,
                            quoted: quote != Quote::None,
                        });
                    }
                    _ => text.push('%'),
                }
            }
            (_, c) => {
                in_word = true;
                text.push(c);
            }
        }
    }
    match quote {
        Quote::Double => return Err(unclosed("double quote")),
        Quote::Single => return Err(unclosed("single quote")),
        Quote::None => {}
    }
    if in_word {
        if !text.is_empty() {
            word.push(Piece::Text(text));
        }
        words.push(word);
    }
    Ok(words)
}

/// `args` as an `Exec` value that [`expand`] gives back unchanged: each argument
/// in double quotes, with `"`, `` ` ``, `$` and `\` escaped by a backslash inside
/// them (the spec's quoting rule) and `%` doubled (no field codes). Every argument
/// is quoted, even a plain one: the spec allows that everywhere and requires it
/// for spaces and the shell's reserved characters. Escape the result with
/// [`escape_value`] before writing it into a file.
pub(crate) fn quote<S: AsRef<str>>(args: &[S]) -> String {
    let mut line = String::new();
    for arg in args {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push('"');
        for c in arg.as_ref().chars() {
            match c {
                '"' | '`' | '$' | '\\' => {
                    line.push('\\');
                    line.push(c);
                }
                '%' => line.push_str("%%"),
                c => line.push(c),
            }
        }
        line.push('"');
    }
    line
}

/// `value` as a desktop-file string value, which the file's parser turns back
/// into `value`: a backslash doubled, a line break or tab written as `\n`, `\r`,
/// `\t` (a raw one would end the key or be trimmed), and a leading space as `\s`.
pub(crate) fn escape_value(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for (at, c) in value.char_indices() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            ' ' if at == 0 => escaped.push_str("\\s"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The local path a target stands for: itself when it is a path, the decoded path
/// of a `file://` URL, `None` for any other URL.
fn local_file(target: &str) -> Option<String> {
    if let Some(rest) = target.strip_prefix("file://") {
        // `file://host/path`: only the local host (empty or `localhost`) is a file here.
        let path = rest.strip_prefix("localhost").unwrap_or(rest);
        return path.starts_with('/').then(|| percent_decode(path));
    }
    (!has_scheme(target)).then(|| target.to_string())
}

/// Whether `target` starts like a URL (`scheme:`), rather than being a path.
pub(crate) fn has_scheme(target: &str) -> bool {
    let Some((scheme, _)) = target.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(exec: &str, fields: &Fields) -> Vec<String> {
        expand(exec, fields).unwrap_or_else(|e| panic!("{exec}: {e}"))
    }

    fn targets(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_words_split_on_blanks() {
        let f = Fields::default();
        assert_eq!(argv("gedit", &f), ["gedit"]);
        assert_eq!(
            argv("  gedit  --new-window\t-s ", &f),
            ["gedit", "--new-window", "-s"]
        );
    }

    #[test]
    fn double_quotes_group_and_escape() {
        let f = Fields::default();
        assert_eq!(
            argv(
                r#""/opt/My App/bin/app" --title "a \"b\" \$HOME \`x\` \\ c""#,
                &f
            ),
            ["/opt/My App/bin/app", "--title", r#"a "b" $HOME `x` \ c"#]
        );
        // An empty quoted argument is still an argument; quotes can join a word.
        assert_eq!(
            argv(r#"app "" --name="x y""#, &f),
            ["app", "", "--name=x y"]
        );
        // A backslash before anything else inside quotes is kept.
        assert_eq!(argv(r#"app "a\nb""#, &f), ["app", r"a\nb"]);
    }

    #[test]
    fn single_quotes_and_backslashes_outside_quotes_work_as_in_a_shell() {
        let f = Fields::default();
        assert_eq!(
            argv(r#"sh -c 'echo "$1" \x' a\ b"#, &f),
            ["sh", "-c", r#"echo "$1" \x"#, "a b"]
        );
    }

    #[test]
    fn unbalanced_quotes_and_empty_lines_are_clear_errors() {
        let f = Fields::default();
        let err = expand(r#"app "unclosed --flag"#, &f)
            .unwrap_err()
            .to_string();
        assert!(err.contains("double quote that is never closed"), "{err}");
        assert!(err.contains("app \"unclosed --flag"), "{err}");
        let err = expand("sh -c 'oops", &f).unwrap_err().to_string();
        assert!(err.contains("single quote"), "{err}");
        let err = expand(r#"app "ends with \"#, &f).unwrap_err().to_string();
        assert!(err.contains("never closed"), "{err}");
        let err = expand(r"app \", &f).unwrap_err().to_string();
        assert!(err.contains("lone backslash"), "{err}");
        for empty in ["", "   ", "%f", "%U", "%i"] {
            let err = expand(empty, &f).unwrap_err().to_string();
            assert!(err.contains("names no program"), "{empty:?}: {err}");
        }
    }

    #[test]
    fn file_codes_with_awkward_names_stay_single_arguments() {
        let files = targets(&["/tmp/my file.txt", "/tmp/it's \"here\" $HOME.txt"]);
        let f = Fields {
            targets: &files,
            ..Fields::default()
        };
        assert_eq!(argv("app %f", &f), ["app", "/tmp/my file.txt"]);
        assert_eq!(
            argv("app %F", &f),
            ["app", "/tmp/my file.txt", "/tmp/it's \"here\" $HOME.txt"]
        );
        assert_eq!(
            argv("app %U", &f),
            ["app", "/tmp/my file.txt", "/tmp/it's \"here\" $HOME.txt"]
        );
        assert_eq!(
            argv("app --open=%f", &f),
            ["app", "--open=/tmp/my file.txt"]
        );
        assert_eq!(argv("app --all=%F", &f), ["app", "--all=/tmp/my file.txt"]);
    }

    #[test]
    fn file_codes_without_targets_drop_their_word() {
        let f = Fields::default();
        assert_eq!(argv("app %f", &f), ["app"]);
        assert_eq!(argv("app %F --x", &f), ["app", "--x"]);
        assert_eq!(argv("app --file=%f %u %U", &f), ["app"]);
    }

    #[test]
    fn urls_go_to_u_and_only_local_files_to_f() {
        let list = targets(&[
            "https://example.org/a b",
            "file:///home/me/a%20b%25.txt",
            "file://localhost/etc/hosts",
            "file://otherhost/x",
            "/plain/path",
        ]);
        let f = Fields {
            targets: &list,
            ..Fields::default()
        };
        assert_eq!(argv("app %u", &f), ["app", "https://example.org/a b"]);
        assert_eq!(argv("app %f", &f), ["app", "/home/me/a b%.txt"]);
        assert_eq!(
            argv("app %F", &f),
            ["app", "/home/me/a b%.txt", "/etc/hosts", "/plain/path"]
        );
        assert_eq!(argv("app %U", &f).len(), 6);
    }

    #[test]
    fn icon_name_and_desktop_file_codes() {
        let desktop = Path::new("/usr/share/applications/my app.desktop");
        let f = Fields {
            name: "Mon Éditeur",
            icon: Some("accessories-text-editor"),
            desktop_file: Some(desktop),
            targets: &[],
        };
        assert_eq!(
            argv("app %i --name %c -k %k", &f),
            [
                "app",
                "--icon",
                "accessories-text-editor",
                "--name",
                "Mon Éditeur",
                "-k",
                "/usr/share/applications/my app.desktop"
            ]
        );
        assert_eq!(argv("app --class=%c", &f), ["app", "--class=Mon Éditeur"]);
        let no_icon = Fields { icon: None, ..f };
        assert_eq!(argv("app %i -x", &no_icon), ["app", "-x"]);
        let empty_icon = Fields {
            icon: Some(""),
            ..f
        };
        assert_eq!(argv("app %i", &empty_icon), ["app"]);
    }

    #[test]
    fn percent_escapes_deprecated_and_unknown_codes() {
        let f = Fields::default();
        assert_eq!(argv("app 100%% %d %D %n %N %v %m", &f), ["app", "100%"]);
        assert_eq!(argv(r#"app "50%%""#, &f), ["app", "50%"]);
        assert_eq!(
            argv("date +%Y-%H trailing%", &f),
            ["date", "+%Y-%H", "trailing%"]
        );
    }

    #[test]
    fn file_codes_inside_quotes_expand_to_nothing() {
        let files = targets(&["/tmp/$(rm -rf ~).txt"]);
        let f = Fields {
            name: "N",
            targets: &files,
            ..Fields::default()
        };
        assert_eq!(
            argv(r#"sh -c "echo %f %u %c""#, &f),
            ["sh", "-c", "echo   N"]
        );
        // The safe way to pass a file to `sh -c` still works.
        assert_eq!(
            argv(r#"sh -c "echo \"\$1\"" sh %f"#, &f),
            ["sh", "-c", "echo \"$1\"", "sh", "/tmp/$(rm -rf ~).txt"]
        );
    }

    #[test]
    fn quoted_arguments_come_back_as_they_were() {
        let args = [
            "/opt/my app/bin",
            r#"a "b" $HOME `x` \ c"#,
            "100%",
            "%f",
            "",
            "it's",
        ];
        let line = quote(&args);
        assert_eq!(
            line,
            r#""/opt/my app/bin" "a \"b\" \$HOME \`x\` \\ c" "100%%" "%%f" "" "it's""#
        );
        assert_eq!(argv(&line, &Fields::default()), args);
        assert_eq!(escape_value(r#" a\b"#), r"\sa\\b");
        assert_eq!(escape_value("1\n2\t3\r"), r"1\n2\t3\r");
    }

    #[test]
    fn has_scheme_tells_urls_from_paths() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("/a:b"));
        assert!(!has_scheme("relative"));
        assert!(!has_scheme("1x:y"));
    }
}

/// Property tests: any Exec line is split or refused without a panic, quoting any
/// arguments (and escaping them for the file) gives them back, and the file codes
/// put each target in as one argument.
#[cfg(test)]
mod proptests {
    use super::*;
    use freedesktop_desktop_entry::DesktopEntry;
    use proptest::prelude::*;
    use skit_core::test_strategies::{cases, text};

    /// Arguments for a program: the first one names it, so it is not empty.
    fn args() -> impl Strategy<Value = Vec<String>> {
        (
            text(20).prop_filter("a program", |p| !p.is_empty()),
            proptest::collection::vec(text(20), 0..5),
        )
            .prop_map(|(program, mut rest)| {
                rest.insert(0, program);
                rest
            })
    }

    /// A target: a path, a `file://` URL or another URL, with any text in it.
    fn target() -> impl Strategy<Value = String> {
        prop_oneof![
            text(20).prop_map(|t| format!("/{t}")),
            text(20).prop_map(|t| format!("file:///{t}")),
            text(20).prop_map(|t| format!("https://example.org/{t}")),
            text(20),
        ]
    }

    fn targets() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(target(), 0..4)
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_line_gives_a_program_or_an_error_naming_the_line(
            exec in text(60),
            name in text(10),
            icon in proptest::option::of(text(10)),
            targets in targets(),
        ) {
            let fields = Fields {
                name: &name,
                icon: icon.as_deref(),
                desktop_file: Some(Path::new("/usr/share/applications/a.desktop")),
                targets: &targets,
            };
            match expand(&exec, &fields) {
                Ok(argv) => prop_assert!(!argv[0].is_empty()),
                Err(e) => prop_assert!(e.0.contains(&format!("`{exec}`")), "{}", e),
            }
        }

        #[test]
        fn quoted_arguments_come_back_whatever_the_fields(
            args in args(),
            name in text(10),
            targets in targets(),
        ) {
            let fields = Fields {
                name: &name,
                icon: Some("icon"),
                desktop_file: None,
                targets: &targets,
            };
            prop_assert_eq!(expand(&quote(&args), &fields), Ok(args));
        }

        #[test]
        fn quoted_and_escaped_arguments_come_back_from_a_desktop_file(args in args()) {
            let file = format!(
                "[Desktop Entry]\nType=Application\nName=x\nExec={}\n",
                escape_value(&quote(&args))
            );
            let entry = DesktopEntry::from_str("/x.desktop", &file, None::<&[String]>)
                .map_err(|e| TestCaseError::fail(format!("{e}: {file}")))?;
            let exec = entry.groups.desktop_entry().and_then(|g| g.entry("Exec"));
            let argv = expand(exec.unwrap_or_default().trim(), &Fields::default());
            prop_assert_eq!(argv, Ok(args), "{}", file);
        }

        #[test]
        fn file_codes_give_each_target_as_one_argument(
            paths in proptest::collection::vec(text(20).prop_map(|t| format!("/{t}")), 0..4),
            any_targets in targets(),
        ) {
            let fields = Fields { targets: &paths, ..Fields::default() };
            let mut expected = vec!["app".to_string()];
            expected.extend(paths.iter().cloned());
            prop_assert_eq!(expand("app %F", &fields), Ok(expected.clone()));
            prop_assert_eq!(expand("app %U", &fields), Ok(expected));
            let first: Vec<String> = paths.first().map(|p| format!("--open={p}")).into_iter().collect();
            prop_assert_eq!(expand("app --open=%f", &fields).map(|a| a[1..].to_vec()), Ok(first));

            let fields = Fields { targets: &any_targets, ..Fields::default() };
            let mut expected = vec!["app".to_string()];
            expected.extend(any_targets.iter().cloned());
            prop_assert_eq!(expand("app %U", &fields), Ok(expected));
            // Inside quotes, never: `sh -c "… %f"` would run a file name as code.
            prop_assert_eq!(expand(r#"sh -c "x %f %F %u %U""#, &fields), Ok(vec![
                "sh".to_string(), "-c".to_string(), "x    ".to_string(),
            ]));
        }
    }
}
