//! Fuzzy ranking of anything with a name: scripts in the launcher, choices in an
//! `arg` prompt. A pure function of (items, query, usage boost), so it can run on
//! any thread and its result can be dropped when a newer query arrives.
//!
//! Order: exact name matches, then name prefixes, then fuzzy matches; inside each
//! tier the fuzzy score (name weighted highest, then alias, file name, description)
//! blended with a usage boost (frecency). Highlight positions are computed only for
//! the rows actually drawn ([`name_positions`]).

mod filtered;

pub use filtered::{FilteredItems, MatchJob};

use std::cell::RefCell;
use std::sync::Arc;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use unicode_segmentation::UnicodeSegmentation;

/// How much each field counts relative to a name match.
const NAME_WEIGHT: u32 = 4;
const ALIAS_WEIGHT: u32 = 4;
const FILE_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 1;
/// Score points per unit of usage boost (see [`crate::frecency`]).
const BOOST_POINTS: f64 = 24.0;

/// The text of one item, prepared once so that matching does not re-encode it on
/// every keystroke.
/// Kept small (64 bytes and the texts): a list of half a million files holds one
/// for each.
#[derive(Clone, Debug)]
pub struct SearchText {
    name: Field,
    name_lower: Box<str>,
    /// The alias and file name, which only scripts have.
    more: Option<Box<MoreFields>>,
    /// Shared by the items of a [`SharedText`] (the files of a folder).
    description: Option<Arc<Field>>,
}

#[derive(Clone, Debug)]
struct MoreFields {
    alias: Option<(Field, Box<str>)>,
    file_name: Option<Field>,
}

/// A description many items share, such as the folder of many files: kept once,
/// and scored once for each run of consecutive items that share it.
#[derive(Clone, Debug)]
pub struct SharedText(Arc<Field>);

impl SharedText {
    pub fn new(text: &str) -> SharedText {
        SharedText(Arc::new(Field::new(text)))
    }
}

/// One searched text and the letters in it.
#[derive(Clone, Debug)]
struct Field {
    text: Utf32String,
    letters: Letters,
}

impl Field {
    fn new(text: &str) -> Field {
        Field {
            text: Utf32String::from(text),
            letters: Letters::of_text(text),
        }
    }

    /// Its score for `pattern`, when it holds every letter of `query`.
    fn score(&self, pattern: &Pattern, query: Letters, m: &mut Matcher) -> Option<u32> {
        if !self.letters.holds(query) {
            return None;
        }
        pattern.score(self.text.slice(..), m)
    }
}

/// The ASCII letters and digits of a text, as bits. A query matches only a field
/// that holds every letter and digit typed, so most fields that cannot match are
/// passed over without the matcher (on 500,000 files, nucleo's own search for the
/// first letter in each was half of the ranking's time). A text with other than
/// ASCII holds every bit: nucleo's normalization matches `é` for a typed `e`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Letters(u64);

impl Letters {
    fn of_text(text: &str) -> Letters {
        if !text.is_ascii() {
            return Letters(u64::MAX);
        }
        Letters(text.bytes().fold(0, |bits, b| bits | Letters::bit(b)))
    }

    /// What a field must hold to match `query` (its other characters are left to
    /// the matcher).
    fn of_query(query: &str) -> Letters {
        Letters(
            query
                .chars()
                .filter(char::is_ascii)
                .fold(0, |bits, c| bits | Letters::bit(c as u8)),
        )
    }

    fn bit(byte: u8) -> u64 {
        match byte.to_ascii_lowercase() {
            c @ b'a'..=b'z' => 1 << (c - b'a'),
            c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
            _ => 0,
        }
    }

    fn holds(self, query: Letters) -> bool {
        self.0 & query.0 == query.0
    }
}

impl SearchText {
    pub fn new(
        name: &str,
        alias: Option<&str>,
        file_name: Option<&str>,
        description: Option<&str>,
    ) -> SearchText {
        let more = (alias.is_some() || file_name.is_some()).then(|| {
            Box::new(MoreFields {
                alias: alias.map(|a| (Field::new(a), a.to_lowercase().into())),
                file_name: file_name.map(Field::new),
            })
        });
        SearchText {
            name: Field::new(name),
            name_lower: name.to_lowercase().into(),
            more,
            description: description.map(|d| Arc::new(Field::new(d))),
        }
    }

    fn alias(&self) -> Option<&(Field, Box<str>)> {
        self.more.as_ref()?.alias.as_ref()
    }

    fn file_name(&self) -> Option<&Field> {
        self.more.as_ref()?.file_name.as_ref()
    }

