//! "Switch to Window": the open windows of the session (title, application,
//! workspace), filtered as the user types; Enter hides the launcher and focuses
//! the chosen one. Listing and focusing go through `skit_linux::windows` on a
//! background thread (a socket or the X server may be slow). A window's icon is
//! its application's, found by its class or app id among the applications of the
//! list; a letter tile otherwise.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    IntoElement, ParentElement, Render, SharedString, Styled, Subscription, Window, div,
};
use skit_linux::windows::{self as desktop_windows, Backend, OpenWindow};

use crate::app::list::{self, ListDelegate, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::row::{Row, RowIcon, empty_state};
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::root_list::{AppEntry, window_names};
use crate::search::{FilteredItems, SearchText};

/// The key contexts from the window down to the query, which has the focus.
const KEYS: &[&str] = &["Launcher windows", list::CONTEXT, text_input::CONTEXT];
/// How long the launcher's own window has to go before another is focused (the
/// window manager would otherwise give the focus back to what was under it).
const AFTER_HIDE: Duration = Duration::from_millis(150);

pub(crate) struct WindowsScreen {
    list: Entity<ListView<WindowsDelegate>>,
    _confirm: Subscription,
}

impl EventEmitter<ScreenEvent> for WindowsScreen {}

impl Focusable for WindowsScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl WindowsScreen {
    /// The screen, with the icons of `apps` for their windows.
    pub(crate) fn new(apps: &[AppEntry], cx: &mut Context<Self>) -> WindowsScreen {
        let mut icons = HashMap::new();
        for entry in apps {
            if let Some(icon) = &entry.icon {
                for name in window_names(&entry.app) {
                    icons.entry(name).or_insert_with(|| icon.clone());
                }
            }
        }
        let delegate = WindowsDelegate {
            items: FilteredItems::new(Vec::new(), search_text),
            state: Listing::Loading,
            icons,
        };
        let list = cx.new(|cx| ListView::new(delegate, "Switch to window…", cx));
        let confirm = cx.subscribe(&list, |_, list, event: &ListEvent, cx| {
            let ListEvent::Confirmed { index } = event else {
                return;
            };
            let delegate = &list.read(cx).delegate;
            let chosen = index.and_then(|ix| delegate.items.get(ix).cloned());
            // The windows were listed by this backend: it focuses them too.
            let Listing::Listed(backend) = delegate.state.clone() else {
                return;
            };
            if let Some(chosen) = chosen {
                cx.emit(ScreenEvent::Hide);
                cx.emit(ScreenEvent::Back);
                let hidden = cx.background_executor().timer(AFTER_HIDE);
                cx.background_spawn(async move {
                    hidden.await;
                    if let Err(e) = backend.focus(&chosen.id) {
                        tracing::warn!("cannot focus “{}”: {e}", chosen.title);
                    }
                })
                .detach();
            }
        });
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        let listed = cx.background_spawn(async {
            let backend = desktop_windows::detect()?;
            backend.list().map(|windows| (backend, windows))
        });
        let view = list.clone();
        cx.spawn(async move |_, cx| {
            let listed = listed.await;
            view.update(cx, |view, cx| {
                view.update_items(
                    |delegate| match listed {
                        Ok((backend, windows)) => {
                            delegate.items = FilteredItems::new(windows, search_text);
                            delegate.state = Listing::Listed(backend);
                        }
                        Err(e) => delegate.state = Listing::Failed(e),
                    },
                    cx,
                );
            });
        })
        .detach();
        WindowsScreen {
            list,
            _confirm: confirm,
        }
    }
}

fn search_text(window: &OpenWindow) -> SearchText {
    SearchText::new(&window.title, None, Some(&window.app), None)
}

impl Screen for WindowsScreen {
    fn name(&self, _: &App) -> &'static str {
        "windows"
    }

    fn height(&self, cx: &App) -> f32 {
        QUERY_HEIGHT + self.list.read(cx).content_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: "Switch to Window".into(),
            hints: vec![
                Hint::new("Focus", &list::Confirm, KEYS, cx),
                Hint::new("Back", &Dismiss, KEYS, cx),
            ],
        }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let view = self.list.read(cx);
        ScreenState {
            query: view.query(cx),
            selected: view
                .selected_index()
                .and_then(|ix| view.delegate.items.get(ix))
                .map(|window| window.title.clone()),
            rows: Some(view.match_count()),
            matching: view.delegate.state == Listing::Loading,
            ..ScreenState::default()
        }
    }
}

impl Render for WindowsScreen {
    fn render(&mut self, _: &mut Window, _: &mut Context<Self>) -> impl IntoElement {
        div().size_full().child(self.list.clone())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Listing {
    Loading,
    /// By this backend.
    Listed(Backend),
    Failed(String),
}

struct WindowsDelegate {
    items: FilteredItems<OpenWindow>,
    state: Listing,
    /// Icon files by the lowercased names applications' windows go by.
    icons: HashMap<String, PathBuf>,
}

impl ListDelegate for WindowsDelegate {
    fn update_matches(&mut self, query: &str) {
        self.items.update(query);
    }

    fn match_count(&self) -> usize {
        self.items.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.items
            .get(ix)
            .map(|window| format!("{:?}", window.id).into())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(window) = self.items.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let title = if window.title.is_empty() {
            window.app.clone()
        } else {
            window.title.clone()
        };
        let positions = self.items.name_positions(&title, query);
        let badges = window
            .workspace
            .map(|workspace| SharedString::from(format!("Workspace {workspace}")))
            .into_iter()
            .collect();
        Row {
            name: &title,
            positions: &positions,
            description: (!window.app.is_empty()).then_some(window.app.as_str()),
            badges,
            icon: Some(
                self.icons
                    .get(&window.app.to_lowercase())
                    .map(|icon| RowIcon::Image(icon.clone()))
                    .unwrap_or_else(|| RowIcon::letter_of(&window.app)),
            ),
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        match &self.state {
            Listing::Loading => empty_state("Listing windows…", "", theme),
            Listing::Failed(e) => empty_state("Cannot list the windows", e, theme),
            Listing::Listed(_) if query.is_empty() => {
                empty_state("No open windows", "Press Escape to go back.", theme)
            }
            Listing::Listed(_) => empty_state(
                &format!("No window matches “{query}”"),
                "Press Escape to go back.",
                theme,
            ),
        }
    }
}
