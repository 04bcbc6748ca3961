//! Which rows `skit dmenu` lists for a query, and in what order: rofi 1.7.3's
//! dmenu matching (`-matching`, `-i`, `-tokenize`, `-matching-negate-char`) and
//! ordering (`-sort`, `-sorting-method`), as observed on the real `rofi -dmenu`
//! and checked in the tests below.
//!
//! A pure function of the rows and the query: no gpui, no I/O. The query is
//! compiled once ([`Matching::compile`]) and then tested against each row.
//!
//! Not for: skit's own launcher search (that is `crate::search`, fuzzy-ranked),
//! reading the options off the command line (`dmenu.rs`), removing pango markup
//! or splitting row options (`rows.rs`: the caller hands in the text to match),
//! or highlighting the matched characters. `-normalize-match` (é matches e) is
//! not reproduced.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

/// How rofi matches a query against the rows of `rofi -dmenu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// `-matching`.
    pub(crate) method: Method,
    /// `-i` (and skit's `-case-smart`, which rofi 1.7.3 does not have).
    pub(crate) case: Case,
    /// `-tokenize` / `-no-tokenize`: match each space-separated word of the query on
    /// its own, all of them, in any order.
    pub(crate) tokenize: bool,
    /// `-matching-negate-char`: a word (the whole query without `tokenize`)
    /// starting with it keeps the rows that do *not* match the rest of it. `None`
    /// when set to `\0`; see [`parse_negate_char`].
    pub(crate) negate_char: Option<char>,
    /// `-sort`: order the rows by [`Matching::sorting`] rather than input order.
    pub(crate) sort: bool,
    /// `-sorting-method`.
    pub(crate) sorting: Sorting,
}

/// `-matching`: how one word of the query is turned into a pattern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Method {
    /// `normal`: the word is found anywhere in the row, as it is.
    #[default]
    Normal,
    /// `regex`: the word is a regular expression, found anywhere in the row; one
    /// that does not compile is matched as plain text instead. rofi's are PCRE,
    /// these the `regex` crate's: the common syntax is the same, but look-around
    /// and backreferences (`foo(?!bar)`, `(a)\1`) do not compile here, so they
    /// fall back to plain text where rofi would use them.
    Regex,
    /// `glob`: `*` is any run of characters, `?` one non-space character; found
    /// anywhere in the row (not anchored).
    Glob,
    /// `fuzzy`: the word's characters appear in the row in order, with anything
    /// between them.
    Fuzzy,
    /// `prefix`: the word is found at the start of a word of the row (after a
    /// Unicode word boundary).
    Prefix,
}

/// Whether letter case matters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Case {
    /// What `rofi -dmenu` does without `-i`, whatever `-[no-]case-sensitive` says:
    /// `rofi -dmenu` sets case-sensitive itself, and only `-i` (anywhere on the
    /// command line, before or after `-case-sensitive`) turns it off.
    #[default]
    Sensitive,
    /// `-i`: simple Unicode case folding (`é` matches `É`, `ß` does not match `SS`).
    Insensitive,
    /// `-case-smart` of later rofi versions (1.7.3 ignores the flag): sensitive
    /// when the query has an uppercase letter, else insensitive.
    Smart,
}

/// `-sorting-method`: how `-sort` ranks the matching rows (best first; rows that
/// rank the same keep their input order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Sorting {
    /// `levenshtein` (or `normal`): the edit distance between the whole query, as
    /// typed, and the whole row, in characters.
    #[default]
    Levenshtein,
    /// `fzf`: rofi's fzf-like score of the query's characters found in order in
    /// the row (word starts, camelCase humps and runs score higher, gaps lower).
    Fzf,
}

impl Default for Matching {
    /// `rofi -dmenu` without options: substring, case-sensitive, tokenized, `-`
    /// negates, input order.
    fn default() -> Self {
        Matching {
            method: Method::Normal,
            case: Case::Sensitive,
            tokenize: true,
            negate_char: Some('-'),
            sort: false,
            sorting: Sorting::Levenshtein,
        }
    }
}

impl Method {
    /// The value of `-matching`, spelled exactly as rofi wants it (rofi refuses
    /// any other, with an error dialog).
    pub(crate) fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "normal" => Method::Normal,
            "regex" => Method::Regex,
            "glob" => Method::Glob,
            "fuzzy" => Method::Fuzzy,
            "prefix" => Method::Prefix,
            _ => return None,
        })
    }
}

impl Sorting {
    /// The value of `-sorting-method`: `levenshtein` or its older name `normal`,
    /// or `fzf` (rofi refuses any other, with an error dialog).
    pub(crate) fn parse(s: &str) -> Option<Sorting> {
        Some(match s {
            "normal" | "levenshtein" => Sorting::Levenshtein,
            "fzf" => Sorting::Fzf,
            _ => return None,
        })
    }
}

/// The value of `-matching-negate-char`, read as rofi reads it: one ASCII
/// character, or an escape (`\t`, `\n`, `\\`, ..., `\xHH`); `\0` (or `\x0`) turns
/// negation off (`None`). Anything else (`''`, `ab`, a non-ASCII character) makes
/// rofi warn and use a newline, which no typed query starts with.
pub(crate) fn parse_negate_char(arg: &str) -> Option<char> {
    let bytes = arg.as_bytes();
    let c = match bytes {
        [c] => *c,
        [b'\\', e] if b"nabtvfr\\0".contains(e) => match e {
            b'n' => b'\n',
            b'a' => 0x07,
            b'b' => 0x08,
            b't' => b'\t',
            b'v' => 0x0b,
            b'f' => 0x0c,
            b'r' => b'\r',
            b'\\' => b'\\',
            _ => 0,
        },
        [b'\\', b'x', hex @ ..] if !hex.is_empty() => {
            // strtol: the leading hex digits, 0 without any; cast to a C char.
            let digits = hex.iter().take_while(|b| b.is_ascii_hexdigit()).count();
            let value = std::str::from_utf8(&hex[..digits])
                .ok()
                .and_then(|h| u64::from_str_radix(h, 16).ok());
            match value {
                // No digits: strtol gives 0, which turns negation off.
                None if digits == 0 => 0,
                Some(v) if v <= 0x7f => v as u8,
                // A byte past ASCII would only ever match half a UTF-8
                // character: treat it as off.
                _ => return None,
            }
        }
        _ => b'\n',
    };
    (c != 0).then_some(c as char)
}

