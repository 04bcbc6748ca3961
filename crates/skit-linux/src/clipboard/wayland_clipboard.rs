//! The clipboard on Wayland, through the data-control protocol: recording copies
//! for the history, putting text on the clipboard, pasting and typing into the
//! focused window, and reading the PRIMARY selection. `ext-data-control-v1` where
//! the compositor offers it, else wlroots' `zwlr_data_control_unstable_v1` (the two
//! are the same protocol under two names). Not for X11 (see `x11_watch` and
//! `x11_paste`), for the keys themselves (see `wayland_keys`) or for moving bytes
//! through pipes (see `pipe`).
//!
//! One thread owns a connection of its own and sleeps in `poll` on the Wayland
//! socket and a wake-up socket: a copy anywhere wakes it, and so does a command
//! from the app ([`WaylandClipboard`]'s methods, which block their caller, a
//! background task, until the thread answers). A hidden skit with nothing copied
//! does no work.
//!
//! Recording follows the X11 rules, checked before any content is read: nothing
//! while paused; nothing skit offers itself (its offers, and gpui's, carry the
//! `pid/<skit's pid>` type); nothing that offers a secret marker
//! (`x-kde-passwordManagerHint` and the others of `x11_selection::concealment`:
//! offering one is enough, its value is not read). Text is preferred over PNG;
//! content over the size limit is not read past it. Data control does not say
//! which app copied, so `ignoreApps` does not apply here.
//!
//! A paste ([`WaylandClipboard::paste`]), once the launcher has hidden and the
//! compositor has given the keyboard back to the window the user came from: keep
//! what the clipboard held, put the new content on it, look up the focused app
//! (wlr foreign toplevel, when offered) to press Ctrl+Shift+V in a terminal and
//! Ctrl+V elsewhere, wait until the app has read it, then put the old content back.

use std::collections::HashMap;
use std::io::{ErrorKind, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use async_channel::Sender;
use rustix::event::{PollFd, PollFlags};
use wayland_client::backend::ObjectId;
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{
    Connection, Dispatch, EventQueue, Proxy, QueueHandle, WEnum, event_created_child,
};
use wayland_protocols::ext::data_control::v1::client::{
    ext_data_control_device_v1 as ext_device, ext_data_control_manager_v1 as ext_manager,
    ext_data_control_offer_v1 as ext_offer, ext_data_control_source_v1 as ext_source,
};
use wayland_protocols_misc::zwp_virtual_keyboard_v1::client::{
    zwp_virtual_keyboard_manager_v1::ZwpVirtualKeyboardManagerV1,
    zwp_virtual_keyboard_v1::ZwpVirtualKeyboardV1,
};
use wayland_protocols_wlr::data_control::v1::client::{
    zwlr_data_control_device_v1 as wlr_device, zwlr_data_control_manager_v1 as wlr_manager,
    zwlr_data_control_offer_v1 as wlr_offer, zwlr_data_control_source_v1 as wlr_source,
};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1 as toplevel_handle,
    zwlr_foreign_toplevel_manager_v1 as toplevel_manager,
};

use super::copies::{Captured, Outcome, WatchOptions, hand_over};
use super::pipe::{ReadError, poll, read_until, write_all_until};
use super::store::{Content, Kind};
use super::wayland_keys::Keys;
use super::{PasteReport, Restored};

/// Text types in the order they are asked for (and offered).
const TEXT_TYPES: [&str; 5] = [
    "text/plain;charset=utf-8",
    "UTF8_STRING",
    "text/plain",
    "STRING",
    "TEXT",
];
const PNG_TYPE: &str = "image/png";
/// Offered with a secret, as KeePassXC does; its value is `secret`.
const PASSWORD_HINT: &str = "x-kde-passwordManagerHint";
/// Types whose offer marks a copy as a secret (see `x11_selection::concealment`).
const SECRET_TYPES: [&str; 4] = [
    PASSWORD_HINT,
    "application/x-kde-passwordManagerHint",
    "x-special/gnome-secret",
    "ExcludeClipboardContentFromMonitorProcessing",
];
/// Largest previous clipboard kept for restoring, and largest PRIMARY read.
const MAX_READ_BYTES: usize = 16 * 1024 * 1024;
/// For another app to answer a read, and to read what skit serves.
const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// Commands waiting for the thread (each caller waits for its answer).
const COMMANDS_CAPACITY: usize = 8;

