//! The text input every prompt uses: the launcher query, `arg`, form fields and the
//! editor. Editing rules live in [`TextBuffer`]; this is the gpui entity around it:
//! key actions, the platform input handler (so input methods and dead keys work),
//! clipboard, mouse selection and drawing.
//!
//! Keys that have nothing to do in the input (Home at the start, End at the end)
//! propagate, so the list around the input can use them.

use std::ops::Range;

use gpui::{
    App, AvailableSpace, Bounds, ClipboardItem, Context, CursorStyle, Element, ElementId,
    ElementInputHandler, Entity, EntityInputHandler, EventEmitter, FocusHandle, Focusable,
    GlobalElementId, InspectorElementId, InteractiveElement, IntoElement, KeyBinding, LayoutId,
    MouseButton, MouseDownEvent, MouseMoveEvent, MouseUpEvent, PaintQuad, ParentElement, Pixels,
    Point, Render, ScrollHandle, ShapedLine, SharedString, Size, Style, Styled, TextAlign, TextRun,
    UTF16Selection, UnderlineStyle, Window, WrappedLine, actions, div, fill, point, px, relative,
    size,
};

use super::text_buffer::TextBuffer;
use super::theme::Theme;

actions!(
    text_input,
    [
        Backspace,
        Delete,
        DeleteWordLeft,
        DeleteWordRight,
        Left,
        Right,
        WordLeft,
        WordRight,
        SelectLeft,
        SelectRight,
        SelectWordLeft,
        SelectWordRight,
        SelectAll,
        Home,
        End,
        SelectToHome,
        SelectToEnd,
        Paste,
        Copy,
        Cut,
        MoveUp,
        MoveDown,
        SelectUp,
        SelectDown,
        Newline,
    ]
);

const CONTEXT: &str = "TextInput";

/// Binds the editing keys. Called once from the app's `init`.
pub fn init(cx: &mut App) {
    let context = Some(CONTEXT);
    cx.bind_keys([
        KeyBinding::new("backspace", Backspace, context),
        KeyBinding::new("shift-backspace", Backspace, context),
        KeyBinding::new("delete", Delete, context),
        KeyBinding::new("ctrl-backspace", DeleteWordLeft, context),
        KeyBinding::new("ctrl-w", DeleteWordLeft, context),
        KeyBinding::new("ctrl-delete", DeleteWordRight, context),
        KeyBinding::new("left", Left, context),
        KeyBinding::new("right", Right, context),
        KeyBinding::new("ctrl-left", WordLeft, context),
        KeyBinding::new("ctrl-right", WordRight, context),
        KeyBinding::new("shift-left", SelectLeft, context),
        KeyBinding::new("shift-right", SelectRight, context),
        KeyBinding::new("ctrl-shift-left", SelectWordLeft, context),
        KeyBinding::new("ctrl-shift-right", SelectWordRight, context),
        KeyBinding::new("ctrl-a", SelectAll, context),
        KeyBinding::new("home", Home, context),
        KeyBinding::new("end", End, context),
        KeyBinding::new("shift-home", SelectToHome, context),
        KeyBinding::new("shift-end", SelectToEnd, context),
        KeyBinding::new("ctrl-v", Paste, context),
        KeyBinding::new("shift-insert", Paste, context),
        KeyBinding::new("ctrl-c", Copy, context),
        KeyBinding::new("ctrl-insert", Copy, context),
        KeyBinding::new("ctrl-x", Cut, context),
    ]);
    // Only the multi-line input (the editor prompt) has lines to move between.
    let multiline = Some("TextInput && multiline");
    cx.bind_keys([
        KeyBinding::new("up", MoveUp, multiline),
        KeyBinding::new("down", MoveDown, multiline),
        KeyBinding::new("shift-up", SelectUp, multiline),
        KeyBinding::new("shift-down", SelectDown, multiline),
        KeyBinding::new("enter", Newline, multiline),
        KeyBinding::new("shift-enter", Newline, multiline),
    ]);
}

/// Emitted when the text changes (not when only the cursor moves).
#[derive(Clone, Debug)]
pub struct Changed;

