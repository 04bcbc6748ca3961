//! Splits a byte stream into lines with a hard cap on line length, so that a
//! script printing a 2 GiB line costs skit at most the cap in memory.

/// What the splitter found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A complete line (without `\n` or a trailing `\r`), and its 1-based number.
    Line(usize, &'a [u8]),
    /// A line longer than the cap: its number and full length in bytes. Its bytes
    /// were dropped as they arrived.
    TooLong(usize, usize),
}

pub(crate) struct LineSplitter {
    cap: usize,
    buf: Vec<u8>,
    /// Bytes of the current over-long line seen so far (0 when not discarding).
    discarded: usize,
    line_no: usize,
}

impl LineSplitter {
    pub(crate) fn new(cap: usize) -> LineSplitter {
        LineSplitter {
            cap,
            buf: Vec::new(),
            discarded: 0,
            line_no: 0,
        }
    }

    /// Feeds bytes; calls `emit` for each line they complete.
    pub(crate) fn feed(&mut self, mut data: &[u8], emit: &mut dyn FnMut(Piece<'_>)) {
        while !data.is_empty() {
            let newline = data.iter().position(|&b| b == b'\n');
            let (chunk, rest) = match newline {
                Some(i) => (&data[..i], Some(&data[i + 1..])),
                None => (data, None),
            };
            if self.discarded > 0 {
                self.discarded += chunk.len();
            } else if self.buf.len() + chunk.len() > self.cap {
                self.discarded = self.buf.len() + chunk.len();
                self.buf = Vec::new();
            } else {
                self.buf.extend_from_slice(chunk);
            }
            match rest {
                Some(rest) => {
                    self.finish_line(emit);
                    data = rest;
                }
                None => break,
            }
        }
    }

    /// Emits the last line if the stream did not end with a newline.
    pub(crate) fn finish(&mut self, emit: &mut dyn FnMut(Piece<'_>)) {
        if !self.buf.is_empty() || self.discarded > 0 {
            self.finish_line(emit);
        }
    }

    fn finish_line(&mut self, emit: &mut dyn FnMut(Piece<'_>)) {
        self.line_no += 1;
        if self.discarded > 0 {
            emit(Piece::TooLong(self.line_no, self.discarded));
            self.discarded = 0;
        } else {
            let line = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
            emit(Piece::Line(self.line_no, line));
            self.buf.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(cap: usize, chunks: &[&[u8]]) -> Vec<String> {
        let mut out = Vec::new();
        let mut splitter = LineSplitter::new(cap);
        let mut emit = |p: Piece<'_>| {
            out.push(match p {
                Piece::Line(n, l) => format!("{n}:{}", String::from_utf8_lossy(l)),
                Piece::TooLong(n, len) => format!("{n}:too long {len}"),
            })
        };
        for chunk in chunks {
            splitter.feed(chunk, &mut emit);
        }
        splitter.finish(&mut emit);
        out
    }

    #[test]
    fn lines_across_chunks() {
        assert_eq!(
            split(100, &[b"ab", b"c\nde\r\n", b"\nf"]),
            ["1:abc", "2:de", "3:", "4:f"]
        );
    }

    #[test]
    fn over_long_lines_are_dropped_and_counted() {
        assert_eq!(
            split(4, &[b"1234\n12345", b"678\nok\n"]),
            ["1:1234", "2:too long 8", "3:ok"]
        );
        assert_eq!(split(4, &[b"123", b"45"]), ["1:too long 5"]);
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap() {
        let mut splitter = LineSplitter::new(1024);
        let chunk = vec![b'x'; 4096];
        for _ in 0..100 {
            splitter.feed(&chunk, &mut |_| {});
            assert!(splitter.buf.capacity() <= 2048);
        }
    }
}
