//! The text input every prompt uses: the launcher query, `arg`, form fields and the
//! editor. Editing rules live in [`TextBuffer`]; this is the gpui entity around it:
//! key actions, mouse selection, clipboard, and one element that draws either
//! [`Layout`]: a single scrolling line ([`line`]) or wrapped lines ([`area`]), with
//! the same selection and cursor painting. The platform's input handler (input
//! methods, dead keys) is in [`ime`].
//!
//! Keys that have nothing to do in the input (Home and Left at the start, End and
//! Right at the end, Backspace in an empty input) propagate, so the list or
//! prompt around the input can use them.
//!
//! A masked input (a password) draws one bullet a character and does not copy
//! or cut its text.

mod area;
mod element;
mod ime;
mod line;

use gpui::{
    App, Bounds, ClipboardItem, Context, CursorStyle, EventEmitter, FocusHandle, Focusable,
    InteractiveElement, IntoElement, MouseButton, MouseDownEvent, MouseMoveEvent, MouseUpEvent,
    ParentElement, Pixels, Point, Render, ScrollHandle, SharedString, Styled, Window, actions, div,
    point, px,
};

use super::text_buffer::TextBuffer;
use element::{Shape, TextElement};

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

pub(crate) const CONTEXT: &str = "TextInput";
/// The key context of a multi-line input (the editor, a textarea).
pub(crate) const AREA_CONTEXT: &str = "TextInput area";

/// Emitted when the text changes (not when only the cursor moves).
#[derive(Clone, Debug)]
pub(crate) struct Changed;

/// How an input lays out its text.
pub(crate) enum Layout {
    /// One line that scrolls sideways (the query, form fields).
    Line,
    /// Wrapped lines; Enter inserts a newline, Up/Down move between lines. The
    /// handle is the container that scrolls it, kept on the cursor.
    Area(ScrollHandle),
}

pub(crate) struct TextInput {
    focus_handle: FocusHandle,
    buffer: TextBuffer,
    placeholder: SharedString,
    layout: Layout,
    /// What was drawn last and where, for mouse hit-testing and the input method.
    drawn: Option<(Shape, Bounds<Pixels>)>,
    /// Horizontal scroll of a line, so the cursor of a long line stays visible.
    scroll_x: Pixels,
    /// The cursor moved since it was last scrolled into view.
    reveal_cursor: bool,
    selecting: bool,
    /// Drawn as bullets, never copied (a password).
    masked: bool,
}

impl EventEmitter<Changed> for TextInput {}

impl Focusable for TextInput {
    fn focus_handle(&self, _: &App) -> FocusHandle {
        self.focus_handle.clone()
    }
}

impl TextInput {
    /// A single-line input.
    pub(crate) fn new(placeholder: impl Into<SharedString>, cx: &mut Context<Self>) -> TextInput {
        TextInput::with_layout(placeholder, Layout::Line, cx)
    }

    /// A multi-line input: Enter inserts a newline, Up/Down move between lines,
    /// long lines wrap. `scroll` is the container that scrolls it.
    pub(crate) fn area(
        placeholder: impl Into<SharedString>,
        scroll: ScrollHandle,
        cx: &mut Context<Self>,
    ) -> TextInput {
        TextInput::with_layout(placeholder, Layout::Area(scroll), cx)
    }

    fn with_layout(
        placeholder: impl Into<SharedString>,
        layout: Layout,
        cx: &mut Context<Self>,
    ) -> TextInput {
        let multiline = matches!(layout, Layout::Area(_));
        TextInput {
            focus_handle: cx.focus_handle(),
            buffer: TextBuffer::new("", multiline),
            placeholder: placeholder.into(),
            layout,
            drawn: None,
            scroll_x: px(0.),
            reveal_cursor: true,
            selecting: false,
            masked: false,
        }
    }

    /// Draws the text as bullets and refuses to copy or cut it (a password).
    pub(crate) fn set_masked(&mut self, masked: bool, cx: &mut Context<Self>) {
        self.masked = masked;
        cx.notify();
    }

    /// The text as a user sees it: the text, or for a masked input one bullet a
    /// character (what `skit state` may say of a password).
    pub(crate) fn shown_text(&self) -> String {
        if self.masked {
            line::mask(self.buffer.text())
        } else {
            self.buffer.text().to_string()
        }
    }

    /// The text as last drawn: what a user sees (bullets for a masked input).
    /// `None` before the first frame, and for a multi-line input.
    #[cfg(feature = "test-support")]
    pub(crate) fn drawn_text(&self) -> Option<String> {
        let (shape, _) = self.drawn.as_ref()?;
        shape.text().map(str::to_string)
    }

    pub(crate) fn text(&self) -> &str {
        self.buffer.text()
    }

    pub(crate) fn set_placeholder(
        &mut self,
        placeholder: impl Into<SharedString>,
        cx: &mut Context<Self>,
    ) {
        self.placeholder = placeholder.into();
        cx.notify();
    }

    /// Replaces the text (cursor at the end) and reports the change.
    pub(crate) fn set_text(&mut self, text: &str, cx: &mut Context<Self>) {
        if text != self.buffer.text() {
            self.buffer.set_text(text);
            cx.emit(Changed);
        } else {
            self.buffer.move_to(text.len());
        }
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
        if self.buffer.text().is_empty() {
            // Nothing to delete: the prompt may use it (the path prompt goes up).
            return cx.propagate();
        }
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
        if !self.motion(cx, TextBuffer::left) {
            cx.propagate();
        }
    }

    fn right(&mut self, _: &Right, _: &mut Window, cx: &mut Context<Self>) {
        if !self.motion(cx, TextBuffer::right) {
            cx.propagate();
        }
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
        if self.buffer.selection().is_empty() || self.masked {
            // Nothing selected: let the prompt around use Ctrl+C.
            cx.propagate();
            return;
        }
        cx.write_to_clipboard(ClipboardItem::new_string(
            self.buffer.selected_text().to_string(),
        ));
    }

    fn cut(&mut self, _: &Cut, _: &mut Window, cx: &mut Context<Self>) {
        if !self.buffer.selection().is_empty() && !self.masked {
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
        let (shape, _) = self.drawn.as_ref()?;
        let position = shape.position(self.buffer.cursor());
        let line_height = shape.line_height();
        let target = point(position.x, position.y + line_height * (direction + 0.5));
        if target.y < px(0.) || target.y > shape.height() {
            return Some(if direction < 0. {
                0
            } else {
                self.buffer.text().len()
            });
        }
        Some(shape.index_at(target))
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
        window.focus(&self.focus_handle, cx);
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
        match &self.drawn {
            Some((shape, bounds)) if !self.buffer.text().is_empty() => {
                shape.index_at(position - bounds.origin)
            }
            _ => 0,
        }
    }
}

impl Render for TextInput {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        div()
            .id("text-input")
            .key_context(match self.layout {
                Layout::Line => CONTEXT,
                Layout::Area(_) => AREA_CONTEXT,
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
            .child(TextElement { input: cx.entity() })
    }
}