pub struct TextInput {
    focus_handle: FocusHandle,
    buffer: TextBuffer,
    placeholder: SharedString,
    /// What was drawn last, for mouse hit-testing and the input method.
    last_layout: Option<ShapedLine>,
    last_area: Option<AreaLayout>,
    last_bounds: Option<Bounds<Pixels>>,
    /// Horizontal scroll, so the cursor of a long line stays visible.
    scroll_x: Pixels,
    /// The scrolling container of a multi-line input, kept on the cursor.
    scroll: Option<ScrollHandle>,
    /// The cursor moved since it was last scrolled into view.
    reveal_cursor: bool,
    selecting: bool,
}

impl EventEmitter<Changed> for TextInput {}

impl Focusable for TextInput {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus_handle.clone()
    }
}

impl TextInput {
    pub fn new(placeholder: impl Into<SharedString>, cx: &mut Context<Self>) -> TextInput {
        TextInput {
            focus_handle: cx.focus_handle(),
            buffer: TextBuffer::new("", false),
            placeholder: placeholder.into(),
            last_layout: None,
            last_area: None,
            last_bounds: None,
            scroll_x: px(0.),
            scroll: None,
            reveal_cursor: true,
            selecting: false,
        }
    }

    /// A multi-line input: Enter inserts a newline, Up/Down move between lines,
    /// long lines wrap. `scroll` is the container that scrolls it.
    pub fn multiline(
        placeholder: impl Into<SharedString>,
        scroll: ScrollHandle,
        cx: &mut Context<Self>,
    ) -> TextInput {
        let mut input = TextInput::new(placeholder, cx);
        input.buffer = TextBuffer::new("", true);
        input.scroll = Some(scroll);
        input
    }

    pub fn text(&self) -> &str {
        self.buffer.text()
    }

    pub fn buffer(&self) -> &TextBuffer {
        &self.buffer
    }

    /// Replaces the text (cursor at the end) and reports the change.
    pub fn set_text(&mut self, text: &str, cx: &mut Context<Self>) {
        if text != self.buffer.text() {
            self.buffer.set_text(text);
            cx.emit(Changed);
        } else {
            self.buffer.move_to(text.len());
        }
        cx.notify();
    }

    pub fn set_placeholder(
        &mut self,
        placeholder: impl Into<SharedString>,
        cx: &mut Context<Self>,
    ) {
        self.placeholder = placeholder.into();
        cx.notify();
    }

    /// Applies `edit` and reports a change when the text differs afterwards.
    fn edit(&mut self, cx: &mut Context<Self>, edit: impl FnOnce(&mut TextBuffer)) {
        let before = self.buffer.text().to_string();
        edit(&mut self.buffer);
        if before != self.buffer.text() {
            cx.emit(Changed);
        }
        self.reveal_cursor = true;
        cx.notify();
    }

    /// Moves the cursor, and notifies; returns false if nothing moved.
    fn motion(&mut self, cx: &mut Context<Self>, motion: impl FnOnce(&mut TextBuffer)) -> bool {
        let before = (self.buffer.selection(), self.buffer.is_reversed());
        motion(&mut self.buffer);
        let moved = before != (self.buffer.selection(), self.buffer.is_reversed());
        if moved {
            self.reveal_cursor = true;
            cx.notify();
        }
        moved
    }

    fn backspace(&mut self, _: &Backspace, _: &mut Window, cx: &mut Context<Self>) {
        self.edit(cx, TextBuffer::backspace);
    }

    fn delete(&mut self, _: &Delete, _: &mut Window, cx: &mut Context<Self>) {
        self.edit(cx, TextBuffer::delete);
    }

    fn delete_word_left(&mut self, _: &DeleteWordLeft, _: &mut Window, cx: &mut Context<Self>) {
        self.edit(cx, TextBuffer::delete_word_left);
    }

    fn delete_word_right(&mut self, _: &DeleteWordRight, _: &mut Window, cx: &mut Context<Self>) {
        self.edit(cx, TextBuffer::delete_word_right);
    }

