//! The clipboard thread: its own connection, the wait in `poll` on the Wayland
//! socket and the wake-up socket, the app's commands, recording copies, owning the
//! clipboard, and pasting (the clipboard kept, the keys pressed, the old content put
//! back).

use std::io::ErrorKind;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use async_channel::Sender;
use rustix::event::{PollFd, PollFlags};
use wayland_client::backend::ObjectId;
use wayland_client::protocol::wl_seat;
use wayland_client::{Connection, EventQueue, QueueHandle};
use wayland_protocols_misc::zwp_virtual_keyboard_v1::client::{
    zwp_virtual_keyboard_manager_v1::ZwpVirtualKeyboardManagerV1,
    zwp_virtual_keyboard_v1::ZwpVirtualKeyboardV1,
};

use crate::clipboard::copies::{Captured, Outcome, WatchOptions, hand_over};
use crate::clipboard::pipe::{ReadError, poll, read_until};
use crate::clipboard::store::{Content, Kind};
use crate::clipboard::wayland_keys::Keys;
use crate::clipboard::{PasteReport, Restored};

use super::objects::{Device, Manager};
use super::state::{Selection, Served, State};
use super::{
    Command, FILE_TYPES, MAX_READ_BYTES, NO_DATA_CONTROL, NO_VIRTUAL_KEYBOARD, PASSWORD_HINT,
    PNG_TYPE, READ_TIMEOUT, SECRET_TYPES, TEXT_TYPES, choose_type,
};

/// The clipboard thread's connection and what it knows.
pub(super) struct Engine {
    conn: Connection,
    queue: EventQueue<State>,
    qh: QueueHandle<State>,
    state: State,
    manager: Manager,
    device: Device,
    /// skit's virtual keyboard, made at start and kept: a keyboard added to the
    /// seat just before its keys can lose them to a client that has not yet
    /// taken the seat's new keyboard (as on a seat with no other keyboard).
    keyboard: Option<ZwpVirtualKeyboardV1>,
    pub(super) protocol: &'static str,
    /// Offers with this type are skit's own (and gpui's, which uses the same).
    own_type: String,
    /// Recording, when set.
    watch: Option<WatchOptions>,
    paused: Arc<AtomicBool>,
    copies: Sender<Captured>,
}

/// How a wait ended.
#[derive(PartialEq, Eq)]
enum Woken {
    Compositor,
    Command,
}

impl Engine {
    pub(super) fn connect(
        paused: Arc<AtomicBool>,
        copies: Sender<Captured>,
    ) -> Result<Engine, String> {
        let conn = Connection::connect_to_env()
            .map_err(|e| format!("Cannot connect to the Wayland compositor: {e}"))?;
        let mut queue = conn.new_event_queue();
        let qh = queue.handle();
        let registry = conn.display().get_registry(&qh, ());
        let mut state = State::default();
        queue
            .roundtrip(&mut state)
            .map_err(|e| format!("Cannot read the Wayland compositor's globals: {e}"))?;
        let globals = &state.globals;
        let (seat_name, seat_version) = globals
            .seat
            .ok_or("The Wayland compositor has no seat (no keyboard or pointer)")?;
        let seat: wl_seat::WlSeat = registry.bind(seat_name, seat_version.min(2), &qh, ());
        let (manager, protocol) = match (globals.ext, globals.wlr) {
            (Some((name, version)), _) => (
                Manager::Ext(registry.bind(name, version.min(1), &qh, ())),
                "ext-data-control-v1",
            ),
            (None, Some((name, version))) => (
                Manager::Wlr(registry.bind(name, version.min(2), &qh, ())),
                "wlr-data-control",
            ),
            (None, None) => return Err(format!("{NO_DATA_CONTROL}.")),
        };
        let keyboard = globals.keyboard.map(|(name, _)| {
            let keyboards: ZwpVirtualKeyboardManagerV1 = registry.bind(name, 1, &qh, ());
            keyboards.create_virtual_keyboard(&seat, &qh, ())
        });
        if let Some(keyboard) = &keyboard {
            Keys::new(keyboard).prepare()?;
        }
        let device = manager.device(&seat, &qh);
        let mut engine = Engine {
            conn,
            queue,
            qh,
            state,
            manager,
            device,
            keyboard,
            protocol,
            own_type: format!("pid/{}", std::process::id()),
            watch: None,
            paused,
            copies,
        };
        engine.roundtrip()?;
        // What was on the clipboard before skit started is not a copy to record.
        engine.state.clipboard_changed = false;
        engine.state.primary_changed = false;
        Ok(engine)
    }

