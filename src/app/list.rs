//! The filterable list every picker in skit is made of: a query input on top and
//! ranked rows below. The script list, an `arg` prompt's choices and the actions
//! menu are the same mechanics with different data, supplied by a
//! [`ListDelegate`], so filtering, highlighting and keys behave the same in all.
//!
//! The view owns the mechanics (query, selection, scrolling, mouse, confirm); the
//! delegate owns the data (ranking, drawing a row). The view emits
//! [`ListEvent::Confirmed`]; what confirming means is up to its owner.
//!
//! The picker contract (as in Zed's picker): matching may be pending while a long
//! list is ranked on another thread. Enter pressed meanwhile is held and applied
//! when the ranking of the query as typed at that moment lands, to its best row; a
//! confirm never acts on the rows of an older query.
//!
//! A delegate may make the list **multi-select**: Ctrl+Space or a click with Ctrl
//! toggles the focused row, and Ctrl+A toggles every row that matches (all on, or
//! all off when they all are) instead of selecting the query's text. Which rows
//! are toggled is the delegate's to keep (by a key that survives re-filtering).
//! A delegate may also draw a side pane (a preview), which Shift+Up/Down scroll.

use gpui::{
    AnyElement, App, AppContext, ClickEvent, Context, Entity, EventEmitter, FocusHandle, Focusable,
    HighlightStyle, InteractiveElement, IntoElement, KeyContext, MouseButton, ParentElement,
    Render, ScrollStrategy, SharedString, StatefulInteractiveElement, Styled, StyledText,
    Subscription, Task, UniformListScrollHandle, Window, actions, div, px, relative, uniform_list,
};

use super::text_input::{self, TextInput};
use super::theme::Theme;
use crate::search::{MatchJob, Matches};

actions!(
    list,
    [
        SelectNext,
        SelectPrevious,
        PageDown,
        PageUp,
        SelectFirst,
        SelectLast,
        Confirm,
        ToggleSelected,
        ToggleAll,
        ScrollSideUp,
        ScrollSideDown
    ]
);

pub(crate) const CONTEXT: &str = "List";
/// The key context of a multi-select list, as the list declares it.
pub(crate) const MULTIPLE_CONTEXT: &str = "List multiple";
/// Height of every row; rows are uniform so the list can be virtualized.
pub(crate) const ROW_HEIGHT: f32 = 48.;
/// Rows shown at most before the list scrolls (and PageUp/PageDown's step).
pub(crate) const VISIBLE_ROWS: usize = 8;
/// Height of the query field, with the divider under it.
pub(crate) const QUERY_HEIGHT: f32 = 57.;
/// A line of text and the styles of its byte ranges.
pub(crate) type StyledMessage = (SharedString, Vec<(std::ops::Range<usize>, HighlightStyle)>);

/// Height of the message line under the query (`dmenu -mesg`).
pub(crate) const MESSAGE_HEIGHT: f32 = 28.;
/// Pixels Shift+Up/Down scroll the side pane.
const SIDE_STEP: f32 = 60.;

/// The data behind a list.
pub(crate) trait ListDelegate: 'static {
    /// Ranks the items for `query`; afterwards `match_count` and `render_row` follow it.
    fn update_matches(&mut self, query: &str);
    /// For long lists: the ranking of `query` as a job for a background thread,
    /// instead of [`ListDelegate::update_matches`]. The list keeps showing the old
    /// matches until the job's result is applied, and drops results that a newer
    /// query made stale.
    fn background_job(&mut self, _query: &str) -> Option<MatchJob> {
        None
    }
    /// Takes the result of a [`ListDelegate::background_job`].
    fn apply_matches(&mut self, _matches: Matches) {}
    fn match_count(&self) -> usize;
    /// A stable name for match `ix`, used to keep the selection when the items or the
    /// ranking change.
    fn match_key(&self, ix: usize) -> SharedString;
    /// Draws match `ix` (only called for visible rows).
    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement;
    /// What to show when nothing matches `query`.
    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement;
    /// Whether row `ix` can be selected (a group header cannot).
    fn selectable(&self, _ix: usize) -> bool {
        true
    }
    /// A pane to the right of the rows (a preview), if there is one now.
    fn render_side(&mut self, _theme: &Theme, _cx: &App) -> Option<AnyElement> {
        None
    }
    /// Scrolls the side pane by `delta` pixels (Shift+Up/Down).
    fn scroll_side(&mut self, _delta: f32) {}
    /// Whether rows can be toggled (a multi-select list).
    fn multiple(&self) -> bool {
        false
    }
    /// Whether row `ix` is toggled.
    fn is_toggled(&self, _ix: usize) -> bool {
        false
    }
    /// Toggles row `ix` on or off.
    fn set_toggled(&mut self, _ix: usize, _on: bool) {}
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ListEvent {
    /// Enter or a click. `index` is the selected match, if any.
    Confirmed { index: Option<usize> },
    /// The query text changed (the matches follow, maybe later).
    QueryChanged,
    /// The selected row changed, or may have: the rows under it were re-ranked.
    Selected { index: Option<usize> },
    /// Rows were toggled on or off (multi-select).
    Toggled,
}

