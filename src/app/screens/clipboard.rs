//! The Clipboard History screen: what the user copied, newest first (pinned
//! entries on top), fuzzy-filtered as they type, with the focused entry in the
//! preview pane (the text, or the image) and when and where it was copied.
//!
//! Enter pastes the entry into the window the user came from (the clipboard is
//! put back afterwards), Ctrl+C only copies it, and Ctrl+K offers the rest: type
//! it, pin it, delete it, pause or clear the history. Inserting goes to the shell
//! through the launcher; changes to the history run on a background thread and the
//! list reloads after each.

use std::sync::Arc;

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable, Image,
    ImageFormat, InteractiveElement, IntoElement, ParentElement, Render, ScrollHandle,
    SharedString, StatefulInteractiveElement, Styled, Subscription, Task, Window, actions, div,
    img, px,
};

use crate::app::clipboard::HistoryAction;
use crate::app::clipboard::Recording;
use crate::app::fonts::Fonts;
use crate::app::keys;
use crate::app::list::{self, ListDelegate, ListEvent, ListView};
use crate::app::markdown_view;
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::MenuItem;
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::clipboard::history::{History, ago};
use crate::clipboard::store::{Content, EntrySummary, Kind, human_size, now_ms};
use crate::clipboard::{Delivery, Insert, Payload};
use crate::markdown::Block;
use crate::search::{FilteredItems, SearchText};

actions!(
    clipboard_history,
    [
        CopyEntry,
        TypeEntry,
        PastePlain,
        TogglePin,
        DeleteEntry,
        OpenMenu
    ]
);

const CONTEXT: &str = "ClipboardScreen";
/// The key contexts from the window down to the query, which has the focus.
const KEYS: &[&str] = &[
    "Launcher clipboard",
    CONTEXT,
    list::CONTEXT,
    text_input::CONTEXT,
];
/// Characters of a text entry shown in the preview pane.
const PREVIEW_TEXT_CHARS: usize = 20_000;
/// Characters of the preview in `skit state`.
const STATE_PREVIEW_CHARS: usize = 2_000;

/// Off while the history is paused.
fn unless_paused(recording: Recording, history: &History) -> Recording {
    if history.is_paused() {
        Recording::Off
    } else {
        recording
    }
}

pub(crate) struct ClipboardScreen {
    history: Arc<History>,
    list: Entity<ListView<HistoryDelegate>>,
    /// Whether the watcher records, and through what.
    recording: Recording,
    /// Opened by its own hotkey: Escape hides the window rather than going back.
    standalone: bool,
    /// Loads the focused entry's content for the preview.
    _preview: Option<Task<()>>,
    /// A change to the history in progress.
    _change: Option<Task<()>>,
    _subscriptions: Vec<Subscription>,
}

impl EventEmitter<ScreenEvent> for ClipboardScreen {}