    fn left(&mut self, _: &Left, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, TextBuffer::left);
    }

    fn right(&mut self, _: &Right, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, TextBuffer::right);
    }

    fn word_left(&mut self, _: &WordLeft, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.move_to(b.previous_word(b.cursor())));
    }

    fn word_right(&mut self, _: &WordRight, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.move_to(b.next_word(b.cursor())));
    }

    fn select_left(&mut self, _: &SelectLeft, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.previous_grapheme(b.cursor())));
    }

    fn select_right(&mut self, _: &SelectRight, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.next_grapheme(b.cursor())));
    }

    fn select_word_left(&mut self, _: &SelectWordLeft, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.previous_word(b.cursor())));
    }

    fn select_word_right(&mut self, _: &SelectWordRight, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.next_word(b.cursor())));
    }

    fn select_all(&mut self, _: &SelectAll, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, TextBuffer::select_all);
    }

    fn home(&mut self, _: &Home, _: &mut Window, cx: &mut Context<Self>) {
        if !self.motion(cx, |b| b.move_to(b.line_start(b.cursor()))) {
            cx.propagate();
        }
    }

    fn end(&mut self, _: &End, _: &mut Window, cx: &mut Context<Self>) {
        if !self.motion(cx, |b| b.move_to(b.line_end(b.cursor()))) {
            cx.propagate();
        }
    }

    fn select_to_home(&mut self, _: &SelectToHome, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.line_start(b.cursor())));
    }

    fn select_to_end(&mut self, _: &SelectToEnd, _: &mut Window, cx: &mut Context<Self>) {
        self.motion(cx, |b| b.select_to(b.line_end(b.cursor())));
    }

    fn paste(&mut self, _: &Paste, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(text) = cx.read_from_clipboard().and_then(|item| item.text()) {
            self.edit(cx, |b| b.insert(&text));
        }
    }

    fn copy(&mut self, _: &Copy, _: &mut Window, cx: &mut Context<Self>) {
        if self.buffer.selection().is_empty() {
            // Nothing selected: let the prompt around use Ctrl+C.
            cx.propagate();
            return;
        }
        cx.write_to_clipboard(ClipboardItem::new_string(
            self.buffer.selected_text().to_string(),
        ));
    }

    fn cut(&mut self, _: &Cut, _: &mut Window, cx: &mut Context<Self>) {
        if !self.buffer.selection().is_empty() {
            cx.write_to_clipboard(ClipboardItem::new_string(
                self.buffer.selected_text().to_string(),
            ));
            self.edit(cx, |b| b.replace(None, ""));
        }
    }

    fn newline(&mut self, _: &Newline, _: &mut Window, cx: &mut Context<Self>) {
        self.edit(cx, |b| b.insert("\n"));
    }

    /// The offset one visual line above (`-1`) or below (`1`) the cursor, keeping x.
    fn vertical(&self, direction: f32) -> Option<usize> {
        let area = self.last_area.as_ref()?;
        let position = area.position(self.buffer.cursor());
        let target = point(
            position.x,
            position.y + area.line_height * (direction + 0.5),
        );
        if target.y < px(0.) || target.y > area.height() {
            return Some(if direction < 0. {
                0
            } else {
                self.buffer.text().len()
            });
        }
        Some(area.index_at(target))
    }

    fn move_up(&mut self, _: &MoveUp, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(offset) = self.vertical(-1.) {
            self.motion(cx, |b| b.move_to(offset));
        }
    }

    fn move_down(&mut self, _: &MoveDown, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(offset) = self.vertical(1.) {
            self.motion(cx, |b| b.move_to(offset));
        }
    }

    fn select_up(&mut self, _: &SelectUp, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(offset) = self.vertical(-1.) {
            self.motion(cx, |b| b.select_to(offset));
        }
    }

    fn select_down(&mut self, _: &SelectDown, _: &mut Window, cx: &mut Context<Self>) {
        if let Some(offset) = self.vertical(1.) {
            self.motion(cx, |b| b.select_to(offset));
        }
    }

    fn on_mouse_down(
        &mut self,
        event: &MouseDownEvent,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) {
        window.focus(&self.focus_handle);
        self.selecting = true;
        let index = self.index_for_mouse(event.position);
        if event.modifiers.shift {
            self.motion(cx, |b| b.select_to(index));
        } else if event.click_count >= 2 {
            self.motion(cx, TextBuffer::select_all);
        } else {
            self.motion(cx, |b| b.move_to(index));
        }
    }

    fn on_mouse_up(&mut self, _: &MouseUpEvent, _: &mut Window, _: &mut Context<Self>) {
        self.selecting = false;
    }

    fn on_mouse_move(&mut self, event: &MouseMoveEvent, _: &mut Window, cx: &mut Context<Self>) {
        if self.selecting {
            let index = self.index_for_mouse(event.position);
            self.motion(cx, |b| b.select_to(index));
        }
    }

    fn index_for_mouse(&self, position: Point<Pixels>) -> usize {
        let Some(bounds) = self.last_bounds else {
            return 0;
        };
        if self.buffer.text().is_empty() {
            return 0;
        }
        if let Some(area) = &self.last_area {
            return area.index_at(position - bounds.origin);
        }
        match &self.last_layout {
            Some(line) => line.closest_index_for_x(position.x - bounds.left() + self.scroll_x),
            None => 0,
        }
    }
}

