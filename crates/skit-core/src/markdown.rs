//! Markdown (CommonMark, via pulldown-cmark) turned into a small document model
//! that the `div` prompt draws natively: headings, paragraphs with emphasis, inline
//! code and links, code blocks, ordered and unordered lists, block quotes, rules.
//! No gpui here, so the parsing is tested on its own.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A block of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Inline,
    },
    Paragraph(Inline),
    Code {
        language: Option<String>,
        text: String,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Rule,
}

/// Text with styled ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inline {
    pub text: String,
    pub spans: Vec<Span>,
}

/// A styled byte range of an [`Inline`]'s text.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub range: Range<usize>,
    pub style: SpanStyle,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpanStyle {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strikethrough: bool,
    /// The link target, for links.
    pub link: Option<String>,
}

/// Parses `markdown` into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.finish()
}

enum Container {
    Document(Vec<Block>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
}

impl Container {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Container::Document(blocks) | Container::Quote(blocks) | Container::Item(blocks) => {
                Some(blocks)
            }
            Container::List { .. } => None,
        }
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Container>,
    inline: Option<Inline>,
    styles: Vec<SpanStyle>,
    heading: Option<u8>,
    code: Option<(Option<String>, String)>,
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        if self.stack.is_empty() {
            self.stack.push(Container::Document(Vec::new()));
        }
        if let Some(blocks) = self.stack.last_mut().and_then(Container::blocks) {
            blocks.push(block);
        }
    }

    /// Ends loose text (a tight list item's text has no paragraph around it).
    fn flush_inline(&mut self) {
        if let Some(inline) = self.inline.take()
            && !inline.text.is_empty()
        {
            self.push_block(Block::Paragraph(inline));
        }
    }

    fn text(&mut self, text: &str, extra: Option<SpanStyle>) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(text);
            return;
        }
        let inline = self.inline.get_or_insert_with(Inline::default);
        let start = inline.text.len();
        inline.text.push_str(text);
        let mut style = self.styles.last().cloned().unwrap_or_default();
        if let Some(extra) = extra {
            style.code |= extra.code;
        }
        if style != SpanStyle::default() {
            inline.spans.push(Span {
                range: start..inline.text.len(),
                style,
            });
        }
    }

    fn push_style(&mut self, change: impl FnOnce(&mut SpanStyle)) {
        let mut style = self.styles.last().cloned().unwrap_or_default();
        change(&mut style);
        self.styles.push(style);
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, None),
            Event::Code(text) => self.text(
                &text,
                Some(SpanStyle {
                    code: true,
                    ..SpanStyle::default()
                }),
            ),
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html, None),
            Event::SoftBreak => self.text(" ", None),
            Event::HardBreak => self.text("\n", None),
            Event::Rule => {
                self.flush_inline();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }, None),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush_inline(),
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.heading = Some(heading_level(level));
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                let language = match kind {
                    CodeBlockKind::Fenced(lang) if !lang.is_empty() => Some(lang.to_string()),
                    _ => None,
                };
                self.code = Some((language, String::new()));
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.stack.push(Container::Quote(Vec::new()));
            }
            Tag::List(start) => {
                self.flush_inline();
                self.stack.push(Container::List {
                    start,
                    items: Vec::new(),
                });
            }
            Tag::Item => self.stack.push(Container::Item(Vec::new())),
            Tag::Emphasis => self.push_style(|s| s.italic = true),
            Tag::Strong => self.push_style(|s| s.bold = true),
            Tag::Strikethrough => self.push_style(|s| s.strikethrough = true),
            Tag::Link { dest_url, .. } => self.push_style(|s| s.link = Some(dest_url.to_string())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_inline(),
            TagEnd::Heading(_) => {
                let text = self.inline.take().unwrap_or_default();
                let level = self.heading.take().unwrap_or(1);
                self.push_block(Block::Heading { level, text });
            }
            TagEnd::CodeBlock => {
                if let Some((language, mut text)) = self.code.take() {
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    self.push_block(Block::Code { language, text });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                if let Some(Container::Quote(blocks)) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Container::Item(blocks)) = self.stack.pop()
                    && let Some(Container::List { items, .. }) = self.stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                if let Some(Container::List { start, items }) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.styles.pop();
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_inline();
        // Unclosed containers (malformed input) fold into their parents.
        while self.stack.len() > 1 {
            match self.stack.pop() {
                Some(Container::Quote(blocks)) => self.push_block(Block::Quote(blocks)),
                Some(Container::Item(blocks)) => self.push_block(Block::List {
                    start: None,
                    items: vec![blocks],
                }),
                Some(Container::List { start, items }) => {
                    self.push_block(Block::List { start, items })
                }
                _ => {}
            }
        }
        match self.stack.pop() {
            Some(Container::Document(blocks)) => blocks,
            _ => Vec::new(),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(text: &str) -> Inline {
        Inline {
            text: text.into(),
            spans: Vec::new(),
        }
    }

    #[test]
    fn headings_paragraphs_and_rules() {
        assert_eq!(
            parse("# Title\n\nSome text\nwrapped.\n\n---\n\n## Sub"),
            [
                Block::Heading {
                    level: 1,
                    text: inline("Title")
                },
                Block::Paragraph(inline("Some text wrapped.")),
                Block::Rule,
                Block::Heading {
                    level: 2,
                    text: inline("Sub")
                },
            ]
        );
    }

    #[test]
    fn emphasis_code_and_links_are_spans() {
        let blocks = parse("A **bold** *it* `code` [link](https://example.com) ~~old~~");
        let Block::Paragraph(inline) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(inline.text, "A bold it code link old");
        let styled: Vec<(&str, &SpanStyle)> = inline
            .spans
            .iter()
            .map(|s| (&inline.text[s.range.clone()], &s.style))
            .collect();
        assert!(styled[0].1.bold && styled[0].0 == "bold");
        assert!(styled[1].1.italic && styled[1].0 == "it");
        assert!(styled[2].1.code && styled[2].0 == "code");
        assert_eq!(styled[3].1.link.as_deref(), Some("https://example.com"));
        assert!(styled[4].1.strikethrough);
    }

    #[test]
    fn lists_nest_and_keep_their_numbers() {
        let blocks = parse("3. one\n4. two\n   - inner\n\n- a\n- b");
        let Block::List { start, items } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(*start, Some(3));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0], [Block::Paragraph(inline("one"))]);
        assert!(matches!(&items[1][1], Block::List { start: None, items } if items.len() == 1));
        assert!(matches!(&blocks[1], Block::List { start: None, items } if items.len() == 2));
    }

    #[test]
    fn code_blocks_and_quotes() {
        let blocks = parse("```bash\necho hi\necho there\n```\n\n> quoted\n> text");
        assert_eq!(
            blocks[0],
            Block::Code {
                language: Some("bash".into()),
                text: "echo hi\necho there".into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Quote(vec![Block::Paragraph(inline("quoted text"))])
        );
    }

    #[test]
    fn anything_parses() {
        for text in [
            "",
            "<b>html</b>",
            "* ",
            "> > >",
            "```",
            "[x](",
            "1.",
            "\u{0}",
        ] {
            let _ = parse(text);
        }
    }
}
