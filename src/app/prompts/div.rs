//! The `div` prompt: markdown drawn natively (see [`crate::markdown`]). Links open
//! with the desktop's handler when clicked; long content scrolls (mouse, or
//! Up/Down/PageUp/PageDown); Enter submits `null`.

use gpui::{
    AnyElement, App, Context, ElementId, EventEmitter, FocusHandle, Focusable, Font, FontStyle,
    FontWeight, InteractiveElement, InteractiveText, IntoElement, KeyBinding, ParentElement,
    Render, ScrollHandle, SharedString, StatefulInteractiveElement, Styled, StyledText, TextRun,
    UnderlineStyle, Window, actions, div, point, px,
};
use serde_json::Value;

use super::{Prompt, Submitted};
use crate::app::fonts::Fonts;
use crate::app::screen::Hint;
use crate::app::theme::Theme;
use crate::markdown::{self, Block, Inline};

actions!(div_prompt, [Submit, ScrollUp, ScrollDown, PageUp, PageDown]);

const CONTEXT: &str = "DivPrompt";
/// The tallest the prompt gets in the window; longer documents scroll.
pub(crate) const MAX_HEIGHT: f32 = 420.;
const MIN_HEIGHT: f32 = 120.;
const SCROLL_STEP: f32 = 40.;

pub(crate) fn init(cx: &mut App) {
    let context = Some(CONTEXT);
    cx.bind_keys([
        KeyBinding::new("enter", Submit, context),
        KeyBinding::new("up", ScrollUp, context),
        KeyBinding::new("down", ScrollDown, context),
        KeyBinding::new("pageup", PageUp, context),
        KeyBinding::new("pagedown", PageDown, context),
    ]);
}

pub(crate) struct DivPrompt {
    focus: FocusHandle,
    blocks: Vec<Block>,
    scroll: ScrollHandle,
}

impl EventEmitter<Submitted> for DivPrompt {}

impl Focusable for DivPrompt {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus.clone()
    }
}

impl DivPrompt {
    pub(crate) fn new(markdown: &str, cx: &mut Context<Self>) -> DivPrompt {
        DivPrompt {
            focus: cx.focus_handle(),
            blocks: markdown::parse(markdown),
            scroll: ScrollHandle::new(),
        }
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// About how tall the document is drawn (it scrolls when the guess is short),
    /// so a short note gets a small window and a long page the tallest one.
    pub(crate) fn document_height(&self) -> f32 {
        let padding = 40.;
        let content: f32 = self.blocks.iter().map(estimate).sum::<f32>()
            + 12. * self.blocks.len().saturating_sub(1) as f32;
        (content + padding).clamp(MIN_HEIGHT, MAX_HEIGHT)
    }

    fn submit(&mut self, _: &Submit, _: &mut Window, cx: &mut Context<Self>) {
        cx.emit(Submitted(Value::Null));
    }

    fn scroll_by(&mut self, delta: f32, cx: &mut Context<Self>) {
        let offset = self.scroll.offset();
        self.scroll
            .set_offset(point(offset.x, (offset.y - px(delta)).min(px(0.))));
        cx.notify();
    }

    fn scroll_up(&mut self, _: &ScrollUp, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(-SCROLL_STEP, cx);
    }

    fn scroll_down(&mut self, _: &ScrollDown, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(SCROLL_STEP, cx);
    }

    fn page_up(&mut self, _: &PageUp, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(-(MAX_HEIGHT - 60.), cx);
    }

    fn page_down(&mut self, _: &PageDown, _: &mut Window, cx: &mut Context<Self>) {
        self.scroll_by(MAX_HEIGHT - 60., cx);
    }
}

impl Prompt for DivPrompt {
    fn height(&self, _: &App) -> f32 {
        self.document_height()
    }

    fn hints(&self, cx: &App) -> Vec<Hint> {
        vec![Hint::new("Continue", &Submit, cx)]
    }
}

impl Render for DivPrompt {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let style = Style {
            theme: cx.global::<Theme>().clone(),
            fonts: cx.global::<Fonts>().clone(),
        };
        let mut ids = 0;
        let blocks: Vec<AnyElement> = self
            .blocks
            .iter()
            .map(|b| style.block(b, &mut ids))
            .collect();
        div()
            .id("div-prompt")
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::submit))
            .on_action(cx.listener(Self::scroll_up))
            .on_action(cx.listener(Self::scroll_down))
            .on_action(cx.listener(Self::page_up))
            .on_action(cx.listener(Self::page_down))
            .size_full()
            .overflow_y_scroll()
            .track_scroll(&self.scroll)
            .child(
                div()
                    .px_6()
                    .py_5()
                    .flex()
                    .flex_col()
                    .gap_3()
                    .text_size(px(14.))
                    .line_height(px(22.))
                    .text_color(style.theme.text)
                    .children(blocks),
            )
    }
}

