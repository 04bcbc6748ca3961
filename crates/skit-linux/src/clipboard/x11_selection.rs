//! What the clipboard watcher and the paste code share about X11 selections:
//! waiting for events with a deadline, reading a selection the ICCCM way (TARGETS,
//! conversion, INCR for large content, size bound, timeout), telling concealed
//! (password) offers apart, and finding which app owns a selection. Not a selection
//! owner (see `x11_paste`), and holds no thread of its own.
//!
//! Waiting never polls: [`wait_event`] blocks in `poll(2)` on the X connection (and
//! optionally a wake-up socket) until an event arrives or the deadline passes, so a
//! dead selection owner costs a timeout, never a hung thread.

use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};

use x11rb::connection::{Connection, RequestConnection as _};
use x11rb::protocol::Event;
use x11rb::protocol::res::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ConnectionExt as _, CreateWindowAux, EventMask, PropMode, Property, Timestamp,
    Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

x11rb::atom_manager! {
    pub(crate) Atoms: AtomsCookie {
        CLIPBOARD,
        TARGETS,
        INCR,
        UTF8_STRING,
        TIMESTAMP,
        MULTIPLE,
        TEXT_PLAIN: b"text/plain",
        TEXT_PLAIN_UTF8: b"text/plain;charset=utf-8",
        IMAGE_PNG: b"image/png",
        URI_LIST: b"text/uri-list",
        GNOME_COPIED_FILES: b"x-special/gnome-copied-files",
        KDE_PASSWORD_HINT: b"x-kde-passwordManagerHint",
        KDE_PASSWORD_HINT_MIME: b"application/x-kde-passwordManagerHint",
        GNOME_SECRET: b"x-special/gnome-secret",
        EXCLUDE_FROM_MONITOR: b"ExcludeClipboardContentFromMonitorProcessing",
        WM_CLIENT_LEADER,
        _NET_WM_PID,
        _NET_ACTIVE_WINDOW,
        _NET_SUPPORTING_WM_CHECK,
        SKIT_TRANSFER: b"_SKIT_SELECTION",
        SKIT_TIME: b"_SKIT_TIME",
    }
}

/// A connection with what every user of it needs.
pub(crate) struct X {
    pub(crate) conn: RustConnection,
    pub(crate) root: Window,
    pub(crate) atoms: Atoms,
}

/// Connects to `display` (`None`: `$DISPLAY`); `purpose` names the feature in the
/// error ("clipboard history", ...).
pub(crate) fn connect(display: Option<&str>, purpose: &str) -> Result<X, String> {
    let (conn, screen) = x11rb::connect(display).map_err(|e| {
        format!("Cannot connect to the X server for {purpose}: {e}. Is DISPLAY set?")
    })?;
    let root = conn.setup().roots[screen].root;
    let atoms = Atoms::new(&conn)
        .map_err(|e| e.to_string())
        .and_then(|cookie| cookie.reply().map_err(|e| e.to_string()))
        .map_err(|e| format!("The X server refused the atoms {purpose} needs: {e}"))?;
    Ok(X { conn, root, atoms })
}

/// The WM_CLASS class of skit's hidden clipboard windows. Not `skit`, which names
/// the launcher window (the shell finds that window by it).
pub(crate) const HELPER_CLASS: &str = "skit-clipboard";

/// Creates an unmapped 1×1 window that is never shown: the requestor of
/// conversions, or the owner of the clipboard. It carries `_NET_WM_PID` and the
/// WM_CLASS [`HELPER_CLASS`], so other clipboard tools (and skit's own watcher)
/// can tell where its selections come from.
pub(crate) fn hidden_window(x: &X, name: &str) -> Result<Window, String> {
    let result = (|| -> Result<Window, Box<dyn std::error::Error>> {
        let window = x.conn.generate_id()?;
        x.conn.create_window(
            0,
            window,
            x.root,
            -10,
            -10,
            1,
            1,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new()
                .override_redirect(1)
                .event_mask(EventMask::PROPERTY_CHANGE),
        )?;
        x.conn.change_property32(
            PropMode::REPLACE,
            window,
            x.atoms._NET_WM_PID,
            AtomEnum::CARDINAL,
            &[std::process::id()],
        )?;
        x.conn.change_property8(
            PropMode::REPLACE,
            window,
            AtomEnum::WM_CLASS,
            AtomEnum::STRING,
            format!("{name}\0{HELPER_CLASS}\0").as_bytes(),
        )?;
        x.conn.flush()?;
        Ok(window)
    })();
    result.map_err(|e| format!("Cannot create a window on the X server: {e}"))
}

