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
