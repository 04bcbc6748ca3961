//! The text and selection of an input field and every edit on them, without any
//! drawing: one place that decides what Backspace, Ctrl+Backspace or Home do, so
//! every input in skit (the query, form fields, the editor) behaves the same.
//!
//! Offsets are byte offsets into the UTF-8 text. The cursor and the selection are
//! always on grapheme boundaries: an offset from outside (a click, an input
//! method's range) is moved to the boundary at or before it, and after an edit
//! that joins the new text with its neighbours into one grapheme (an accent typed
//! before a combining mark, a flag's second half) the cursor goes after that
//! grapheme.

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextBuffer {
    text: String,
    /// Selected bytes; empty means a cursor at `selection.start`.
    selection: Range<usize>,
    /// The cursor is at the start of the selection (it was made leftwards).
    reversed: bool,
    /// Text being composed by an input method, shown underlined.
    pub(crate) marked: Option<Range<usize>>,
    /// Whether `\n` may be inserted (the editor) or is turned into a space.
    multiline: bool,
}

impl TextBuffer {
    pub(crate) fn new(text: &str, multiline: bool) -> TextBuffer {
        let mut buffer = TextBuffer {
            multiline,
            ..TextBuffer::default()
        };
        buffer.set_text(text);
        buffer
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn selection(&self) -> Range<usize> {
        self.selection.clone()
    }

    pub(crate) fn is_reversed(&self) -> bool {
        self.reversed
    }

    /// Where the cursor is: the moving end of the selection.
    pub(crate) fn cursor(&self) -> usize {
        if self.reversed {
            self.selection.start
        } else {
            self.selection.end
        }
    }

    pub(crate) fn selected_text(&self) -> &str {
        &self.text[self.selection.clone()]
    }

    /// Replaces all text, cursor at the end.
    pub(crate) fn set_text(&mut self, text: &str) {
        self.text = self.clean(text);
        self.selection = self.text.len()..self.text.len();
        self.reversed = false;
        self.marked = None;
    }

    fn clean(&self, text: &str) -> String {
        if self.multiline {
            // A lone `\r` too: kept, it would join a `\n` typed after it into one
            // grapheme, and the end of that line would be inside it.
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.replace("\r\n", " ").replace(['\n', '\r'], " ")
        }
    }

    /// Puts the cursor at `offset`, dropping the selection.
    pub(crate) fn move_to(&mut self, offset: usize) {
        let offset = self.boundary_at_or_before(offset);
        self.selection = offset..offset;
        self.reversed = false;
    }

    /// Moves the cursor to `offset`, keeping the other end of the selection.
    pub(crate) fn select_to(&mut self, offset: usize) {
        let offset = self.boundary_at_or_before(offset);
        let anchor = if self.reversed {
            self.selection.end
        } else {
            self.selection.start
        };
        if offset < anchor {
            self.selection = offset..anchor;
            self.reversed = true;
        } else {
            self.selection = anchor..offset;
            self.reversed = false;
        }
    }

    /// Sets the selection directly (from the input method or the mouse).
    pub(crate) fn set_selection(&mut self, range: Range<usize>, reversed: bool) {
        let end = self.boundary_at_or_before(range.end);
        self.selection = self.boundary_at_or_before(range.start.min(end))..end;
        self.reversed = reversed;
    }

    pub(crate) fn select_all(&mut self) {
        self.selection = 0..self.text.len();
        self.reversed = false;
    }

    /// Replaces `range` (or the marked text, or the selection) with `new_text`
    /// and puts the cursor after it.
    pub(crate) fn replace(&mut self, range: Option<Range<usize>>, new_text: &str) {
        let range = self.edit_range(range);
        let new_text = self.clean(new_text);
        self.text.replace_range(range.clone(), &new_text);
        self.cursor_after(range.start + new_text.len());
        self.marked = None;
    }

    /// Like [`TextBuffer::replace`] but marks the new text as being composed.
    pub(crate) fn replace_and_mark(
        &mut self,
        range: Option<Range<usize>>,
        new_text: &str,
        selected_within: Option<Range<usize>>,
    ) {
        let range = self.edit_range(range);
        let new_text = self.clean(new_text);
        self.text.replace_range(range.clone(), &new_text);
        self.marked = (!new_text.is_empty()).then(|| range.start..range.start + new_text.len());
        match selected_within {
            Some(within) => {
                self.set_selection(range.start + within.start..range.start + within.end, false)
            }
            None => self.cursor_after(range.start + new_text.len()),
        }
    }

    /// The bytes an edit replaces: `range` (an input method's, on character
    /// boundaries but possibly reversed or past the end), else the marked text,
    /// else the selection; made a valid range of the text.
    fn edit_range(&self, range: Option<Range<usize>>) -> Range<usize> {
        let range = range
            .or_else(|| self.marked.clone())
            .unwrap_or_else(|| self.selection.clone());
        let (start, end) = (range.start.min(range.end), range.start.max(range.end));
        let end = self.text.floor_char_boundary(end);
        self.text.floor_char_boundary(start)..end
    }

    /// Puts the cursor at the end of new text that ends at `offset`: after the
    /// grapheme it ends in, when it joined the text after it into one.
    fn cursor_after(&mut self, offset: usize) {
        let offset = if self.is_boundary(offset) {
            offset
        } else {
            self.next_grapheme(offset)
        };
        self.selection = offset..offset;
        self.reversed = false;
    }

    fn is_boundary(&self, offset: usize) -> bool {
        self.text.is_char_boundary(offset)
            && GraphemeCursor::new(offset, self.text.len(), true)
                .is_boundary(&self.text, 0)
                .unwrap_or(false)
    }

    /// `offset` within the text, moved back to a grapheme boundary.
    fn boundary_at_or_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if self.is_boundary(offset) {
            offset
        } else {
            self.previous_grapheme(offset)
        }
    }