    fn roundtrip(&mut self) -> Result<(), String> {
        self.queue
            .roundtrip(&mut self.state)
            .map(|_| ())
            .map_err(|e| format!("The Wayland connection failed: {e}"))
    }

    pub(super) fn run(mut self, commands: Receiver<Command>, wake: UnixStream) {
        loop {
            match self.wait(None, Some(wake.as_fd())) {
                Ok(Woken::Compositor) => {}
                Ok(Woken::Command) => {
                    // The app dropped its handle: stop.
                    if !crate::clipboard::read_wake(&wake) {
                        return;
                    }
                    while let Ok(command) = commands.try_recv() {
                        self.command(command);
                    }
                }
                Err(e) => {
                    tracing::error!("clipboard: the Wayland clipboard stopped: {e}");
                    return;
                }
            }
            if self.state.finished {
                tracing::warn!("clipboard: the compositor ended skit's clipboard device");
                return;
            }
            self.capture_changes();
        }
    }

    /// Sleeps until the compositor sends something, `wake` is readable or
    /// `deadline` passes; dispatches what arrived.
    fn wait(
        &mut self,
        deadline: Option<Instant>,
        wake: Option<BorrowedFd<'_>>,
    ) -> Result<Woken, String> {
        let failed = |e: &dyn std::fmt::Display| format!("The Wayland connection failed: {e}");
        self.queue
            .dispatch_pending(&mut self.state)
            .map_err(|e| failed(&e))?;
        // A full socket is flushed on the next wait.
        if let Err(e) = self.conn.flush()
            && !would_block(&e)
        {
            return Err(failed(&e));
        }
        let Some(guard) = self.queue.prepare_read() else {
            self.queue
                .dispatch_pending(&mut self.state)
                .map_err(|e| failed(&e))?;
            return Ok(Woken::Compositor);
        };
        let (from_compositor, command) = {
            let mut fds = vec![PollFd::from_borrowed_fd(
                guard.connection_fd(),
                PollFlags::IN,
            )];
            fds.extend(wake.map(|wake| PollFd::from_borrowed_fd(wake, PollFlags::IN)));
            let ready = poll(&mut fds, deadline).map_err(|e| failed(&e))?;
            let fired = |i: usize| ready && fds.get(i).is_some_and(|f| !f.revents().is_empty());
            (fired(0), fired(1))
        };
        if from_compositor {
            if let Err(e) = guard.read()
                && !would_block(&e)
            {
                return Err(failed(&e));
            }
        } else {
            drop(guard);
        }
        self.queue
            .dispatch_pending(&mut self.state)
            .map_err(|e| failed(&e))?;
        Ok(if command {
            Woken::Command
        } else {
            Woken::Compositor
        })
    }

