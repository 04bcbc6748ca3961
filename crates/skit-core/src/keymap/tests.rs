use std::time::Duration;

use super::*;

/// Every key binding skit had in code before the keymap file (context, keystroke,
/// action), in the order it registered them (dmenu's two hint-only bindings left
/// out: its keys are rofi's).
const BEFORE: &[(&str, &str, &str)] = &[
    ("TextInput", "backspace", "text_input::Backspace"),
    ("TextInput", "shift-backspace", "text_input::Backspace"),
    ("TextInput", "delete", "text_input::Delete"),
    ("TextInput", "ctrl-backspace", "text_input::DeleteWordLeft"),
    ("TextInput", "ctrl-w", "text_input::DeleteWordLeft"),
    ("TextInput", "ctrl-delete", "text_input::DeleteWordRight"),
    ("TextInput", "left", "text_input::Left"),
    ("TextInput", "right", "text_input::Right"),
    ("TextInput", "ctrl-left", "text_input::WordLeft"),
    ("TextInput", "ctrl-right", "text_input::WordRight"),
    ("TextInput", "shift-left", "text_input::SelectLeft"),
    ("TextInput", "shift-right", "text_input::SelectRight"),
    ("TextInput", "ctrl-shift-left", "text_input::SelectWordLeft"),
    (
        "TextInput",
        "ctrl-shift-right",
        "text_input::SelectWordRight",
    ),
    ("TextInput", "ctrl-a", "text_input::SelectAll"),
    ("TextInput", "home", "text_input::Home"),
    ("TextInput", "end", "text_input::End"),
    ("TextInput", "shift-home", "text_input::SelectToHome"),
    ("TextInput", "shift-end", "text_input::SelectToEnd"),
    ("TextInput", "ctrl-v", "text_input::Paste"),
    ("TextInput", "shift-insert", "text_input::Paste"),
    ("TextInput", "ctrl-c", "text_input::Copy"),
    ("TextInput", "ctrl-insert", "text_input::Copy"),
    ("TextInput", "ctrl-x", "text_input::Cut"),
    ("TextInput && area", "up", "text_input::MoveUp"),
    ("TextInput && area", "down", "text_input::MoveDown"),
    ("TextInput && area", "shift-up", "text_input::SelectUp"),
    ("TextInput && area", "shift-down", "text_input::SelectDown"),
    ("TextInput && area", "enter", "text_input::Newline"),
    ("TextInput && area", "shift-enter", "text_input::Newline"),
    ("List", "down", "list::SelectNext"),
    ("List", "ctrl-n", "list::SelectNext"),
    ("List", "up", "list::SelectPrevious"),
    ("List", "ctrl-p", "list::SelectPrevious"),
    ("List", "pagedown", "list::PageDown"),
    ("List", "pageup", "list::PageUp"),
    ("List", "home", "list::SelectFirst"),
    ("List", "end", "list::SelectLast"),
    ("List", "ctrl-home", "list::SelectFirst"),
    ("List", "ctrl-end", "list::SelectLast"),
    ("List", "enter", "list::Confirm"),
    ("List", "shift-up", "list::ScrollSideUp"),
    ("List", "shift-down", "list::ScrollSideDown"),
    ("List && multiple", "ctrl-space", "list::ToggleSelected"),
    ("multiple > TextInput", "ctrl-a", "list::ToggleAll"),
    ("Launcher", "escape", "screen::Dismiss"),
    ("Dialog", "enter", "screen::Accept"),
    ("RunScreen", "ctrl-o", "run_screen::ToggleOutput"),
    (
        "ClipboardScreen > TextInput",
        "ctrl-c",
        "clipboard_history::CopyEntry",
    ),
    ("ClipboardScreen", "ctrl-k", "clipboard_history::OpenMenu"),
    (
        "ClipboardScreen",
        "ctrl-shift-v",
        "clipboard_history::PastePlain",
    ),
    ("ClipboardScreen", "ctrl-t", "clipboard_history::TypeEntry"),
    (
        "ClipboardScreen",
        "ctrl-shift-p",
        "clipboard_history::TogglePin",
    ),
    (
        "ClipboardScreen",
        "ctrl-shift-backspace",
        "clipboard_history::DeleteEntry",
    ),
    ("FilesScreen", "ctrl-k", "files::OpenMenu"),
    ("FilesScreen", "ctrl-o", "files::OpenWith"),
    ("FilesScreen", "ctrl-shift-c", "files::CopyPath"),
    ("FilesScreen", "ctrl-alt-c", "files::CopyFile"),
    ("FilesScreen", "ctrl-shift-f", "files::RevealFile"),
    ("FilesScreen", "ctrl-shift-backspace", "files::MoveToTrash"),
    ("SnippetsScreen", "ctrl-k", "snippets::OpenMenu"),
    ("SnippetsScreen", "ctrl-shift-n", "snippets::NewSnippet"),
    ("SnippetsScreen", "ctrl-e", "snippets::EditSnippet"),
    (
        "SnippetsScreen",
        "ctrl-shift-backspace",
        "snippets::DeleteSnippet",
    ),
    (
        "SnippetsScreen > TextInput",
        "ctrl-c",
        "snippets::CopySnippet",
    ),
    ("ScriptsScreen", "tab", "scripts_screen::CompleteKeyword"),
    ("LogScreen", "up", "log_screen::LineUp"),
    ("LogScreen", "down", "log_screen::LineDown"),
    ("LogScreen", "pageup", "log_screen::PageUp"),
    ("LogScreen", "pagedown", "log_screen::PageDown"),
    ("LogScreen", "home", "log_screen::Top"),
    ("LogScreen", "end", "log_screen::Bottom"),
    ("ArgPrompt", "ctrl-k", "arg_prompt::OpenActions"),
    ("DivPrompt", "enter", "div_prompt::Submit"),
    ("DivPrompt", "up", "div_prompt::ScrollUp"),
    ("DivPrompt", "down", "div_prompt::ScrollDown"),
    ("DivPrompt", "pageup", "div_prompt::PageUp"),
    ("DivPrompt", "pagedown", "div_prompt::PageDown"),
    ("FieldsPrompt", "tab", "fields_prompt::NextField"),
    ("FieldsPrompt", "shift-tab", "fields_prompt::PreviousField"),
    ("FieldsPrompt", "enter", "fields_prompt::Submit"),
    ("FieldsPrompt", "ctrl-enter", "fields_prompt::Submit"),
    ("FieldCheckbox", "space", "fields_prompt::ToggleCheckbox"),
    ("FieldSelect", "down", "select_field::NextOption"),
    ("FieldSelect", "up", "select_field::PreviousOption"),
    ("EditorPrompt", "ctrl-enter", "editor_prompt::Submit"),
    ("PathPrompt", "right", "path_prompt::EnterFolder"),
    ("PathPrompt", "tab", "path_prompt::EnterFolder"),
    ("PathPrompt", "backspace", "path_prompt::GoUp"),
    ("PathPrompt", "left", "path_prompt::GoUp"),
    ("EnvPrompt", "enter", "env_prompt::Submit"),
    ("ScriptsScreen", "ctrl-k", "script_actions::OpenMenu"),
    ("ScriptsScreen", "ctrl-e", "script_actions::Edit"),
    ("ScriptsScreen", "ctrl-shift-f", "script_actions::Reveal"),
    ("ScriptsScreen", "ctrl-shift-c", "script_actions::CopyPath"),
    ("ScriptsScreen", "ctrl-d", "script_actions::Duplicate"),
    ("ScriptsScreen", "ctrl-r", "script_actions::Rename"),
    (
        "ScriptsScreen",
        "ctrl-shift-backspace",
        "script_actions::Delete",
    ),
    ("ScriptsScreen", "ctrl-t", "script_actions::RunInTerminal"),
    (
        "ScriptsScreen",
        "ctrl-shift-r",
        "script_actions::ResetRanking",
    ),
    ("ScriptsScreen", "ctrl-l", "script_actions::ViewLog"),
    (
        "ScriptsScreen",
        "ctrl-shift-e",
        "script_actions::EditEnvironment",
    ),
];