/// What [`wait_event`] returned with.
pub(crate) enum Waited {
    Event(Event),
    /// The deadline passed first.
    Timeout,
    /// The wake-up descriptor became readable (a command, or the end of the owner).
    Woken,
}

/// The next event from `conn`, blocking in the kernel until one arrives, `deadline`
/// passes (`None`: no deadline), or `wake` becomes readable.
pub(crate) fn wait_event(
    conn: &RustConnection,
    deadline: Option<Instant>,
    wake: Option<BorrowedFd<'_>>,
) -> Result<Waited, String> {
    loop {
        conn.flush().map_err(|e| e.to_string())?;
        // Reads what the socket already holds without blocking; replies read
        // earlier may have queued events too.
        if let Some(event) = conn.poll_for_event().map_err(|e| e.to_string())? {
            return Ok(Waited::Event(event));
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(Waited::Timeout);
        }
        let mut fds = vec![PollFd::new(conn.stream(), PollFlags::IN)];
        fds.extend(wake.map(|wake| PollFd::from_borrowed_fd(wake, PollFlags::IN)));
        let ready = super::pipe::poll(&mut fds, deadline)
            .map_err(|e| format!("waiting for the X server failed: {e}"))?;
        if !ready {
            continue;
        }
        if fds.get(1).is_some_and(|f| !f.revents().is_empty()) {
            return Ok(Waited::Woken);
        }
        let x = fds[0].revents();
        if x.intersects(PollFlags::ERR | PollFlags::HUP | PollFlags::NVAL)
            && !x.contains(PollFlags::IN)
        {
            return Err("the X server closed the connection".into());
        }
    }
}

/// Waits until `pick` accepts an event, handing every other event to `other`.
/// `Ok(None)` when `deadline` passes first.
pub(crate) fn wait_for<T>(
    conn: &RustConnection,
    deadline: Instant,
    mut pick: impl FnMut(&Event) -> Option<T>,
    other: &mut dyn FnMut(Event),
) -> Result<Option<T>, String> {
    loop {
        match wait_event(conn, Some(deadline), None)? {
            Waited::Event(event) => match pick(&event) {
                Some(found) => return Ok(Some(found)),
                None => other(event),
            },
            Waited::Timeout => return Ok(None),
            Waited::Woken => {}
        }
    }
}

/// A server timestamp for "now", from a zero-length append to a property of
/// `window` (which must select PropertyChange). ICCCM asks for a real time rather
/// than CurrentTime when taking ownership of a selection.
pub(crate) fn server_time(
    x: &X,
    window: Window,
    timeout: Duration,
    other: &mut dyn FnMut(Event),
) -> Result<Timestamp, String> {
    x.conn
        .change_property8(
            PropMode::APPEND,
            window,
            x.atoms.SKIT_TIME,
            AtomEnum::STRING,
            &[],
        )
        .map_err(|e| e.to_string())?;
    let atom = x.atoms.SKIT_TIME;
    wait_for(
        &x.conn,
        Instant::now() + timeout,
        |event| match event {
            Event::PropertyNotify(e) if e.window == window && e.atom == atom => Some(e.time),
            _ => None,
        },
        other,
    )?
    .ok_or_else(|| "the X server did not answer in time".to_string())
}

/// Why a selection could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The owner refused the conversion (or there is no owner any more).
    Refused,
    /// The owner did not answer within the timeout.
    Timeout,
    /// Larger than the bound; at least this many bytes.
    TooLarge(usize),
    /// The X connection failed.
    Connection(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Refused => f.write_str("the owner refused the conversion"),
            ReadError::Timeout => f.write_str("the owner did not answer in time"),
            ReadError::TooLarge(size) => write!(f, "the content is too large ({size} bytes)"),
            ReadError::Connection(e) => write!(f, "X connection error: {e}"),
        }
    }
}

