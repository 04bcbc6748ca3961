//! The shape of a multi-line input: one wrapped line per `\n`-separated line of the
//! text, stacked; positions, hit-testing and selection rectangles across them.

use std::ops::Range;

use gpui::{
    App, Bounds, Pixels, Point, SharedString, TextAlign, TextRun, Window, WrappedLine, point, px,
};

pub(super) struct AreaShape {
    lines: Vec<AreaLine>,
    line_height: Pixels,
}

struct AreaLine {
    line: WrappedLine,
    /// Byte offset of the line's first character in the text.
    start: usize,
    /// Top of the line, from the top of the text.
    top: Pixels,
}

impl AreaShape {
    /// Shapes `text`, wrapped at `width` when it is known.
    pub(super) fn new(
        text: SharedString,
        runs: &[TextRun],
        width: Option<Pixels>,
        window: &mut Window,
    ) -> AreaShape {
        let style = window.text_style();
        let font_size = style.font_size.to_pixels(window.rem_size());
        let line_height = window.line_height();
        let shaped = window
            .text_system()
            .shape_text(text, font_size, runs, width, None)
            .unwrap_or_default();
        let mut lines = Vec::with_capacity(shaped.len());
        let (mut start, mut top) = (0, px(0.));
        for line in shaped {
            let height = line.size(line_height).height.max(line_height);
            let len = line.len();
            lines.push(AreaLine { line, start, top });
            start += len + 1;
            top += height;
        }
        AreaShape { lines, line_height }
    }

    pub(super) fn line_height(&self) -> Pixels {
        self.line_height
    }

    pub(super) fn height(&self) -> Pixels {
        self.lines
            .last()
            .map(|l| l.top + l.line.size(self.line_height).height.max(self.line_height))
            .unwrap_or(self.line_height)
    }

    fn line_of(&self, offset: usize) -> Option<&AreaLine> {
        self.lines.iter().rev().find(|l| l.start <= offset)
    }

    /// Where `offset` is drawn, from the top-left of the text.
    pub(super) fn position(&self, offset: usize) -> Point<Pixels> {
        let Some(line) = self.line_of(offset) else {
            return point(px(0.), px(0.));
        };
        let local = (offset - line.start).min(line.line.len());
        let at = line
            .line
            .position_for_index(local, self.line_height)
            .unwrap_or(point(px(0.), px(0.)));
        point(at.x, line.top + at.y)
    }

    /// The offset closest to `position` (from the top-left of the text).
    pub(super) fn index_at(&self, position: Point<Pixels>) -> usize {
        let Some(line) = self
            .lines
            .iter()
            .rev()
            .find(|l| l.top <= position.y)
            .or(self.lines.first())
        else {
            return 0;
        };
        let local = point(position.x.max(px(0.)), (position.y - line.top).max(px(0.)));
        let index = match line
            .line
            .closest_index_for_position(local, self.line_height)
        {
            Ok(i) | Err(i) => i,
        };
        line.start + index.min(line.line.len())
    }

    /// Rectangles covering `range`, one per visual row it touches.
    pub(super) fn selection_rects(&self, range: &Range<usize>) -> Vec<Bounds<Pixels>> {
        let mut rects = Vec::new();
        for line in &self.lines {
            let layout = &line.line.unwrapped_layout;
            let mut row_starts = vec![0];
            for boundary in line.line.wrap_boundaries() {
                row_starts.push(layout.runs[boundary.run_ix].glyphs[boundary.glyph_ix].index);
            }
            let end = line.start + line.line.len();
            for (row, &row_start) in row_starts.iter().enumerate() {
                let row_end = row_starts.get(row + 1).copied().unwrap_or(line.line.len());
                let (a, b) = (line.start + row_start, line.start + row_end);
                let from = range.start.max(a);
                let to = range.end.min(b);
                // A selection running on past this line also covers its newline.
                let past_end = range.end > end && b == end;
                if from > to || (from == to && !past_end) {
                    continue;
                }
                let origin_x = layout.x_for_index(row_start);
                let x0 = layout.x_for_index(from - line.start) - origin_x;
                let mut x1 = layout.x_for_index(to - line.start) - origin_x;
                if past_end {
                    x1 += px(6.);
                }
                let y = line.top + self.line_height * row as f32;
                rects.push(Bounds::from_corners(
                    point(x0, y),
                    point(x1, y + self.line_height),
                ));
            }
        }
        rects
    }

    pub(super) fn paint(&self, origin: Point<Pixels>, window: &mut Window, cx: &mut App) {
        for line in &self.lines {
            let at = point(origin.x, origin.y + line.top);
            if let Err(e) = line
                .line
                .paint(at, self.line_height, TextAlign::Left, None, window, cx)
            {
                tracing::warn!("cannot draw editor text: {e}");
            }
        }
    }
}
