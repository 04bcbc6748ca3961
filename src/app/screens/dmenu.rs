//! `skit dmenu`: a list of lines another program piped in, filtered like every
//! list; the chosen line goes back to that program as rofi would print it (see
//! [`crate::dmenu`] for the flags and the output). The lines stream in while the
//! list shows, so 100,000 of them start showing before the input ends.
//!
//! Keys are rofi's, and a script's `-kb-*` flags rebind them
//! ([`crate::dmenu::keys`]): Enter picks the selected row (or the typed text when
//! nothing matches); Ctrl+Enter picks the typed text; Shift+Enter marks the row
//! under `-multi-select` and picks it otherwise; Ctrl+Space copies the row into the
//! query; Alt+1…Alt+0 (custom keys 1–10, and 11–19 on Alt and a symbol) pick the
//! row with exit codes 10–28; Escape cancels (exit 1). They are read before any
//! other binding of the window, so a script can move any of them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::control::Reply;
use async_channel::{Receiver, Sender};
use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, FontStyle,
    FontWeight, HighlightStyle, InteractiveElement, IntoElement, Keystroke, KeystrokeEvent,
    ParentElement, Render, SharedString, StrikethroughStyle, Styled, Subscription, Task,
    UnderlineStyle, Window, actions, div, px, rgb,
};

