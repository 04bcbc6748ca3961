//! Drawing an input in either layout: the text shaped as one line or wrapped
//! lines ([`Shape`]), then one element that paints the selection, the text and the
//! cursor the same way for both, and registers the input handler.

use std::ops::Range;

use gpui::{
    App, AvailableSpace, Bounds, Element, ElementId, ElementInputHandler, Entity, GlobalElementId,
    Hsla, InspectorElementId, IntoElement, LayoutId, Pixels, Point, SharedString, Size, Style,
    TextRun, UnderlineStyle, Window, fill, point, px, relative, size,
};

use super::area::AreaShape;
use super::line::{self, LineShape};
use super::{Layout, TextInput};
use crate::app::theme::Theme;

/// The text as shaped for drawing, in either layout.
pub(super) enum Shape {
    Line(Box<LineShape>),
    Area(AreaShape),
}

impl Shape {
    /// Shapes the input's text (or its placeholder) for a field `width` wide.
    fn new(input: &TextInput, width: Option<Pixels>, window: &mut Window, cx: &App) -> Shape {
        let theme = cx.global::<Theme>();
        let buffer = &input.buffer;
        let masked = (input.masked && !buffer.text().is_empty()).then(|| buffer.text().to_string());
        let (text, color): (SharedString, Hsla) = if buffer.text().is_empty() {
            (input.placeholder.clone(), theme.text_placeholder)
        } else if masked.is_some() {
            (line::mask(buffer.text()).into(), window.text_style().color)
        } else {
            (buffer.text().to_string().into(), window.text_style().color)
        };
        let marked = buffer.marked.as_ref().filter(|_| masked.is_none());
        let runs = runs(&text, color, marked, window);
        match &input.layout {
            Layout::Line => Shape::Line(Box::new(LineShape::new(
                text,
                &runs,
                if buffer.text().is_empty() {
                    0
                } else {
                    buffer.cursor()
                },
                input.scroll_x,
                width.unwrap_or(px(0.)),
                masked,
                window,
            ))),
            Layout::Area(_) => Shape::Area(AreaShape::new(text, &runs, width, window)),
        }
    }

    /// The text as drawn (bullets for a masked input; an area's is not kept).
    #[cfg(feature = "test-support")]
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Shape::Line(line) => Some(line.text()),
            Shape::Area(_) => None,
        }
    }

    pub(super) fn line_height(&self) -> Pixels {
        match self {
            Shape::Line(line) => line.line_height(),
            Shape::Area(area) => area.line_height(),
        }
    }

    pub(super) fn height(&self) -> Pixels {
        match self {
            Shape::Line(line) => line.height(),
            Shape::Area(area) => area.height(),
        }
    }

    /// Where `offset` is drawn, from the top-left of the input.
    pub(super) fn position(&self, offset: usize) -> Point<Pixels> {
        match self {
            Shape::Line(line) => line.position(offset),
            Shape::Area(area) => area.position(offset),
        }
    }

    /// The offset closest to `position` (from the top-left of the input).
    pub(super) fn index_at(&self, position: Point<Pixels>) -> usize {
        match self {
            Shape::Line(line) => line.index_at(position),
            Shape::Area(area) => area.index_at(position),
        }
    }

    /// The offset of the character under `position`, for the input method.
    pub(super) fn index_under(&self, position: Point<Pixels>) -> Option<usize> {
        match self {
            Shape::Line(line) => line.index_under(position),
            Shape::Area(area) => Some(area.index_at(position)),
        }
    }

    fn selection_rects(&self, range: &Range<usize>) -> Vec<Bounds<Pixels>> {
        match self {
            Shape::Line(line) => line.selection_rects(range),
            Shape::Area(area) => area.selection_rects(range),
        }
    }

    fn paint(&self, origin: Point<Pixels>, window: &mut Window, cx: &mut App) {
        match self {
            Shape::Line(line) => line.paint(origin, window, cx),
            Shape::Area(area) => area.paint(origin, window, cx),
        }
    }
}

/// The text runs of `text`: one colour, with the input method's composition
/// (`marked`) underlined.
fn runs(text: &str, color: Hsla, marked: Option<&Range<usize>>, window: &Window) -> Vec<TextRun> {
    let run = TextRun {
        len: text.len(),
        font: window.text_style().font(),
        color,
        background_color: None,
        underline: None,
        strikethrough: None,
    };
    let Some(marked) = marked.filter(|m| m.end <= text.len()) else {
        return vec![run];
    };
    [
        (0..marked.start, None),
        (
            marked.clone(),
            Some(UnderlineStyle {
                color: Some(color),
                thickness: px(1.),
                wavy: false,
            }),
        ),
        (marked.end..text.len(), None),
    ]
    .into_iter()
    .filter(|(range, _)| !range.is_empty())
    .map(|(range, underline)| TextRun {
        len: range.len(),
        underline,
        ..run.clone()
    })
    .collect()
}

