//! How one row of any list looks: name with its matched characters highlighted,
//! a dimmer description under it, small right-aligned badges (group, shortcut),
//! and in a multi-select list a check box. One function, so scripts and choices
//! look alike; and how a list with no rows says why ([`empty_state`]).

use std::ops::Range;

use gpui::prelude::FluentBuilder;
use std::path::PathBuf;

use gpui::{
    AnyElement, FontWeight, HighlightStyle, Hsla, IntoElement, ParentElement, SharedString, Styled,
    StyledImage, StyledText, div, img, px,
};

use super::paint;
use super::theme::Theme;

/// A small picture at the left of a row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RowIcon {
    /// An emoji or other short text.
    Text(SharedString),
    /// A letter on a tile: the stand-in for an item without a picture.
    Letter(SharedString),
    /// An image file (PNG, SVG, JPEG), loaded off the UI thread by gpui.
    Image(PathBuf),
}

impl RowIcon {
    /// A choice's `icon`: an absolute path is an image, anything else text.
    pub(crate) fn parse(icon: &str) -> RowIcon {
        if icon.starts_with('/') {
            RowIcon::Image(PathBuf::from(icon))
        } else {
            RowIcon::Text(icon.to_string().into())
        }
    }

    /// A tile with the first letter of `name`.
    pub(crate) fn letter_of(name: &str) -> RowIcon {
        let letter: String = name
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_else(|| "•".into());
        RowIcon::Letter(letter.into())
    }

    fn render(self, theme: &Theme) -> AnyElement {
        let frame = div()
            .size(px(ICON_SIZE))
            .flex_none()
            .flex()
            .items_center()
            .justify_center();
        match self {
            RowIcon::Text(text) => frame
                .text_size(px(18.))
                .text_color(theme.text)
                .child(text)
                .into_any_element(),
            RowIcon::Letter(letter) => frame
                .child(
                    div()
                        .size(px(ICON_SIZE - 2.))
                        .rounded(px(6.))
                        .bg(theme.badge_background)
                        .text_color(theme.badge_text)
                        .text_size(px(13.))
                        .flex()
                        .items_center()
                        .justify_center()
                        .child(letter),
                )
                .into_any_element(),
            RowIcon::Image(path) => frame
                .child(img(path).size(px(ICON_SIZE)).with_fallback({
                    let placeholder = theme.badge_background;
                    move || {
                        div()
                            .size(px(ICON_SIZE - 4.))
                            .rounded(px(4.))
                            .bg(placeholder)
                            .into_any_element()
                    }
                }))
                .into_any_element(),
        }
    }
}

const ICON_SIZE: f32 = 24.;

pub(crate) struct Row<'a> {
    pub(crate) name: &'a str,
    /// Character indices of `name` to highlight.
    pub(crate) positions: &'a [usize],
    pub(crate) description: Option<&'a str>,
    pub(crate) badges: Vec<SharedString>,
    pub(crate) icon: Option<RowIcon>,
    pub(crate) selected: bool,
    /// In a multi-select list: whether the row is toggled (a check box shows).
    pub(crate) checked: Option<bool>,
}

