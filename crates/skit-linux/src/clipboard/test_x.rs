//! Test helpers for the X11 clipboard code: a private Xvfb per test, `xclip` as
//! the other clipboard party, a selection owner that offers several targets (which
//! xclip cannot), and a fixture window that records what is pasted or typed into
//! it. Tests only.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xfixes::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ConnectionExt as _, CreateWindowAux, EventMask, InputFocus, KeyButMask,
    PropMode, SelectionNotifyEvent, Window, WindowClass,
};
use x11rb::wrapper::ConnectionExt as _;

/// How long a test waits for something that should happen at once before failing.
pub(crate) const PATIENCE: Duration = Duration::from_secs(20);

/// A private X server for one test, stopped when dropped.
pub(crate) struct TestDisplay {
    child: Child,
    name: String,
}

impl TestDisplay {
    /// Starts Xvfb on a free display (it picks one and reports it on -displayfd).
    pub(crate) fn start() -> TestDisplay {
        let (reader, writer) = std::io::pipe().expect("pipe");
        let child = {
            let mut command = Command::new("Xvfb");
            command
                .args(["-displayfd", "1", "-screen", "0", "1280x800x24"])
                .args(["-nolisten", "tcp", "-noreset"])
                .stdin(Stdio::null())
                .stdout(writer)
                .stderr(Stdio::null());
            command.spawn().expect("Xvfb is installed")
        };
        let mut line = String::new();
        BufReader::new(reader)
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        let number = line.trim();
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb did not start: {line:?}"
        );
        TestDisplay {
            child,
            name: format!(":{number}"),
        }
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDisplay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `change` and waits until the owner of `selection` has changed (XFixes),
/// returning the new owner window.
pub(crate) fn wait_new_owner(display: &str, selection: &str, change: impl FnOnce()) -> Window {
    let (conn, screen) = x11rb::connect(Some(display)).unwrap();
    let root = conn.setup().roots[screen].root;
    conn.xfixes_query_version(5, 0).unwrap().reply().unwrap();
    let atom = conn
        .intern_atom(false, selection.as_bytes())
        .unwrap()
        .reply()
        .unwrap()
        .atom;
    conn.xfixes_select_selection_input(root, atom, xfixes::SelectionEventMask::SET_SELECTION_OWNER)
        .unwrap();
    conn.get_input_focus().unwrap().reply().unwrap();
    change();
    let x = OneConn(conn);
    x.wait(|event| match event {
        Event::XfixesSelectionNotify(e) if e.selection == atom && e.owner != 0 => Some(e.owner),
        _ => None,
    })
}

struct OneConn(x11rb::rust_connection::RustConnection);

impl OneConn {
    fn wait<T>(&self, mut pick: impl FnMut(&Event) -> Option<T>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match super::x11_selection::wait_event(&self.0, Some(deadline), None).unwrap() {
                super::x11_selection::Waited::Event(event) => {
                    if let Some(found) = pick(&event) {
                        return found;
                    }
                }
                _ => panic!("timed out waiting for an X event"),
            }
        }
    }
}

