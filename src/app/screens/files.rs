//! The Search Files screen: the user's files from the file index
//! ([`crate::files_index`]), fuzzy-filtered as they type with the script list's
//! matcher (on a background thread for a large index), each row the name and its
//! folder from `~`, the focused one in the preview pane (a text file's first
//! lines, an image, a folder's first entries).
//!
//! Enter opens the file with the desktop's handler and hides the window; Ctrl+K
//! offers the rest: open it with another application, reveal it in its folder,
//! copy its path or the file itself, move it to the trash, walk the roots again. The index is one for the process, started (and started
//! again when `files` in config.json changes) by the shell; an open screen
//! follows its changes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, ObjectFit, ParentElement, Render, SharedString, Styled,
    StyledImage, Subscription, Task, Window, actions, div, img, px,
};

use crate::app::keys;
use crate::app::list::{self, ListDelegate, ListEvent, ListView};
use crate::app::preview::PreviewPane;
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::{Dismiss, Footer, Hint, MenuItem, Screen, ScreenEvent, ScreenState};
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::apps::entries::App as DesktopApp;
use crate::apps::open_with;
use crate::config::Config;
use crate::paths::Paths;
use crate::root_list::AppEntry;
use crate::search::{FilteredItems, MatchJob, Matches, SearchText, SharedText};
use skit_core::files_index::live::Status;
use skit_core::files_index::{FilesConfig, Index, Kind, LiveIndex, Settings, display_folder};

actions!(
    files,
    [
        OpenMenu,
        OpenWith,
        CopyPath,
        CopyFile,
        RevealFile,
        MoveToTrash
    ]
);

const CONTEXT: &str = "FilesScreen";
/// The key contexts from the window down to the query, which has the focus.
const KEYS: &[&str] = &[
    "Launcher files",
    CONTEXT,
    list::CONTEXT,
    text_input::CONTEXT,
];
/// Indexes at least this large are ranked on a background thread.
const BACKGROUND_FROM: usize = 50_000;
/// What an image preview may be, by extension (gpui decodes them).
const IMAGES: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "ico"];

/// The index of this process (`None`: no roots, or not started).
static INDEX: Mutex<Option<Arc<LiveIndex>>> = Mutex::new(None);

/// Starts the file index for `config` (at start, and again when `files`
/// changes); the one before stops when the last screen using it closes.
pub(crate) fn start_index(config: &Config, paths: &Paths) {
    let index = index_for(&config.files, paths);
    *INDEX.lock().expect("file index") = index;
}

fn index_for(config: &FilesConfig, paths: &Paths) -> Option<Arc<LiveIndex>> {
    let home = dirs::home_dir()?;
    let settings = Settings::from_config(config, &home);
    if settings.roots.is_empty() {
        return None;
    }
    let store = paths.state_dir.join("files.index");
    Some(Arc::new(LiveIndex::start(settings, store)))
}

fn current_index() -> Option<Arc<LiveIndex>> {
    INDEX.lock().expect("file index").clone()
}

/// Something to do with a file (from the screen's menu).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FileAction {
    Trash(PathBuf),
    Rebuild,
    /// Offer the applications that open the file.
    OpenWith(PathBuf),
    /// Open the file with this application.
    OpenIn(Box<DesktopApp>, PathBuf),
}

/// A folder that holds rows, shared by them: half a million files are in a few
/// thousand folders.
struct Folder {
    path: PathBuf,
    /// As shown under a name: from `~`.
    shown: String,
    /// Searched word by word (typing `proj` finds what is in `~/Projects`), and
    /// scored once for its files.
    search: SharedText,
}

/// A row: a file or folder of the index.
#[derive(Clone)]
struct FileRow {
    folder: Arc<Folder>,
    name: Box<OsStr>,
    kind: Kind,
}

impl FileRow {
    fn path(&self) -> PathBuf {
        self.folder.path.join(&*self.name)
    }

    fn name(&self) -> Cow<'_, str> {
        self.name.to_string_lossy()
    }
}

fn search_text(row: &FileRow) -> SearchText {
    SearchText::with_shared(&row.name(), &row.folder.search)
}

