//! The rows of `skit dmenu`: one line of stdin each, with rofi's row options
//! (`text\0icon\x1fNAME\x1fmeta\x1f...`), read in batches so a long stream starts
//! showing before it ends.

use std::borrow::Cow;
use std::io::{self, Read};

use super::MAX_ROW_BYTES;

/// How much [`read_rows`] asks the reader for at a time.
const READ_CHUNK: usize = 64 * 1024;

/// One choice read from stdin, with rofi's row options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The line up to the first NUL: what is matched and printed.
    pub text: String,
    /// `display`: shown instead of `text` (matching and output still use `text`).
    pub display: Option<String>,
    /// `icon`: an icon name or path.
    pub icon: Option<String>,
    /// `meta`: extra words the query may match; never shown.
    pub meta: Option<String>,
    /// `info`: rofi hands this to scripts in `ROFI_INFO`; kept, not matched.
    pub info: Option<String>,
    /// `nonselectable`: Enter on this row does nothing.
    pub nonselectable: bool,
    /// `permanent`: shown whatever the query.
    pub permanent: bool,
    /// `urgent`: drawn as urgent.
    pub urgent: bool,
    /// `active`: drawn as active.
    pub active: bool,
}

impl Row {
    /// What the row shows: `display` or `text`, with pango markup removed when the
    /// rows are markup (`-markup-rows`). Markup that does not parse is shown as it
    /// is, like rofi does.
    pub fn shown_text(&self, markup_rows: bool) -> Cow<'_, str> {
        let shown = self.display.as_deref().unwrap_or(&self.text);
        plain_text(shown, markup_rows)
    }

    /// What the query is matched against besides [`Row::meta`]: `text`, without its
    /// markup when the rows are markup (rofi matches the text as displayed, not
    /// `display`).
    pub fn match_text(&self, markup_rows: bool) -> Cow<'_, str> {
        plain_text(&self.text, markup_rows)
    }
}

fn plain_text(text: &str, markup: bool) -> Cow<'_, str> {
    if markup && let Some(plain) = strip_markup(text) {
        return Cow::Owned(plain);
    }
    Cow::Borrowed(text)
}

/// Splits one input line into its text and rofi's row options
/// (`text\0key\x1fvalue\x1fkey\x1fvalue…`). Option names are matched without regard
/// to case; unknown ones and a key without a value are ignored, as rofi does.
pub fn parse_row(line: &str) -> Row {
    let (text, extras) = line.split_once('\0').unwrap_or((line, ""));
    let mut row = Row {
        text: text.to_string(),
        ..Row::default()
    };
    // Rofi reads the options as a C string: they end at the next NUL.
    let extras = extras.split('\0').next().unwrap_or("");
    let mut fields = extras.split('\x1f');
    while let (Some(key), Some(value)) = (fields.next(), fields.next()) {
        let is_true = || value.eq_ignore_ascii_case("true");
        match key.to_ascii_lowercase().as_str() {
            "icon" => row.icon = Some(value.to_string()),
            "display" => row.display = Some(value.to_string()),
            "meta" => row.meta = Some(value.to_string()),
            "info" => row.info = Some(value.to_string()),
            "nonselectable" => row.nonselectable = is_true(),
            "permanent" => row.permanent = is_true(),
            "urgent" => row.urgent = is_true(),
            "active" => row.active = is_true(),
            _ => {}
        }
    }
    row
}

/// The tags pango markup allows.
const PANGO_TAGS: &[&str] = &[
    "markup", "span", "b", "big", "i", "s", "sub", "sup", "small", "tt", "u",
];