    /// Inserts typed text at the cursor (replacing the selection).
    pub(crate) fn insert(&mut self, text: &str) {
        self.replace(None, text);
    }

    pub(crate) fn backspace(&mut self) {
        if self.selection.is_empty() {
            self.select_to(self.previous_grapheme(self.cursor()));
        }
        self.replace(None, "");
    }

    pub(crate) fn delete(&mut self) {
        if self.selection.is_empty() {
            self.select_to(self.next_grapheme(self.cursor()));
        }
        self.replace(None, "");
    }

    pub(crate) fn delete_word_left(&mut self) {
        if self.selection.is_empty() {
            self.select_to(self.previous_word(self.cursor()));
        }
        self.replace(None, "");
    }

    pub(crate) fn delete_word_right(&mut self) {
        if self.selection.is_empty() {
            self.select_to(self.next_word(self.cursor()));
        }
        self.replace(None, "");
    }

    /// Left arrow: to the selection's start, or one grapheme left.
    pub(crate) fn left(&mut self) {
        if self.selection.is_empty() {
            self.move_to(self.previous_grapheme(self.cursor()));
        } else {
            self.move_to(self.selection.start);
        }
    }

    pub(crate) fn right(&mut self) {
        if self.selection.is_empty() {
            self.move_to(self.next_grapheme(self.cursor()));
        } else {
            self.move_to(self.selection.end);
        }
    }

    pub(crate) fn previous_grapheme(&self, offset: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .rev()
            .find_map(|(i, _)| (i < offset).then_some(i))
            .unwrap_or(0)
    }

    pub(crate) fn next_grapheme(&self, offset: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .find_map(|(i, _)| (i > offset).then_some(i))
            .unwrap_or(self.text.len())
    }

    /// The start of the word before `offset` (skipping spaces and punctuation first).
    pub(crate) fn previous_word(&self, offset: usize) -> usize {
        let offset = self.boundary_at_or_before(offset);
        let start = self.text[..offset]
            .split_word_bound_indices()
            .rev()
            .find(|(_, word)| word.chars().any(char::is_alphanumeric))
            .map(|(i, _)| i)
            .unwrap_or(0);
        // Word boundaries can fall inside a grapheme (after a prepended mark).
        self.boundary_at_or_before(start)
    }

    /// The end of the word after `offset`.
    pub(crate) fn next_word(&self, offset: usize) -> usize {
        let offset = self.boundary_at_or_before(offset);
        let end = self.text[offset..]
            .split_word_bound_indices()
            .find(|(_, word)| word.chars().any(char::is_alphanumeric))
            .map(|(i, word)| offset + i + word.len())
            .unwrap_or(self.text.len());
        if self.is_boundary(end) {
            end
        } else {
            self.next_grapheme(end)
        }
    }

