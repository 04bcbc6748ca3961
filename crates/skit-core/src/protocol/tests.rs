//! Unit tests of the protocol types: round trips, the wire format, what is rejected.

use super::*;
use serde_json::json;

fn round_trip(message: Message) {
    let text = serde_json::to_string(&message).unwrap();
    assert_eq!(classify_line(&text), Line::Message(message), "{text}");
}

#[test]
fn every_message_round_trips() {
    round_trip(Message::Arg(Box::new(Arg {
        id: "1".into(),
        placeholder: Some("Pick".into()),
        hint: Some("h".into()),
        choices: Some(vec![
            Choice::Text("apple".into()),
            Choice::Item(Box::new(ChoiceItem {
                name: "Banana".into(),
                value: Some(json!({"n": 2})),
                description: Some("yellow".into()),
                ..ChoiceItem::default()
            })),
        ]),
        strict: Some(false),
        ..Arg::default()
    })));
    round_trip(Message::Arg(Box::new(Arg {
        id: "2".into(),
        ..Arg::default()
    })));
    round_trip(Message::Arg(Box::new(Arg {
        id: "3".into(),
        choices: Some(vec![Choice::Item(Box::new(ChoiceItem {
            name: "notes.md".into(),
            preview: Some("# Notes".into()),
            tag: Some("md".into()),
            group: Some("Documents".into()),
            icon: Some("📄".into()),
            id: Some("/home/me/notes.md".into()),
            ..ChoiceItem::default()
        }))]),
        events: vec!["input".into(), "focus".into(), "action".into()],
        filter: Some(Filter::Script),
        debounce: Some(0),
        actions: vec![PromptAction {
            name: "Open".into(),
            shortcut: Some("ctrl+o".into()),
            description: Some("Open it".into()),
            value: Some(json!(1)),
            close: Some(false),
        }],
        preview: Some(true),
        input: Some("not".into()),
        ..Arg::default()
    })));
    round_trip(Message::SetChoices {
        id: "1".into(),
        choices: vec![Choice::Text("x".into())],
        append: false,
        seq: None,
    });
    round_trip(Message::SetChoices {
        id: "1".into(),
        choices: vec![Choice::Text("y".into())],
        append: true,
        seq: Some(4),
    });
    round_trip(Message::SetPreview {
        id: "1".into(),
        markdown: "**bold**".into(),
        seq: Some(2),
    });
    round_trip(Message::Update(Box::new(Update {
        id: "1".into(),
        placeholder: Some("p".into()),
        hint: Some("h".into()),
        input: Some("q".into()),
        loading: Some(true),
        progress: Some(Some(0.5)),
        footer: Some("3 files".into()),
        enter_label: Some("Open".into()),
        actions: Some(vec![]),
    })));
    round_trip(Message::Update(Box::new(Update {
        id: "1".into(),
        progress: Some(None),
        ..Update::default()
    })));
    round_trip(Message::Update(Box::new(Update {
        id: "1".into(),
        ..Update::default()
    })));
    round_trip(Message::Hello {
        protocol: "1.1".into(),
        sdk: Some("python".into()),
    });
    round_trip(Message::Div {
        id: "d".into(),
        markdown: "# Hi\n*there*".into(),
    });
    round_trip(Message::Fields {
        id: "f".into(),
        fields: vec![Field {
            name: "title".into(),
            label: Some("Title".into()),
            placeholder: Some("…".into()),
            value: Some(json!("v")),
            ..Field::default()
        }],
    });
    round_trip(Message::Fields {
        id: "typed".into(),
        fields: vec![
            Field {
                name: "count".into(),
                kind: Some(FieldType::Number),
                value: Some(json!(3)),
                required: Some(true),
                ..Field::default()
            },
            Field {
                name: "template".into(),
                kind: Some(FieldType::Select),
                options: vec![
                    FieldOption::Text("Rust".into()),
                    FieldOption::Item {
                        name: "Python".into(),
                        value: Some(json!("py")),
                    },
                ],
                ..Field::default()
            },
        ],
    });
    round_trip(Message::Arg(Box::new(Arg {
        id: "m".into(),
        choices: Some(vec![Choice::Text("a".into())]),
        multiple: Some(true),
        ..Arg::default()
    })));
    round_trip(Message::Path(Box::new(PathRequest {
        id: "p".into(),
        start_path: Some("~/projects".into()),
        only_dirs: Some(true),
        show_hidden: Some(false),
        placeholder: Some("Where?".into()),
    })));
    round_trip(Message::Env(Box::new(EnvRequest {
        id: "e".into(),
        key: "GITHUB_TOKEN".into(),
        placeholder: Some("ghp_…".into()),
        hint: Some("A token".into()),
        secret: Some(true),
    })));
    round_trip(Message::Editor {
        id: "e".into(),
        value: Some("text\nmore".into()),
        placeholder: None,
    });
    round_trip(Message::Notify {
        text: "done".into(),
    });
    round_trip(Message::Copy { text: "c".into() });
    round_trip(Message::Open {
        target: "https://example.com".into(),
    });
    round_trip(Message::Paste {
        text: "🎉".into(),
        secret: false,
    });
    round_trip(Message::Paste {
        text: "hunter2".into(),
        secret: true,
    });
    round_trip(Message::Type {
        text: "typed".into(),
    });
    round_trip(Message::GetSelection { id: "s".into() });
    round_trip(Message::Hide);
    round_trip(Message::Show);
    round_trip(Message::Exit { code: Some(3) });
    round_trip(Message::Exit { code: None });
}

