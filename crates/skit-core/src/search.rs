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
#[derive(Clone, Debug)]
pub struct SearchText {
    name: Utf32String,
    name_lower: String,
    alias: Option<(Utf32String, String)>,
    file_name: Option<Utf32String>,
    description: Option<Utf32String>,
}

impl SearchText {
    pub fn new(
        name: &str,
        alias: Option<&str>,
        file_name: Option<&str>,
        description: Option<&str>,
    ) -> SearchText {
        SearchText {
            name: Utf32String::from(name),
            name_lower: name.to_lowercase(),
            alias: alias.map(|a| (Utf32String::from(a), a.to_lowercase())),
            file_name: file_name.map(Utf32String::from),
            description: description.map(Utf32String::from),
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
    pub(crate) score: f64,
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
    }

    /// Like [`Ranker::rank`] but only over the item indices in `subset`: when a query
    /// grows by a character, only the previous matches need to be looked at again.
    pub(crate) fn rank_subset(
        &mut self,
        items: &(impl Texts + ?Sized),
        subset: impl IntoIterator<Item = usize>,
        query: &str,
        boost: impl Fn(usize) -> f64 + Sync,
    ) -> Vec<Ranked> {
        let query = query.trim();
        let subset: Vec<usize> = subset.into_iter().collect();
        let mut ranked: Vec<(u8, Ranked)> = if query.is_empty() {
            subset
                .into_iter()
                .map(|index| {
                    (
                        0,
                        Ranked {
                            index,
                            score: boost(index),
                        },
                    )
                })
                .collect()
        } else {
            let patterns = (pattern(query), prose_pattern(query));
            let query_lower = query.to_lowercase();
            let score = |matcher: &mut Matcher, index: usize| {
                let item = items.text(index);
                let fuzzy = fuzzy_score(matcher, &patterns, item)?;
                let score = fuzzy as f64 + BOOST_POINTS * boost(index);
                Some((tier(item, &query_lower), Ranked { index, score }))
            };
            if subset.len() < PARALLEL_FROM {
                subset
                    .iter()
                    .filter_map(|&i| score(&mut self.matcher, i))
                    .collect()
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
                            let score = &score;
                            scope.spawn(move || {
                                let mut matcher = Matcher::new(matcher_config());
                                part.iter()
                                    .filter_map(|&i| score(&mut matcher, i))
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
        // Ties go to the shorter name (more of it is what was typed), then to the
        // original order.
        let length = |r: &Ranked| items.text(r.index).name_lower.len();
        ranked.sort_unstable_by(|(tier_a, a), (tier_b, b)| {
            tier_b
                .cmp(tier_a)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| {
                    if query.is_empty() {
                        std::cmp::Ordering::Equal
                    } else {
                        length(a).cmp(&length(b))
                    }
                })
                .then(a.index.cmp(&b.index))
        });
        ranked.into_iter().map(|(_, r)| r).collect()
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
    ranked: Vec<Ranked>,
}

impl Matches {
    /// How many items ranking `query` will look at: the previous matches when it
    /// narrows them, else all `total` items.
    pub(crate) fn work_for(&self, query: &str, total: usize) -> usize {
        if self.narrows(query.trim()) {
            self.ranked.len()
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
        self.ranked = if self.narrows(query) {
            let previous: Vec<usize> = self.ranked.iter().map(|r| r.index).collect();
            ranker.rank_subset(items, previous, query, boost)
        } else {
            ranker.rank(items, query, boost)
        };
        self.query = query.to_string();
    }

    /// All of `count` items, in their order, as if nothing was filtered.
    pub(crate) fn all(count: usize) -> Matches {
        Matches {
            query: String::new(),
            ranked: (0..count)
                .map(|index| Ranked { index, score: 0.0 })
                .collect(),
        }
    }

    /// Forgets the last query: the items changed, so the next update ranks them all.
    pub fn items_changed(&mut self) {
        self.query.clear();
        self.ranked.clear();
    }

    pub fn get(&self, ix: usize) -> Option<&Ranked> {
        self.ranked.get(ix)
    }

    pub fn len(&self) -> usize {
        self.ranked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranked.is_empty()
    }

    pub(crate) fn into_ranked(self) -> Vec<Ranked> {
        self.ranked
    }
}

/// The best field score of `item`, weighted. A matching name wins over the
/// weaker fields, which are then not scored at all (the common case, and the
/// expensive part of ranking large lists).
fn fuzzy_score(
    m: &mut Matcher,
    (pattern, prose): &(Pattern, Pattern),
    item: &SearchText,
) -> Option<u32> {
    let name = pattern
        .score(item.name.slice(..), m)
        .map(|s| s * NAME_WEIGHT);
    let alias = item
        .alias
        .as_ref()
        .and_then(|(a, _)| pattern.score(a.slice(..), m))
        .map(|s| s * ALIAS_WEIGHT);
    if name.is_some() || alias.is_some() {
        return name.max(alias);
    }
    let file = item
        .file_name
        .as_ref()
        .and_then(|f| pattern.score(f.slice(..), m))
        .map(|s| s * FILE_WEIGHT);
    let description = item
        .description
        .as_ref()
        .and_then(|d| prose.score(d.slice(..), m))
        .map(|s| s * DESCRIPTION_WEIGHT);
    file.max(description)
}

/// 2: the name or alias is the query; 1: it starts with the query; 0: fuzzy.
fn tier(item: &SearchText, query_lower: &str) -> u8 {
    let names = std::iter::once(item.name_lower.as_str())
        .chain(item.alias.as_ref().map(|(_, lower)| lower.as_str()));
    let mut tier = 0;
    for name in names {
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
        let narrowed = ranker.rank_subset(&items, first.iter().map(|r| r.index), "12", |_| 0.0);
        assert_eq!(narrowed, ranker.rank(&items, "12", |_| 0.0));
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