/// Where the compositor offers no data control at all.
pub(crate) const NO_DATA_CONTROL: &str = "The compositor offers no data-control protocol \
     (ext-data-control-v1 or wlr-data-control), which a clipboard history needs on Wayland";

/// The clipboard thread, as the app talks to it. Dropping it stops the thread.
pub struct WaylandClipboard {
    commands: SyncSender<Command>,
    wake: UnixStream,
    /// "ext-data-control-v1" or "wlr-data-control".
    pub protocol: &'static str,
}

impl std::fmt::Debug for WaylandClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaylandClipboard")
            .field("protocol", &self.protocol)
            .finish()
    }
}

enum Command {
    Watch(Option<WatchOptions>),
    Copy(Content, bool, SyncSender<Result<(), String>>),
    Paste(
        Content,
        bool,
        Vec<String>,
        SyncSender<Result<PasteReport, String>>,
    ),
    Type(String, SyncSender<Result<(), String>>),
    Primary(SyncSender<Option<String>>),
}

impl WaylandClipboard {
    /// Connects to the compositor `WAYLAND_DISPLAY` names and starts the thread;
    /// nothing is recorded until [`WaylandClipboard::watch`]. `Err` (a sentence for
    /// the user) without a compositor or without data control.
    pub fn start(
        paused: Arc<AtomicBool>,
        copies: Sender<Captured>,
    ) -> Result<WaylandClipboard, String> {
        let engine = Engine::connect(paused, copies)?;
        let protocol = engine.protocol;
        let (commands, receiver) = sync_channel(COMMANDS_CAPACITY);
        let (wake, wake_end) =
            UnixStream::pair().map_err(|e| format!("Cannot start the clipboard: {e}"))?;
        wake_end
            .set_nonblocking(true)
            .map_err(|e| format!("Cannot start the clipboard: {e}"))?;
        std::thread::Builder::new()
            .name("skit-wayland-clipboard".into())
            .spawn(move || engine.run(receiver, wake_end))
            .map_err(|e| format!("Cannot start the clipboard thread: {e}"))?;
        Ok(WaylandClipboard {
            commands,
            wake,
            protocol,
        })
    }

    fn send(&self, command: Command) -> Result<(), String> {
        match self.commands.try_send(command) {
            Ok(()) => {
                // The thread drains commands whenever the socket is readable; a
                // full socket buffer means it has plenty to wake up for already.
                let _ = (&self.wake).write(&[1]);
                Ok(())
            }
            Err(TrySendError::Full(_)) => {
                Err("The clipboard is busy with earlier requests; try again.".into())
            }
            Err(TrySendError::Disconnected(_)) => {
                Err("The Wayland clipboard stopped (see the log).".into())
            }
        }
    }

    fn call<T>(&self, command: impl FnOnce(SyncSender<T>) -> Command) -> Result<T, String> {
        let (reply, answer) = sync_channel(1);
        self.send(command(reply))?;
        answer
            .recv()
            .map_err(|_| "The Wayland clipboard stopped (see the log).".to_string())
    }

    /// Starts recording with `options`, or stops with `None`.
    pub fn watch(&self, options: Option<WatchOptions>) -> Result<(), String> {
        self.send(Command::Watch(options))
    }

    /// Puts `content` on the clipboard and serves it until another app copies.
    pub fn copy(&self, content: Content, secret: bool) -> Result<(), String> {
        self.call(|reply| Command::Copy(content, secret, reply))?
    }

    /// Pastes `content` into the focused window and restores the clipboard.
    /// `terminal_apps`: app ids that get Ctrl+Shift+V.
    pub fn paste(
        &self,
        content: Content,
        secret: bool,
        terminal_apps: &[String],
    ) -> Result<PasteReport, String> {
        let terminals = terminal_apps.to_vec();
        self.call(|reply| Command::Paste(content, secret, terminals, reply))?
    }

    /// Types `text` into the focused window.
    pub fn type_text(&self, text: &str) -> Result<(), String> {
        let text = text.to_string();
        self.call(|reply| Command::Type(text, reply))?
    }