impl Focusable for ClipboardScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl ClipboardScreen {
    pub(crate) fn new(
        history: Arc<History>,
        recording: Recording,
        standalone: bool,
        cx: &mut Context<Self>,
    ) -> ClipboardScreen {
        let delegate = HistoryDelegate {
            entries: FilteredItems::new(history.entries().to_vec(), search_text),
            preview: Preview::default(),
            recording: unless_paused(recording, &history),
        };
        let list = cx.new(|cx| ListView::new(delegate, "Search the clipboard history…", cx));
        let events = cx.subscribe(&list, |this, _, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index: Some(_) } => this.insert(Delivery::Paste, cx),
            ListEvent::Selected { .. } => this.load_preview(cx),
            _ => {}
        });
        let changes = cx.observe(&list, |_, _, cx| cx.notify());
        let mut screen = ClipboardScreen {
            history,
            list,
            recording,
            standalone,
            _preview: None,
            _change: None,
            _subscriptions: vec![events, changes],
        };
        screen.load_preview(cx);
        screen
    }

    fn selected(&self, cx: &App) -> Option<EntrySummary> {
        let view = self.list.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.entries.get(ix))
            .cloned()
    }

    /// Reads the entries again (a copy was recorded, or the history changed).
    pub(crate) fn reload(&mut self, cx: &mut Context<Self>) {
        let entries = self.history.entries().to_vec();
        let recording = unless_paused(self.recording, &self.history);
        self.list.update(cx, |view, cx| {
            view.update_items(
                |delegate| {
                    delegate.entries.set(entries);
                    delegate.recording = recording;
                },
                cx,
            )
        });
        self.load_preview(cx);
    }

    /// Loads the focused entry's content for the preview pane, off the UI thread.
    fn load_preview(&mut self, cx: &mut Context<Self>) {
        let Some(entry) = self.selected(cx) else {
            self._preview = None;
            self.list
                .update(cx, |view, _| view.delegate.preview = Preview::default());
            return;
        };
        if self.list.read(cx).delegate.preview.id == Some(entry.id) {
            return;
        }
        let history = self.history.clone();
        let loaded = cx.background_spawn(async move {
            match history.content(entry.id) {
                Ok(Some(content)) => PreviewContent::from(content),
                Ok(None) => PreviewContent::Missing("The entry is gone.".into()),
                Err(e) => PreviewContent::Missing(e),
            }
        });
        self._preview = Some(cx.spawn(async move |this, cx| {
            let content = loaded.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    let preview = &mut view.delegate.preview;
                    preview.id = Some(entry.id);
                    preview.content = content;
                    preview.scroll = ScrollHandle::new();
                    cx.notify();
                });
            });
        }));
    }

    fn insert(&mut self, delivery: Delivery, cx: &mut Context<Self>) {
        if let Some(entry) = self.selected(cx) {
            cx.emit(ScreenEvent::Clipboard(HistoryAction::Insert(Insert {
                payload: Payload::Entry(entry.id),
                delivery,
                secret: false,
            })));
        }
    }

    fn copy_entry(&mut self, _: &CopyEntry, _: &mut Window, cx: &mut Context<Self>) {
        self.insert(Delivery::Copy, cx);
    }

    fn type_entry(&mut self, _: &TypeEntry, _: &mut Window, cx: &mut Context<Self>) {
        self.insert(Delivery::Type, cx);
    }

    /// Paste as plain text: the history keeps text as plain text, so this is the
    /// paste of a text entry; an image has no text to paste.
    fn paste_plain(&mut self, _: &PastePlain, _: &mut Window, cx: &mut Context<Self>) {
        if self.selected(cx).is_some_and(|e| e.kind == Kind::Text) {
            self.insert(Delivery::Paste, cx);
        }
    }

    fn toggle_pin(&mut self, _: &TogglePin, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(entry) = self.selected(cx) {
            self.act(HistoryAction::Pin(entry.id, !entry.pinned), cx);
        }
    }

    fn delete_entry(&mut self, _: &DeleteEntry, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(entry) = self.selected(cx) {
            self.act(HistoryAction::Delete(entry.id), cx);
        }
    }

    fn open_menu(&mut self, _: &OpenMenu, _: &mut Window, cx: &mut Context<Self>) {
        let items = self.menu(cx);
        cx.emit(ScreenEvent::Menu("Clipboard History".into(), items));
    }

    /// The actions menu: for the focused entry, then for the whole history.
    fn menu(&self, cx: &App) -> Vec<MenuItem> {
        let item = |label: &str, key: SharedString, action: HistoryAction| MenuItem {
            label: label.to_string().into(),
            key,
            event: ScreenEvent::Clipboard(action),
            icon: None,
        };
        let insert = |id: i64, delivery: Delivery| {
            HistoryAction::Insert(Insert {
                payload: Payload::Entry(id),
                delivery,
                secret: false,
            })
        };
        let mut items = Vec::new();
        if let Some(entry) = self.selected(cx) {
            let id = entry.id;
            items.push(item(
                "Paste",
                keys::label(&list::Confirm, KEYS, cx),
                insert(id, Delivery::Paste),
            ));
            items.push(item(
                "Copy to Clipboard",
                keys::label(&CopyEntry, KEYS, cx),
                insert(id, Delivery::Copy),
            ));
            if entry.kind == Kind::Text {
                items.push(item(
                    "Paste as Plain Text",
                    keys::label(&PastePlain, KEYS, cx),
                    insert(id, Delivery::Paste),
                ));
                items.push(item(
                    "Type It (for fields that block paste)",
                    keys::label(&TypeEntry, KEYS, cx),
                    insert(id, Delivery::Type),
                ));
            }
            items.push(item(
                if entry.pinned { "Unpin" } else { "Pin" },
                keys::label(&TogglePin, KEYS, cx),
                HistoryAction::Pin(id, !entry.pinned),
            ));
            items.push(item(
                "Delete",
                keys::label(&DeleteEntry, KEYS, cx),
                HistoryAction::Delete(id),
            ));
        }
        let paused = self.history.is_paused();
        items.push(item(
            if paused {
                "Resume History"
            } else {
                "Pause History"
            },
            SharedString::default(),
            HistoryAction::SetPaused(!paused),
        ));
        items.push(item(
            "Clear History (keeps pinned entries)",
            SharedString::default(),
            HistoryAction::Clear,
        ));
        items
    }

    /// Changes the history (pin, delete, pause, clear) on a background thread,
    /// then shows the result. Inserting is not done here: it goes to the shell.
    pub(crate) fn act(&mut self, action: HistoryAction, cx: &mut Context<Self>) {
        let history = self.history.clone();
        let change = cx.background_spawn(async move {
            match action {
                HistoryAction::Pin(id, pinned) => history.pin(id, pinned).map(|()| None),
                HistoryAction::Delete(id) => history.delete(id).map(|()| None),
                HistoryAction::SetPaused(paused) => history.set_paused(paused).map(|()| {
                    Some(if paused {
                        "Clipboard history paused: nothing is recorded until you resume it"
                            .to_string()
                    } else {
                        "Clipboard history resumed".to_string()
                    })
                }),
                HistoryAction::Clear => history.clear().map(|removed| {
                    Some(format!(
                        "Cleared {removed} entr{} (pinned entries stay)",
                        if removed == 1 { "y" } else { "ies" }
                    ))
                }),
                HistoryAction::Insert(_) => Ok(None),
            }
        });
        self._change = Some(cx.spawn(async move |this, cx| {
            let result = change.await;
            let _ = this.update(cx, |this, cx| {
                this.reload(cx);
                match result {
                    Ok(Some(notice)) => cx.emit(ScreenEvent::Notice(notice.into())),
                    Ok(None) => {}
                    Err(problem) => cx.emit(ScreenEvent::Problem(problem.into())),
                }
            });
        }));
    }
}

