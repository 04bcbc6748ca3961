//! Markdown drawn natively: the blocks of [`crate::markdown`] as gpui elements, in
//! the theme's colours and fonts. The `div` prompt and the preview pane of `arg`
//! prompts both draw with it. Links open with the desktop's handler when clicked;
//! code blocks scroll sideways instead of wrapping.

use gpui::{
    AnyElement, ElementId, Font, FontStyle, FontWeight, InteractiveElement, InteractiveText,
    IntoElement, ParentElement, SharedString, StatefulInteractiveElement, Styled, StyledText,
    TextRun, UnderlineStyle, div, px,
};

use super::fonts::Fonts;
use super::paint;
use super::theme::Theme;
use crate::markdown::{Block, Inline};

/// Draws `blocks`; `prefix` keeps the element ids of two documents on one screen
/// apart.
pub(crate) fn render(
    blocks: &[Block],
    prefix: &str,
    theme: &Theme,
    fonts: &Fonts,
) -> Vec<AnyElement> {
    let style = Style {
        theme: theme.clone(),
        fonts: fonts.clone(),
        prefix: prefix.to_string(),
    };
    let mut ids = 0;
    blocks.iter().map(|b| style.block(b, &mut ids)).collect()
}

/// Estimated drawn height of a block: lines of about 80 characters.
pub(crate) fn estimate(block: &Block) -> f32 {
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
    prefix: String,
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
            Block::Code { text, .. } => {
                *ids += 1;
                // The background stays put while a long line scrolls, and is
                // painted cheaply (see `paint`).
                div()
                    .relative()
                    .child(paint::rounded_backdrop(theme.code_background, px(6.)))
                    .child(
                        div()
                            .id(ElementId::Name(
                                format!("{}-code-{ids}", self.prefix).into(),
                            ))
                            .px_3()
                            .py_2()
                            .font_family(self.fonts.mono.clone())
                            .text_size(px(12.5))
                            .line_height(px(19.))
                            .overflow_x_scroll()
                            .whitespace_nowrap()
                            .child(text.clone()),
                    )
                    .into_any_element()
            }
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
            // The bar is a 2 px column of its own: a bordered element costs the
            // quad shader four times its area (see `paint`).
            Block::Quote(blocks) => div()
                .flex()
                .child(div().w(px(2.)).flex_none().bg(theme.border))
                .child(
                    div()
                        .flex_1()
                        .min_w_0()
                        .pl_3()
                        .text_color(theme.text_muted)
                        .flex()
                        .flex_col()
                        .gap_2()
                        .children(blocks.iter().map(|b| self.block(b, ids))),
                )
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
            ElementId::Name(format!("{}-links-{ids}", self.prefix).into()),
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
