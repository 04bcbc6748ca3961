//! An actions menu (Ctrl+K): what can be done to the selected item, filtered as the
//! user types, each row with its direct key. Choosing a row emits the
//! [`ScreenEvent`] the row carries, so the same menu serves any kind of item.

use gpui::{
    AnyElement, App, AppContext, Context, Entity, EventEmitter, FocusHandle, Focusable,
    IntoElement, ParentElement, Render, SharedString, Styled, Subscription, Window, div,
};

use crate::app::list::{self, ListDelegate, ListEvent, ListView, QUERY_HEIGHT};
use crate::app::row::{Row, empty_state};
use crate::app::screen::{Dismiss, Footer, Hint, MenuItem, Screen, ScreenEvent, ScreenState};
use crate::app::text_input;
use crate::app::theme::Theme;
use crate::search::{FilteredItems, SearchText};

/// The key contexts from the window down to the query, which has the focus.
const KEYS: &[&str] = &["Launcher actions", list::CONTEXT, text_input::CONTEXT];

pub(crate) struct ActionsScreen {
    /// Whose actions these are (the footer says it).
    title: SharedString,
    list: Entity<ListView<MenuDelegate>>,
    _confirm: Subscription,
}

impl EventEmitter<ScreenEvent> for ActionsScreen {}

impl Focusable for ActionsScreen {
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        self.list.focus_handle(cx)
    }
}

impl ActionsScreen {
    pub(crate) fn new(
        title: impl Into<SharedString>,
        items: Vec<MenuItem>,
        cx: &mut Context<Self>,
    ) -> ActionsScreen {
        let title = title.into();
        let placeholder = format!("Actions for “{title}”…");
        ActionsScreen::asking(title, placeholder, items, cx)
    }

    /// A menu that asks `placeholder` ("Open notes.txt with…") rather than
    /// offering actions for something.
    pub(crate) fn asking(
        title: SharedString,
        placeholder: String,
        items: Vec<MenuItem>,
        cx: &mut Context<Self>,
    ) -> ActionsScreen {
        let delegate = MenuDelegate {
            items: FilteredItems::new(items, |item: &MenuItem| SearchText::name_only(&item.label)),
        };
        let list = cx.new(|cx| ListView::new(delegate, placeholder, cx));
        let confirm = cx.subscribe(&list, |_, list, event: &ListEvent, cx| {
            let ListEvent::Confirmed { index } = event else {
                return;
            };
            let item = index.and_then(|ix| list.read(cx).delegate.items.get(ix).cloned());
            if let Some(item) = item {
                cx.emit(item.event);
            }
        });
        // The list's changes are the screen's (the window fits the rows).
        cx.observe(&list, |_, _, cx| cx.notify()).detach();
        ActionsScreen {
            title,
            list,
            _confirm: confirm,
        }
    }
}

impl Screen for ActionsScreen {
    fn name(&self, _: &App) -> &'static str {
        "actions"
    }

    fn transient(&self) -> bool {
        true
    }

    fn height(&self, cx: &App) -> f32 {
        QUERY_HEIGHT + self.list.read(cx).content_height()
    }

    fn footer(&self, cx: &App) -> Footer {
        Footer {
            title: self.title.clone(),
            hints: vec![
                Hint::new("Do it", &list::Confirm, KEYS, cx),
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
                .map(|item| item.label.to_string()),
            rows: Some(view.match_count()),
            ..ScreenState::default()
        }
    }
}

impl Render for ActionsScreen {
    fn render(&mut self, _: &mut Window, _: &mut Context<Self>) -> impl IntoElement {
        div().size_full().child(self.list.clone())
    }
}

struct MenuDelegate {
    items: FilteredItems<MenuItem>,
}

impl ListDelegate for MenuDelegate {
    fn update_matches(&mut self, query: &str) {
        self.items.update(query);
    }

    fn match_count(&self) -> usize {
        self.items.len()
    }

    fn match_key(&self, ix: usize) -> SharedString {
        self.items
            .get(ix)
            .map(|item| item.label.clone())
            .unwrap_or_default()
    }

    fn render_row(&mut self, ix: usize, selected: bool, query: &str, theme: &Theme) -> AnyElement {
        let Some(item) = self.items.get(ix).cloned() else {
            return gpui::Empty.into_any_element();
        };
        let positions = self.items.name_positions(&item.label, query);
        Row {
            name: &item.label,
            positions: &positions,
            description: None,
            badges: (!item.key.is_empty())
                .then(|| item.key.clone())
                .into_iter()
                .collect(),
            icon: item.icon,
            selected,
            checked: None,
        }
        .render(theme)
    }

    fn render_empty(&self, query: &str, theme: &Theme) -> AnyElement {
        empty_state(
            &format!("No action matches “{query}”"),
            "Press Escape to go back.",
            theme,
        )
    }
}