pub(crate) struct ListView<D: ListDelegate> {
    pub(crate) delegate: D,
    query: Entity<TextInput>,
    selected: usize,
    scroll: UniformListScrollHandle,
    /// Counts ranking requests; a background result for an older one is dropped.
    generation: u64,
    /// The background ranking in flight, if any (dropping it abandons the result).
    matching: Option<Task<()>>,
    /// Enter was pressed while ranking `generation` was in flight: confirm when it
    /// lands.
    confirm_pending: Option<u64>,
    /// A ranking waits for the end of the current update (see
    /// [`ListView::update_items_coalesced`]), with the key to keep selected.
    rerank_queued: Option<Option<SharedString>>,
    /// A label before the query (`dmenu -p`).
    prompt: Option<SharedString>,
    /// A line of styled text under the query (`dmenu -mesg`).
    message: Option<StyledMessage>,
    _query_changes: Subscription,
}

impl<D: ListDelegate> EventEmitter<ListEvent> for ListView<D> {}

impl<D: ListDelegate> Focusable for ListView<D> {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.query.focus_handle(cx)
    }
}

impl<D: ListDelegate> ListView<D> {
    pub(crate) fn new(
        mut delegate: D,
        placeholder: impl Into<SharedString>,
        cx: &mut Context<Self>,
    ) -> Self {
        let query = cx.new(|cx| TextInput::new(placeholder, cx));
        let subscription = cx.subscribe(&query, |this, _, _: &text_input::Changed, cx| {
            this.query_changed(cx);
        });
        delegate.update_matches("");
        let first = (0..delegate.match_count()).find(|&ix| delegate.selectable(ix));
        ListView {
            delegate,
            query,
            selected: first.unwrap_or(0),
            scroll: UniformListScrollHandle::new(),
            generation: 0,
            matching: None,
            confirm_pending: None,
            rerank_queued: None,
            prompt: None,
            message: None,
            _query_changes: subscription,
        }
    }

    pub(crate) fn query(&self, cx: &App) -> String {
        self.query.read(cx).text().to_string()
    }

    pub(crate) fn set_query(&mut self, text: &str, cx: &mut Context<Self>) {
        self.query.update(cx, |input, cx| input.set_text(text, cx));
    }

    /// Draws the query as bullets (a password typed into a list, `dmenu -password`).
    pub(crate) fn set_masked(&mut self, masked: bool, cx: &mut Context<Self>) {
        self.query
            .update(cx, |input, cx| input.set_masked(masked, cx));
    }

    /// Shows `message` under the query, in small muted text (its own styles on top).
    pub(crate) fn set_message(&mut self, message: Option<StyledMessage>, cx: &mut Context<Self>) {
        self.message = message;
        cx.notify();
    }

    /// Shows `prompt` as a label before the query.
    pub(crate) fn set_prompt(&mut self, prompt: Option<SharedString>, cx: &mut Context<Self>) {
        self.prompt = prompt;
        cx.notify();
    }

    pub(crate) fn set_placeholder(
        &mut self,
        text: impl Into<SharedString>,
        cx: &mut Context<Self>,
    ) {
        self.query
            .update(cx, |input, cx| input.set_placeholder(text, cx));
    }

    pub(crate) fn selected_index(&self) -> Option<usize> {
        (self.selected < self.delegate.match_count() && self.delegate.selectable(self.selected))
            .then_some(self.selected)
    }

    pub(crate) fn match_count(&self) -> usize {
        self.delegate.match_count()
    }

