//! `skit dmenu`, the rofi-compatible half that has nothing to draw: reading rofi's
//! command-line flags, reading choices from stdin in batches, parsing rofi's row
//! options, and turning the user's choice into exactly the stdout and exit code rofi
//! would give, so i3/sway scripts written for `rofi -dmenu` keep working.
//!
//! Flags follow rofi: one dash (`-p`, `-multi-select`), matched without regard to
//! case, the first occurrence wins, and a value is the next argument even when it
//! starts with a dash. Two dashes are accepted too (`--p`, `--prompt`). Flags that
//! cannot apply here (themes, plugins, the display, dmenu's colours) are accepted and
//! listed in [`DmenuOptions::ignored`], which the command prints as one line on
//! stderr; like rofi, a flag nobody knows and a stray argument are ignored, never an
//! error. The window itself (prompt, filter, marks, keys) is the UI's business, not
//! this module's.

use std::ffi::OsStr;
use std::fmt;

use std::path::{Path, PathBuf};

pub mod keys;
pub mod matching;
mod output;
mod rows;

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

/// A command line `skit dmenu` cannot follow; the message says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DmenuArgsError(String);

impl fmt::Display for DmenuArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DmenuArgsError {}

/// What one flag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
    Prompt,
    Message,
    Format,
    Lines,
    SelectedRow,
    Select,
    Separator,
    Filter,
    WindowTitle,
    Input,
    CaseInsensitive,
    CaseSensitive(bool),
    CaseSmart(bool),
    Matching,
    NegateChar,
    Sort(bool),
    SortingMethod,
    Tokenize(bool),
    Active,
    Urgent,
    DisplayColumns,
    DisplayColumnSeparator,
    KeepRight(bool),
    /// `-kb-NAME`: a key binding.
    Key,
    MultiSelect,
    Password,
    NoCustom,
    OnlyMatch,
    Version,
    MarkupRows,
    Sync,
    AutoSelect(bool),
    Dump,
    Help,
    /// `-dmenu` itself.
    Dmenu,
    /// Rofi or dmenu flags about looks that take a value.
    IgnoredWithValue,
    /// Rofi or dmenu switches about looks or behaviour skit does not have.
    Ignored,
}

impl Flag {
    fn takes_value(self) -> bool {
        matches!(
            self,
            Flag::Prompt
                | Flag::Message
                | Flag::Format
                | Flag::Lines
                | Flag::SelectedRow
                | Flag::Select
                | Flag::Separator
                | Flag::Filter
                | Flag::WindowTitle
                | Flag::Input
                | Flag::Matching
                | Flag::NegateChar
                | Flag::SortingMethod
                | Flag::Active
                | Flag::Urgent
                | Flag::DisplayColumns
                | Flag::DisplayColumnSeparator
                | Flag::Key
                | Flag::IgnoredWithValue
        )
    }

    /// What the value is, for "needs a value" errors.
    fn value_name(self) -> &'static str {
        match self {
            Flag::Prompt => "the prompt",
            Flag::Message => "the message",
            Flag::Format => "the output format, e.g. s or i",
            Flag::Lines => "the number of rows to show",
            Flag::SelectedRow => "the row to highlight, from 0",
            Flag::Select => "the text of the row to highlight",
            Flag::Separator => "the separator character",
            Flag::Filter => "the query to start with",
            Flag::WindowTitle => "the window title",
            Flag::Input => "the file to read rows from",
            _ => "a value",
        }
    }
}

/// Rofi flags (`rofi -help`, rofi-dmenu(5), the config options) and classic dmenu
/// flags that only change looks or rofi-specific behaviour, and take a value.
const IGNORED_WITH_VALUE: &[&str] = &[
    "theme",
    "theme-str",
    "config",
    "location",
    "width",
    "columns",
    "font",
    "xoffset",
    "yoffset",
    "monitor",
    "m",
    "dpi",
    "icon-theme",
    "cache-dir",
    "w",
    "ballot-selected-str",
    "ballot-unselected-str",
    "ellipsize-mode",
    "async-pre-read",
    "eh",
    "threads",
    "scroll-method",
    "max-history-size",
    "refilter-timeout-limit",
    "application-fallback-icon",
    "terminal",
    "padding",
    "bw",
    "line-padding",
    "line-margin",
    "separator-style",
    "color-normal",
    "color-urgent",
    "color-active",
    "color-window",
    "fn",
    "nb",
    "nf",
    "sb",
    "sf",
];

/// Prefixes of rofi's mouse binding flags (`-me-select-entry MousePrimary`), which
/// take a value.
const IGNORED_PREFIXES_WITH_VALUE: &[&str] = &["me-", "ml-"];

