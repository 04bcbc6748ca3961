//! Watching the X11 clipboard for the history: a thread on its own connection that
//! blocks until XFixes reports a new owner of CLIPBOARD (and of PRIMARY only when
//! `record_primary` is set), reads the new content and sends it on a bounded
//! channel as [`Captured`]. Not for storing (see `store`) or for writing the
//! clipboard (see `x11_paste`).
//!
//! Privacy rules, checked before any content is read:
//! - nothing while `paused` is set ("Pause History");
//! - nothing that skit itself owns (its paste and copy windows, gpui's clipboard);
//! - nothing from an app in `ignore_apps` (WM_CLASS instance or class, or process
//!   name; see `x11_selection::identify_owner` for how the owner is found);
//! - nothing that offers a concealed target (see `x11_selection::concealment`).
//!
//! Text is preferred over images when an owner offers both (UTF8_STRING, then
//! `text/plain;charset=utf-8`, STRING, `text/plain`); otherwise `image/png`. Content
//! over the size limit is not read past the limit; an owner that does not answer
//! within `timeout` is given up on. Logs name apps and sizes, never content.

use std::collections::VecDeque;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use async_channel::Sender;
use x11rb::connection::{Connection as _, RequestConnection as _};
use x11rb::protocol::Event;
use x11rb::protocol::xfixes::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{Atom, AtomEnum, Window};

use super::copies::{Captured, Outcome, WatchOptions, hand_over};
use super::store::Kind;
use super::x11_selection::{
    self, ReadError, Waited, X, convert, identify_owner, is_concealed, text_targets,
};

/// The running watcher. Dropping it stops the thread (after any read in progress).
pub struct Watcher {
    wake: UnixStream,
    /// Detached when dropped: the thread ends by itself once woken.
    _thread: Option<JoinHandle<()>>,
}

impl Watcher {
    /// Connects to the X server and starts the watching thread. `Err` (a sentence
    /// for the user) when there is no X server or it lacks XFIXES.
    pub fn start(
        options: WatchOptions,
        paused: Arc<AtomicBool>,
        sender: Sender<Captured>,
    ) -> Result<Watcher, String> {
        Watcher::spawn(Capturer::new(options, paused, sender)?)
    }

    fn spawn(mut capturer: Capturer) -> Result<Watcher, String> {
        let (wake, wake_end) =
            UnixStream::pair().map_err(|e| format!("Cannot start clipboard history: {e}"))?;
        let thread = std::thread::Builder::new()
            .name("skit-clipboard-watch".into())
            .spawn(move || {
                loop {
                    match capturer.next_notify(Some(wake_end.as_fd()), None) {
                        Ok(Some(notify)) => {
                            if capturer.handle(notify) == Outcome::ChannelClosed {
                                return;
                            }
                        }
                        Ok(None) => {
                            let mut byte = [0u8; 1];
                            // A byte or the end of the stream: both mean stop.
                            let _ = (&wake_end).read(&mut byte);
                            return;
                        }
                        Err(e) => {
                            tracing::error!("clipboard history stopped: {e}");
                            return;
                        }
                    }
                }
            })
            .map_err(|e| format!("Cannot start the clipboard history thread: {e}"))?;
        Ok(Watcher {
            wake,
            _thread: Some(thread),
        })
    }

    /// Stops the thread and waits for it (at most one read timeout).
    #[cfg(test)]
    pub(crate) fn stop(mut self) {
        let _ = self.wake.shutdown(std::net::Shutdown::Both);
        if let Some(thread) = self._thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.wake.shutdown(std::net::Shutdown::Both);
    }
}

/// The watcher's state, driven by its thread (or a test).
pub(crate) struct Capturer {
    x: X,
    window: Window,
    options: WatchOptions,
    paused: Arc<AtomicBool>,
    sender: Sender<Captured>,
    /// Changes of owner that arrived during a read, at most one per selection
    /// (only the latest content of a selection matters).
    pending: VecDeque<xfixes::SelectionNotifyEvent>,
    /// Selections owned by this process are skit's own (tests, whose helper
    /// owners live in the test process, change it).
    own_pid: u32,
}