fn triples(keymap: &Keymap) -> Vec<(String, String, String)> {
    keymap
        .bindings()
        .map(|(context, binding)| {
            (
                context.unwrap_or_default().to_string(),
                binding.keystrokes.clone(),
                binding.action.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn position(keymap: &Keymap, context: &str, keys: &str) -> usize {
    triples(keymap)
        .iter()
        .position(|(c, k, _)| c == context && k == keys)
        .unwrap_or_else(|| panic!("{context} {keys} is not bound"))
}

fn errors(text: &str) -> Vec<KeymapError> {
    parse(text).expect_err("the keymap has mistakes")
}

#[test]
fn the_defaults_are_every_binding_skit_had_and_no_other() {
    let defaults = defaults();
    let mut have = triples(defaults);
    let mut before: Vec<(String, String, String)> = BEFORE
        .iter()
        .map(|(c, k, a)| (c.to_string(), k.to_string(), a.to_string()))
        .collect();
    have.sort();
    before.sort();
    assert_eq!(have, before);
    assert_eq!(defaults.len(), BEFORE.len());
    // Checked as a user's file would be: no unknown action or context, no conflict.
    assert_eq!(parse(DEFAULT_KEYMAP).as_ref(), Ok(defaults));
}

#[test]
fn the_defaults_keep_the_order_that_decides_between_two_bindings_of_one_key() {
    let defaults = defaults();
    // At the depth of the query, the later binding wins: in a multi-select list
    // Ctrl+A toggles the rows, in the clipboard history Ctrl+C copies the entry.
    assert!(
        position(defaults, "TextInput", "ctrl-a")
            < position(defaults, "multiple > TextInput", "ctrl-a")
    );
    assert!(
        position(defaults, "TextInput", "ctrl-c")
            < position(defaults, "ClipboardScreen > TextInput", "ctrl-c")
    );
}

#[test]
fn the_actions_are_those_of_the_defaults() {
    let actions = actions();
    assert!(actions.contains("list::SelectNext"));
    assert!(actions.contains("script_actions::EditEnvironment"));
    let before: BTreeSet<String> = BEFORE.iter().map(|(_, _, a)| a.to_string()).collect();
    assert_eq!(actions, &before);
}

#[test]
fn a_user_keymap_rebinds_and_takes_keys_away() {
    let keymap = parse(
        r#"// Vim-ish keys in lists.
        [
          {
            "context": "List",
            "bindings": {
              "ctrl-j": "list::SelectNext",
              "ctrl-k": "list::SelectPrevious",
              /* and no more arrows */
              "down": null
            }
          },
          { "bindings": { "f2": "script_actions::Rename" } }
        ]"#,
    )
    .unwrap();
    assert_eq!(keymap.len(), 4);
    assert_eq!(keymap.blocks[0].context.as_deref(), Some("List"));
    assert_eq!(keymap.blocks[0].line, 3);
    let down = &keymap.blocks[0].bindings[2];
    assert_eq!(
        (down.keystrokes.as_str(), down.action.as_deref(), down.line),
        ("down", None, 9)
    );
    assert_eq!(keymap.blocks[1].context, None);
    assert_eq!(keymap.blocks[1].bindings[0].line, 12);
}

#[test]
fn an_empty_file_or_only_comments_is_an_empty_keymap() {
    assert_eq!(parse(""), Ok(Keymap::default()));
    assert_eq!(parse("// nothing yet\n"), Ok(Keymap::default()));
    assert_eq!(parse("[]"), Ok(Keymap::default()));
}

#[test]
fn json_that_does_not_parse_is_reported_with_its_line_and_column() {
    let found = errors(
        "[\n  { \"context\": \"List\",\n    \"bindings\": { \"ctrl-j\" \"list::SelectNext\" } }\n]",
    );
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].column), (3, 28));
    assert!(
        found[0]
            .message
            .starts_with("this is not valid JSON: expected `:`"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].located(Path::new("/home/u/.config/skit/keymap.json")),
        format!(
            "/home/u/.config/skit/keymap.json:3:28: {}",
            found[0].message
        )
    );
}

#[test]
fn an_unknown_action_is_reported_with_its_line_and_a_near_name() {
    let found = errors(
        r#"[
  { "context": "List",
    "bindings": {
      "ctrl-j": "list::SelectNxt",
      "ctrl-k": "SelectPrevious",
      "ctrl-l": "nothing::Like::This"
    }
  }
]"#,
    );
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].line, 4);
    assert!(
        found[0]
            .message
            .contains("unknown action \"list::SelectNxt\" (did you mean \"list::SelectNext\"?)"),
        "{}",
        found[0].message
    );
    assert_eq!(found[1].line, 5);
    assert!(
        found[1]
            .message
            .contains("(did you mean \"list::SelectPrevious\"?)"),
        "{}",
        found[1].message
    );
    assert_eq!(found[2].line, 6);
    assert!(
        !found[2].message.contains("did you mean"),
        "{}",
        found[2].message
    );
    assert_eq!(
        found[2].to_string(),
        format!("line 6: {}", found[2].message)
    );
}

