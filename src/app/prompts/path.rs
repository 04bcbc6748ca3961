//! The `path` prompt (protocol 1.1): pick a file or folder. It is the list every
//! picker is made of, over a folder's entries (folders first, with a `/`), fuzzy
//! filtered by the query, with the preview pane of `arg` prompts at the right: a
//! text file's first lines, a folder's entry count and first names.
//!
//! Keys: Tab (or Right at the end of the query) enters the focused folder;
//! Backspace in an empty query (or Left at its start) goes up, to the folder it
//! came from selected; a query that starts with a folder that exists (`~/`, `/`,
//! `src/`, `../`) goes there as it is typed, keeping what follows as the filter.
//! Enter submits the focused entry's absolute path; with an empty query the first
//! row is the folder itself; when nothing matches, Enter submits the folder
//! joined with the query as typed (a name that does not exist yet).
//!
//! Folders are read and previews made on a background thread ([`crate::folder`]);
//! a newer request drops an older one. A folder that cannot be read shows a row
//! saying why, never an error dialog.

use std::path::{Path, PathBuf};

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, ParentElement, Render, SharedString, Styled, Subscription,
    Task, Window, actions, div, px,
};
use serde_json::{Value, json};

use super::{Prompt, PromptEvent};
use crate::app::list::{self, ListDelegate, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::preview::PreviewPane;
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::Hint;
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::folder::{self, Entry, Listing};
use crate::protocol::PathRequest;
use crate::search::{FilteredItems, SearchText};

actions!(path_prompt, [EnterFolder, GoUp]);

const CONTEXT: &str = "PathPrompt";
const HEADER_HEIGHT: f32 = 28.;

pub(crate) struct PathPrompt {
    spec: PathRequest,
    list: Entity<ListView<EntriesDelegate>>,
    /// The folder listed (or being read).
    folder: PathBuf,
    /// Set while the prompt itself changes the query: no typed path is followed.
    quiet: bool,
    /// The folder being read, the typed path being looked at, the preview being
    /// made: each dropped when a newer one starts.
    listing: Option<Task<()>>,
    following: Option<Task<()>>,
    previewing: Option<Task<()>>,
    /// The path whose preview shows (or is being made).
    previewed: Option<PathBuf>,
    _subscriptions: Vec<Subscription>,
}

impl EventEmitter<PromptEvent> for PathPrompt {}

impl Focusable for PathPrompt {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl PathPrompt {
    pub(crate) fn new(spec: PathRequest, cx: &mut Context<Self>) -> PathPrompt {
        let placeholder = spec
            .placeholder
            .clone()
            .unwrap_or_else(|| "Type to filter; ~/ or / to jump".into());
        let list = cx.new(|cx| ListView::new(EntriesDelegate::new(), placeholder, cx));
        let events = cx.subscribe(&list, |this, _, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index } => this.submit(*index, cx),
            ListEvent::QueryChanged => this.query_changed(cx),
            ListEvent::Selected { index } => this.selection_changed(*index, cx),
            ListEvent::Toggled => {}
        });
        let changes = cx.observe(&list, |_, _, cx| cx.notify());
        let mut prompt = PathPrompt {
            spec,
            list,
            folder: folder::home(),
            quiet: false,
            listing: None,
            following: None,
            previewing: None,
            previewed: None,
            _subscriptions: vec![events, changes],
        };
        // Where to start is found off the UI thread too (it looks at the disk).
        let start = prompt.spec.start_path.clone();
        prompt.read_folder(
            move |home| folder::start_folder(start.as_deref(), home),
            None,
            cx,
        );
        prompt
    }

    fn only_dirs(&self) -> bool {
        self.spec.only_dirs == Some(true)
    }

    /// Goes to the folder `target` finds (on a background thread), with an empty
    /// query, and selects `select` there when it is listed.
    fn read_folder(
        &mut self,
        target: impl FnOnce(&Path) -> PathBuf + Send + 'static,
        select: Option<PathBuf>,
        cx: &mut Context<Self>,
    ) {
        let (hidden, only_dirs) = (self.spec.show_hidden == Some(true), self.only_dirs());
        let home = folder::home();
        let listing = cx.background_spawn(async move {
            let folder = target(&home);
            folder::list(&folder, hidden, only_dirs)
        });
        self.listing = Some(cx.spawn(async move |this, cx| {
            let listing = listing.await;
            let _ = this.update(cx, |this, cx| this.show_listing(listing, select, cx));
        }));
    }

    /// Goes to `target` at once (the query becomes `filter`); its entries follow.
    fn navigate(
        &mut self,
        target: PathBuf,
        filter: &str,
        select: Option<PathBuf>,
        cx: &mut Context<Self>,
    ) {
        self.folder = target.clone();
        self.following = None;
        self.quiet = true;
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.start_reading(&target), cx);
            view.set_query(filter, cx);
        });
        self.quiet = false;
        self.read_folder(move |_| target, select, cx);
        cx.notify();
    }

    fn show_listing(&mut self, listing: Listing, select: Option<PathBuf>, cx: &mut Context<Self>) {
        self.folder = listing.folder.clone();
        self.list.update(cx, |view, cx| {
            view.update_items(|delegate| delegate.set_listing(listing), cx);
            let found = select.and_then(|path| view.delegate.row_of(&path));
            if let Some(ix) = found {
                view.select(ix, cx);
            }
        });
        cx.notify();
    }

    /// The path on row `index`: the folder itself, or an entry.
    fn path_at(&self, index: Option<usize>, cx: &App) -> Option<PathBuf> {
        match self.list.read(cx).delegate.row(index?) {
            PathRow::ThisFolder => Some(self.folder.clone()),
            PathRow::Entry(entry) => Some(entry.path.clone()),
            PathRow::Problem => None,
        }
    }

    /// Enter: the focused entry, or the folder joined with what is typed.
    fn submit(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let query = self.list.read(cx).query(cx);
        let path = match self.path_at(index, cx) {
            Some(path) => path,
            None if query.is_empty() => self.folder.clone(),
            None => folder::resolve(&self.folder, &query),
        };
        cx.emit(PromptEvent::submit(Value::String(
            path.to_string_lossy().into_owned(),
        )));
    }

    fn enter_folder(&mut self, _: &EnterFolder, _: &mut Window, cx: &mut Context<Self>) {
        let view = self.list.read(cx);
        let entered = view
            .selected_index()
            .and_then(|ix| match view.delegate.row(ix) {
                PathRow::Entry(entry) if entry.is_dir => Some(entry.path.clone()),
                _ => None,
            });
        if let Some(folder) = entered {
            self.navigate(folder, "", None, cx);
        }
    }

    fn go_up(&mut self, _: &GoUp, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(parent) = self.folder.parent().map(Path::to_path_buf) {
            let came_from = self.folder.clone();
            self.navigate(parent, "", Some(came_from), cx);
        }
    }

    /// A typed path whose folder exists is followed (looked at off the UI thread;
    /// dropped if the query changed meanwhile).
    fn query_changed(&mut self, cx: &mut Context<Self>) {
        if self.quiet {
            return;
        }
        let query = self.list.read(cx).query(cx);
        if !query.contains('/') {
            self.following = None;
            return;
        }
        let folder = self.folder.clone();
        let typed = query.clone();
        let found = cx.background_spawn(async move { folder::follow(&folder, &typed) });
        self.following = Some(cx.spawn(async move |this, cx| {
            let Some((target, rest)) = found.await else {
                return;
            };
            let _ = this.update(cx, |this, cx| {
                if this.list.read(cx).query(cx) == query {
                    this.navigate(target, &rest, None, cx);
                }
            });
        }));
    }

    /// The preview follows the focused row.
    fn selection_changed(&mut self, index: Option<usize>, cx: &mut Context<Self>) {
        let path = self.path_at(index, cx);
        if path == self.previewed {
            return;
        }
        self.previewed = path.clone();
        let Some(path) = path else {
            self.previewing = None;
            return;
        };
        let markdown = cx.background_spawn(async move { folder::preview(&path) });
        self.previewing = Some(cx.spawn(async move |this, cx| {
            let markdown = markdown.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    view.delegate.preview.show(&markdown);
                    cx.notify();
                });
            });
        }));
    }
}