/// The text of pango markup: tags and comments removed, entities decoded. `None`
/// when it is not valid markup (unknown or unbalanced tags, a bare `&` or `<`),
/// where rofi's `-format p` prints "invalid string".
pub fn strip_markup(markup: &str) -> Option<String> {
    let mut plain = String::with_capacity(markup.len());
    let mut open: Vec<&str> = Vec::new();
    let mut rest = markup;
    while let Some(at) = rest.find(['<', '&']) {
        plain.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(entity) = rest.strip_prefix('&') {
            let end = entity.find(';')?;
            plain.push(decode_entity(&entity[..end])?);
            rest = &entity[end + 1..];
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->")?;
            rest = &comment[end + 3..];
        } else {
            let end = tag_end(rest)?;
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(closing) = tag.strip_prefix('/') {
                if open.pop()? != closing.trim_end() {
                    return None;
                }
            } else {
                let (body, empty) = match tag.strip_suffix('/') {
                    Some(body) => (body, true),
                    None => (tag, false),
                };
                let name = body.split(char::is_whitespace).next().unwrap_or("");
                if !PANGO_TAGS.contains(&name) {
                    return None;
                }
                if !empty {
                    open.push(name);
                }
            }
        }
    }
    plain.push_str(rest);
    open.is_empty().then_some(plain)
}

/// Where the tag starting at `markup[0] == '<'` ends (its `>`), skipping quoted
/// attribute values.
fn tag_end(markup: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in markup.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(at),
            (None, '<') => return None,
            (None, _) => {}
        }
    }
    None
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Reads rows separated by `separator` from `reader` and hands them to `send` in
/// order, at most `batch` at a time, until the input ends or `send` returns false.
/// A batch goes out as soon as it is full, and also whenever the reader has nothing
/// more at the moment (a read returned less than asked), so rows from a slow
/// producer show at once and a fast one is not sent row by row. Returns how many
/// rows were handed over. `send` is typically `sender.send_blocking(rows).is_ok()`
/// on a bounded channel, so a window that falls behind slows the reading down.
///
/// Like rofi, an empty line is a row, a last line without a separator is a row, and
/// text that is not UTF-8 is repaired with U+FFFD. Rows longer than
/// [`MAX_ROW_BYTES`] are cut there.
pub fn read_rows(
    reader: impl Read,
    separator: u8,
    batch: usize,
    mut send: impl FnMut(Vec<Row>) -> bool,
) -> io::Result<usize> {
    read_lines(reader, separator, batch, |lines| {
        send(lines.iter().map(|line| parse_row(line)).collect())
    })
}

/// Like [`read_rows`], handing over the lines as they are, row options and all
/// (`skit dmenu` sends them to the running launcher, which parses them).
pub fn read_lines(
    mut reader: impl Read,
    separator: u8,
    batch: usize,
    mut send: impl FnMut(Vec<String>) -> bool,
) -> io::Result<usize> {
    let batch = batch.max(1);
    let mut chunk = vec![0u8; READ_CHUNK];
    let mut line: Vec<u8> = Vec::new();
    let mut cut_lines = 0usize;
    let mut rows: Vec<String> = Vec::with_capacity(batch);
    let mut sent = 0usize;
    let mut hand_over = |rows: &mut Vec<String>, sent: &mut usize| -> bool {
        *sent += rows.len();
        send(std::mem::replace(rows, Vec::with_capacity(batch)))
    };
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let mut data = &chunk[..read];
        while let Some(end) = data.iter().position(|&b| b == separator) {
            cut_lines += usize::from(extend_capped(&mut line, &data[..end]));
            rows.push(String::from_utf8_lossy(&line).into_owned());
            line.clear();
            data = &data[end + 1..];
            if rows.len() >= batch && !hand_over(&mut rows, &mut sent) {
                return Ok(sent);
            }
        }
        cut_lines += usize::from(extend_capped(&mut line, data));
        if read < chunk.len() && !rows.is_empty() && !hand_over(&mut rows, &mut sent) {
            return Ok(sent);
        }
    }
    if !line.is_empty() {
        rows.push(String::from_utf8_lossy(&line).into_owned());
    }
    if cut_lines > 0 {
        tracing::warn!(
            "skit dmenu cut {cut_lines} input rows longer than {MAX_ROW_BYTES} bytes to that length"
        );
    }
    if !rows.is_empty() {
        hand_over(&mut rows, &mut sent);
    }
    Ok(sent)
}

/// Appends `bytes` to `line` up to [`MAX_ROW_BYTES`]; true when this is the append
/// that first had to drop something from the line.
fn extend_capped(line: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let room = MAX_ROW_BYTES.saturating_sub(line.len());
    let was_full = line.len() == MAX_ROW_BYTES;
    line.extend_from_slice(&bytes[..bytes.len().min(room)]);
    bytes.len() > room && !was_full
}
