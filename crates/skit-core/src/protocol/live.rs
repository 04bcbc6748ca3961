//! The live-prompt engine: the rules of protocol 1.1 that do not depend on how a
//! prompt is shown, kept once for both hosts, the window's run session and the
//! headless host (`skit run --headless`).
//!
//! - [`Conversation`]: what skit answers by itself, before anything is shown
//!   (`hello`; an `env` whose variable is in the env file or the environment),
//!   storing the value an `env` prompt was given, and when a script learns that no
//!   answer will come (the user's input ended while it waits for the user).
//! - [`LiveArg`]: one open `arg` prompt's events: which the script asked for,
//!   their `seq` numbers, the debounce of `input`, the `setChoices` and
//!   `setPreview` that answer an older event than the newest (stale: dropped), and
//!   whether the script still owes the choices for the newest `input`.
//!
//! The hosts keep what is theirs: the window draws and debounces with its timer,
//! the headless host reads the user's actions from stdin.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::{Arg, Message, PromptAction, Reply};

/// How long the user's typing pauses before `input` is sent, when the prompt
/// names no `debounce` of its own.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// The script's side of one run, as far as skit answers without the user.
#[derive(Debug)]
pub struct Conversation {
    env_file: PathBuf,
    /// The prompt that waits for the user's answer.
    awaiting: Option<String>,
    /// No answer from the user comes any more (the headless host's input ended).
    user_gone: bool,
}

/// What a host does with a message from the script.
#[derive(Debug, PartialEq)]
pub enum Handling {
    /// skit answers it by itself (`hello`, an `env` it knows) and shows nothing.
    Answer(Reply),
    /// The host shows or performs it. `close_stdin`: the script waits for an
    /// answer that will never come (the user is gone); tell it with end-of-file.
    Show { close_stdin: bool },
}

impl Conversation {
    /// A run whose `env` prompts look in, and store into, `env_file`.
    pub fn new(env_file: PathBuf) -> Conversation {
        Conversation {
            env_file,
            awaiting: None,
            user_gone: false,
        }
    }

    /// Follows what the script sent, and answers what skit can answer by itself,
    /// even when the user is gone.
    pub fn script_sent(&mut self, message: &Message) -> Handling {
        match message {
            Message::Hello { .. } => return Handling::Answer(Reply::hello()),
            Message::Env(env) => {
                if let Some(value) = crate::env_file::lookup(&self.env_file, &env.key) {
                    return Handling::Answer(Reply::submit(&env.id, Value::String(value)));
                }
            }
            _ => {}
        }
        let mut close_stdin = false;
        if let Some(id) = message.prompt_id() {
            self.awaiting = Some(id.to_string());
            close_stdin = self.user_gone;
        }
        Handling::Show { close_stdin }
    }

    /// The user answered prompt `id` (or a request such as `getSelection`).
    pub fn user_answered(&mut self, id: &str) {
        if self.awaiting.as_deref() == Some(id) {
            self.awaiting = None;
        }
    }

    /// The user's input ended. Returns whether the script's stdin is to be
    /// closed now: it waits for the user. Otherwise it is closed at its next
    /// prompt (see [`Handling::Show`]), after what skit answers by itself.
    pub fn user_left(&mut self) -> bool {
        self.user_gone = true;
        self.awaiting.is_some()
    }

    /// The env file `env` prompts use.
    pub fn env_file(&self) -> &Path {
        &self.env_file
    }
}

/// Stores the value an `env` prompt was given. The error, or the note that a
/// damaged file was set aside, names the file and the variable, never the value.
/// It blocks on the file: the window calls it off the UI thread.
pub fn store_env(env_file: &Path, key: &str, value: &str) -> Result<(), String> {
    match crate::env_file::store(env_file, key, value) {
        Ok(None) => Ok(()),
        Ok(Some(moved)) => Err(format!(
            "The env file {} was not text: it is kept as {} and a new one holds {key}.",
            env_file.display(),
            moved.display()
        )),
        Err(e) => Err(format!(
            "Cannot save {key} in {}: {e}. The script got it for this run only.",
            env_file.display()
        )),
    }
}

/// The live events of one open `arg` prompt.
#[derive(Debug)]
pub struct LiveArg {
    id: String,
    wants_input: bool,
    wants_focus: bool,
    wants_action: bool,
    debounce: Duration,
    /// `input` events sent so far (the newest one's `seq`).
    input_seq: u64,
    /// The newest `input` still waits for its `setChoices`.
    awaiting_choices: bool,
    /// `focus` events sent so far, and the key of the focused choice.
    focus_seq: u64,
    focused: Option<String>,
}

/// What a move of the focus does.
#[derive(Debug, PartialEq)]
pub enum FocusMove {
    /// The same choice as before (re-ranked, say): nothing changes.
    Same,
    /// Another choice: its preview shows, and the script hears of it if asked.
    Moved(Option<Reply>),
}

