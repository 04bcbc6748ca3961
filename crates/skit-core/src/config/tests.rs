//! config.rs's tests: parsing, errors, the "Hide from skit" edit, and property
//! tests of that edit with any comment anywhere.

use super::*;

#[test]
fn empty_and_missing_files_give_defaults() {
    assert_eq!(Config::parse("").unwrap(), Config::default());
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Config::load(&dir.path().join("config.json")).unwrap(),
        Config::default()
    );
}

#[test]
fn fields_are_camel_case_and_commands_take_both_forms() {
    let config = Config::parse(
        r#"{"hotkey":"super+k","theme":"dark","hideOnBlur":false,"keepQuery":true,
            "interpreters":{"py":"python3 -X utf8","ts":["deno","run"]},
            "editor":"code --wait","newScriptLanguage":"python","colour":1}"#,
    )
    .unwrap();
    assert_eq!(config.hotkey, "super+k");
    assert_eq!(config.theme, ThemeChoice::Dark);
    assert!(!config.hide_on_blur);
    assert!(config.keep_query);
    assert_eq!(
        config.interpreters["py"],
        CommandLine::new(&["python3", "-X", "utf8"])
    );
    assert_eq!(
        config.interpreters["ts"],
        CommandLine::new(&["deno", "run"])
    );
    assert_eq!(config.editor, Some(CommandLine::new(&["code", "--wait"])));
    assert_eq!(config.new_script_language, ScriptLanguage::Python);
    assert!(config.unknown.contains_key("colour"));
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    std::fs::write(&path, "{\n  \"theme\": \"dark\",\n  oops\n}").unwrap();
    let err = Config::load(&path).unwrap_err();
    assert_eq!((err.line, err.column), (3, 3));
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}:3:3:", path.display())),
        "{text}"
    );
}

#[test]
fn comments_are_allowed_and_errors_keep_their_position() {
    let config = Config::parse(
        "// top\n{\n  // the key\n  \"hotkey\": \"super+k\", /* inline */\n  \"theme\": \"dark // not a comment\" }",
    );
    assert!(config.is_err(), "the theme value is not valid");
    let config = Config::parse("// top\n{\n  \"hotkey\": \"super+k\" /* a\nb */ }\n").unwrap();
    assert_eq!(config.hotkey, "super+k");
    let with = Config::parse("// one\n// two\n{ oops }").unwrap_err();
    let without = Config::parse("\n\n{ oops }").unwrap_err();
    assert_eq!(
        (with.line(), with.column()),
        (without.line(), without.column())
    );
    assert_eq!(with.line(), 3);
    assert_eq!(
        strip_comments(r#"{"url": "http://x//y"} // c"#),
        r#"{"url": "http://x//y"}     "#
    );
}

#[test]
fn hiding_an_app_edits_the_text_and_keeps_the_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    std::fs::write(
        &path,
        "// mine\n{\n  // the key\n  \"hotkey\": \"ctrl+space\"\n}\n",
    )
    .unwrap();
    hide_app(&path, "firefox.desktop").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("// the key") && text.starts_with("// mine"),
        "{text}"
    );
    let config = Config::parse(&text).unwrap();
    assert_eq!(config.hidden_apps, ["firefox.desktop"]);
    assert_eq!(config.hotkey, "ctrl+space");
    assert!(
        path.with_extension("json.bak").exists(),
        "the old file is kept"
    );
    hide_app(&path, "gimp.desktop").unwrap();
    hide_app(&path, "gimp.desktop").unwrap();
    let config = Config::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(config.hidden_apps, ["gimp.desktop", "firefox.desktop"]);
    // An empty list, a missing file, and a broken file (left alone).
    std::fs::write(&path, "{\"hiddenApps\": []}").unwrap();
    hide_app(&path, "a.desktop").unwrap();
    assert_eq!(
        Config::parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .hidden_apps,
        ["a.desktop"]
    );
    let missing = dir.path().join("none.json");
    hide_app(&missing, "a.desktop").unwrap();
    assert_eq!(Config::load(&missing).unwrap().hidden_apps, ["a.desktop"]);
    std::fs::write(&path, "{ \"hotkey\": ").unwrap();
    let err = hide_app(&path, "b.desktop").unwrap_err();
    assert!(err.contains("fix it first"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ \"hotkey\": ");
}

