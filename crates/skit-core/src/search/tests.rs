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
fn reference_order(items: &[SearchText], query: &str, boost: impl Fn(usize) -> f64) -> Vec<usize> {
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
