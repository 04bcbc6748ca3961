//! "View Log": the end of a triggered script's run log (what its scheduled,
//! watched and background runs printed, and how they ended), newest at the
//! bottom, in the output font. Up/Down/PageUp/PageDown/Home/End scroll; Escape
//! goes back.

use gpui::{
    App, Context, EventEmitter, FocusHandle, Focusable, InteractiveElement, IntoElement,
    ParentElement, Render, ScrollStrategy, SharedString, Styled, UniformListScrollHandle, Window,
    actions, div, px, uniform_list,
};

use crate::app::fonts::Fonts;
use crate::app::row::empty_state;
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::theme::Theme;

actions!(
    log_screen,
    [LineUp, LineDown, PageUp, PageDown, Top, Bottom]
);

const CONTEXT: &str = "LogScreen";
/// The key contexts from the window down to the screen, which has the focus.
const KEYS: &[&str] = &["Launcher log", CONTEXT];
const TITLE_HEIGHT: f32 = 40.;
/// The body's height: its lines, between an empty state's and the tallest.
const MIN_BODY: f32 = 96.;
const MAX_BODY: f32 = 380.;
const LINE_HEIGHT: f32 = 18.;
/// Lines one PageUp/PageDown moves.
const PAGE: usize = 18;

pub(crate) struct LogScreen {
    title: SharedString,
    lines: Vec<SharedString>,
    /// The line kept in view (the newest at first).
    line: usize,
    scroll: UniformListScrollHandle,
    focus: FocusHandle,
}

impl EventEmitter<ScreenEvent> for LogScreen {}

impl Focusable for LogScreen {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl LogScreen {
    /// The log of the script named `name`, whose end is `text`.
    pub(crate) fn new(name: &str, text: &str, cx: &mut Context<Self>) -> LogScreen {
        let lines: Vec<SharedString> = text.lines().map(|l| l.to_string().into()).collect();
        let scroll = UniformListScrollHandle::new();
        let line = lines.len().saturating_sub(1);
        if !lines.is_empty() {
            scroll.scroll_to_item(line, ScrollStrategy::Bottom);
        }
        LogScreen {
            title: format!("Log of “{name}”").into(),
            lines,
            line,
            scroll,
            focus: cx.focus_handle(),
        }
    }

    fn go(&mut self, line: usize, cx: &mut Context<Self>) {
        if self.lines.is_empty() {
            return;
        }
        let down = line > self.line;
        self.line = line.min(self.lines.len() - 1);
        let strategy = if down {
            ScrollStrategy::Bottom
        } else {
            ScrollStrategy::Top
        };
        self.scroll.scroll_to_item(self.line, strategy);
        cx.notify();
    }

    fn line_up(&mut self, _: &LineUp, _: &mut Window, cx: &mut Context<Self>) {
        self.go(self.line.saturating_sub(1), cx);
    }

    fn line_down(&mut self, _: &LineDown, _: &mut Window, cx: &mut Context<Self>) {
        self.go(self.line + 1, cx);
    }

    fn page_up(&mut self, _: &PageUp, _: &mut Window, cx: &mut Context<Self>) {
        self.go(self.line.saturating_sub(PAGE), cx);
    }

    fn page_down(&mut self, _: &PageDown, _: &mut Window, cx: &mut Context<Self>) {
        self.go(self.line + PAGE, cx);
    }

    fn top(&mut self, _: &Top, _: &mut Window, cx: &mut Context<Self>) {
        self.go(0, cx);
    }

    fn bottom(&mut self, _: &Bottom, _: &mut Window, cx: &mut Context<Self>) {
        self.go(usize::MAX, cx);
    }
}

impl Screen for LogScreen {
    fn name(&self, _: &App) -> &'static str {
        "log"
    }

    fn height(&self, _: &App) -> f32 {
        let lines = self.lines.len() as f32 * LINE_HEIGHT + 8.;
        TITLE_HEIGHT + lines.clamp(MIN_BODY, MAX_BODY)
    }

    fn footer(&self, cx: &App) -> Footer {
        let count = self.lines.len();
        Footer {
            title: format!("{count} line{}", if count == 1 { "" } else { "s" }).into(),
            hints: vec![Hint::new("Back", &Dismiss, KEYS, cx)],
        }
    }

    /// `rows` is the number of lines and `selected` the newest, for `skit state`.
    fn state(&self, _: &App) -> ScreenState {
        ScreenState {
            query: self.title.to_string(),
            selected: self.lines.last().map(|l| l.to_string()),
            rows: Some(self.lines.len()),
            ..ScreenState::default()
        }
    }
}

impl Render for LogScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let title = div()
            .h(px(TITLE_HEIGHT))
            .flex_none()
            .px_4()
            .flex()
            .items_center()
            .text_size(px(15.))
            .border_b_1()
            .border_color(theme.border)
            .child(self.title.clone());
        let body = if self.lines.is_empty() {
            empty_state(
                "Nothing logged yet",
                "Scheduled, watched and background runs of this script are logged here.",
                &theme,
            )
        } else {
            let lines = self.lines.clone();
            uniform_list("log-lines", lines.len(), move |range, _, _| {
                range
                    .map(|ix| {
                        div()
                            .h(px(LINE_HEIGHT))
                            .whitespace_nowrap()
                            .child(lines[ix].clone())
                    })
                    .collect()
            })
            .track_scroll(&self.scroll)
            .flex_1()
            .px_4()
            .py_1()
            .bg(theme.code_background)
            .font_family(cx.global::<Fonts>().mono.clone())
            .text_size(px(12.))
            .into_any_element()
        };
        div()
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::line_up))
            .on_action(cx.listener(Self::line_down))
            .on_action(cx.listener(Self::page_up))
            .on_action(cx.listener(Self::page_down))
            .on_action(cx.listener(Self::top))
            .on_action(cx.listener(Self::bottom))
            .size_full()
            .flex()
            .flex_col()
            .child(title)
            .child(body)
    }
}