    /// Changes the delegate's items with `change`, re-ranks, and keeps the selected
    /// item selected when it still matches.
    /// Like [`ListView::update_items`], for changes that come in bursts (a script
    /// streaming its choices: many `setChoices` in one batch of its output). Each
    /// change is made at once, the ranking once, when the current update is done:
    /// a million choices streamed in 10,000s were ranked a hundred times over.
    pub(crate) fn update_items_coalesced(
        &mut self,
        change: impl FnOnce(&mut D),
        cx: &mut Context<Self>,
    ) {
        if self.rerank_queued.is_none() {
            self.rerank_queued = Some(self.selected_index().map(|ix| self.delegate.match_key(ix)));
            let this = cx.weak_entity();
            cx.defer(move |cx| {
                let _ = this.update(cx, |this, cx| {
                    if let Some(kept) = this.rerank_queued.take() {
                        this.rerank(kept, cx);
                    }
                });
            });
        }
        change(&mut self.delegate);
    }

    pub(crate) fn update_items(&mut self, change: impl FnOnce(&mut D), cx: &mut Context<Self>) {
        // A queued ranking is done here instead, keeping what it would have kept.
        let kept = match self.rerank_queued.take() {
            Some(kept) => kept,
            None => self.selected_index().map(|ix| self.delegate.match_key(ix)),
        };
        change(&mut self.delegate);
        self.rerank(kept, cx);
    }

    /// Ranks for the current query (here, or on a background thread for long
    /// lists), then selects the item named `kept`, else the first.
    /// An Enter held for the same query (the items changed meanwhile) carries over
    /// to the new ranking.
    fn rerank(&mut self, kept: Option<SharedString>, cx: &mut Context<Self>) {
        let query = self.query(cx);
        self.generation += 1;
        if self.confirm_pending.is_some() {
            self.confirm_pending = Some(self.generation);
        }
        let Some(job) = self.delegate.background_job(&query) else {
            self.matching = None;
            self.delegate.update_matches(&query);
            self.restore_selection(kept, cx);
            if self.confirm_pending.take().is_some() {
                self.emit_confirmed(cx);
            }
            return;
        };
        let generation = self.generation;
        let matches = cx.background_spawn(async move { job() });
        self.matching = Some(cx.spawn(async move |this, cx| {
            let matches = matches.await;
            let _ = this.update(cx, |this, cx| {
                if this.generation == generation {
                    this.matching = None;
                    this.delegate.apply_matches(matches);
                    this.restore_selection(kept, cx);
                    if this.confirm_pending.take() == Some(generation) {
                        this.emit_confirmed(cx);
                    }
                }
            });
        }));
        cx.notify();
    }

    fn restore_selection(&mut self, kept: Option<SharedString>, cx: &mut Context<Self>) {
        let found = kept.and_then(|key| {
            (0..self.delegate.match_count())
                .find(|&ix| self.delegate.selectable(ix) && self.delegate.match_key(ix) == key)
        });
        self.select(found.unwrap_or(0), cx);
    }

    /// Whether a background ranking is still running (the rows are the previous
    /// query's).
    pub(crate) fn is_matching(&self) -> bool {
        self.matching.is_some()
    }

    fn query_changed(&mut self, cx: &mut Context<Self>) {
        // An Enter held for the previous query does not apply to this one.
        self.confirm_pending = None;
        cx.emit(ListEvent::QueryChanged);
        self.rerank(None, cx);
    }

    /// Selects row `ix` (clamped), or the nearest selectable row after it (before
    /// it, at the end), and scrolls it into view.
    pub(crate) fn select(&mut self, ix: usize, cx: &mut Context<Self>) {
        let count = self.delegate.match_count();
        let ix = ix.min(count.saturating_sub(1));
        let found = (ix..count)
            .chain((0..ix).rev())
            .find(|&i| self.delegate.selectable(i));
        self.selected = found.unwrap_or(ix);
        if count > 0 {
            self.scroll
                .scroll_to_item(self.selected, ScrollStrategy::Top);
        }
        cx.emit(ListEvent::Selected {
            index: self.selected_index(),
        });
        cx.notify();
    }

    /// The next selectable row from the selection, `step` rows at a time, wrapping.
    fn step(&self, step: isize) -> Option<usize> {
        let count = self.delegate.match_count() as isize;
        (1..=count)
            .map(|n| (self.selected as isize + step * n).rem_euclid(count) as usize)
            .find(|&ix| self.delegate.selectable(ix))
    }

    fn select_next(&mut self, _: &SelectNext, _: &mut Window, cx: &mut Context<Self>) {
        // Wraps around, as in most launchers.
        if let Some(ix) = self.step(1) {
            self.select(ix, cx);
        }
    }