/// One row as rofi's interactive dmenu view matches and sorts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// What the query's words are matched against: the row's text, with its pango
    /// markup removed under `-markup-rows`. `None` when that markup does not
    /// parse: rofi then leaves the row out of every non-empty query's results.
    pub text: Option<&'a str>,
    /// The row's `meta` option: a word that is not in `text` may be here instead,
    /// and a negated word must be in neither.
    pub meta: Option<&'a str>,
    /// What `-sort` ranks: the text as rofi formats it for display, i.e. the raw
    /// row text (markup included) or its `-display-columns`.
    pub sort_key: &'a str,
}

impl<'a> Candidate<'a> {
    /// A row without markup or meta: matched and ranked on `text`.
    pub(crate) fn plain(text: &'a str) -> Self {
        Candidate {
            text: Some(text),
            meta: None,
            sort_key: text,
        }
    }
}

impl Matching {
    /// Compiles `query` (as typed, or `-filter`) for testing many rows.
    pub fn compile(&self, query: &str) -> Query {
        let case_sensitive = match self.case {
            Case::Sensitive => true,
            Case::Insensitive => false,
            Case::Smart => query.chars().any(char::is_uppercase),
        };
        let words: Vec<&str> = if query.is_empty() {
            Vec::new()
        } else if self.tokenize {
            // Split on the space character only: a tab stays inside a word.
            query.split(' ').filter(|w| !w.is_empty()).collect()
        } else {
            vec![query]
        };
        let words = words
            .into_iter()
            .map(|word| self.compile_word(word, case_sensitive))
            .collect();
        let sorting = (self.sort && !query.is_empty()).then_some(self.sorting);
        let pattern = query
            .chars()
            .map(|c| {
                if case_sensitive {
                    c
                } else {
                    simple_lowercase(c)
                }
            })
            .collect();
        Query {
            everything: query.is_empty(),
            words,
            case_sensitive,
            sorting,
            pattern,
        }
    }

    fn compile_word(&self, word: &str, case_sensitive: bool) -> Word {
        let (negated, word) = match self.negate_char.and_then(|c| word.strip_prefix(c)) {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let pattern = match self.method {
            Method::Normal | Method::Regex => regex::escape(word),
            Method::Glob => glob_to_regex(word),
            Method::Fuzzy => fuzzy_to_regex(word),
            Method::Prefix => format!(r"\b{}", regex::escape(word)),
        };
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(!case_sensitive)
                .build()
                .ok()
        };
        let regex = match self.method {
            // A regex that does not compile is matched as plain text.
            Method::Regex => build(word).or_else(|| build(&pattern)),
            _ => build(&pattern),
        };
        Word { regex, negated }
    }

    /// Indices of `texts` that match `query`, in the order rofi lists them: input
    /// order, or by [`Matching::sorting`] with [`Matching::sort`]. Each text is
    /// both matched and ranked (for rows with meta, markup or display columns, see
    /// `filter_candidates`).
    ///
    /// This is also what `rofi -dmenu -dump` prints, given the raw row texts and
    /// `sort: false`: `-dump` matches the text as read (markup and all, meta
    /// ignored) and never sorts.
    pub(crate) fn filter<'a>(
        &self,
        texts: impl IntoIterator<Item = &'a str>,
        query: &str,
    ) -> Vec<usize> {
        let texts: Vec<&str> = texts.into_iter().collect();
        self.filter_by(&texts, query, |text| Candidate::plain(text))
    }

    /// Indices of `rows` that match `query`, in the order rofi's dmenu view lists
    /// them, each row seen through `candidate`. Long lists are split across the
    /// CPUs, as rofi does.
    pub fn filter_by<'a, T: Sync>(
        &self,
        rows: &'a [T],
        query: &str,
        candidate: impl Fn(&'a T) -> Candidate<'a> + Sync,
    ) -> Vec<usize> {
        let query = self.compile(query);
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(rows.len() / ROWS_PER_THREAD)
            .max(1);
        let chunk = rows.len().div_ceil(threads).max(1);
        let scan = |query: &Query, start: usize, rows: &'a [T]| {
            let mut scratch = Scratch::default();
            let mut hits: Vec<(i64, usize)> = Vec::new();
            for (ix, row) in rows.iter().enumerate() {
                let row = candidate(row);
                if query.matches_candidate(row.text, row.meta) {
                    hits.push((query.score_with(row.sort_key, &mut scratch), start + ix));
                }
            }
            hits
        };
        let mut hits = if threads == 1 {
            scan(&query, 0, rows)
        } else {
            std::thread::scope(|scope| {
                let scan = &scan;
                let parts: Vec<_> = rows
                    .chunks(chunk)
                    .enumerate()
                    .map(|(n, part)| {
                        // A clone per thread: each regex clone has its own cache,
                        // where sharing one makes the threads queue for it.
                        let query = query.clone();
                        scope.spawn(move || scan(&query, n * chunk, part))
                    })
                    .collect();
                parts
                    .into_iter()
                    .flat_map(|part| part.join().expect("filter thread panicked"))
                    .collect()
            })
        };
        if query.sorts() {
            // Stable, as glib's g_qsort_with_data: equal scores keep input order.
            hits.sort_by_key(|&(score, _)| score);
        }
        hits.into_iter().map(|(_, ix)| ix).collect()
    }
}