#[test]
fn an_unknown_context_is_reported_with_its_line() {
    let found = errors(
        "[\n  {\n    \"context\": \"Lst\",\n    \"bindings\": { \"ctrl-j\": \"list::SelectNext\" }\n  },\n  { \"context\": \"ClipboardScreen > Query\", \"bindings\": {} }\n]",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].line, 3);
    assert!(
        found[0]
            .message
            .contains("unknown context \"Lst\" (did you mean \"List\"?)"),
        "{}",
        found[0].message
    );
    assert_eq!(found[1].line, 6);
    assert!(
        found[1].message.contains("unknown context \"Query\""),
        "{}",
        found[1].message
    );
}

#[test]
fn a_context_that_does_not_read_is_reported() {
    for (context, says) in [
        ("List &&", "missing at its end"),
        ("List & multiple", "write &&"),
        ("(List", "\")\" is missing"),
        ("List multiple", "out of place"),
        ("os == linux", "no values"),
        ("", "empty"),
        ("DmenuScreen", "-kb-*"),
    ] {
        let found = errors(&format!(
            "[{{\"context\": \"{context}\", \"bindings\": {{\"ctrl-j\": \"list::SelectNext\"}}}}]"
        ));
        assert_eq!(found.len(), 1, "{context}: {found:?}");
        assert!(
            found[0].message.contains(says),
            "{context}: {}",
            found[0].message
        );
    }
    // What gpui's grammar allows reads fine.
    for context in [
        "!List",
        "Launcher && (scripts || clipboard)",
        "List && !multiple",
        "ScriptsScreen > List > TextInput",
    ] {
        assert!(
            parse(&format!(
                "[{{\"context\": \"{context}\", \"bindings\": {{\"f5\": \"list::Confirm\"}}}}]"
            ))
            .is_ok(),
            "{context}"
        );
    }
}