impl EntityInputHandler for TextInput {
    fn text_for_range(
        &mut self,
        range_utf16: Range<usize>,
        actual_range: &mut Option<Range<usize>>,
        _: &mut Window,
        _: &mut Context<Self>,
    ) -> Option<String> {
        let range = self.buffer.range_from_utf16(&range_utf16);
        actual_range.replace(self.buffer.range_to_utf16(&range));
        Some(self.buffer.text()[range].to_string())
    }

    fn selected_text_range(
        &mut self,
        _ignore_disabled_input: bool,
        _: &mut Window,
        _: &mut Context<Self>,
    ) -> Option<UTF16Selection> {
        Some(UTF16Selection {
            range: self.buffer.range_to_utf16(&self.buffer.selection()),
            reversed: self.buffer.is_reversed(),
        })
    }

    fn marked_text_range(&self, _: &mut Window, _: &mut Context<Self>) -> Option<Range<usize>> {
        self.buffer
            .marked
            .as_ref()
            .map(|range| self.buffer.range_to_utf16(range))
    }

    fn unmark_text(&mut self, _: &mut Window, _: &mut Context<Self>) {
        self.buffer.marked = None;
    }

    fn replace_text_in_range(
        &mut self,
        range_utf16: Option<Range<usize>>,
        new_text: &str,
        _: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let range = range_utf16.map(|r| self.buffer.range_from_utf16(&r));
        self.edit(cx, |b| b.replace(range, new_text));
    }

    fn replace_and_mark_text_in_range(
        &mut self,
        range_utf16: Option<Range<usize>>,
        new_text: &str,
        new_selected_range_utf16: Option<Range<usize>>,
        _: &mut Window,
        cx: &mut Context<Self>,
    ) {
        let range = range_utf16.map(|r| self.buffer.range_from_utf16(&r));
        // The selection inside the new text is in UTF-16 units of that text.
        let within = new_selected_range_utf16.map(|r| {
            let to_bytes = |units: usize| {
                let mut count = 0;
                for (i, c) in new_text.char_indices() {
                    if count >= units {
                        return i;
                    }
                    count += c.len_utf16();
                }
                new_text.len()
            };
            to_bytes(r.start)..to_bytes(r.end)
        });
        self.edit(cx, |b| b.replace_and_mark(range, new_text, within));
    }

    fn bounds_for_range(
        &mut self,
        range_utf16: Range<usize>,
        bounds: Bounds<Pixels>,
        _: &mut Window,
        _: &mut Context<Self>,
    ) -> Option<Bounds<Pixels>> {
        let range = self.buffer.range_from_utf16(&range_utf16);
        if let Some(area) = &self.last_area {
            let start = bounds.origin + area.position(range.start);
            let end = bounds.origin + area.position(range.end);
            return Some(Bounds::from_corners(
                start,
                point(end.x, end.y + area.line_height),
            ));
        }
        let line = self.last_layout.as_ref()?;
        let left = bounds.left() - self.scroll_x;
        Some(Bounds::from_corners(
            point(left + line.x_for_index(range.start), bounds.top()),
            point(left + line.x_for_index(range.end), bounds.bottom()),
        ))
    }

