//! The Snippets screen: the user's text snippets (`snippets.json`, see
//! [`crate::snippets`]), fuzzy-filtered as they type (a snippet's keyword ranks
//! it first), the focused one's text in the preview pane.
//!
//! Enter pastes the snippet into the window the user came from, its placeholders
//! filled in (`{clipboard}` is the newest text in the clipboard history); Ctrl+K
//! offers New, Edit and Delete. New and Edit open [`SnippetFormScreen`], a form
//! (the `fields` prompt) whose Enter saves. The file is read and written off the
//! UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, ParentElement, Render, SharedString, Styled, Subscription,
    Task, Window, actions, div, px,
};
use serde_json::{Value, json};

use crate::app::fonts::Fonts;
use crate::app::keys;
use crate::app::list::{self, ListDelegate, ListEvent, ListView};
use crate::app::markdown_view;
use crate::app::prompts::fields::FieldsPrompt;
use crate::app::prompts::{Prompt, PromptEvent};
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::{Dismiss, Footer, Hint, MenuItem, Screen, ScreenEvent, ScreenState};
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::clipboard::history::History;
use crate::clipboard::store::{Content, Kind};
use crate::clipboard::{Delivery, Insert, Payload};
use crate::markdown::Block;
use crate::protocol::Field;
use crate::search::{FilteredItems, SearchText};
use crate::snippets::{self, Change, Snippet};

actions!(
    snippets,
    [
        OpenMenu,
        NewSnippet,
        EditSnippet,
        DeleteSnippet,
        CopySnippet
    ]
);

const CONTEXT: &str = "SnippetsScreen";
/// The key contexts from the window down to the query, which has the focus.
const KEYS: &[&str] = &[
    "Launcher snippets",
    CONTEXT,
    list::CONTEXT,
    text_input::CONTEXT,
];

/// What the Snippets screen, its menu and its form ask of the launcher.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SnippetAction {
    /// Paste (or copy) the snippet with this name (from the menu).
    Insert(String, Delivery),
    /// Open the form for a new snippet.
    New,
    /// Open the form for the snippet with this name.
    Edit(String),
    /// Delete the snippet with this name.
    Delete(String),
    /// The form saved the snippet with this name: back to the list, reloaded.
    Saved(String),
    /// Hand this to the shell (the expanded text).
    Deliver(Insert),
}

pub(crate) struct SnippetsScreen {
    file: PathBuf,
    history: Option<Arc<History>>,
    list: Entity<ListView<SnippetsDelegate>>,
    /// The snippet to select once the file is read again.
    select_after: Option<String>,
    _load: Option<Task<()>>,
    _work: Option<Task<()>>,
    _subscriptions: Vec<Subscription>,
}

impl EventEmitter<ScreenEvent> for SnippetsScreen {}

