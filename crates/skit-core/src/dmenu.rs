//! `skit dmenu`, the rofi-compatible half that has nothing to draw: what rofi's
//! command-line flags ask for ([`DmenuOptions`], read by `args`), reading choices
//! from stdin in batches and parsing rofi's row options (`rows`), matching them
//! (`matching`), and turning the user's choice into exactly the stdout and exit
//! code rofi would give (`output`), so i3/sway scripts written for `rofi -dmenu`
//! keep working. The window itself (prompt, filter, marks, keys) is the UI's
//! business, not this module's.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

mod args;
pub mod keys;
pub mod matching;
mod output;
mod rows;

pub use args::{DmenuArgsError, parse_args};
pub use output::{Accept, Verdict, decide};
pub(crate) use output::{Pick, format_output};
pub(crate) use rows::strip_markup;
pub use rows::{MarkupStyle, Row, markup_spans, parse_row, pick_columns, read_lines, read_rows};

/// Exit code when the user chose something (a row or typed text).
pub const EXIT_CHOSEN: i32 = 0;
/// Exit code when the user cancelled (Escape).
pub const EXIT_CANCELLED: i32 = 1;
/// Longest row kept; the rest of a longer row is dropped with a warning, so one
/// endless line on stdin cannot take all memory. Rows are never dropped whole, so
/// the indices `-format i` prints still count lines.
pub(crate) const MAX_ROW_BYTES: usize = 1024 * 1024;

/// The options `skit dmenu` understands, for `skit dmenu -help`.
pub const HELP: &str = "\
skit dmenu: pick a line from stdin, like rofi -dmenu (same output for the same keys).

  printf 'a\\nb\\n' | skit dmenu -p Pick      prints the chosen line
  exit 0 on a choice, 1 on Escape, 10-28 on a custom key (Alt+1...)

  -p PROMPT             a label before the query
  -mesg TEXT            message under the query field (pango markup)
  -filter TEXT          start with this query
  -i                    match case-insensitively (rofi's default: case-sensitive)
  -case-sensitive       case-sensitive, the default anyway (-i wins, as in rofi)
  -case-smart           case-sensitive only when the query has an uppercase letter
  -matching METHOD      normal (substring, the default), regex, glob, fuzzy, prefix
  -no-tokenize          match the query as one string, not word by word
  -matching-negate-char C   a word starting with C excludes lines (default -)
  -sort                 rank the matches (-sorting-method levenshtein or fzf)
  -format FMT           what to print: s text, i index from 0, d index from 1,
                        q quoted text, p text without markup, f filter,
                        F quoted filter; other characters as they are (default s)
  -multi-select         Shift+Enter marks lines; prints one line per marked line
  -no-custom            only lines can be chosen, not typed text
  -only-match           the same, and Escape does nothing
  -password             hide the query as it is typed
  -markup-rows          lines are pango markup: shown formatted, matched as text
  -a ROWS, -u ROWS      active and urgent lines (5,-3:,7:11)
  -l LINES              lines shown before scrolling
  -selected-row N       highlight line N (from 0) at the start
  -select TEXT          highlight the first line matching TEXT at the start
  -sep CHAR             line separator: a character, or \\n \\t \\0 \\x1f... (default \\n)
  -input FILE           read lines from FILE instead of stdin
  -sync                 read all of stdin before showing the window
  -auto-select          choose the only line left without Enter
  -dump                 print the lines matching -filter and quit
  -display-columns N,M  show only these columns (-display-column-separator, tab)
  -window-title TITLE   window title
  -kb-custom-N KEYS     the key of custom key N (exit code 9+N); also -kb-accept-entry,
                        -kb-accept-custom, -kb-accept-alt, -kb-row-up, -kb-row-down,
                        -kb-row-tab, -kb-row-select, -kb-cancel

  Lines may carry rofi's options: text\\0icon\\x1fNAME\\x1fmeta\\x1fWORDS\\x1finfo\\x1fINFO
  (also display, nonselectable, permanent, urgent, active).
  rofi's theme and layout flags (-theme, -location, -width...) and flags rofi does
  not know are ignored, named on stderr.
";

/// Everything `skit dmenu`'s flags asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DmenuOptions {
    /// `-p`: the prompt. Rofi shows "dmenu" when there is none.
    pub prompt: Option<String>,
    /// `-mesg`: a message under the query field, in pango markup.
    pub message: Option<String>,
    /// `-format`: see [`format_output`]. Default `s`.
    pub(crate) format: String,
    /// `-l`: rows shown before scrolling.
    pub lines: Option<u32>,
    /// `-selected-row`: the row highlighted at the start, from 0.
    pub selected_row: Option<usize>,
    /// `-select`: highlight the first row that matches this at the start.
    pub select: Option<String>,
    /// `-sep`: the byte between rows. Default `\n`.
    pub separator: u8,
    /// `-filter`: the query to start with.
    pub filter: String,
    /// How the query matches rows (`-matching`, `-i`, `-sort`…): see
    /// [`MatchFlags::matching`].
    pub matching: MatchFlags,
    /// `-multi-select`: rows can be marked and all marked rows are printed.
    pub multi_select: bool,
    /// `-password`: the query is hidden as it is typed.
    pub password: bool,
    /// `-no-custom` or `-only-match`: Enter on typed text that matches no row does
    /// nothing; with no rows at all, `skit dmenu` exits 0 at once, printing nothing.
    pub no_custom: bool,
    /// `-only-match`: besides, Escape does nothing ("always returns an entry").
    pub only_match: bool,
    /// `-v`, `-version`: print the version and exit 0.
    pub version: bool,
    /// `-markup-rows`: rows are pango markup; see [`Row::shown_text`].
    pub markup_rows: bool,
    /// `-window-title`.
    pub window_title: Option<String>,
    /// `-input`: read rows from this file instead of stdin.
    pub input: Option<PathBuf>,
    /// `-sync`: read all rows before showing anything.
    pub(crate) sync: bool,
    /// `-auto-select`: when one row is left, choose it without Enter.
    pub auto_select: bool,
    /// `-dump`: print every row matching `filter` (each through `format`, with its
    /// index) and exit 0, without showing a window.
    pub dump: bool,
    /// `-h`, `-help`: print [`HELP`] and exit 0.
    pub help: bool,
    /// `-kb-NAME KEYS`: rofi key bindings the script set, by name without `kb-`
    /// (`custom-1`, `accept-entry`…), first occurrence of each.
    pub keys: Vec<(String, String)>,
    /// `-a`: rows shown as active.
    pub active: RowSet,
    /// `-u`: rows shown as urgent.
    pub urgent: RowSet,
    /// `-display-columns`: the columns of each row shown (from 1), split at
    /// `display_column_separator`; matching and output use the whole row.
    pub display_columns: Option<Vec<usize>>,
    /// `-display-column-separator` (a regular expression in rofi; a plain string
    /// here). Default a tab.
    pub display_column_separator: String,
    /// `-keep-right`: a row too long for the window shows its end.
    pub keep_right: bool,
    /// Flags and arguments that do not apply and were ignored, as given.
    pub ignored: Vec<String>,
    /// skit's own fuzzy ranking with frecency instead of rofi's matching (the
    /// config's `"dmenu": {"matching": "skit"}`, not a flag).
    pub skit_ranking: bool,
    /// Where the lines chosen are counted for that ranking (not a flag).
    pub frecency_file: Option<PathBuf>,
}