    /// The PRIMARY selection's text, `None` when nothing is selected (or the
    /// compositor's data control has no PRIMARY).
    pub fn primary_text(&self) -> Option<String> {
        self.call(Command::Primary).ok().flatten()
    }
}

// --- the two protocols under one name ----------------------------------------------------

enum Manager {
    Ext(ext_manager::ExtDataControlManagerV1),
    Wlr(wlr_manager::ZwlrDataControlManagerV1),
}

enum Device {
    Ext(ext_device::ExtDataControlDeviceV1),
    Wlr(wlr_device::ZwlrDataControlDeviceV1),
}

enum Offer {
    Ext(ext_offer::ExtDataControlOfferV1),
    Wlr(wlr_offer::ZwlrDataControlOfferV1),
}

enum Source {
    Ext(ext_source::ExtDataControlSourceV1),
    Wlr(wlr_source::ZwlrDataControlSourceV1),
}

impl Manager {
    fn device(&self, seat: &wl_seat::WlSeat, qh: &QueueHandle<State>) -> Device {
        match self {
            Manager::Ext(m) => Device::Ext(m.get_data_device(seat, qh, ())),
            Manager::Wlr(m) => Device::Wlr(m.get_data_device(seat, qh, ())),
        }
    }

    fn source(&self, qh: &QueueHandle<State>) -> Source {
        match self {
            Manager::Ext(m) => Source::Ext(m.create_data_source(qh, ())),
            Manager::Wlr(m) => Source::Wlr(m.create_data_source(qh, ())),
        }
    }

    /// Whether PRIMARY goes through it (always for ext; version 2 for wlr).
    fn has_primary(&self) -> bool {
        match self {
            Manager::Ext(_) => true,
            Manager::Wlr(m) => m.version() >= 2,
        }
    }
}

impl Device {
    fn set_selection(&self, source: Option<&Source>) {
        match (self, source) {
            (Device::Ext(d), Some(Source::Ext(s))) => d.set_selection(Some(s)),
            (Device::Ext(d), None) => d.set_selection(None),
            (Device::Wlr(d), Some(Source::Wlr(s))) => d.set_selection(Some(s)),
            (Device::Wlr(d), None) => d.set_selection(None),
            // One manager makes both; they never differ.
            _ => {}
        }
    }
}

impl Offer {
    fn receive(&self, mime_type: &str, fd: BorrowedFd<'_>) {
        match self {
            Offer::Ext(o) => o.receive(mime_type.into(), fd),
            Offer::Wlr(o) => o.receive(mime_type.into(), fd),
        }
    }

    fn destroy(&self) {
        match self {
            Offer::Ext(o) => o.destroy(),
            Offer::Wlr(o) => o.destroy(),
        }
    }
}

impl Source {
    fn id(&self) -> ObjectId {
        match self {
            Source::Ext(s) => s.id(),
            Source::Wlr(s) => s.id(),
        }
    }

    fn offer(&self, mime_type: &str) {
        match self {
            Source::Ext(s) => s.offer(mime_type.into()),
            Source::Wlr(s) => s.offer(mime_type.into()),
        }
    }

    fn destroy(&self) {
        match self {
            Source::Ext(s) => s.destroy(),
            Source::Wlr(s) => s.destroy(),
        }
    }
}

// --- what the compositor tells the thread ------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Selection {
    Clipboard,
    Primary,
}

/// The globals skit uses: (name, version).
#[derive(Default)]
struct Globals {
    seat: Option<(u32, u32)>,
    ext: Option<(u32, u32)>,
    wlr: Option<(u32, u32)>,
    keyboard: Option<(u32, u32)>,
    toplevels: Option<(u32, u32)>,
}

/// Content skit serves on the clipboard.
struct Served {
    source: Source,
    content: Arc<Content>,
    secret: bool,
    /// Times an app asked for it.
    reads: usize,
    /// Another app took the clipboard.
    cancelled: bool,
}

#[derive(Default)]
struct State {
    globals: Globals,
    /// Offers and their types, as they arrive.
    offers: HashMap<ObjectId, (Offer, Vec<String>)>,
    clipboard: Option<ObjectId>,
    primary: Option<ObjectId>,
    /// Changed since the last capture.
    clipboard_changed: bool,
    primary_changed: bool,
    sources: Vec<Served>,
    /// The device is gone (the seat went away).
    finished: bool,
}