/// Puts `data` on `selection` ("clipboard", "primary") with xclip, as target
/// `target` (xclip's default is UTF8_STRING), and returns once xclip owns it.
pub(crate) fn xclip_set(display: &str, selection: &str, data: &[u8], target: Option<&str>) {
    let atom_name = selection.to_uppercase();
    wait_new_owner(display, &atom_name, || {
        let mut command = Command::new("xclip");
        command.args(["-display", display, "-selection", selection, "-i"]);
        if let Some(target) = target {
            command.args(["-t", target]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xclip is installed");
        child.stdin.take().unwrap().write_all(data).unwrap();
        // xclip forks a child that serves the selection; the parent exits.
        child.wait().unwrap();
    });
}

/// Reads `selection` with `xclip -o` (as `target`, default UTF8_STRING).
pub(crate) fn xclip_get(display: &str, selection: &str, target: Option<&str>) -> Option<Vec<u8>> {
    let mut command = Command::new("xclip");
    command.args(["-display", display, "-selection", selection, "-o"]);
    if let Some(target) = target {
        command.args(["-t", target]);
    }
    let output = command.stderr(Stdio::null()).output().unwrap();
    output.status.success().then_some(output.stdout)
}

/// A selection owner serving several targets, as password managers do (xclip
/// offers only one). Reports each requested target's name on `requests`; ends when
/// it loses the selection.
pub(crate) struct TestOwner {
    pub(crate) requests: mpsc::Receiver<String>,
}

impl TestOwner {
    /// Owns `selection` with a window of WM_CLASS class `class`.
    pub(crate) fn start(
        display: &str,
        selection: &str,
        class: &str,
        offers: Vec<(&str, Vec<u8>)>,
    ) -> TestOwner {
        let (conn, screen) = x11rb::connect(Some(display)).unwrap();
        let root = conn.setup().roots[screen].root;
        let intern = |name: &str| -> Atom {
            conn.intern_atom(false, name.as_bytes())
                .unwrap()
                .reply()
                .unwrap()
                .atom
        };
        let selection_atom = intern(selection);
        let targets_atom = intern("TARGETS");
        let offers: Vec<(Atom, Vec<u8>)> = offers
            .into_iter()
            .map(|(name, data)| (intern(name), data))
            .collect();
        let window = conn.generate_id().unwrap();
        conn.create_window(
            0,
            window,
            root,
            0,
            0,
            1,
            1,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new(),
        )
        .unwrap();
        conn.change_property8(
            PropMode::REPLACE,
            window,
            AtomEnum::WM_CLASS,
            AtomEnum::STRING,
            format!("testowner\0{class}\0").as_bytes(),
        )
        .unwrap();
        let owner = wait_new_owner(display, selection, || {
            conn.set_selection_owner(window, selection_atom, x11rb::CURRENT_TIME)
                .unwrap();
            conn.flush().unwrap();
        });
        assert_eq!(owner, window);
        let (sender, requests) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(event) = conn.wait_for_event() {
                match event {
                    Event::SelectionRequest(request) => {
                        let name = conn
                            .get_atom_name(request.target)
                            .unwrap()
                            .reply()
                            .map(|r| String::from_utf8_lossy(&r.name).into_owned())
                            .unwrap_or_default();
                        let property = if request.property == 0 {
                            request.target
                        } else {
                            request.property
                        };
                        let served = if request.target == targets_atom {
                            let mut atoms = vec![targets_atom];
                            atoms.extend(offers.iter().map(|(a, _)| *a));
                            conn.change_property32(
                                PropMode::REPLACE,
                                request.requestor,
                                property,
                                AtomEnum::ATOM,
                                &atoms,
                            )
                            .unwrap();
                            true
                        } else if let Some((atom, data)) =
                            offers.iter().find(|(a, _)| *a == request.target)
                        {
                            conn.change_property8(
                                PropMode::REPLACE,
                                request.requestor,
                                property,
                                *atom,
                                data,
                            )
                            .unwrap();
                            true
                        } else {
                            false
                        };
                        let notify = SelectionNotifyEvent {
                            response_type: x11rb::protocol::xproto::SELECTION_NOTIFY_EVENT,
                            sequence: 0,
                            time: request.time,
                            requestor: request.requestor,
                            selection: request.selection,
                            target: request.target,
                            property: if served { property } else { 0 },
                        };
                        conn.send_event(false, request.requestor, EventMask::NO_EVENT, notify)
                            .unwrap();
                        conn.flush().unwrap();
                        if sender.send(name).is_err() {
                            return;
                        }
                    }
                    Event::SelectionClear(_) => return,
                    _ => {}
                }
            }
        });
        TestOwner { requests }
    }

    /// The next requested target; panics after [`PATIENCE`].
    pub(crate) fn next_request(&self) -> String {
        self.requests
            .recv_timeout(PATIENCE)
            .expect("a request to the test owner")
    }
}

/// What the fixture window received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FixtureEvent {
    /// Ctrl+V (or Ctrl+Shift+V when `shift`) and the CLIPBOARD text it then read.
    Pasted { text: String, shift: bool },
    /// A key without Ctrl, as the character it types.
    Typed(char),
}

/// A mapped window with input focus that behaves like a text field: reads the
/// CLIPBOARD on Ctrl+V, records typed characters.
pub(crate) struct Fixture {
    pub(crate) window: Window,
    pub(crate) events: mpsc::Receiver<FixtureEvent>,
}

