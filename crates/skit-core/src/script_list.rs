//! The launcher's list of scripts: the catalog prepared for fuzzy search, ranked
//! with frecency. Shared by `skit list` and the launcher window.

use crate::catalog::Script;
use crate::frecency::Frecency;
use crate::keyword::Keywords;
use crate::search::{Matches, Ranked, Ranker, SearchText};

/// Scripts with their search text and frecency keys prepared once.
#[derive(Clone, Debug, Default)]
pub struct ScriptList {
    pub scripts: Vec<Script>,
    texts: Vec<SearchText>,
    keys: Vec<String>,
    /// The scripts' `Keyword:`s (clashes are reported by the launcher's shell).
    pub keywords: Keywords,
}

impl ScriptList {
    pub fn new(scripts: Vec<Script>) -> ScriptList {
        // The file name without its extension: ".py" would match every "p".
        let texts = scripts
            .iter()
            .map(|s| {
                let stem = s.path.file_stem().map(|stem| stem.to_string_lossy());
                SearchText::new(&s.name, s.alias(), stem.as_deref(), s.description())
            })
            .collect();
        let keys = scripts.iter().map(frecency_key).collect();
        let (keywords, _) = Keywords::new(&scripts);
        ScriptList {
            scripts,
            texts,
            keys,
            keywords,
        }
    }

    /// The search text of each script, in order.
    pub fn texts(&self) -> &[SearchText] {
        &self.texts
    }

    /// Ranks the scripts for `query`, best first, with usage from `frecency` at `now`.
    pub fn rank(
        &self,
        ranker: &mut Ranker,
        query: &str,
        frecency: &Frecency,
        now: u64,
    ) -> Vec<Ranked> {
        let mut matches = Matches::default();
        self.rank_into(&mut matches, ranker, query, frecency, now);
        matches.into_ranked()
    }

    /// Like [`ScriptList::rank`], into `matches`.
    pub(crate) fn rank_into(
        &self,
        matches: &mut Matches,
        ranker: &mut Ranker,
        query: &str,
        frecency: &Frecency,
        now: u64,
    ) {
        matches.update(ranker, &self.texts, query, |i| {
            frecency.boost(&self.keys[i], now)
        });
    }
}

/// The frecency key of a script: its path.
pub fn frecency_key(script: &Script) -> String {
    script.path.to_string_lossy().into_owned()
}