fn conn_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Connection(e.to_string())
}

/// Converts `selection` to `target` and reads the result into memory: the
/// property's type and bytes. Large content arrives in INCR chunks; more than
/// `max_bytes` aborts the transfer. `timeout` bounds each wait for the owner (the
/// first answer, then each chunk). `requestor` must select PropertyChange. Events
/// that are not part of this transfer go to `other`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn convert(
    x: &X,
    requestor: Window,
    selection: Atom,
    target: Atom,
    time: Timestamp,
    max_bytes: usize,
    timeout: Duration,
    other: &mut dyn FnMut(Event),
) -> Result<(Atom, Vec<u8>), ReadError> {
    let conn = &x.conn;
    let property = x.atoms.SKIT_TRANSFER;
    conn.delete_property(requestor, property)
        .map_err(conn_error)?;
    conn.convert_selection(requestor, selection, target, property, time)
        .map_err(conn_error)?;
    let answered = wait_for(
        conn,
        Instant::now() + timeout,
        |event| match event {
            Event::SelectionNotify(e)
                if e.requestor == requestor && e.selection == selection && e.target == target =>
            {
                Some(e.property)
            }
            _ => None,
        },
        other,
    )
    .map_err(ReadError::Connection)?;
    match answered {
        None => return Err(ReadError::Timeout),
        Some(p) if p == u32::from(AtomEnum::NONE) => return Err(ReadError::Refused),
        Some(_) => {}
    }
    // Length first (bytes_after of a zero-length read), so an oversized answer is
    // never copied over the connection.
    let head = conn
        .get_property(false, requestor, property, AtomEnum::ANY, 0, 0)
        .map_err(conn_error)?
        .reply()
        .map_err(conn_error)?;
    if head.type_ == x.atoms.INCR {
        return read_incr(x, requestor, max_bytes, timeout, other);
    }
    let size = head.bytes_after as usize;
    if size > max_bytes {
        let _ = conn.delete_property(requestor, property);
        return Err(ReadError::TooLarge(size));
    }
    let reply = conn
        .get_property(true, requestor, property, AtomEnum::ANY, 0, words(size))
        .map_err(conn_error)?
        .reply()
        .map_err(conn_error)?;
    Ok((reply.type_, reply.value))
}

/// Property length in 32-bit units that covers `bytes`.
fn words(bytes: usize) -> u32 {
    (bytes.div_ceil(4) as u64 + 1).min(u64::from(u32::MAX)) as u32
}

fn read_incr(
    x: &X,
    requestor: Window,
    max_bytes: usize,
    timeout: Duration,
    other: &mut dyn FnMut(Event),
) -> Result<(Atom, Vec<u8>), ReadError> {
    let conn = &x.conn;
    let property = x.atoms.SKIT_TRANSFER;
    // The INCR value is a lower bound of the size; deleting it starts the transfer.
    let announced = conn
        .get_property(true, requestor, property, AtomEnum::ANY, 0, 1)
        .map_err(conn_error)?
        .reply()
        .map_err(conn_error)?
        .value32()
        .and_then(|mut v| v.next())
        .unwrap_or(0) as usize;
    if announced > max_bytes {
        return Err(ReadError::TooLarge(announced));
    }
    conn.flush().map_err(conn_error)?;
    let mut data = Vec::new();
    let mut data_type = u32::from(AtomEnum::NONE);
    loop {
        let chunk_ready = wait_for(
            conn,
            Instant::now() + timeout,
            |event| match event {
                Event::PropertyNotify(e)
                    if e.window == requestor
                        && e.atom == property
                        && e.state == Property::NEW_VALUE =>
                {
                    Some(())
                }
                _ => None,
            },
            other,
        )
        .map_err(ReadError::Connection)?;
        if chunk_ready.is_none() {
            return Err(ReadError::Timeout);
        }
        let left = max_bytes.saturating_sub(data.len());
        let chunk = conn
            .get_property(true, requestor, property, AtomEnum::ANY, 0, words(left))
            .map_err(conn_error)?
            .reply()
            .map_err(conn_error)?;
        if chunk.bytes_after > 0 || chunk.value.len() > left {
            // The owner times out on its own once we stop deleting the property.
            let _ = conn.delete_property(requestor, property);
            return Err(ReadError::TooLarge(
                data.len() + chunk.value.len() + chunk.bytes_after as usize,
            ));
        }
        if chunk.value.is_empty() {
            return Ok((data_type, data));
        }
        data_type = chunk.type_;
        data.extend_from_slice(&chunk.value);
    }
}

