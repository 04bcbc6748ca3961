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
mod tests {
    use super::*;

    fn names(items: &[&str], query: &str, boost: impl Fn(usize) -> f64 + Sync) -> Vec<String> {
        let texts: Vec<_> = items.iter().map(|n| SearchText::name_only(n)).collect();
        Ranker::default()
            .rank(&texts, query, boost)
            .into_iter()
            .map(|r| items[r.index].to_string())
            .collect()
    }

    #[test]
    fn exact_beats_prefix_beats_fuzzy() {
        let items = ["Git Status Extra", "Gist", "Git", "Greet Items Together"];
        assert_eq!(
            names(&items, "git", |_| 0.0),
            ["Git", "Git Status Extra", "Greet Items Together", "Gist"]
        );
    }

    #[test]
    fn frecency_breaks_ties_and_orders_the_empty_query() {
        let items = ["Alpha One", "Alpha Two", "Beta"];
        // Same fuzzy score for both alphas; the used one wins.
        assert_eq!(
            names(&items, "alpha", |i| if i == 1 { 1.0 } else { 0.0 }),
            ["Alpha Two", "Alpha One"]
        );
        assert_eq!(
            names(&items, "", |i| [0.0, 0.5, 2.0][i]),
            ["Beta", "Alpha Two", "Alpha One"]
        );
        // No usage at all: the original order.
        assert_eq!(
            names(&items, "  ", |_| 0.0),
            ["Alpha One", "Alpha Two", "Beta"]
        );
    }

    #[test]
    fn frecency_does_not_lift_a_fuzzy_match_over_a_prefix() {
        let items = ["Clipboard History", "Close Windows"];
        assert_eq!(
            names(&items, "clo", |i| if i == 0 { 100.0 } else { 0.0 }),
            ["Close Windows", "Clipboard History"]
        );
    }

    #[test]
    fn other_fields_match_but_weigh_less() {
        let items = vec![
            SearchText::new(
                "Weather",
                None,
                Some("weather.sh"),
                Some("Shows the forecast"),
            ),
            SearchText::new("Forecast", None, Some("forecast.sh"), None),
            SearchText::new("Open GitHub", Some("gh"), Some("open-github.sh"), None),
        ];
        let mut ranker = Ranker::default();
        let ranked = ranker.rank(&items, "forecast", |_| 0.0);
        assert_eq!(ranked.iter().map(|r| r.index).collect::<Vec<_>>(), [1, 0]);
        let ranked = ranker.rank(&items, "gh", |_| 0.0);
        assert_eq!(ranked[0].index, 2);
    }

    #[test]
    fn descriptions_match_words_not_scattered_letters() {
        let items = vec![
            SearchText::new(
                "Scratchpad",
                None,
                None,
                Some("Write a few lines, then copy them"),
            ),
            SearchText::new("Pick Emoji", None, None, Some("Copy an emoji")),
        ];
        let mut ranker = Ranker::default();
        let ranked = ranker.rank(&items, "emo", |_| 0.0);
        assert_eq!(ranked.iter().map(|r| r.index).collect::<Vec<_>>(), [1]);
        let ranked = ranker.rank(&items, "copy", |_| 0.0);
        assert_eq!(ranked.len(), 2);
    }

    #[test]
    fn multiple_words_must_all_match() {
        let items = ["Open GitHub", "Open Folder", "GitHub Issues"];
        assert_eq!(names(&items, "open git", |_| 0.0), ["Open GitHub"]);
    }

    #[test]
    fn positions_are_character_indices_in_the_name() {
        let mut ranker = Ranker::default();
        assert_eq!(ranker.name_positions("Open GitHub", "ogh"), [0, 5, 8]);
        assert_eq!(ranker.name_positions("Über Tool", "tool"), [5, 6, 7, 8]);
        assert!(ranker.name_positions("Open GitHub", "xyz").is_empty());
        assert!(ranker.name_positions("Open GitHub", "").is_empty());
    }

    #[test]
    fn matches_narrow_on_longer_queries_and_start_over_otherwise() {
        let items: Vec<_> = ["alpha", "alpine", "beta", "alphabet"]
            .iter()
            .map(|n| SearchText::name_only(n))
            .collect();
        let mut ranker = Ranker::default();
        let mut matches = Matches::default();
        let indices = |m: &Matches| {
            (0..m.len())
                .map(|i| m.get(i).unwrap().index)
                .collect::<Vec<_>>()
        };
        matches.update(&mut ranker, &items, "al", |_| 0.0);
        assert_eq!(indices(&matches), [0, 1, 3]);
        matches.update(&mut ranker, &items, "alph", |_| 0.0);
        assert_eq!(indices(&matches), [0, 3]);
        matches.update(&mut ranker, &items, "b", |_| 0.0);
        assert_eq!(indices(&matches), [2, 3]);
        matches.update(&mut ranker, &items, "", |_| 0.0);
        assert_eq!(matches.len(), 4);
    }