/// A query compiled by [`Matching::compile`].
#[derive(Clone, Debug)]
pub struct Query {
    /// The empty query: every row, in input order.
    everything: bool,
    /// The query's words (one, the whole query, without tokenize); a row matches
    /// when it matches all of them.
    words: Vec<Word>,
    case_sensitive: bool,
    /// How to rank the matches; `None` when they keep input order.
    sorting: Option<Sorting>,
    /// The whole query, lowercased when case does not matter: what rows are ranked
    /// against (negation characters, spaces and all, as rofi does).
    pattern: Vec<char>,
}

/// One word of a query.
#[derive(Clone, Debug)]
struct Word {
    /// `None` when even the plain-text pattern does not compile (a query too long
    /// for the regex engine's limits): then no row has the word.
    regex: Option<Regex>,
    /// Started with the negation character: rows must not match the rest.
    negated: bool,
}

impl Word {
    fn found_in(&self, text: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }
}

impl Query {
    /// Whether `text` matches: has every word, and none of the negated ones.
    pub fn matches(&self, text: &str) -> bool {
        self.matches_candidate(Some(text), None)
    }

    /// Whether a row with this match text and meta matches (see [`Candidate`]).
    pub(crate) fn matches_candidate(&self, text: Option<&str>, meta: Option<&str>) -> bool {
        if self.everything {
            return true;
        }
        let Some(text) = text else {
            return false;
        };
        self.words.iter().all(|word| {
            let found = word.found_in(text) || meta.is_some_and(|meta| word.found_in(meta));
            found != word.negated
        })
    }

    /// Whether [`Matching::sort`] applies to this query (it does not to the empty
    /// query).
    pub(crate) fn sorts(&self) -> bool {
        self.sorting.is_some()
    }

    fn score_with(&self, sort_key: &str, scratch: &mut Scratch) -> i64 {
        match self.sorting {
            None => 0,
            Some(Sorting::Levenshtein) => i64::from(levenshtein(
                &self.pattern,
                sort_key,
                self.case_sensitive,
                &mut scratch.column,
            )),
            Some(Sorting::Fzf) => i64::from(fzf_score(
                &self.pattern,
                sort_key,
                self.case_sensitive,
                scratch,
            )),
        }
    }
}

/// Buffers reused across the rows of one filter.
#[derive(Default)]
struct Scratch {
    column: Vec<u32>,
    chars: Vec<char>,
    score: Vec<i32>,
    dp: Vec<i32>,
    classes: HashMap<char, CharClass>,
}

