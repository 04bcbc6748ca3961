//! ANSI escape sequences in a line of output (colours, bold, italic,
//! underline), read with `anstyle-parse` (the VT parser clap uses): the text
//! without them, and the styled spans to draw it with. Other sequences (cursor
//! moves, titles) are dropped.

use std::ops::Range;

use anstyle_parse::{Params, Parser, Perform};

/// A colour as the terminal names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// The 16 standard colours: 0–7, and 8–15 for their bright forms.
    Ansi(u8),
    /// One of the 256-colour palette's other entries (16–255).
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl Color {
    /// As red, green, blue, for the 256-colour palette too (standard colours
    /// in xterm's values).
    pub fn rgb(self) -> (u8, u8, u8) {
        const BASIC: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 49, 49),
            (13, 188, 121),
            (229, 229, 16),
            (36, 114, 200),
            (188, 63, 188),
            (17, 168, 205),
            (229, 229, 229),
            (102, 102, 102),
            (241, 76, 76),
            (35, 209, 139),
            (245, 245, 67),
            (59, 142, 234),
            (214, 112, 214),
            (41, 184, 219),
            (255, 255, 255),
        ];
        match self {
            Color::Ansi(n) => BASIC[usize::from(n & 15)],
            Color::Rgb(r, g, b) => (r, g, b),
            Color::Indexed(n) if n < 16 => BASIC[usize::from(n)],
            Color::Indexed(n) if n >= 232 => {
                let level = 8 + (n - 232) * 10;
                (level, level, level)
            }
            Color::Indexed(n) => {
                let n = n - 16;
                let step = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
                (step(n / 36), step((n / 6) % 6), step(n % 6))
            }
        }
    }
}

/// How a span of text is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub foreground: Option<Color>,
    pub background: Option<Color>,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
}

/// A line with its escape sequences read: the text, and the byte ranges of it
/// that are styled (unstyled text has no span).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Styled {
    pub text: String,
    pub spans: Vec<(Range<usize>, Style)>,
}

/// Reads `line`'s escape sequences.
pub fn parse(line: &str) -> Styled {
    if !line.contains('\u{1b}') && !line.contains('\u{9b}') {
        return Styled {
            text: line.to_string(),
            spans: Vec::new(),
        };
    }
    let mut reader = Reader::default();
    let mut parser = Parser::<anstyle_parse::DefaultCharAccumulator>::new();
    for byte in line.bytes() {
        parser.advance(&mut reader, byte);
    }
    reader.close();
    Styled {
        text: reader.text,
        spans: reader.spans,
    }
}

/// The text of `line` without its escape sequences.
pub fn strip(line: &str) -> String {
    parse(line).text
}

#[derive(Default)]
struct Reader {
    text: String,
    spans: Vec<(Range<usize>, Style)>,
    style: Style,
    /// Where the current style started in `text`.
    since: usize,
}

impl Reader {
    /// Ends the current span.
    fn close(&mut self) {
        if self.style != Style::default() && self.since < self.text.len() {
            self.spans.push((self.since..self.text.len(), self.style));
        }
        self.since = self.text.len();
    }

    fn sgr(&mut self, params: &Params) {
        self.close();
        let mut params = params.iter().map(|p| p.first().copied().unwrap_or(0));
        let mut any = false;
        while let Some(code) = params.next() {
            any = true;
            let s = &mut self.style;
            match code {
                0 => *s = Style::default(),
                1 => s.bold = true,
                2 => s.dim = true,
                3 => s.italic = true,
                4 => s.underline = true,
                22 => (s.bold, s.dim) = (false, false),
                23 => s.italic = false,
                24 => s.underline = false,
                30..=37 => s.foreground = Some(Color::Ansi((code - 30) as u8)),
                39 => s.foreground = None,
                40..=47 => s.background = Some(Color::Ansi((code - 40) as u8)),
                49 => s.background = None,
                90..=97 => s.foreground = Some(Color::Ansi((code - 90 + 8) as u8)),
                100..=107 => s.background = Some(Color::Ansi((code - 100 + 8) as u8)),
                38 | 48 => {
                    let color = match params.next() {
                        Some(5) => params.next().map(|n| Color::Indexed(n.min(255) as u8)),
                        Some(2) => {
                            let mut channel = || params.next().unwrap_or(0).min(255) as u8;
                            Some(Color::Rgb(channel(), channel(), channel()))
                        }
                        _ => None,
                    };
                    if code == 38 {
                        s.foreground = color;
                    } else {
                        s.background = color;
                    }
                }
                _ => {}
            }
        }
        if !any {
            self.style = Style::default();
        }
    }
}

impl Perform for Reader {
    fn print(&mut self, c: char) {
        self.text.push(c);
    }

    fn execute(&mut self, byte: u8) {
        if byte == b'\t' {
            self.text.push_str("    ");
        }
    }

    fn csi_dispatch(&mut self, params: &Params, _: &[u8], _: bool, action: u8) {
        if action == b'm' {
            self.sgr(params);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert_eq!(parse("hello").text, "hello");
        assert!(parse("hello").spans.is_empty());
    }

    #[test]
    fn colours_and_resets() {
        let styled =
            parse("\u{1b}[1;31mred\u{1b}[0m plain \u{1b}[38;5;208mo\u{1b}[38;2;1;2;3mr\u{1b}[m");
        assert_eq!(styled.text, "red plain or");
        assert_eq!(
            styled.spans,
            [
                (
                    0..3,
                    Style {
                        foreground: Some(Color::Ansi(1)),
                        bold: true,
                        ..Style::default()
                    }
                ),
                (
                    10..11,
                    Style {
                        foreground: Some(Color::Indexed(208)),
                        ..Style::default()
                    }
                ),
                (
                    11..12,
                    Style {
                        foreground: Some(Color::Rgb(1, 2, 3)),
                        ..Style::default()
                    }
                ),
            ]
        );
    }

    #[test]
    fn other_sequences_are_dropped() {
        assert_eq!(
            strip("\u{1b}[2K\u{1b}[1Gdone ✓\u{1b}]0;title\u{7}"),
            "done ✓"
        );
        assert_eq!(Color::Indexed(196).rgb(), (255, 0, 0));
        assert_eq!(Color::Indexed(232).rgb(), (8, 8, 8));
    }
}
