//! Moving bytes through pipes with a deadline, as clipboard transfers on Wayland
//! do: a selection read from another app (to its end, at most so many bytes),
//! and content served to an app that asked for it. Each wait is a `poll` with
//! what is left of the deadline, so an app that never answers or never reads
//! costs a timeout, not a thread. That wait, [`poll`], is also the one the X11
//! selection code blocks in. Not for the protocol itself (see
//! `wayland_clipboard`).

use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::Instant;

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
use rustix::io::Errno;

pub(crate) enum ReadError {
    /// Larger than the bound; at least this many bytes.
    TooLarge(usize),
    Failed(String),
}

/// Waits for `fds` until `deadline` (`None`: no limit). False when it passed.
pub(crate) fn poll(fds: &mut [PollFd<'_>], deadline: Option<Instant>) -> std::io::Result<bool> {
    loop {
        // The time left to the nanosecond: a wait never ends before its deadline.
        let timeout = deadline.map(|deadline| {
            let left = deadline.saturating_duration_since(Instant::now());
            Timespec::try_from(left).unwrap_or(Timespec {
                tv_sec: i64::MAX,
                tv_nsec: 0,
            })
        });
        match rustix::event::poll(fds, timeout.as_ref()) {
            Ok(n) => return Ok(n > 0),
            Err(Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

pub(crate) fn wait_for(
    fd: BorrowedFd<'_>,
    events: PollFlags,
    deadline: Instant,
) -> std::io::Result<bool> {
    poll(&mut [PollFd::from_borrowed_fd(fd, events)], Some(deadline))
}

/// Reads until the writer closes its end, at most `max` bytes, by `deadline`.
pub(crate) fn read_until(
    mut reader: std::io::PipeReader,
    max: usize,
    deadline: Instant,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match wait_for(reader.as_fd(), PollFlags::IN, deadline) {
            Ok(true) => {}
            Ok(false) => return Err(ReadError::Failed("the app did not answer in time".into())),
            Err(e) => return Err(ReadError::Failed(e.to_string())),
        }
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(bytes),
            Ok(n) => {
                bytes.extend_from_slice(&buffer[..n]);
                if bytes.len() > max {
                    return Err(ReadError::TooLarge(bytes.len()));
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Failed(e.to_string())),
        }
    }
}

/// Writes all of `bytes` to `fd` and closes it, giving up at `deadline`.
pub(crate) fn write_all_until(fd: OwnedFd, bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    let flags = fcntl_getfl(&fd)?;
    fcntl_setfl(&fd, flags | OFlags::NONBLOCK)?;
    let mut file = std::fs::File::from(fd);
    let mut written = 0;
    while written < bytes.len() {
        match file.write(&bytes[written..]) {
            Ok(n) => written += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if !wait_for(file.as_fd(), PollFlags::OUT, deadline)? {
                    return Err(ErrorKind::TimedOut.into());
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_pipe_is_read_to_its_end_within_the_bound_and_no_further() {
        let (reader, mut writer) = std::io::pipe().unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        writer.write_all(b"hello").unwrap();
        drop(writer);
        assert!(matches!(read_until(reader, 5, deadline), Ok(b) if b == b"hello"));
        let (reader, mut writer) = std::io::pipe().unwrap();
        writer.write_all(b"hello!").unwrap();
        drop(writer);
        assert!(matches!(
            read_until(reader, 5, deadline),
            Err(ReadError::TooLarge(6))
        ));
    }

    #[test]
    fn a_writer_that_never_closes_is_given_up_on_at_the_deadline() {
        let (reader, writer) = std::io::pipe().unwrap();
        let deadline = Instant::now() + Duration::from_millis(50);
        assert!(matches!(
            read_until(reader, 5, deadline),
            Err(ReadError::Failed(_))
        ));
        drop(writer);
    }

    #[test]
    fn serving_a_reader_that_never_reads_ends_at_the_deadline() {
        let (reader, writer) = std::io::pipe().unwrap();
        let big = vec![7u8; 1 << 20];
        let deadline = Instant::now() + Duration::from_millis(50);
        let result = write_all_until(OwnedFd::from(writer), &big, deadline);
        assert_eq!(result.unwrap_err().kind(), ErrorKind::TimedOut);
        drop(reader);
    }
}