/// Rofi and dmenu switches without a value; rofi's boolean options also come as
/// `-no-NAME`, which is accepted for each of these.
const IGNORED_SWITCHES: &[&str] = &[
    "b",
    "f",
    "normal-window",
    "steal-focus",
    "lazy-grab",
    "config",
    "replace",
    "show-icons",
    "fixed-num-lines",
    "hover-select",
    "click-to-exit",
    "cycle",
    "disable-history",
    "normalize-match",
    "sidebar-mode",
    "hide-scrollbar",
    "fullscreen",
    "window-thumbnail",
    "markup",
    "plugins",
];

fn flag_named(name: &str) -> Option<Flag> {
    let flag = match name {
        "p" | "prompt" => Flag::Prompt,
        "mesg" | "message" => Flag::Message,
        "format" => Flag::Format,
        "l" | "lines" => Flag::Lines,
        "selected-row" => Flag::SelectedRow,
        "select" => Flag::Select,
        "sep" | "separator" => Flag::Separator,
        "filter" => Flag::Filter,
        "window-title" => Flag::WindowTitle,
        "input" => Flag::Input,
        "i" => Flag::CaseInsensitive,
        "case-sensitive" => Flag::CaseSensitive(true),
        "no-case-sensitive" => Flag::CaseSensitive(false),
        "case-smart" => Flag::CaseSmart(true),
        "no-case-smart" => Flag::CaseSmart(false),
        "matching" => Flag::Matching,
        "matching-negate-char" => Flag::NegateChar,
        "sort" => Flag::Sort(true),
        "no-sort" => Flag::Sort(false),
        "sorting-method" => Flag::SortingMethod,
        "tokenize" => Flag::Tokenize(true),
        "no-tokenize" => Flag::Tokenize(false),
        "a" => Flag::Active,
        "u" => Flag::Urgent,
        "display-columns" => Flag::DisplayColumns,
        "display-column-separator" => Flag::DisplayColumnSeparator,
        "keep-right" => Flag::KeepRight(true),
        "no-keep-right" => Flag::KeepRight(false),
        _ if name.starts_with("kb-") => Flag::Key,
        "multi-select" => Flag::MultiSelect,
        "password" => Flag::Password,
        "no-custom" => Flag::NoCustom,
        "only-match" => Flag::OnlyMatch,
        "v" | "version" => Flag::Version,
        "markup-rows" => Flag::MarkupRows,
        "sync" => Flag::Sync,
        "auto-select" => Flag::AutoSelect(true),
        "no-auto-select" => Flag::AutoSelect(false),
        "dump" => Flag::Dump,
        "h" | "help" => Flag::Help,
        "dmenu" => Flag::Dmenu,
        _ if IGNORED_WITH_VALUE.contains(&name)
            || IGNORED_PREFIXES_WITH_VALUE
                .iter()
                .any(|prefix| name.starts_with(prefix)) =>
        {
            Flag::IgnoredWithValue
        }
        _ if IGNORED_SWITCHES.contains(&name.strip_prefix("no-").unwrap_or(name)) => Flag::Ignored,
        _ => return None,
    };
    Some(flag)
}