/// The index's entries as rows, each folder made once.
fn rows(index: &Index, home: &Path) -> Vec<FileRow> {
    let mut folders: HashMap<&Path, Arc<Folder>> = HashMap::new();
    index
        .iter()
        .filter_map(|(path, kind)| {
            let (parent, name) = (path.parent()?, path.file_name()?);
            let folder = folders.entry(parent).or_insert_with(|| {
                let shown = display_folder(path, home);
                Arc::new(Folder {
                    path: parent.to_path_buf(),
                    search: SharedText::new(&shown),
                    shown,
                })
            });
            Some(FileRow {
                folder: folder.clone(),
                name: name.into(),
                kind,
            })
        })
        .collect()
}

pub(crate) struct FilesScreen {
    index: Option<Arc<LiveIndex>>,
    list: Entity<ListView<FilesDelegate>>,
    /// Reads the index (at opening, and after each change).
    _load: Option<Task<()>>,
    _preview: Option<Task<()>>,
    _change: Option<Task<()>>,
    _watch: Option<Task<()>>,
    _subscriptions: Vec<Subscription>,
}

impl EventEmitter<ScreenEvent> for FilesScreen {}

impl Focusable for FilesScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl FilesScreen {
    pub(crate) fn new(cx: &mut Context<Self>) -> FilesScreen {
        let index = current_index();
        let delegate = FilesDelegate {
            files: FilteredItems::new(Vec::new(), search_text),
            preview: PreviewPane::new(),
            previewed: None,
            image: None,
            status: index.as_ref().map(|i| i.status()),
        };
        let list = cx.new(|cx| ListView::new(delegate, "Search files…", cx));
        let events = cx.subscribe(&list, |this, _, event: &ListEvent, cx| match event {
            ListEvent::Confirmed { index: Some(_) } => this.open(cx),
            ListEvent::Selected { .. } => this.load_preview(cx),
            _ => {}
        });
        let changes = cx.observe(&list, |_, _, cx| cx.notify());
        let watch = index.as_ref().map(|index| {
            let changed = index.subscribe();
            cx.spawn(async move |this, cx| {
                while changed.recv().await.is_ok() {
                    if this.update(cx, |this, cx| this.reload(cx)).is_err() {
                        break;
                    }
                }
            })
        });
        let mut screen = FilesScreen {
            index,
            list,
            _load: None,
            _preview: None,
            _change: None,
            _watch: watch,
            _subscriptions: vec![events, changes],
        };
        screen.reload(cx);
        screen
    }

