//! Checking a keymap file's blocks: their shape, each binding's keystroke and
//! action, and conflicts (one keystroke bound twice in one context in a file).

use std::collections::{BTreeSet, HashMap};

use super::context::check_context;
use super::json::{self, Json};
use super::keystroke::canonical_keystrokes;
use super::suggest::closest;
use super::{Binding, Block, Keymap, KeymapError};

/// Parses and checks `text`; `actions` is the vocabulary (`None` for the
/// defaults, which define it).
pub(super) fn check(
    text: &str,
    actions: Option<&BTreeSet<String>>,
) -> Result<Keymap, Vec<KeymapError>> {
    let text = crate::config::strip_comments(text);
    if text.trim().is_empty() {
        return Ok(Keymap::default());
    }
    let document = match json::read(&text) {
        Ok(document) => document,
        Err(error) => return Err(vec![error]),
    };
    let mut errors = Vec::new();
    let mut keymap = Keymap::default();
    // (context, keystrokes), both in their canonical form, to the line they are at.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let Json::Array(items) = document.value else {
        return Err(vec![KeymapError::at(
            document.line,
            "a keymap is a list of blocks: [ { \"context\": \"List\", \"bindings\": { \"ctrl-j\": \"list::SelectNext\" } } ]",
        )]);
    };
    for item in items {
        let Json::Object(members) = item.value else {
            errors.push(KeymapError::at(
                item.line,
                "each block is an object: { \"context\": \"List\", \"bindings\": { ... } }",
            ));
            continue;
        };
        let mut context: Option<(String, String)> = None;
        let mut context_failed = false;
        let mut bindings = None;
        for member in members {
            match member.key.as_str() {
                "context" => match member.value.value {
                    Json::Str(written) => match check_context(&written) {
                        Ok(canonical) => context = Some((written, canonical)),
                        Err(message) => {
                            context_failed = true;
                            errors.push(KeymapError::at(member.value.line, message))
                        }
                    },
                    _ => {
                        context_failed = true;
                        errors.push(KeymapError::at(
                            member.value.line,
                            "\"context\" is a string, such as \"List\"",
                        ))
                    }
                },
                "bindings" => match member.value.value {
                    Json::Object(members) => bindings = Some(members),
                    _ => {
                        bindings = Some(Vec::new());
                        errors.push(KeymapError::at(
                            member.value.line,
                            "\"bindings\" is an object: { \"ctrl-j\": \"list::SelectNext\" }",
                        ))
                    }
                },
                other => errors.push(KeymapError::at(
                    member.line,
                    format!("unknown key \"{other}\" (a block has \"context\" and \"bindings\")"),
                )),
            }
        }
        let Some(members) = bindings else {
            errors.push(KeymapError::at(item.line, "this block has no \"bindings\""));
            continue;
        };
        // A context that is wrong is reported already; its keys are not compared
        // with others'.
        let canonical_context = match &context {
            Some((_, canonical)) => canonical.clone(),
            None if context_failed => format!("\0line {}", item.line),
            None => String::new(),
        };
        let mut block = Block {
            context: context.map(|(written, _)| written),
            line: item.line,
            bindings: Vec::new(),
        };
        for member in members {
            let keys = match canonical_keystrokes(&member.key) {
                Ok(keys) => keys,
                Err(message) => {
                    errors.push(KeymapError::at(member.line, message));
                    continue;
                }
            };
            if let Some(first) = seen.insert((canonical_context.clone(), keys), member.line) {
                errors.push(KeymapError::at(
                    member.line,
                    format!(
                        "\"{}\" is bound twice in {} (also on line {first})",
                        member.key,
                        match &block.context {
                            Some(context) => format!("context \"{context}\""),
                            None => "blocks without a context".into(),
                        }
                    ),
                ));
                continue;
            }
            let action = match member.value.value {
                Json::Null => None,
                Json::Str(name) => match actions {
                    Some(known) if !known.contains(&name) => {
                        errors.push(KeymapError::at(
                            member.value.line,
                            unknown_action(&name, known),
                        ));
                        continue;
                    }
                    _ => Some(name),
                },
                _ => {
                    errors.push(KeymapError::at(
                        member.value.line,
                        format!(
                            "bind \"{}\" to an action's name in quotes, or to null to take the key away",
                            member.key
                        ),
                    ));
                    continue;
                }
            };
            block.bindings.push(Binding {
                keystrokes: member.key,
                action,
                line: member.line,
            });
        }
        keymap.blocks.push(block);
    }
    if errors.is_empty() {
        Ok(keymap)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn unknown_action(name: &str, known: &BTreeSet<String>) -> String {
    // Written without its namespace ("SelectNext"): the actions of that name.
    let short: Vec<&str> = known
        .iter()
        .filter(|action| action.rsplit("::").next() == Some(name))
        .map(String::as_str)
        .collect();
    let hint = if !short.is_empty() {
        format!(
            "did you mean {}?",
            short
                .iter()
                .map(|a| format!("\"{a}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    } else {
        closest(name, known.iter().map(String::as_str))
            .map(|near| format!("did you mean \"{near}\"?"))
            .unwrap_or_else(|| "the actions are listed in the README, \"Rebinding keys\"".into())
    };
    format!("unknown action \"{name}\" ({hint})")
}