    /// Waits until `done` holds (true) or `deadline` passes (false).
    fn wait_until(
        &mut self,
        deadline: Instant,
        done: impl Fn(&State) -> bool,
    ) -> Result<bool, String> {
        loop {
            if done(&self.state) {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            self.wait(Some(deadline), None)?;
        }
    }

    fn command(&mut self, command: Command) {
        // A caller that gave up waiting is no reason to stop.
        match command {
            Command::Watch(options) => self.watch = options,
            Command::Copy(content, secret, reply) => {
                let _ = reply.send(self.own(content, secret).map(|_| ()));
            }
            Command::Paste(content, secret, terminals, reply) => {
                let _ = reply.send(self.paste(content, secret, &terminals));
            }
            Command::Type(text, reply) => {
                let _ = reply.send(self.with_keys(|keys| keys.type_text(&text)));
            }
            Command::Left(times, reply) => {
                let _ = reply.send(self.with_keys(|keys| keys.press_left(times)));
            }
            Command::Primary(reply) => {
                let text = self.read_text(Selection::Primary);
                let _ = reply.send(text);
            }
        }
    }

    // --- recording ---

    fn capture_changes(&mut self) {
        for which in [Selection::Clipboard, Selection::Primary] {
            let changed = match which {
                Selection::Clipboard => std::mem::take(&mut self.state.clipboard_changed),
                Selection::Primary => std::mem::take(&mut self.state.primary_changed),
            };
            let Some(options) = self.watch.clone() else {
                continue;
            };
            if !changed || (which == Selection::Primary && !options.record_primary) {
                continue;
            }
            let outcome = self.capture(which, &options);
            outcome.log();
            if outcome == Outcome::ChannelClosed {
                self.watch = None;
            }
        }
    }

    fn capture(&mut self, which: Selection, options: &WatchOptions) -> Outcome {
        if self.paused.load(Ordering::SeqCst) {
            return Outcome::Paused;
        }
        let Some((offer, types)) = self.state.types(which) else {
            return Outcome::NoOwner;
        };
        if types.contains(&self.own_type) {
            return Outcome::OwnedBySkit;
        }
        if types.iter().any(|t| SECRET_TYPES.contains(&t.as_str())) {
            return Outcome::Concealed;
        }
        let Some((kind, mime_type)) = choose_type(types) else {
            return Outcome::NothingUsable;
        };
        let max = match kind {
            Kind::Text => options.max_text_bytes,
            Kind::Png => options.max_image_bytes,
        };
        let bytes = match self.read(&offer, mime_type, max, options.timeout) {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge(size)) => return Outcome::TooLarge(size),
            Err(ReadError::Failed(e)) => {
                tracing::debug!("clipboard: cannot read the copied content: {e}");
                return Outcome::NothingUsable;
            }
        };
        let bytes = match kind {
            Kind::Text => {
                crate::clipboard::text_from_bytes(bytes, mime_type == "STRING").into_bytes()
            }
            Kind::Png => bytes,
        };
        let captured = Captured {
            kind,
            bytes,
            source_app: None,
        };
        hand_over(captured, max, &self.paused, &self.copies)
    }

    /// Reads one type of an offer, at most `max` bytes, within `timeout`.
    fn read(
        &mut self,
        offer: &ObjectId,
        mime_type: &str,
        max: usize,
        timeout: Duration,
    ) -> Result<Vec<u8>, ReadError> {
        let (offer, _) = self
            .state
            .offers
            .get(offer)
            .ok_or_else(|| ReadError::Failed("the offer is gone".into()))?;
        let (reader, writer) = std::io::pipe().map_err(|e| ReadError::Failed(e.to_string()))?;
        offer.receive(mime_type, writer.as_fd());
        drop(writer);
        self.conn
            .flush()
            .map_err(|e| ReadError::Failed(e.to_string()))?;
        read_until(reader, max, Instant::now() + timeout)
    }

    /// The text of a selection (skit's own from memory), `None` without one.
    fn read_text(&mut self, which: Selection) -> Option<String> {
        if which == Selection::Primary && !self.manager.has_primary() {
            return None;
        }
        let (offer, types) = self.state.types(which)?;
        let mime_type = TEXT_TYPES
            .into_iter()
            .find(|t| types.iter().any(|o| o == t))?;
        let bytes = self
            .read(&offer, mime_type, MAX_READ_BYTES, READ_TIMEOUT)
            .ok()?;
        Some(crate::clipboard::text_from_bytes(
            bytes,
            mime_type == "STRING",
        ))
    }

    // --- writing ---

