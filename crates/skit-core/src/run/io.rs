//! The I/O thread of a run: reads the script's stdout and stderr with `poll`,
//! turns stdout into events, keeps the tail of stderr, and stops once the script
//! has exited and the pipes hold nothing more it wrote.
//!
//! Why a wake pipe: a background child (`sleep 1000 &`) inherits stdout, so EOF may
//! never come. The waiter thread writes to the wake pipe when the script exits;
//! then whatever is already in the pipes is drained and the run ends.

use std::collections::VecDeque;
use std::io::{ErrorKind, PipeReader, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::process::{ChildStderr, ChildStdout};

use async_channel::Sender;

use super::lines::{LineSplitter, Piece};
use super::{MAX_LINE, MAX_OUTPUT_LINE, RunEvent, STDERR_TAIL};
use crate::protocol::{Line, classify_line};

/// Pumps the script's output into `events` until it exits. Returns the stderr tail.
pub(crate) fn pump(
    mut stdout: ChildStdout,
    mut stderr: ChildStderr,
    wake: PipeReader,
    events: &Sender<RunEvent>,
) -> String {
    set_nonblocking(stdout.as_raw_fd());
    set_nonblocking(stderr.as_raw_fd());
    let mut out = Output {
        splitter: LineSplitter::new(MAX_LINE),
        events,
        detached: false,
    };
    let mut tail = Tail::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut fds = [
        pollfd(stdout.as_raw_fd()),
        pollfd(stderr.as_raw_fd()),
        pollfd(wake.as_raw_fd()),
    ];
    loop {
        // SAFETY: fds is a valid array of pollfd for its length.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == ErrorKind::Interrupted {
                continue;
            }
            tracing::error!("poll failed: {}", std::io::Error::last_os_error());
            break;
        }
        let exited = fds[2].revents != 0;
        if fds[0].revents != 0 && drain(&mut stdout, &mut buf, |d| out.feed(d)) {
            fds[0].fd = -1;
        }
        if fds[1].revents != 0 && drain(&mut stderr, &mut buf, |d| tail.push(d)) {
            fds[1].fd = -1;
        }
        if exited {
            // Everything the script wrote before exiting is in the pipes now.
            if fds[0].fd >= 0 {
                drain(&mut stdout, &mut buf, |d| out.feed(d));
            }
            if fds[1].fd >= 0 {
                drain(&mut stderr, &mut buf, |d| tail.push(d));
            }
            break;
        }
    }
    out.finish();
    tail.into_string()
}

fn pollfd(fd: RawFd) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on a descriptor we own; failure leaves it blocking, which only
    // costs responsiveness, not correctness, because poll said data is ready.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
}

/// Reads everything available now. Returns true at end of file (or on an error,
/// which ends the stream the same way).
fn drain(reader: &mut impl Read, buf: &mut [u8], mut sink: impl FnMut(&[u8])) -> bool {
    loop {
        match reader.read(buf) {
            Ok(0) => return true,
            Ok(n) => sink(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return false,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                tracing::warn!("reading script output failed: {e}");
                return true;
            }
        }
    }
}

/// Stdout: lines → events.
struct Output<'a> {
    splitter: LineSplitter,
    events: &'a Sender<RunEvent>,
    /// The consumer went away: keep reading (so the script is not blocked on a full
    /// pipe) but drop everything.
    detached: bool,
}

impl Output<'_> {
    fn feed(&mut self, data: &[u8]) {
        let Output {
            splitter,
            events,
            detached,
        } = self;
        splitter.feed(data, &mut |piece| emit(piece, events, detached));
    }

    fn finish(&mut self) {
        let Output {
            splitter,
            events,
            detached,
        } = self;
        splitter.finish(&mut |piece| emit(piece, events, detached));
    }
}

fn emit(piece: Piece<'_>, events: &Sender<RunEvent>, detached: &mut bool) {
    if *detached {
        return;
    }
    let event = match piece {
        Piece::TooLong(line, len) => RunEvent::Error {
            line,
            message: format!("line is {len} bytes, longer than the 1 MiB limit; dropped"),
        },
        Piece::Line(line, bytes) => match std::str::from_utf8(bytes) {
            Err(e) => RunEvent::Error {
                line,
                message: format!("line is not valid UTF-8 ({e}); dropped"),
            },
            Ok(text) => match classify_line(text) {
                Line::Message(message) => RunEvent::Message { line, message },
                Line::Output(text) => RunEvent::Output(cut_output(text)),
                Line::Invalid(message) => RunEvent::Error { line, message },
            },
        },
    };
    // Blocks while the channel is full: this is the backpressure that keeps a
    // flooding script from growing skit's memory.
    if events.send_blocking(event).is_err() {
        *detached = true;
    }
}

/// A plain-output line, cut after [`MAX_OUTPUT_LINE`] bytes (on a character
/// boundary) with how many bytes were left out.
fn cut_output(mut text: String) -> String {
    if text.len() <= MAX_OUTPUT_LINE {
        return text;
    }
    let mut cut = MAX_OUTPUT_LINE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let more = text.len() - cut;
    text.truncate(cut);
    text.push_str(&format!("… [{more} more bytes]"));
    text
}

