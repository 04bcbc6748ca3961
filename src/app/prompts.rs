//! The prompts a script can show: `arg` (a list to pick from or a line to type,
//! or several rows to toggle), `div` (markdown), `fields` (a form of typed
//! fields), `editor` (several lines), `path` (a file or folder) and `env` (a
//! variable's value, masked when secret). Each is an
//! entity in its own file implementing [`Prompt`] and emitting [`PromptEvent`]s
//! (the answer, and for live prompts what else the script asked to hear);
//! [`open`] turns a protocol message into one. The run session holds the open one
//! as an [`OpenPrompt`] and treats them all alike.

pub(crate) mod arg;
pub(crate) mod div;
pub(crate) mod editor;
pub(crate) mod env;
pub(crate) mod fields;
pub(crate) mod path;

use gpui::{
    AnyView, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, Render,
    SharedString, Subscription,
};
use serde_json::Value;

use super::screen::Hint;
use crate::protocol::{Message, PromptAction, Reply};

/// What a prompt tells the run session.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PromptEvent {
    /// The user answered: `value` is what the script receives, with the name of
    /// the prompt action that answered it, if one did.
    Submit {
        value: Value,
        action: Option<String>,
    },
    /// Something the script asked to hear (`input`, `focus`, `action` events).
    Send(Reply),
    /// Ctrl+K: show these actions in the actions menu.
    OpenMenu(Vec<PromptAction>),
}

impl PromptEvent {
    /// A plain answer.
    pub(crate) fn submit(value: Value) -> PromptEvent {
        PromptEvent::Submit {
            value,
            action: None,
        }
    }
}

/// What receives a prompt's events.
pub(crate) type Listener = Box<dyn Fn(&PromptEvent, &mut App)>;

/// One kind of prompt.
pub(crate) trait Prompt: Render + Focusable + EventEmitter<PromptEvent> {
    /// The height it wants in the window, in logical pixels.
    fn height(&self, cx: &App) -> f32;
    /// Its key contexts from its root down to its focused element (`ArgPrompt`,
    /// `List`, `TextInput`), for the keys the footer shows.
    fn key_contexts(&self, cx: &App) -> Vec<&'static str>;
    /// The footer's keys while it is open (how to submit), as bound where the
    /// focus is: inside the key contexts `at` (the window's, down to the prompt's
    /// [`Prompt::key_contexts`]).
    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint>;
    /// The text being typed and the selected row, for `skit state`.
    fn typed(&self, _: &App) -> (String, Option<String>) {
        (String::new(), None)
    }
    /// Rows matching the query and whether their ranking is still running, for
    /// prompts that are lists.
    fn rows(&self, _: &App) -> Option<(usize, bool)> {
        None
    }
    /// What the footer says on its left instead of the script's name.
    fn footer_title(&self, _: &App) -> Option<SharedString> {
        None
    }
    /// What else `skit state` says about it (an object whose keys are added to
    /// the state: toggled rows, form values, the folder shown). Never a secret.
    fn details(&self, _: &App) -> Value {
        Value::Null
    }
    /// The preview pane's markdown, when the prompt shows one (for `skit state`).
    fn preview(&self, _: &App) -> Option<String> {
        None
    }
    /// A message addressed to this prompt by id (`setChoices`, `setPreview`,
    /// `update`). Gives it back when this kind of prompt has no use for it.
    fn receive(&mut self, message: Message, _: &mut Context<Self>) -> Result<(), Message> {
        Err(message)
    }
    /// The prompt action `name` was chosen in the actions menu.
    fn act(&mut self, _name: &str, _: &mut Context<Self>) {}
    /// The prompt is on screen and the session listens: say what the script asked
    /// to hear first (the first `input` and `focus` events).
    fn opened(&mut self, _: &mut Context<Self>) {}
}

/// The prompt on screen: its id, the message that opened it, and its view.
pub(crate) struct OpenPrompt {
    pub(crate) id: String,
    /// The message as received, for `skit state`.
    pub(crate) message: Message,
    pub(crate) view: Box<dyn AnyPrompt>,
}