impl Fixture {
    pub(crate) fn start(display: &str, instance: &str, class: &str) -> Fixture {
        let (conn, screen) = x11rb::connect(Some(display)).unwrap();
        let root = conn.setup().roots[screen].root;
        let intern = |name: &str| -> Atom {
            conn.intern_atom(false, name.as_bytes())
                .unwrap()
                .reply()
                .unwrap()
                .atom
        };
        let clipboard = intern("CLIPBOARD");
        let utf8 = intern("UTF8_STRING");
        let property = intern("FIXTURE_PASTE");
        let window = conn.generate_id().unwrap();
        conn.create_window(
            0,
            window,
            root,
            10,
            10,
            200,
            100,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new().event_mask(
                EventMask::KEY_PRESS | EventMask::STRUCTURE_NOTIFY | EventMask::FOCUS_CHANGE,
            ),
        )
        .unwrap();
        conn.change_property8(
            PropMode::REPLACE,
            window,
            AtomEnum::WM_CLASS,
            AtomEnum::STRING,
            format!("{instance}\0{class}\0").as_bytes(),
        )
        .unwrap();
        conn.map_window(window).unwrap();
        conn.flush().unwrap();
        let x = OneConn(conn);
        x.wait(|event| matches!(event, Event::MapNotify(e) if e.window == window).then_some(()));
        let conn = x.0;
        // Something else has the focus, as when the launcher was shown.
        conn.set_input_focus(InputFocus::POINTER_ROOT, root, x11rb::CURRENT_TIME)
            .unwrap();
        conn.flush().unwrap();
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            let setup_min = conn.setup().min_keycode;
            let setup_max = conn.setup().max_keycode;
            while let Ok(event) = conn.wait_for_event() {
                let Event::KeyPress(press) = event else {
                    continue;
                };
                let state = KeyButMask::from(u16::from(press.state));
                let shift = state.contains(KeyButMask::SHIFT);
                // Fetched on each press: the paste code may remap keys meanwhile.
                let Ok(Ok(mapping)) = conn
                    .get_keyboard_mapping(setup_min, setup_max - setup_min + 1)
                    .map(|c| c.reply())
                else {
                    return;
                };
                let per = mapping.keysyms_per_keycode as usize;
                let index = (press.detail - setup_min) as usize * per;
                let syms = &mapping.keysyms[index..index + per];
                let keysym = if shift && syms.get(1).is_some_and(|&s| s != 0) {
                    syms[1]
                } else {
                    syms[0]
                };
                if state.contains(KeyButMask::CONTROL) {
                    if keysym != u32::from(b'v') && keysym != u32::from(b'V') {
                        continue;
                    }
                    conn.convert_selection(window, clipboard, utf8, property, press.time)
                        .unwrap();
                    conn.flush().unwrap();
                    let text = loop {
                        match conn.wait_for_event() {
                            Ok(Event::SelectionNotify(e)) if e.requestor == window => {
                                if e.property == 0 {
                                    break String::from("<refused>");
                                }
                                let reply = conn
                                    .get_property(true, window, property, AtomEnum::ANY, 0, 1 << 24)
                                    .unwrap()
                                    .reply()
                                    .unwrap();
                                break String::from_utf8_lossy(&reply.value).into_owned();
                            }
                            Ok(_) => {}
                            Err(_) => return,
                        }
                    };
                    if sender.send(FixtureEvent::Pasted { text, shift }).is_err() {
                        return;
                    }
                } else if let Some(c) = keysym_char(keysym)
                    && sender.send(FixtureEvent::Typed(c)).is_err()
                {
                    return;
                }
            }
        });
        Fixture { window, events }
    }

    pub(crate) fn next(&self) -> FixtureEvent {
        self.events
            .recv_timeout(PATIENCE)
            .expect("the fixture window received something")
    }
}

/// The character a keysym types; `None` for modifiers and other function keys.
fn keysym_char(keysym: u32) -> Option<char> {
    match keysym {
        0xff0d => Some('\n'),
        0xff09 => Some('\t'),
        0x20..=0x7e | 0xa0..=0xff => char::from_u32(keysym),
        0x0100_0000..=0x0110_ffff => char::from_u32(keysym - 0x0100_0000),
        _ => None,
    }
}

/// Waits (with [`PATIENCE`]) for the next item on an async channel.
pub(crate) fn recv<T: Send + 'static>(receiver: &async_channel::Receiver<T>) -> T {
    let receiver = receiver.clone();
    let (sender, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(receiver.recv_blocking());
    });
    result
        .recv_timeout(PATIENCE)
        .expect("an item within the test's patience")
        .expect("the channel is open")
}