use crate::app::keys;
use crate::app::list::{
    self, ListDelegate, ListEvent, ListView, MESSAGE_HEIGHT, QUERY_HEIGHT, ROW_HEIGHT,
};
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::{Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::theme::Theme;
use crate::apps::icons::IconResolver;
use crate::dmenu::keys::{Binding, KeyChord, parse_keys};
use crate::dmenu::matching::{Candidate, Matching};
use crate::dmenu::{self, Accept, DmenuOptions, Verdict};
use crate::frecency::{self, Frecency};
use crate::search::{FilteredItems, MatchJob, Matches, SearchText};

// Every key is read by the screen's interceptor (`key_pressed`), rofi's way; the
// keymap binds none here.
actions!(dmenu_screen, [MarkAndNext]);

const CONTEXT: &str = "DmenuScreen";
/// Rankings that look at this many rows run on a background thread.
const BACKGROUND_FROM: usize = 50_000;

/// Each binding with its keys: the script's `-kb-*` or rofi's default.
fn bindings(options: &DmenuOptions) -> Vec<(Binding, Vec<KeyChord>)> {
    Binding::all()
        .into_iter()
        .map(|binding| {
            let name = binding.name();
            let spec = options
                .keys
                .iter()
                .find(|(key, _)| *key == name)
                .map_or(binding.default_keys(), |(_, spec)| spec.as_str());
            (binding, parse_keys(spec))
        })
        .collect()
}

fn pressed(chord: &KeyChord, keystroke: &Keystroke) -> bool {
    let m = &keystroke.modifiers;
    if m.control != chord.control || m.alt != chord.alt || m.platform != chord.super_key {
        return false;
    }
    if chord.is_symbol() {
        // `!` is Shift+1 on one layout and a key of its own on another.
        keystroke.key == chord.key || keystroke.key_char.as_deref() == Some(chord.key.as_str())
    } else {
        m.shift == chord.shift && keystroke.key == chord.key
    }
}

/// Keys the list would act on by itself; with rofi's keys in charge they do
/// only what a binding says.
fn is_list_key(keystroke: &Keystroke) -> bool {
    matches!(
        keystroke.key.as_str(),
        "enter" | "escape" | "up" | "down" | "tab"
    ) || (keystroke.modifiers.control && matches!(keystroke.key.as_str(), "n" | "p" | "space"))
}

pub(crate) struct DmenuScreen {
    options: DmenuOptions,
    list: Entity<ListView<DmenuDelegate>>,
    /// Where the answer goes: `{"ok":true,"stdout":...,"code":...}`, once.
    reply: Option<Sender<Reply>>,
    /// All lines have arrived.
    input_ended: bool,
    /// `-selected-row`, until that many lines have arrived.
    pending_row: Option<usize>,
    bindings: Vec<(Binding, Vec<KeyChord>)>,
    /// A choice made before the first lines were listed, made again once they are
    /// (rofi reads its first lines before it shows its window).
    waiting_key: Option<Binding>,
    _rows: Task<()>,
    _events: Subscription,
    /// Reads every key press while the screen has the focus.
    _keys: Subscription,
}

impl EventEmitter<ScreenEvent> for DmenuScreen {}

impl Focusable for DmenuScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl DmenuScreen {
    /// A list of the lines that arrive on `rows`; the answer goes to `reply`.
    pub(crate) fn new(
        options: DmenuOptions,
        rows: Receiver<Vec<String>>,
        reply: Sender<Reply>,
        cx: &mut Context<Self>,
    ) -> DmenuScreen {
        // rofi's prompt is a label before the query.
        let prompt = options.prompt.clone().map(SharedString::from);
        let placeholder = if prompt.is_some() {
            ""
        } else {
            "Type to filter…"
        };
        let delegate = DmenuDelegate {
            items: DmenuRows {
                items: FilteredItems::new(Vec::new(), search_text).with_boost(|item| item.boost),
                rofi: (!options.skit_ranking).then(|| options.matching.matching()),
                shown: None,
                sort_shown: options.display_columns.is_some(),
            },
            multi_select: options.multi_select,
            marked: BTreeSet::new(),
            keep_right: options.keep_right,
            active: options.active.clone(),
            urgent: options.urgent.clone(),
        };
        let filter = options.filter.clone();
        let password = options.password;
        let message = options.message.as_deref().map(styled_message);
        let list = cx.new(|cx| {
            let mut list = ListView::new(delegate, placeholder, cx);
            list.set_prompt(prompt, cx);
            list.set_message(message, cx);
            list.set_query(&filter, cx);
            list.set_masked(password, cx);
            list
        });
        let events = cx.subscribe(&list, |this, _, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index } => this.confirm(*index, cx),
            // `-auto-select` also fires when typing leaves one row.
            ListEvent::Selected { .. } => this.auto_select(cx),
            _ => {}
        });
        let screen = cx.entity().downgrade();
        let focus = list.focus_handle(cx);
        let keys = cx.intercept_keystrokes(move |event: &KeystrokeEvent, window, cx| {
            if !focus.contains_focused(window, cx) {
                return;
            }
            let handled = screen
                .update(cx, |this, cx| {
                    this.key_pressed(&event.keystroke, window, cx)
                })
                .unwrap_or(false);
            if handled {
                cx.stop_propagation();
            }
        });
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        // Lines are added as they arrive (parsed, and their icons found, off the UI
        // thread); the channel ends with the input.
        let markup = options.markup_rows;
        let columns = options
            .display_columns
            .clone()
            .map(|columns| (columns, options.display_column_separator.clone()));
        let icons = Arc::new(Mutex::new(IconResolver::new(None, 48, 1)));
        // skit's ranking counts the lines chosen before.
        let frecency = options
            .frecency_file
            .as_deref()
            .filter(|_| options.skit_ranking)
            .map(|path| Arc::new(Frecency::load(path)));
        let rows_task = cx.spawn(async move |this, cx| {
            while let Ok(batch) = rows.recv().await {
                let (icons, columns, frecency) = (icons.clone(), columns.clone(), frecency.clone());
                let items = cx
                    .background_spawn(async move {
                        parse(batch, markup, columns, frecency.as_deref(), &icons)
                    })
                    .await;
                let added = this.update(cx, |this, cx| this.add(items, cx));
                if added.is_err() {
                    return;
                }
            }
            let _ = this.update(cx, |this, cx| this.input_ended(cx));
        });
        DmenuScreen {
            pending_row: options.selected_row,
            bindings: bindings(&options),
            waiting_key: None,
            options,
            list,
            reply: Some(reply),
            input_ended: false,
            _rows: rows_task,
            _events: events,
            _keys: keys,
        }
    }

    fn add(&mut self, items: Vec<DmenuItem>, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.items.extend(items), cx);
        });
        let count = self.list.read(cx).delegate.items.items().len();
        if let Some(row) = self.pending_row.filter(|&row| row < count) {
            self.pending_row = None;
            self.list.update(cx, |view, cx| view.select(row, cx));
        }
        self.auto_select(cx);
        self.replay_waiting_key(cx);
    }

    fn replay_waiting_key(&mut self, cx: &mut Context<Self>) {
        if let Some(binding) = self.waiting_key.take() {
            self.choose(binding, cx);
        }
    }

    fn input_ended(&mut self, cx: &mut Context<Self>) {
        self.input_ended = true;
        // Fewer lines than `-selected-row` asked for: rofi stays on the first.
        self.pending_row = None;
        if self.options.no_custom && self.list.read(cx).delegate.items.items().is_empty() {
            // As rofi: nothing to choose from and nothing may be typed.
            return self.finish(
                Verdict::Exit {
                    stdout: String::new(),
                    code: dmenu::EXIT_CHOSEN,
                },
                cx,
            );
        }
        if let Some(wanted) = self.options.select.clone() {
            // rofi matches -select with its matching and -i.
            let query = self.options.matching.matching().compile(&wanted);
            let ix = {
                let view = self.list.read(cx);
                (0..view.match_count()).find(|&ix| {
                    view.delegate
                        .items
                        .get(ix)
                        .is_some_and(|item| query.matches(&item.search))
                })
            };
            if let Some(ix) = ix {
                self.list.update(cx, |view, cx| view.select(ix, cx));
            }
        }
        self.auto_select(cx);
        self.replay_waiting_key(cx);
    }

    /// `-auto-select`: one row left (and no more coming) is chosen without Enter.
    fn auto_select(&mut self, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        if self.options.auto_select
            && self.input_ended
            && !view.is_matching()
            && view.match_count() == 1
        {
            self.confirm(Some(0), cx);
        }
    }

    /// Enter: the selected row, or the typed text when no row matches.
    fn confirm(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let accept = {
            let view = self.list.read(cx);
            match index.and_then(|ix| view.delegate.items.get_with_index(ix)) {
                Some((original, _)) => Accept::Row(original),
                None => Accept::Custom,
            }
        };
        self.accept(accept, cx);
    }

    fn accept(&mut self, accept: Accept, cx: &mut Context<Self>) {
        let verdict = self.verdict(accept, cx);
        if matches!(verdict, Verdict::Exit { .. }) {
            self.remember(accept, cx);
        }
        self.finish(verdict, cx);
    }

    /// With skit's ranking, counts the line chosen (off the UI thread).
    fn remember(&self, accept: Accept, cx: &mut Context<Self>) {
        let (Accept::Row(index), true, Some(path)) = (
            accept,
            self.options.skit_ranking,
            self.options.frecency_file.clone(),
        ) else {
            return;
        };
        let Some(text) = self
            .list
            .read(cx)
            .delegate
            .items
            .items()
            .get(index)
            .map(|item| item.row.text.clone())
        else {
            return;
        };
        cx.background_spawn(async move {
            let mut frecency = Frecency::load(&path);
            frecency.record(&text, frecency::now_secs());
            if let Err(e) = frecency.save() {
                tracing::warn!("cannot save {}: {e}", path.display());
            }
        })
        .detach();
    }

    fn verdict(&self, accept: Accept, cx: &App) -> Verdict {
        {
            let view = self.list.read(cx);
            let delegate = &view.delegate;
            let rows: Vec<dmenu::Row> = delegate
                .items
                .items()
                .iter()
                .map(|i| i.row.clone())
                .collect();
            let marked: Vec<usize> = delegate.marked.iter().copied().collect();
            dmenu::decide(&self.options, &rows, accept, &marked, &view.query(cx))
        }
    }

    fn finish(&mut self, verdict: Verdict, cx: &mut Context<Self>) {
        let Verdict::Exit { stdout, code } = verdict else {
            return; // a non-selectable row, or typed text under -no-custom
        };
        if let Some(reply) = self.reply.take() {
            // The client may have gone; nothing more to do then.
            let _ = reply.try_send(Reply::dmenu(stdout, code));
        }
        // Hide first: once Back takes this screen off the stack, what it emits
        // reaches nobody.
        cx.emit(ScreenEvent::Hide);
        cx.emit(ScreenEvent::Back);
    }

    /// A key press while the screen has the focus: what rofi's bindings (or the
    /// script's) say, if any. True when the key was used (or is one of the list's
    /// own keys that the script's bindings took away).
    fn key_pressed(
        &mut self,
        keystroke: &Keystroke,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> bool {
        let binding = self
            .bindings
            .iter()
            .find(|(_, chords)| chords.iter().any(|chord| pressed(chord, keystroke)))
            .map(|(binding, _)| *binding);
        match binding {
            Some(binding) => {
                self.perform(binding, window, cx);
                true
            }
            None => is_list_key(keystroke),
        }
    }

    /// A footer hint for `binding`: the first of the script's own keys for it
    /// (`-kb-*`), else `usual` (the rofi default the footer has always shown).
    fn hint(&self, label: &str, binding: Binding, usual: &str) -> Hint {
        let own = self
            .bindings
            .iter()
            .find(|(b, _)| *b == binding)
            .filter(|_| {
                self.options
                    .keys
                    .iter()
                    .any(|(key, _)| *key == binding.name())
            })
            .and_then(|(_, chords)| chords.first());
        Hint {
            label: label.to_string().into(),
            key: own
                .map_or_else(|| keys::text_label(usual), |chord| chord.label())
                .into(),
        }
    }

    fn perform(&mut self, binding: Binding, window: &mut Window, cx: &mut Context<Self>) {
        let selected = self.list.read(cx).selected_index();
        match binding {
            Binding::AcceptAlt if self.options.multi_select => {
                self.mark_and_next(&MarkAndNext, window, cx)
            }
            Binding::Accept | Binding::AcceptAlt | Binding::AcceptCustom | Binding::Custom(_) => {
                self.choose(binding, cx)
            }
            Binding::RowTab => {
                if self.list.read(cx).match_count() == 1 {
                    self.choose(Binding::Accept, cx)
                } else {
                    window.dispatch_action(Box::new(list::SelectNext), cx)
                }
            }
            // rofi -only-match "always returns an entry": Escape does nothing.
            Binding::Cancel if self.options.only_match => {}
            Binding::Cancel => self.accept(Accept::Cancel, cx),
            Binding::RowSelect => {
                let text = {
                    let view = self.list.read(cx);
                    selected
                        .and_then(|ix| view.delegate.items.get(ix))
                        .map(|item| item.row.text.clone())
                };
                if let Some(text) = text {
                    self.list.update(cx, |view, cx| view.set_query(&text, cx));
                }
            }
            Binding::RowUp => window.dispatch_action(Box::new(list::SelectPrevious), cx),
            Binding::RowDown => window.dispatch_action(Box::new(list::SelectNext), cx),
        }
    }

    /// A key that ends the choice (Enter, Ctrl+Enter, a custom key); before the
    /// first lines are listed, it waits for them.
    fn choose(&mut self, binding: Binding, cx: &mut Context<Self>) {
        if !self.input_ended && self.list.read(cx).delegate.items.items().is_empty() {
            self.waiting_key = Some(binding);
            return;
        }
        let selected = self.list.read(cx).selected_index();
        match binding {
            Binding::AcceptCustom => self.accept(Accept::Custom, cx),
            Binding::Custom(_) => {
                let code = binding.exit_code().unwrap_or(dmenu::EXIT_CHOSEN);
                let accept = {
                    let view = self.list.read(cx);
                    match selected.and_then(|ix| view.delegate.items.get_with_index(ix)) {
                        Some((original, _)) => Accept::Row(original),
                        None => Accept::Custom,
                    }
                };
                match self.verdict(accept, cx) {
                    Verdict::Exit { stdout, .. } => {
                        self.remember(accept, cx);
                        self.finish(Verdict::Exit { stdout, code }, cx)
                    }
                    Verdict::StayOpen => {}
                }
            }
            _ => self.confirm(selected, cx),
        }
    }

    fn toggle_mark(&mut self, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            if let Some((original, _)) = view
                .selected_index()
                .and_then(|ix| view.delegate.items.get_with_index(ix))
                && !view.delegate.marked.remove(&original)
            {
                view.delegate.marked.insert(original);
            }
            cx.notify();
        });
    }

    fn mark_and_next(&mut self, _: &MarkAndNext, _: &mut Window, cx: &mut Context<Self>) {
        if !self.options.multi_select {
            return cx.propagate();
        }
        self.toggle_mark(cx);
        self.list.update(cx, |view, cx| {
            let next = view.selected_index().map_or(0, |ix| ix + 1);
            view.select(next, cx);
        });
    }
}

