//! The text and selection of an input field and every edit on them, without any
//! drawing: one place that decides what Backspace, Ctrl+Backspace or Home do, so
//! every input in skit (the query, form fields, the editor) behaves the same.
//!
//! Offsets are byte offsets into the UTF-8 text, always on grapheme boundaries.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

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
            text.replace("\r\n", "\n")
        } else {
            text.replace("\r\n", " ").replace(['\n', '\r'], " ")
        }
    }

    /// Puts the cursor at `offset`, dropping the selection.
    pub(crate) fn move_to(&mut self, offset: usize) {
        let offset = offset.min(self.text.len());
        self.selection = offset..offset;
        self.reversed = false;
    }

    /// Moves the cursor to `offset`, keeping the other end of the selection.
    pub(crate) fn select_to(&mut self, offset: usize) {
        let offset = offset.min(self.text.len());
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
        let end = range.end.min(self.text.len());
        self.selection = range.start.min(end)..end;
        self.reversed = reversed;
    }

    pub(crate) fn select_all(&mut self) {
        self.selection = 0..self.text.len();
        self.reversed = false;
    }

    /// Replaces `range` (or the marked text, or the selection) with `new_text`
    /// and puts the cursor after it.
    pub(crate) fn replace(&mut self, range: Option<Range<usize>>, new_text: &str) {
        let range = range
            .or_else(|| self.marked.clone())
            .unwrap_or_else(|| self.selection.clone());
        let new_text = self.clean(new_text);
        self.text.replace_range(range.clone(), &new_text);
        self.move_to(range.start + new_text.len());
        self.marked = None;
    }

    /// Like [`TextBuffer::replace`] but marks the new text as being composed.
    pub(crate) fn replace_and_mark(
        &mut self,
        range: Option<Range<usize>>,
        new_text: &str,
        selected_within: Option<Range<usize>>,
    ) {
        let range = range
            .or_else(|| self.marked.clone())
            .unwrap_or_else(|| self.selection.clone());
        let new_text = self.clean(new_text);
        self.text.replace_range(range.clone(), &new_text);
        self.marked = (!new_text.is_empty()).then(|| range.start..range.start + new_text.len());
        match selected_within {
            Some(within) => {
                self.set_selection(range.start + within.start..range.start + within.end, false)
            }
            None => self.move_to(range.start + new_text.len()),
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
        self.text[..offset]
            .split_word_bound_indices()
            .rev()
            .find(|(_, word)| word.chars().any(char::is_alphanumeric))
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    /// The end of the word after `offset`.
    pub(crate) fn next_word(&self, offset: usize) -> usize {
        self.text[offset..]
            .split_word_bound_indices()
            .find(|(_, word)| word.chars().any(char::is_alphanumeric))
            .map(|(i, word)| offset + i + word.len())
            .unwrap_or(self.text.len())
    }

    /// Start of the line holding `offset`.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0)
    }

    /// End of the line holding `offset` (before its `\n`).
    pub(crate) fn line_end(&self, offset: usize) -> usize {
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

    pub(crate) fn range_from_utf16(&self, range: &Range<usize>) -> Range<usize> {
        self.byte_offset_of(range.start)..self.byte_offset_of(range.end)
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