/// Estimated drawn height of a block: lines of about 80 characters.
fn estimate(block: &Block) -> f32 {
    let lines = |text: &str| {
        text.lines()
            .map(|l| (l.chars().count() / 80 + 1) as f32)
            .sum::<f32>()
            .max(1.)
    };
    match block {
        Block::Heading { level, .. } => {
            if *level <= 2 {
                36.
            } else {
                26.
            }
        }
        Block::Paragraph(inline) => lines(&inline.text) * 22.,
        Block::Code { text, .. } => lines(text) * 19. + 16.,
        Block::List { items, .. } => items
            .iter()
            .map(|item| item.iter().map(estimate).sum::<f32>() + 4.)
            .sum(),
        Block::Quote(blocks) => blocks.iter().map(estimate).sum(),
        Block::Rule => 10.,
    }
}

struct Style {
    theme: Theme,
    fonts: Fonts,
}

impl Style {
    fn block(&self, block: &Block, ids: &mut usize) -> AnyElement {
        let theme = &self.theme;
        match block {
            Block::Heading { level, text } => {
                let size = match level {
                    1 => 22.,
                    2 => 18.,
                    3 => 16.,
                    _ => 14.,
                };
                div()
                    .pt(px(if *level <= 2 { 6. } else { 2. }))
                    .text_size(px(size))
                    .line_height(px(size * 1.35))
                    .child(self.inline(text, FontWeight::SEMIBOLD, ids))
                    .into_any_element()
            }
            Block::Paragraph(text) => div()
                .child(self.inline(text, FontWeight::NORMAL, ids))
                .into_any_element(),
            Block::Code { text, .. } => div()
                .px_3()
                .py_2()
                .rounded(px(6.))
                .bg(theme.code_background)
                .font_family(self.fonts.mono.clone())
                .text_size(px(12.5))
                .line_height(px(19.))
                .child(text.clone())
                .into_any_element(),
            Block::List { start, items } => div()
                .flex()
                .flex_col()
                .gap_1()
                .children(items.iter().enumerate().map(|(i, item)| {
                    let marker = match start {
                        Some(n) => format!("{}.", n + i as u64),
                        None => "•".to_string(),
                    };
                    div()
                        .flex()
                        .gap_2()
                        .child(
                            div()
                                .min_w(px(18.))
                                .text_color(theme.text_muted)
                                .child(marker),
                        )
                        .child(
                            div()
                                .flex_1()
                                .min_w_0()
                                .flex()
                                .flex_col()
                                .gap_1()
                                .children(item.iter().map(|b| self.block(b, ids))),
                        )
                }))
                .into_any_element(),
            Block::Quote(blocks) => div()
                .pl_3()
                .border_l_2()
                .border_color(theme.border)
                .text_color(theme.text_muted)
                .flex()
                .flex_col()
                .gap_2()
                .children(blocks.iter().map(|b| self.block(b, ids)))
                .into_any_element(),
            Block::Rule => div().my_1().h(px(1.)).bg(theme.border).into_any_element(),
        }
    }

    /// Text with its bold, italic, code, strikethrough and link runs; links open
    /// on click.
    fn inline(&self, inline: &Inline, weight: FontWeight, ids: &mut usize) -> AnyElement {
        let theme = &self.theme;
        let base = Font {
            family: self.fonts.ui.clone(),
            weight,
            ..gpui::font(self.fonts.ui.clone())
        };
        let plain = |len: usize| TextRun {
            len,
            font: base.clone(),
            color: theme.text,
            background_color: None,
            underline: None,
            strikethrough: None,
        };
        let mut runs = Vec::new();
        let mut links = Vec::new();
        let mut at = 0;
        for span in &inline.spans {
            if span.range.start > at {
                runs.push(plain(span.range.start - at));
            }
            let style = &span.style;
            let mut font = base.clone();
            if style.bold {
                font.weight = FontWeight::BOLD;
            }
            if style.italic {
                font.style = FontStyle::Italic;
            }
            if style.code {
                font.family = self.fonts.mono.clone();
            }
            let mut run = TextRun {
                len: span.range.len(),
                font,
                ..plain(0)
            };
            if style.code {
                run.background_color = Some(theme.code_background);
            }
            if style.strikethrough {
                run.strikethrough = Some(gpui::StrikethroughStyle {
                    thickness: px(1.),
                    color: Some(theme.text_muted),
                });
            }
            if let Some(target) = &style.link {
                run.color = theme.accent;
                run.underline = Some(UnderlineStyle {
                    thickness: px(1.),
                    color: Some(theme.accent),
                    wavy: false,
                });
                links.push((span.range.clone(), target.clone()));
            }
            runs.push(run);
            at = span.range.end;
        }
        if inline.text.len() > at {
            runs.push(plain(inline.text.len() - at));
        }
        let text = StyledText::new(SharedString::from(inline.text.clone())).with_runs(runs);
        if links.is_empty() {
            return text.into_any_element();
        }
        *ids += 1;
        let ranges = links.iter().map(|(range, _)| range.clone()).collect();
        let targets: Vec<String> = links.into_iter().map(|(_, target)| target).collect();
        InteractiveText::new(
            ElementId::Name(format!("markdown-links-{ids}").into()),
            text,
        )
        .on_click(ranges, move |ix, _, _| {
            if let Err(e) = crate::desktop::open(&targets[ix]) {
                tracing::warn!("{e}");
            }
        })
        .into_any_element()
    }
}