impl Screen for DmenuScreen {
    fn name(&self, _: &App) -> &'static str {
        "dmenu"
    }

    /// The program that piped its lines in waits for an answer.
    fn kept_when_shown_again(&self) -> bool {
        true
    }

    fn height(&self, cx: &App) -> f32 {
        let view = self.list.read(cx);
        let rows = match self.options.lines {
            Some(lines) if view.match_count() > 0 => {
                view.match_count().min(lines as usize).max(1) as f32 * ROW_HEIGHT + 8.
            }
            _ => view.content_height(),
        };
        let message = if self.options.message.is_some() {
            MESSAGE_HEIGHT
        } else {
            0.
        };
        QUERY_HEIGHT + message + rows
    }

    fn footer(&self, cx: &App) -> Footer {
        let view = self.list.read(cx);
        let count = view.delegate.items.items().len();
        let mut title = format!("{count} line{}", if count == 1 { "" } else { "s" });
        if !self.input_ended {
            title.push_str(", reading…");
        }
        let marked = view.delegate.marked.len();
        if marked > 0 {
            title.push_str(&format!(" · {marked} marked"));
        }
        // rofi's keys (or the script's -kb-*), not the keymap's.
        let mut hints = vec![self.hint("Choose", Binding::Accept, "enter")];
        if self.options.multi_select {
            hints.push(self.hint("Mark", Binding::AcceptAlt, "shift-enter"));
        }
        // The custom keys a script offers (it names them with -kb-custom-N).
        for (binding, chords) in &self.bindings {
            if let (Binding::Custom(n), Some(chord)) = (binding, chords.first())
                && self
                    .options
                    .keys
                    .iter()
                    .any(|(key, _)| *key == binding.name())
            {
                hints.push(Hint {
                    label: format!("Custom {n}").into(),
                    key: chord.label().into(),
                });
            }
        }
        hints.push(self.hint("Cancel", Binding::Cancel, "escape"));
        Footer {
            title: title.into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        let query = if self.options.password {
            "•".repeat(view.query(cx).chars().count())
        } else {
            view.query(cx)
        };
        ScreenState {
            query,
            selected: view
                .selected_index()
                .and_then(|ix| view.delegate.items.get(ix))
                .map(|item| item.shown.clone()),
            rows: Some(view.match_count()),
            matching: view.is_matching(),
            ..ScreenState::default()
        }
    }

    /// Escape: nothing chosen (exit 1); under `-only-match`, nothing happens.
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        if self.options.only_match {
            return;
        }
        self.accept(Accept::Cancel, cx);
    }
}