/// Why a `setChoices` or `setPreview` was not applied.
#[derive(Debug, PartialEq)]
pub struct Stale {
    pub seq: u64,
    pub newest: u64,
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "it answers event {}, older than {}",
            self.seq, self.newest
        )
    }
}

impl LiveArg {
    pub fn new(arg: &Arg) -> LiveArg {
        LiveArg {
            id: arg.id.clone(),
            wants_input: arg.wants("input"),
            wants_focus: arg.wants("focus"),
            wants_action: arg.wants("action"),
            debounce: arg.debounce.map_or(DEBOUNCE, Duration::from_millis),
            input_seq: 0,
            awaiting_choices: false,
            focus_seq: 0,
            focused: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// How long to wait after the user's last change of the query before
    /// [`LiveArg::input`]; `None` when the script did not ask for `input`.
    pub fn debounce(&self) -> Option<Duration> {
        self.wants_input.then_some(self.debounce)
    }

    /// The query is `query` (at the prompt's opening, or once the user paused):
    /// the `input` event, if the script asked for it.
    pub fn input(&mut self, query: String) -> Option<Reply> {
        if !self.wants_input {
            return None;
        }
        self.input_seq += 1;
        self.awaiting_choices = true;
        Some(Reply::Input {
            id: self.id.clone(),
            value: query,
            seq: self.input_seq,
        })
    }

    /// The choice at `index` (among the script's choices), whose key is `key`,
    /// has the focus: whether it moved to another choice, with the `focus` event
    /// if the script asked for it.
    pub fn focus(&mut self, index: usize, key: &str, value: Value) -> FocusMove {
        if self.focused.as_deref() == Some(key) {
            return FocusMove::Same;
        }
        self.focused = Some(key.to_string());
        if !self.wants_focus {
            return FocusMove::Moved(None);
        }
        self.focus_seq += 1;
        FocusMove::Moved(Some(Reply::Focus {
            id: self.id.clone(),
            index,
            value,
            seq: self.focus_seq,
        }))
    }

    /// No choice has the focus (nothing matches).
    pub fn unfocus(&mut self) {
        self.focused = None;
    }

    /// The user picked `action` with `value` (the action's own, else the focused
    /// choice's) while the query was `query`: the reply that ends the prompt when
    /// the action closes it, else the `action` event if the script asked for it.
    pub fn act(&self, action: &PromptAction, value: Option<Value>, query: &str) -> Option<Reply> {
        if action.closes() {
            return Some(Reply::Submit {
                id: self.id.clone(),
                value: value.unwrap_or_else(|| Value::String(query.to_string())),
                action: Some(action.name.clone()),
            });
        }
        if !self.wants_action {
            tracing::warn!(
                "the action {:?} stays open, but the prompt did not ask for action events",
                action.name
            );
            return None;
        }
        Some(Reply::Action {
            id: self.id.clone(),
            action: action.name.clone(),
            value: value.unwrap_or(Value::Null),
            input: query.to_string(),
        })
    }

    /// A `setChoices` numbered `seq` arrived: applied unless it answers an older
    /// `input` than the newest. A replacing one settles the newest `input`.
    pub fn accept_choices(&mut self, seq: Option<u64>, append: bool) -> Result<(), Stale> {
        if let Some(seq) = seq.filter(|seq| *seq < self.input_seq) {
            return Err(Stale {
                seq,
                newest: self.input_seq,
            });
        }
        if !append {
            self.awaiting_choices = false;
        }
        Ok(())
    }

    /// A `setPreview` numbered `seq` arrived: applied unless it answers an older
    /// `focus` than the newest.
    pub fn accept_preview(&self, seq: Option<u64>) -> Result<(), Stale> {
        match seq.filter(|seq| *seq < self.focus_seq) {
            Some(seq) => Err(Stale {
                seq,
                newest: self.focus_seq,
            }),
            None => Ok(()),
        }
    }

    /// The script has not yet answered the newest `input` with its choices.
    pub fn awaiting_choices(&self) -> bool {
        self.awaiting_choices
    }

    /// `update` changed the prompt's actions; what it asked for stays.
    pub fn wants_action(&self) -> bool {
        self.wants_action
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Message;

    fn arg(json: &str) -> Arg {
        match serde_json::from_str::<Message>(json).unwrap() {
            Message::Arg(arg) => *arg,
            other => panic!("not an arg: {other:?}"),
        }
    }

    #[test]
    fn hello_and_a_known_env_are_answered_without_showing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("env");
        std::fs::write(&file, "TOKEN=abc\n").unwrap();
        let mut talk = Conversation::new(file);
        let hello: Message = serde_json::from_str(r#"{"type":"hello","protocol":"1.1"}"#).unwrap();
        assert_eq!(talk.script_sent(&hello), Handling::Answer(Reply::hello()));
        let env: Message =
            serde_json::from_str(r#"{"type":"env","id":"e","key":"TOKEN"}"#).unwrap();
        assert_eq!(
            talk.script_sent(&env),
            Handling::Answer(Reply::submit("e", Value::String("abc".into())))
        );
    }

    #[test]
    fn once_the_user_is_gone_only_a_prompt_closes_stdin_and_hello_is_still_answered() {
        let dir = tempfile::tempdir().unwrap();
        let mut talk = Conversation::new(dir.path().join("env"));
        assert!(!talk.user_left(), "nothing waits for the user yet");
        let hello: Message = serde_json::from_str(r#"{"type":"hello","protocol":"1.1"}"#).unwrap();
        assert_eq!(talk.script_sent(&hello), Handling::Answer(Reply::hello()));
        let ask: Message = serde_json::from_str(r#"{"type":"arg","id":"a"}"#).unwrap();
        assert_eq!(talk.script_sent(&ask), Handling::Show { close_stdin: true });
    }

    #[test]
    fn the_user_leaving_while_a_prompt_waits_closes_stdin_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut talk = Conversation::new(dir.path().join("env"));
        let ask: Message = serde_json::from_str(r#"{"type":"arg","id":"a"}"#).unwrap();
        assert_eq!(
            talk.script_sent(&ask),
            Handling::Show { close_stdin: false }
        );
        assert!(talk.user_left());
        let mut answered = Conversation::new(dir.path().join("env"));
        answered.script_sent(&ask);
        answered.user_answered("a");
        assert!(!answered.user_left(), "the prompt was answered");
    }

    #[test]
    fn input_events_are_numbered_and_older_choices_are_stale() {
        let mut live = LiveArg::new(&arg(r#"{"type":"arg","id":"a","events":["input"]}"#));
        assert_eq!(live.debounce(), Some(DEBOUNCE));
        let first = live.input("a".into());
        assert!(matches!(first, Some(Reply::Input { seq: 1, .. })));
        live.input("ab".into());
        assert!(live.awaiting_choices());
        assert_eq!(
            live.accept_choices(Some(1), false),
            Err(Stale { seq: 1, newest: 2 })
        );
        assert!(live.awaiting_choices());
        assert_eq!(live.accept_choices(Some(2), true), Ok(()));
        assert!(
            live.awaiting_choices(),
            "an append does not settle the input"
        );
        assert_eq!(live.accept_choices(None, false), Ok(()));
        assert!(!live.awaiting_choices());
    }

    #[test]
    fn without_input_events_nothing_is_sent_or_debounced() {
        let mut live = LiveArg::new(&arg(r#"{"type":"arg","id":"a","debounce":0}"#));
        assert_eq!(live.debounce(), None);
        assert_eq!(live.input("x".into()), None);
        assert_eq!(live.accept_choices(Some(0), false), Ok(()));
    }

    #[test]
    fn focus_is_sent_once_per_choice_and_numbers_previews() {
        let mut live = LiveArg::new(&arg(
            r#"{"type":"arg","id":"a","events":["focus"],"debounce":5}"#,
        ));
        assert_eq!(live.debounce(), None);
        let one = live.focus(0, "one", Value::from("1"));
        assert!(matches!(
            one,
            FocusMove::Moved(Some(Reply::Focus {
                seq: 1,
                index: 0,
                ..
            }))
        ));
        assert_eq!(live.focus(0, "one", Value::from("1")), FocusMove::Same);
        assert!(matches!(
            live.focus(3, "two", Value::from("2")),
            FocusMove::Moved(Some(_))
        ));
        assert_eq!(
            live.accept_preview(Some(1)),
            Err(Stale { seq: 1, newest: 2 })
        );
        assert_eq!(live.accept_preview(Some(2)), Ok(()));
        live.unfocus();
        assert!(matches!(
            live.focus(3, "two", Value::from("2")),
            FocusMove::Moved(Some(_))
        ));
        let mut quiet = LiveArg::new(&arg(r#"{"type":"arg","id":"a"}"#));
        assert_eq!(quiet.focus(0, "one", Value::Null), FocusMove::Moved(None));
    }

    #[test]
    fn an_action_that_closes_submits_and_one_that_stays_is_an_event_if_asked() {
        let spec = arg(r#"{"type":"arg","id":"a","events":["action"],
                "actions":[{"name":"open"},{"name":"peek","close":false}]}"#);
        let live = LiveArg::new(&spec);
        assert_eq!(
            live.act(&spec.actions[0], None, "typed"),
            Some(Reply::Submit {
                id: "a".into(),
                value: Value::from("typed"),
                action: Some("open".into())
            })
        );
        assert_eq!(
            live.act(&spec.actions[1], Some(Value::from(7)), "q"),
            Some(Reply::Action {
                id: "a".into(),
                action: "peek".into(),
                value: Value::from(7),
                input: "q".into()
            })
        );
        let quiet = LiveArg::new(&arg(
            r#"{"type":"arg","id":"a","actions":[{"name":"peek","close":false}]}"#,
        ));
        assert_eq!(quiet.act(&spec.actions[1], None, "q"), None);
    }
}