impl Prompt for PathPrompt {
    fn height(&self, _: &App) -> f32 {
        HEADER_HEIGHT + QUERY_HEIGHT + ListView::<EntriesDelegate>::full_height()
    }

    fn key_contexts(&self, _: &App) -> Vec<&'static str> {
        vec![CONTEXT, list::CONTEXT, text_input::CONTEXT]
    }

    fn hints(&self, at: &[&str], cx: &App) -> Vec<Hint> {
        vec![
            Hint::new("Choose", &list::Confirm, at, cx),
            Hint::new("Open folder", &EnterFolder, at, cx),
            Hint::new("Up", &GoUp, at, cx),
        ]
    }

    fn typed(&self, cx: &App) -> (String, Option<String>) {
        let view = self.list.read(cx);
        let selected = view
            .selected_index()
            .and_then(|ix| match view.delegate.row(ix) {
                PathRow::ThisFolder => Some("./".to_string()),
                PathRow::Entry(entry) => Some(entry.label()),
                PathRow::Problem => None,
            });
        (view.query(cx), selected)
    }

    fn rows(&self, cx: &App) -> Option<(usize, bool)> {
        let view = self.list.read(cx);
        Some((view.match_count(), !view.delegate.loaded))
    }

    fn preview(&self, cx: &App) -> Option<String> {
        Some(self.list.read(cx).delegate.preview.markdown().to_string())
    }

    /// `folder`: the folder listed.
    fn details(&self, _: &App) -> Value {
        json!({ "folder": self.folder.to_string_lossy() })
    }
}