impl Capturer {
    pub(crate) fn new(
        options: WatchOptions,
        paused: Arc<AtomicBool>,
        sender: Sender<Captured>,
    ) -> Result<Capturer, String> {
        let x = x11_selection::connect(options.display.as_deref(), "clipboard history")?;
        let xfixes_ok = x
            .conn
            .extension_information(xfixes::X11_EXTENSION_NAME)
            .ok()
            .flatten()
            .is_some()
            && x.conn
                .xfixes_query_version(5, 0)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some();
        if !xfixes_ok {
            return Err(
                "The X server lacks the XFIXES extension, which clipboard history needs to \
                 see copies; clipboard history is off."
                    .into(),
            );
        }
        let window = x11_selection::hidden_window(&x, "skit-clipboard-watch")?;
        let mut selections = vec![x.atoms.CLIPBOARD];
        if options.record_primary {
            selections.push(AtomEnum::PRIMARY.into());
        }
        for selection in selections {
            x.conn
                .xfixes_select_selection_input(
                    window,
                    selection,
                    xfixes::SelectionEventMask::SET_SELECTION_OWNER,
                )
                .map_err(|e| format!("Cannot watch the clipboard: {e}"))?;
        }
        x.conn
            .flush()
            .map_err(|e| format!("Cannot watch the clipboard: {e}"))?;
        Ok(Capturer {
            x,
            window,
            options,
            paused,
            sender,
            pending: VecDeque::new(),
            own_pid: std::process::id(),
        })
    }

    /// The next change of owner: a pending one, or the next from the server.
    /// `None` when `wake` became readable or `deadline` passed.
    pub(crate) fn next_notify(
        &mut self,
        wake: Option<BorrowedFd<'_>>,
        deadline: Option<Instant>,
    ) -> Result<Option<xfixes::SelectionNotifyEvent>, String> {
        if let Some(notify) = self.pending.pop_front() {
            return Ok(Some(notify));
        }
        loop {
            match x11_selection::wait_event(&self.x.conn, deadline, wake)? {
                Waited::Event(Event::XfixesSelectionNotify(notify)) => return Ok(Some(notify)),
                Waited::Event(_) => {}
                Waited::Timeout | Waited::Woken => return Ok(None),
            }
        }
    }

    /// Reads and sends the content of one change of owner, unless a privacy rule
    /// says otherwise.
    pub(crate) fn handle(&mut self, notify: xfixes::SelectionNotifyEvent) -> Outcome {
        let outcome = self.capture(&notify);
        outcome.log();
        outcome
    }

