//! Reading `skit dmenu`'s command line into [`DmenuOptions`] the way rofi reads
//! it. Flags follow rofi: one dash (`-p`, `-multi-select`), matched without regard
//! to case, the first occurrence wins, and a value is the next argument even when
//! it starts with a dash. Two dashes are accepted too (`--p`, `--prompt`). Flags
//! that cannot apply here (themes, plugins, the display, dmenu's colours) are
//! accepted and listed in [`DmenuOptions::ignored`], which the command prints as
//! one line on stderr; like rofi, a flag nobody knows and a stray argument are
//! ignored, never an error.

use std::ffi::OsStr;
use std::fmt;
use std::path::PathBuf;

use super::{DmenuOptions, RowSet, keys};

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
pub(super) enum Flag {
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

pub(super) fn flag_named(name: &str) -> Option<Flag> {
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