/// Opens the prompt that `message` asks for; gives the message back when it is not
/// a prompt.
pub(crate) fn open(message: Message, cx: &mut App) -> Result<OpenPrompt, Message> {
    let received = message.clone();
    let (id, view): (String, Box<dyn AnyPrompt>) = match message {
        Message::Arg(spec) => (
            spec.id.clone(),
            Box::new(cx.new(|cx| arg::ArgPrompt::new(*spec, cx))),
        ),
        Message::Div { id, markdown } => (
            id,
            Box::new(cx.new(|cx| div::DivPrompt::new(&markdown, cx))),
        ),
        Message::Fields { id, fields } => (
            id,
            Box::new(cx.new(|cx| fields::FieldsPrompt::new(fields, cx))),
        ),
        Message::Path(spec) => (
            spec.id.clone(),
            Box::new(cx.new(|cx| path::PathPrompt::new(*spec, cx))),
        ),
        Message::Env(spec) => (
            spec.id.clone(),
            Box::new(cx.new(|cx| env::EnvPrompt::new(*spec, cx))),
        ),
        Message::Editor {
            id,
            value,
            placeholder,
        } => (
            id,
            Box::new(cx.new(|cx| {
                editor::EditorPrompt::new(
                    &value.unwrap_or_default(),
                    &placeholder.unwrap_or_default(),
                    cx,
                )
            })),
        ),
        other => return Err(other),
    };
    Ok(OpenPrompt {
        id,
        message: received,
        view,
    })
}

/// A prompt entity of any kind.
pub(crate) trait AnyPrompt {
    fn view(&self) -> AnyView;
    fn focus_handle(&self, cx: &App) -> FocusHandle;
    fn height(&self, cx: &App) -> f32;
    fn key_contexts(&self, cx: &App) -> Vec<&'static str>;
    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint>;
    fn typed(&self, cx: &App) -> (String, Option<String>);
    fn rows(&self, cx: &App) -> Option<(usize, bool)>;
    fn footer_title(&self, cx: &App) -> Option<SharedString>;
    fn preview(&self, cx: &App) -> Option<String>;
    fn details(&self, cx: &App) -> Value;
    fn receive(&self, message: Message, cx: &mut App) -> Result<(), Message>;
    fn act(&self, name: &str, cx: &mut App);
    fn opened(&self, cx: &mut App);
    /// Calls `listener` with each event of the prompt, while the subscription lives.
    fn on_event(&self, listener: Listener, cx: &mut App) -> Subscription;
    /// Calls `changed` whenever the prompt changes (its height may have).
    fn on_change(&self, changed: Box<dyn Fn(&mut App)>, cx: &mut App) -> Subscription;
    /// The prompt as its own type (tests look inside).
    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<P: Prompt> AnyPrompt for Entity<P> {
    fn view(&self) -> AnyView {
        self.clone().into()
    }

    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.read(cx).focus_handle(cx)
    }

    fn height(&self, cx: &App) -> f32 {
        self.read(cx).height(cx)
    }

    fn key_contexts(&self, cx: &App) -> Vec<&'static str> {
        self.read(cx).key_contexts(cx)
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        self.read(cx).hints(at, cx)
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        self.read(cx).typed(cx)
    }

    fn rows(&self, cx: &App) -> Option<(usize, bool)> {
        self.read(cx).rows(cx)
    }

    fn footer_title(&self, cx: &App) -> Option<SharedString> {
        self.read(cx).footer_title(cx)
    }

    fn details(&self, cx: &App) -> Value {
        self.read(cx).details(cx)
    }

    fn preview(&self, cx: &App) -> Option<String> {
        self.read(cx).preview(cx)
    }

    fn receive(&self, message: Message, cx: &mut App) -> Result<(), Message> {
        self.update(cx, |prompt, cx| prompt.receive(message, cx))
    }

    fn act(&self, name: &str, cx: &mut App) {
        self.update(cx, |prompt, cx| prompt.act(name, cx));
    }

    fn opened(&self, cx: &mut App) {
        self.update(cx, |prompt, cx| prompt.opened(cx));
    }

    fn on_event(&self, listener: Listener, cx: &mut App) -> Subscription {
        cx.subscribe(self, move |_, event, cx| listener(event, cx))
    }

    fn on_change(&self, changed: Box<dyn Fn(&mut App)>, cx: &mut App) -> Subscription {
        cx.observe(self, move |_, cx| changed(cx))
    }

    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