    fn character_index_for_point(
        &mut self,
        point: Point<Pixels>,
        _: &mut Window,
        _: &mut Context<Self>,
    ) -> Option<usize> {
        let bounds = self.last_bounds?;
        if let Some(area) = &self.last_area {
            return Some(self.buffer.to_utf16(area.index_at(point - bounds.origin)));
        }
        let line = self.last_layout.as_ref()?;
        let index = line.index_for_x(point.x - bounds.left() + self.scroll_x)?;
        Some(self.buffer.to_utf16(index))
    }
}

impl Render for TextInput {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let multiline = self.buffer.is_multiline();
        let body = if multiline {
            AreaElement { input: cx.entity() }.into_any_element()
        } else {
            LineElement { input: cx.entity() }.into_any_element()
        };
        div()
            .id("text-input")
            .key_context(if multiline {
                "TextInput multiline"
            } else {
                CONTEXT
            })
            .track_focus(&self.focus_handle)
            .cursor(CursorStyle::IBeam)
            .on_action(cx.listener(Self::backspace))
            .on_action(cx.listener(Self::delete))
            .on_action(cx.listener(Self::delete_word_left))
            .on_action(cx.listener(Self::delete_word_right))
            .on_action(cx.listener(Self::left))
            .on_action(cx.listener(Self::right))
            .on_action(cx.listener(Self::word_left))
            .on_action(cx.listener(Self::word_right))
            .on_action(cx.listener(Self::select_left))
            .on_action(cx.listener(Self::select_right))
            .on_action(cx.listener(Self::select_word_left))
            .on_action(cx.listener(Self::select_word_right))
            .on_action(cx.listener(Self::select_all))
            .on_action(cx.listener(Self::home))
            .on_action(cx.listener(Self::end))
            .on_action(cx.listener(Self::select_to_home))
            .on_action(cx.listener(Self::select_to_end))
            .on_action(cx.listener(Self::paste))
            .on_action(cx.listener(Self::copy))
            .on_action(cx.listener(Self::cut))
            .on_action(cx.listener(Self::newline))
            .on_action(cx.listener(Self::move_up))
            .on_action(cx.listener(Self::move_down))
            .on_action(cx.listener(Self::select_up))
            .on_action(cx.listener(Self::select_down))
            .on_mouse_down(MouseButton::Left, cx.listener(Self::on_mouse_down))
            .on_mouse_up(MouseButton::Left, cx.listener(Self::on_mouse_up))
            .on_mouse_up_out(MouseButton::Left, cx.listener(Self::on_mouse_up))
            .on_mouse_move(cx.listener(Self::on_mouse_move))
            .w_full()
            .overflow_hidden()
            .child(body)
    }
}

/// Draws one line of text with its selection, composition underline and cursor,
/// and registers the input handler for the platform.
struct LineElement {
    input: Entity<TextInput>,
}

struct LinePrepaint {
    line: ShapedLine,
    cursor: Option<PaintQuad>,
    selection: Option<PaintQuad>,
}

impl IntoElement for LineElement {
    type Element = Self;

    fn into_element(self) -> Self::Element {
        self
    }
}

