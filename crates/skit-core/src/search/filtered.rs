//! A list of items narrowed by a query: the items, their search text prepared once,
//! and the ranked matches of the last query. The data of every picker that filters
//! with skit's ranking and no usage boost (an `arg` prompt's choices, an actions
//! menu); the script list adds frecency on top of the same [`Matches`].

use std::sync::Arc;

use super::{Matches, Ranker, SearchText, Texts};

/// Ranking work to do off the UI thread; returns the new matches.
pub type MatchJob = Box<dyn FnOnce() -> Matches + Send>;

pub struct FilteredItems<T> {
    items: Vec<T>,
    /// Shared with background ranking jobs.
    texts: ChunkedTexts,
    ranker: Ranker,
    matches: Matches,
    text_of: fn(&T) -> SearchText,
    /// A usage boost per item added to its score when a query ranks (see
    /// [`FilteredItems::with_boost`]); shared with background rankings.
    boost_of: Option<fn(&T) -> f64>,
    boosts: Arc<Vec<f64>>,
}

impl<T> FilteredItems<T> {
    /// `text_of` says what of an item is searched.
    pub fn new(items: Vec<T>, text_of: fn(&T) -> SearchText) -> Self {
        let mut filtered = FilteredItems {
            items: Vec::new(),
            texts: ChunkedTexts::default(),
            ranker: Ranker::default(),
            matches: Matches::default(),
            text_of,
            boost_of: None,
            boosts: Arc::default(),
        };
        filtered.set(items);
        filtered
    }

    /// Adds `boost_of` of each item to its score when a query ranks (frecency);
    /// the empty query keeps the items' order.
    pub fn with_boost(mut self, boost_of: fn(&T) -> f64) -> Self {
        self.boost_of = Some(boost_of);
        self.boosts = Arc::new(self.items.iter().map(boost_of).collect());
        self
    }

    /// Replaces the items; the next [`FilteredItems::update`] ranks them all.
    pub fn set(&mut self, items: Vec<T>) {
        self.texts = ChunkedTexts::default();
        self.texts.extend(items.iter().map(self.text_of));
        if let Some(boost_of) = self.boost_of {
            self.boosts = Arc::new(items.iter().map(boost_of).collect());
        }
        self.items = items;
        self.matches.items_changed();
    }

    /// Adds items after the current ones.
    pub fn extend(&mut self, items: Vec<T>) {
        self.texts.extend(items.iter().map(self.text_of));
        if let Some(boost_of) = self.boost_of {
            Arc::make_mut(&mut self.boosts).extend(items.iter().map(boost_of));
        }
        self.items.extend(items);
        self.matches.items_changed();
    }

    /// Ranks the items for `query` here and now. An empty query keeps their order.
    pub fn update(&mut self, query: &str) {
        if query.trim().is_empty() {
            // What ranking would give (no boosts), without sorting a million
            // choices again at each `setChoices` a script streams.
            self.matches = Matches::all(self.texts.len());
            return;
        }
        let boosts = &self.boosts;
        self.matches
            .update(&mut self.ranker, &self.texts, query, |ix| {
                boosts.get(ix).copied().unwrap_or(0.0)
            });
    }

    /// The ranking of `query` as a job for another thread, when it looks at
    /// `threshold` items or more; `None` when it is cheap enough to do at once.
    pub fn background_job(&self, query: &str, threshold: usize) -> Option<MatchJob> {
        // An empty query keeps the items' order: nothing to rank.
        if query.trim().is_empty() || self.matches.work_for(query, self.texts.len()) < threshold {
            return None;
        }
        let (texts, mut matches, query, boosts) = (
            self.texts.clone(),
            self.matches.clone(),
            query.to_string(),
            self.boosts.clone(),
        );
        Some(Box::new(move || {
            matches.update(&mut Ranker::default(), &texts, &query, |ix| {
                boosts.get(ix).copied().unwrap_or(0.0)
            });
            matches
        }))
    }

