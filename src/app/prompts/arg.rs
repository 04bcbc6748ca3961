//! The `arg` prompt: a list of the script's choices under a query (the same list
//! as the launcher's), with what protocol 1.1 adds when a script asks for it:
//!
//! - **live input**: `input` events, debounced, numbered by `seq`; with
//!   `filter: "script"` skit shows the script's rows in its order, and a reply to
//!   an older `input` than the newest is dropped. While the newest has no reply
//!   the old rows stay and a thin line under the query says it is loading;
//! - **focus** events and a **preview** pane (the focused row's `preview`, or the
//!   script's `setPreview`), scrolled with Shift+Up/Down;
//! - **actions** in the Ctrl+K menu, in the footer, and on their own keys;
//! - group headers, tags, icons, and a selection that follows a choice's `id`;
//! - `update`, which changes the open prompt without replacing it.
//!
//! Enter submits the selected choice's value, or the typed text when the prompt
//! has no choices or is not strict and nothing matches.

use std::time::Duration;

use gpui::prelude::FluentBuilder;
use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, KeyBinding, KeybindingKeystroke, Keystroke, ParentElement,
    Render, ScrollHandle, SharedString, StatefulInteractiveElement, Styled, Subscription, Task,
    Window, actions, div, point, px, relative,
};
use serde_json::Value;