impl MatchFlags {
    /// rofi's matching as these flags ask for it. Values rofi refuses (an
    /// unknown `-matching`) leave its default.
    pub fn matching(&self) -> matching::Matching {
        use matching::{Case, Matching, Method, Sorting};
        let default = Matching::default();
        Matching {
            method: self
                .method
                .as_deref()
                .and_then(Method::parse)
                .unwrap_or(default.method),
            // `rofi -dmenu` is case-sensitive whatever -case-sensitive says;
            // only -i turns that off (rofi 1.7.3 has no -case-smart; later ones do).
            case: if self.insensitive {
                Case::Insensitive
            } else if self.smart == Some(true) {
                Case::Smart
            } else {
                Case::Sensitive
            },
            tokenize: self.tokenize.unwrap_or(default.tokenize),
            negate_char: match &self.negate_char {
                Some(value) => matching::parse_negate_char(value),
                None => default.negate_char,
            },
            sort: self.sort.unwrap_or(default.sort),
            sorting: self
                .sorting_method
                .as_deref()
                .and_then(Sorting::parse)
                .unwrap_or(default.sorting),
        }
    }
}

/// The flags about matching, as given; rofi's defaults where absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchFlags {
    /// `-matching normal|regex|glob|fuzzy|prefix`.
    pub(crate) method: Option<String>,
    /// `-i`.
    pub(crate) insensitive: bool,
    /// `-case-sensitive` (true) or `-no-case-sensitive` (false).
    pub(crate) sensitive: Option<bool>,
    /// `-case-smart` / `-no-case-smart`.
    pub(crate) smart: Option<bool>,
    /// `-tokenize` / `-no-tokenize`.
    pub(crate) tokenize: Option<bool>,
    /// `-matching-negate-char`.
    pub(crate) negate_char: Option<String>,
    /// `-sort` / `-no-sort`.
    pub(crate) sort: Option<bool>,
    /// `-sorting-method levenshtein|fzf`.
    pub(crate) sorting_method: Option<String>,
}