    #[test]
    fn a_trailing_backslash_does_not_narrow() {
        // Found by the property tests: a lone backslash matched nothing in " o", so
        // `\ o` (the word " o") was looked for among no matches at all.
        let items = vec![SearchText::name_only(" o"), SearchText::name_only("x")];
        let mut ranker = Ranker::default();
        let mut matches = Matches::default();
        matches.update(&mut ranker, &items, "\\", |_| 0.0);
        assert_eq!(matches.len(), 0);
        matches.update(&mut ranker, &items, "\\ o", |_| 0.0);
        assert_eq!(matches.len(), 1);
    }

    #[test]
    fn positions_are_character_indices_also_after_graphemes_of_several() {
        // Found by the property tests: nucleo counted "e\u{301}" as one position
        // (and read a name whose graphemes all start with ASCII as bytes).
        let mut ranker = Ranker::default();
        assert_eq!(ranker.name_positions("e\u{301}\r\n7", "7"), [4]);
        assert_eq!(
            ranker.name_positions("\u{1f1e9}\u{1f1ea} Berlin", "berlin"),
            [3, 4, 5, 6, 7, 8]
        );
    }

    #[test]
    fn subset_ranking_equals_full_ranking_for_an_extended_query() {
        let items: Vec<_> = (0..500)
            .map(|i| SearchText::name_only(&format!("item {i} {}", i * 7 % 13)))
            .collect();
        let mut ranker = Ranker::default();
        let first = ranker.rank(&items, "1", |_| 0.0);
        let narrowed: Vec<usize> = ranker
            .rank_subset(&items, first.iter().map(|r| r.index), "12", |_| 0.0)
            .into_sorted()
            .iter()
            .map(|k| k.index())
            .collect();
        let afresh: Vec<usize> = ranker
            .rank(&items, "12", |_| 0.0)
            .iter()
            .map(|r| r.index)
            .collect();
        assert_eq!(narrowed, afresh);
    }

    /// Deterministic names from a few words: many of them match a short query.
    fn generated(count: usize) -> Vec<String> {
        const WORDS: [&str; 8] = ["clip", "note", "timer", "web", "git", "port", "mode", "hub"];
        (0..count)
            .map(|i| {
                let word = |n: usize| WORDS[n % WORDS.len()];
                format!("{}-{}-{i}", word(i * 7 + 3), word(i / 3))
            })
            .collect()
    }

    /// The order ranking must give: each item scored alone, on this thread, all
    /// sorted at once.
    fn reference_order(
        items: &[SearchText],
        query: &str,
        boost: impl Fn(usize) -> f64,
    ) -> Vec<usize> {
        let patterns = (pattern(query), prose_pattern(query));
        let mut matcher = Matcher::new(matcher_config());
        let mut scorer = Scorer::new(&mut matcher);
        let mut keys: Vec<SortKey> = (0..items.len())
            .filter_map(|i| {
                let score = scorer.score(&patterns, Letters::of_query(query), &items[i])?;
                Some(SortKey::new(
                    tier(&items[i], query),
                    score as f64 + BOOST_POINTS * boost(i),
                    items[i].name_lower.len(),
                    i,
                ))
            })
            .collect();
        keys.sort();
        keys.iter().map(|k| k.index()).collect()
    }

    #[test]
    fn a_list_ranked_on_several_threads_is_ranked_as_on_one() {
        let names = generated(PARALLEL_FROM + 5_000);
        let folders: Vec<SharedText> = (0..40)
            .map(|i| SharedText::new(&format!("~/Projects/web-{i}")))
            .collect();
        let items: Vec<SearchText> = names
            .iter()
            .enumerate()
            .map(|(i, n)| SearchText::with_shared(n, &folders[i / 700]))
            .collect();
        for query in ["c", "ti", "web", "note 1", "proj"] {
            let ranked = Ranker::default().rank(&items, query, |i| (i % 5) as f64 / 2.0);
            let expected = reference_order(&items, query, |i| (i % 5) as f64 / 2.0);
            let got: Vec<usize> = ranked.iter().map(|r| r.index).collect();
            assert!(got.len() > 1_000, "{query}: {} matches", got.len());
            assert_eq!(got, expected, "{query}");
        }
    }