    /// Puts `content` on the clipboard, served by skit until another app copies.
    fn own(&mut self, content: Content, secret: bool) -> Result<(), String> {
        self.state.sources.retain(|s| !s.cancelled);
        let source = self.manager.source(&self.qh);
        let types: &[&str] = match content {
            Content::Text(_) => &TEXT_TYPES,
            Content::Png(_) => &[PNG_TYPE],
            Content::Files(_) => &FILE_TYPES,
        };
        for mime_type in types {
            source.offer(mime_type);
        }
        if secret {
            source.offer(PASSWORD_HINT);
        }
        source.offer(&self.own_type);
        self.device.set_selection(Some(&source));
        self.state.sources.push(Served {
            source,
            content: Arc::new(content),
            secret,
            reads: 0,
            cancelled: false,
        });
        self.roundtrip()
    }

    /// What the clipboard holds before a paste, to put back after it.
    fn previous(&mut self) -> Previous {
        let Some((offer, types)) = self.state.types(Selection::Clipboard) else {
            return Previous::Empty;
        };
        if types.contains(&self.own_type)
            && let Some(served) = self.state.serving()
        {
            return Previous::Content((*served.content).clone(), served.secret);
        }
        let secret = types.iter().any(|t| SECRET_TYPES.contains(&t.as_str()));
        let Some((kind, mime_type)) = choose_type(types) else {
            return Previous::Unreadable;
        };
        match self.read(&offer, mime_type, MAX_READ_BYTES, READ_TIMEOUT) {
            Ok(bytes) => Previous::Content(
                match kind {
                    Kind::Text => Content::Text(crate::clipboard::text_from_bytes(
                        bytes,
                        mime_type == "STRING",
                    )),
                    Kind::Png => Content::Png(bytes),
                },
                secret,
            ),
            Err(_) => Previous::Unreadable,
        }
    }

    fn paste(
        &mut self,
        content: Content,
        secret: bool,
        terminals: &[String],
    ) -> Result<PasteReport, String> {
        let previous = self.previous();
        self.own(content, secret)?;
        let pasted = self.state.sources.len() - 1;
        let terminal = self
            .focused_app()
            .is_some_and(|app| terminals.iter().any(|t| t.eq_ignore_ascii_case(&app)));
        self.with_keys(|keys| keys.paste(terminal))
            .map_err(|e| format!("{e} It is on the clipboard: paste it with Ctrl+V."))?;
        let read = |state: &State| {
            let served = &state.sources[pasted];
            served.reads > 0 || served.cancelled
        };
        self.wait_until(Instant::now() + READ_TIMEOUT, read)?;
        let served = &self.state.sources[pasted];
        let target_read = served.reads > 0;
        let restored = if served.cancelled {
            Restored::TakenOver
        } else {
            match previous {
                Previous::Content(content, secret) => {
                    self.own(content, secret)?;
                    Restored::Content
                }
                Previous::Empty => {
                    self.device.set_selection(None);
                    self.roundtrip()?;
                    Restored::Empty
                }
                Previous::Unreadable => Restored::Unreadable,
            }
        };
        Ok(PasteReport {
            terminal,
            target_read,
            restored,
        })
    }

    /// Runs `press` on skit's virtual keyboard; returns once the compositor has
    /// every key.
    fn with_keys(&mut self, press: impl FnOnce(&Keys) -> Result<(), String>) -> Result<(), String> {
        let Some(keyboard) = &self.keyboard else {
            return Err(NO_VIRTUAL_KEYBOARD.into());
        };
        let result = press(&Keys::new(keyboard));
        result.and(self.roundtrip())
    }

    /// The app id of the window with the focus, when the compositor lists windows.
    fn focused_app(&mut self) -> Option<String> {
        self.state.globals.toplevels?;
        crate::windows::toplevel::focused_app()
    }
}

/// The connection could not go on at once, and will on the next wait.
fn would_block(e: &wayland_client::backend::WaylandError) -> bool {
    matches!(e, wayland_client::backend::WaylandError::Io(io) if io.kind() == ErrorKind::WouldBlock)
}

/// The clipboard before a paste.
enum Previous {
    Content(Content, bool),
    Empty,
    Unreadable,
}