/// Reads `skit dmenu`'s arguments (without the program and subcommand names).
pub fn parse_args<I, S>(args: I) -> Result<DmenuOptions, DmenuArgsError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args = args
        .into_iter()
        .enumerate()
        .map(|(position, arg)| {
            arg.as_ref().to_str().map(str::to_string).ok_or_else(|| {
                DmenuArgsError(format!(
                    "argument {} of skit dmenu is not valid UTF-8; pass text options as UTF-8",
                    position + 1
                ))
            })
        })
        .collect::<Result<Vec<String>, _>>()?;

    let mut options = DmenuOptions::default();
    // Rofi looks every flag up from the start of argv, so the first occurrence wins.
    let mut seen: Vec<Flag> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // rofi ignores what it does not know: a stray argument (often the value of
        // an unknown flag) and a flag of a newer rofi or of a plugin.
        let Some(name) = arg
            .strip_prefix("--")
            .or_else(|| arg.strip_prefix('-'))
            .filter(|name| !name.is_empty())
            .map(str::to_ascii_lowercase)
        else {
            options.ignored.push(arg.clone());
            continue;
        };
        let Some(flag) = flag_named(&name) else {
            options.ignored.push(arg.clone());
            continue;
        };
        let value = if flag.takes_value() {
            Some(args.next().ok_or_else(|| {
                DmenuArgsError(format!(
                    "the option '{arg}' needs a value after it ({})",
                    flag.value_name()
                ))
            })?)
        } else {
            None
        };
        // Each key binding is a flag of its own. rofi's config options (-filter,
        // -matching, -sorting-method) go through its config parser, where the last
        // one wins; `first` is true for each of them.
        let first = if matches!(flag, Flag::Filter | Flag::Matching | Flag::SortingMethod) {
            true
        } else if flag == Flag::Key {
            !options
                .keys
                .iter()
                .any(|(key, _)| format!("kb-{key}") == name)
        } else {
            !seen.contains(&flag)
        };
        seen.push(flag);
        let value = value.map(String::as_str).unwrap_or("");
        match flag {
            Flag::IgnoredWithValue | Flag::Ignored => {
                options.ignored.push(arg.clone());
            }
            Flag::Dmenu => {}
            _ if !first => tracing::debug!("skit dmenu uses the first {arg}, as rofi does"),
            Flag::Prompt => options.prompt = Some(value.to_string()),
            Flag::Message => options.message = Some(value.to_string()),
            Flag::Format => options.format = value.to_string(),
            Flag::Lines => options.lines = Some(whole_number(arg, value, flag)?),
            Flag::SelectedRow => options.selected_row = Some(whole_number(arg, value, flag)?),
            Flag::Select => options.select = Some(value.to_string()),
            Flag::Separator => options.separator = separator(value)?,
            Flag::Filter => options.filter = value.to_string(),
            Flag::WindowTitle => options.window_title = Some(value.to_string()),
            Flag::Input => options.input = Some(PathBuf::from(value)),
            Flag::CaseInsensitive => options.matching.insensitive = true,
            Flag::CaseSensitive(on) => options.matching.sensitive = Some(on),
            Flag::CaseSmart(on) => options.matching.smart = Some(on),
            Flag::Matching => options.matching.method = Some(value.to_ascii_lowercase()),
            Flag::NegateChar => options.matching.negate_char = Some(value.to_string()),
            Flag::Sort(on) => options.matching.sort = Some(on),
            Flag::SortingMethod => {
                options.matching.sorting_method = Some(value.to_ascii_lowercase())
            }
            // rofi: -tokenize anywhere wins over -no-tokenize.
            Flag::Tokenize(on) => {
                options.matching.tokenize = Some(on || options.matching.tokenize == Some(true))
            }
            Flag::Active => options.active = RowSet::parse(value),
            Flag::Urgent => options.urgent = RowSet::parse(value),
            Flag::DisplayColumns => {
                options.display_columns = Some(
                    value
                        .split(',')
                        .filter_map(|c| c.trim().parse().ok())
                        .filter(|&c| c > 0)
                        .collect(),
                )
            }
            Flag::DisplayColumnSeparator => options.display_column_separator = value.to_string(),
            Flag::KeepRight(on) => options.keep_right = on,
            Flag::Key => {
                let key = name.trim_start_matches("kb-").to_string();
                // Bindings the window has no such action for (kb-row-first,
                // kb-mode-next…) are told as ignored.
                if !keys::Binding::all().iter().any(|b| b.name() == key) {
                    options.ignored.push(arg.clone());
                }
                options.keys.push((key, value.to_string()));
            }
            Flag::MultiSelect => options.multi_select = true,
            Flag::Password => options.password = true,
            Flag::NoCustom => options.no_custom = true,
            Flag::OnlyMatch => {
                options.no_custom = true;
                options.only_match = true;
            }
            Flag::Version => options.version = true,
            Flag::MarkupRows => options.markup_rows = true,
            Flag::Sync => options.sync = true,
            Flag::AutoSelect(on) => options.auto_select = on,
            Flag::Dump => options.dump = true,
            Flag::Help => options.help = true,
        }
    }
    Ok(options)
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

fn whole_number<T: std::str::FromStr>(
    arg: &str,
    value: &str,
    flag: Flag,
) -> Result<T, DmenuArgsError> {
    value.trim().parse().map_err(|_| {
        DmenuArgsError(format!(
            "the option '{arg}' needs a whole number ({}), not '{value}'",
            flag.value_name()
        ))
    })
}

/// Rofi's `-sep` value: one ASCII character, or `\n`, `\t`, `\0`, `\r`, `\a`, `\b`,
/// `\v`, `\f`, `\\`, or `\xHH`.
fn separator(value: &str) -> Result<u8, DmenuArgsError> {
    let escaped = match value.as_bytes() {
        [byte] if byte.is_ascii() => Some(*byte),
        [b'\\', b'n'] => Some(b'\n'),
        [b'\\', b't'] => Some(b'\t'),
        [b'\\', b'0'] => Some(0),
        [b'\\', b'r'] => Some(b'\r'),
        [b'\\', b'a'] => Some(0x07),
        [b'\\', b'b'] => Some(0x08),
        [b'\\', b'v'] => Some(0x0b),
        [b'\\', b'f'] => Some(0x0c),
        [b'\\', b'\\'] => Some(b'\\'),
        [b'\\', b'x', hex @ ..] if (1..=2).contains(&hex.len()) => std::str::from_utf8(hex)
            .ok()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok()),
        _ => None,
    };
    escaped.ok_or_else(|| {
        DmenuArgsError(format!(
            "the option '-sep' needs one ASCII character or an escape such as \\n, \\0 \
             or \\x1f, not '{value}'"
        ))
    })
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
