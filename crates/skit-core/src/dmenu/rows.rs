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
    pub(crate) info: Option<String>,
    /// `nonselectable`: Enter on this row does nothing.
    pub(crate) nonselectable: bool,
    /// `permanent`: shown whatever the query.
    pub(crate) permanent: bool,
    /// `urgent`: drawn as urgent.
    pub(crate) urgent: bool,
    /// `active`: drawn as active.
    pub(crate) active: bool,
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

/// `-display-columns`: the columns of `text` (numbered from 1), split at
/// `separator`, in the order asked for, joined by two spaces. Columns the text
/// does not have are left out.
pub fn pick_columns(text: &str, columns: &[usize], separator: &str) -> String {
    if separator.is_empty() {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split(separator).collect();
    columns
        .iter()
        .filter_map(|&column| parts.get(column.checked_sub(1)?))
        .copied()
        .collect::<Vec<_>>()
        .join("  ")
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
pub(crate) fn strip_markup(markup: &str) -> Option<String> {
    markup_spans(markup).map(|(text, _)| text)
}

/// How a stretch of pango markup looks (what skit draws of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkupStyle {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strikethrough: bool,
    /// `foreground` of a `span`, as RGB.
    pub color: Option<[u8; 3]>,
}

/// Styled stretches of a text, as byte ranges.
pub(crate) type Spans = Vec<(std::ops::Range<usize>, MarkupStyle)>;

/// The text of pango markup and the styled stretches of it, for `-mesg`; `None`
/// where [`strip_markup`] gives `None`.
pub fn markup_spans(markup: &str) -> Option<(String, Spans)> {
    let mut plain = String::with_capacity(markup.len());
    let mut spans = Vec::new();
    // Open tags with the style inside each.
    let mut open: Vec<(&str, MarkupStyle)> = Vec::new();
    let mut rest = markup;
    let mut push_text = |plain: &mut String, text: &str, style: MarkupStyle| {
        if text.is_empty() {
            return;
        }
        let start = plain.len();
        plain.push_str(text);
        if style != MarkupStyle::default() {
            spans.push((start..plain.len(), style));
        }
    };
    loop {
        let style = open.last().map(|(_, style)| *style).unwrap_or_default();
        let Some(at) = rest.find(['<', '&']) else {
            push_text(&mut plain, rest, style);
            break;
        };
        push_text(&mut plain, &rest[..at], style);
        rest = &rest[at..];
        if let Some(entity) = rest.strip_prefix('&') {
            let end = entity.find(';')?;
            let mut buffer = [0u8; 4];
            let decoded = decode_entity(&entity[..end])?.encode_utf8(&mut buffer);
            push_text(&mut plain, decoded, style);
            rest = &entity[end + 1..];
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->")?;
            rest = &comment[end + 3..];
        } else {
            let end = tag_end(rest)?;
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(closing) = tag.strip_prefix('/') {
                if open.pop()?.0 != closing.trim_end() {
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
                    open.push((name, styled(style, name, body)));
                }
            }
        }
    }
    open.is_empty().then_some((plain, spans))
}

/// The style inside tag `name` (whole tag text `body`), within `outer`.
fn styled(outer: MarkupStyle, name: &str, body: &str) -> MarkupStyle {
    let mut style = outer;
    match name {
        "b" => style.bold = true,
        "i" => style.italic = true,
        "u" => style.underline = true,
        "s" => style.strikethrough = true,
        "span" => {
            for (key, value) in attributes(body) {
                match (key, value.to_ascii_lowercase().as_str()) {
                    ("foreground" | "fgcolor" | "color", value) => {
                        style.color = parse_color(value).or(style.color)
                    }
                    ("weight" | "font_weight", "bold" | "heavy" | "ultrabold" | "semibold") => {
                        style.bold = true
                    }
                    ("weight" | "font_weight", value) => {
                        if let Ok(weight) = value.parse::<u32>() {
                            style.bold = weight >= 600;
                        }
                    }
                    ("style" | "font_style", "italic" | "oblique") => style.italic = true,
                    ("underline", value) => style.underline = value != "none",
                    ("strikethrough", value) => style.strikethrough = value == "true",
                    _ => {}
                }
            }
        }
        _ => {}
    }
    style
}

/// `key="value"` pairs of a tag (single or double quotes).
fn attributes(body: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let mut rest = body.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    while let Some((key, after)) = rest.split_once('=') {
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        pairs.push((key.trim(), &after[1..1 + end]));
        rest = &after[end + 2..];
    }
    pairs
}

/// `#rgb`, `#rrggbb` (a trailing alpha is dropped) or a few colour names.
fn parse_color(value: &str) -> Option<[u8; 3]> {
    let named = match value {
        "red" => Some([0xff, 0, 0]),
        "green" => Some([0, 0x80, 0]),
        "blue" => Some([0, 0, 0xff]),
        "yellow" => Some([0xff, 0xff, 0]),
        "orange" => Some([0xff, 0xa5, 0]),
        "gray" | "grey" => Some([0x80, 0x80, 0x80]),
        "white" => Some([0xff, 0xff, 0xff]),
        "black" => Some([0, 0, 0]),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let hex = value.strip_prefix('#')?;
    let channel = |i: usize, width: usize| {
        u8::from_str_radix(hex.get(i * width..(i + 1) * width)?, 16)
            .ok()
            .map(|v| if width == 1 { v * 17 } else { v })
    };
    match hex.len() {
        3 | 4 => Some([channel(0, 1)?, channel(1, 1)?, channel(2, 1)?]),
        6 | 8 => Some([channel(0, 2)?, channel(1, 2)?, channel(2, 2)?]),
        _ => None,
    }
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