use super::{Prompt, PromptEvent};
use crate::accelerator::Accelerator;
use crate::app::fonts::Fonts;
use crate::app::keys;
use crate::app::list::{self, ListDelegate, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::markdown_view;
use crate::app::row::{Row, RowIcon, empty_state, group_header};
use crate::app::screen::Hint;
use crate::app::theme::Theme;
use crate::markdown::{self, Block};
use crate::protocol::{Arg, Choice, Filter, Message, PromptAction, Reply, Update};
use crate::search::{FilteredItems, MatchJob, Matches, SearchText};

actions!(
    arg_prompt,
    [OpenActions, ScrollPreviewUp, ScrollPreviewDown]
);

const CONTEXT: &str = "ArgPrompt";
/// Rankings that look at this many choices run on a background thread, so typing
/// never waits; smaller ones (including a long list narrowed by typing) run at once.
pub(crate) const BACKGROUND_FROM: usize = 50_000;
const HINT_HEIGHT: f32 = 28.;
/// Milliseconds between the last keystroke and an `input` event, by default.
const DEBOUNCE: u64 = 100;
const PREVIEW_STEP: f32 = 60.;

pub(crate) fn init(cx: &mut App) {
    let context = Some(CONTEXT);
    cx.bind_keys([
        KeyBinding::new("ctrl-k", OpenActions, context),
        KeyBinding::new("shift-up", ScrollPreviewUp, context),
        KeyBinding::new("shift-down", ScrollPreviewDown, context),
    ]);
}

pub(crate) struct ArgPrompt {
    spec: Arg,
    list: Entity<ListView<ChoicesDelegate>>,
    /// The actions' own keys, as gpui keystrokes, by action index.
    shortcuts: Vec<(KeybindingKeystroke, usize)>,
    /// `input` events sent so far (the newest one's `seq`), and whether the newest
    /// still waits for its `setChoices`.
    input_seq: u64,
    awaiting: bool,
    /// The pending `input` event, sent when the debounce time has passed.
    debounce: Option<Task<()>>,
    /// Set while the script changes the query (`update`): no `input` goes back.
    quiet: bool,
    /// `focus` events sent so far, and the key of the focused row.
    focus_seq: u64,
    focused: Option<SharedString>,
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
            spec,
            list,
            shortcuts: Vec::new(),
            input_seq: 0,
            awaiting: false,
            debounce: None,
            quiet: false,
            focus_seq: 0,
            focused: None,
            loading: false,
            progress: None,
            footer: None,
            enter_label: None,
            _subscriptions: vec![events, changes, keys],
        };
        prompt.shortcuts = shortcuts(&prompt.spec.actions);
        prompt
    }

    fn id(&self) -> String {
        self.spec.id.clone()
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
        let value = match (
            action.and_then(|a| a.value.clone()),
            index.and_then(|ix| delegate.choice(ix)),
        ) {
            (Some(value), _) => value,
            (None, Some(choice)) => choice.value(),
            (None, None) if delegate.free_text || !delegate.strict || action.is_some() => {
                Value::String(view.query(cx))
            }
            (None, None) => return, // strict, nothing matches: Enter does nothing
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
        if !self.spec.wants("action") {
            tracing::warn!(
                "the action {:?} stays open, but the prompt did not ask for action events",
                action.name
            );
        }
        let value = action.value.clone().unwrap_or_else(|| {
            let view = self.list.read(cx);
            selected
                .and_then(|ix| view.delegate.choice(ix))
                .map(Choice::value)
                .unwrap_or(Value::Null)
        });
        let reply = Reply::Action {
            id: self.id(),
            action: action.name.clone(),
            value,
            input: self.query(cx),
        };
        cx.emit(PromptEvent::Send(reply));
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

    fn scroll_preview(&mut self, delta: f32, cx: &mut Context<Self>) {
        let scroll = &self.list.read(cx).delegate.preview.scroll;
        let offset = scroll.offset();
        scroll.set_offset(point(offset.x, (offset.y - px(delta)).min(px(0.))));
        cx.notify();
    }

    fn scroll_preview_up(&mut self, _: &ScrollPreviewUp, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_preview(-PREVIEW_STEP, cx);
    }

    fn scroll_preview_down(
        &mut self,
        _: &ScrollPreviewDown,
        _: &mut Window,
        cx: &mut Context<Self>,
    ) {
        self.scroll_preview(PREVIEW_STEP, cx);
    }

    /// The query changed: tell the script, once the user pauses typing.
    fn query_changed(&mut self, cx: &mut Context<Self>) {
        if self.quiet || !self.spec.wants("input") {
            return;
        }
        let wait = self.spec.debounce.unwrap_or(DEBOUNCE);
        if wait == 0 {
            self.debounce = None;
            return self.send_input(cx);
        }
        self.debounce = Some(cx.spawn(async move |this, cx| {
            cx.background_executor()
                .timer(Duration::from_millis(wait))
                .await;
            let _ = this.update(cx, |this, cx| this.send_input(cx));
        }));
    }

    fn send_input(&mut self, cx: &mut Context<Self>) {
        self.input_seq += 1;
        self.awaiting = true;
        let reply = Reply::Input {
            id: self.id(),
            value: self.query(cx),
            seq: self.input_seq,
        };
        cx.emit(PromptEvent::Send(reply));
        cx.notify();
    }

    /// The focused row changed (or was re-ranked): the preview follows it, and the
    /// script hears of it if it asked.
    fn focus_changed(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        let focused = index.and_then(|ix| view.delegate.choice_at(ix));
        let key: Option<SharedString> = focused.map(|(_, c)| c.key().to_string().into());
        if key == self.focused {
            return;
        }
        self.focused = key;
        let Some((position, choice)) = focused else {
            return;
        };
        let (value, preview) = (choice.value(), choice.preview().map(str::to_string));
        if let Some(preview) = preview {
            self.list
                .update(cx, |view, _| view.delegate.preview.show(&preview));
        }
        if self.spec.wants("focus") {
            self.focus_seq += 1;
            let reply = Reply::Focus {
                id: self.id(),
                index: position,
                value,
                seq: self.focus_seq,
            };
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
        if seq.is_some_and(|seq| seq < self.input_seq) {
            tracing::debug!(
                "setChoices for input {seq:?}, older than {}; dropped",
                self.input_seq
            );
            return;
        }
        if !append {
            self.awaiting = false;
        }
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_choices(choices, append), cx)
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
            .then(|| delegate.preview.blocks.clone())
    }

    /// The rows as drawn: `# group` for a header, else the choice's name.
    #[cfg(feature = "test-support")]
    pub(crate) fn rows_drawn(&self, cx: &App) -> Vec<String> {
        let delegate = &self.list.read(cx).delegate;
        (0..delegate.match_count())
            .map(|ix| match delegate.row(ix) {
                DisplayRow::Header(group) => format!("# {group}"),
                DisplayRow::Match(m) => delegate
                    .choices
                    .get(m)
                    .map_or_else(String::new, |c| c.name().to_string()),
            })
            .collect()
    }

    /// Whether the loading line shows.
    #[cfg(feature = "test-support")]
    pub(crate) fn is_loading(&self) -> bool {
        self.awaiting || self.loading || self.progress.is_some()
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
            let keystroke = Keystroke::parse(&keystroke).ok()?;
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

    fn hints(&self, cx: &App) -> Vec<Hint> {
        let label = self.enter_label.clone().unwrap_or_else(|| "Submit".into());
        let mut hints = vec![Hint::new(label, &list::Confirm, cx)];
        // The first two actions with their own key, then the menu.
        for (key, ix) in self.shortcuts.iter().take(2) {
            hints.push(Hint {
                label: self.spec.actions[*ix].name.clone().into(),
                key: keys::keystroke_label(key).into(),
            });
        }
        if !self.spec.actions.is_empty() {
            hints.push(Hint::new("Actions", &OpenActions, cx));
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

    fn footer_title(&self) -> Option<SharedString> {
        self.footer.clone()
    }

    fn preview(&self, cx: &App) -> Option<String> {
        let delegate = &self.list.read(cx).delegate;
        delegate
            .preview_visible()
            .then(|| delegate.preview.markdown.clone())
    }

    fn opened(&mut self, cx: &mut Context<Self>) {
        if self.spec.wants("input") {
            self.send_input(cx);
        }
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
                if seq.is_some_and(|seq| seq < self.focus_seq) {
                    tracing::debug!(
                        "setPreview for focus {seq:?}, older than {}; dropped",
                        self.focus_seq
                    );
                } else {
                    self.list.update(cx, |view, cx| {
                        view.delegate.preview.show(&markdown);
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
        let line = match (self.progress, self.awaiting || self.loading) {
            (Some(done), _) => Some((relative(done as f32), theme.accent)),
            (None, true) => Some((relative(1.), theme.accent.opacity(0.45))),
            (None, false) => None,
        };
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::open_actions))
            .on_action(cx.listener(Self::scroll_preview_up))
            .on_action(cx.listener(Self::scroll_preview_down))
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

/// One row of the list as drawn: a group's header, or match `n`.
#[derive(Clone, Debug)]
enum DisplayRow {
    Header(SharedString),
    Match(usize),
}

/// The list data of an `arg` prompt: the script's choices, fuzzy-filtered (or in
/// the script's order), grouped under headers, with the focused row's preview.
pub(crate) struct ChoicesDelegate {
    choices: FilteredItems<Choice>,
    /// With `strict: false`, Enter on no match submits the typed text.
    strict: bool,
    /// Prompts without choices are free-text prompts.
    free_text: bool,
    /// The script filters: skit shows its rows as they are.
    by_script: bool,
    /// Rows with headers, when any choice has a group; else rows are the matches.
    rows: Option<Vec<DisplayRow>>,
    /// Whether any choice has a group or a preview.
    grouped: bool,
    has_previews: bool,
    preview: Preview,
}

/// The preview pane's content.
struct Preview {
    /// Shown even before any row has a preview (`preview: true`).
    reserved: bool,
    /// The script sent a `setPreview`.
    from_script: bool,
    markdown: String,
    blocks: Vec<Block>,
    scroll: ScrollHandle,
}

impl Preview {
    fn show(&mut self, markdown: &str) {
        self.from_script = true;
        self.markdown = markdown.to_string();
        self.blocks = markdown::parse(markdown);
        self.scroll.set_offset(point(px(0.), px(0.)));
    }
}

fn search_text(choice: &Choice) -> SearchText {
    SearchText::new(choice.name(), None, None, choice.description())
}

impl ChoicesDelegate {
    fn new(spec: &Arg) -> Self {
        let mut delegate = ChoicesDelegate {
            free_text: spec.choices.is_none(),
            choices: FilteredItems::new(Vec::new(), search_text),
            strict: spec.strict.unwrap_or(true),
            by_script: spec.filter == Some(Filter::Script),
            rows: None,
            grouped: false,
            has_previews: false,
            preview: Preview {
                reserved: spec.preview == Some(true),
                from_script: false,
                markdown: String::new(),
                blocks: Vec::new(),
                scroll: ScrollHandle::new(),
            },
        };
        delegate.set_choices(spec.choices.clone().unwrap_or_default(), false);
        delegate.free_text = spec.choices.is_none() && !delegate.by_script;
        delegate
    }

    /// `setChoices`: replaces the choices, or with `append` adds them after the
    /// current ones.
    fn set_choices(&mut self, choices: Vec<Choice>, append: bool) {
        let grouped = choices.iter().any(|c| c.group().is_some());
        let previews = choices.iter().any(|c| c.preview().is_some());
        if append {
            self.grouped |= grouped;
            self.has_previews |= previews;
            self.choices.extend(choices);
        } else {
            self.grouped = grouped;
            self.has_previews = previews;
            self.choices.set(choices);
        }
        self.free_text = false;
    }

    fn preview_visible(&self) -> bool {
        self.preview.reserved || self.has_previews || self.preview.from_script
    }

    fn row(&self, ix: usize) -> DisplayRow {
        match &self.rows {
            Some(rows) => rows
                .get(ix)
                .cloned()
                .unwrap_or(DisplayRow::Match(usize::MAX)),
            None => DisplayRow::Match(ix),
        }
    }

    /// The choice on row `ix`, if it is a choice.
    fn choice(&self, ix: usize) -> Option<&Choice> {
        self.choice_at(ix).map(|(_, choice)| choice)
    }

    /// The choice on row `ix` with its position among the script's choices.
    fn choice_at(&self, ix: usize) -> Option<(usize, &Choice)> {
        match self.row(ix) {
            DisplayRow::Match(m) => self.choices.get_with_index(m),
            DisplayRow::Header(_) => None,
        }
    }

    /// Puts the matches under their groups' headers, groups in the order they
    /// first appear among the matches (rows without a group stay where their
    /// first one is, without a header).
    fn regroup(&mut self) {
        if !self.grouped {
            self.rows = None;
            return;
        }
        let mut order: Vec<Option<&str>> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for m in 0..self.choices.len() {
            let group = self.choices.get(m).and_then(Choice::group);
            let slot = match order.iter().position(|g| *g == group) {
                Some(slot) => slot,
                None => {
                    order.push(group);
                    members.push(Vec::new());
                    order.len() - 1
                }
            };
            members[slot].push(m);
        }
        let mut rows = Vec::with_capacity(self.choices.len() + order.len());
        for (group, members) in order.iter().zip(members) {
            if let Some(group) = group {
                rows.push(DisplayRow::Header(group.to_string().into()));
            }
            rows.extend(members.into_iter().map(DisplayRow::Match));
        }
        self.rows = Some(rows);
    }
}

impl ListDelegate for ChoicesDelegate {
    fn update_matches(&mut self, query: &str) {
        if self.by_script {
            self.choices.show_all();
        } else {
            // Choices keep the script's order on an empty query (no usage boost).
            self.choices.update(query);
        }
        self.regroup();
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        if self.by_script {
            return None;
        }
        self.choices.background_job(query, BACKGROUND_FROM)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.choices.apply(matches);
        self.regroup();
    }

    fn match_count(&self) -> usize {
        self.rows.as_ref().map_or(self.choices.len(), Vec::len)
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.row(ix) {
            DisplayRow::Header(group) => format!("\u{1}{group}").into(),
            DisplayRow::Match(m) => self
                .choices
                .get(m)
                .map(|c| c.key().to_string().into())
                .unwrap_or_default(),
        }
    }

    fn selectable(&self, ix: usize) -> bool {
        matches!(self.row(ix), DisplayRow::Match(_))
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let m = match self.row(ix) {
            DisplayRow::Header(group) => return group_header(&group, theme),
            DisplayRow::Match(m) => m,
        };
        let Some(choice) = self.choices.get(m).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = if self.by_script {
            Vec::new()
        } else {
            self.choices.name_positions(choice.name(), query)
        };
        Row {
            name: choice.name(),
            positions: &positions,
            description: choice.description(),
            badges: choice
                .tag()
                .map(|tag| SharedString::from(tag.to_string()))
                .into_iter()
                .collect(),
            icon: choice.icon().map(RowIcon::parse),
            selected,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if self.free_text {
            return empty_state("Type your answer", "Press Enter to send it.", theme);
        }
        if self.choices.items().is_empty() {
            let detail = if self.by_script {
                "The script answers as you type."
            } else {
                "The script has not sent any yet."
            };
            return empty_state("Waiting for choices…", detail, theme);
        }
        if !self.strict && !query.is_empty() {
            return empty_state(
                &format!("Press Enter to use “{query}”"),
                "No choice matches; your text is sent as typed.",
                theme,
            );
        }
        empty_state(
            &format!("No choice matches “{query}”"),
            "Try fewer letters.",
            theme,
        )
    }

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        if !self.preview_visible() {
            return None;
        }
        let blocks =
            markdown_view::render(&self.preview.blocks, "preview", theme, cx.global::<Fonts>());
        let body = if blocks.is_empty() {
            empty_state("No preview", "Move to another row.", theme)
        } else {
            div()
                .px_4()
                .py_3()
                .flex()
                .flex_col()
                .gap_2()
                .text_size(px(13.))
                .line_height(px(20.))
                .children(blocks)
                .into_any_element()
        };
        Some(
            div()
                .id("preview")
                .size_full()
                .overflow_y_scroll()
                .track_scroll(&self.preview.scroll)
                .text_color(theme.text)
                .child(body)
                .into_any_element(),
        )
    }
}