impl Element for LineElement {
    type RequestLayoutState = ();
    type PrepaintState = LinePrepaint;

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
        style.size.height = window.line_height().into();
        (window.request_layout(style, [], cx), ())
    }

    fn prepaint(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        bounds: Bounds<Pixels>,
        _: &mut (),
        window: &mut Window,
        cx: &mut App,
    ) -> LinePrepaint {
        let theme = cx.global::<Theme>().clone();
        let input = self.input.read(cx);
        let buffer = input.buffer.clone();
        let placeholder = input.placeholder.clone();
        let mut scroll_x = input.scroll_x;
        let style = window.text_style();

        let (text, color): (SharedString, _) = if buffer.text().is_empty() {
            (placeholder, theme.text_placeholder.0)
        } else {
            (buffer.text().to_string().into(), style.color)
        };
        let run = TextRun {
            len: text.len(),
            font: style.font(),
            color,
            background_color: None,
            underline: None,
            strikethrough: None,
        };
        let runs = match &buffer.marked {
            Some(marked) if !buffer.text().is_empty() => [
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
            .collect(),
            _ => vec![run],
        };
        let font_size = style.font_size.to_pixels(window.rem_size());
        let line = window
            .text_system()
            .shape_line(text, font_size, &runs, None);

        // Keep the cursor inside the visible width.
        let cursor_x = if buffer.text().is_empty() {
            px(0.)
        } else {
            line.x_for_index(buffer.cursor())
        };
        let width = bounds.size.width - px(2.);
        if cursor_x - scroll_x > width {
            scroll_x = cursor_x - width;
        } else if cursor_x < scroll_x {
            scroll_x = cursor_x;
        }
        scroll_x = scroll_x.min((line.width - width).max(px(0.))).max(px(0.));
        if buffer.text().is_empty() {
            scroll_x = px(0.);
        }
        self.input.update(cx, |input, _| input.scroll_x = scroll_x);

        let left = bounds.left() - scroll_x;
        let selection_range = buffer.selection();
        let (selection, cursor) = if selection_range.is_empty() || buffer.text().is_empty() {
            let cursor = fill(
                Bounds::new(
                    point(left + cursor_x, bounds.top() + px(2.)),
                    size(px(2.), bounds.size.height - px(4.)),
                ),
                theme.cursor.0,
            );
            (None, Some(cursor))
        } else {
            let selection = fill(
                Bounds::from_corners(
                    point(left + line.x_for_index(selection_range.start), bounds.top()),
                    point(
                        left + line.x_for_index(selection_range.end),
                        bounds.bottom(),
                    ),
                ),
                theme.text_selection.0,
            );
            (Some(selection), None)
        };
        LinePrepaint {
            line,
            cursor,
            selection,
        }
    }

    fn paint(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        bounds: Bounds<Pixels>,
        _: &mut (),
        prepaint: &mut LinePrepaint,
        window: &mut Window,
        cx: &mut App,
    ) {
        let (focus_handle, scroll_x) = {
            let input = self.input.read(cx);
            (input.focus_handle.clone(), input.scroll_x)
        };
        window.handle_input(
            &focus_handle,
            ElementInputHandler::new(bounds, self.input.clone()),
            cx,
        );
        if let Some(selection) = prepaint.selection.take() {
            window.paint_quad(selection);
        }
        let origin = point(bounds.left() - scroll_x, bounds.top());
        if let Err(e) = prepaint
            .line
            .paint(origin, window.line_height(), window, cx)
        {
            tracing::warn!("cannot draw input text: {e}");
        }
        if focus_handle.is_focused(window)
            && let Some(cursor) = prepaint.cursor.take()
        {
            window.paint_quad(cursor);
        }
        let line = prepaint.line.clone();
        self.input.update(cx, |input, _| {
            input.last_layout = Some(line);
            input.last_bounds = Some(bounds);
        });
    }
}

/// A shaped multi-line text: one wrapped line per `\n`-separated line, stacked.
#[derive(Clone)]
struct AreaLayout {
    lines: Vec<AreaLine>,
    line_height: Pixels,
}

#[derive(Clone)]
struct AreaLine {
    line: WrappedLine,
    /// Byte offset of the line's first character in the text.
    start: usize,
    /// Top of the line, from the top of the text.
    top: Pixels,
}

impl AreaLayout {
    fn shape(
        text: &str,
        color: gpui::Hsla,
        width: Option<Pixels>,
        window: &mut Window,
    ) -> AreaLayout {
        let style = window.text_style();
        let font_size = style.font_size.to_pixels(window.rem_size());
        let line_height = window.line_height();
        let run = TextRun {
            len: text.len(),
            font: style.font(),
            color,
            background_color: None,
            underline: None,
            strikethrough: None,
        };
        let shaped = window
            .text_system()
            .shape_text(
                SharedString::from(text.to_string()),
                font_size,
                &[run],
                width,
                None,
            )
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
        AreaLayout { lines, line_height }
    }