/// Draws an input in either layout: selection, text, cursor; and registers the
/// input handler with the platform.
pub(super) struct TextElement {
    pub(super) input: Entity<TextInput>,
}

impl IntoElement for TextElement {
    type Element = Self;

    fn into_element(self) -> Self::Element {
        self
    }
}

impl Element for TextElement {
    type RequestLayoutState = ();
    type PrepaintState = Option<Shape>;

    fn id(&self) -> Option<ElementId> {
        None
    }

    fn source_location(&self) -> Option<&'static core::panic::Location<'static>> {
        None
    }

    fn request_layout(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        window: &mut Window,
        cx: &mut App,
    ) -> (LayoutId, ()) {
        let mut style = Style::default();
        style.size.width = relative(1.).into();
        if let Layout::Line = self.input.read(cx).layout {
            style.size.height = window.line_height().into();
            return (window.request_layout(style, [], cx), ());
        }
        // An area is as tall as its text wrapped at the width it gets.
        let input = self.input.clone();
        let layout = window.request_measured_layout(style, move |known, available, window, cx| {
            let width = known.width.or(match available.width {
                AvailableSpace::Definite(width) => Some(width),
                _ => None,
            });
            let height = Shape::new(input.read(cx), width, window, cx).height();
            Size {
                width: width.unwrap_or(px(0.)),
                height,
            }
        });
        (layout, ())
    }

    fn prepaint(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        bounds: Bounds<Pixels>,
        _: &mut (),
        window: &mut Window,
        cx: &mut App,
    ) -> Option<Shape> {
        let shape = Shape::new(self.input.read(cx), Some(bounds.size.width), window, cx);
        let input = self.input.read(cx);
        match (&shape, &input.layout) {
            (Shape::Line(line), _) => {
                let scroll_x = line.scroll_x();
                self.input.update(cx, |input, _| input.scroll_x = scroll_x);
            }
            (Shape::Area(area), Layout::Area(scroll)) if input.reveal_cursor => {
                // Keep the cursor inside the scrolling container after a key moved it.
                let cursor = area.position(input.buffer.cursor());
                let view = scroll.bounds();
                let top = bounds.top() + cursor.y;
                let bottom = top + area.line_height();
                let mut offset = scroll.offset();
                if top < view.top() {
                    offset.y += view.top() - top;
                } else if bottom > view.bottom() {
                    offset.y -= bottom - view.bottom();
                }
                if offset != scroll.offset() {
                    scroll.set_offset(offset);
                    window.refresh();
                }
                self.input
                    .update(cx, |input, _| input.reveal_cursor = false);
            }
            _ => {}
        }
        Some(shape)
    }

    fn paint(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        bounds: Bounds<Pixels>,
        _: &mut (),
        shape: &mut Option<Shape>,
        window: &mut Window,
        cx: &mut App,
    ) {
        let Some(shape) = shape.take() else { return };
        let theme = cx.global::<Theme>().clone();
        let (focus_handle, buffer) = {
            let input = self.input.read(cx);
            (input.focus_handle.clone(), input.buffer.clone())
        };
        window.handle_input(
            &focus_handle,
            ElementInputHandler::new(bounds, self.input.clone()),
            cx,
        );
        let selection = buffer.selection();
        let empty = buffer.text().is_empty();
        if !selection.is_empty() && !empty {
            for rect in shape.selection_rects(&selection) {
                window.paint_quad(fill(
                    Bounds::new(bounds.origin + rect.origin, rect.size),
                    theme.text_selection,
                ));
            }
        }
        shape.paint(bounds.origin, window, cx);
        if focus_handle.is_focused(window) && selection.is_empty() {
            let at = shape.position(if empty { 0 } else { buffer.cursor() });
            window.paint_quad(fill(
                Bounds::new(
                    point(bounds.left() + at.x, bounds.top() + at.y + px(2.)),
                    size(px(2.), shape.line_height() - px(4.)),
                ),
                theme.cursor,
            ));
        }
        self.input
            .update(cx, |input, _| input.drawn = Some((shape, bounds)));
    }
}