impl Screen for ClipboardScreen {
    fn name(&self, _: &App) -> &'static str {
        "clipboard"
    }

    fn height(&self, cx: &App) -> f32 {
        self.list.read(cx).screen_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        let count = self.history.entries().len();
        let title = if self.history.is_paused() {
            "History paused".to_string()
        } else {
            format!("{count} entr{}", if count == 1 { "y" } else { "ies" })
        };
        let mut hints = Vec::new();
        if self.list.read(cx).selected_index().is_some() {
            hints.push(Hint::new("Paste", &list::Confirm, KEYS, cx));
            hints.push(Hint::new("Copy", &CopyEntry, KEYS, cx));
        }
        hints.push(Hint::new("Actions", &OpenMenu, KEYS, cx));
        let back = if self.standalone { "Hide" } else { "Back" };
        hints.push(Hint::new(back, &Dismiss, KEYS, cx));
        Footer {
            title: title.into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        let preview = &view.delegate.preview;
        let preview = match &preview.content {
            PreviewContent::Text(text, _) => Some(text.chars().take(STATE_PREVIEW_CHARS).collect()),
            PreviewContent::Image(_, (w, h), size) => {
                Some(format!("image {w} × {h}, {}", human_size(*size)))
            }
            PreviewContent::Missing(why) => Some(why.clone()),
            PreviewContent::Nothing => None,
        };
        ScreenState {
            query: view.query(cx),
            selected: self.selected(cx).map(|e| e.preview),
            rows: Some(view.match_count()),
            matching: view.is_matching(),
            preview,
            ..ScreenState::default()
        }
    }

    /// Escape clears the query; on an empty query it goes back to the scripts (or
    /// hides, when the history was opened by its own hotkey).
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        if self.list.update(cx, |view, cx| view.clear_query(cx)) {
            return;
        }
        cx.emit(if self.standalone {
            ScreenEvent::Hide
        } else {
            ScreenEvent::Back
        });
    }
}

impl Render for ClipboardScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::copy_entry))
            .on_action(cx.listener(Self::type_entry))
            .on_action(cx.listener(Self::paste_plain))
            .on_action(cx.listener(Self::toggle_pin))
            .on_action(cx.listener(Self::delete_entry))
            .on_action(cx.listener(Self::open_menu))
            .size_full()
            .child(self.list.clone())
    }
}

fn search_text(entry: &EntrySummary) -> SearchText {
    SearchText::new(&entry.preview, None, None, entry.source_app.as_deref())
}

/// The preview pane's content.
#[derive(Default)]
struct Preview {
    /// The entry shown (its content loaded).
    id: Option<i64>,
    content: PreviewContent,
    scroll: ScrollHandle,
}

#[derive(Default)]
enum PreviewContent {
    #[default]
    Nothing,
    /// The text (cut at [`PREVIEW_TEXT_CHARS`]) and it as a code block.
    Text(String, Vec<Block>),
    /// The image, its size in pixels and in bytes.
    Image(Arc<Image>, (u32, u32), usize),
    Missing(String),
}

impl From<Content> for PreviewContent {
    /// Built on a background thread: cutting long text and hashing an image cost.
    fn from(content: Content) -> PreviewContent {
        match content {
            // The history never holds files skit copied; their paths if it did.
            Content::Files(files) => PreviewContent::from(Content::Text(files.paths().into())),
            Content::Text(text) => {
                let mut shown: String = text.chars().take(PREVIEW_TEXT_CHARS).collect();
                if shown.len() < text.len() {
                    shown.push_str("\n…");
                }
                let blocks = vec![Block::Code {
                    language: None,
                    text: shown.clone(),
                }];
                PreviewContent::Text(shown, blocks)
            }
            Content::Png(png) => {
                let size = png.len();
                let dimensions = crate::clipboard::store::png_dimensions(&png).unwrap_or((0, 0));
                let image = Arc::new(Image::from_bytes(ImageFormat::Png, png));
                PreviewContent::Image(image, dimensions, size)
            }
        }
    }
}