    fn select_previous(&mut self, _: &SelectPrevious, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(ix) = self.step(-1) {
            self.select(ix, cx);
        }
    }

    fn page_down(&mut self, _: &PageDown, _: &mut Window, cx: &mut Context<Self>) {
        self.select(self.selected + VISIBLE_ROWS, cx);
    }

    fn page_up(&mut self, _: &PageUp, _: &mut Window, cx: &mut Context<Self>) {
        self.select(self.selected.saturating_sub(VISIBLE_ROWS), cx);
    }

    fn select_first(&mut self, _: &SelectFirst, _: &mut Window, cx: &mut Context<Self>) {
        self.select(0, cx);
    }

    fn select_last(&mut self, _: &SelectLast, _: &mut Window, cx: &mut Context<Self>) {
        let last = (0..self.delegate.match_count())
            .rev()
            .find(|&ix| self.delegate.selectable(ix));
        self.select(last.unwrap_or(0), cx);
    }

    fn toggle_selected(&mut self, _: &ToggleSelected, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(ix) = self.selected_index() {
            self.toggle(ix, cx);
        }
    }

    /// Toggles row `ix` (Ctrl+Space, Ctrl+click).
    fn toggle(&mut self, ix: usize, cx: &mut Context<Self>) {
        if !self.delegate.multiple() {
            return;
        }
        let on = !self.delegate.is_toggled(ix);
        self.delegate.set_toggled(ix, on);
        cx.emit(ListEvent::Toggled);
        cx.notify();
    }

    /// Ctrl+A: every matching row on, or off when they all are on.
    fn toggle_all(&mut self, _: &ToggleAll, _: &mut Window, cx: &mut Context<Self>) {
        if !self.delegate.multiple() {
            return cx.propagate();
        }
        let rows: Vec<usize> = (0..self.delegate.match_count())
            .filter(|&ix| self.delegate.selectable(ix))
            .collect();
        let on = !rows.iter().all(|&ix| self.delegate.is_toggled(ix));
        for ix in rows {
            self.delegate.set_toggled(ix, on);
        }
        cx.emit(ListEvent::Toggled);
        cx.notify();
    }

    fn scroll_side_up(&mut self, _: &ScrollSideUp, _: &mut Window, cx: &mut Context<Self>) {
        self.delegate.scroll_side(-SIDE_STEP);
        cx.notify();
    }

    fn scroll_side_down(&mut self, _: &ScrollSideDown, _: &mut Window, cx: &mut Context<Self>) {
        self.delegate.scroll_side(SIDE_STEP);
        cx.notify();
    }

    fn confirm(&mut self, _: &Confirm, _: &mut Window, cx: &mut Context<Self>) {
        if self.matching.is_some() {
            // The rows on screen are an older query's: wait for this one's.
            self.confirm_pending = Some(self.generation);
        } else {
            self.emit_confirmed(cx);
        }
    }

    fn emit_confirmed(&mut self, cx: &mut Context<Self>) {
        cx.emit(ListEvent::Confirmed {
            index: self.selected_index(),
        });
    }

    /// The height the list wants: its visible rows, or the empty state.
    pub(crate) fn content_height(&self) -> f32 {
        match self.delegate.match_count() {
            0 => 96.,
            n => n.min(VISIBLE_ROWS) as f32 * ROW_HEIGHT + 8.,
        }
    }

    /// The height of a full page of rows (a list with a side pane takes it).
    pub(crate) fn full_height() -> f32 {
        VISIBLE_ROWS as f32 * ROW_HEIGHT + 8.
    }

    /// The height of a screen that is this list with its preview pane beside it:
    /// the query and a full page while anything matches, else the empty state.
    pub(crate) fn screen_height(&self) -> f32 {
        let rows = if self.match_count() > 0 {
            Self::full_height()
        } else {
            self.content_height()
        };
        QUERY_HEIGHT + rows
    }

    /// Escape in a list screen: clears the query. False when it was empty
    /// already (the screen decides what Escape does then).
    pub(crate) fn clear_query(&mut self, cx: &mut Context<Self>) -> bool {
        if self.query(cx).is_empty() {
            return false;
        }
        self.set_query("", cx);
        true
    }
}

