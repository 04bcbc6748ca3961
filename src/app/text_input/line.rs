//! The shape of a single-line input: one shaped line, scrolled sideways so that the
//! cursor of a text longer than the field stays in view.

use std::ops::Range;

use gpui::{App, Bounds, Pixels, Point, ShapedLine, SharedString, TextRun, Window, point, px};

pub(super) struct LineShape {
    line: ShapedLine,
    /// How far the text is scrolled to the left.
    scroll_x: Pixels,
    line_height: Pixels,
}

impl LineShape {
    /// Shapes `text` for a field `width` wide, scrolled as little as possible from
    /// `scroll_x` so that `cursor` is visible.
    pub(super) fn new(
        text: SharedString,
        runs: &[TextRun],
        cursor: usize,
        scroll_x: Pixels,
        width: Pixels,
        window: &mut Window,
    ) -> LineShape {
        let style = window.text_style();
        let font_size = style.font_size.to_pixels(window.rem_size());
        let line = window.text_system().shape_line(text, font_size, runs, None);
        let cursor_x = line.x_for_index(cursor);
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
            scroll_x,
            line_height: window.line_height(),
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
        point(self.line.x_for_index(offset) - self.scroll_x, px(0.))
    }

    /// The offset closest to `position` (from the top-left of the field).
    pub(super) fn index_at(&self, position: Point<Pixels>) -> usize {
        self.line.closest_index_for_x(position.x + self.scroll_x)
    }

    /// The offset exactly under `position`, if a character is there.
    pub(super) fn index_under(&self, position: Point<Pixels>) -> Option<usize> {
        self.line.index_for_x(position.x + self.scroll_x)
    }

    pub(super) fn selection_rects(&self, range: &Range<usize>) -> Vec<Bounds<Pixels>> {
        vec![Bounds::from_corners(
            self.position(range.start),
            point(self.position(range.end).x, self.line_height),
        )]
    }

    pub(super) fn paint(&self, origin: Point<Pixels>, window: &mut Window, cx: &mut App) {
        let origin = point(origin.x - self.scroll_x, origin.y);
        if let Err(e) = self.line.paint(origin, self.line_height, window, cx) {
            tracing::warn!("cannot draw input text: {e}");
        }
    }
}