struct HistoryDelegate {
    entries: FilteredItems<EntrySummary>,
    preview: Preview,
    /// For the empty state: whether copies are being recorded now.
    recording: Recording,
}

impl ListDelegate for HistoryDelegate {
    fn update_matches(&mut self, query: &str) {
        // An empty query keeps the history's order: pinned, then newest first.
        self.entries.update(query);
    }

    fn match_count(&self) -> usize {
        self.entries.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.entries
            .get(ix)
            .map(|e| e.id.to_string().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(entry) = self.entries.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = self.entries.name_positions(&entry.preview, query);
        let description = describe(&entry, now_ms());
        Row {
            name: &entry.preview,
            positions: &positions,
            description: Some(&description),
            badges: entry
                .pinned
                .then(|| SharedString::from("pinned"))
                .into_iter()
                .collect(),
            icon: Some(RowIcon::Text(
                match entry.kind {
                    Kind::Text => "📋",
                    Kind::Png => "🖼",
                }
                .into(),
            )),
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if !query.is_empty() {
            return empty_state(
                &format!("Nothing copied matches “{query}”"),
                "Try fewer letters, or press Escape to clear.",
                theme,
            );
        }
        match self.recording {
            Recording::On => empty_state(
                "Nothing copied yet",
                "Copy some text or an image in any app and it shows up here.",
                theme,
            ),
            // GNOME: no data control, so the history is XWayland's clipboard.
            Recording::ThroughXWayland => empty_state(
                "Nothing copied yet",
                "This desktop lets skit see copies only through XWayland: what X11 apps copy, \
                 and Wayland apps' copies once an X11 window has had the focus. Pasting \
                 reaches X11 apps only.",
                theme,
            ),
            Recording::Off => empty_state(
                "The clipboard history is not recording",
                "Resume it with Ctrl+K, or set \"clipboard\": {\"enabled\": true} in config.json.",
                theme,
            ),
        }
    }

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        if self.match_count() == 0 {
            return None;
        }
        let body = match &self.preview.content {
            PreviewContent::Nothing => div().into_any_element(),
            PreviewContent::Text(_, blocks) => div()
                .px_4()
                .py_3()
                .flex()
                .flex_col()
                .text_size(px(13.))
                .children(markdown_view::render(
                    blocks,
                    "clipboard-preview",
                    theme,
                    cx.global::<Fonts>(),
                ))
                .into_any_element(),
            PreviewContent::Image(image, (w, h), _) => {
                // Small images are shown larger (up to 4×), large ones fit the pane.
                let (w, h) = (*w.max(&1) as f32, *h.max(&1) as f32);
                let scale = (4.0_f32).min(300. / w).min(290. / h);
                div()
                    .p_4()
                    .flex()
                    .justify_center()
                    .child(img(image.clone()).w(px(w * scale)).h(px(h * scale)))
                    .into_any_element()
            }
            PreviewContent::Missing(why) => empty_state("No preview", why, theme),
        };
        let meta = self
            .entries
            .items()
            .iter()
            .find(|e| Some(e.id) == self.preview.id)
            .map(|entry| {
                let mut lines = vec![format!("Copied {}", ago(entry.last_copied_ms, now_ms()))];
                if let Some(app) = &entry.source_app {
                    lines.push(format!("From {app}"));
                }
                lines.push(human_size(entry.size as usize));
                if entry.pinned {
                    lines.push("Pinned".into());
                }
                lines.join(" · ")
            });
        Some(
            div()
                .size_full()
                .flex()
                .flex_col()
                .child(
                    div()
                        .id("clipboard-preview")
                        .flex_1()
                        .min_h_0()
                        .overflow_y_scroll()
                        .track_scroll(&self.preview.scroll)
                        .text_color(theme.text)
                        .child(body),
                )
                .children(meta.map(|meta| {
                    div()
                        .flex_none()
                        .flex()
                        .flex_col()
                        .child(div().h(px(1.)).bg(theme.border))
                        .child(
                            div()
                                .px_4()
                                .py_2()
                                .text_size(px(12.))
                                .text_color(theme.text_muted)
                                .child(meta),
                        )
                }))
                .into_any_element(),
        )
    }
}

/// The second line of a row: where it came from, when, how large.
fn describe(entry: &EntrySummary, now: i64) -> String {
    let mut parts = Vec::new();
    if let Some(app) = &entry.source_app {
        parts.push(app.clone());
    }
    parts.push(ago(entry.last_copied_ms, now));
    parts.push(human_size(entry.size as usize));
    parts.join(" · ")
}
