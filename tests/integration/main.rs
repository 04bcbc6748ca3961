//! skit's integration tests that need no window: the command line, the headless
//! host, prompts and the SDKs through real bash, Python and Node scripts, the
//! triggers, and the crash supervisor. One test binary (one link instead of
//! seven), with the helpers in `tests/common` shared.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod crash;
mod headless;
mod inputs;
mod live_prompts;
mod raycast;
mod scriptkit;
mod sdk;
mod triggers;