    /// Reads the index again, off the UI thread, and shows it.
    fn reload(&mut self, cx: &mut Context<Self>) {
        let Some(index) = self.index.clone() else {
            return;
        };
        let loaded = cx.background_spawn(async move {
            let status = index.status();
            let home = dirs::home_dir().unwrap_or_default();
            let rows = index.read(|index| rows(index, &home));
            let files = FilteredItems::new(rows, search_text);
            (status, files)
        });
        self._load = Some(cx.spawn(async move |this, cx| {
            let (status, files) = loaded.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    view.update_items(
                        |delegate| {
                            delegate.files = files;
                            delegate.status = Some(status);
                        },
                        cx,
                    )
                });
                this.load_preview(cx);
                cx.notify();
            });
        }));
    }

    fn selected(&self, cx: &App) -> Option<FileRow> {
        let view = self.list.read(cx);
        view.selected_index()
            .and_then(|ix| view.delegate.files.get(ix))
            .cloned()
    }

    /// The preview follows the focused row: an image is drawn by gpui from its
    /// file; anything else is described off the UI thread.
    fn load_preview(&mut self, cx: &mut Context<Self>) {
        let path = self.selected(cx).map(|row| row.path());
        if path == self.list.read(cx).delegate.previewed {
            return;
        }
        let image = path.as_ref().filter(|p| is_image(p)).cloned();
        self.list.update(cx, |view, _| {
            view.delegate.previewed = path.clone();
            view.delegate.image = image;
        });
        let Some(path) = path else {
            self._preview = None;
            return;
        };
        let markdown = cx.background_spawn(async move { crate::folder::preview(&path) });
        self._preview = Some(cx.spawn(async move |this, cx| {
            let markdown = markdown.await;
            let _ = this.update(cx, |this, cx| {
                this.list.update(cx, |view, cx| {
                    view.delegate.preview.show(&markdown);
                    cx.notify();
                });
            });
        }));
    }

    fn open(&mut self, cx: &mut Context<Self>) {
        if let Some(row) = self.selected(cx) {
            cx.emit(ScreenEvent::Open(row.path().to_string_lossy().into_owned()));
            cx.emit(ScreenEvent::Hide);
        }
    }

    fn open_with(&mut self, _: &OpenWith, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(row) = self.selected(cx) {
            self.act(FileAction::OpenWith(row.path()), cx);
        }
    }

    fn copy_path(&mut self, _: &CopyPath, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(row) = self.selected(cx) {
            cx.emit(ScreenEvent::Copy(row.path().to_string_lossy().into_owned()));
        }
    }

    fn copy_file(&mut self, _: &CopyFile, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(row) = self.selected(cx) {
            cx.emit(ScreenEvent::CopyFile(row.path()));
        }
    }

    fn reveal(&mut self, _: &RevealFile, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(event) = self.selected(cx).and_then(|row| reveal_event(&row.path())) {
            cx.emit(event);
        }
    }

    fn move_to_trash(&mut self, _: &MoveToTrash, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(row) = self.selected(cx) {
            self.act(FileAction::Trash(row.path()), cx);
        }
    }

    fn open_menu(&mut self, _: &OpenMenu, _: &mut Window, cx: &mut Context<Self>) {
        let items = self.menu(cx);
        cx.emit(ScreenEvent::Menu("Search Files".into(), items));
    }

    fn menu(&self, cx: &App) -> Vec<MenuItem> {
        let item = |label: &str, key: SharedString, event: ScreenEvent| MenuItem {
            label: label.to_string().into(),
            key,
            event,
            icon: None,
        };
        let mut items = Vec::new();
        if let Some(row) = self.selected(cx) {
            let path = row.path().to_string_lossy().into_owned();
            items.push(item(
                "Open",
                keys::label(&list::Confirm, KEYS, cx),
                ScreenEvent::Open(path.clone()),
            ));
            items.push(item(
                "Open With…",
                keys::label(&OpenWith, KEYS, cx),
                ScreenEvent::Files(FileAction::OpenWith(row.path())),
            ));
            if let Some(reveal) = reveal_event(&row.path()) {
                items.push(item(
                    "Reveal in Folder",
                    keys::label(&RevealFile, KEYS, cx),
                    reveal,
                ));
            }
            items.push(item(
                "Copy Path",
                keys::label(&CopyPath, KEYS, cx),
                ScreenEvent::Copy(path),
            ));
            items.push(item(
                "Copy File",
                keys::label(&CopyFile, KEYS, cx),
                ScreenEvent::CopyFile(row.path()),
            ));
            items.push(item(
                "Move to Trash",
                keys::label(&MoveToTrash, KEYS, cx),
                ScreenEvent::Files(FileAction::Trash(row.path())),
            ));
        }
        if self.index.is_some() {
            items.push(item(
                "Rebuild the Index (walk the folders again)",
                SharedString::default(),
                ScreenEvent::Files(FileAction::Rebuild),
            ));
        }
        items
    }

    /// Does `action`: what waits (the index, the disk, launching) off the UI thread.
    pub(crate) fn act(&mut self, action: FileAction, cx: &mut Context<Self>) {
        match action {
            FileAction::OpenWith(path) => self.offer_apps(path, cx),
            FileAction::OpenIn(app, path) => self.open_in(*app, path, cx),
            FileAction::Trash(path) => self.change_index(cx, move |index| {
                index.trash(&path).map(|()| {
                    let name = path.file_name().unwrap_or(path.as_os_str());
                    format!("Moved {} to the trash", name.to_string_lossy())
                })
            }),
            FileAction::Rebuild => self.change_index(cx, |index| {
                index.rebuild();
                Ok("Walking the folders again…".to_string())
            }),
        }
    }

    /// Does `change` to the index off the UI thread, says how it went, and
    /// shows the index again.
    fn change_index(
        &mut self,
        cx: &mut Context<Self>,
        change: impl FnOnce(&LiveIndex) -> Result<String, String> + Send + 'static,
    ) {
        let Some(index) = self.index.clone() else {
            return;
        };
        let done = cx.background_spawn(async move { change(&index) });
        self._change = Some(cx.spawn(async move |this, cx| {
            let result = done.await;
            let _ = this.update(cx, |this, cx| {
                match result {
                    Ok(notice) => cx.emit(ScreenEvent::Notice(notice.into())),
                    Err(problem) => cx.emit(ScreenEvent::Problem(problem.into())),
                }
                this.reload(cx);
            });
        }));
    }

    /// The applications that open `path`, as a menu (read off the UI thread:
    /// the desktop entries, the MIME database, `mimeapps.list`).
    fn offer_apps(&mut self, path: PathBuf, cx: &mut Context<Self>) {
        let found = cx.background_spawn({
            let path = path.clone();
            async move {
                let (apps, _) = crate::apps::entries::load_apps(
                    &crate::apps::entries::AppDirs::from_env(),
                    &crate::apps::entries::current_desktops(),
                );
                let choices =
                    open_with::Associations::from_env(&crate::apps::entries::current_desktops());
                let open_with::Handlers { mime_type, apps } =
                    open_with::handlers(&path, apps, open_with::mime_database(), &choices);
                let entries = apps.into_iter().map(|app| AppEntry { app, icon: None });
                (mime_type, crate::root_list::with_icons(entries.collect()))
            }
        });
        self._change = Some(cx.spawn(async move |this, cx| {
            let (mime_type, apps) = found.await;
            let _ = this.update(cx, |_, cx| {
                let name = path.file_name().unwrap_or(path.as_os_str());
                if apps.is_empty() {
                    cx.emit(ScreenEvent::Problem(
                        format!(
                            "No application says it opens {} ({}).",
                            name.to_string_lossy(),
                            mime_type
                        )
                        .into(),
                    ));
                    return;
                }
                let items = apps
                    .into_iter()
                    .map(|AppEntry { app, icon }| MenuItem {
                        icon: Some(
                            icon.map_or_else(|| RowIcon::letter_of(&app.name), RowIcon::Image),
                        ),
                        label: app.name.clone().into(),
                        key: SharedString::default(),
                        event: ScreenEvent::Files(FileAction::OpenIn(Box::new(app), path.clone())),
                    })
                    .collect();
                let question = format!("Open {} with…", name.to_string_lossy());
                cx.emit(ScreenEvent::Ask(question.into(), items));
            });
        }));
    }

    /// Starts `app` with `path`, and hides the window; a failure says why.
    fn open_in(&mut self, app: DesktopApp, path: PathBuf, cx: &mut Context<Self>) {
        cx.emit(ScreenEvent::Hide);
        let launched = cx.background_spawn(async move {
            let target = path.to_string_lossy().into_owned();
            let options = crate::apps::launch::LaunchOptions::opening(vec![target]);
            crate::apps::launch::launch(&app, None, &options, |words| {
                crate::editor::in_terminal(words, crate::editor::installed)
            })
            .map(|_| ())
            .map_err(|e| format!("Cannot open it with {}: {e}", app.name))
        });
        self._change = Some(cx.spawn(async move |this, cx| {
            if let Err(problem) = launched.await {
                tracing::warn!("{problem}");
                let _ = this.update(cx, |_, cx| cx.emit(ScreenEvent::Problem(problem.into())));
            }
        }));
    }
}