#[test]
fn an_invalid_keystroke_is_reported_with_its_line() {
    for (keys, says) in [
        ("ctrl+j", "joined with -, as in \"ctrl-j\""),
        (
            "ctrl-entr",
            "unknown key \"entr\" (did you mean \"enter\"?)",
        ),
        ("control-j", "write \"ctrl\""),
        ("meta-j", "unknown modifier \"meta\""),
        ("ctrl-", "no key after the last -"),
        ("ctrl--j", "two - in a row"),
        ("", "an empty key"),
        ("f36", "unknown key \"f36\""),
    ] {
        let found = errors(&format!(
            "[\n {{\n  \"context\": \"List\",\n  \"bindings\": {{\n   \"down\": \"list::SelectNext\",\n   \"{keys}\": \"list::SelectNext\"\n  }}\n }}\n]"
        ));
        assert_eq!(found.len(), 1, "{keys}: {found:?}");
        assert_eq!(found[0].line, 6, "{keys}");
        assert!(
            found[0].message.contains(says),
            "{keys}: {}",
            found[0].message
        );
    }
}

#[test]
fn keystrokes_gpui_reads_are_accepted_in_one_canonical_form() {
    for (keys, canonical) in [
        ("ctrl-j", "ctrl-j"),
        ("shift-ctrl-K", "ctrl-shift-k"),
        ("secondary-k", "ctrl-k"),
        ("Enter", "enter"),
        ("super-space", "super-space"),
        ("ctrl--", "ctrl--"),
        ("-", "-"),
        ("alt-/", "alt-/"),
        ("f12", "f12"),
        ("ctrl-k ctrl-c", "ctrl-k ctrl-c"),
    ] {
        assert_eq!(
            canonical_keystrokes(keys).as_deref(),
            Ok(canonical),
            "{keys}"
        );
    }
}