impl Row<'_> {
    pub(crate) fn render(self, theme: &Theme) -> AnyElement {
        self.render_tinted(None, false, theme)
    }

    /// [`Row::render`] with the name in `tint` (dmenu's active and urgent rows),
    /// and with `keep_right` a name too long for the row showing its end
    /// (`dmenu -keep-right`).
    pub(crate) fn render_tinted(
        self,
        tint: Option<Hsla>,
        keep_right: bool,
        theme: &Theme,
    ) -> AnyElement {
        let highlight = HighlightStyle {
            color: Some(theme.match_text),
            font_weight: Some(FontWeight::BOLD),
            ..HighlightStyle::default()
        };
        let name = StyledText::new(SharedString::from(self.name.to_string())).with_highlights(
            byte_ranges(self.name, self.positions)
                .into_iter()
                .map(|r| (r, highlight)),
        );
        let mut text = div()
            .flex()
            .flex_col()
            .justify_center()
            .flex_1()
            .min_w_0()
            .overflow_hidden()
            .child(
                div()
                    .text_size(px(15.))
                    .line_height(px(20.))
                    .text_color(tint.unwrap_or(theme.text))
                    .when(tint.is_some(), |name| {
                        name.font_weight(FontWeight::SEMIBOLD)
                    })
                    .when(keep_right, |name| {
                        name.overflow_hidden().text_ellipsis_start()
                    })
                    .whitespace_nowrap()
                    .child(name),
            );
        if let Some(description) = self.description {
            text = text.child(
                div()
                    .text_size(px(12.5))
                    .line_height(px(17.))
                    .text_color(theme.text_muted)
                    .whitespace_nowrap()
                    .overflow_hidden()
                    .text_ellipsis()
                    .child(description.to_string()),
            );
        }
        let badges = self.badges.into_iter().map(|badge| {
            div()
                .px(px(6.))
                .py(px(2.))
                .rounded(px(4.))
                .bg(theme.badge_background)
                .text_color(theme.badge_text)
                .text_size(px(11.5))
                .child(badge)
        });
        div()
            .size_full()
            .px_3()
            .gap_3()
            .flex()
            .items_center()
            // Painted first, under the row's content; cheap to draw (see `paint`).
            .when(self.selected, |row| {
                row.child(paint::rounded_backdrop(theme.selection, px(8.)))
            })
            .children(self.checked.map(|checked| check_box(checked, theme)))
            .children(self.icon.map(|icon| icon.render(theme)))
            .child(text)
            .children(badges)
            .into_any_element()
    }
}

/// A check box: an outlined square, filled with the accent and a check mark
/// when `checked` (multi-select rows, checkbox fields).
pub(crate) fn check_box(checked: bool, theme: &Theme) -> AnyElement {
    let frame = div()
        .size(px(18.))
        .flex_none()
        .flex()
        .items_center()
        .justify_center()
        .rounded(px(4.));
    if checked {
        frame
            .bg(theme.accent)
            .text_color(theme.background)
            .text_size(px(13.))
            .font_weight(FontWeight::BOLD)
            .child("✓")
            .into_any_element()
    } else {
        frame
            .border_1()
            .border_color(theme.text_muted)
            .into_any_element()
    }
}

/// The header of a group of rows: its title, small and dim, near the rows under it.
pub(crate) fn group_header(title: &str, theme: &Theme) -> AnyElement {
    div()
        .size_full()
        .px_3()
        .pb_1()
        .flex()
        .items_end()
        .text_size(px(12.))
        .text_color(theme.text_muted)
        .child(title.to_string())
        .into_any_element()
}

/// A centred two-line message for a list with no rows, or a screen with no list.
pub(crate) fn empty_state(title: &str, detail: &str, theme: &Theme) -> AnyElement {
    div()
        .size_full()
        .py_6()
        .flex()
        .flex_col()
        .items_center()
        .justify_center()
        .gap_1()
        .child(
            div()
                .text_size(px(15.))
                .text_color(theme.text)
                .child(title.to_string()),
        )
        .child(
            div()
                .text_size(px(13.))
                .text_color(theme.text_muted)
                .child(detail.to_string()),
        )
        .into_any_element()
}

/// Character indices → byte ranges of `text` (one per character).
pub(crate) fn byte_ranges(text: &str, positions: &[usize]) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(positions.len());
    let mut wanted = positions.iter().peekable();
    for (char_ix, (byte, c)) in text.char_indices().enumerate() {
        match wanted.peek() {
            Some(&&p) if p == char_ix => {
                ranges.push(byte..byte + c.len_utf8());
                wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_positions_become_byte_ranges() {
        assert_eq!(byte_ranges("Über", &[0, 2]), [0..2, 3..4]);
        assert_eq!(byte_ranges("abc", &[]), Vec::<Range<usize>>::new());
        assert_eq!(byte_ranges("ab", &[5]), Vec::<Range<usize>>::new());
    }
}