#[test]
fn hiding_an_app_after_a_non_ascii_comment_edits_the_right_place() {
    // Once a crash: comments were blanked one space per character, and the byte
    // offsets found in that text sliced the original (three-byte characters
    // here; two-byte ones put the edit in the wrong place instead).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    for text in [
        "// 日本語の設定ファイル\n{\"hiddenApps\":[]}\n",
        "// 日本語の設定ファイル\n{\n  \"hiddenApps\": [\"a.desktop\"]\n}\n",
        "/* é */ {\"hiddenApps\": []}",
        "// Grüße\n{ \"hotkey\": \"super+k\" }",
    ] {
        assert_eq!(strip_comments(text).len(), text.len(), "{text:?}");
        std::fs::write(&path, text).unwrap();
        hide_app(&path, "firefox.desktop").unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let edited = std::fs::read_to_string(&path).unwrap();
        let config = Config::parse(&edited).unwrap();
        assert!(
            config.hidden_apps.iter().any(|id| id == "firefox.desktop"),
            "{edited}"
        );
        let comment = text.split(['\n', '{']).next().unwrap().trim();
        assert!(edited.starts_with(comment), "{edited}");
    }
}

#[test]
fn hiding_an_app_in_an_empty_file_or_next_to_a_nested_hidden_apps() {
    // Found by the property tests: a file of comments only (the defaults) was
    // "not a JSON object", and a "hiddenApps" key inside another object, or a
    // string reading "hiddenApps", was taken for the setting.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    for (text, hidden) in [
        ("", vec!["a.desktop"]),
        ("// only a comment", vec!["a.desktop"]),
        ("/* c */\n", vec!["a.desktop"]),
        ("{\"x\":{\"hiddenApps\":[]}}", vec!["a.desktop"]),
        (
            "{\"x\": \"hiddenApps\", \"clipboard\": {\"hiddenApps\": [\"b\"]}, \
             \"hiddenApps\": [\"c.desktop\"]}",
            vec!["a.desktop", "c.desktop"],
        ),
    ] {
        std::fs::write(&path, text).unwrap();
        hide_app(&path, "a.desktop").unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let edited = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            Config::parse(&edited).unwrap().hidden_apps,
            hidden,
            "{edited}"
        );
        if !text.contains('{') {
            assert!(
                edited.starts_with(text),
                "the comments come first: {edited}"
            );
        }
    }
}

#[test]
fn a_block_comment_never_closed_is_an_error_where_it_starts() {
    let err = Config::parse("{\"hotkey\": \"super+k\"}\n  /* never closed\n{}").unwrap_err();
    assert_eq!((err.line(), err.column()), (2, 3));
    assert!(Config::parse("/* all of it").is_err());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    std::fs::write(&path, "/* all of it").unwrap();
    let err = hide_app(&path, "a.desktop").unwrap_err();
    assert!(err.contains("fix it first"), "{err}");
}

