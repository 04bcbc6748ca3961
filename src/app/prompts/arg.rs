//! The `arg` prompt: a list of the script's choices under a query (the same list
//! as the launcher's), with what protocol 1.1 adds when a script asks for it:
//!
//! - **live input**: `input` events, debounced, numbered by `seq` (the rules are
//!   the live-prompt engine's, `protocol::live`, which the headless host shares); with
//!   `filter: "script"` skit shows the script's rows in its order, and a reply to
//!   an older `input` than the newest is dropped. While the newest has no reply
//!   the old rows stay and a thin line under the query says it is loading;
//! - **focus** events and a **preview** pane (the focused row's `preview`, or the
//!   script's `setPreview`), scrolled with Shift+Up/Down;
//! - **actions** in the Ctrl+K menu, in the footer, and on their own keys;
//! - group headers, tags, icons, and a selection that follows a choice's `id`;
//! - `update`, which changes the open prompt without replacing it;
//! - **multi-select** (`multiple: true`): rows toggled with Ctrl+Space, a click
//!   with Ctrl, or Ctrl+A for every matching row, shown with check marks and
//!   counted in the footer.
//!
//! Enter submits the selected choice's value, or the typed text when the prompt
//! has no choices or is not strict and nothing matches. In a multi-select prompt
//! it submits an array: the toggled choices' values in the order they were
//! toggled, or the selected one alone when none is.
//!
//! The list data is [`choices::ChoicesDelegate`].

mod choices;

use gpui::prelude::FluentBuilder;
use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, KeybindingKeystroke, Keystroke, ParentElement, Render, SharedString, Styled,
    Subscription, Task, Window, actions, div, px, relative,
};
use serde_json::{Value, json};