    fn height(&self) -> Pixels {
        self.lines
            .last()
            .map(|l| l.top + l.line.size(self.line_height).height.max(self.line_height))
            .unwrap_or(self.line_height)
    }

    fn line_of(&self, offset: usize) -> Option<&AreaLine> {
        self.lines.iter().rev().find(|l| l.start <= offset)
    }

    /// Where `offset` is drawn, from the top-left of the text.
    fn position(&self, offset: usize) -> Point<Pixels> {
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
    fn index_at(&self, position: Point<Pixels>) -> usize {
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
    fn selection_rects(&self, range: &std::ops::Range<usize>) -> Vec<Bounds<Pixels>> {
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
                let past_end = range.end > end && b == line.line.len() + line.start;
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
}

/// Draws a multi-line input: wrapped lines, selection, cursor.
struct AreaElement {
    input: Entity<TextInput>,
}

impl IntoElement for AreaElement {
    type Element = Self;

    fn into_element(self) -> Self::Element {
        self
    }
}

impl Element for AreaElement {
    type RequestLayoutState = ();
    type PrepaintState = AreaLayout;

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
        let input = self.input.clone();
        let layout = window.request_measured_layout(style, move |known, available, window, cx| {
            let width = known.width.or(match available.width {
                AvailableSpace::Definite(width) => Some(width),
                _ => None,
            });
            let text = input.read(cx).buffer.text().to_string();
            let color = window.text_style().color;
            let area = AreaLayout::shape(&text, color, width, window);
            Size {
                width: width.unwrap_or(px(0.)),
                height: area.height(),
            }
        });
        let _ = cx;
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
    ) -> AreaLayout {
        let theme = cx.global::<Theme>().clone();
        let input = self.input.read(cx);
        let (text, color) = if input.buffer.text().is_empty() {
            (input.placeholder.to_string(), theme.text_placeholder.0)
        } else {
            (input.buffer.text().to_string(), window.text_style().color)
        };
        let area = AreaLayout::shape(&text, color, Some(bounds.size.width), window);
        // Keep the cursor inside the scrolling container after a key moved it.
        let cursor = if input.buffer.text().is_empty() {
            point(px(0.), px(0.))
        } else {
            area.position(input.buffer.cursor())
        };
        if let (true, Some(scroll)) = (input.reveal_cursor, input.scroll.clone()) {
            let view = scroll.bounds();
            let top = bounds.top() + cursor.y;
            let bottom = top + area.line_height;
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
        area
    }

    fn paint(
        &mut self,
        _: Option<&GlobalElementId>,
        _: Option<&InspectorElementId>,
        bounds: Bounds<Pixels>,
        _: &mut (),
        area: &mut AreaLayout,
        window: &mut Window,
        cx: &mut App,
    ) {
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
        if !selection.is_empty() && !buffer.text().is_empty() {
            for rect in area.selection_rects(&selection) {
                window.paint_quad(fill(
                    Bounds::new(bounds.origin + rect.origin, rect.size),
                    theme.text_selection.0,
                ));
            }
        }
        for line in &area.lines {
            let origin = point(bounds.left(), bounds.top() + line.top);
            if let Err(e) =
                line.line
                    .paint(origin, area.line_height, TextAlign::Left, None, window, cx)
            {
                tracing::warn!("cannot draw editor text: {e}");
            }
        }
        if focus_handle.is_focused(window) && selection.is_empty() {
            let at = if buffer.text().is_empty() {
                point(px(0.), px(0.))
            } else {
                area.position(buffer.cursor())
            };
            window.paint_quad(fill(
                Bounds::new(
                    point(bounds.left() + at.x, bounds.top() + at.y + px(2.)),
                    size(px(2.), area.line_height - px(4.)),
                ),
                theme.cursor.0,
            ));
        }
        let layout = area.clone();
        self.input.update(cx, |input, _| {
            input.last_area = Some(layout);
            input.last_bounds = Some(bounds);
        });
    }
}
