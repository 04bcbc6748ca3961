//! Generators shared by the property tests (proptest): text that holds the
//! characters which break parsers and editors (quotes, backslashes, comment
//! markers, line breaks, NUL, combining marks, emoji sequences, multi-byte
//! letters) far more often than uniformly random Unicode would.

use proptest::prelude::*;

/// Characters special to some parser in skit, to UTF-8 offsets, or to Unicode
/// segmentation.
const AWKWARD: &str = concat!(
    // Quoting, escaping and comment syntax of the parsers here.
    "\"'\\/*$`%#=;{}[],:<>&-@",
    // Blanks, line breaks, control characters.
    "  \t\n\n\r\0\x1f\x7f\u{85}\u{a0}\u{2028}\u{feff}",
    // Characters that join their neighbours into one grapheme: a combining accent,
    // ZWJ and an emoji to join, a variation selector, regional indicators (flags),
    // Hangul jamo, an Arabic prepended mark, a Devanagari spacing mark.
    "\u{301}\u{200d}\u{1f468}\u{fe0f}\u{1f1e9}\u{1f1ea}\u{1100}\u{1161}\u{11a8}\u{600}\u{93f}",
    // Multi-byte letters, case mappings that change the length, the last code point.
    "éßİﬁ日本ア😀\u{10ffff}",
);

/// One character: mostly printable ASCII, often an awkward one, sometimes any.
pub(crate) fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        3 => proptest::sample::select(AWKWARD.chars().collect::<Vec<_>>()),
        2 => any::<char>(),
    ]
}

/// Up to `max` characters of [`any_char`].
pub fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), 0..=max).prop_map(String::from_iter)
}

/// [`text`] without the characters in `left_out`.
pub fn text_without(max: usize, left_out: &'static [char]) -> impl Strategy<Value = String> {
    text(max).prop_map(move |text| text.chars().filter(|c| !left_out.contains(c)).collect())
}

/// `cases` cases (or `PROPTEST_CASES`, to search longer by hand), and no failure
/// files written into the source tree: a failure a property finds becomes a plain
/// regression test next to it instead.
pub fn cases(cases: u32) -> ProptestConfig {
    let from_env = std::env::var("PROPTEST_CASES").ok();
    ProptestConfig {
        cases: from_env.and_then(|n| n.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