impl State {
    fn selection(&mut self, which: Selection, offer: Option<ObjectId>) {
        let (current, changed) = match which {
            Selection::Clipboard => (&mut self.clipboard, &mut self.clipboard_changed),
            Selection::Primary => (&mut self.primary, &mut self.primary_changed),
        };
        if let Some(old) = current.take()
            && Some(&old) != offer.as_ref()
            && let Some((offer, _)) = self.offers.remove(&old)
        {
            offer.destroy();
        }
        *current = offer;
        *changed = true;
    }

    fn offer_type(&mut self, offer: ObjectId, mime_type: String) {
        if let Some((_, types)) = self.offers.get_mut(&offer) {
            types.push(mime_type);
        }
    }

    fn types(&self, which: Selection) -> Option<(ObjectId, &[String])> {
        let id = match which {
            Selection::Clipboard => self.clipboard.as_ref()?,
            Selection::Primary => self.primary.as_ref()?,
        };
        let (_, types) = self.offers.get(id)?;
        Some((id.clone(), types))
    }

    /// An app reads what skit serves: written from a thread of its own, so a slow
    /// reader never holds up the clipboard thread.
    fn send(&mut self, source: ObjectId, mime_type: &str, fd: OwnedFd) {
        let Some(served) = self.sources.iter_mut().find(|s| s.source.id() == source) else {
            return;
        };
        served.reads += 1;
        let bytes: Arc<[u8]> = if mime_type == PASSWORD_HINT {
            Arc::from(&b"secret"[..])
        } else if TEXT_TYPES.contains(&mime_type) || mime_type == PNG_TYPE {
            Arc::from(served.content.bytes())
        } else {
            Arc::from(&b""[..])
        };
        let spawned = std::thread::Builder::new()
            .name("skit-clipboard-serve".into())
            .spawn(move || {
                if let Err(e) = write_all_until(fd, &bytes, Instant::now() + READ_TIMEOUT) {
                    tracing::debug!("clipboard: an app did not read what skit served: {e}");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("clipboard: cannot serve a read: {e}");
        }
    }

    fn cancelled(&mut self, source: ObjectId) {
        if let Some(served) = self.sources.iter_mut().find(|s| s.source.id() == source) {
            served.source.destroy();
            served.cancelled = true;
        }
    }

    /// What skit serves on the clipboard now, if anything.
    fn serving(&self) -> Option<&Served> {
        self.sources.last().filter(|s| !s.cancelled)
    }
}

impl Dispatch<wl_registry::WlRegistry, ()> for State {
    fn event(
        state: &mut State,
        _: &wl_registry::WlRegistry,
        event: wl_registry::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        if let wl_registry::Event::Global {
            name,
            interface,
            version,
        } = event
        {
            let global = Some((name, version));
            match interface.as_str() {
                "wl_seat" if state.globals.seat.is_none() => state.globals.seat = global,
                "ext_data_control_manager_v1" => state.globals.ext = global,
                "zwlr_data_control_manager_v1" => state.globals.wlr = global,
                "zwp_virtual_keyboard_manager_v1" => state.globals.keyboard = global,
                "zwlr_foreign_toplevel_manager_v1" => state.globals.toplevels = global,
                _ => {}
            }
        }
    }
}

/// Objects whose events skit does not need.
macro_rules! no_events {
    ($($interface:ty),*) => {$(
        impl Dispatch<$interface, ()> for State {
            fn event(
                _: &mut State,
                _: &$interface,
                _: <$interface as Proxy>::Event,
                _: &(),
                _: &Connection,
                _: &QueueHandle<State>,
            ) {
            }
        }
    )*};
}

no_events!(
    wl_seat::WlSeat,
    ZwpVirtualKeyboardManagerV1,
    ZwpVirtualKeyboardV1,
    ext_manager::ExtDataControlManagerV1,
    wlr_manager::ZwlrDataControlManagerV1
);

/// The events of one protocol's device, offers and sources, handled alike.
macro_rules! data_control_events {
    ($variant:ident, $device:ident, $offer:ident, $source:ident,
     $Device:ty, $Offer:ty, $Source:ty) => {
        impl Dispatch<$Device, ()> for State {
            fn event(
                state: &mut State,
                _: &$Device,
                event: $device::Event,
                _: &(),
                _: &Connection,
                _: &QueueHandle<State>,
            ) {
                match event {
                    $device::Event::DataOffer { id } => {
                        state.offers.insert(id.id(), (Offer::$variant(id), Vec::new()));
                    }
                    $device::Event::Selection { id } => {
                        state.selection(Selection::Clipboard, id.map(|o| o.id()))
                    }
                    $device::Event::PrimarySelection { id } => {
                        state.selection(Selection::Primary, id.map(|o| o.id()))
                    }
                    $device::Event::Finished => state.finished = true,
                    _ => {}
                }
            }

            event_created_child!(State, $Device, [
                $device::EVT_DATA_OFFER_OPCODE => ($Offer, ()),
            ]);
        }

        impl Dispatch<$Offer, ()> for State {
            fn event(
                state: &mut State,
                offer: &$Offer,
                event: $offer::Event,
                _: &(),
                _: &Connection,
                _: &QueueHandle<State>,
            ) {
                if let $offer::Event::Offer { mime_type } = event {
                    state.offer_type(offer.id(), mime_type);
                }
            }
        }

        impl Dispatch<$Source, ()> for State {
            fn event(
                state: &mut State,
                source: &$Source,
                event: $source::Event,
                _: &(),
                _: &Connection,
                _: &QueueHandle<State>,
            ) {
                match event {
                    $source::Event::Send { mime_type, fd } => {
                        state.send(source.id(), &mime_type, fd)
                    }
                    $source::Event::Cancelled => state.cancelled(source.id()),
                    _ => {}
                }
            }
        }
    };
}

data_control_events!(
    Ext,
    ext_device,
    ext_offer,
    ext_source,
    ext_device::ExtDataControlDeviceV1,
    ext_offer::ExtDataControlOfferV1,
    ext_source::ExtDataControlSourceV1
);
data_control_events!(
    Wlr,
    wlr_device,
    wlr_offer,
    wlr_source,
    wlr_device::ZwlrDataControlDeviceV1,
    wlr_offer::ZwlrDataControlOfferV1,
    wlr_source::ZwlrDataControlSourceV1
);

// --- the thread ---------------------------------------------------------------------------

/// The clipboard thread's connection and what it knows.
struct Engine {
    conn: Connection,
    queue: EventQueue<State>,
    qh: QueueHandle<State>,
    registry: wl_registry::WlRegistry,
    state: State,
    manager: Manager,
    device: Device,
    /// skit's virtual keyboard, made at start and kept: a keyboard added to the
    /// seat just before its keys can lose them to a client that has not yet
    /// taken the seat's new keyboard (as on a seat with no other keyboard).
    keyboard: Option<ZwpVirtualKeyboardV1>,
    protocol: &'static str,
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
    fn connect(paused: Arc<AtomicBool>, copies: Sender<Captured>) -> Result<Engine, String> {
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
            registry,
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

    fn run(mut self, commands: Receiver<Command>, wake: UnixStream) {
        loop {
            match self.wait(None, Some(wake.as_fd())) {
                Ok(Woken::Compositor) => {}
                Ok(Woken::Command) => {
                    // The app dropped its handle: stop.
                    if !super::read_wake(&wake) {
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
            Kind::Text => super::text_from_bytes(bytes, mime_type == "STRING").into_bytes(),
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
        Some(super::text_from_bytes(bytes, mime_type == "STRING"))
    }

    // --- writing ---

    /// Puts `content` on the clipboard, served by skit until another app copies.
    fn own(&mut self, content: Content, secret: bool) -> Result<(), String> {
        self.state.sources.retain(|s| !s.cancelled);
        let source = self.manager.source(&self.qh);
        let types: &[&str] = match content {
            Content::Text(_) => &TEXT_TYPES,
            Content::Png(_) => &[PNG_TYPE],
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
                    Kind::Text => {
                        Content::Text(super::text_from_bytes(bytes, mime_type == "STRING"))
                    }
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

    /// The app id of the window with the focus, from the compositor's list of
    /// windows (wlr foreign toplevel), read once and let go.
    fn focused_app(&mut self) -> Option<String> {
        let (name, version) = self.state.globals.toplevels?;
        let mut queue = self.conn.new_event_queue::<Toplevels>();
        let manager: toplevel_manager::ZwlrForeignToplevelManagerV1 =
            self.registry
                .bind(name, version.min(3), &queue.handle(), ());
        let mut toplevels = Toplevels::default();
        // The windows arrive in the first round trip, their states by the second.
        queue.roundtrip(&mut toplevels).ok()?;
        queue.roundtrip(&mut toplevels).ok()?;
        manager.stop();
        for (handle, _) in &toplevels.windows {
            handle.destroy();
        }
        let _ = self.conn.flush();
        let app = toplevels
            .windows
            .iter()
            .find(|(_, window)| window.activated)
            .and_then(|(_, window)| window.app_id.clone());
        tracing::debug!("clipboard: the focused app is {app:?}");
        app
    }
}

/// The connection could not go on at once, and will on the next wait.
fn would_block(e: &wayland_client::backend::WaylandError) -> bool {
    matches!(e, wayland_client::backend::WaylandError::Io(io) if io.kind() == ErrorKind::WouldBlock)
}

/// Where the compositor has no virtual keyboard (GNOME, KDE).
pub const NO_VIRTUAL_KEYBOARD: &str =
    "This compositor offers no virtual keyboard, so skit cannot press keys in other apps.";

/// The clipboard before a paste.
enum Previous {
    Content(Content, bool),
    Empty,
    Unreadable,
}

/// The kind to record of what an offer has, and the type to ask for.
fn choose_type(types: &[String]) -> Option<(Kind, &'static str)> {
    let has = |wanted: &str| types.iter().any(|t| t == wanted);
    if let Some(text) = TEXT_TYPES.into_iter().find(|t| has(t)) {
        return Some((Kind::Text, text));
    }
    has(PNG_TYPE).then_some((Kind::Png, PNG_TYPE))
}

// --- the windows, for the focused app -------------------------------------------------------

#[derive(Default)]
struct Window {
    app_id: Option<String>,
    activated: bool,
}

#[derive(Default)]
struct Toplevels {
    windows: Vec<(toplevel_handle::ZwlrForeignToplevelHandleV1, Window)>,
}

impl Dispatch<toplevel_manager::ZwlrForeignToplevelManagerV1, ()> for Toplevels {
    fn event(
        state: &mut Toplevels,
        _: &toplevel_manager::ZwlrForeignToplevelManagerV1,
        event: toplevel_manager::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Toplevels>,
    ) {
        if let toplevel_manager::Event::Toplevel { toplevel } = event {
            state.windows.push((toplevel, Window::default()));
        }
    }

    event_created_child!(Toplevels, toplevel_manager::ZwlrForeignToplevelManagerV1, [
        toplevel_manager::EVT_TOPLEVEL_OPCODE => (toplevel_handle::ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<toplevel_handle::ZwlrForeignToplevelHandleV1, ()> for Toplevels {
    fn event(
        state: &mut Toplevels,
        handle: &toplevel_handle::ZwlrForeignToplevelHandleV1,
        event: toplevel_handle::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Toplevels>,
    ) {
        let Some((_, window)) = state.windows.iter_mut().find(|(h, _)| h == handle) else {
            return;
        };
        match event {
            toplevel_handle::Event::AppId { app_id } => window.app_id = Some(app_id),
            toplevel_handle::Event::State { state } => {
                window.activated = state
                    .chunks_exact(4)
                    .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
                    .any(|s| {
                        WEnum::<toplevel_handle::State>::from(s)
                            == WEnum::Value(toplevel_handle::State::Activated)
                    });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn text_is_preferred_to_an_image_and_utf8_to_other_text() {
        assert_eq!(
            choose_type(&types(&["image/png", "STRING", "text/plain;charset=utf-8"])),
            Some((Kind::Text, "text/plain;charset=utf-8"))
        );
        assert_eq!(
            choose_type(&types(&["image/png", "text/html"])),
            Some((Kind::Png, "image/png"))
        );
        assert_eq!(choose_type(&types(&["text/html", "image/jpeg"])), None);
    }
}