#[test]
fn one_keystroke_bound_twice_in_one_context_is_a_conflict() {
    let found = errors(
        r#"[
  { "context": "List", "bindings": { "ctrl-j": "list::SelectNext" } },
  { "context": "List && multiple", "bindings": { "ctrl-j": "list::ToggleAll" } },
  { "context": "List",
    "bindings": {
      "ctrl-J": "list::SelectNext",
      "shift-ctrl-j": null
    }
  }
]"#,
    );
    // Ctrl+J in "List && multiple" is another context; "ctrl-J" is Ctrl+Shift+J.
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 7);
    assert!(
        found[0]
            .message
            .contains("\"shift-ctrl-j\" is bound twice in context \"List\" (also on line 6)"),
        "{}",
        found[0].message
    );
    // The same key twice in one object is caught too (JSON would keep the last).
    let found = errors(
        "[{\"context\": \"List\", \"bindings\": {\n\"ctrl-j\": \"list::SelectNext\",\n\"ctrl-j\": \"list::SelectPrevious\"}}]",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 3);
    assert!(found[0].message.contains("also on line 2"));
}

#[test]
fn a_file_of_the_wrong_shape_says_what_it_should_be() {
    let found = errors("{\"context\": \"List\"}");
    assert!(found[0].message.contains("a list of blocks"), "{found:?}");
    let found = errors(
        "[\n\"List\",\n{\"context\": \"List\"},\n{\"bindings\": [], \"ctx\": \"List\"},\n{\"bindings\": {\"ctrl-j\": 1}}]",
    );
    let lines: Vec<_> = found.iter().map(|e| (e.line, e.message.as_str())).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(
        lines[0].0 == 2 && lines[0].1.contains("each block is an object"),
        "{lines:?}"
    );
    assert!(
        lines[1].0 == 3 && lines[1].1.contains("no \"bindings\""),
        "{lines:?}"
    );
    assert!(
        lines[2].0 == 4 && lines[2].1.contains("is an object"),
        "{lines:?}"
    );
    assert!(
        lines[3].0 == 4 && lines[3].1.contains("unknown key \"ctx\""),
        "{lines:?}"
    );
    assert!(
        lines[4].0 == 5 && lines[4].1.contains("or to null"),
        "{lines:?}"
    );
}

#[test]
fn loading_reads_the_file_or_finds_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.json");
    assert_eq!(load(&path), Ok(None));
    assert!(doctor_line(&path).ends_with("(none: the default keys)"));
    std::fs::write(
        &path,
        r#"[{"context": "List", "bindings": {"ctrl-j": "list::SelectNext"}}]"#,
    )
    .unwrap();
    assert_eq!(load(&path).unwrap().unwrap().len(), 1);
    assert!(doctor_line(&path).ends_with("(reads fine: 1 binding over the defaults)"));
    std::fs::write(
        &path,
        "[{\"context\": \"List\",\n\"bindings\": {\"ctrl-j\": \"list::Nope\"}}]",
    )
    .unwrap();
    let line = doctor_line(&path);
    assert!(
        line.contains("keymap.json:2: unknown action \"list::Nope\""),
        "{line}"
    );
    assert!(line.ends_with("skit keeps the keys it had until it is fixed"));
}

#[test]
fn a_change_to_keymap_json_wakes_the_config_watcher() {
    // Live reload: the launcher reloads (and reads keymap.json again) when the
    // config folder's watcher signals a change.
    let dir = tempfile::tempdir().unwrap();
    let (scripts, config) = (dir.path().join("scripts"), dir.path().join("config"));
    std::fs::create_dir_all(&scripts).unwrap();
    std::fs::create_dir_all(&config).unwrap();
    let (changes, changed) = async_channel::bounded(1);
    let _watcher = crate::catalog::watch::watch(&scripts, &config, changes).unwrap();
    std::fs::write(config.join("keymap.json"), "[]").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while changed.try_recv().is_err() {
        assert!(std::time::Instant::now() < deadline, "no change signalled");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_readme_lists_every_action_and_context() {
    let readme = include_str!("../../../../README.md");
    let section = &readme[readme
        .find("### Rebinding keys")
        .expect("the README's section")..];
    for action in actions() {
        assert!(section.contains(action.as_str()), "README misses {action}");
    }
    for (context, _) in CONTEXTS {
        assert!(
            section.contains(&format!("`{context}`")),
            "README misses {context}"
        );
    }
}