use super::{Prompt, PromptEvent};
use crate::accelerator::Accelerator;
use crate::app::keys;
use crate::app::list::{self, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::screen::Hint;
use crate::app::text_input;
use crate::app::theme::Theme;
#[cfg(feature = "test-support")]
use crate::markdown::Block;
use crate::protocol::live::{FocusMove, LiveArg};
use crate::protocol::{Arg, Choice, Message, PromptAction, Update};
use choices::ChoicesDelegate;
#[cfg(feature = "test-support")]
use choices::DisplayRow;

actions!(arg_prompt, [OpenActions]);

const CONTEXT: &str = "ArgPrompt";
const HINT_HEIGHT: f32 = 28.;

pub(crate) struct ArgPrompt {
    spec: Arg,
    list: Entity<ListView<ChoicesDelegate>>,
    /// The actions' own keys, as gpui keystrokes, by action index.
    shortcuts: Vec<(KeybindingKeystroke, usize)>,
    /// The prompt's live events (`seq`, debounce, stale replies): the engine the
    /// headless host shares.
    live: LiveArg,
    /// The pending `input` event, sent when the debounce time has passed.
    debounce: Option<Task<()>>,
    /// Set while the script changes the query (`update`): no `input` goes back.
    quiet: bool,
    /// From `update`.
    loading: bool,
    progress: Option<f64>,
    footer: Option<SharedString>,
    enter_label: Option<SharedString>,
    _subscriptions: Vec<Subscription>,
}

impl EventEmitter<PromptEvent> for ArgPrompt {}

impl Focusable for ArgPrompt {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl ArgPrompt {
    pub(crate) fn new(spec: Arg, cx: &mut Context<Self>) -> ArgPrompt {
        let placeholder = spec
            .placeholder
            .clone()
            .unwrap_or_else(|| "Type your answer…".into());
        let delegate = ChoicesDelegate::new(&spec);
        let list = cx.new(|cx| {
            let mut list = ListView::new(delegate, placeholder, cx);
            if let Some(input) = &spec.input {
                list.set_query(input, cx);
            }
            list
        });
        let events = cx.subscribe(&list, |this, _, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index } => this.submit(*index, None, cx),
            ListEvent::QueryChanged => this.query_changed(cx),
            ListEvent::Selected { index } => this.focus_changed(*index, cx),
            ListEvent::Toggled => cx.notify(),
        });
        // The list's changes are the prompt's (its height follows the rows).
        let changes = cx.observe(&list, |_, _, cx| cx.notify());
        // An action's own key is looked at before the keymap, so it works even
        // where the query would take the key.
        let prompt = cx.weak_entity();
        let keys = cx.intercept_keystrokes(move |event, window, cx| {
            let _ = prompt.update(cx, |prompt, cx| {
                if prompt.focus_handle(cx).contains_focused(window, cx)
                    && let Some(ix) = prompt.shortcut(&event.keystroke)
                {
                    cx.stop_propagation();
                    prompt.perform(ix, cx);
                }
            });
        });
        let mut prompt = ArgPrompt {
            live: LiveArg::new(&spec),
            spec,
            list,
            shortcuts: Vec::new(),
            debounce: None,
            quiet: false,
            loading: false,
            progress: None,
            footer: None,
            enter_label: None,
            _subscriptions: vec![events, changes, keys],
        };
        prompt.shortcuts = shortcuts(&prompt.spec.actions);
        prompt
    }

    fn query(&self, cx: &App) -> String {
        self.list.read(cx).query(cx)
    }

    /// Enter (or an action that closes): the selected choice's value, or the
    /// typed text when there are no choices or the prompt is not strict.
    fn submit(
        &mut self,
        index: Option<usize>,
        action: Option<&PromptAction>,
        cx: &mut Context<Self>,
    ) {
        let view = self.list.read(cx);
        let delegate = &view.delegate;
        let toggled = delegate.toggled();
        let value = match (
            action.and_then(|a| a.value.clone()),
            index.and_then(|ix| delegate.choice(ix)),
        ) {
            (Some(value), _) => value,
            (None, _) if !toggled.is_empty() => {
                Value::Array(toggled.into_iter().map(Choice::value).collect())
            }
            (None, Some(choice)) => choice.value(),
            (None, None) if delegate.free_text || !delegate.strict || action.is_some() => {
                Value::String(view.query(cx))
            }
            (None, None) => return, // strict, nothing matches: Enter does nothing
        };
        // A multi-select prompt always answers an array.
        let value = match value {
            Value::Array(_) => value,
            one if delegate.multiple => json!([one]),
            one => one,
        };
        cx.emit(PromptEvent::Submit {
            value,
            action: action.map(|a| a.name.clone()),
        });
    }

    /// Does action `ix`: ends the prompt with it, or tells the script and stays.
    fn perform(&mut self, ix: usize, cx: &mut Context<Self>) {
        let Some(action) = self.spec.actions.get(ix).cloned() else {
            return;
        };
        let selected = self.list.read(cx).selected_index();
        if action.closes() {
            return self.submit(selected, Some(&action), cx);
        }
        let value = action.value.clone().or_else(|| {
            let view = self.list.read(cx);
            selected
                .and_then(|ix| view.delegate.choice(ix))
                .map(Choice::value)
        });
        if let Some(reply) = self.live.act(&action, value, &self.query(cx)) {
            cx.emit(PromptEvent::Send(reply));
        }
    }

    /// The action whose own key is `keystroke`.
    fn shortcut(&self, keystroke: &Keystroke) -> Option<usize> {
        self.shortcuts
            .iter()
            .find(|(key, _)| keystroke.should_match(key))
            .map(|(_, ix)| *ix)
    }

    fn open_actions(&mut self, _: &OpenActions, _: &mut Window, cx: &mut Context<Self>) {
        if self.spec.actions.is_empty() {
            cx.propagate();
        } else {
            cx.emit(PromptEvent::OpenMenu(self.spec.actions.clone()));
        }
    }

    /// The query changed: tell the script, once the user pauses typing.
    fn query_changed(&mut self, cx: &mut Context<Self>) {
        if self.quiet {
            return;
        }
        let Some(wait) = self.live.debounce() else {
            return;
        };
        if wait.is_zero() {
            self.debounce = None;
            return self.send_input(cx);
        }
        self.debounce = Some(cx.spawn(async move |this, cx| {
            cx.background_executor().timer(wait).await;
            let _ = this.update(cx, |this, cx| this.send_input(cx));
        }));
    }

    fn send_input(&mut self, cx: &mut Context<Self>) {
        if let Some(reply) = self.live.input(self.query(cx)) {
            cx.emit(PromptEvent::Send(reply));
            cx.notify();
        }
    }

    /// The focused row changed (or was re-ranked): the preview follows it, and the
    /// script hears of it if it asked.
    fn focus_changed(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        let Some((position, choice)) = index.and_then(|ix| view.delegate.choice_at(ix)) else {
            return self.live.unfocus();
        };
        let (key, value) = (choice.key().to_string(), choice.value());
        let preview = choice.preview().map(str::to_string);
        let FocusMove::Moved(reply) = self.live.focus(position, &key, value) else {
            return;
        };
        if let Some(preview) = preview {
            self.list
                .update(cx, |view, _| view.delegate.show_preview(&preview));
        }
        if let Some(reply) = reply {
            cx.emit(PromptEvent::Send(reply));
        }
    }

    /// `setChoices`: dropped when it answers an older `input` than the newest.
    fn set_choices(
        &mut self,
        choices: Vec<Choice>,
        append: bool,
        seq: Option<u64>,
        cx: &mut Context<Self>,
    ) {
        if let Err(stale) = self.live.accept_choices(seq, append) {
            return tracing::debug!("setChoices dropped: {stale}");
        }
        self.list.update(cx, |view, cx| {
            view.update_items_coalesced(|delegate| delegate.set_choices(choices, append), cx)
        });
    }

    /// `update`: changes what it names, keeps the rest.
    fn update(&mut self, update: Update, cx: &mut Context<Self>) {
        if let Some(placeholder) = update.placeholder {
            self.list
                .update(cx, |view, cx| view.set_placeholder(placeholder, cx));
        }
        if let Some(hint) = update.hint {
            self.spec.hint = (!hint.is_empty()).then_some(hint);
        }
        if let Some(input) = update.input {
            self.quiet = true;
            self.list.update(cx, |view, cx| view.set_query(&input, cx));
            self.quiet = false;
        }
        if let Some(loading) = update.loading {
            self.loading = loading;
        }
        if let Some(progress) = update.progress {
            self.progress = progress.map(|p| p.clamp(0., 1.));
        }
        if let Some(footer) = update.footer {
            self.footer = (!footer.is_empty()).then(|| footer.into());
        }
        if let Some(label) = update.enter_label {
            self.enter_label = (!label.is_empty()).then(|| label.into());
        }
        if let Some(actions) = update.actions {
            self.shortcuts = shortcuts(&actions);
            self.spec.actions = actions;
        }
        cx.notify();
    }

    /// How many choices the script has given, matching or not.
    #[cfg(feature = "test-support")]
    pub(crate) fn choice_count(&self, cx: &App) -> usize {
        self.list.read(cx).delegate.choices.items().len()
    }

    /// The markdown blocks of the preview pane, if it shows.
    #[cfg(feature = "test-support")]
    pub(crate) fn preview_blocks(&self, cx: &App) -> Option<Vec<Block>> {
        let delegate = &self.list.read(cx).delegate;
        delegate
            .preview_visible()
            .then(|| delegate.preview.blocks().to_vec())
    }

    /// The rows as drawn: `# group` for a header, else the choice's name, after
    /// `[x] ` or `[ ] ` in a multi-select prompt.
    #[cfg(feature = "test-support")]
    pub(crate) fn rows_drawn(&self, cx: &App) -> Vec<String> {
        use crate::app::list::ListDelegate;
        let delegate = &self.list.read(cx).delegate;
        (0..delegate.match_count())
            .map(|ix| match delegate.row(ix) {
                DisplayRow::Header(group) => format!("# {group}"),
                DisplayRow::Match(m) => {
                    let name = delegate
                        .choices
                        .get(m)
                        .map_or_else(String::new, |c| c.name().to_string());
                    match (delegate.multiple, delegate.is_toggled(ix)) {
                        (false, _) => name,
                        (true, true) => format!("[x] {name}"),
                        (true, false) => format!("[ ] {name}"),
                    }
                }
            })
            .collect()
    }

    /// Whether the loading line shows.
    #[cfg(feature = "test-support")]
    pub(crate) fn is_loading(&self) -> bool {
        self.live.awaiting_choices() || self.loading || self.progress.is_some()
    }
}