    /// Takes the result of a [`FilteredItems::background_job`].
    pub fn apply(&mut self, matches: Matches) {
        self.matches = matches;
    }

    /// The item of match `ix`.
    pub fn get(&self, ix: usize) -> Option<&T> {
        self.matches.get(ix).map(|m| &self.items[m.index])
    }

    /// The item of match `ix`, with its position among all items.
    pub fn get_with_index(&self, ix: usize) -> Option<(usize, &T)> {
        self.matches
            .get(ix)
            .map(|m| (m.index, &self.items[m.index]))
    }

    /// Every item matches, in their order (someone else filtered them).
    pub fn show_all(&mut self) {
        self.matches = Matches::all(self.items.len());
    }

    /// How many items match.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    /// Whether nothing matches.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// Every item, matching or not, in their original order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Character indices of `name` to highlight for `query`.
    pub fn name_positions(&mut self, name: &str, query: &str) -> Vec<usize> {
        self.ranker.name_positions(name, query)
    }
}

/// Items per chunk of [`ChunkedTexts`].
const CHUNK: usize = 4096;

/// Search texts in chunks of [`CHUNK`], each shared with the background rankings
/// that read it: adding texts (a script streaming a million choices) copies at most
/// the last, unfilled chunk, never what came before, while a ranking runs.
#[derive(Clone, Default)]
pub(crate) struct ChunkedTexts {
    chunks: Vec<Arc<Vec<SearchText>>>,
    len: usize,
}

impl ChunkedTexts {
    fn extend(&mut self, texts: impl IntoIterator<Item = SearchText>) {
        for text in texts {
            match self.chunks.last_mut() {
                Some(last) if last.len() < CHUNK => Arc::make_mut(last).push(text),
                _ => {
                    let mut chunk = Vec::with_capacity(CHUNK);
                    chunk.push(text);
                    self.chunks.push(Arc::new(chunk));
                }
            }
            self.len += 1;
        }
    }
}

impl Texts for ChunkedTexts {
    fn len(&self) -> usize {
        self.len
    }