/// `*` any run of characters, `?` one non-space character, the rest as it is.
fn glob_to_regex(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        match c {
            '*' => out.push_str(".*"),
            '?' => out.push_str(r"\S"),
            c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// The word's characters in order, anything between them.
fn fuzzy_to_regex(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 4);
    for (i, c) in word.chars().enumerate() {
        if i > 0 {
            out.push_str(".*?");
        }
        out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
    }
    out
}

/// glib's `g_unichar_tolower`: the simple (one character) lowercase mapping.
fn simple_lowercase(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // İ's full mapping is i + combining dot; its simple one is i.
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

/// The edit distance (insert, delete, substitute one character) between the
/// query and the whole row, comparing lowercased characters when case does not
/// matter. `needle` is already lowercased then.
fn levenshtein(
    needle: &[char],
    haystack: &str,
    case_sensitive: bool,
    column: &mut Vec<u32>,
) -> u32 {
    column.clear();
    column.extend(0..=needle.len() as u32);
    for (x, hc) in haystack.chars().enumerate() {
        let x = x as u32 + 1;
        let hc = if case_sensitive {
            hc
        } else {
            simple_lowercase(hc)
        };
        column[0] = x;
        let mut last_diagonal = x - 1;
        for (y, &nc) in needle.iter().enumerate() {
            let y = y + 1;
            let old_diagonal = column[y];
            column[y] = (column[y] + 1)
                .min(column[y - 1] + 1)
                .min(last_diagonal + u32::from(nc != hc));
            last_diagonal = old_diagonal;
        }
    }
    column[needle.len()]
}

/// Below this many rows per CPU, [`Matching::filter_by`] stays on one thread.
const ROWS_PER_THREAD: usize = 50_000;

/// Rows longer than this (in characters) are not scored by fzf: they go last.
const FZF_MAX_LENGTH: usize = 256;
const MIN_SCORE: i32 = i32::MIN / 2;
const LEADING_GAP_SCORE: i32 = -4;
const GAP_SCORE: i32 = -5;
const WORD_START_SCORE: i32 = 50;
const NON_WORD_SCORE: i32 = 40;
const CAMEL_SCORE: i32 = WORD_START_SCORE + GAP_SCORE - 1;
const CONSECUTIVE_SCORE: i32 = WORD_START_SCORE + GAP_SCORE;
const PATTERN_START_MULTIPLIER: i32 = 2;
const PATTERN_NON_START_MULTIPLIER: i32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharClass {
    Lower,
    Upper,
    Digit,
    NonWord,
}

/// glib's general categories: Ll, Lu, Nd, anything else. Non-ASCII letters are
/// looked up once per filter in `cache`.
fn char_class(c: char, cache: &mut HashMap<char, CharClass>) -> CharClass {
    static CLASSES: LazyLock<[Regex; 3]> = LazyLock::new(|| {
        [r"\p{Ll}", r"\p{Lu}", r"\p{Nd}"].map(|p| Regex::new(p).expect("valid class"))
    });
    if c.is_ascii() {
        return match c {
            'a'..='z' => CharClass::Lower,
            'A'..='Z' => CharClass::Upper,
            '0'..='9' => CharClass::Digit,
            _ => CharClass::NonWord,
        };
    }
    if !c.is_alphanumeric() {
        return CharClass::NonWord;
    }
    *cache.entry(c).or_insert_with(|| {
        let mut buf = [0; 4];
        let text: &str = c.encode_utf8(&mut buf);
        let [lower, upper, digit] = &*CLASSES;
        if lower.is_match(text) {
            CharClass::Lower
        } else if upper.is_match(text) {
            CharClass::Upper
        } else if digit.is_match(text) {
            CharClass::Digit
        } else {
            CharClass::NonWord
        }
    })
}

/// What matching a character of this class right after one of `prev` is worth.
fn transition_score(prev: CharClass, cur: CharClass) -> i32 {
    use CharClass::*;
    if prev == NonWord && cur != NonWord {
        WORD_START_SCORE
    } else if (prev == Lower && cur == Upper) || (prev != Digit && cur == Digit) {
        CAMEL_SCORE
    } else if cur == NonWord {
        NON_WORD_SCORE
    } else {
        0
    }
}

/// glib's `g_unichar_isspace`: Unicode space separators and the ASCII
/// whitespace controls (not U+0085).
fn is_glib_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{85}'
}

/// rofi's fzf-like score, negated so that lower ranks first: the best alignment of
/// the query's characters (spaces skipped, each word's first character counting
/// double) in order in the row. Rows without such an alignment, empty rows and
/// rows over [`FZF_MAX_LENGTH`] characters get about `-MIN_SCORE`, i.e. last.
fn fzf_score(pattern: &[char], text: &str, case_sensitive: bool, scratch: &mut Scratch) -> i32 {
    let Scratch {
        chars,
        score,
        dp,
        classes,
        ..
    } = scratch;
    chars.clear();
    chars.extend(text.chars().take(FZF_MAX_LENGTH + 1));
    if chars.len() > FZF_MAX_LENGTH {
        return -MIN_SCORE;
    }
    score.clear();
    let mut prev = CharClass::NonWord;
    for &c in chars.iter() {
        let cur = char_class(c, classes);
        score.push(transition_score(prev, cur));
        prev = cur;
    }
    dp.clear();
    dp.resize(chars.len(), MIN_SCORE);
    if !case_sensitive {
        for c in chars.iter_mut() {
            *c = simple_lowercase(*c);
        }
    }
    let mut first = true;
    let mut word_start = true;
    // Carried over from the end of one pattern character's row to the start of
    // the next, as rofi does.
    let (mut upper_left, mut upper_lefts) = (0, 0);
    for &pc in pattern {
        if is_glib_space(pc) {
            word_start = true;
            continue;
        }
        let mut lefts = MIN_SCORE;
        for si in 0..chars.len() {
            let left = dp[si];
            lefts = (lefts + GAP_SCORE).max(left);
            dp[si] = if pc == chars[si] {
                let multiplier = if word_start {
                    PATTERN_START_MULTIPLIER
                } else {
                    PATTERN_NON_START_MULTIPLIER
                };
                let t = score[si] * multiplier;
                if first {
                    LEADING_GAP_SCORE * si as i32 + t
                } else {
                    (upper_left + CONSECUTIVE_SCORE).max(upper_lefts + t)
                }
            } else {
                MIN_SCORE
            };
            upper_left = left;
            upper_lefts = lefts;
        }
        first = false;
        word_start = false;
    }
    let best = dp
        .iter()
        .fold(MIN_SCORE, |lefts, &d| (lefts + GAP_SCORE).max(d));
    -best
}

/// Ways into the module that only the tests take (the window uses
/// [`Matching::filter_by`] and [`Matching::compile`]).
#[cfg(test)]
impl Matching {
    /// Indices of `rows` that match `query`, in the order rofi's dmenu view lists
    /// them.
    pub(crate) fn filter_candidates<'a>(
        &self,
        rows: impl IntoIterator<Item = Candidate<'a>>,
        query: &str,
    ) -> Vec<usize> {
        let rows: Vec<Candidate<'a>> = rows.into_iter().collect();
        self.filter_by(&rows, query, |row| *row)
    }

    /// Whether `text` matches `query` (`-select`, `-auto-select`, `-dump`: the raw
    /// text, no meta). Compiles the query each call: for many rows, [`compile`] it
    /// once and ask the [`Query`].
    ///
    /// [`compile`]: Matching::compile
    pub(crate) fn matches(&self, text: &str, query: &str) -> bool {
        self.compile(query).matches(text)
    }
}

