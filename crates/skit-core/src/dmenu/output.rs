//! What `skit dmenu` prints when the user is done, and its exit code, exactly as
//! rofi does it.

use super::{DmenuOptions, EXIT_CANCELLED, EXIT_CHOSEN, Row, strip_markup};

/// One thing to print: a row, or the typed text (`index: None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pick<'a> {
    /// The row's position in the input, from 0; `None` for typed text, which rofi
    /// prints as index -1 (`i`) and 0 (`d`).
    pub(crate) index: Option<usize>,
    /// The row's `text` (not its `display`), or the typed text.
    pub(crate) text: &'a str,
}

/// What rofi prints for `picks`: one line per pick, each `format` with its letters
/// replaced (`s` text, `i` index from 0, `d` index from 1, `q` text shell-quoted,
/// `p` text without pango markup, `f` the filter, `F` the filter shell-quoted) and
/// every other character as it is.
pub(crate) fn format_output(format: &str, picks: &[Pick<'_>], filter: &str) -> String {
    let mut out = String::new();
    for pick in picks {
        let index = pick.index.map_or(-1, |i| i as i64);
        for c in format.chars() {
            match c {
                's' => out.push_str(pick.text),
                'i' => out.push_str(&index.to_string()),
                'd' => out.push_str(&(index + 1).to_string()),
                'q' => out.push_str(&shell_quote(pick.text)),
                'p' => match strip_markup(pick.text) {
                    Some(plain) => out.push_str(&plain),
                    None => out.push_str("invalid string"),
                },
                'f' => out.push_str(filter),
                'F' => out.push_str(&shell_quote(filter)),
                other => out.push(other),
            }
        }
        out.push('\n');
    }
    out
}

/// Quotes `text` for a POSIX shell the way GLib's `g_shell_quote` (and so rofi)
/// does: in single quotes, each `'` written as `'\''`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What the user did to end the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// Enter on the highlighted row (its index in the input).
    Row(usize),
    /// Enter on typed text that matches no row, or "accept as typed".
    Custom,
    /// Escape.
    Cancel,
}

/// How `skit dmenu` ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Print `stdout` and exit with `code`.
    Exit { stdout: String, code: i32 },
    /// Nothing happens; the window stays (a non-selectable row, or typed text
    /// under `-no-custom`).
    StayOpen,
}

/// Rofi's rules for ending: Escape exits 1 printing nothing; Enter on a row prints
/// it (under `-multi-select`, the marked rows instead when there are any, in input
/// order) and exits 0; typed text is printed with index -1 and exits 0 unless
/// `-no-custom`, where (like Enter on a non-selectable row) it does nothing.
/// `marked` holds indices into `rows`; out-of-range ones are ignored.
pub fn decide(
    options: &DmenuOptions,
    rows: &[Row],
    accept: Accept,
    marked: &[usize],
    filter: &str,
) -> Verdict {
    let mut marked: Vec<usize> = if options.multi_select {
        marked.iter().copied().filter(|&i| i < rows.len()).collect()
    } else {
        Vec::new()
    };
    marked.sort_unstable();
    marked.dedup();
    let picks: Vec<Pick<'_>> = match accept {
        Accept::Cancel => {
            return Verdict::Exit {
                stdout: String::new(),
                code: EXIT_CANCELLED,
            };
        }
        Accept::Row(index) => match rows.get(index) {
            Some(row) if row.nonselectable => return Verdict::StayOpen,
            Some(row) if marked.is_empty() => vec![Pick {
                index: Some(index),
                text: &row.text,
            }],
            Some(_) => marked_picks(rows, &marked),
            None => return Verdict::StayOpen,
        },
        Accept::Custom if options.no_custom => return Verdict::StayOpen,
        // Rofi prints the marked rows rather than the typed text when there are any.
        Accept::Custom if !marked.is_empty() => marked_picks(rows, &marked),
        Accept::Custom => vec![Pick {
            index: None,
            text: filter,
        }],
    };
    Verdict::Exit {
        stdout: format_output(&options.format, &picks, filter),
        code: EXIT_CHOSEN,
    }
}

fn marked_picks<'a>(rows: &'a [Row], marked: &[usize]) -> Vec<Pick<'a>> {
    marked
        .iter()
        .map(|&index| Pick {
            index: Some(index),
            text: &rows[index].text,
        })
        .collect()
}