    #[test]
    fn rows_past_the_first_sorted_ones_come_in_order_when_looked_at() {
        let names = generated(SORTED_FIRST * 5);
        let items: Vec<SearchText> = names.iter().map(|n| SearchText::name_only(n)).collect();
        // A usage boost that orders the matches far from their order in the list.
        let boost = |i: usize| (i * 7919 % 1000) as f64 / 100.0;
        let expected = reference_order(&items, "o", boost);
        assert!(
            expected.len() > SORTED_FIRST * 3,
            "{} matches",
            expected.len()
        );
        let mut matches = Matches::default();
        matches.update(&mut Ranker::default(), &items, "o", boost);
        // Far rows first, then everything: each is what a full sort puts there.
        for ix in [expected.len() - 1, SORTED_FIRST * 2 + 7, SORTED_FIRST, 3] {
            assert_eq!(
                matches.get(ix).map(|r| r.index),
                Some(expected[ix]),
                "row {ix}"
            );
        }
        let all: Vec<usize> = (0..matches.len())
            .map(|ix| matches.get(ix).unwrap().index)
            .collect();
        assert_eq!(all, expected);
        assert_eq!(matches.get(expected.len()), None);
    }

    #[test]
    fn a_search_text_stays_small() {
        // Half a million files hold one each (the texts themselves aside).
        assert!(std::mem::size_of::<SearchText>() <= 64);
    }

    #[test]
    fn a_typed_letter_finds_its_accented_form() {
        let items = [SearchText::name_only("Émile"), SearchText::name_only("Zoë")];
        let found = |query: &str| Ranker::default().rank(&items[..], query, |_| 0.0).len();
        assert_eq!(found("em"), 1);
        assert_eq!(found("zoe"), 1);
        assert_eq!(found("zoa"), 0);
    }

    #[test]
    fn a_shared_folder_matches_its_words_not_scattered_letters() {
        let projects = SharedText::new("~/Projects/skit");
        let documents = SharedText::new("~/Documents");
        let items = [
            SearchText::with_shared("notes.md", &projects),
            SearchText::with_shared("plan.txt", &documents),
            SearchText::with_shared("todo.txt", &projects),
        ];
        let found = |query: &str| -> Vec<usize> {
            Ranker::default()
                .rank(&items[..], query, |_| 0.0)
                .iter()
                .map(|r| r.index)
                .collect()
        };
        assert_eq!(found("proj"), [0, 2]);
        assert_eq!(found("docu"), [1]);
        assert_eq!(found("pjsk"), Vec::<usize>::new());
        // The name still wins over the folder.
        assert_eq!(found("todo"), [2]);
    }
}