impl Default for DmenuOptions {
    fn default() -> Self {
        DmenuOptions {
            prompt: None,
            message: None,
            format: "s".to_string(),
            lines: None,
            selected_row: None,
            select: None,
            separator: b'\n',
            filter: String::new(),
            matching: MatchFlags::default(),
            multi_select: false,
            password: false,
            no_custom: false,
            only_match: false,
            version: false,
            markup_rows: false,
            window_title: None,
            input: None,
            sync: false,
            auto_select: false,
            dump: false,
            help: false,
            keys: Vec::new(),
            active: RowSet::default(),
            urgent: RowSet::default(),
            display_columns: None,
            display_column_separator: "\t".into(),
            keep_right: false,
            ignored: Vec::new(),
            skit_ranking: false,
            frecency_file: None,
        }
    }
}

/// The rows of `-a` and `-u`: rofi's comma-separated Python-style indices and
/// ranges (`5`, `-1` for the last row, `-3:` for the last three, `7:11` for four
/// rows from 7) and its legacy inclusive ranges (`7-10`). Negative indices count
/// from the end, so they are resolved against the number of rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowSet(Vec<(Option<i64>, Option<i64>)>);

impl RowSet {
    /// Reads rofi's notation; parts it cannot read are left out.
    pub(crate) fn parse(value: &str) -> RowSet {
        let number = |s: &str| -> Result<Option<i64>, ()> {
            match s.trim() {
                "" => Ok(None),
                s => s.parse().map(Some).map_err(|_| ()),
            }
        };
        let mut ranges = Vec::new();
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let range = if let Some((start, end)) = part.split_once(':') {
                number(start).and_then(|start| Ok((start, number(end)?)))
            } else if let Some((start, end)) = part
                .split_once('-')
                .filter(|(start, _)| !start.trim().is_empty())
            {
                // Legacy `7-10`: both ends included.
                number(start).and_then(|start| Ok((start, number(end)?.map(|end| end + 1))))
            } else {
                number(part).map(|one| (one, one.map(|i| if i == -1 { i64::MAX } else { i + 1 })))
            };
            if let Ok(range) = range {
                ranges.push(range);
            }
        }
        RowSet(ranges)
    }

    /// Whether row `index` of `count` rows is in the set.
    pub fn contains(&self, index: usize, count: usize) -> bool {
        let (index, count) = (index as i64, count as i64);
        let resolve = |i: i64| if i < 0 { count + i } else { i };
        self.0.iter().any(|&(start, end)| {
            let start = start.map_or(0, resolve);
            let end = match end {
                Some(i64::MAX) | None => count,
                Some(end) => resolve(end),
            };
            (start..end).contains(&index)
        })
    }
}

/// `-dump`: every row that matches `options.filter`, as `rofi -dmenu -dump`
/// lists them: the raw text matched (markup and all, `meta` not consulted), in
/// input order (rofi's `-dump` does not sort), each printed through
/// `options.format`.
pub fn dump(options: &DmenuOptions, rows: &[Row]) -> String {
    let matching = matching::Matching {
        sort: false,
        ..options.matching.matching()
    };
    let picks: Vec<Pick<'_>> = matching
        .filter(rows.iter().map(|row| row.text.as_str()), &options.filter)
        .into_iter()
        .map(|index| Pick {
            index: Some(index),
            text: &rows[index].text,
        })
        .collect();
    format_output(&options.format, &picks, &options.filter)
}

/// Whether the program was started as a dmenu (a symlink): under the name `dmenu`,
/// as rofi does, or under the name `rofi` with `-dmenu` among `args` (so scripts
/// that run `rofi -dmenu` find skit first on PATH).
pub fn invoked_as_dmenu(argv0: &OsStr, args: &[String]) -> bool {
    let name = Path::new(argv0).file_name();
    name == Some(OsStr::new("dmenu"))
        || (name == Some(OsStr::new("rofi"))
            && args
                .iter()
                .any(|arg| arg.trim_start_matches('-').eq_ignore_ascii_case("dmenu")))
}

#[cfg(test)]
mod tests;
