//! The dmenu screen's lines: each parsed once (what is shown, what is matched,
//! its icon), and which of them match the query in which order.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::apps::icons::IconResolver;
use crate::dmenu::matching::{Candidate, Matching};
use crate::dmenu::{self, DmenuOptions};
use crate::frecency::{self, Frecency};
use crate::search::{FilteredItems, MatchJob, Matches, SearchText};

/// Rankings that look at this many rows run on a background thread.
const BACKGROUND_FROM: usize = 50_000;

/// One line, parsed, with what is shown and searched, and its icon file, worked
/// out once.
pub(super) struct DmenuItem {
    pub(super) row: dmenu::Row,
    pub(super) shown: String,
    /// How often the line was chosen before (skit's ranking only).
    pub(super) boost: f64,
    pub(super) search: String,
    pub(super) icon: Option<PathBuf>,
}

/// Parses a batch of lines and finds their icons (an icon name in the user's
/// theme, or a path). `columns`: `-display-columns` and its separator.
pub(super) fn parse(
    lines: Vec<String>,
    markup: bool,
    columns: Option<(Vec<usize>, String)>,
    frecency: Option<&Frecency>,
    icons: &Mutex<IconResolver>,
) -> Vec<DmenuItem> {
    let mut icons = icons.lock().expect("the icon cache");
    let now = frecency::now_secs();
    lines
        .iter()
        .map(|line| {
            let row = dmenu::parse_row(line);
            let shown = row.shown_text(markup);
            let shown = match &columns {
                Some((columns, separator)) => dmenu::pick_columns(&shown, columns, separator),
                None => shown.into_owned(),
            };
            DmenuItem {
                shown,
                boost: frecency.map_or(0.0, |f| f.boost(&row.text, now)),
                search: row.match_text(markup).into_owned(),
                icon: row.icon.as_deref().and_then(|icon| icons.resolve(icon)),
                row,
            }
        })
        .collect()
}

fn search_text(item: &DmenuItem) -> SearchText {
    SearchText::new(&item.search, None, None, item.row.meta.as_deref())
}

/// The lines, and which of them match the query in which order: rofi's matching
/// (the default), or skit's own ranking when the config asks for it.
pub(super) struct DmenuRows {
    items: FilteredItems<DmenuItem>,
    /// rofi's matching; `None` for skit's ranking (in `items`).
    rofi: Option<Matching>,
    /// The lines rofi lists for the query, in its order; `None` for all of them
    /// in input order (the empty query).
    shown: Option<Vec<usize>>,
    /// `-sort` ranks what is shown (`-display-columns`), not the line.
    sort_shown: bool,
}

impl DmenuRows {
    pub(super) fn new(options: &DmenuOptions) -> DmenuRows {
        DmenuRows {
            items: FilteredItems::new(Vec::new(), search_text).with_boost(|item| item.boost),
            rofi: (!options.skit_ranking).then(|| options.matching.matching()),
            shown: None,
            sort_shown: options.display_columns.is_some(),
        }
    }

    pub(super) fn update(&mut self, query: &str) {
        let Some(matching) = &self.rofi else {
            return self.items.update(query);
        };
        if query.is_empty() {
            self.shown = None;
            return;
        }
        let sort_shown = self.sort_shown;
        self.shown = Some(
            matching.filter_by(self.items.items(), query, |item| Candidate {
                text: Some(&item.search),
                meta: item.row.meta.as_deref(),
                sort_key: if sort_shown {
                    &item.shown
                } else {
                    &item.row.text
                },
            }),
        );
    }

    pub(super) fn background_job(&self, query: &str) -> Option<MatchJob> {
        // rofi's matching runs at once, spread over the CPUs (as rofi does).
        if self.rofi.is_some() {
            return None;
        }
        self.items.background_job(query, BACKGROUND_FROM)
    }

    pub(super) fn apply(&mut self, matches: Matches) {
        self.items.apply(matches);
    }

    pub(super) fn len(&self) -> usize {
        match (&self.rofi, &self.shown) {
            (None, _) => self.items.len(),
            (Some(_), None) => self.items.items().len(),
            (Some(_), Some(shown)) => shown.len(),
        }
    }

    pub(super) fn get_with_index(&self, ix: usize) -> Option<(usize, &DmenuItem)> {
        let index = match (&self.rofi, &self.shown) {
            (None, _) => return self.items.get_with_index(ix),
            (Some(_), None) => ix,
            (Some(_), Some(shown)) => *shown.get(ix)?,
        };
        self.items.items().get(index).map(|item| (index, item))
    }

    pub(super) fn get(&self, ix: usize) -> Option<&DmenuItem> {
        self.get_with_index(ix).map(|(_, item)| item)
    }

    pub(super) fn items(&self) -> &[DmenuItem] {
        self.items.items()
    }

    pub(super) fn extend(&mut self, items: Vec<DmenuItem>) {
        self.items.extend(items);
    }

    pub(super) fn name_positions(&mut self, name: &str, query: &str) -> Vec<usize> {
        self.items.name_positions(name, query)
    }
}
