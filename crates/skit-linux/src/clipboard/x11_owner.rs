//! skit's side of the X11 clipboard: a thread ("skit-clipboard-owner") with its
//! own connection and an invisible window that owns CLIPBOARD whenever skit put
//! something there, and answers every program that reads it (large content in
//! INCR chunks). Not for reading other programs' selections (see `x11_selection`).
//!
//! X11 has no "hand the clipboard back": whoever owns it must serve it. So after a
//! paste the owner keeps serving the restored previous content until another
//! program takes the clipboard. Its window carries skit's `_NET_WM_PID`, so skit's
//! own watcher does not record any of this.

use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use x11rb::connection::Connection as _;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, PropMode, Property,
    SelectionNotifyEvent, SelectionRequestEvent, Timestamp, Window,
};
use x11rb::wrapper::ConnectionExt as _;

use super::store::{Content, CopiedFiles, GNOME_COPIED_FILES, URI_LIST};
use super::x11_selection::{self, Atoms, Waited, X, text_targets};

/// Content larger than this is served in INCR chunks of this size (ICCCM: owners
/// must not put more than the maximum request size in one property; 256 KiB is
/// below every server's).
const INCR_CHUNK: usize = 256 * 1024;
/// INCR transfers served at once; more requests for large content are refused.
const MAX_TRANSFERS: usize = 16;

/// A command for the owner thread.
enum Command {
    Own {
        content: Content,
        secret: bool,
        reply: SyncSender<Result<u64, String>>,
    },
    /// Replace offer `generation` (if still ours) by the previous content, or give
    /// the clipboard up when `None`. Replies whether it did.
    Restore {
        generation: u64,
        previous: Option<(Content, bool)>,
        reply: SyncSender<Result<bool, String>>,
    },
}

/// What the owner thread serves.
#[derive(Clone)]
struct Offer {
    content: Arc<Content>,
    secret: bool,
    /// Server time of taking ownership.
    time: Timestamp,
    generation: u64,
}

#[derive(Default)]
struct OwnerState {
    /// `None` when skit does not own the clipboard.
    offer: Option<Offer>,
    /// Highest generation whose content some program has read in full.
    served: u64,
    next_generation: u64,
}

type Shared = Arc<(Mutex<OwnerState>, Condvar)>;

/// Handle on the owner thread.
pub(super) struct Owner {
    pub(super) window: Window,
    shared: Shared,
    commands: SyncSender<Command>,
    wake: UnixStream,
    thread: Option<JoinHandle<()>>,
}

impl Owner {
    pub(super) fn start(display: Option<&str>, timeout: Duration) -> Result<Owner, String> {
        let x = x11_selection::connect(display, "the clipboard")?;
        let window = x11_selection::hidden_window(&x, "skit-clipboard")?;
        let shared: Shared = Arc::default();
        let (commands, receiver) = mpsc::sync_channel(4);
        let (wake, wake_end) =
            UnixStream::pair().map_err(|e| format!("Cannot start the clipboard owner: {e}"))?;
        wake_end
            .set_nonblocking(true)
            .map_err(|e| format!("Cannot start the clipboard owner: {e}"))?;
        let mut server = Server {
            x,
            window,
            shared: shared.clone(),
            timeout,
            transfers: Vec::new(),
        };
        let thread = std::thread::Builder::new()
            .name("skit-clipboard-owner".into())
            .spawn(move || server.run(&wake_end, &receiver))
            .map_err(|e| format!("Cannot start the clipboard owner thread: {e}"))?;
        Ok(Owner {
            window,
            shared,
            commands,
            wake,
            thread: Some(thread),
        })
    }

    fn send<T>(
        &self,
        command: Command,
        reply: mpsc::Receiver<Result<T, String>>,
    ) -> Result<T, String> {
        let gone = || "The clipboard owner thread has stopped.".to_string();
        self.commands.send(command).map_err(|_| gone())?;
        (&self.wake).write_all(&[1]).map_err(|_| gone())?;
        reply.recv().map_err(|_| gone())?
    }

    /// Owns the clipboard with `content`; returns the offer's generation.
    pub(super) fn own(&self, content: Content, secret: bool) -> Result<u64, String> {
        let (reply, receiver) = mpsc::sync_channel(1);
        self.send(
            Command::Own {
                content,
                secret,
                reply,
            },
            receiver,
        )
    }