    /// An item whose description is `shared` with others (a file's folder).
    pub fn with_shared(name: &str, shared: &SharedText) -> SearchText {
        SearchText {
            description: Some(shared.0.clone()),
            ..SearchText::name_only(name)
        }
    }

    pub fn name_only(name: &str) -> SearchText {
        SearchText::new(name, None, None, None)
    }
}

/// One item that matched, by its index in the slice given to [`rank`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    pub index: usize,
}

/// A match as one number whose order is the ranking's: the tier (best first),
/// the score (highest first), the name's length (shortest first; 0 for every item
/// on an empty query), then the item's index. Sorting half a million of these
/// compares integers, never looks an item up again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey(u128);

impl SortKey {
    fn new(tier: u8, score: f64, length: usize, index: usize) -> SortKey {
        // f64's total order as an unsigned integer (as `f64::total_cmp`).
        let bits = score.to_bits();
        let ordered = if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        };
        let length = length.min(0xFF_FFFF) as u128;
        debug_assert!(index <= u32::MAX as usize, "more items than a list holds");
        SortKey(
            (u128::from(!tier) << 120)
                | (u128::from(!ordered) << 56)
                | (length << 32)
                | (index as u32 as u128),
        )
    }

    fn index(self) -> usize {
        self.0 as u32 as usize
    }
}

/// How many of the best matches are put in order at once; the rest as rows past
/// them are looked at.
const SORTED_FIRST: usize = 1024;

/// Matches in their ranking's order as far as it has been looked at: the first
/// `sorted` in order, the rest all after them, in no order until a row past them
/// is wanted (then twice as many are sorted). Half a million files are seldom
/// scrolled past their first thousand rows: sorting them all was most of a
/// keystroke's ranking.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ranking {
    keys: Vec<SortKey>,
    sorted: usize,
}

impl Ranking {
    fn new(keys: Vec<SortKey>) -> Ranking {
        let mut ranking = Ranking { keys, sorted: 0 };
        ranking.sort_to(1);
        ranking
    }

    /// Puts at least the first `end` matches in order.
    fn sort_to(&mut self, end: usize) {
        if end <= self.sorted {
            return;
        }
        let target = end
            .max(self.sorted * 2)
            .max(SORTED_FIRST)
            .min(self.keys.len());
        let rest = &mut self.keys[self.sorted..];
        let wanted = target - self.sorted;
        if wanted < rest.len() {
            rest.select_nth_unstable(wanted);
        }
        rest[..wanted].sort_unstable();
        self.sorted = target;
    }

    fn into_sorted(mut self) -> Vec<SortKey> {
        self.sort_to(self.keys.len());
        self.keys
    }
}

/// A reusable matcher: owns nucleo's scratch memory. One per thread.
pub struct Ranker {
    matcher: Matcher,
}

/// Lists at least this long are ranked on several threads.
const PARALLEL_FROM: usize = 20_000;

fn matcher_config() -> Config {
    let mut config = Config::DEFAULT;
    // A launcher query is typed from the start of what the user means.
    config.prefer_prefix = true;
    config
}

impl Default for Ranker {
    fn default() -> Self {
        Ranker {
            matcher: Matcher::new(matcher_config()),
        }
    }
}

fn pattern(query: &str) -> Pattern {
    Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    )
}

/// Descriptions are prose: scattered letters match almost any sentence, so there
/// each word of the query must appear as typed.
fn prose_pattern(query: &str) -> Pattern {
    Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Substring,
    )
}

/// Search texts by item index: a list's own `Vec`, or [`filtered::ChunkedTexts`]
/// (which grows without copying what a background ranking is reading).
pub trait Texts: Sync {
    fn len(&self) -> usize;
    fn text(&self, index: usize) -> &SearchText;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Texts for [SearchText] {
    fn len(&self) -> usize {
        <[SearchText]>::len(self)
    }

    fn text(&self, index: usize) -> &SearchText {
        &self[index]
    }
}

impl Texts for Vec<SearchText> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn text(&self, index: usize) -> &SearchText {
        &self[index]
    }
}

impl Ranker {
    /// Ranks `items` for `query`, best first. `boost(i)` is item `i`'s usage boost
    /// (0 for never used). An empty query keeps every item, ordered by boost, then
    /// by the original order.
    pub fn rank(
        &mut self,
        items: &(impl Texts + ?Sized),
        query: &str,
        boost: impl Fn(usize) -> f64 + Sync,
    ) -> Vec<Ranked> {
        self.rank_subset(items, 0..items.len(), query, boost)
            .into_sorted()
            .into_iter()
            .map(|k| Ranked { index: k.index() })
            .collect()
    }

