//! Which rows `skit dmenu` lists for a query, and in what order: rofi 1.7.3's
//! dmenu matching (`-matching`, `-i`, `-tokenize`, `-matching-negate-char`) and
//! ordering (`-sort`, `-sorting-method`), as observed on the real `rofi -dmenu`
//! and checked in the tests (`matching/tests.rs`).
//!
//! A pure function of the rows and the query: no gpui, no I/O. The query is
//! compiled once ([`Matching::compile`]) and then tested against each row.
//!
//! Not for: skit's own launcher search (that is `crate::search`, fuzzy-ranked),
//! reading the options off the command line (`dmenu/args.rs`), removing pango markup
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

#[cfg(test)]
mod tests;
