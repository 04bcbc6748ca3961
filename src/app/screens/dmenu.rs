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
//!
//! The parts: `rows` holds the lines and matches them (rofi's way or skit's),
//! `delegate` shows them in the list (tinted for `-a` and `-u`, with check boxes
//! under `-multi-select`), and `keys` reads every key press for rofi's bindings.

mod delegate;
mod keys;
mod rows;

use std::sync::{Arc, Mutex};

use crate::control::Reply;
use async_channel::{Receiver, Sender};
use gpui::{
    App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, InteractiveElement,
    IntoElement, ParentElement, Render, SharedString, Styled, Subscription, Task, Window, div,
};

use crate::app::list::{ListEvent, ListView, MESSAGE_HEIGHT, QUERY_HEIGHT, ROW_HEIGHT};
use crate::app::screen::{Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::apps::icons::IconResolver;
use crate::dmenu::keys::{Binding, KeyChord};
use crate::dmenu::{self, Accept, DmenuOptions, Verdict};
use crate::frecency::{self, Frecency};
use delegate::{DmenuDelegate, styled_message};
use keys::bindings;
use rows::{DmenuItem, parse};

const CONTEXT: &str = "DmenuScreen";

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
        let delegate = DmenuDelegate::new(&options);
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
        let keys = Self::intercept_keys(&list, cx);
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
        cx.emit(ScreenEvent::Back);
        cx.emit(ScreenEvent::Hide);
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
