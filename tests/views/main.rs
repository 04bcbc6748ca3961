//! The view tests: the launcher's window in gpui's `TestAppContext` (the
//! `test-support` feature) with real scripts behind it: the list and its keys,
//! prompts and forms, the keymap, and triggered runs that ask something. One
//! test binary, with the helpers in `tests/common` shared.

#[path = "../common/mod.rs"]
mod common;

mod inputs;
mod keymap;
mod launcher;
mod trigger;