/// Property tests: any query against any names ranks without a panic, narrowing a
/// query ranks exactly as ranking afresh, and highlights are characters of the
/// name that the query typed.
#[cfg(test)]
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text};
    use proptest::prelude::*;

    /// A name: words with letters, digits and the characters that make graphemes
    /// of more than one character (accents, flags, emoji sequences).
    pub(super) fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => text(16),
            3 => proptest::collection::vec(
                prop_oneof![
                    "[a-zA-Z0-9]{1,6}",
                    Just(" ".to_string()),
                    Just("e\u{301}".to_string()),
                    Just("\u{1f1e9}\u{1f1ea}".to_string()),
                    Just("\u{1f468}\u{200d}\u{1f469}".to_string()),
                    Just("É".to_string()),
                    Just("\r\n".to_string()),
                ],
                0..8,
            )
            .prop_map(|parts| parts.concat()),
        ]
    }

    /// A query as typed: letters and spaces, sometimes a backslash (nucleo's escape
    /// for a space) or anything.
    pub(super) fn query() -> impl Strategy<Value = String> {
        prop_oneof![4 => "[a-zA-Z0-9 ]{0,5}", 1 => "[ab\\\\ ]{0,5}", 1 => text(5)]
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_query_ranks_each_item_at_most_once(
            names in proptest::collection::vec(name(), 0..12),
            query in query(),
        ) {
            let items: Vec<SearchText> = names.iter().map(|n| SearchText::name_only(n)).collect();
            let ranked = Ranker::default().rank(&items, &query, |i| (i % 3) as f64);
            let mut indices: Vec<usize> = ranked.iter().map(|r| r.index).collect();
            indices.sort_unstable();
            indices.dedup();
            prop_assert_eq!(indices.len(), ranked.len());
            prop_assert!(indices.iter().all(|&i| i < items.len()));
            if query.trim().is_empty() {
                prop_assert_eq!(ranked.len(), items.len());
            }
        }

        #[test]
        fn a_longer_query_narrows_exactly_as_ranking_afresh(
            names in proptest::collection::vec(name(), 0..12),
            first in query(),
            more in query(),
        ) {
            let items: Vec<SearchText> = names.iter().map(|n| SearchText::name_only(n)).collect();
            let mut ranker = Ranker::default();
            let mut matches = Matches::default();
            matches.update(&mut ranker, &items, &first, |_| 0.0);
            let longer = format!("{first}{more}");
            matches.update(&mut ranker, &items, &longer, |_| 0.0);
            prop_assert_eq!(matches.into_ranked(), ranker.rank(&items, &longer, |_| 0.0));
        }

        #[test]
        fn the_letters_pass_every_text_the_matcher_matches(name in name(), query in query()) {
            let mut matcher = Matcher::new(matcher_config());
            let text = Utf32String::from(name.as_str());
            let holds = Letters::of_text(&name).holds(Letters::of_query(&query));
            for pattern in [pattern(&query), prose_pattern(&query)] {
                if pattern.score(text.slice(..), &mut matcher).is_some() {
                    prop_assert!(holds, "{:?} matches {:?}", query, name);
                }
            }
        }

        #[test]
        fn the_sort_key_orders_by_tier_score_length_then_index(
            entries in proptest::collection::vec(
                (
                    0u8..3,
                    prop_oneof![any::<f64>(), (-3i32..3).prop_map(f64::from), Just(-0.0)],
                    0usize..6,
                ),
                0..30,
            ),
        ) {
            let mut by_key: Vec<(SortKey, usize)> = entries
                .iter()
                .enumerate()
                .map(|(i, &(tier, score, length))| (SortKey::new(tier, score, length, i), i))
                .collect();
            by_key.sort();
            let mut by_fields: Vec<usize> = (0..entries.len()).collect();
            by_fields.sort_by(|&a, &b| {
                let ((tier_a, score_a, length_a), (tier_b, score_b, length_b)) = (entries[a], entries[b]);
                tier_b
                    .cmp(&tier_a)
                    .then(score_b.total_cmp(&score_a))
                    .then(length_a.cmp(&length_b))
                    .then(a.cmp(&b))
            });
            let keyed: Vec<usize> = by_key.iter().map(|&(key, i)| {
                assert_eq!(key.index(), i);
                i
            }).collect();
            prop_assert_eq!(keyed, by_fields);
        }

        #[test]
        fn a_shared_description_ranks_as_copies_of_it_would(
            names in proptest::collection::vec((name(), 0usize..3), 0..12),
            folders in proptest::collection::vec(name(), 3),
            query in query(),
        ) {
            let shared: Vec<SharedText> = folders.iter().map(|f| SharedText::new(f)).collect();
            let with_shared: Vec<SearchText> = names
                .iter()
                .map(|(n, f)| SearchText::with_shared(n, &shared[*f]))
                .collect();
            let copies: Vec<SearchText> = names
                .iter()
                .map(|(n, f)| SearchText::new(n, None, None, Some(&folders[*f])))
                .collect();
            let mut ranker = Ranker::default();
            prop_assert_eq!(
                ranker.rank(&with_shared, &query, |_| 0.0),
                ranker.rank(&copies, &query, |_| 0.0)
            );
        }

        #[test]
        fn highlights_are_characters_of_the_name_that_were_typed(
            name in name(),
            query in "[a-zA-Z0-9]{1,4}( [a-zA-Z0-9]{1,3})?",
        ) {
            let mut ranker = Ranker::default();
            let positions = ranker.name_positions(&name, &query);
            let chars: Vec<char> = name.chars().collect();
            prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{:?}", positions);
            let typed = query.to_lowercase();
            for &p in &positions {
                let c = *chars.get(p).ok_or_else(|| {
                    TestCaseError::fail(format!("{p} is past the end of {name:?} ({positions:?})"))
                })?;
                // Letters match without case; a non-ASCII letter may be the
                // accented form of a typed one.
                let lower: String = c.to_lowercase().collect();
                prop_assert!(
                    !c.is_ascii() || typed.contains(&lower),
                    "{:?} at {} of {:?} for {:?}", c, p, name, query
                );
            }
            let matched = !ranker.rank(&[SearchText::name_only(&name)][..], &query, |_| 0.0).is_empty();
            prop_assert_eq!(!positions.is_empty(), matched, "{:?} for {:?}", name, query);
        }
    }
}