/// The targets the owner of `selection` offers.
pub(crate) fn targets(
    x: &X,
    requestor: Window,
    selection: Atom,
    time: Timestamp,
    timeout: Duration,
    other: &mut dyn FnMut(Event),
) -> Result<Vec<Atom>, ReadError> {
    let (_, bytes) = convert(
        x,
        requestor,
        selection,
        x.atoms.TARGETS,
        time,
        64 * 1024,
        timeout,
        other,
    )?;
    Ok(bytes
        .chunks_exact(4)
        .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// How an offer is concealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Concealment {
    /// Offering the target at all marks the content as secret.
    Always,
    /// The target's value says so: concealed when it reads `secret` (KDE's
    /// convention, which KeePassXC, Chromium's password fields and others follow), or
    /// when it cannot be read (privacy first: in doubt, do not record).
    WhenSecret,
}

/// The targets that mark an offer as a secret:
/// - `x-kde-passwordManagerHint` = `secret`: KDE's convention, set by KeePassXC, and
///   honoured by Klipper, GPaste, CopyQ, cliphist and wl-clip-persist.
/// - `application/x-kde-passwordManagerHint` = `secret`: the same hint as a MIME
///   type, as some Wayland bridges spell it.
/// - `x-special/gnome-secret`: offered means secret.
/// - `ExcludeClipboardContentFromMonitorProcessing`: the Windows convention, which
///   cross-platform apps sometimes carry over to X11; offered means secret.
///
/// `x-special/gnome-copied-files` is not among them: it marks files copied in a
/// file manager, not a secret; its plain-text form (the paths) is recorded.
pub(crate) fn concealment(atoms: &Atoms, target: Atom) -> Option<Concealment> {
    if target == atoms.KDE_PASSWORD_HINT || target == atoms.KDE_PASSWORD_HINT_MIME {
        Some(Concealment::WhenSecret)
    } else if target == atoms.GNOME_SECRET || target == atoms.EXCLUDE_FROM_MONITOR {
        Some(Concealment::Always)
    } else {
        None
    }
}

/// Whether an offer of `offered` targets is a secret; `hint_value` reads the value
/// of a target (`None` when it cannot be read).
pub(crate) fn is_concealed(
    atoms: &Atoms,
    offered: &[Atom],
    mut hint_value: impl FnMut(Atom) -> Option<Vec<u8>>,
) -> bool {
    offered
        .iter()
        .any(|&target| match concealment(atoms, target) {
            None => false,
            Some(Concealment::Always) => true,
            Some(Concealment::WhenSecret) => match hint_value(target) {
                None => true,
                Some(value) => {
                    let text = String::from_utf8_lossy(&value);
                    text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                        .eq_ignore_ascii_case("secret")
                }
            },
        })
}

/// Text targets in the order they are asked for.
pub(crate) fn text_targets(atoms: &Atoms) -> [Atom; 4] {
    [
        atoms.UTF8_STRING,
        atoms.TEXT_PLAIN_UTF8,
        AtomEnum::STRING.into(),
        atoms.TEXT_PLAIN,
    ]
}

/// Turns converted text into a `String`: STRING is Latin-1 by ICCCM, everything
/// else is taken as UTF-8 (invalid bytes replaced). Trailing NULs some apps add are
/// dropped.
pub(crate) fn decode_text(target: Atom, bytes: Vec<u8>) -> String {
    super::text_from_bytes(bytes, target == u32::from(AtomEnum::STRING))
}

/// Who owns a selection: what the window says about its app, and which process
/// holds the connection (X-Resource extension; local clients only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OwnerIdentity {
    /// WM_CLASS instance and class, from the owner window or the first window up
    /// its tree, its client leader or the window it is transient for.
    pub(crate) wm_class: Option<(String, String)>,
    pub(crate) pid: Option<u32>,
    /// `/proc/<pid>/comm`.
    pub(crate) process: Option<String>,
    /// `_NET_WM_PID` on the owner window itself.
    pub(crate) window_pid: Option<u32>,
}