/// The keystrokes of `actions`' shortcuts; one that does not parse is logged.
fn shortcuts(actions: &[PromptAction]) -> Vec<(KeybindingKeystroke, usize)> {
    actions
        .iter()
        .enumerate()
        .filter_map(|(ix, action)| {
            let text = action.shortcut.as_deref()?;
            let keystroke = text
                .parse::<Accelerator>()
                .map_err(|e| tracing::warn!("the action {:?}: shortcut {e}", action.name))
                .ok()?
                .keystroke()?;
            let keystroke = keys::parse_keystroke(&keystroke)?;
            Some((KeybindingKeystroke::from_keystroke(keystroke), ix))
        })
        .collect()
}

impl Prompt for ArgPrompt {
    fn height(&self, cx: &App) -> f32 {
        let view = self.list.read(cx);
        let rows = if view.delegate.preview_visible() {
            ListView::<ChoicesDelegate>::full_height()
        } else {
            view.content_height()
        };
        QUERY_HEIGHT
            + rows
            + if self.spec.hint.is_some() {
                HINT_HEIGHT
            } else {
                0.
            }
    }

    fn key_contexts(&self, cx: &App) -> Vec<&'static str> {
        let list = if self.list.read(cx).delegate.multiple {
            list::MULTIPLE_CONTEXT
        } else {
            list::CONTEXT
        };
        vec![CONTEXT, list, text_input::CONTEXT]
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        let label = self.enter_label.clone().unwrap_or_else(|| "Submit".into());
        let mut hints = vec![Hint::new(label, &list::Confirm, at, cx)];
        if self.list.read(cx).delegate.multiple {
            hints.push(Hint::new("Toggle", &list::ToggleSelected, at, cx));
        }
        // The first two actions with their own key, then the menu.
        for (key, ix) in self.shortcuts.iter().take(2) {
            hints.push(Hint {
                label: self.spec.actions[*ix].name.clone().into(),
                key: keys::keystroke_label(key).into(),
            });
        }
        if !self.spec.actions.is_empty() {
            hints.push(Hint::new("Actions", &OpenActions, at, cx));
        }
        hints
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        let view = self.list.read(cx);
        let selected = view
            .selected_index()
            .and_then(|ix| view.delegate.choice(ix))
            .map(|c| c.name().to_string());
        (view.query(cx), selected)
    }

    fn rows(&self, cx: &App) -> Option<(usize, bool)> {
        let view = self.list.read(cx);
        Some((view.match_count(), view.is_matching()))
    }

    fn footer_title(&self, cx: &App) -> Option<SharedString> {
        let toggled = self.list.read(cx).delegate.toggled_count();
        if toggled == 0 {
            return self.footer.clone();
        }
        let count = format!("{toggled} selected");
        Some(match &self.footer {
            Some(footer) => format!("{footer} · {count}").into(),
            None => count.into(),
        })
    }

    fn preview(&self, cx: &App) -> Option<String> {
        let delegate = &self.list.read(cx).delegate;
        delegate
            .preview_visible()
            .then(|| delegate.preview.markdown().to_string())
    }

    fn details(&self, cx: &App) -> Value {
        let delegate = &self.list.read(cx).delegate;
        if !delegate.multiple {
            return Value::Null;
        }
        let names: Vec<&str> = delegate.toggled().into_iter().map(Choice::name).collect();
        json!({ "toggled": names })
    }

    fn opened(&mut self, cx: &mut Context<Self>) {
        self.send_input(cx);
        let index = self.list.read(cx).selected_index();
        self.focus_changed(index, cx);
    }

    fn receive(&mut self, message: Message, cx: &mut Context<Self>) -> Result<(), Message> {
        match message {
            Message::SetChoices {
                choices,
                append,
                seq,
                ..
            } => self.set_choices(choices, append, seq, cx),
            Message::SetPreview { markdown, seq, .. } => {
                if let Err(stale) = self.live.accept_preview(seq) {
                    tracing::debug!("setPreview dropped: {stale}");
                } else {
                    self.list.update(cx, |view, cx| {
                        view.delegate.show_preview(&markdown);
                        cx.notify();
                    });
                }
            }
            Message::Update(update) => self.update(*update, cx),
            other => return Err(other),
        }
        Ok(())
    }

    fn act(&mut self, name: &str, cx: &mut Context<Self>) {
        if let Some(ix) = self.spec.actions.iter().position(|a| a.name == name) {
            self.perform(ix, cx);
        }
    }
}

impl Render for ArgPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        let hint_height = if self.spec.hint.is_some() {
            HINT_HEIGHT
        } else {
            0.
        };
        // A thin line under the query: how far, or (full and faint) that the
        // script is working on the newest query. The old rows stay meanwhile.
        let line = match (self.progress, self.live.awaiting_choices() || self.loading) {
            (Some(done), _) => Some((relative(done as f32), theme.accent)),
            (None, true) => Some((relative(1.), theme.accent.opacity(0.45))),
            (None, false) => None,
        };
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::open_actions))
            .relative()
            .size_full()
            .flex()
            .flex_col()
            .children(self.spec.hint.as_ref().map(|hint| {
                div()
                    .h(px(HINT_HEIGHT))
                    .px_4()
                    .flex()
                    .items_center()
                    .text_size(px(12.5))
                    .text_color(theme.text_muted)
                    .child(hint.clone())
            }))
            .child(self.list.clone())
            .when_some(line, |this, (width, color)| {
                this.child(
                    div()
                        .absolute()
                        .left_0()
                        .top(px(hint_height + QUERY_HEIGHT - 2.))
                        .h(px(2.))
                        .w(width)
                        .bg(color),
                )
            })
    }
}