    /// Like [`Ranker::rank`] but only over the item indices in `subset`: when a query
    /// grows by a character, only the previous matches need to be looked at again.
    pub(crate) fn rank_subset(
        &mut self,
        items: &(impl Texts + ?Sized),
        subset: impl IntoIterator<Item = usize>,
        query: &str,
        boost: impl Fn(usize) -> f64 + Sync,
    ) -> Ranking {
        let query = query.trim();
        let subset: Vec<usize> = subset.into_iter().collect();
        let keys: Vec<SortKey> = if query.is_empty() {
            subset
                .into_iter()
                .map(|index| SortKey::new(0, boost(index), 0, index))
                .collect()
        } else {
            let patterns = (pattern(query), prose_pattern(query));
            let query_lower = query.to_lowercase();
            let letters = Letters::of_query(query);
            let key = |scorer: &mut Scorer, index: usize| {
                let item = items.text(index);
                let fuzzy = scorer.score(&patterns, letters, item)?;
                Some(SortKey::new(
                    tier(item, &query_lower),
                    fuzzy as f64 + BOOST_POINTS * boost(index),
                    // Ties go to the shorter name (more of it is what was typed).
                    item.name_lower.len(),
                    index,
                ))
            };
            if subset.len() < PARALLEL_FROM {
                let mut scorer = Scorer::new(&mut self.matcher);
                subset.iter().filter_map(|&i| key(&mut scorer, i)).collect()
            } else {
                // Large lists are split across cores, one matcher per thread.
                let threads = std::thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(8);
                let chunk = subset.len().div_ceil(threads);
                std::thread::scope(|scope| {
                    let workers: Vec<_> = subset
                        .chunks(chunk)
                        .map(|part| {
                            let key = &key;
                            scope.spawn(move || {
                                let mut matcher = Matcher::new(matcher_config());
                                let mut scorer = Scorer::new(&mut matcher);
                                part.iter()
                                    .filter_map(|&i| key(&mut scorer, i))
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    workers
                        .into_iter()
                        .flat_map(|w| w.join().expect("ranking thread"))
                        .collect()
                })
            }
        };
        Ranking::new(keys)
    }

    /// Character indices of `name` that `query` matched, sorted, for highlighting.
    /// Empty when the item matched through another field.
    pub fn name_positions(&mut self, name: &str, query: &str) -> Vec<usize> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let mut indices = Vec::new();
        if name.is_ascii() {
            let haystack = Utf32Str::Ascii(name.as_bytes());
            if pattern(query)
                .indices(haystack, &mut self.matcher, &mut indices)
                .is_none()
            {
                return Vec::new();
            }
        } else {
            // nucleo matches the first character of each grapheme (what
            // `Utf32String::from` makes of a name, so what ranking scored) and
            // gives positions in graphemes; they are turned into character
            // indices here. (`Utf32Str::new` reads a name whose graphemes all
            // start with ASCII, such as "e\u{301}x", as raw bytes, and so gave
            // byte indices.)
            let mut firsts = Vec::new();
            let mut char_index = Vec::new();
            let mut chars = 0;
            for grapheme in name.graphemes(true) {
                if let Some(first) = grapheme.chars().next() {
                    firsts.push(first);
                    char_index.push(chars);
                }
                chars += grapheme.chars().count();
            }
            let haystack = Utf32Str::Unicode(&firsts);
            if pattern(query)
                .indices(haystack, &mut self.matcher, &mut indices)
                .is_none()
            {
                return Vec::new();
            }
            indices = indices
                .iter()
                .filter_map(|&i| char_index.get(i as usize).map(|&c| c as u32))
                .collect();
        }
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

/// The ranked matches of the last query. A query that extends the last one can
/// only match a subset of its matches, so only those are ranked again: typing
/// into a long list gets cheaper with every character.
#[derive(Clone, Debug, Default)]
pub struct Matches {
    query: String,
    /// Sorted further as rows are looked at (see [`Ranking`]).
    ranking: RefCell<Ranking>,
}

impl Matches {
    /// How many items ranking `query` will look at: the previous matches when it
    /// narrows them, else all `total` items.
    pub(crate) fn work_for(&self, query: &str, total: usize) -> usize {
        if self.narrows(query.trim()) {
            self.len()
        } else {
            total
        }
    }

    /// Whether every match of `query` is among the last query's matches. Not when
    /// the last query ended in a backslash: nucleo reads `\ ` as a space inside a
    /// word, so `a\` (a backslash) becoming `a\ b` (the word "a b") matches
    /// names the shorter one did not.
    fn narrows(&self, query: &str) -> bool {
        !self.query.is_empty()
            && query.starts_with(self.query.as_str())
            && !self.query.ends_with('\\')
    }

    /// Ranks `items` for `query`, narrowing the previous matches when possible.
    pub fn update(
        &mut self,
        ranker: &mut Ranker,
        items: &(impl Texts + ?Sized),
        query: &str,
        boost: impl Fn(usize) -> f64 + Sync,
    ) {
        let query = query.trim();
        let ranking = if self.narrows(query) {
            // In the items' order: neighbours in memory, and the files of a
            // folder one after another (their folder is scored once).
            let mut matched = vec![false; items.len()];
            for key in &self.ranking.get_mut().keys {
                matched[key.index()] = true;
            }
            let previous = (0..items.len()).filter(|&i| matched[i]);
            ranker.rank_subset(items, previous, query, boost)
        } else {
            ranker.rank_subset(items, 0..items.len(), query, boost)
        };
        self.ranking = RefCell::new(ranking);
        self.query = query.to_string();
    }

    /// All of `count` items, in their order, as if nothing was filtered.
    pub(crate) fn all(count: usize) -> Matches {
        let keys = (0..count)
            .map(|index| SortKey::new(0, 0.0, 0, index))
            .collect();
        Matches {
            query: String::new(),
            ranking: RefCell::new(Ranking {
                keys,
                sorted: count,
            }),
        }
    }

    /// Forgets the last query: the items changed, so the next update ranks them all.
    pub fn items_changed(&mut self) {
        self.query.clear();
        *self.ranking.get_mut() = Ranking::default();
    }

    /// Match `ix` (putting the matches up to it in order first, if they are not).
    pub fn get(&self, ix: usize) -> Option<Ranked> {
        let mut ranking = self.ranking.borrow_mut();
        if ix >= ranking.keys.len() {
            return None;
        }
        ranking.sort_to(ix + 1);
        Some(Ranked {
            index: ranking.keys[ix].index(),
        })
    }

    pub fn len(&self) -> usize {
        self.ranking.borrow().keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn into_ranked(self) -> Vec<Ranked> {
        self.ranking
            .into_inner()
            .into_sorted()
            .into_iter()
            .map(|k| Ranked { index: k.index() })
            .collect()
    }
}

/// What one thread scores items with: nucleo's scratch memory, and the score of
/// the last shared description it looked at.
struct Scorer<'m> {
    matcher: &'m mut Matcher,
    shared: Option<(*const Field, Option<u32>)>,
}

impl<'m> Scorer<'m> {
    fn new(matcher: &'m mut Matcher) -> Scorer<'m> {
        Scorer {
            matcher,
            shared: None,
        }
    }

    /// The best field score of `item`, weighted. A matching name wins over the
    /// weaker fields, which are then not scored at all (the common case, and the
    /// expensive part of ranking large lists).
    fn score(
        &mut self,
        (pattern, prose): &(Pattern, Pattern),
        letters: Letters,
        item: &SearchText,
    ) -> Option<u32> {
        let m = &mut *self.matcher;
        let name = item
            .name
            .score(pattern, letters, m)
            .map(|s| s * NAME_WEIGHT);
        let alias = item
            .alias()
            .and_then(|(a, _)| a.score(pattern, letters, m))
            .map(|s| s * ALIAS_WEIGHT);
        if name.is_some() || alias.is_some() {
            return name.max(alias);
        }
        let file = item
            .file_name()
            .and_then(|f| f.score(pattern, letters, m))
            .map(|s| s * FILE_WEIGHT);
        let description = item.description.as_ref().and_then(|d| {
            let key = Arc::as_ptr(d);
            let score = match self.shared {
                Some((last, score)) if last == key => score,
                _ => {
                    let score = d.score(prose, letters, m);
                    self.shared = Some((key, score));
                    score
                }
            };
            score.map(|s| s * DESCRIPTION_WEIGHT)
        });
        file.max(description)
    }
}

/// 2: the name or alias is the query; 1: it starts with the query; 0: fuzzy.
fn tier(item: &SearchText, query_lower: &str) -> u8 {
    let names = std::iter::once(&*item.name_lower).chain(item.alias().map(|(_, lower)| &**lower));
    let mut tier = 0;
    for name in names {
        // Most names do not start as the query does; this is all they cost.
        if name.as_bytes().first() != query_lower.as_bytes().first() {
            continue;
        }
        if name == query_lower {
            return 2;
        }
        if name.starts_with(query_lower) {
            tier = 1;
        }
    }
    tier
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