    /// Start of the line holding `offset`.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        let offset = self.boundary_at_or_before(offset);
        self.text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0)
    }

    /// End of the line holding `offset` (before its `\n`).
    pub(crate) fn line_end(&self, offset: usize) -> usize {
        let offset = self.boundary_at_or_before(offset);
        self.text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(self.text.len())
    }

    /// Byte offset ↔ UTF-16 offset, for the platform input handler.
    pub(crate) fn utf16_offset(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .encode_utf16()
            .count()
    }

    pub(crate) fn byte_offset_of(&self, offset: usize) -> usize {
        byte_offset(&self.text, offset)
    }

    pub(crate) fn range_to_utf16(&self, range: &Range<usize>) -> Range<usize> {
        self.utf16_offset(range.start)..self.utf16_offset(range.end)
    }

    /// A UTF-16 range as bytes, start first even when the platform gave it
    /// reversed.
    pub(crate) fn range_from_utf16(&self, range: &Range<usize>) -> Range<usize> {
        let (start, end) = (
            self.byte_offset_of(range.start),
            self.byte_offset_of(range.end),
        );
        start.min(end)..start.max(end)
    }
}

/// The byte offset in `text` of UTF-16 offset `units` (the platform's text
/// offsets are UTF-16); past the end gives the text's length.
pub(crate) fn byte_offset(text: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer(text: &str) -> TextBuffer {
        TextBuffer::new(text, false)
    }

    #[test]
    fn typing_replaces_the_selection() {
        let mut b = buffer("hello world");
        b.select_all();
        b.insert("bye");
        assert_eq!(b.text(), "bye");
        assert_eq!(b.cursor(), 3);
    }

    #[test]
    fn backspace_and_delete_work_on_graphemes() {
        let mut b = buffer("ae\u{301}😀");
        b.backspace();
        assert_eq!(b.text(), "ae\u{301}");
        b.backspace();
        assert_eq!(b.text(), "a");
        b.move_to(0);
        b.delete();
        assert_eq!(b.text(), "");
        b.backspace();
        assert_eq!(b.text(), "");
    }

    #[test]
    fn word_deletion() {
        let mut b = buffer("open git-hub  ");
        b.delete_word_left();
        assert_eq!(b.text(), "open git-");
        b.delete_word_left();
        assert_eq!(b.text(), "open ");
        b.delete_word_left();
        assert_eq!(b.text(), "");
        let mut b = buffer("one two");
        b.move_to(0);
        b.delete_word_right();
        assert_eq!(b.text(), " two");
    }

    #[test]
    fn selection_extends_both_ways() {
        let mut b = buffer("abcd");
        b.move_to(2);
        b.select_to(0);
        assert_eq!(b.selection(), 0..2);
        assert!(b.is_reversed());
        b.select_to(4);
        assert_eq!(b.selection(), 2..4);
        assert_eq!(b.selected_text(), "cd");
        b.left();
        assert_eq!(b.cursor(), 2);
    }

    #[test]
    fn single_line_inputs_turn_newlines_into_spaces() {
        let mut b = buffer("");
        b.insert("a\nb\r\nc");
        assert_eq!(b.text(), "a b c");
        let mut m = TextBuffer::new("", true);
        m.insert("a\r\nb");
        assert_eq!(m.text(), "a\nb");
        assert_eq!(m.line_start(3), 2);
        assert_eq!(m.line_end(0), 1);
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let b = buffer("a😀b");
        assert_eq!(b.utf16_offset(5), 3);
        assert_eq!(b.byte_offset_of(3), 5);
        assert_eq!(b.range_from_utf16(&(0..4)), 0..6);
    }

    #[test]
    fn offsets_from_outside_land_on_grapheme_boundaries() {
        // Found by the property tests; each of these once left the cursor or the
        // selection inside a character or a grapheme, or panicked.
        let mut b = buffer("a\u{800} a");
        b.move_to(2); // a click inside a three-byte character
        assert_eq!(b.cursor(), 1);
        b.insert("x");
        assert_eq!(b.text(), "ax\u{800} a");
        let mut b = buffer("a\u{301}");
        b.select_to(1); // a drag into "a" and its accent
        assert_eq!((b.selection(), b.selected_text()), (0..3, "a\u{301}"));
        b.set_selection(1..1, false);
        assert_eq!(b.selection(), 0..0);
        // An input method's range given end first.
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 2..1;
        let mut b = buffer("abc");
        b.replace(Some(backwards.clone()), "X");
        assert_eq!((b.text(), b.cursor()), ("aXc", 2));
        assert_eq!(b.range_from_utf16(&backwards), 1..2);
    }

    #[test]
    fn text_that_joins_its_neighbours_puts_the_cursor_after_the_grapheme() {
        let mut b = buffer("\u{301}x");
        b.move_to(0);
        b.insert("e"); // "é": the accent was already there
        assert_eq!((b.text(), b.cursor()), ("e\u{301}x", 3));
        let mut b = buffer("\u{1f1e9}x\u{1f1ea}");
        b.move_to(5);
        b.backspace(); // the two halves of a flag meet
        assert_eq!((b.text(), b.cursor()), ("\u{1f1e9}\u{1f1ea}", 8));
        // A lone carriage return would join a newline typed after it.
        let mut m = TextBuffer::new("a", true);
        m.insert("\r");
        m.insert("\n");
        assert_eq!(m.text(), "a\n\n");
        assert_eq!(m.line_end(1), 1);
        // A word can end inside a grapheme: here after an Arabic number sign,
        // which joins the quote after it.
        assert_eq!(buffer("a\u{600}\"").next_word(0), 4);
    }

    #[test]
    fn composition_marks_and_commits() {
        let mut b = buffer("x");
        b.replace_and_mark(None, "´", None);
        assert_eq!(b.marked, Some(1..3));
        b.replace(None, "é");
        assert_eq!(b.text(), "xé");
        assert_eq!(b.marked, None);
        assert_eq!(b.cursor(), 3);
    }
}