impl OwnerIdentity {
    /// The name shown as the entry's source: the WM_CLASS class, else the process.
    pub(crate) fn app_name(&self) -> Option<String> {
        self.wm_class
            .as_ref()
            .map(|(_, class)| class.clone())
            .or_else(|| self.process.clone())
    }

    /// Whether any of its names is in `ignored` (case-insensitive).
    pub(crate) fn is_ignored(&self, ignored: &[String]) -> bool {
        let names = self
            .wm_class
            .iter()
            .flat_map(|(instance, class)| [instance.as_str(), class.as_str()])
            .chain(self.process.as_deref());
        names
            .filter(|name| !name.is_empty())
            .any(|name| ignored.iter().any(|i| i.eq_ignore_ascii_case(name)))
    }

    /// Whether process `pid` (skit's own) owns the selection.
    pub(crate) fn is_process(&self, pid: u32) -> bool {
        self.pid == Some(pid) || self.window_pid == Some(pid)
    }
}

/// Finds out who owns a selection through its owner `window`.
///
/// Toolkits own selections with a window that is never shown, which may or may
/// not carry WM_CLASS. So the lookup goes: the window itself, its ancestors (Xt
/// apps such as xterm own with a widget window inside their toplevel), its
/// WM_CLIENT_LEADER, its WM_TRANSIENT_FOR; and independently the process that
/// created the window, through the X-Resource extension (local clients), whose
/// name (`/proc/<pid>/comm`) is what makes the ignore list reliable when no window
/// names the app. The tests check WM_CLASS on the owner window and the process
/// name; the other steps are not checked against each toolkit. A process that
/// forked after connecting (xclip does) is reported under the pid that connected,
/// which may be gone: then there is no process name.
pub(crate) fn identify_owner(x: &X, window: Window) -> OwnerIdentity {
    let conn = &x.conn;
    let wm_class_of = |w: Window| crate::x11::wm_class(conn, w);
    let window_prop = |w: Window, atom: Atom| -> Option<Window> {
        conn.get_property(false, w, atom, AtomEnum::WINDOW, 0, 1)
            .ok()?
            .reply()
            .ok()?
            .value32()?
            .next()
            .filter(|&w| w != 0)
    };
    let mut wm_class = None;
    let mut current = window;
    for _ in 0..16 {
        if let Some(found) = wm_class_of(current) {
            wm_class = Some(found);
            break;
        }
        match conn.query_tree(current).ok().and_then(|c| c.reply().ok()) {
            Some(tree) if tree.parent != 0 && tree.parent != tree.root => current = tree.parent,
            _ => break,
        }
    }
    if wm_class.is_none() {
        wm_class = [x.atoms.WM_CLIENT_LEADER, AtomEnum::WM_TRANSIENT_FOR.into()]
            .into_iter()
            .filter_map(|atom| window_prop(window, atom))
            .find_map(wm_class_of);
    }
    let window_pid = conn
        .get_property(false, window, x.atoms._NET_WM_PID, AtomEnum::CARDINAL, 0, 1)
        .ok()
        .and_then(|c| c.reply().ok())
        .and_then(|r| r.value32().and_then(|mut v| v.next()));
    let pid = owner_pid(conn, window);
    let process = pid.and_then(|pid| {
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .ok()
            .map(|comm| comm.trim_end().to_string())
            .filter(|comm| !comm.is_empty())
    });
    OwnerIdentity {
        wm_class,
        pid,
        process,
        window_pid,
    }
}

