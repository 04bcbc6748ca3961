//! The shape of a single-line input: one shaped line, scrolled sideways so that the
//! cursor of a text longer than the field stays in view. A masked input (a
//! password) is drawn as one bullet a character: the shape takes and gives
//! offsets in the real text and converts them to the bullets drawn.

use std::ops::Range;

use gpui::{
    App, Bounds, Pixels, Point, ShapedLine, SharedString, TextAlign, TextRun, Window, point, px,
};

/// What a masked input shows for each character.
pub(super) const BULLET: char = '•';

pub(super) struct LineShape {
    line: ShapedLine,
    /// The real text when the line drawn is its mask.
    masked: Option<String>,
    /// How far the text is scrolled to the left.
    scroll_x: Pixels,
    line_height: Pixels,
}

impl LineShape {
    /// Shapes `text` for a field `width` wide, scrolled as little as possible from
    /// `scroll_x` so that `cursor` is visible.
    /// `masked` is the real text when `text` is its mask; `cursor` is an offset
    /// in the real text.
    pub(super) fn new(
        text: SharedString,
        runs: &[TextRun],
        cursor: usize,
        scroll_x: Pixels,
        width: Pixels,
        masked: Option<String>,
        window: &mut Window,
    ) -> LineShape {
        let style = window.text_style();
        let font_size = style.font_size.to_pixels(window.rem_size());
        let line = window.text_system().shape_line(text, font_size, runs, None);
        let cursor_x = line.x_for_index(shown(masked.as_deref(), cursor));
        // Leave room for the 2 px cursor at the right edge.
        let width = width - px(2.);
        let mut scroll_x = scroll_x;
        if cursor_x - scroll_x > width {
            scroll_x = cursor_x - width;
        } else if cursor_x < scroll_x {
            scroll_x = cursor_x;
        }
        scroll_x = scroll_x.min((line.width - width).max(px(0.))).max(px(0.));
        LineShape {
            line,
            masked,
            scroll_x,
            line_height: window.line_height(),
        }
    }

    /// The text as drawn (bullets for a masked input).
    #[cfg(feature = "test-support")]
    pub(super) fn text(&self) -> &str {
        &self.line.text
    }

    /// A drawn offset as an offset in the real text.
    fn actual(&self, drawn: usize) -> usize {
        match &self.masked {
            Some(real) => real
                .char_indices()
                .nth(drawn / BULLET.len_utf8())
                .map_or(real.len(), |(i, _)| i),
            None => drawn,
        }
    }

    pub(super) fn scroll_x(&self) -> Pixels {
        self.scroll_x
    }

    pub(super) fn line_height(&self) -> Pixels {
        self.line_height
    }

    pub(super) fn height(&self) -> Pixels {
        self.line_height
    }

    /// Where `offset` is drawn, from the top-left of the field.
    pub(super) fn position(&self, offset: usize) -> Point<Pixels> {
        let drawn = shown(self.masked.as_deref(), offset);
        point(self.line.x_for_index(drawn) - self.scroll_x, px(0.))
    }

    /// The offset closest to `position` (from the top-left of the field).
    pub(super) fn index_at(&self, position: Point<Pixels>) -> usize {
        self.actual(self.line.closest_index_for_x(position.x + self.scroll_x))
    }

    /// The offset exactly under `position`, if a character is there.
    pub(super) fn index_under(&self, position: Point<Pixels>) -> Option<usize> {
        self.line
            .index_for_x(position.x + self.scroll_x)
            .map(|drawn| self.actual(drawn))
    }

    pub(super) fn selection_rects(&self, range: &Range<usize>) -> Vec<Bounds<Pixels>> {
        vec![Bounds::from_corners(
            self.position(range.start),
            point(self.position(range.end).x, self.line_height),
        )]
    }

    pub(super) fn paint(&self, origin: Point<Pixels>, window: &mut Window, cx: &mut App) {
        let origin = point(origin.x - self.scroll_x, origin.y);
        if let Err(e) = self
            .line
            .paint(origin, self.line_height, TextAlign::Left, None, window, cx)
        {
            tracing::warn!("cannot draw input text: {e}");
        }
    }
}

/// An offset in the real text as an offset in the drawn one (its mask, if any).
fn shown(masked: Option<&str>, offset: usize) -> usize {
    match masked {
        Some(real) => real.get(..offset).unwrap_or(real).chars().count() * BULLET.len_utf8(),
        None => offset,
    }
}

/// The mask of `text`: one bullet a character.
pub(super) fn mask(text: &str) -> String {
    std::iter::repeat_n(BULLET, text.chars().count()).collect()
}