#[test]
fn clipboard_settings_default_per_key() {
    let config = Config::parse(
        r#"{"clipboardHotkey":"super+v","clipboard":{"recordPrimary":true,
            "ignoreApps":["Secrets"],"maxBytes":{"image":5},"colour":1}}"#,
    )
    .unwrap();
    assert_eq!(config.clipboard_hotkey, "super+v");
    let clipboard = &config.clipboard;
    assert!(clipboard.enabled && clipboard.record_primary);
    assert_eq!(clipboard.ignore_apps, ["Secrets"]);
    assert_eq!(clipboard.max_entries, 1000);
    assert_eq!(clipboard.max_bytes.text, 1024 * 1024);
    assert_eq!(clipboard.max_bytes.image, 5);
    assert!(clipboard.terminal_classes.iter().any(|c| c == "kitty"));
    assert!(clipboard.unknown.contains_key("colour"));
    let defaults = ClipboardConfig::default();
    assert!(defaults.ignore_apps.iter().any(|a| a == "KeePassXC"));
    assert!(Config::parse(r#"{"clipboard":{"maxEntries":-1}}"#).is_err());
}

#[test]
fn a_bad_value_is_an_error_not_a_default() {
    let err = Config::parse(r#"{"theme":"purple"}"#).unwrap_err();
    assert!(err.to_string().contains("purple"), "{err}");
    assert!(Config::parse(r#"{"interpreters":{"py":""}}"#).is_err());
}

/// Property tests: any text in any comment, anywhere between two tokens, and
/// "Hide from skit" still edits the file into the same config plus the app, with
/// every comment kept.
#[cfg(test)]
mod proptests {
    use super::super::*;
    use crate::test_strategies::{text, text_without};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// A comment exactly as written in the file (a line comment without its
    /// newline, which the file gets after it).
    fn comment() -> impl Strategy<Value = String> {
        prop_oneof![
            text_without(30, &['\n']).prop_map(|t| format!("//{t}")),
            text(30).prop_map(|t| format!("/*{}*/", t.replace("*/", "* /"))),
        ]
    }

    /// What goes between two tokens: blanks and comments.
    #[derive(Clone, Debug)]
    enum Gap {
        Blank(&'static str),
        Comment(String),
    }

    fn gap() -> impl Strategy<Value = Vec<Gap>> {
        proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(&[" ", "\n", "\t", "\r\n", "  "][..]).prop_map(Gap::Blank),
                1 => comment().prop_map(Gap::Comment),
            ],
            0..3,
        )
    }

    /// A string value, including the ones that look like the key being edited.
    fn string() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => text(20),
            1 => Just("hiddenApps".to_string()),
            1 => Just("\"hiddenApps\": [".to_string()),
            1 => Just("// not a comment /* nor this */".to_string()),
        ]
    }

    fn strings() -> impl Strategy<Value = Vec<Value>> {
        proptest::collection::vec(string().prop_map(Value::String), 0..3)
    }

    /// One member of the top-level object: known settings, and unknown keys whose
    /// values hold a nested `hiddenApps` or a string that looks like one.
    fn member() -> impl Strategy<Value = (String, Value)> {
        prop_oneof![
            string().prop_map(|s| ("hotkey".to_string(), Value::String(s))),
            proptest::sample::select(&["system", "light", "dark"][..])
                .prop_map(|t| ("theme".to_string(), json!(t))),
            any::<bool>().prop_map(|b| ("hideOnBlur".to_string(), json!(b))),
            strings().prop_map(|apps| ("hiddenApps".to_string(), Value::Array(apps))),
            (any::<bool>(), strings()).prop_map(|(primary, apps)| (
                "clipboard".to_string(),
                json!({"recordPrimary": primary, "hiddenApps": apps})
            )),
            (text(8), string(), strings(), any::<u32>()).prop_map(|(key, s, apps, n)| (
                format!("x{key}"),
                json!({"hiddenApps": apps, "s": s, "n": n, "list": [s, n]})
            )),
            (text(8), string()).prop_map(|(key, s)| (format!("x{key}"), Value::String(s))),
        ]
    }

    /// A config file's tokens: an object of distinct members, or nothing at all (a
    /// file of comments only).
    fn tokens() -> impl Strategy<Value = Vec<String>> {
        prop_oneof![
            1 => Just(Vec::new()),
            8 => proptest::collection::vec(member(), 0..6).prop_map(|members| {
                let mut seen = std::collections::HashSet::new();
                let mut tokens = vec!["{".to_string()];
                for (key, value) in members {
                    if !seen.insert(key.clone()) {
                        continue;
                    }
                    if tokens.len() > 1 {
                        tokens.push(",".into());
                    }
                    tokens.push(serde_json::to_string(&key).unwrap());
                    tokens.push(":".into());
                    value_tokens(&value, &mut tokens);
                }
                tokens.push("}".into());
                tokens
            }),
        ]
    }

    fn value_tokens(value: &Value, tokens: &mut Vec<String>) {
        let mut items = |open: &str, close: &str, items: Vec<(Option<&String>, &Value)>| {
            tokens.push(open.into());
            for (i, (key, value)) in items.into_iter().enumerate() {
                if i > 0 {
                    tokens.push(",".into());
                }
                if let Some(key) = key {
                    tokens.push(serde_json::to_string(key).unwrap());
                    tokens.push(":".into());
                }
                value_tokens(value, tokens);
            }
            tokens.push(close.into());
        };
        match value {
            Value::Array(list) => items("[", "]", list.iter().map(|v| (None, v)).collect()),
            Value::Object(map) => items("{", "}", map.iter().map(|(k, v)| (Some(k), v)).collect()),
            scalar => tokens.push(scalar.to_string()),
        }
    }

    /// The file: tokens with gaps around each. Returns it, the same file without
    /// comments, and its comments in order.
    fn render(tokens: &[String], gaps: &[Vec<Gap>]) -> (String, String, Vec<String>) {
        let (mut with, mut without, mut comments) = (String::new(), String::new(), Vec::new());
        for (i, gap) in gaps.iter().enumerate() {
            for piece in gap {
                match piece {
                    Gap::Blank(blank) => {
                        with.push_str(blank);
                        without.push_str(blank);
                    }
                    Gap::Comment(comment) => {
                        with.push_str(comment);
                        if comment.starts_with("//") {
                            with.push('\n');
                        }
                        without.push(' ');
                        comments.push(comment.clone());
                    }
                }
            }
            if let Some(token) = tokens.get(i) {
                with.push_str(token);
                without.push_str(token);
            }
        }
        (with, without, comments)
    }

    fn file() -> impl Strategy<Value = (String, String, Vec<String>)> {
        tokens().prop_flat_map(|tokens| {
            let gaps = proptest::collection::vec(gap(), tokens.len() + 1);
            (Just(tokens), gaps).prop_map(|(tokens, gaps)| render(&tokens, &gaps))
        })
    }

    fn comment_texts(text: &str) -> Vec<String> {
        comments(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    proptest! {
        #![proptest_config(crate::test_strategies::cases(256))]

        #[test]
        fn comments_change_nothing_but_are_found_exactly(
            (with, without, written) in file()
        ) {
            prop_assert_eq!(strip_comments(&with).len(), with.len());
            prop_assert_eq!(comment_texts(&with), written);
            let expected = Config::parse(&without).map_err(|e| e.to_string());
            prop_assert_eq!(Config::parse(&with).map_err(|e| e.to_string()), expected);
        }

        #[test]
        fn hiding_an_app_adds_it_and_keeps_every_comment(
            (with, without, written) in file(),
            app in text(20),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.json");
            std::fs::write(&path, &with).unwrap();
            let mut expected = Config::parse(&without).unwrap();
            if !expected.hidden_apps.contains(&app) {
                expected.hidden_apps.insert(0, app.clone());
            }
            hide_app(&path, &app).map_err(TestCaseError::fail)?;
            let edited = std::fs::read_to_string(&path).unwrap();
            prop_assert_eq!(Config::parse(&edited).map_err(|e| e.to_string()), Ok(expected));
            prop_assert_eq!(comment_texts(&edited), written);
        }

        #[test]
        fn any_text_parses_or_fails_without_a_panic(text in text(200)) {
            let _ = Config::parse(&text);
            prop_assert_eq!(strip_comments(&text).len(), text.len());
        }
    }
}