impl Focusable for SnippetsScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl SnippetsScreen {
    /// `file`: `snippets.json`; `history`: where `{clipboard}` comes from.
    pub(crate) fn new(
        file: PathBuf,
        history: Option<Arc<History>>,
        cx: &mut Context<Self>,
    ) -> SnippetsScreen {
        let delegate = SnippetsDelegate {
            snippets: FilteredItems::new(Vec::new(), search_text),
            problem: None,
            loaded: false,
            new_key: keys::label(&NewSnippet, KEYS, cx),
            selected: None,
        };
        let list = cx.new(|cx| ListView::new(delegate, "Search snippets…", cx));
        let events = cx.subscribe(&list, |this, list, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index: Some(_) } => {
                if let Some(snippet) = this.selected(cx) {
                    this.insert(snippet.name, Delivery::Paste, cx);
                }
            }
            ListEvent::Selected { index } => {
                let index = *index;
                list.update(cx, |view, cx| {
                    view.delegate.selected = index;
                    cx.notify();
                });
            }
            _ => {}
        });
        let changes = cx.observe(&list, |_, _, cx| cx.notify());
        let mut screen = SnippetsScreen {
            file,
            history,
            list,
            select_after: None,
            _load: None,
            _work: None,
            _subscriptions: vec![events, changes],
        };
        screen.reload(cx);
        screen
    }

    fn selected(&self, cx: &App) -> Option<Snippet> {
        let view = self.list.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.snippets.get(ix))
            .cloned()
    }

    /// Reads the file again, off the UI thread.
    pub(crate) fn reload(&mut self, cx: &mut Context<Self>) {
        let file = self.file.clone();
        let loaded = cx.background_spawn(async move { snippets::load(&file) });
        self._load = Some(cx.spawn(async move |this, cx| {
            let result = loaded.await;
            let _ = this.update(cx, |this, cx| this.show(result, cx));
        }));
    }

    fn show(&mut self, result: Result<Vec<Snippet>, String>, cx: &mut Context<Self>) {
        let (snippets, problem) = match result {
            Ok(snippets) => (snippets, None),
            Err(problem) => (Vec::new(), Some(problem)),
        };
        self.list.update(cx, |view, cx| {
            view.update_items(
                |delegate| {
                    delegate.snippets.set(snippets);
                    delegate.problem = problem;
                    delegate.loaded = true;
                },
                cx,
            )
        });
        if let Some(name) = self.select_after.take() {
            self.list.update(cx, |view, cx| {
                let found = (0..view.match_count()).find(|&ix| {
                    view.delegate
                        .snippets
                        .get(ix)
                        .is_some_and(|s| s.name == name)
                });
                if let Some(ix) = found {
                    view.select(ix, cx);
                }
            });
        }
    }

    /// Fills in the placeholders of the snippet `name` (reading the clipboard
    /// history off the UI thread when it needs `{clipboard}`) and hands the text
    /// to the shell.
    pub(crate) fn insert(&mut self, name: String, delivery: Delivery, cx: &mut Context<Self>) {
        let Some(snippet) = self
            .list
            .read(cx)
            .delegate
            .snippets
            .items()
            .iter()
            .find(|s| s.name == name)
            .cloned()
        else {
            return;
        };
        let history = self.history.clone();
        let expanded = cx.background_spawn(async move {
            let clipboard = snippets::uses_clipboard(&snippet.text)
                .then(|| history.and_then(|h| newest_text(&h)))
                .flatten();
            snippets::expand(
                &snippet.text,
                &snippets::Values {
                    clipboard: clipboard.as_deref(),
                    now: chrono::Local::now(),
                },
            )
        });
        self._work = Some(cx.spawn(async move |this, cx| {
            let expanded = expanded.await;
            let _ = this.update(cx, |_, cx| {
                cx.emit(ScreenEvent::Snippet(SnippetAction::Deliver(Insert {
                    payload: Payload::Snippet(expanded.text, expanded.cursor_back),
                    delivery,
                    secret: false,
                })));
            });
        }));
    }

    /// Deletes the snippet `name` from the file, then shows the list again.
    pub(crate) fn delete(&mut self, name: String, cx: &mut Context<Self>) {
        let file = self.file.clone();
        let change = cx.background_spawn({
            let name = name.clone();
            async move { snippets::change(&file, Change::Remove(name)) }
        });
        self._work = Some(cx.spawn(async move |this, cx| {
            let result = change.await;
            let _ = this.update(cx, |this, cx| match result {
                Ok(snippets) => {
                    this.show(Ok(snippets), cx);
                    cx.emit(ScreenEvent::Notice(format!("Deleted “{name}”").into()));
                }
                Err(problem) => cx.emit(ScreenEvent::Problem(problem.into())),
            });
        }));
    }

    /// The snippet named `name`, as read last.
    pub(crate) fn snippet(&self, name: &str, cx: &App) -> Option<Snippet> {
        self.list
            .read(cx)
            .delegate
            .snippets
            .items()
            .iter()
            .find(|s| s.name == name)
            .cloned()
    }

    /// Reads the file again and selects the snippet `name` (it was just saved).
    pub(crate) fn reload_selecting(&mut self, name: String, cx: &mut Context<Self>) {
        self.select_after = Some(name);
        self.reload(cx);
    }

    pub(crate) fn file(&self) -> PathBuf {
        self.file.clone()
    }

    fn action(&self, action: SnippetAction, cx: &mut Context<Self>) {
        cx.emit(ScreenEvent::Snippet(action));
    }

    fn new_snippet(&mut self, _: &NewSnippet, _: &mut Window, cx: &mut Context<Self>) {
        self.action(SnippetAction::New, cx);
    }

    fn edit_snippet(&mut self, _: &EditSnippet, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(snippet) = self.selected(cx) {
            self.action(SnippetAction::Edit(snippet.name), cx);
        }
    }

    fn delete_snippet(&mut self, _: &DeleteSnippet, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(snippet) = self.selected(cx) {
            self.delete(snippet.name, cx);
        }
    }

    fn copy_snippet(&mut self, _: &CopySnippet, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(snippet) = self.selected(cx) {
            self.insert(snippet.name, Delivery::Copy, cx);
        }
    }

    fn open_menu(&mut self, _: &OpenMenu, _: &mut Window, cx: &mut Context<Self>) {
        let items = self.menu(cx);
        cx.emit(ScreenEvent::Menu("Snippets".into(), items));
    }

    fn menu(&self, cx: &App) -> Vec<MenuItem> {
        let item = |label: &str, key: SharedString, action: SnippetAction| MenuItem {
            label: label.to_string().into(),
            key,
            event: ScreenEvent::Snippet(action),
            icon: None,
        };
        let mut items = Vec::new();
        if let Some(snippet) = self.selected(cx) {
            let name = snippet.name;
            items.push(item(
                "Paste",
                keys::label(&list::Confirm, KEYS, cx),
                SnippetAction::Insert(name.clone(), Delivery::Paste),
            ));
            items.push(item(
                "Copy to Clipboard",
                keys::label(&CopySnippet, KEYS, cx),
                SnippetAction::Insert(name.clone(), Delivery::Copy),
            ));
            items.push(item(
                "Edit Snippet",
                keys::label(&EditSnippet, KEYS, cx),
                SnippetAction::Edit(name.clone()),
            ));
            items.push(item(
                "Delete Snippet",
                keys::label(&DeleteSnippet, KEYS, cx),
                SnippetAction::Delete(name),
            ));
        }
        items.push(item(
            "New Snippet",
            keys::label(&NewSnippet, KEYS, cx),
            SnippetAction::New,
        ));
        items
    }
}

