//! The `env` prompt (protocol 1.1): the value of an environment variable that is
//! neither in skit's environment nor in the env file (the run session answers
//! those at once, without showing anything). One input, masked when the script
//! says the value is `secret`; Enter answers it, and the session stores it in the
//! env file for every later run. An empty value is not accepted.

use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, SharedString, Styled, Subscription, Window, actions, div,
    px,
};
use serde_json::{Value, json};

use super::{Prompt, PromptEvent};
use crate::app::list::{QUERY_HEIGHT, query_field};
use crate::app::screen::Hint;
use crate::app::text_input::{self, TextInput};
use crate::app::theme::Theme;
use crate::protocol::EnvRequest;

actions!(env_prompt, [Submit]);

const CONTEXT: &str = "EnvPrompt";
const HINT_HEIGHT: f32 = 28.;
const BODY_HEIGHT: f32 = 84.;

pub(crate) struct EnvPrompt {
    spec: EnvRequest,
    input: Entity<TextInput>,
    /// Enter was pressed on an empty value.
    empty: bool,
    _changes: Subscription,
}

impl EventEmitter<PromptEvent> for EnvPrompt {}

impl Focusable for EnvPrompt {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.input.focus_handle(cx)
    }
}

impl EnvPrompt {
    pub(crate) fn new(spec: EnvRequest, cx: &mut Context<Self>) -> EnvPrompt {
        let placeholder = spec
            .placeholder
            .clone()
            .unwrap_or_else(|| format!("The value of {}", spec.key));
        let secret = spec.secret();
        let input = cx.new(|cx| {
            let mut input = TextInput::new(placeholder, cx);
            input.set_masked(secret, cx);
            input
        });
        let changes = cx.subscribe(&input, |this: &mut Self, _, _: &text_input::Changed, cx| {
            this.empty = false;
            cx.notify();
        });
        EnvPrompt {
            spec,
            input,
            empty: false,
            _changes: changes,
        }
    }

    fn submit(&mut self, _: &Submit, _: &mut Window, cx: &mut Context<Self>) {
        let value = self.input.read(cx).text().to_string();
        if value.is_empty() {
            self.empty = true;
            cx.notify();
            return;
        }
        cx.emit(PromptEvent::submit(Value::String(value)));
    }
}

#[cfg(feature = "test-support")]
impl EnvPrompt {
    /// The text drawn in the input (bullets when secret), for the view tests.
    pub(crate) fn drawn(&self, cx: &App) -> Option<String> {
        self.input.read(cx).drawn_text()
    }
}

impl Prompt for EnvPrompt {
    fn height(&self, _: &App) -> f32 {
        HINT_HEIGHT + QUERY_HEIGHT + BODY_HEIGHT
    }

    fn key_contexts(&self, _: &App) -> Vec<&'static str> {
        vec![CONTEXT, text_input::CONTEXT]
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        vec![Hint::new("Save", &Submit, at, cx)]
    }

    /// What is typed, masked when secret.
    fn typed(&self, cx: &App) -> (String, Option<String>) {
        (self.input.read(cx).shown_text(), None)
    }

    fn details(&self, _: &App) -> Value {
        json!({ "key": self.spec.key, "secret": self.spec.secret() })
    }
}

impl Render for EnvPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        let key = &self.spec.key;
        let hint: SharedString = match &self.spec.hint {
            Some(hint) => hint.clone().into(),
            None => format!("The script needs {key}, which is not set.").into(),
        };
        let (title, detail) = if self.empty {
            (
                format!("Type a value for {key} first"),
                "An empty value is not saved.".to_string(),
            )
        } else {
            (
                format!("Enter saves {key} for every script"),
                if self.spec.secret() {
                    "It is kept in skit's env file, readable only by you, and never shown."
                } else {
                    "It is kept in skit's env file, readable only by you."
                }
                .to_string(),
            )
        };
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::submit))
            .size_full()
            .flex()
            .flex_col()
            .child(
                div()
                    .h(px(HINT_HEIGHT))
                    .px_4()
                    .flex()
                    .items_center()
                    .text_size(px(12.5))
                    .text_color(theme.text_muted)
                    .child(hint),
            )
            .child(query_field(self.input.clone(), theme))
            .child(
                div()
                    .h(px(BODY_HEIGHT))
                    .px_4()
                    .flex()
                    .flex_col()
                    .justify_center()
                    .gap_1()
                    .child(
                        div()
                            .text_size(px(14.))
                            .text_color(if self.empty { theme.error } else { theme.text })
                            .child(title),
                    )
                    .child(
                        div()
                            .text_size(px(12.5))
                            .text_color(theme.text_muted)
                            .child(detail),
                    ),
            )
    }
}
