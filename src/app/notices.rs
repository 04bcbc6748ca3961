//! Notices from scripts (`notify`) and from skit itself: one at a time at the bottom
//! of the window, shown for a few seconds and then faded out; later ones wait their
//! turn instead of replacing it. Timers run only while a notice is up.

use std::collections::VecDeque;
use std::time::Duration;

use gpui::{
    Animation, AnimationExt, AnyElement, Context, IntoElement, ParentElement, SharedString, Styled,
    Task, div, px,
};

use super::theme::Theme;

/// How long a notice stays fully visible.
pub const SHOW_FOR: Duration = Duration::from_millis(3000);
/// How long it takes to fade out.
pub const FADE_FOR: Duration = Duration::from_millis(300);
/// Notices waiting beyond this many are dropped (a script in a loop).
const MAX_WAITING: usize = 20;
/// Height of a one-line notice bar; longer notices wrap onto more lines.
pub(crate) const HEIGHT: f32 = 36.;
pub(crate) const LINE_HEIGHT: f32 = 18.;
/// About how many characters fit on one line of the bar.
const LINE_CHARS: usize = 100;

/// The height of the bar showing `text`: one line, or as many as it wraps onto.
pub(crate) fn height_for(text: &str) -> f32 {
    let lines = text.chars().count().div_ceil(LINE_CHARS).max(1);
    HEIGHT + LINE_HEIGHT * (lines - 1) as f32
}

#[derive(Default)]
pub(crate) struct Notices {
    waiting: VecDeque<SharedString>,
    current: Option<Current>,
}

struct Current {
    text: SharedString,
    fading: bool,
    _timer: Task<()>,
}

impl Notices {
    /// Queues `text`; it shows at once when nothing else is showing.
    pub(crate) fn push(&mut self, text: impl Into<SharedString>, cx: &mut Context<Self>) {
        if self.waiting.len() == MAX_WAITING {
            tracing::warn!("too many notices at once; dropping the oldest waiting one");
            self.waiting.pop_front();
        }
        self.waiting.push_back(text.into());
        if self.current.is_none() {
            self.next(cx);
        }
    }

    /// The notice on screen.
    pub(crate) fn current(&self) -> Option<&SharedString> {
        self.current.as_ref().map(|c| &c.text)
    }

    /// Nothing showing and nothing waiting.
    pub(crate) fn is_idle(&self) -> bool {
        self.current.is_none() && self.waiting.is_empty()
    }

    pub(crate) fn clear(&mut self, cx: &mut Context<Self>) {
        self.waiting.clear();
        self.current = None;
        cx.notify();
    }

    fn next(&mut self, cx: &mut Context<Self>) {
        self.current = self.waiting.pop_front().map(|text| Current {
            text,
            fading: false,
            _timer: cx.spawn(async |this, cx| {
                cx.background_executor().timer(SHOW_FOR).await;
                let _ = this.update(cx, |this, cx| this.fade(cx));
            }),
        });
        cx.notify();
    }

    fn fade(&mut self, cx: &mut Context<Self>) {
        if let Some(current) = &mut self.current {
            current.fading = true;
            current._timer = cx.spawn(async |this, cx| {
                cx.background_executor().timer(FADE_FOR).await;
                let _ = this.update(cx, |this, cx| this.next(cx));
            });
        }
        cx.notify();
    }

    /// The notice bar, if a notice is showing.
    pub(crate) fn render(&self, theme: &Theme) -> Option<AnyElement> {
        // The bar is as tall as `height_for` says, so the window can fit it.
        let current = self.current.as_ref()?;
        let bar = div()
            .h(px(height_for(&current.text)))
            .flex_none()
            .px_4()
            .flex()
            .items_center()
            .line_height(px(LINE_HEIGHT))
            .bg(theme.notice_background)
            .text_color(theme.notice_text)
            .text_size(px(13.))
            .child(div().flex_1().min_w_0().child(current.text.clone()));
        Some(if current.fading {
            bar.with_animation("notice-fade", Animation::new(FADE_FOR), |bar, delta| {
                bar.opacity(1. - delta)
            })
            .into_any_element()
        } else {
            bar.into_any_element()
        })
    }
}