/// The newest text in the clipboard history: what is on the clipboard while it
/// records.
fn newest_text(history: &History) -> Option<String> {
    let newest = history
        .entries()
        .iter()
        .filter(|e| e.kind == Kind::Text)
        .max_by_key(|e| e.last_copied_ms)?
        .id;
    match history.content(newest) {
        Ok(Some(Content::Text(text))) => Some(text),
        _ => None,
    }
}

impl Screen for SnippetsScreen {
    fn name(&self, _: &App) -> &'static str {
        "snippets"
    }

    fn height(&self, cx: &App) -> f32 {
        self.list.read(cx).screen_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        let view = self.list.read(cx);
        let count = view.delegate.snippets.items().len();
        let mut hints = Vec::new();
        if view.selected_index().is_some() {
            hints.push(Hint::new("Paste", &list::Confirm, KEYS, cx));
        }
        hints.push(Hint::new("New", &NewSnippet, KEYS, cx));
        hints.push(Hint::new("Actions", &OpenMenu, KEYS, cx));
        hints.push(Hint::new("Back", &Dismiss, KEYS, cx));
        Footer {
            title: format!("{count} snippet{}", if count == 1 { "" } else { "s" }).into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        ScreenState {
            query: view.query(cx),
            selected: self.selected(cx).map(|s| s.name),
            rows: Some(view.match_count()),
            matching: view.is_matching(),
            preview: self
                .selected(cx)
                .map(|s| s.text)
                .or_else(|| view.delegate.problem.clone()),
            ..ScreenState::default()
        }
    }

    /// Escape clears the query; on an empty query it goes back to the scripts.
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        if !self.list.update(cx, |view, cx| view.clear_query(cx)) {
            cx.emit(ScreenEvent::Back);
        }
    }
}