    fn text(&self, index: usize) -> &SearchText {
        &self.chunks[index / CHUNK][index % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(names: &[&str]) -> FilteredItems<String> {
        FilteredItems::new(
            names.iter().map(|n| n.to_string()).collect(),
            |n: &String| SearchText::name_only(n),
        )
    }

    #[test]
    fn narrows_ranks_and_keeps_order_on_an_empty_query() {
        let mut list = items(&["cherry", "apple", "apricot"]);
        list.update("");
        assert_eq!(list.get(0).map(String::as_str), Some("cherry"));
        list.update("ap");
        assert_eq!(list.len(), 2);
        list.update("apr");
        assert_eq!(list.get(0).map(String::as_str), Some("apricot"));
        list.extend(vec!["aprons".into()]);
        list.update("apr");
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn a_boost_lifts_an_item_for_a_query_but_not_the_empty_one() {
        let boosted = |names: &[&str]| {
            FilteredItems::new(
                names.iter().map(|n| n.to_string()).collect(),
                |n: &String| SearchText::name_only(n),
            )
            .with_boost(|n: &String| if n.ends_with("two") { 5.0 } else { 0.0 })
        };
        let mut list = boosted(&["alpha one", "alpha two"]);
        list.update("alpha");
        assert_eq!(list.get(0).map(String::as_str), Some("alpha two"));
        list.update("");
        assert_eq!(list.get(0).map(String::as_str), Some("alpha one"));
        // Added later, in a job on another thread: the same.
        list.extend(vec!["alpha three two".into()]);
        let matches = list.background_job("alpha", 1).expect("a job")();
        list.apply(matches);
        assert!(list.get(2).is_some_and(|n| n == "alpha one"));
        // Without a boost the shorter, equal match comes first.
        let mut plain = items(&["alpha one", "alpha two"]);
        plain.update("alpha");
        assert_eq!(plain.get(0).map(String::as_str), Some("alpha one"));
    }

    #[test]
    fn large_rankings_become_jobs_with_the_same_result() {
        let names: Vec<String> = (0..1000).map(|i| format!("item {i}")).collect();
        let mut list = FilteredItems::new(names, |n: &String| SearchText::name_only(n));
        assert!(list.background_job("item 99", 1001).is_none());
        let job = list
            .background_job("item 99", 1000)
            .expect("1,000 items is the threshold");
        list.apply(job());
        assert_eq!(list.get(0).map(String::as_str), Some("item 99"));
    }

    #[test]
    fn an_empty_query_is_never_a_job() {
        let names: Vec<String> = (0..1000).map(|i| format!("item {i}")).collect();
        let list = FilteredItems::new(names, |n: &String| SearchText::name_only(n));
        assert!(list.background_job("", 0).is_none());
        assert!(list.background_job("  ", 0).is_none());
    }

    /// A script streams choices while a ranking of the earlier ones runs: the
    /// ranking sees the items it started with, the list keeps all, and chunk
    /// boundaries are invisible.
    #[test]
    fn items_added_during_a_background_ranking_are_kept_apart_from_it() {
        let name = |i: usize| format!("choice {i:05}");
        let first: Vec<String> = (0..CHUNK + 10).map(name).collect();
        let mut list = FilteredItems::new(first, |n: &String| SearchText::name_only(n));
        let job = list.background_job("choice", 0).expect("a query to rank");
        list.extend((CHUNK + 10..3 * CHUNK).map(name).collect());
        // (Its result is stale now: the list view drops it and ranks again.)
        assert_eq!(job().len(), CHUNK + 10);
        list.update("choice");
        assert_eq!(list.len(), 3 * CHUNK);
        for index in [0, CHUNK - 1, CHUNK, CHUNK + 10, 3 * CHUNK - 1] {
            assert_eq!(&*list.texts.text(index).name_lower, name(index));
        }
    }

    /// What the list may be asked to do.
    #[derive(Clone, Debug)]
    enum Step {
        Update(String),
        InBackground(String),
        Set(Vec<String>),
        Extend(Vec<String>),
    }

    fn step() -> impl Strategy<Value = Step> {
        use crate::search::proptests::{name, query};
        let names = || proptest::collection::vec(name(), 0..6);
        prop_oneof![
            4 => query().prop_map(Step::Update),
            1 => query().prop_map(Step::InBackground),
            1 => names().prop_map(Step::Set),
            1 => names().prop_map(Step::Extend),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::test_strategies::cases(128))]

        /// However the items and queries change, on this thread or another, the
        /// matches are those of ranking all the items afresh.
        #[test]
        fn the_matches_are_always_those_of_a_fresh_ranking(
            steps in proptest::collection::vec(step(), 1..12),
        ) {
            let mut list = items(&[]);
            for step in &steps {
                let query = match step {
                    Step::Update(query) => {
                        list.update(query);
                        query
                    }
                    Step::InBackground(query) => {
                        match list.background_job(query, 0) {
                            Some(job) => list.apply(job()),
                            None => {
                                prop_assert!(query.trim().is_empty(), "no job for {:?}", query);
                                list.update(query);
                            }
                        }
                        query
                    }
                    Step::Set(names) => {
                        list.set(names.clone());
                        continue;
                    }
                    Step::Extend(names) => {
                        list.extend(names.clone());
                        continue;
                    }
                };
                let texts: Vec<SearchText> =
                    list.items().iter().map(|n| SearchText::name_only(n)).collect();
                let fresh: Vec<&String> = Ranker::default()
                    .rank(&texts, query, |_| 0.0)
                    .iter()
                    .map(|r| &list.items()[r.index])
                    .collect();
                let shown: Vec<&String> = (0..list.len()).filter_map(|ix| list.get(ix)).collect();
                prop_assert_eq!(shown, fresh, "after {:?}", steps);
            }
        }
    }
}