impl Render for DmenuScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::mark_and_next))
            .size_full()
            .flex()
            .flex_col()
            .child(self.list.clone())
    }
}

/// One line, parsed, with what is shown and searched, and its icon file, worked
/// out once.
struct DmenuItem {
    row: dmenu::Row,
    shown: String,
    /// How often the line was chosen before (skit's ranking only).
    boost: f64,
    search: String,
    icon: Option<PathBuf>,
}

/// Parses a batch of lines and finds their icons (an icon name in the user's
/// theme, or a path). `columns`: `-display-columns` and its separator.
fn parse(
    lines: Vec<String>,
    markup: bool,
    columns: Option<(Vec<usize>, String)>,
    frecency: Option<&Frecency>,
    icons: &Mutex<IconResolver>,
) -> Vec<DmenuItem> {
    let mut icons = icons.lock().expect("the icon cache");
    let now = frecency::now_secs();
    lines
        .iter()
        .map(|line| {
            let row = dmenu::parse_row(line);
            let shown = row.shown_text(markup);
            let shown = match &columns {
                Some((columns, separator)) => dmenu::pick_columns(&shown, columns, separator),
                None => shown.into_owned(),
            };
            DmenuItem {
                shown,
                boost: frecency.map_or(0.0, |f| f.boost(&row.text, now)),
                search: row.match_text(markup).into_owned(),
                icon: row.icon.as_deref().and_then(|icon| icons.resolve(icon)),
                row,
            }
        })
        .collect()
}

