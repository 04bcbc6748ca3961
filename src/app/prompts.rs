//! The prompts a script can show: `arg` (a list to pick from or a line to type),
//! `div` (markdown), `fields` (a form) and `editor` (several lines). Each is an
//! entity in its own file implementing [`Prompt`] and emitting [`Submitted`] with
//! the value to send; [`open`] turns a protocol message into one. The run session
//! holds the open one as an [`OpenPrompt`] and treats them all alike.

pub(crate) mod arg;
pub(crate) mod div;
pub(crate) mod editor;
pub(crate) mod fields;

use gpui::{
    AnyView, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, Render,
    Subscription,
};

use serde_json::Value;

use super::screen::Hint;
use crate::protocol::Message;

/// The user answered the prompt: `value` is what the script receives.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Submitted(pub Value);

/// What receives a prompt's answers.
pub(crate) type Answer = Box<dyn Fn(Value, &mut App)>;

/// One kind of prompt.
pub(crate) trait Prompt: Render + Focusable + EventEmitter<Submitted> {
    /// The height it wants in the window, in logical pixels.
    fn height(&self, cx: &App) -> f32;
    /// The footer's keys while it is open (how to submit).
    fn hints(&self, cx: &App) -> Vec<Hint>;
    /// The text being typed and the selected row, for `skit state`.
    fn typed(&self, _: &App) -> (String, Option<String>) {
        (String::new(), None)
    }
    /// Rows matching the query and whether their ranking is still running, for
    /// prompts that are lists.
    fn rows(&self, _: &App) -> Option<(usize, bool)> {
        None
    }
    /// A message addressed to this prompt by id (`setChoices`). Gives it back when
    /// this kind of prompt has no use for it.
    fn receive(&mut self, message: Message, _: &mut Context<Self>) -> Result<(), Message> {
        Err(message)
    }
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
        Message::Arg {
            id,
            placeholder,
            hint,
            choices,
            strict,
        } => (
            id,
            Box::new(cx.new(|cx| arg::ArgPrompt::new(placeholder, hint, choices, strict, cx))),
        ),
        Message::Div { id, markdown } => (
            id,
            Box::new(cx.new(|cx| div::DivPrompt::new(&markdown, cx))),
        ),
        Message::Fields { id, fields } => (
            id,
            Box::new(cx.new(|cx| fields::FieldsPrompt::new(fields, cx))),
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
    fn hints(&self, cx: &App) -> Vec<Hint>;
    fn typed(&self, cx: &App) -> (String, Option<String>);
    fn rows(&self, cx: &App) -> Option<(usize, bool)>;
    fn receive(&self, message: Message, cx: &mut App) -> Result<(), Message>;
    /// Calls `answer` with each value the prompt submits, while the subscription lives.
    fn on_submit(&self, answer: Answer, cx: &mut App) -> Subscription;
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

    fn hints(&self, cx: &App) -> Vec<Hint> {
        self.read(cx).hints(cx)
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        self.read(cx).typed(cx)
    }

    fn rows(&self, cx: &App) -> Option<(usize, bool)> {
        self.read(cx).rows(cx)
    }

    fn receive(&self, message: Message, cx: &mut App) -> Result<(), Message> {
        self.update(cx, |prompt, cx| prompt.receive(message, cx))
    }

    fn on_submit(&self, answer: Answer, cx: &mut App) -> Subscription {
        cx.subscribe(self, move |_, Submitted(value), cx| {
            answer(value.clone(), cx)
        })
    }

    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
