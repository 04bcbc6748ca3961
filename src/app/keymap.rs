//! Every key binding of the window, from the keymap files: skit's defaults
//! (`assets/default-keymap.json`, built in) and the user's `keymap.json` on top of
//! them. `crate::keymap` (core, no gpui) reads and checks a file; this turns it
//! into gpui's [`KeyBinding`]s: the defaults first, the user's after them (at the
//! same depth the later binding wins), a key bound to `null` as gpui's
//! [`NoAction`] (which takes the key away where its context matches).
//!
//! The user's file is read with the config on every reload (off the UI thread,
//! [`read`]) and put in force on the UI thread ([`apply`]); one with a mistake is
//! reported, with its line, and the keys in force stay as they were.
//!
//! `skit dmenu`'s keys are not here: they are rofi's (`-kb-*`), read by its screen.

use std::path::Path;

use gpui::{
    Action, App, Global, KeyBinding, KeyBindingContextPredicate, KeyBindingMetaIndex, NoAction,
};

use super::script_actions;
use crate::keymap::{self as data, Keymap, KeymapError};
use crate::problem::Problem;

/// Marks the bindings of the default keymap (the footer tells them from the
/// user's: `keys::label`).
pub(crate) const DEFAULT: KeyBindingMetaIndex = KeyBindingMetaIndex(1);
/// Marks the user's bindings. Lower than [`DEFAULT`]: a user's `null` takes away
/// the defaults' keys (gpui lets a `null` hide bindings of its meta or above).
const USER: KeyBindingMetaIndex = KeyBindingMetaIndex(0);

/// The user's keymap in force (`None`: there is none, the defaults alone).
#[derive(Default)]
struct InForce(Option<Keymap>);

impl Global for InForce {}

/// Binds the default keys. Called once, before any window opens (and by tests).
pub(crate) fn init(cx: &mut App) {
    cx.bind_keys(defaults(cx));
    cx.set_global(InForce(None));
}

/// The user's keymap as read from the disk and checked, not yet in force.
pub struct Read(Result<Option<Keymap>, Vec<KeymapError>>);

/// Reads and checks the user's keymap at `path` (`Paths::keymap_file`). Touches
/// the disk: call it off the UI thread.
pub fn read(path: &Path) -> Read {
    Read(data::load(path))
}

/// Puts what [`read`] found in force over the defaults. A keymap with mistakes
/// changes nothing: its mistakes are returned, one problem each, with the file and
/// line. A file that is gone leaves the defaults alone.
pub fn apply(read: Read, path: &Path, cx: &mut App) -> Vec<Problem> {
    let user = match read.0 {
        Ok(user) => user,
        Err(errors) => return problems(&errors, path),
    };
    if cx.try_global::<InForce>().is_some_and(|now| now.0 == user) {
        return Vec::new();
    }
    let mine = match &user {
        Some(keymap) => match bindings(keymap, USER, cx) {
            Ok(bindings) => bindings,
            Err(errors) => return problems(&errors, path),
        },
        None => Vec::new(),
    };
    let defaults = defaults(cx);
    cx.clear_key_bindings();
    cx.bind_keys(defaults.into_iter().chain(mine));
    cx.set_global(InForce(user));
    Vec::new()
}

fn problems(errors: &[KeymapError], path: &Path) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| {
            Problem::new(format!(
                "{} — keeping the keys as they were",
                e.located(path)
            ))
        })
        .collect()
}

/// The default keymap's bindings (its tests keep it free of mistakes).
fn defaults(cx: &App) -> Vec<KeyBinding> {
    bindings(data::defaults(), DEFAULT, cx)
        .unwrap_or_else(|errors| panic!("assets/default-keymap.json: {errors:?}"))
}

/// gpui's bindings for a checked keymap, in its order.
fn bindings(
    keymap: &Keymap,
    meta: KeyBindingMetaIndex,
    cx: &App,
) -> Result<Vec<KeyBinding>, Vec<KeymapError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let error = |line, message: String| KeymapError {
        line,
        column: 0,
        message,
    };
    for block in &keymap.blocks {
        let predicate = match block
            .context
            .as_deref()
            .map(KeyBindingContextPredicate::parse)
        {
            None => None,
            Some(Ok(predicate)) => Some(std::rc::Rc::new(predicate)),
            Some(Err(e)) => {
                errors.push(error(block.line, format!("cannot read the context: {e}")));
                continue;
            }
        };
        for binding in &block.bindings {
            let action = match binding.action.as_deref().map(|name| action(name, cx)) {
                None => Box::new(NoAction) as Box<dyn Action>,
                Some(Ok(action)) => action,
                Some(Err(e)) => {
                    errors.push(error(binding.line, e));
                    continue;
                }
            };
            match KeyBinding::load(
                &binding.keystrokes,
                action,
                predicate.clone(),
                false,
                None,
                cx,
            ) {
                Ok(key_binding) => out.push(key_binding.with_meta(meta)),
                Err(e) => errors.push(error(binding.line, e.to_string())),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The action a keymap names: a script action (`script_actions::Edit`), or any
/// action gpui knows by its name (`list::SelectNext`).
fn action(name: &str, cx: &App) -> Result<Box<dyn Action>, String> {
    if let Some(kind) = script_actions::named(name) {
        return Ok(Box::new(script_actions::Perform(kind)));
    }
    cx.build_action(name, None)
        .map_err(|e| format!("unknown action \"{name}\" ({e})"))
}

#[cfg(all(test, feature = "test-support"))]
mod tests {
    use std::collections::BTreeSet;

    use gpui::TestAppContext;

    use super::*;

    /// Every action skit registers, by name, besides dmenu's (whose keys are
    /// rofi's) and the script actions' one type (named per kind instead); gpui's
    /// own are `zed::`.
    fn registered(cx: &App) -> BTreeSet<String> {
        cx.all_action_names()
            .iter()
            .filter(|name| !name.starts_with("zed::") && !name.starts_with("dmenu_screen::"))
            .filter(|name| **name != "script_actions::Perform")
            .map(|name| name.to_string())
            .collect()
    }

    #[gpui::test]
    fn every_action_of_the_default_keymap_is_one_of_skits(cx: &mut TestAppContext) {
        cx.update(|cx| {
            for name in data::actions() {
                assert!(action(name, cx).is_ok(), "{name} does not build");
            }
            let known: BTreeSet<String> = data::actions().iter().cloned().collect();
            let script_actions: BTreeSet<String> = known
                .iter()
                .filter(|name| script_actions::named(name).is_some())
                .cloned()
                .collect();
            let registered = registered(cx);
            // Each registered action has a default key (so the keymap can name it);
            // the script actions are the rest.
            assert_eq!(
                known
                    .difference(&script_actions)
                    .cloned()
                    .collect::<BTreeSet<_>>(),
                registered
            );
        });
    }

    #[gpui::test]
    fn the_defaults_load_with_no_problem(cx: &mut TestAppContext) {
        cx.update(|cx| {
            init(cx);
            let count = cx.key_bindings().borrow().bindings().count();
            assert_eq!(count, data::defaults().len());
            let path = Path::new("/nowhere/keymap.json");
            assert!(apply(read(path), path, cx).is_empty());
            assert_eq!(cx.key_bindings().borrow().bindings().count(), count);
        });
    }
}