fn search_text(item: &DmenuItem) -> SearchText {
    SearchText::new(&item.search, None, None, item.row.meta.as_deref())
}

/// The lines, and which of them match the query in which order: rofi's matching
/// (the default), or skit's own ranking when the config asks for it.
struct DmenuRows {
    items: FilteredItems<DmenuItem>,
    /// rofi's matching; `None` for skit's ranking (in `items`).
    rofi: Option<Matching>,
    /// The lines rofi lists for the query, in its order; `None` for all of them
    /// in input order (the empty query).
    shown: Option<Vec<usize>>,
    /// `-sort` ranks what is shown (`-display-columns`), not the line.
    sort_shown: bool,
}

impl DmenuRows {
    fn update(&mut self, query: &str) {
        let Some(matching) = &self.rofi else {
            return self.items.update(query);
        };
        if query.is_empty() {
            self.shown = None;
            return;
        }
        let sort_shown = self.sort_shown;
        self.shown = Some(
            matching.filter_by(self.items.items(), query, |item| Candidate {
                text: Some(&item.search),
                meta: item.row.meta.as_deref(),
                sort_key: if sort_shown {
                    &item.shown
                } else {
                    &item.row.text
                },
            }),
        );
    }

    fn background_job(&self, query: &str) -> Option<MatchJob> {
        // rofi's matching runs at once, spread over the CPUs (as rofi does).
        if self.rofi.is_some() {
            return None;
        }
        self.items.background_job(query, BACKGROUND_FROM)
    }