    pub(super) fn restore(
        &self,
        generation: u64,
        previous: Option<(Content, bool)>,
    ) -> Result<bool, String> {
        let (reply, receiver) = mpsc::sync_channel(1);
        self.send(
            Command::Restore {
                generation,
                previous,
                reply,
            },
            receiver,
        )
    }

    /// What skit serves now.
    pub(super) fn current(&self) -> Option<(Content, bool)> {
        let state = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        state
            .offer
            .as_ref()
            .map(|offer| ((*offer.content).clone(), offer.secret))
    }

    /// Waits until offer `generation` has been read, or is no longer served, or
    /// `deadline`. True when it was read.
    pub(super) fn wait_served(&self, generation: u64, deadline: Instant) -> bool {
        let (lock, condvar) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.served >= generation {
                return true;
            }
            if state.offer.as_ref().map(|o| o.generation) != Some(generation) {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = condvar
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        let _ = self.wake.shutdown(std::net::Shutdown::Both);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An INCR transfer in progress to one requestor.
struct Transfer {
    requestor: Window,
    property: Atom,
    type_: Atom,
    content: Arc<Content>,
    offset: usize,
    generation: u64,
    deadline: Instant,
}

/// The owner thread's side.
struct Server {
    x: X,
    window: Window,
    shared: Shared,
    timeout: Duration,
    transfers: Vec<Transfer>,
}

impl Server {
    fn run(&mut self, wake: &UnixStream, commands: &mpsc::Receiver<Command>) {
        loop {
            let deadline = self.transfers.iter().map(|t| t.deadline).min();
            let waited = x11_selection::wait_event(&self.x.conn, deadline, Some(wake.as_fd()));
            match waited {
                Ok(Waited::Event(event)) => self.handle(event),
                Ok(Waited::Timeout) => {
                    let now = Instant::now();
                    self.transfers.retain(|t| {
                        let alive = t.deadline > now;
                        if !alive {
                            tracing::debug!("clipboard: a program stopped reading a large paste");
                        }
                        alive
                    });
                }
                Ok(Waited::Woken) => {
                    if !super::read_wake(wake) {
                        return;
                    }
                    while let Ok(command) = commands.try_recv() {
                        self.command(command);
                    }
                }
                Err(e) => {
                    tracing::error!("clipboard owner stopped: {e}");
                    return;
                }
            }
        }
    }

    fn set_offer(&self, offer: Option<Offer>) {
        let (lock, condvar) = &*self.shared;
        lock.lock().unwrap_or_else(|e| e.into_inner()).offer = offer;
        condvar.notify_all();
    }

    fn offer(&self) -> Option<Offer> {
        self.shared
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .offer
            .clone()
    }

    fn next_generation(&self) -> u64 {
        let mut state = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        state.next_generation += 1;
        state.next_generation
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Own {
                content,
                secret,
                reply,
            } => {
                let _ = reply.send(self.own(content, secret));
            }
            Command::Restore {
                generation,
                previous,
                reply,
            } => {
                let result = match self.offer() {
                    Some(offer) if offer.generation == generation => match previous {
                        Some((content, secret)) => {
                            self.set_offer(Some(Offer {
                                content: Arc::new(content),
                                secret,
                                time: offer.time,
                                generation: self.next_generation(),
                            }));
                            Ok(true)
                        }
                        None => {
                            let _ = self.x.conn.set_selection_owner(
                                x11rb::NONE,
                                self.x.atoms.CLIPBOARD,
                                offer.time,
                            );
                            let _ = self.x.conn.flush();
                            self.set_offer(None);
                            Ok(true)
                        }
                    },
                    _ => Ok(false),
                };
                let _ = reply.send(result);
            }
        }
    }

    fn own(&mut self, content: Content, secret: bool) -> Result<u64, String> {
        // Requests that arrive while waiting for the time are answered after.
        let mut later = Vec::new();
        let time =
            x11_selection::server_time(&self.x, self.window, self.timeout, &mut |e| later.push(e))
                .map_err(|e| format!("Cannot take the clipboard: {e}."))?;
        let conn = &self.x.conn;
        let owned = conn
            .set_selection_owner(self.window, self.x.atoms.CLIPBOARD, time)
            .map_err(|e| e.to_string())
            .and_then(|_| {
                conn.get_selection_owner(self.x.atoms.CLIPBOARD)
                    .map_err(|e| e.to_string())
            })
            .and_then(|c| c.reply().map_err(|e| e.to_string()))
            .map(|r| r.owner == self.window)
            .map_err(|e| format!("Cannot take the clipboard: {e}."))?;
        if !owned {
            return Err("Cannot take the clipboard: the X server refused.".into());
        }
        let generation = self.next_generation();
        self.set_offer(Some(Offer {
            content: Arc::new(content),
            secret,
            time,
            generation,
        }));
        for event in later {
            self.handle(event);
        }
        Ok(generation)
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::SelectionRequest(request) if request.owner == self.window => {
                if let Err(e) = self.serve(&request) {
                    tracing::warn!("clipboard: cannot answer a program reading it: {e}");
                }
            }
            Event::SelectionClear(clear)
                if clear.owner == self.window && clear.selection == self.x.atoms.CLIPBOARD =>
            {
                self.set_offer(None);
            }
            Event::PropertyNotify(notify) if notify.state == Property::DELETE => {
                if let Err(e) = self.continue_transfer(notify.window, notify.atom) {
                    tracing::warn!("clipboard: cannot continue a large paste: {e}");
                }
            }
            Event::DestroyNotify(destroyed) => {
                self.transfers.retain(|t| t.requestor != destroyed.window);
            }
            _ => {}
        }
    }

    /// Answers one SelectionRequest (ICCCM 2.2).
    fn serve(&mut self, request: &SelectionRequestEvent) -> Result<(), String> {
        let atoms = &self.x.atoms;
        let conn = &self.x.conn;
        // Obsolete clients leave the property empty and mean the target.
        let property = if request.property == x11rb::NONE {
            request.target
        } else {
            request.property
        };
        // Requests older than the ownership are refused by the X server itself,
        // which also knows how its 32-bit clock wraps.
        let offer = self
            .offer()
            .filter(|_| request.selection == atoms.CLIPBOARD);
        let mut answered = false;
        let mut data_served = None;
        if let Some(offer) = &offer {
            let content_targets: Vec<Atom> = match &*offer.content {
                Content::Text(_) => text_targets(atoms).to_vec(),
                Content::Png(_) => vec![atoms.IMAGE_PNG],
                Content::Files(_) => [atoms.URI_LIST, atoms.GNOME_COPIED_FILES]
                    .into_iter()
                    .chain(text_targets(atoms))
                    .collect(),
            };
            let target = request.target;
            if target == atoms.TARGETS {
                let mut targets = vec![atoms.TARGETS, atoms.TIMESTAMP];
                targets.extend(&content_targets);
                if offer.secret {
                    targets.push(atoms.KDE_PASSWORD_HINT);
                }
                conn.change_property32(
                    PropMode::REPLACE,
                    request.requestor,
                    property,
                    AtomEnum::ATOM,
                    &targets,
                )
                .map_err(|e| e.to_string())?;
                answered = true;
            } else if target == atoms.TIMESTAMP {
                conn.change_property32(
                    PropMode::REPLACE,
                    request.requestor,
                    property,
                    AtomEnum::INTEGER,
                    &[offer.time],
                )
                .map_err(|e| e.to_string())?;
                answered = true;
            } else if offer.secret && target == atoms.KDE_PASSWORD_HINT {
                conn.change_property8(
                    PropMode::REPLACE,
                    request.requestor,
                    property,
                    target,
                    b"secret",
                )
                .map_err(|e| e.to_string())?;
                answered = true;
            } else if content_targets.contains(&target) {
                // The property's type is the target asked for, as toolkits do.
                let type_ = target;
                let bytes = encode(&offer.content, target, atoms);
                if bytes.len() > INCR_CHUNK {
                    answered = start_transfer(
                        &self.x,
                        &mut self.transfers,
                        self.timeout,
                        request,
                        property,
                        type_,
                        offer,
                    )?;
                } else {
                    conn.change_property8(
                        PropMode::REPLACE,
                        request.requestor,
                        property,
                        type_,
                        &bytes,
                    )
                    .map_err(|e| e.to_string())?;
                    answered = true;
                    data_served = Some(offer.generation);
                }
            }
        }
        let notify = SelectionNotifyEvent {
            response_type: x11rb::protocol::xproto::SELECTION_NOTIFY_EVENT,
            sequence: 0,
            time: request.time,
            requestor: request.requestor,
            selection: request.selection,
            target: request.target,
            property: if answered { property } else { x11rb::NONE },
        };
        conn.send_event(false, request.requestor, EventMask::NO_EVENT, notify)
            .map_err(|e| e.to_string())?;
        conn.flush().map_err(|e| e.to_string())?;
        if let Some(generation) = data_served {
            self.mark_served(generation);
        }
        Ok(())
    }

    fn mark_served(&self, generation: u64) {
        let (lock, condvar) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.served = state.served.max(generation);
        condvar.notify_all();
    }
}

/// Starts an INCR transfer: announces the size, then sends a chunk each time the
/// requestor deletes the property. False when too many are running.
fn start_transfer(
    x: &X,
    transfers: &mut Vec<Transfer>,
    timeout: Duration,
    request: &SelectionRequestEvent,
    property: Atom,
    type_: Atom,
    offer: &Offer,
) -> Result<bool, String> {
    if transfers.len() >= MAX_TRANSFERS {
        return Ok(false);
    }
    let conn = &x.conn;
    conn.change_window_attributes(
        request.requestor,
        &ChangeWindowAttributesAux::new()
            .event_mask(EventMask::PROPERTY_CHANGE | EventMask::STRUCTURE_NOTIFY),
    )
    .map_err(|e| e.to_string())?;
    let size = encode(&offer.content, type_, &x.atoms).len();
    conn.change_property32(
        PropMode::REPLACE,
        request.requestor,
        property,
        x.atoms.INCR,
        &[u32::try_from(size).unwrap_or(u32::MAX)],
    )
    .map_err(|e| e.to_string())?;
    transfers.push(Transfer {
        requestor: request.requestor,
        property,
        type_,
        content: offer.content.clone(),
        offset: 0,
        generation: offer.generation,
        deadline: Instant::now() + timeout,
    });
    Ok(true)
}

impl Server {
    fn continue_transfer(&mut self, requestor: Window, property: Atom) -> Result<(), String> {
        let Some(index) = self
            .transfers
            .iter()
            .position(|t| t.requestor == requestor && t.property == property)
        else {
            return Ok(());
        };
        let conn = &self.x.conn;
        let transfer = &mut self.transfers[index];
        let bytes = encode(&transfer.content, transfer.type_, &self.x.atoms);
        let end = (transfer.offset + INCR_CHUNK).min(bytes.len());
        let chunk = &bytes[transfer.offset..end];
        conn.change_property8(
            PropMode::REPLACE,
            requestor,
            property,
            transfer.type_,
            chunk,
        )
        .map_err(|e| e.to_string())?;
        let finished = chunk.is_empty();
        transfer.offset = end;
        transfer.deadline = Instant::now() + self.timeout;
        if finished {
            let generation = transfer.generation;
            self.transfers.remove(index);
            if !self.transfers.iter().any(|t| t.requestor == requestor) {
                let _ = conn.change_window_attributes(
                    requestor,
                    &ChangeWindowAttributesAux::new().event_mask(EventMask::NO_EVENT),
                );
            }
            conn.flush().map_err(|e| e.to_string())?;
            self.mark_served(generation);
        } else {
            conn.flush().map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// The bytes of `content` as `target`: STRING is Latin-1 (other characters become
/// `?`), other text targets UTF-8; files as file managers read them, or their paths.
fn encode<'a>(content: &'a Content, target: Atom, atoms: &Atoms) -> std::borrow::Cow<'a, [u8]> {
    let files_as = |files: &CopiedFiles, name: &str| files.as_type(name).map(Into::into);
    match content {
        Content::Files(files) if target == atoms.URI_LIST => files_as(files, URI_LIST),
        Content::Files(files) if target == atoms.GNOME_COPIED_FILES => {
            files_as(files, GNOME_COPIED_FILES)
        }
        _ => None,
    }
    .unwrap_or_else(|| match content {
        Content::Text(_) | Content::Files(_) if target == u32::from(AtomEnum::STRING) => {
            String::from_utf8_lossy(content.bytes())
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect::<Vec<u8>>()
                .into()
        }
        other => other.bytes().into(),
    })
}