/// Opening the folder that holds `path`.
fn reveal_event(path: &Path) -> Option<ScreenEvent> {
    let folder = path.parent()?;
    Some(ScreenEvent::Open(folder.to_string_lossy().into_owned()))
}

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGES.contains(&e.to_ascii_lowercase().as_str()))
}

impl Screen for FilesScreen {
    fn name(&self, _: &App) -> &'static str {
        "files"
    }

    fn height(&self, cx: &App) -> f32 {
        self.list.read(cx).screen_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        let view = self.list.read(cx);
        let count = view.delegate.files.items().len();
        let files = format!("{count} file{}", if count == 1 { "" } else { "s" });
        let title = match view.delegate.status {
            None => "No folders to index".to_string(),
            Some(Status::Building) if count == 0 => "Indexing…".to_string(),
            Some(_) if view.match_count() < count => format!("{} of {files}", view.match_count()),
            Some(_) => files,
        };
        let mut hints = Vec::new();
        if view.selected_index().is_some() {
            hints.push(Hint::new("Open", &list::Confirm, KEYS, cx));
        }
        hints.push(Hint::new("Actions", &OpenMenu, KEYS, cx));
        hints.push(Hint::new("Back", &Dismiss, KEYS, cx));
        Footer {
            title: title.into(),
            hints,
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        let preview = match &view.delegate.image {
            Some(path) => Some(format!("image {}", path.display())),
            None => Some(view.delegate.preview.markdown().to_string()).filter(|m| !m.is_empty()),
        };
        ScreenState {
            query: view.query(cx),
            selected: self
                .selected(cx)
                .map(|row| row.path().display().to_string()),
            rows: Some(view.match_count()),
            matching: view.is_matching(),
            preview,
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

impl Render for FilesScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .key_context(CONTEXT)
            .on_action(cx.listener(Self::open_with))
            .on_action(cx.listener(Self::copy_path))
            .on_action(cx.listener(Self::copy_file))
            .on_action(cx.listener(Self::reveal))
            .on_action(cx.listener(Self::move_to_trash))
            .on_action(cx.listener(Self::open_menu))
            .size_full()
            .child(self.list.clone())
    }
}

struct FilesDelegate {
    files: FilteredItems<FileRow>,
    preview: PreviewPane,
    /// The path the preview is for.
    previewed: Option<PathBuf>,
    /// The focused file, when it is an image.
    image: Option<PathBuf>,
    /// `None`: no index (no roots).
    status: Option<Status>,
}

impl ListDelegate for FilesDelegate {
    fn update_matches(&mut self, query: &str) {
        self.files.update(query);
    }

    fn background_job(&mut self, query: &str) -> Option<MatchJob> {
        self.files.background_job(query, BACKGROUND_FROM)
    }

    fn apply_matches(&mut self, matches: Matches) {
        self.files.apply(matches);
    }

    fn match_count(&self) -> usize {
        self.files.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.files
            .get(ix)
            .map(|row| row.path().to_string_lossy().into_owned().into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(row) = self.files.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let name = row.name();
        let positions = self.files.name_positions(&name, query);
        Row {
            name: &name,
            positions: &positions,
            description: Some(&row.folder.shown),
            badges: Vec::new(),
            icon: Some(RowIcon::Text(
                match row.kind {
                    Kind::Folder => "📁",
                    Kind::File if is_image(Path::new(&row.name)) => "🖼",
                    Kind::File => "📄",
                }
                .into(),
            )),
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        match self.status {
            None => empty_state(
                "No folders to index",
                "Set \"files\": {\"roots\": [\"~\"]} in config.json.",
                theme,
            ),
            Some(Status::Building) => empty_state(
                "Indexing your files…",
                "The first walk of your folders; later starts read the stored index.",
                theme,
            ),
            Some(Status::Ready) if query.is_empty() => empty_state(
                "No files indexed",
                "Hidden folders, build folders and what .gitignore lists are left out.",
                theme,
            ),
            Some(Status::Ready) => empty_state(
                &format!("No file matches “{query}”"),
                "Try fewer letters, or press Escape to clear.",
                theme,
            ),
        }
    }

    fn render_side(&mut self, theme: &Theme, cx: &App) -> Option<AnyElement> {
        if self.match_count() == 0 {
            return None;
        }
        if let Some(path) = &self.image {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Some(
                div()
                    .size_full()
                    .p_4()
                    .flex()
                    .flex_col()
                    .gap_2()
                    .child(div().text_size(px(13.)).text_color(theme.text).child(name))
                    .child(
                        img(path.clone())
                            .w_full()
                            .h(px(260.))
                            .object_fit(ObjectFit::Contain),
                    )
                    .into_any_element(),
            );
        }
        Some(
            self.preview
                .render(("No preview", "Move to a file or folder."), theme, cx),
        )
    }

    fn scroll_side(&mut self, delta: f32) {
        self.preview.scroll_by(delta);
    }
}