    fn apply(&mut self, matches: Matches) {
        self.items.apply(matches);
    }

    fn len(&self) -> usize {
        match (&self.rofi, &self.shown) {
            (None, _) => self.items.len(),
            (Some(_), None) => self.items.items().len(),
            (Some(_), Some(shown)) => shown.len(),
        }
    }

    fn get_with_index(&self, ix: usize) -> Option<(usize, &DmenuItem)> {
        let index = match (&self.rofi, &self.shown) {
            (None, _) => return self.items.get_with_index(ix),
            (Some(_), None) => ix,
            (Some(_), Some(shown)) => *shown.get(ix)?,
        };
        self.items.items().get(index).map(|item| (index, item))
    }

    fn get(&self, ix: usize) -> Option<&DmenuItem> {
        self.get_with_index(ix).map(|(_, item)| item)
    }

    fn items(&self) -> &[DmenuItem] {
        self.items.items()
    }

    fn extend(&mut self, items: Vec<DmenuItem>) {
        self.items.extend(items);
    }

    fn name_positions(&mut self, name: &str, query: &str) -> Vec<usize> {
        self.items.name_positions(name, query)
    }
}

struct DmenuDelegate {
    items: DmenuRows,
    /// `-a` and `-u`.
    active: dmenu::RowSet,
    urgent: dmenu::RowSet,
    /// Rows show a check box (`-multi-select`).
    multi_select: bool,
    /// Marked rows, by their position in the input.
    marked: BTreeSet<usize>,
    /// `-keep-right`.
    keep_right: bool,
}

impl ListDelegate for DmenuDelegate {
    fn update_matches(&mut self, query: &str) {
        self.items.update(query);
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        self.items.background_job(query)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.items.apply(matches);
    }

    fn match_count(&self) -> usize {
        self.items.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.items
            .get_with_index(ix)
            .map(|(original, _)| original.to_string().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some((original, item)) = self.items.get_with_index(ix) else {
            return gpui::Empty.into_any_element();
        };
        let (shown, icon, marked) = (
            item.shown.clone(),
            item.icon.clone(),
            self.marked.contains(&original),
        );
        // A `display` text differs from what is matched: no highlights on it.
        let positions = if item.row.display.is_some() {
            Vec::new()
        } else {
            self.items.name_positions(&shown, query)
        };
        let count = self.items.items().len();
        let tint = if self.urgent.contains(original, count) {
            Some(theme.error)
        } else if self.active.contains(original, count) {
            Some(theme.accent)
        } else {
            None
        };
        Row {
            name: &shown,
            positions: &positions,
            description: None,
            badges: Vec::new(),
            icon: icon.map(RowIcon::Image),
            selected,
            checked: self.multi_select.then_some(marked),
        }
        .render_tinted(tint, self.keep_right, theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if self.items.items().is_empty() {
            return empty_state(
                "Waiting for lines…",
                "Nothing has arrived on the input yet.",
                theme,
            );
        }
        empty_state(
            &format!("No line matches “{query}”"),
            "Enter uses the typed text; Escape cancels.",
            theme,
        )
    }
}

/// `-mesg`: Pango markup as rofi draws it (bold, italic, underline, strikethrough,
/// colours); text that is not markup as it is.
fn styled_message(message: &str) -> list::StyledMessage {
    let (text, spans) =
        dmenu::markup_spans(message).unwrap_or_else(|| (message.to_string(), Vec::new()));
    let runs = spans.into_iter().map(|(range, style)| {
        let highlight = HighlightStyle {
            color: style
                .color
                .map(|[r, g, b]| rgb(u32::from_be_bytes([0, r, g, b])).into()),
            font_weight: style.bold.then_some(FontWeight::BOLD),
            font_style: style.italic.then_some(FontStyle::Italic),
            underline: style.underline.then(|| UnderlineStyle {
                thickness: px(1.),
                ..UnderlineStyle::default()
            }),
            strikethrough: style.strikethrough.then(|| StrikethroughStyle {
                thickness: px(1.),
                ..StrikethroughStyle::default()
            }),
            ..HighlightStyle::default()
        };
        (range, highlight)
    });
    (text.into(), runs.collect())
}