/// Property tests: any sequence of edits, with offsets from anywhere (the mouse,
/// an input method's UTF-16 ranges), keeps the cursor and the selection on
/// grapheme boundaries inside the text.
#[cfg(test)]
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text};
    use proptest::prelude::*;

    /// One thing the user, the mouse or an input method does. Offsets are taken
    /// modulo a little more than the text's length when applied.
    #[derive(Clone, Debug)]
    enum Edit {
        Type(String),
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
        Home,
        End,
        SelectHome,
        SelectEnd,
        SelectAll,
        /// A click (or a vertical move) at an offset.
        Click(usize),
        /// A shift-click or a drag to an offset.
        Drag(usize),
        /// The input method sets the selection, in UTF-16 units.
        ImeSelect(usize, usize, bool),
        /// The input method replaces a UTF-16 range (or the marked text / selection).
        ImeReplace(Option<(usize, usize)>, String),
        /// The input method composes text, with a selection inside it.
        ImeMark(Option<(usize, usize)>, String, Option<(usize, usize)>),
        Unmark,
        SetText(String),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let offset = || 0usize..64;
        let range = || proptest::option::of((0usize..64, 0usize..64));
        prop_oneof![
            8 => text(6).prop_map(Edit::Type),
            2 => Just(Edit::Backspace),
            2 => Just(Edit::Delete),
            1 => Just(Edit::DeleteWordLeft),
            1 => Just(Edit::DeleteWordRight),
            2 => Just(Edit::Left),
            2 => Just(Edit::Right),
            1 => Just(Edit::WordLeft),
            1 => Just(Edit::WordRight),
            1 => Just(Edit::SelectLeft),
            1 => Just(Edit::SelectRight),
            1 => Just(Edit::SelectWordLeft),
            1 => Just(Edit::SelectWordRight),
            1 => Just(Edit::Home),
            1 => Just(Edit::End),
            1 => Just(Edit::SelectHome),
            1 => Just(Edit::SelectEnd),
            1 => Just(Edit::SelectAll),
            2 => offset().prop_map(Edit::Click),
            2 => offset().prop_map(Edit::Drag),
            1 => (offset(), offset(), any::<bool>()).prop_map(|(a, b, r)| Edit::ImeSelect(a, b, r)),
            2 => (range(), text(4)).prop_map(|(r, t)| Edit::ImeReplace(r, t)),
            2 => (range(), text(4), range()).prop_map(|(r, t, w)| Edit::ImeMark(r, t, w)),
            1 => Just(Edit::Unmark),
            1 => text(12).prop_map(Edit::SetText),
        ]
    }

    fn apply(b: &mut TextBuffer, edit: &Edit) {
        let wrap = |b: &TextBuffer, offset: usize| offset % (b.text().len() + 3);
        let utf16 = |b: &TextBuffer, (x, y): (usize, usize)| {
            let len = b.utf16_offset(b.text().len()) + 2;
            b.range_from_utf16(&(x % len..y % len))
        };
        match edit {
            Edit::Type(text) => b.insert(text),
            Edit::Backspace => b.backspace(),
            Edit::Delete => b.delete(),
            Edit::DeleteWordLeft => b.delete_word_left(),
            Edit::DeleteWordRight => b.delete_word_right(),
            Edit::Left => b.left(),
            Edit::Right => b.right(),
            Edit::WordLeft => b.move_to(b.previous_word(b.cursor())),
            Edit::WordRight => b.move_to(b.next_word(b.cursor())),
            Edit::SelectLeft => b.select_to(b.previous_grapheme(b.cursor())),
            Edit::SelectRight => b.select_to(b.next_grapheme(b.cursor())),
            Edit::SelectWordLeft => b.select_to(b.previous_word(b.cursor())),
            Edit::SelectWordRight => b.select_to(b.next_word(b.cursor())),
            Edit::Home => b.move_to(b.line_start(b.cursor())),
            Edit::End => b.move_to(b.line_end(b.cursor())),
            Edit::SelectHome => b.select_to(b.line_start(b.cursor())),
            Edit::SelectEnd => b.select_to(b.line_end(b.cursor())),
            Edit::SelectAll => b.select_all(),
            Edit::Click(offset) => b.move_to(wrap(b, *offset)),
            Edit::Drag(offset) => b.select_to(wrap(b, *offset)),
            Edit::ImeSelect(x, y, reversed) => {
                let range = utf16(b, (*x, *y));
                b.set_selection(range, *reversed);
            }
            Edit::ImeReplace(range, text) => {
                let range = range.map(|r| utf16(b, r));
                b.replace(range, text);
            }
            Edit::ImeMark(range, text, within) => {
                let range = range.map(|r| utf16(b, r));
                let within = within.map(|(x, y)| byte_offset(text, x)..byte_offset(text, y));
                b.replace_and_mark(range, text, within);
            }
            Edit::Unmark => b.marked = None,
            Edit::SetText(text) => b.set_text(text),
        }
    }

    fn is_boundary(text: &str, offset: usize) -> bool {
        offset == text.len() || text.grapheme_indices(true).any(|(i, _)| i == offset)
    }

    fn check(b: &TextBuffer) -> Result<(), TestCaseError> {
        let (text, selection) = (b.text(), b.selection());
        prop_assert!(selection.start <= selection.end && selection.end <= text.len());
        prop_assert!(
            is_boundary(text, selection.start),
            "start {:?} in {:?}",
            selection,
            text
        );
        prop_assert!(
            is_boundary(text, selection.end),
            "end {:?} in {:?}",
            selection,
            text
        );
        prop_assert_eq!(b.selected_text(), &text[selection]);
        if let Some(marked) = &b.marked {
            prop_assert!(
                text.get(marked.clone()).is_some(),
                "marked {:?} in {:?}",
                marked,
                text
            );
        }
        if b.multiline {
            prop_assert!(!text.contains('\r'), "{:?}", text);
        } else {
            prop_assert!(!text.contains(['\n', '\r']), "{:?}", text);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_edits_keep_the_selection_on_grapheme_boundaries(
            start in text(10),
            multiline in any::<bool>(),
            edits in proptest::collection::vec(edit(), 1..25),
        ) {
            let mut b = TextBuffer::new(&start, multiline);
            check(&b)?;
            for (i, edit) in edits.iter().enumerate() {
                apply(&mut b, edit);
                check(&b).map_err(|e| TestCaseError::fail(format!("after {:?}: {e}", &edits[..=i])))?;
            }
        }

        #[test]
        fn motions_stop_on_grapheme_boundaries(start in text(16), offset in 0usize..40) {
            let b = TextBuffer::new(&start, true);
            let offset = offset % (b.text().len() + 1);
            for stop in [
                b.previous_word(offset),
                b.next_word(offset),
                b.previous_grapheme(offset),
                b.next_grapheme(offset),
                b.line_start(offset),
                b.line_end(offset),
            ] {
                prop_assert!(is_boundary(b.text(), stop), "{} in {:?}", stop, b.text());
            }
        }

        #[test]
        fn typing_inserts_at_the_cursor(
            start in text(10),
            click in 0usize..16,
            typed in text(6),
        ) {
            let mut b = TextBuffer::new(&start, true);
            b.move_to(click % (b.text().len() + 1));
            let cursor = b.cursor();
            let before = b.text().to_string();
            b.insert(&typed);
            let typed = typed.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(b.text(), format!("{}{typed}{}", &before[..cursor], &before[cursor..]));
            prop_assert!(b.cursor() >= cursor + typed.len());
        }
    }
}