/// The last [`STDERR_TAIL`] bytes of stderr.
#[derive(Default)]
struct Tail {
    bytes: VecDeque<u8>,
}

impl Tail {
    fn push(&mut self, data: &[u8]) {
        let data = &data[data.len().saturating_sub(STDERR_TAIL)..];
        let overflow = (self.bytes.len() + data.len()).saturating_sub(STDERR_TAIL);
        self.bytes.drain(..overflow);
        self.bytes.extend(data);
    }

    fn into_string(self) -> String {
        let bytes: Vec<u8> = self.bytes.into();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_strategies::{cases, text};
    use proptest::prelude::*;

    /// Bytes a script might write: text, messages, line breaks, bytes that are
    /// not UTF-8.
    fn output() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            text(20).prop_map(String::into_bytes),
            proptest::collection::vec(any::<u8>(), 0..8),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(br#"{"type":"notify","text":"hi"}"#.to_vec()),
            Just(br#"{"type":"nope"}"#.to_vec()),
            Just(b"{".to_vec()),
            Just(b"\xff\xc3".to_vec()),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
    }

    /// What the reader must make of one line (numbered from 1), worked out from the
    /// whole output at once rather than as it arrives.
    fn expected(number: usize, line: &[u8], cap: usize) -> RunEvent {
        if line.len() > cap {
            return RunEvent::Error {
                line: number,
                message: format!(
                    "line is {} bytes, longer than the 1 MiB limit; dropped",
                    line.len()
                ),
            };
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match std::str::from_utf8(line) {
            Err(e) => RunEvent::Error {
                line: number,
                message: format!("line is not valid UTF-8 ({e}); dropped"),
            },
            Ok(text) => match classify_line(text) {
                Line::Message(message) => RunEvent::Message {
                    line: number,
                    message,
                },
                Line::Output(text) => RunEvent::Output(cut_output(text)),
                Line::Invalid(message) => RunEvent::Error {
                    line: number,
                    message,
                },
            },
        }
    }

    proptest! {
        #![proptest_config(cases(256))]

        /// Any bytes, cut into any reads: one event per line, in order, each error
        /// and message with the number of the line it came from.
        #[test]
        fn any_output_gives_one_event_per_line_naming_it(
            bytes in output(),
            cuts in proptest::collection::vec(1usize..40, 0..20),
            cap in 8usize..64,
        ) {
            let (sender, receiver) = async_channel::unbounded();
            let mut out = Output {
                splitter: LineSplitter::new(cap),
                events: &sender,
                detached: false,
            };
            let mut rest = &bytes[..];
            for cut in cuts {
                let (read, after) = rest.split_at(cut.min(rest.len()));
                out.feed(read);
                rest = after;
            }
            out.feed(rest);
            out.finish();
            let events: Vec<RunEvent> = std::iter::from_fn(|| receiver.try_recv().ok()).collect();

            let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            if lines.last().is_some_and(|last| last.is_empty()) {
                lines.pop();
            }
            let wanted: Vec<RunEvent> = lines
                .iter()
                .enumerate()
                .map(|(i, line)| expected(i + 1, line, cap))
                .collect();
            prop_assert_eq!(events, wanted);
        }
    }

    /// Issue 23's load: a script printing 1 GB in lines of 1 MB kept every line
    /// whole in the window (several hundred MiB, and a UI frozen while shaping
    /// them). A plain line is cut at the output limit, on a character boundary.
    #[test]
    fn a_long_plain_line_is_cut_to_the_output_limit() {
        let (sender, receiver) = async_channel::unbounded();
        let mut out = Output {
            splitter: LineSplitter::new(MAX_LINE),
            events: &sender,
            detached: false,
        };
        let long = "é".repeat(300_000);
        out.feed(format!("{long}\nshort\n").as_bytes());
        out.finish();
        let events: Vec<RunEvent> = std::iter::from_fn(|| receiver.try_recv().ok()).collect();
        assert_eq!(events.len(), 2);
        let RunEvent::Output(text) = &events[0] else {
            panic!("{:?}", events[0]);
        };
        assert!(text.len() <= MAX_OUTPUT_LINE + 32, "{} bytes", text.len());
        assert!(text.starts_with("éé"));
        let more = 600_000 - MAX_OUTPUT_LINE;
        assert!(
            text.ends_with(&format!("… [{more} more bytes]")),
            "{}",
            &text[text.len() - 40..]
        );
        assert_eq!(events[1], RunEvent::Output("short".into()));
    }

    #[test]
    fn tail_keeps_the_last_bytes() {
        let mut tail = Tail::default();
        tail.push(&vec![b'a'; STDERR_TAIL]);
        tail.push(b"end");
        let s = tail.into_string();
        assert_eq!(s.len(), STDERR_TAIL);
        assert!(s.ends_with("aend"));
    }
}