    fn capture(&mut self, notify: &xfixes::SelectionNotifyEvent) -> Outcome {
        if self.paused.load(Ordering::SeqCst) {
            return Outcome::Paused;
        }
        if notify.owner == x11rb::NONE {
            return Outcome::NoOwner;
        }
        let identity = identify_owner(&self.x, notify.owner);
        if identity.is_process(self.own_pid) {
            return Outcome::OwnedBySkit;
        }
        if identity.is_ignored(&self.options.ignore_apps) {
            return Outcome::IgnoredApp(identity.app_name().unwrap_or_default());
        }
        let selection = notify.selection;
        let time = notify.selection_timestamp;
        let timeout = self.options.timeout;
        let Capturer {
            x, window, pending, ..
        } = self;
        let window = *window;
        let mut other = |event: Event| {
            if let Event::XfixesSelectionNotify(later) = event {
                pending.retain(|p| p.selection != later.selection);
                pending.push_back(later);
            }
        };
        let offered = match x11_selection::targets(x, window, selection, time, timeout, &mut other)
        {
            Ok(offered) => offered,
            Err(e) => {
                tracing::debug!("clipboard: cannot read the offered types: {e}");
                return Outcome::NothingUsable;
            }
        };
        let concealed = is_concealed(&x.atoms, &offered, |hint| {
            convert(x, window, selection, hint, time, 1024, timeout, &mut other)
                .ok()
                .map(|(_, value)| value)
        });
        if concealed {
            return Outcome::Concealed;
        }
        let text_target = text_targets(&x.atoms)
            .into_iter()
            .find(|t| offered.contains(t));
        let (kind, target, max): (Kind, Atom, usize) = match text_target {
            Some(target) => (Kind::Text, target, self.options.max_text_bytes),
            None if offered.contains(&x.atoms.IMAGE_PNG) => {
                (Kind::Png, x.atoms.IMAGE_PNG, self.options.max_image_bytes)
            }
            None => return Outcome::NothingUsable,
        };
        let bytes = match convert(x, window, selection, target, time, max, timeout, &mut other) {
            Ok((_, bytes)) => bytes,
            Err(ReadError::TooLarge(size)) => return Outcome::TooLarge(size),
            Err(e) => {
                tracing::debug!("clipboard: cannot read the copied content: {e}");
                return Outcome::NothingUsable;
            }
        };
        let bytes = match kind {
            Kind::Text => x11_selection::decode_text(target, bytes).into_bytes(),
            Kind::Png => bytes,
        };
        let captured = Captured {
            kind,
            bytes,
            source_app: identity.app_name(),
        };
        hand_over(captured, max, &self.paused, &self.sender)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x11rb::protocol::xproto::ConnectionExt as _;
    use x11rb::wrapper::ConnectionExt as _;

    use crate::clipboard::store::tests::png;
    use crate::clipboard::test_x::{PATIENCE, TestDisplay, TestOwner, recv, xclip_set};

    fn options(display: &TestDisplay) -> WatchOptions {
        WatchOptions {
            display: Some(display.name().to_string()),
            ..WatchOptions::default()
        }
    }

    /// A capturer driven by the test thread, so each decision can be checked. The
    /// helper owners live in this test process; for the capturer they are not skit.
    fn capturer(
        options: WatchOptions,
    ) -> (Capturer, async_channel::Receiver<Captured>, Arc<AtomicBool>) {
        let (sender, receiver) = async_channel::bounded(4);
        let paused = Arc::new(AtomicBool::new(false));
        let mut capturer = Capturer::new(options, paused.clone(), sender).unwrap();
        capturer.own_pid = NOT_THIS_PROCESS;
        (capturer, receiver, paused)
    }

    const NOT_THIS_PROCESS: u32 = u32::MAX;

    fn watcher(display: &TestDisplay) -> (Watcher, async_channel::Receiver<Captured>) {
        let (capturer, receiver, _) = capturer(options(display));
        (Watcher::spawn(capturer).unwrap(), receiver)
    }

    fn next_outcome(capturer: &mut Capturer) -> Outcome {
        let notify = capturer
            .next_notify(None, Some(Instant::now() + PATIENCE))
            .unwrap()
            .expect("a change of owner");
        capturer.handle(notify)
    }

    #[test]
    fn a_copy_with_xclip_is_captured_by_the_thread_with_its_source() {
        let display = TestDisplay::start();
        let (watcher, receiver) = watcher(&display);
        xclip_set(display.name(), "clipboard", "first copy".as_bytes(), None);
        let captured = recv(&receiver);
        assert_eq!(captured.kind, Kind::Text);
        assert_eq!(captured.bytes, b"first copy");
        let _owner = TestOwner::start(
            display.name(),
            "CLIPBOARD",
            "Gedit",
            vec![("UTF8_STRING", "second copy, é".as_bytes().to_vec())],
        );
        let captured = recv(&receiver);
        assert_eq!(captured.bytes, "second copy, é".as_bytes());
        assert_eq!(captured.source_app.as_deref(), Some("Gedit"));
        xclip_set(
            display.name(),
            "clipboard",
            &png(3, 2, 7),
            Some("image/png"),
        );
        let captured = recv(&receiver);
        assert_eq!(captured.kind, Kind::Png);
        assert_eq!(captured.bytes, png(3, 2, 7));
        watcher.stop();
    }

    #[test]
    fn a_copy_marked_secret_is_not_captured_and_the_next_one_is() {
        let display = TestDisplay::start();
        let (watcher, receiver) = watcher(&display);
        let owner = TestOwner::start(
            display.name(),
            "CLIPBOARD",
            "PasswordApp",
            vec![
                ("UTF8_STRING", b"hunter2".to_vec()),
                ("x-kde-passwordManagerHint", b"secret".to_vec()),
            ],
        );
        assert_eq!(owner.next_request(), "TARGETS");
        // The watcher asks for the hint's value next, not for the text.
        assert_eq!(owner.next_request(), "x-kde-passwordManagerHint");
        xclip_set(display.name(), "clipboard", b"public", None);
        assert_eq!(recv(&receiver).bytes, b"public");
        assert!(
            owner.requests.try_iter().all(|t| t != "UTF8_STRING"),
            "the secret text was read"
        );
        watcher.stop();
    }

    #[test]
    fn each_privacy_rule_decides_before_reading() {
        let display = TestDisplay::start();
        let mut options = options(&display);
        options.ignore_apps.push("secretkeeper".into());
        let (mut capturer, receiver, paused) = capturer(options);

        let owner = TestOwner::start(
            display.name(),
            "CLIPBOARD",
            "SecretKeeper",
            vec![("UTF8_STRING", b"from an ignored app".to_vec())],
        );
        assert_eq!(
            next_outcome(&mut capturer),
            Outcome::IgnoredApp("SecretKeeper".into())
        );
        assert!(owner.requests.try_recv().is_err(), "nothing was asked");

        paused.store(true, Ordering::SeqCst);
        xclip_set(display.name(), "clipboard", b"while paused", None);
        assert_eq!(next_outcome(&mut capturer), Outcome::Paused);
        paused.store(false, Ordering::SeqCst);

        // skit's own windows are skipped: by the process holding the window, and by
        // the _NET_WM_PID that skit's windows carry.
        let _owner = TestOwner::start(display.name(), "CLIPBOARD", "Skit", vec![]);
        capturer.own_pid = std::process::id();
        assert_eq!(next_outcome(&mut capturer), Outcome::OwnedBySkit);
        let own = x11_selection::connect(Some(display.name()), "test").unwrap();
        let own_window = x11_selection::hidden_window(&own, "skit-test").unwrap();
        own.conn
            .change_property32(
                x11rb::protocol::xproto::PropMode::REPLACE,
                own_window,
                own.atoms._NET_WM_PID,
                AtomEnum::CARDINAL,
                &[4242],
            )
            .unwrap();
        capturer.own_pid = 4242;
        own.conn
            .set_selection_owner(own_window, own.atoms.CLIPBOARD, x11rb::CURRENT_TIME)
            .unwrap();
        own.conn.flush().unwrap();
        assert_eq!(next_outcome(&mut capturer), Outcome::OwnedBySkit);
        capturer.own_pid = NOT_THIS_PROCESS;

        for (hint, value) in [
            ("x-kde-passwordManagerHint", &b"secret"[..]),
            ("application/x-kde-passwordManagerHint", b"secret"),
            ("x-special/gnome-secret", b""),
        ] {
            let _owner = TestOwner::start(
                display.name(),
                "CLIPBOARD",
                "PasswordApp",
                vec![("UTF8_STRING", b"hunter2".to_vec()), (hint, value.to_vec())],
            );
            assert_eq!(next_outcome(&mut capturer), Outcome::Concealed, "{hint}");
        }
        // A hint with another value is not a secret.
        let _owner = TestOwner::start(
            display.name(),
            "CLIPBOARD",
            "PasswordApp",
            vec![
                ("UTF8_STRING", b"not secret".to_vec()),
                ("x-kde-passwordManagerHint", b"accepted".to_vec()),
                // Files copied in a file manager are recorded as their text.
                (
                    "x-special/gnome-copied-files",
                    b"copy\nfile:///tmp".to_vec(),
                ),
            ],
        );
        assert!(matches!(
            next_outcome(&mut capturer),
            Outcome::Recorded { .. }
        ));
        assert_eq!(receiver.try_recv().unwrap().bytes, b"not secret");
        assert!(receiver.try_recv().is_err(), "nothing else was recorded");
    }

    #[test]
    fn large_text_arrives_in_increments_and_oversized_copies_are_refused() {
        let display = TestDisplay::start();
        let mut options = options(&display);
        options.max_text_bytes = 3 * 1024 * 1024;
        let (mut capturer, receiver, _) = capturer(options);
        // Far over the maximum request size of the X server: xclip sends it INCR.
        let big: Vec<u8> = (0..2_500_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        xclip_set(display.name(), "clipboard", &big, None);
        assert_eq!(
            next_outcome(&mut capturer),
            Outcome::Recorded {
                kind: Kind::Text,
                size: big.len()
            }
        );
        assert_eq!(receiver.try_recv().unwrap().bytes, big);

        let mut too_big = big.clone();
        too_big.extend_from_slice(&big);
        xclip_set(display.name(), "clipboard", &too_big, None);
        assert!(matches!(
            next_outcome(&mut capturer),
            Outcome::TooLarge(size) if size > 3 * 1024 * 1024
        ));
        assert!(receiver.try_recv().is_err());
    }

    #[test]
    fn primary_is_watched_only_when_asked() {
        let display = TestDisplay::start();
        let (mut without, _, _) = capturer(options(&display));
        let mut options = options(&display);
        options.record_primary = true;
        let (mut with, receiver, _) = capturer(options);
        xclip_set(display.name(), "primary", b"selected words", None);
        xclip_set(display.name(), "clipboard", b"copied words", None);
        assert!(matches!(next_outcome(&mut with), Outcome::Recorded { .. }));
        assert_eq!(receiver.try_recv().unwrap().bytes, b"selected words");
        // The capturer without PRIMARY sees the CLIPBOARD change first.
        let notify = without
            .next_notify(None, Some(Instant::now() + PATIENCE))
            .unwrap()
            .unwrap();
        assert_eq!(notify.selection, without.x.atoms.CLIPBOARD);
    }

    #[test]
    fn a_full_channel_drops_the_copy_and_says_so() {
        let display = TestDisplay::start();
        let (sender, receiver) = async_channel::bounded(1);
        let mut capturer =
            Capturer::new(options(&display), Arc::new(AtomicBool::new(false)), sender).unwrap();
        capturer.own_pid = NOT_THIS_PROCESS;
        xclip_set(display.name(), "clipboard", b"one", None);
        assert!(matches!(
            next_outcome(&mut capturer),
            Outcome::Recorded { .. }
        ));
        xclip_set(display.name(), "clipboard", b"two", None);
        assert_eq!(next_outcome(&mut capturer), Outcome::ChannelFull);
        drop(receiver);
        xclip_set(display.name(), "clipboard", b"three", None);
        assert_eq!(next_outcome(&mut capturer), Outcome::ChannelClosed);
    }
}