impl Render for SnippetsScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::new_snippet))
            .on_action(cx.listener(Self::edit_snippet))
            .on_action(cx.listener(Self::delete_snippet))
            .on_action(cx.listener(Self::copy_snippet))
            .on_action(cx.listener(Self::open_menu))
            .size_full()
            .child(self.list.clone())
    }
}

/// A snippet is found by its name, its keyword (as a script by its alias) and
/// its text.
fn search_text(snippet: &Snippet) -> SearchText {
    let keyword = (!snippet.keyword.is_empty()).then_some(snippet.keyword.as_str());
    SearchText::new(&snippet.name, keyword, None, Some(&snippet.text))
}

struct SnippetsDelegate {
    snippets: FilteredItems<Snippet>,
    /// The file could not be read (what is wrong, and where).
    problem: Option<String>,
    /// Whether the file was read (until then the list is empty, not "no snippets").
    loaded: bool,
    /// The key of New, for the empty state.
    new_key: SharedString,
    /// The selected row (its text is in the preview pane).
    selected: Option<usize>,
}

impl ListDelegate for SnippetsDelegate {
    fn update_matches(&mut self, query: &str) {
        self.snippets.update(query);
    }

    fn match_count(&self) -> usize {
        self.snippets.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.snippets
            .get(ix)
            .map(|s| s.name.clone().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(snippet) = self.snippets.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = self.snippets.name_positions(&snippet.name, query);
        let first_line: String = snippet
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect();
        Row {
            name: &snippet.name,
            positions: &positions,
            description: Some(&first_line),
            badges: (!snippet.keyword.is_empty())
                .then(|| SharedString::from(snippet.keyword.clone()))
                .into_iter()
                .collect(),
            icon: Some(RowIcon::Text("✂".into())),
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        if let Some(problem) = &self.problem {
            return empty_state(
                "snippets.json has a mistake",
                &format!("{problem}. Fix the file; skit leaves it as it is."),
                theme,
            );
        }
        if !self.loaded {
            return div().into_any_element();
        }
        if !query.is_empty() {
            return empty_state(
                &format!("No snippet matches “{query}”"),
                "Try fewer letters, or press Escape to clear.",
                theme,
            );
        }
        empty_state(
            "No snippets yet",
            &format!(
                "Press {} to make one. Its text may hold {{clipboard}}, {{date}}, {{time}} \
                 and {{cursor}}.",
                self.new_key
            ),
            theme,
        )
    }

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        let snippet = self.snippets.get(self.selected?)?;
        Some(preview(&snippet.text, theme, cx))
    }
}

/// The form that makes or edits a snippet: name, keyword and text; Enter (or
/// Ctrl+Enter in the text) saves it to the file.
pub(crate) struct SnippetFormScreen {
    /// The name of the snippet edited (`None`: a new one).
    original: Option<String>,
    file: PathBuf,
    form: Entity<FieldsPrompt>,
    _save: Option<Task<()>>,
    _submitted: Subscription,
}

impl EventEmitter<ScreenEvent> for SnippetFormScreen {}

impl Focusable for SnippetFormScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.form.focus_handle(cx)
    }
}