impl<D: ListDelegate> Render for ListView<D> {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let count = self.delegate.match_count();
        let query = self.query(cx);
        let body = if count == 0 {
            div()
                .flex_1()
                .child(self.delegate.render_empty(&query, &theme))
                .into_any_element()
        } else {
            let selected = self.selected;
            uniform_list(
                "matches",
                count,
                cx.processor(move |this, range: std::ops::Range<usize>, _, cx| {
                    let theme = cx.global::<Theme>().clone();
                    range
                        .map(|ix| {
                            let row = this.delegate.render_row(ix, ix == selected, &query, &theme);
                            let mut row = div().id(ix).h(px(ROW_HEIGHT)).px_2().child(row);
                            if this.delegate.selectable(ix) {
                                row = row
                                    // The query keeps the focus: a screen around
                                    // the list that tracks focus would take it.
                                    .on_mouse_down(MouseButton::Left, |_, window, _| {
                                        window.prevent_default()
                                    })
                                    .on_mouse_move(cx.listener(move |this, _, _, cx| {
                                        if this.selected != ix {
                                            this.selected = ix;
                                            cx.emit(ListEvent::Selected { index: Some(ix) });
                                            cx.notify();
                                        }
                                    }))
                                    .on_click(cx.listener(
                                        move |this, event: &ClickEvent, _, cx| {
                                            this.selected = ix;
                                            if event.modifiers().control && this.delegate.multiple()
                                            {
                                                this.toggle(ix, cx);
                                            } else {
                                                cx.emit(ListEvent::Confirmed { index: Some(ix) });
                                            }
                                        },
                                    ));
                            }
                            row
                        })
                        .collect()
                }),
            )
            .track_scroll(&self.scroll)
            .py_1()
            .flex_1()
            .into_any_element()
        };
        let mut context = KeyContext::default();
        context.add(CONTEXT);
        if self.delegate.multiple() {
            context.add("multiple");
        }
        div()
            .key_context(context)
            .on_action(cx.listener(Self::toggle_selected))
            .on_action(cx.listener(Self::toggle_all))
            .on_action(cx.listener(Self::scroll_side_up))
            .on_action(cx.listener(Self::scroll_side_down))
            .on_action(cx.listener(Self::select_next))
            .on_action(cx.listener(Self::select_previous))
            .on_action(cx.listener(Self::page_down))
            .on_action(cx.listener(Self::page_up))
            .on_action(cx.listener(Self::select_first))
            .on_action(cx.listener(Self::select_last))
            .on_action(cx.listener(Self::confirm))
            .size_full()
            .flex()
            .flex_col()
            .child(query_field_with_prompt(
                self.query.clone(),
                self.prompt.clone(),
                &theme,
            ))
            .children(self.message.clone().map(|(text, runs)| {
                div()
                    .flex_none()
                    .h(px(MESSAGE_HEIGHT))
                    .px_4()
                    .flex()
                    .items_center()
                    .text_size(px(12.5))
                    .text_color(theme.text_muted)
                    .border_b_1()
                    .border_color(theme.border)
                    .child(StyledText::new(text).with_highlights(runs))
            }))
            .child(match self.delegate.render_side(&theme, cx) {
                // Rows on the left, the side pane on the right (about 55/45).
                Some(side) => div()
                    .flex_1()
                    .min_h_0()
                    .flex()
                    .child(
                        div()
                            .w(relative(0.55))
                            .h_full()
                            .flex()
                            .flex_col()
                            .child(body),
                    )
                    .child(div().w(px(1.)).h_full().bg(theme.border))
                    .child(div().flex_1().min_w_0().h_full().child(side))
                    .into_any_element(),
                None => body,
            })
    }
}

/// The large input at the top of a list or dialog, with the divider under it.
pub(crate) fn query_field(input: Entity<TextInput>, theme: &Theme) -> impl IntoElement {
    query_field_with_prompt(input, None, theme)
}

/// [`query_field`] with a label before the input.
fn query_field_with_prompt(
    input: Entity<TextInput>,
    prompt: Option<SharedString>,
    theme: &Theme,
) -> impl IntoElement {
    let prompt = prompt.map(|prompt| {
        div()
            .flex_none()
            .font_weight(gpui::FontWeight::SEMIBOLD)
            .text_color(theme.accent)
            .child(prompt)
    });
    div()
        .flex_none()
        .flex()
        .flex_col()
        .child(
            div()
                .h(px(QUERY_HEIGHT - 1.))
                .px_4()
                .flex()
                .items_center()
                .gap(px(10.))
                .text_size(px(20.))
                .text_color(theme.text)
                .children(prompt)
                .child(div().flex_1().min_w_0().child(input)),
        )
        .child(div().h(px(1.)).bg(theme.border))
}