impl Render for PathPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>();
        let mut shown = folder::display(&self.folder);
        if !shown.ends_with('/') {
            shown.push('/');
        }
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::enter_folder))
            .on_action(cx.listener(Self::go_up))
            .size_full()
            .flex()
            .flex_col()
            .child(
                div()
                    .h(px(HEADER_HEIGHT))
                    .flex_none()
                    .px_4()
                    .flex()
                    .items_center()
                    .text_size(px(12.5))
                    .text_color(theme.text_muted)
                    .child(shown),
            )
            .child(self.list.clone())
    }
}

/// One row of the list: the folder itself (with an empty query), why the folder
/// could not be read (wholly or partly), or an entry.
enum PathRow<'a> {
    ThisFolder,
    Problem,
    Entry(&'a Entry),
}

/// The list data of a `path` prompt: the folder's entries, filtered.
struct EntriesDelegate {
    entries: FilteredItems<Entry>,
    folder: PathBuf,
    problem: Option<String>,
    /// The query is empty: the first row is the folder itself.
    this_folder: bool,
    /// The folder has been read (the rows are its entries).
    loaded: bool,
    preview: PreviewPane,
}

impl EntriesDelegate {
    fn new() -> EntriesDelegate {
        EntriesDelegate {
            entries: FilteredItems::new(Vec::new(), |e: &Entry| SearchText::name_only(&e.name)),
            folder: PathBuf::new(),
            problem: None,
            this_folder: true,
            loaded: false,
            preview: PreviewPane::new(),
        }
    }

    /// A new folder is being read: no rows until it is.
    fn start_reading(&mut self, folder: &Path) {
        self.folder = folder.to_path_buf();
        self.entries.set(Vec::new());
        self.problem = None;
        self.loaded = false;
    }

    fn set_listing(&mut self, listing: Listing) {
        self.folder = listing.folder;
        self.problem = listing.problem;
        self.entries.set(listing.entries);
        self.loaded = true;
    }

    fn leading_rows(&self) -> usize {
        usize::from(self.this_folder && self.loaded) + usize::from(self.problem.is_some())
    }

    fn row(&self, ix: usize) -> PathRow<'_> {
        let this_folder = self.this_folder && self.loaded;
        match ix {
            0 if this_folder => PathRow::ThisFolder,
            ix if ix < self.leading_rows() => PathRow::Problem,
            ix => self
                .entries
                .get(ix - self.leading_rows())
                .map_or(PathRow::Problem, PathRow::Entry),
        }
    }

    /// The row of the entry at `path`, when it matches.
    fn row_of(&self, path: &Path) -> Option<usize> {
        (0..self.match_count())
            .find(|&ix| matches!(self.row(ix), PathRow::Entry(entry) if entry.path == path))
    }
}

impl ListDelegate for EntriesDelegate {
    fn update_matches(&mut self, query: &str) {
        self.this_folder = query.is_empty();
        self.entries.update(query);
    }

    fn match_count(&self) -> usize {
        self.leading_rows() + self.entries.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        match self.row(ix) {
            PathRow::ThisFolder => "\u{1}.".into(),
            PathRow::Problem => "\u{1}problem".into(),
            PathRow::Entry(entry) => entry.path.to_string_lossy().into_owned().into(),
        }
    }

    fn selectable(&self, ix: usize) -> bool {
        !matches!(self.row(ix), PathRow::Problem)
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let (label, icon, description, positions) = match self.row(ix) {
            PathRow::Problem => {
                let problem = self.problem.clone().unwrap_or_default();
                return div()
                    .size_full()
                    .px_3()
                    .flex()
                    .items_center()
                    .gap_3()
                    .text_size(px(13.5))
                    .text_color(theme.error)
                    .child("⚠")
                    .child(problem)
                    .into_any_element();
            }
            PathRow::ThisFolder => (
                "./".to_string(),
                "📂",
                Some(format!("This folder: {}", folder::display(&self.folder))),
                Vec::new(),
            ),
            PathRow::Entry(entry) => {
                let label = entry.label();
                let icon = if entry.is_dir { "📁" } else { "📄" };
                let name = entry.name.clone();
                (label, icon, None, self.entries.name_positions(&name, query))
            }
        };
        Row {
            name: &label,
            positions: &positions,
            description: description.as_deref(),
            badges: Vec::new(),
            icon: Some(RowIcon::Text(icon.into())),
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        let folder = folder::display(&self.folder);
        if !self.loaded {
            return empty_state(&format!("Reading {folder}…"), "", theme);
        }
        empty_state(
            &format!("Nothing in {folder} matches “{query}”"),
            "Enter uses the name as typed; Backspace and ← go up.",
            theme,
        )
    }

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        Some(
            self.preview
                .render(("No preview", "Move to a file or folder."), theme, cx),
        )
    }

    fn scroll_side(&mut self, delta: f32) {
        self.preview.scroll_by(delta);
    }
}