impl SnippetFormScreen {
    pub(crate) fn new(
        file: PathBuf,
        editing: Option<Snippet>,
        cx: &mut Context<Self>,
    ) -> SnippetFormScreen {
        let value = |s: &Option<Snippet>, get: fn(&Snippet) -> &str| {
            s.as_ref().map_or(Value::Null, |s| json!(get(s)))
        };
        let fields: Vec<Field> = serde_json::from_value(json!([
            {"name": "name", "label": "Name", "required": true,
             "value": value(&editing, |s| &s.name)},
            {"name": "keyword", "label": "Keyword", "placeholder": "optional: finds it first",
             "value": value(&editing, |s| &s.keyword)},
            {"name": "text", "label": "Text", "type": "textarea", "required": true,
             "placeholder": "{clipboard} {date} {time} {cursor} are filled in",
             "value": value(&editing, |s| &s.text)},
        ]))
        .expect("the snippet form's fields");
        let form = cx.new(|cx| FieldsPrompt::new(fields, cx));
        let submitted = cx.subscribe(&form, |this, _, event: &PromptEvent, cx| {
            if let PromptEvent::Submit { value, .. } = event {
                this.save(value.clone(), cx);
            }
        });
        SnippetFormScreen {
            original: editing.map(|s| s.name),
            file,
            form,
            _save: None,
            _submitted: submitted,
        }
    }

    fn save(&mut self, value: Value, cx: &mut Context<Self>) {
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
        let snippet = Snippet {
            name: text("name").trim().to_string(),
            keyword: text("keyword").trim().to_string(),
            text: text("text"),
            ..Snippet::default()
        };
        let name = snippet.name.clone();
        let change = match &self.original {
            Some(original) => Change::Replace(original.clone(), snippet),
            None => Change::Add(snippet),
        };
        let file = self.file.clone();
        let saved = cx.background_spawn(async move { snippets::change(&file, change) });
        self._save = Some(cx.spawn(async move |this, cx| {
            let result = saved.await;
            let _ = this.update(cx, |_, cx| match result {
                Ok(_) => cx.emit(ScreenEvent::Snippet(SnippetAction::Saved(name))),
                Err(problem) => cx.emit(ScreenEvent::Problem(problem.into())),
            });
        }));
    }

    fn keys(&self, cx: &App) -> Vec<&'static str> {
        let mut keys = vec!["Launcher snippet"];
        keys.extend(self.form.read(cx).key_contexts(cx));
        keys
    }
}

impl Screen for SnippetFormScreen {
    fn name(&self, _: &App) -> &'static str {
        "snippet"
    }

    fn height(&self, cx: &App) -> f32 {
        self.form.read(cx).height(cx)
    }

    fn footer(&self, cx: &App) -> Footer {
        let keys = self.keys(cx);
        let mut hints = self.form.read(cx).hints(&keys, cx);
        hints.push(Hint::new("Back", &Dismiss, &keys, cx));
        Footer {
            title: match &self.original {
                Some(name) => format!("Edit “{name}”").into(),
                None => "New Snippet".into(),
            },
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let form = self.form.read(cx);
        let (query, selected) = form.typed(cx);
        ScreenState {
            query,
            selected,
            details: form.details(cx),
            ..ScreenState::default()
        }
    }
}

impl Render for SnippetFormScreen {
    fn render(&mut self, _: &mut Window, _: &mut Context<Self>) -> impl IntoElement {
        div().size_full().child(self.form.clone())
    }
}

/// The preview pane: the snippet's text as written (placeholders unfilled).
fn preview(text: &str, theme: &Theme, cx: &App) -> AnyElement {
    let blocks = vec![Block::Code {
        language: None,
        text: text.to_string(),
    }];
    div()
        .px_4()
        .py_3()
        .flex()
        .flex_col()
        .text_size(px(13.))
        .text_color(theme.text)
        .children(markdown_view::render(
            &blocks,
            "snippet-preview",
            theme,
            cx.global::<Fonts>(),
        ))
        .into_any_element()
}