#[test]
fn wire_format_is_camel_case_with_a_type_tag() {
    let text = serde_json::to_string(&Message::SetChoices {
        id: "1".into(),
        choices: vec![],
        append: false,
        seq: None,
    })
    .unwrap();
    assert_eq!(text, r#"{"type":"setChoices","id":"1","choices":[]}"#);
    // A version-1 submit is exactly what it always was.
    let reply = serde_json::to_string(&Reply::submit("1", Value::Null)).unwrap();
    assert_eq!(reply, r#"{"type":"submit","id":"1","value":null}"#);
    let parsed: Reply = serde_json::from_str(&reply).unwrap();
    assert_eq!(parsed, Reply::submit("1", Value::Null));
}

#[test]
fn paste_is_plain_by_default_and_a_secret_one_is_never_shown() {
    let plain = Message::Paste {
        text: "🎉".into(),
        secret: false,
    };
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"{"type":"paste","text":"🎉"}"#
    );
    assert_eq!(plain.without_secrets(), plain);
    let secret = Message::Paste {
        text: "hunter2".into(),
        secret: true,
    };
    let shown = serde_json::to_string(&secret.without_secrets()).unwrap();
    assert_eq!(shown, r#"{"type":"paste","text":"(secret)","secret":true}"#);
    assert_eq!(
        Message::GetSelection { id: "s".into() }.prompt_id(),
        Some("s")
    );
}

#[test]
fn version_1_1_replies() {
    let line = |reply: Reply| serde_json::to_string(&reply).unwrap();
    assert_eq!(
        line(Reply::Submit {
            id: "1".into(),
            value: json!("a"),
            action: Some("Open".into())
        }),
        r#"{"type":"submit","id":"1","value":"a","action":"Open"}"#
    );
    assert_eq!(
        line(Reply::Input {
            id: "1".into(),
            value: "no".into(),
            seq: 3
        }),
        r#"{"type":"input","id":"1","value":"no","seq":3}"#
    );
    assert_eq!(
        line(Reply::Focus {
            id: "1".into(),
            index: 2,
            value: json!({"n": 1}),
            seq: 1
        }),
        r#"{"type":"focus","id":"1","index":2,"value":{"n":1},"seq":1}"#
    );
    assert_eq!(
        line(Reply::Action {
            id: "1".into(),
            action: "Copy".into(),
            value: json!("x"),
            input: "q".into()
        }),
        r#"{"type":"action","id":"1","action":"Copy","value":"x","input":"q"}"#
    );
    let hello = line(Reply::hello());
    assert!(hello.starts_with(r#"{"type":"hello","protocol":"1.1","capabilities":["#));
    assert!(hello.contains(r#""setPreview""#), "{hello}");
}

#[test]
fn update_tells_absent_from_null_progress() {
    let update = |text: &str| match classify_line(text) {
        Line::Message(Message::Update(update)) => update,
        other => panic!("{other:?}"),
    };
    assert_eq!(update(r#"{"type":"update","id":"1"}"#).progress, None);
    assert_eq!(
        update(r#"{"type":"update","id":"1","progress":null}"#).progress,
        Some(None)
    );
    assert_eq!(
        update(r#"{"type":"update","id":"1","progress":0.25}"#).progress,
        Some(Some(0.25))
    );
}

#[test]
fn unknown_event_names_are_ignored_and_script_filtering_implies_input() {
    let Line::Message(Message::Arg(arg)) =
        classify_line(r#"{"type":"arg","id":"1","events":["focus","scroll"],"filter":"script"}"#)
    else {
        panic!()
    };
    assert!(arg.wants("focus") && arg.wants("input") && !arg.wants("action"));
    let Line::Message(Message::Arg(plain)) = classify_line(r#"{"type":"arg","id":"1"}"#) else {
        panic!()
    };
    assert!(!plain.wants("input") && !plain.wants("focus"));
}

#[test]
fn missing_required_fields_are_rejected() {
    for line in [
        r#"{"type":"arg"}"#,
        r#"{"type":"setChoices","id":"1"}"#,
        r#"{"type":"div","id":"1"}"#,
        r#"{"type":"fields","id":"1"}"#,
        r#"{"type":"fields","id":"1","fields":[{"label":"no name"}]}"#,
        r#"{"type":"editor"}"#,
        r#"{"type":"notify"}"#,
        r#"{"type":"copy"}"#,
        r#"{"type":"open"}"#,
        r#"{"type":"arg","id":"1","choices":[{"value":1}]}"#,
    ] {
        match classify_line(line) {
            Line::Invalid(why) => assert!(why.starts_with("bad"), "{line}: {why}"),
            other => panic!("{line} gave {other:?}"),
        }
    }
    assert!(serde_json::from_str::<Reply>(r#"{"type":"submit","id":"1"}"#).is_err());
    for line in [
        r#"{"type":"setPreview","id":"1"}"#,
        r#"{"type":"update"}"#,
        r#"{"type":"hello"}"#,
        r#"{"type":"arg","id":"1","filter":"nobody"}"#,
        r#"{"type":"arg","id":"1","actions":[{"shortcut":"ctrl+o"}]}"#,
    ] {
        match classify_line(line) {
            Line::Invalid(why) => assert!(why.starts_with("bad"), "{line}: {why}"),
            other => panic!("{line} gave {other:?}"),
        }
    }
}

#[test]
fn unknown_fields_are_ignored_and_unknown_types_reported() {
    assert_eq!(
        classify_line(r#"{"type":"notify","text":"hi","colour":"red"}"#),
        Line::Message(Message::Notify { text: "hi".into() })
    );
    assert_eq!(
        classify_line(r#"{"type":"dance","id":"1"}"#),
        Line::Invalid("unknown message type \"dance\"".into())
    );
}

#[test]
fn plain_output_and_broken_json() {
    for text in [
        "hello",
        "",
        "[1,2]",
        "42",
        r#"{"no":"type"}"#,
        r#"{"type":3}"#,
    ] {
        assert_eq!(
            classify_line(text),
            Line::Output(text.to_string()),
            "{text}"
        );
    }
    match classify_line(r#"{"type":"arg","id":"1""#) {
        Line::Invalid(why) => assert!(why.starts_with("invalid JSON"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn choice_values_default_to_names() {
    let choices: Vec<Choice> =
        serde_json::from_str(r#"["a", {"name":"B"}, {"name":"C","value":7}]"#).unwrap();
    let values: Vec<_> = choices.iter().map(Choice::value).collect();
    assert_eq!(values, [json!("a"), json!("B"), json!(7)]);
}

#[test]
fn richer_inputs_on_the_wire() {
    let Line::Message(Message::Path(path)) =
        classify_line(r#"{"type":"path","id":"1","startPath":"~","onlyDirs":true}"#)
    else {
        panic!()
    };
    assert_eq!(path.start_path.as_deref(), Some("~"));
    assert_eq!(path.only_dirs, Some(true));
    let Line::Message(Message::Fields { fields, .. }) = classify_line(
        r#"{"type":"fields","id":"1","fields":[{"name":"a","type":"checkbox","value":true},{"name":"b","value":"x"}]}"#,
    ) else {
        panic!()
    };
    assert_eq!(fields[0].kind(), FieldType::Checkbox);
    assert_eq!(fields[0].value, Some(json!(true)));
    assert_eq!(fields[1].kind(), FieldType::Text, "text by default");
    let options: Vec<FieldOption> =
        serde_json::from_str(r#"["a", {"name":"B"}, {"name":"C","value":3}]"#).unwrap();
    let values: Vec<_> = options.iter().map(FieldOption::value).collect();
    assert_eq!(values, [json!("a"), json!("B"), json!(3)]);
}

#[test]
fn bad_richer_inputs_say_what_is_wrong() {
    for (line, why) in [
        (
            r#"{"type":"env","id":"1","key":"MY TOKEN"}"#,
            "not a variable name",
        ),
        (
            r#"{"type":"env","id":"1","key":"9LIVES"}"#,
            "not a variable name",
        ),
        (r#"{"type":"env","id":"1"}"#, "missing field `key`"),
        (r#"{"type":"path"}"#, "missing field `id`"),
        (
            r#"{"type":"fields","id":"1","fields":[{"name":"a","type":"date"}]}"#,
            "unknown variant `date`",
        ),
    ] {
        match classify_line(line) {
            Line::Invalid(message) => assert!(message.contains(why), "{line}: {message}"),
            other => panic!("{line} gave {other:?}"),
        }
    }
    assert!(is_variable_name("_A1") && !is_variable_name("") && !is_variable_name("A-B"));
}

#[test]
fn passwords_are_masked_for_display() {
    let Line::Message(message) = classify_line(
        r#"{"type":"fields","id":"1","fields":[{"name":"pw","type":"password","value":"hunter2"},{"name":"user","value":"me"}]}"#,
    ) else {
        panic!()
    };
    let shown = serde_json::to_string(&message.without_secrets()).unwrap();
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains(MASK) && shown.contains("\"me\""), "{shown}");
}

#[test]
fn toggles_are_kept_by_id_or_value() {
    let choices: Vec<Choice> =
        serde_json::from_str(r#"["a", {"name":"B","value":1}, {"name":"C","id":"c","value":1}]"#)
            .unwrap();
    let keys: Vec<_> = choices.iter().map(Choice::toggle_key).collect();
    assert_eq!(keys, ["value:\"a\"", "value:1", "id:c"]);
}

/// Property tests: any line is a message, output or an invalid message without a
/// panic, output is passed on as it was, and every message a script can write
/// comes back as itself. (Line numbers are given by the reader: `run/io.rs`.)
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text};
    use proptest::prelude::*;

    /// Messages with any text in their strings.
    fn message() -> impl Strategy<Value = Message> {
        let choice = prop_oneof![
            text(15).prop_map(Choice::Text),
            (
                text(15),
                proptest::option::of(text(15)),
                proptest::option::of(text(15))
            )
                .prop_map(|(name, description, id)| Choice::Item(Box::new(
                    ChoiceItem {
                        name,
                        description,
                        id,
                        value: Some(json!({"n": 1})),
                        ..ChoiceItem::default()
                    }
                ))),
        ];
        prop_oneof![
            text(30).prop_map(|text| Message::Notify { text }),
            text(30).prop_map(|text| Message::Copy { text }),
            (text(30), any::<bool>()).prop_map(|(text, secret)| Message::Paste { text, secret }),
            (text(10), text(30)).prop_map(|(id, markdown)| Message::Div { id, markdown }),
            (
                text(10),
                proptest::collection::vec(choice.clone(), 0..4),
                proptest::option::of(text(10))
            )
                .prop_map(|(id, choices, placeholder)| Message::Arg(Box::new(Arg {
                    id,
                    choices: Some(choices),
                    placeholder,
                    ..Arg::default()
                }))),
            (
                text(10),
                proptest::collection::vec(choice, 0..4),
                any::<bool>(),
                any::<Option<u64>>()
            )
                .prop_map(|(id, choices, append, seq)| Message::SetChoices {
                    id,
                    choices,
                    append,
                    seq
                }),
            any::<Option<i32>>().prop_map(|code| Message::Exit { code }),
        ]
    }

    /// A line: any text, or text that starts like a message.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            text(80),
            text(60).prop_map(|t| format!("{{{t}")),
            text(40).prop_map(|t| format!(r#"{{"type":{t}"#)),
            (proptest::sample::select(CAPABILITIES), text(30))
                .prop_map(|(kind, t)| format!(r#"{{"type":"{kind}",{t}}}"#)),
        ]
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_line_is_classified_and_output_passes_unchanged(line in line()) {
            match classify_line(&line) {
                Line::Output(text) => prop_assert_eq!(text, line),
                Line::Invalid(why) => {
                    prop_assert!(line.trim().starts_with('{'), "{:?}: {}", line, why);
                    prop_assert!(!why.is_empty());
                }
                Line::Message(message) => {
                    let again = serde_json::to_string(&message).unwrap();
                    prop_assert_eq!(classify_line(&again), Line::Message(message));
                }
            }
        }

        #[test]
        fn every_message_comes_back_as_itself(
            message in message(),
            before in "[ \t]{0,2}",
            after in "[ \t\r]{0,2}",
        ) {
            let line = format!("{before}{}{after}", serde_json::to_string(&message).unwrap());
            prop_assert_eq!(classify_line(&line), Line::Message(message));
        }
    }
}