/// The process id of the client that created `window`, through the X-Resource
/// extension (1.2). `None` when the extension is missing or the client is remote.
fn owner_pid(conn: &RustConnection, window: Window) -> Option<u32> {
    conn.extension_information(res::X11_EXTENSION_NAME)
        .ok()
        .flatten()?;
    let version = conn.res_query_version(1, 2).ok()?.reply().ok()?;
    if (version.server_major, version.server_minor) < (1, 2) {
        return None;
    }
    let reply = conn
        .res_query_client_ids(&[res::ClientIdSpec {
            client: window,
            mask: res::ClientIdMask::LOCAL_CLIENT_PID,
        }])
        .ok()?
        .reply()
        .ok()?;
    reply
        .ids
        .iter()
        .find(|id| id.spec.mask == res::ClientIdMask::LOCAL_CLIENT_PID)
        .and_then(|id| id.value.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::test_x::TestDisplay;

    #[test]
    fn the_concealed_filter_reads_hint_values_and_fails_closed() {
        let display = TestDisplay::start();
        let x = connect(Some(display.name()), "the test").unwrap();
        let a = &x.atoms;
        let plain = [a.TARGETS, a.UTF8_STRING, u32::from(AtomEnum::STRING)];
        assert!(!is_concealed(a, &plain, |_| panic!("no hint to read")));
        let with = |hint: Atom| [a.TARGETS, a.UTF8_STRING, hint];
        for hint in [a.KDE_PASSWORD_HINT, a.KDE_PASSWORD_HINT_MIME] {
            assert!(is_concealed(a, &with(hint), |_| Some(b"secret".to_vec())));
            assert!(is_concealed(a, &with(hint), |_| Some(b"secret\0".to_vec())));
            // An unreadable hint counts as secret.
            assert!(is_concealed(a, &with(hint), |_| None));
            assert!(!is_concealed(a, &with(hint), |_| Some(
                b"accepted".to_vec()
            )));
        }
        for marker in [a.GNOME_SECRET, a.EXCLUDE_FROM_MONITOR] {
            assert!(is_concealed(a, &with(marker), |_| panic!(
                "presence is enough"
            )));
        }
    }

    #[test]
    fn ignore_list_matches_any_name_case_insensitively() {
        let ignored: Vec<String> = skit_core::config::DEFAULT_IGNORED_APPS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let by_class = OwnerIdentity {
            wm_class: Some(("keepassxc".into(), "KeePassXC".into())),
            ..Default::default()
        };
        assert!(by_class.is_ignored(&ignored));
        let by_process = OwnerIdentity {
            process: Some("1password".into()),
            ..Default::default()
        };
        assert!(by_process.is_ignored(&ignored));
        assert_eq!(by_process.app_name().as_deref(), Some("1password"));
        let other = OwnerIdentity {
            wm_class: Some(("gedit".into(), "Gedit".into())),
            process: Some("gedit".into()),
            ..Default::default()
        };
        assert!(!other.is_ignored(&ignored));
        assert_eq!(other.app_name().as_deref(), Some("Gedit"));
        assert!(!OwnerIdentity::default().is_ignored(&ignored));
    }

    #[test]
    fn decodes_latin1_strings_and_drops_trailing_nuls() {
        let latin1 = vec![b'c', 0xe9, 0];
        assert_eq!(decode_text(AtomEnum::STRING.into(), latin1), "cé");
        let utf8 = "cé\0".as_bytes().to_vec();
        assert_eq!(decode_text(0, utf8), "cé");
    }

    #[test]
    fn identifies_the_process_and_class_of_an_owner_window() {
        let display = TestDisplay::start();
        let x = connect(Some(display.name()), "the test").unwrap();
        let window = hidden_window(&x, "probe").unwrap();
        let identity = identify_owner(&x, window);
        assert_eq!(
            identity.wm_class,
            Some(("probe".to_string(), HELPER_CLASS.to_string()))
        );
        assert_eq!(identity.pid, Some(std::process::id()));
        assert!(identity.is_process(std::process::id()));
        assert!(identity.process.is_some());
    }
}