#[cfg(test)]
impl Query {
    /// The rank of a matching row with this sort key under `-sort`: lower comes
    /// first. 0 when the query does not sort.
    pub(crate) fn score(&self, sort_key: &str) -> i64 {
        self.score_with(sort_key, &mut Scratch::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every `// printf ... | rofi ...` comment is a run of rofi 1.7.3 (Debian
    // bookworm) under Xvfb. `-dump` prints the matches without a window, but only
    // as `-dump` does (raw text, no meta, never sorted); orders with `-sort`, meta
    // and markup were read off the interactive view (`-format i`, Down × k, Return).

    fn rows(matching: &Matching, texts: &[&str], query: &str) -> Vec<String> {
        matching
            .filter(texts.iter().copied(), query)
            .into_iter()
            .map(|ix| texts[ix].to_string())
            .collect()
    }

    fn dmenu() -> Matching {
        Matching::default()
    }

    #[test]
    fn defaults_are_rofi_dmenus() {
        let m = dmenu();
        assert_eq!(m.method, Method::Normal);
        assert_eq!(m.case, Case::Sensitive);
        assert!(m.tokenize);
        assert_eq!(m.negate_char, Some('-'));
        assert!(!m.sort);
        assert_eq!(m.sorting, Sorting::Levenshtein);
    }

    #[test]
    fn case_sensitive_unless_i() {
        let texts = ["Apple", "banana", "APPLE pie"];
        // printf 'Apple\nbanana\nAPPLE pie\n' | rofi -dmenu -filter a -dump → banana
        assert_eq!(rows(&dmenu(), &texts, "a"), ["banana"]);
        // ... -filter A -dump → Apple, APPLE pie
        assert_eq!(rows(&dmenu(), &texts, "A"), ["Apple", "APPLE pie"]);
        // ... -filter a -no-case-sensitive -dump → banana (dmenu overrides it)
        // ... -filter a -i -dump → Apple, banana, APPLE pie; the same with
        // `-i -case-sensitive` and `-case-sensitive -i`: -i wins wherever it is.
        let i = Matching {
            case: Case::Insensitive,
            ..dmenu()
        };
        assert_eq!(rows(&i, &texts, "a"), texts);
        assert_eq!(rows(&i, &texts, "A"), texts);
    }

    #[test]
    fn smart_case_is_sensitive_only_with_an_uppercase_letter() {
        // rofi 1.7.3 has no -case-smart: `-filter a -case-smart -dump` → banana.
        // This is the smart case of later rofi versions.
        let smart = Matching {
            case: Case::Smart,
            ..dmenu()
        };
        let texts = ["Apple", "banana", "APPLE pie"];
        assert_eq!(rows(&smart, &texts, "a"), texts);
        assert_eq!(rows(&smart, &texts, "A"), ["Apple", "APPLE pie"]);
        assert_eq!(rows(&smart, &texts, "PPLE"), ["APPLE pie"]);
        assert_eq!(rows(&smart, &["École", "école"], "é"), ["École", "école"]);
        assert_eq!(rows(&smart, &["École", "école"], "É"), ["École"]);
    }

    #[test]
    fn words_match_separately_in_any_order() {
        let texts = [
            "red apple",
            "green apple",
            "red cherry",
            "apple-red",
            "appleton",
        ];
        // printf 'red apple\ngreen apple\nred cherry\napple-red\nappleton\n' |
        //   rofi -dmenu -filter 'apple red' -dump → red apple, apple-red
        assert_eq!(
            rows(&dmenu(), &texts, "apple red"),
            ["red apple", "apple-red"]
        );
        // ... -filter 'red  apple' (two spaces) → the same
        assert_eq!(
            rows(&dmenu(), &texts, " red  apple "),
            ["red apple", "apple-red"]
        );
        // ... -filter 'red apple' -no-tokenize → red apple; 'apple red' → nothing
        let whole = Matching {
            tokenize: false,
            ..dmenu()
        };
        assert_eq!(rows(&whole, &texts, "red apple"), ["red apple"]);
        assert!(rows(&whole, &texts, "apple red").is_empty());
        // printf 'a\tb\nb a\nab\n' | rofi -dmenu -filter "$(printf 'a\tb')" -dump
        //   → a<TAB>b: only the space separates words
        assert_eq!(rows(&dmenu(), &["a\tb", "b a", "ab"], "a\tb"), ["a\tb"]);
    }

    #[test]
    fn empty_and_blank_queries_list_everything_in_input_order() {
        let texts = ["abcdef", "a", "ab  ", "xyz"];
        assert_eq!(rows(&dmenu(), &texts, ""), texts);
        // printf 'abc\na\nab  \n' | rofi -dmenu -filter '  ' -dump → all three
        assert_eq!(rows(&dmenu(), &texts, "  "), texts);
        let sort = Matching {
            sort: true,
            ..dmenu()
        };
        assert_eq!(rows(&sort, &texts, ""), texts);
        // printf 'abcdef\na\nab  \nxyz\n' | rofi -dmenu -filter '  ' -sort
        //   → a, ab␠␠, xyz, abcdef: no word to match, but the blanks still rank
        assert_eq!(rows(&sort, &texts, "  "), ["a", "ab  ", "xyz", "abcdef"]);
    }

    #[test]
    fn a_leading_dash_excludes() {
        let texts = [
            "red apple",
            "green apple",
            "red cherry",
            "apple-red",
            "appleton",
        ];
        // printf 'red apple\ngreen apple\nred cherry\napple-red\nappleton\n' |
        //   rofi -dmenu -filter 'apple -red' -dump → green apple, appleton
        assert_eq!(
            rows(&dmenu(), &texts, "apple -red"),
            ["green apple", "appleton"]
        );
        // ... -filter '-red' -no-tokenize → green apple, appleton (still negated)
        let whole = Matching {
            tokenize: false,
            ..dmenu()
        };
        assert_eq!(rows(&whole, &texts, "-red"), ["green apple", "appleton"]);
        // ... -filter '-' → nothing, and 'apple -' → nothing: "not the empty
        // string" matches no row
        assert!(rows(&dmenu(), &texts, "-").is_empty());
        assert!(rows(&dmenu(), &texts, "apple -").is_empty());
        // ... -filter 'red-' → nothing: only a leading dash negates
        assert!(rows(&dmenu(), &texts, "red-").is_empty());
    }

    #[test]
    fn the_negation_character_can_be_changed_or_disabled() {
        let texts = [
            "red apple",
            "green apple",
            "red cherry",
            "apple-red",
            "!red",
        ];
        // printf 'red apple\ngreen apple\nred cherry\napple-red\n!red\n' |
        //   rofi -dmenu -matching-negate-char '!' -filter '-red' -dump → apple-red
        //   ... -filter '!red' → green apple
        let bang = Matching {
            negate_char: parse_negate_char("!"),
            ..dmenu()
        };
        assert_eq!(rows(&bang, &texts, "-red"), ["apple-red"]);
        assert_eq!(rows(&bang, &texts, "!red"), ["green apple"]);
        // ... -matching-negate-char '\0' -filter '-red' → apple-red; '!red' → !red
        let off = Matching {
            negate_char: parse_negate_char(r"\0"),
            ..dmenu()
        };
        assert_eq!(off.negate_char, None);
        assert_eq!(rows(&off, &texts, "-red"), ["apple-red"]);
        assert_eq!(rows(&off, &texts, "!red"), ["!red"]);
        // '\x21' is '!'; '' and 'ab' warn "Failed to parse character string" and
        // negate nothing typed (a newline); '\t' is a tab.
        assert_eq!(parse_negate_char(r"\x21"), Some('!'));
        assert_eq!(parse_negate_char(""), Some('\n'));
        assert_eq!(parse_negate_char("ab"), Some('\n'));
        assert_eq!(parse_negate_char(r"\t"), Some('\t'));
        assert_eq!(parse_negate_char("-"), Some('-'));
        assert_eq!(parse_negate_char("¬"), Some('\n'));
    }

    const METHOD_ROWS: [&str; 9] = [
        "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "FOOBAR", "fo(o", "x-foo", "éfoo",
    ];

    fn method(method: Method) -> Matching {
        Matching { method, ..dmenu() }
    }

    // printf 'foo.bar\nfooXbar\nbarfoo\nfoo bar\nfoobar\nFOOBAR\nfo(o\nx-foo\néfoo\n' |
    //   rofi -dmenu -matching M -filter Q -dump, for each M and Q below.

    #[test]
    fn normal_matching_is_a_plain_substring() {
        let m = method(Method::Normal);
        assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
        for q in ["fb", "^foo", "f*r", "f?o", "b.r$"] {
            assert!(rows(&m, &METHOD_ROWS, q).is_empty(), "{q}");
        }
        assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
        assert_eq!(
            rows(&m, &METHOD_ROWS, "foo"),
            [
                "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "x-foo", "éfoo"
            ]
        );
        assert_eq!(Method::parse("normal"), Some(Method::Normal));
    }

    #[test]
    fn regex_matching_searches_and_falls_back_to_text() {
        let m = method(Method::Regex);
        assert_eq!(Method::parse("regex"), Some(Method::Regex));
        // -filter foo.bar → foo.bar, fooXbar, foo bar (one word: no space in it)
        assert_eq!(
            rows(&m, &METHOD_ROWS, "foo.bar"),
            ["foo.bar", "fooXbar", "foo bar"]
        );
        // -filter '^foo' → foo.bar, fooXbar, foo bar, foobar
        assert_eq!(
            rows(&m, &METHOD_ROWS, "^foo"),
            ["foo.bar", "fooXbar", "foo bar", "foobar"]
        );
        // -filter 'b.r$' → foo.bar, fooXbar, foo bar, foobar
        assert_eq!(
            rows(&m, &METHOD_ROWS, "b.r$"),
            ["foo.bar", "fooXbar", "foo bar", "foobar"]
        );
        // -filter 'f*r' → every row with an r: "f*" may be empty
        assert_eq!(
            rows(&m, &METHOD_ROWS, "f*r"),
            ["foo.bar", "fooXbar", "barfoo", "foo bar", "foobar"]
        );
        // -filter '(' and 'o(' (invalid) → fo(o: matched as plain text
        assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
        assert_eq!(rows(&m, &METHOD_ROWS, "o("), ["fo(o"]);
        // -i applies to the regex: -filter '^FOO' -i
        let i = Matching {
            case: Case::Insensitive,
            ..m
        };
        assert_eq!(
            rows(&i, &METHOD_ROWS, "^FOO"),
            ["foo.bar", "fooXbar", "foo bar", "foobar", "FOOBAR"]
        );
    }

    #[test]
    fn glob_matching_is_unanchored() {
        let m = method(Method::Glob);
        assert_eq!(Method::parse("glob"), Some(Method::Glob));
        // -filter 'f*r' → foo.bar, fooXbar, foo bar, foobar
        assert_eq!(
            rows(&m, &METHOD_ROWS, "f*r"),
            ["foo.bar", "fooXbar", "foo bar", "foobar"]
        );
        // -filter 'f?o' → every row with f, one non-space, o
        assert_eq!(
            rows(&m, &METHOD_ROWS, "f?o"),
            [
                "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "x-foo", "éfoo"
            ]
        );
        // -filter foo.bar → foo.bar (the dot is a dot); '^foo', 'b.r$' → nothing
        assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
        assert!(rows(&m, &METHOD_ROWS, "^foo").is_empty());
        assert!(rows(&m, &METHOD_ROWS, "b.r$").is_empty());
        assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
        // ? is not a space: printf 'a b\naxb\n' | rofi -dmenu -matching glob -filter 'a?b'
        assert_eq!(rows(&m, &["a b", "axb"], "a?b"), ["axb"]);
    }

    #[test]
    fn fuzzy_matching_is_a_subsequence() {
        let m = method(Method::Fuzzy);
        assert_eq!(Method::parse("fuzzy"), Some(Method::Fuzzy));
        // -filter fb → foo.bar, fooXbar, foo bar, foobar
        assert_eq!(
            rows(&m, &METHOD_ROWS, "fb"),
            ["foo.bar", "fooXbar", "foo bar", "foobar"]
        );
        // -filter foo → also fo(o
        assert_eq!(
            rows(&m, &METHOD_ROWS, "foo"),
            [
                "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "fo(o", "x-foo", "éfoo"
            ]
        );
        // -filter '^foo', 'f*r', 'b.r$' → nothing: the characters are literal
        for q in ["^foo", "f*r", "b.r$"] {
            assert!(rows(&m, &METHOD_ROWS, q).is_empty(), "{q}");
        }
        assert_eq!(rows(&m, &METHOD_ROWS, "o("), ["fo(o"]);
    }

    #[test]
    fn prefix_matching_starts_at_a_unicode_word_boundary() {
        let m = method(Method::Prefix);
        assert_eq!(Method::parse("prefix"), Some(Method::Prefix));
        // -filter foo → not barfoo, nor éfoo (é is a letter), but x-foo
        assert_eq!(
            rows(&m, &METHOD_ROWS, "foo"),
            ["foo.bar", "fooXbar", "foo bar", "foobar", "x-foo"]
        );
        // -filter '(' → fo(o: the boundary is before "(", after "o"; 'o(' → nothing
        assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
        assert!(rows(&m, &METHOD_ROWS, "o(").is_empty());
        assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
        assert!(rows(&m, &METHOD_ROWS, "fb").is_empty());
    }

    #[test]
    fn a_compiled_query_tests_and_ranks_rows() {
        let sort = Matching {
            sort: true,
            ..dmenu()
        };
        let query = sort.compile("ab");
        assert!(query.sorts());
        assert!(query.matches("cab"));
        assert!(!query.matches("AB"));
        assert_eq!(query.score("ab"), 0);
        assert_eq!(query.score("cab"), 1);
        assert_eq!(query.score("xxab"), 2);
        assert!(!sort.compile("").sorts());
        assert!(!dmenu().compile("ab").sorts());
        // -select picks the first row that matches, as the query would:
        // printf 'Apple\nbanana\napple\n' | rofi -dmenu -select apple → row 2;
        // with -i → row 0. printf 'Apple\nbanana\napple pie\n' |
        // rofi -dmenu -select 'pie -x' → row 2.
        let texts = ["Apple", "banana", "apple"];
        let first = |m: &Matching, q| texts.iter().position(|t| m.matches(t, q));
        assert_eq!(first(&dmenu(), "apple"), Some(2));
        let i = Matching {
            case: Case::Insensitive,
            ..dmenu()
        };
        assert_eq!(first(&i, "apple"), Some(0));
        assert!(dmenu().matches("apple pie", "pie -x"));
    }

    #[test]
    fn long_lists_split_across_threads_keep_rofis_order() {
        struct Item {
            text: String,
            meta: Option<String>,
        }
        let items: Vec<Item> = (0..150_000)
            .map(|i| Item {
                text: format!("row {i} {}", ["alpha", "beta", "gamma"][i % 3]),
                meta: (i % 7 == 0).then(|| "lucky".to_string()),
            })
            .collect();
        let m = Matching {
            sort: true,
            ..dmenu()
        };
        for q in ["a", "99 -beta", "lucky 5"] {
            let query = m.compile(q);
            let mut expected: Vec<(i64, usize)> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| query.matches_candidate(Some(&item.text), item.meta.as_deref()))
                .map(|(ix, item)| (query.score(&item.text), ix))
                .collect();
            expected.sort_by_key(|&(score, _)| score);
            let expected: Vec<usize> = expected.into_iter().map(|(_, ix)| ix).collect();
            let listed = m.filter_by(&items, q, |item| Candidate {
                text: Some(&item.text),
                meta: item.meta.as_deref(),
                sort_key: &item.text,
            });
            assert_eq!(listed, expected, "{q}");
        }
    }

    #[test]
    fn unknown_names_are_refused() {
        // rofi -dmenu -matching Regex → error dialog "not a valid matching strategy"
        assert_eq!(Method::parse("Regex"), None);
        assert_eq!(Method::parse("bogus"), None);
        assert_eq!(Sorting::parse("levenshtein"), Some(Sorting::Levenshtein));
        assert_eq!(Sorting::parse("normal"), Some(Sorting::Levenshtein));
        assert_eq!(Sorting::parse("fzf"), Some(Sorting::Fzf));
        assert_eq!(Sorting::parse("bogus"), None);
    }

    #[test]
    fn unicode_case_folding_is_simple() {
        let texts = [
            "École",
            "école",
            "STRASSE",
            "straße",
            "İstanbul",
            "istanbul",
            "\u{212a}elvin",
            "kelvin",
        ];
        let i = Matching {
            case: Case::Insensitive,
            ..dmenu()
        };
        // printf 'École\nécole\n...' | rofi -dmenu -filter école -dump → école
        assert_eq!(rows(&dmenu(), &texts, "école"), ["école"]);
        // ... -filter école -i → École, école; -filter ÉCOLE -i → the same
        assert_eq!(rows(&i, &texts, "école"), ["École", "école"]);
        assert_eq!(rows(&i, &texts, "ÉCOLE"), ["École", "école"]);
        // ... -filter ß -i → straße; -filter ss -i → STRASSE
        assert_eq!(rows(&i, &texts, "ß"), ["straße"]);
        assert_eq!(rows(&i, &texts, "ss"), ["STRASSE"]);
        // ... -filter İSTANBUL -i → İstanbul; istanbul -i → istanbul
        assert_eq!(rows(&i, &texts, "İSTANBUL"), ["İstanbul"]);
        assert_eq!(rows(&i, &texts, "istanbul"), ["istanbul"]);
        // printf '\u212aelvin\nkelvin\nKelvin\n' | rofi -dmenu -filter k -i → all
        assert_eq!(rows(&i, &texts, "k"), ["\u{212a}elvin", "kelvin"]);
        // ... -filter ecole -i → nothing (only -normalize-match, which skit does
        // not reproduce, makes e match é)
        assert!(rows(&i, &texts, "ecole").is_empty());
    }

    #[test]
    fn meta_words_match_too() {
        let row = |text, meta| Candidate {
            text: Some(text),
            meta,
            sort_key: text,
        };
        let candidates = [
            row("foo", Some("bar baz")),
            row("barn", None),
            row("qux", None),
        ];
        let list = |m: &Matching, q: &str| m.filter_candidates(candidates, q);
        // printf 'foo\0meta\x1fbar baz\nbarn\nqux\n' | rofi -dmenu -filter bar → foo, barn
        assert_eq!(list(&dmenu(), "bar"), [0, 1]);
        // ... -filter 'foo baz' → foo (one word in the text, one in meta)
        assert_eq!(list(&dmenu(), "foo baz"), [0]);
        // ... -filter 'bar baz' → foo
        assert_eq!(list(&dmenu(), "bar baz"), [0]);
        // ... -filter '-baz' → barn, qux: a negated word must be in neither
        assert_eq!(list(&dmenu(), "-baz"), [1, 2]);
        assert!(list(&dmenu(), "oo -baz").is_empty());
        // ... -filter 'r b' -no-tokenize → foo: the whole query in the meta
        let whole = Matching {
            tokenize: false,
            ..dmenu()
        };
        assert_eq!(list(&whole, "r b"), [0]);
        // `-dump` ignores meta: ... -filter bar -dump → barn
        assert_eq!(rows(&dmenu(), &["foo", "barn", "qux"], "bar"), ["barn"]);
    }

    #[test]
    fn markup_rows_match_their_text_and_broken_markup_never_matches() {
        // printf '<b>apple</b>\nbanana\ncherry\n' | rofi -dmenu -markup-rows -filter b
        //   → banana (the tags are not matched); with -dump → <b>apple</b>, banana
        let candidates = [
            Candidate {
                text: Some("apple"),
                meta: None,
                sort_key: "<b>apple</b>",
            },
            Candidate::plain("banana"),
            Candidate::plain("cherry"),
        ];
        assert_eq!(dmenu().filter_candidates(candidates, "b"), [1]);
        assert_eq!(
            rows(&dmenu(), &["<b>apple</b>", "banana", "cherry"], "b"),
            ["<b>apple</b>", "banana"]
        );
        // printf '<b>bold\na & b\nab\n<i>ab</i>\n' | rofi -dmenu -markup-rows -filter a
        //   → ab, <i>ab</i>; without a query all four are listed
        let broken = Candidate {
            text: None,
            meta: None,
            sort_key: "a & b",
        };
        let candidates = [
            Candidate {
                text: None,
                meta: None,
                sort_key: "<b>bold",
            },
            broken,
            Candidate::plain("ab"),
            Candidate {
                text: Some("ab"),
                meta: None,
                sort_key: "<i>ab</i>",
            },
        ];
        assert_eq!(dmenu().filter_candidates(candidates, "a"), [2, 3]);
        assert_eq!(dmenu().filter_candidates(candidates, ""), [0, 1, 2, 3]);
        assert!(dmenu().filter_candidates([broken], " ").is_empty());
        // -sort ranks the raw markup: printf '<span>ab</span>\nabcdef\n' |
        //   rofi -dmenu -markup-rows -sort -filter ab → abcdef, <span>ab</span>
        let sort = Matching {
            sort: true,
            ..dmenu()
        };
        let candidates = [
            Candidate {
                text: Some("ab"),
                meta: None,
                sort_key: "<span>ab</span>",
            },
            Candidate::plain("abcdef"),
        ];
        assert_eq!(sort.filter_candidates(candidates, "ab"), [1, 0]);
    }

    #[test]
    fn levenshtein_sort_ranks_by_edit_distance_then_input_order() {
        let texts = ["xxab", "abcdef", "ab", "cab", "abc", "AB", "zab"];
        let sort = Matching {
            sort: true,
            ..dmenu()
        };
        // printf 'xxab\nabcdef\nab\ncab\nabc\nAB\nzab\n' | rofi -dmenu -filter ab
        //   → xxab, abcdef, ab, cab, abc, zab (input order)
        assert_eq!(
            rows(&dmenu(), &texts, "ab"),
            ["xxab", "abcdef", "ab", "cab", "abc", "zab"]
        );
        // ... -sort (and -sort -sorting-method levenshtein / normal)
        //   → ab, cab, abc, zab, xxab, abcdef
        assert_eq!(
            rows(&sort, &texts, "ab"),
            ["ab", "cab", "abc", "zab", "xxab", "abcdef"]
        );
        // ... -sort -i → ab, AB, cab, abc, zab, xxab, abcdef
        let sort_i = Matching {
            case: Case::Insensitive,
            ..sort.clone()
        };
        assert_eq!(
            rows(&sort_i, &texts, "ab"),
            ["ab", "AB", "cab", "abc", "zab", "xxab", "abcdef"]
        );
        // -dump never sorts: ... -filter ab -sort -dump → input order
    }

    #[test]
    fn fzf_sort_prefers_word_starts_and_runs() {
        let texts = ["xxab", "abcdef", "ab", "cab", "abc", "AB", "zab"];
        let fzf = Matching {
            sort: true,
            sorting: Sorting::Fzf,
            ..dmenu()
        };
        // printf 'xxab\nabcdef\nab\ncab\nabc\nAB\nzab\n' |
        //   rofi -dmenu -filter ab -sort -sorting-method fzf
        //   → ab, abc, abcdef, cab, zab, xxab
        assert_eq!(
            rows(&fzf, &texts, "ab"),
            ["ab", "abc", "abcdef", "cab", "zab", "xxab"]
        );
    }

    #[test]
    fn sort_applies_to_every_method() {
        let fuzzy_sorted = Matching {
            method: Method::Fuzzy,
            sort: true,
            ..dmenu()
        };
        // printf 'foo.bar\nfooXbar\nbarfoo\nfoo bar\nfoobar\nFOOBAR\nfo(o\nx-foo\néfoo\n' |
        //   rofi -dmenu -matching fuzzy -filter fb -sort
        //   → foobar, foo.bar, fooXbar, foo bar (distance 4, 5, 5, 5)
        assert_eq!(
            rows(&fuzzy_sorted, &METHOD_ROWS, "fb"),
            ["foobar", "foo.bar", "fooXbar", "foo bar"]
        );
    }
}
