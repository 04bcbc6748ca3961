//! Global hotkeys on X11: parsing `"ctrl+alt+space"`, grabbing keys on the root
//! window, and delivering presses into the bounded hotkey channel.
//!
//! The syntax is the `global-hotkey` crate's (see [`crate::accelerator`]), but not
//! its X11 backend: that one (0.9) wakes every 50 ms to poll for events, so a
//! hidden launcher would never be idle and a press could wait 50 ms. This module
//! blocks on the X connection instead: no timers, no polling, and a press is
//! forwarded the moment the X server sends it.
//!
//! Wayland has no global grabs; there the compositor binds a key to `skit toggle`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use async_channel::{Receiver, Sender, TrySendError};
use global_hotkey::hotkey::{Code, Modifiers};
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::Event;
use x11rb::protocol::xkb::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, ModMask, Window};
use x11rb::rust_connection::RustConnection;

use crate::accelerator::{self, Accelerator, AcceleratorError};

/// Capacity of the hotkey channel: presses beyond it are dropped (and logged).
pub(crate) const CHANNEL_CAPACITY: usize = 10;

/// Identifies what a grabbed hotkey is for (the app keeps the meaning).
pub type HotkeyId = u32;

/// One press of a hotkey, from the X11 grab or the GlobalShortcuts portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Press {
    pub id: HotkeyId,
    /// The `xdg_activation_v1` token the portal sent with it (Wayland): lets an
    /// ordinary Wayland window take the focus.
    pub activation_token: Option<String>,
}

static CHANNEL: OnceLock<(Sender<Press>, Receiver<Press>)> = OnceLock::new();

/// The process-wide hotkey channel: the grab thread sends into it with `try_send`,
/// the app's listener receives.
pub fn channel() -> &'static (Sender<Press>, Receiver<Press>) {
    CHANNEL.get_or_init(|| async_channel::bounded(CHANNEL_CAPACITY))
}

/// A key with modifiers, as the X server sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hotkey {
    /// X modifier bits (Shift, Control, Mod1 = Alt, Mod4 = Super).
    pub(crate) modifiers: u16,
    /// X keysym of the key.
    pub(crate) keysym: u32,
}

/// A hotkey string that does not parse or cannot be grabbed; the message names the
/// bad part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotkeyError(pub(crate) String);

impl fmt::Display for HotkeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HotkeyError {}

impl FromStr for Hotkey {
    type Err = HotkeyError;

    /// Parses the accelerator syntax (see [`crate::accelerator`]).
    fn from_str(text: &str) -> Result<Hotkey, HotkeyError> {
        let accelerator: Accelerator = text
            .parse()
            .map_err(|e: AcceleratorError| HotkeyError(format!("hotkey {e}")))?;
        Hotkey::for_accelerator(&accelerator).ok_or_else(|| {
            HotkeyError(format!(
                "hotkey {text:?}: the key {:?} cannot be grabbed on X11; pick a letter, digit, \
                 function key or a key such as space",
                accelerator.code()
            ))
        })
    }
}

impl Hotkey {
    /// The X11 form of `accelerator`, when X has a keysym for its key.
    pub(crate) fn for_accelerator(accelerator: &Accelerator) -> Option<Hotkey> {
        let mut modifiers = 0u16;
        for (modifier, bit) in [
            (Modifiers::SHIFT, ModMask::SHIFT),
            (Modifiers::CONTROL, ModMask::CONTROL),
            (Modifiers::ALT, ModMask::M1),
            (Modifiers::META, ModMask::M4),
        ] {
            if accelerator.has(modifier) {
                modifiers |= u16::from(bit);
            }
        }
        Some(Hotkey {
            modifiers,
            keysym: keysym(accelerator.code())?,
        })
    }
}

/// The X keysym of a key: for printable keys, the unshifted character.
fn keysym(code: Code) -> Option<u32> {
    if let Some(c) = accelerator::printable(code) {
        return Some(c as u32);
    }
    if let Some(n) = accelerator::function_key(code) {
        return (1..=35).contains(&n).then(|| 0xffbe + n - 1);
    }
    use Code::*;
    Some(match code {
        Space => 0x20,
        Enter => 0xff0d,
        NumpadEnter => 0xff8d,
        Tab => 0xff09,
        Escape => 0xff1b,
        Backspace => 0xff08,
        Delete => 0xffff,
        Insert => 0xff63,
        Home => 0xff50,
        End => 0xff57,
        PageUp => 0xff55,
        PageDown => 0xff56,
        ArrowLeft => 0xff51,
        ArrowUp => 0xff52,
        ArrowRight => 0xff53,
        ArrowDown => 0xff54,
        PrintScreen => 0xff61,
        Pause => 0xff13,
        ContextMenu => 0xff67,
        Minus => 0x2d,
        Equal => 0x3d,
        Comma => 0x2c,
        Period => 0x2e,
        Slash => 0x2f,
        Semicolon => 0x3b,
        Quote => 0x27,
        Backquote => 0x60,
        BracketLeft => 0x5b,
        BracketRight => 0x5d,
        Backslash => 0x5c,
        Numpad0 => 0xffb0,
        Numpad1 => 0xffb1,
        Numpad2 => 0xffb2,
        Numpad3 => 0xffb3,
        Numpad4 => 0xffb4,
        Numpad5 => 0xffb5,
        Numpad6 => 0xffb6,
        Numpad7 => 0xffb7,
        Numpad8 => 0xffb8,
        Numpad9 => 0xffb9,
        NumpadAdd => 0xffab,
        NumpadSubtract => 0xffad,
        NumpadMultiply => 0xffaa,
        NumpadDivide => 0xffaf,
        NumpadDecimal => 0xffae,
        AudioVolumeDown => 0x1008ff11,
        AudioVolumeMute => 0x1008ff12,
        AudioVolumeUp => 0x1008ff13,
        MediaPlayPause => 0x1008ff14,
        MediaStop => 0x1008ff15,
        MediaTrackPrevious => 0x1008ff16,
        MediaTrackNext => 0x1008ff17,
        _ => return None,
    })
}

/// Why a hotkey could not be registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrabError {
    /// Another program holds this key combination.
    Taken,
    /// The keyboard has no key for this keysym.
    NoSuchKey,
    /// The X server could not be reached.
    Connection(String),
}

impl fmt::Display for GrabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrabError::Taken => f.write_str("another program already uses it"),
            GrabError::NoSuchKey => f.write_str("the keyboard has no such key"),
            GrabError::Connection(e) => write!(f, "the X server refused: {e}"),
        }
    }
}

/// Lock-style modifiers that must not stop a hotkey from matching.
const IGNORED: [u16; 4] = [0, 2 /* Lock */, 16 /* Mod2 = NumLock */, 2 | 16];
/// Modifiers that take part in matching.
const RELEVANT: u16 = 1 | 4 | 8 | 64; // Shift, Control, Mod1, Mod4

/// Grabs hotkeys on the X server and sends presses into [`channel`].
pub struct Grabber {
    conn: Arc<RustConnection>,
    root: Window,
    grabbed: Arc<Mutex<HashMap<(Keycode, u16), HotkeyId>>>,
}

impl Grabber {
    /// Connects to the X server and starts the thread that waits for key presses.
    pub fn start() -> Result<Grabber, String> {
        let (conn, screen) = x11rb::connect(None)
            .map_err(|e| format!("cannot connect to the X server for global hotkeys: {e}"))?;
        let root = conn.setup().roots[screen].root;
        // Key repeat then sends presses without releases, which tells a held key
        // from a new press.
        let xkb_ready = conn
            .xkb_use_extension(1, 0)
            .ok()
            .and_then(|c| c.reply().ok())
            .is_some();
        if xkb_ready
            && let Ok(cookie) = conn.xkb_per_client_flags(
                xkb::ID::USE_CORE_KBD.into(),
                xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT,
                xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT,
                Default::default(),
                Default::default(),
                Default::default(),
            )
        {
            let _ = cookie.reply();
        }
        let grabber = Grabber {
            conn: Arc::new(conn),
            root,
            grabbed: Arc::new(Mutex::new(HashMap::new())),
        };
        let conn = grabber.conn.clone();
        let grabbed = grabber.grabbed.clone();
        std::thread::Builder::new()
            .name("skit-hotkeys".into())
            .spawn(move || listen(&conn, &grabbed))
            .map_err(|e| format!("cannot start the hotkey thread: {e}"))?;
        Ok(grabber)
    }

    /// Grabs `hotkey`; its presses are sent as `id`.
    pub fn register(&self, hotkey: Hotkey, id: HotkeyId) -> Result<(), GrabError> {
        let keycode = self.keycode(hotkey.keysym)?;
        let mut done = Vec::new();
        for extra in IGNORED {
            let modifiers = hotkey.modifiers | extra;
            let result = self
                .conn
                .grab_key(
                    false,
                    self.root,
                    modifiers.into(),
                    keycode,
                    GrabMode::ASYNC,
                    GrabMode::ASYNC,
                )
                .map_err(|e| GrabError::Connection(e.to_string()))
                .and_then(|cookie| {
                    cookie.check().map_err(|e| match e {
                        ReplyError::X11Error(e)
                            if e.error_kind == x11rb::protocol::ErrorKind::Access =>
                        {
                            GrabError::Taken
                        }
                        other => GrabError::Connection(other.to_string()),
                    })
                });
            if let Err(e) = result {
                for modifiers in done {
                    let _ = self
                        .conn
                        .ungrab_key(keycode, self.root, ModMask::from(modifiers));
                }
                let _ = self.conn.flush();
                return Err(e);
            }
            done.push(modifiers);
        }
        self.grabbed
            .lock()
            .expect("hotkey table")
            .insert((keycode, hotkey.modifiers), id);
        Ok(())
    }

    /// Releases every hotkey registered with `id`.
    pub fn unregister(&self, id: HotkeyId) {
        let mut grabbed = self.grabbed.lock().expect("hotkey table");
        grabbed.retain(|&(keycode, modifiers), &mut grabbed_id| {
            if grabbed_id != id {
                return true;
            }
            for extra in IGNORED {
                let _ = self
                    .conn
                    .ungrab_key(keycode, self.root, ModMask::from(modifiers | extra));
            }
            false
        });
        let _ = self.conn.flush();
    }

    fn keycode(&self, keysym: u32) -> Result<Keycode, GrabError> {
        let setup = self.conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let mapping = self
            .conn
            .get_keyboard_mapping(min, max - min + 1)
            .map_err(|e| GrabError::Connection(e.to_string()))?
            .reply()
            .map_err(|e| GrabError::Connection(e.to_string()))?;
        let per = mapping.keysyms_per_keycode.max(1) as usize;
        mapping
            .keysyms
            .chunks(per)
            .position(|syms| syms.contains(&keysym))
            .map(|i| min + i as u8)
            .ok_or(GrabError::NoSuchKey)
    }
}

/// The grab thread: blocks until the X server sends an event.
fn listen(conn: &RustConnection, grabbed: &Mutex<HashMap<(Keycode, u16), HotkeyId>>) {
    let sender = &channel().0;
    let mut held: Option<Keycode> = None;
    loop {
        let event = match conn.wait_for_event() {
            Ok(event) => event,
            Err(e) => {
                tracing::error!("lost the X connection for hotkeys: {e}");
                return;
            }
        };
        match event {
            Event::KeyPress(press) => {
                if held == Some(press.detail) {
                    continue; // auto-repeat of a held hotkey
                }
                let modifiers = u16::from(press.state) & RELEVANT;
                let id = grabbed
                    .lock()
                    .expect("hotkey table")
                    .get(&(press.detail, modifiers))
                    .copied();
                if let Some(id) = id {
                    held = Some(press.detail);
                    let press = Press {
                        id,
                        activation_token: None,
                    };
                    match sender.try_send(press) {
                        Ok(()) => {}
                        Err(TrySendError::Full(_)) => {
                            tracing::warn!(
                                "hotkey pressed faster than skit can react; press dropped"
                            )
                        }
                        Err(TrySendError::Closed(_)) => return,
                    }
                }
            }
            Event::KeyRelease(release) if held == Some(release.detail) => held = None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_modifiers_case_insensitively() {
        let hotkey: Hotkey = "Ctrl+ALT+Space".parse().unwrap();
        assert_eq!(hotkey.modifiers, 4 | 8);
        assert_eq!(hotkey.keysym, 0x20);
        let hotkey: Hotkey = "super + shift + k".parse().unwrap();
        assert_eq!(hotkey.modifiers, 64 | 1);
        assert_eq!(hotkey.keysym, u32::from(b'k'));
        assert_eq!("f12".parse::<Hotkey>().unwrap().keysym, 0xffc9);
        assert_eq!("ctrl+/".parse::<Hotkey>().unwrap().keysym, u32::from(b'/'));
        // The wider accelerator style of Tauri and Electron.
        let hotkey: Hotkey = "CmdOrCtrl+Shift+K".parse().unwrap();
        assert_eq!(hotkey.modifiers, 4 | 1);
        assert_eq!(hotkey.keysym, u32::from(b'k'));
        let hotkey: Hotkey = "Super+Semicolon".parse().unwrap();
        assert_eq!((hotkey.modifiers, hotkey.keysym), (64, u32::from(b';')));
    }

    #[test]
    fn errors_name_the_bad_part_and_the_accepted_names() {
        let err = "ctlr+space".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("\"ctlr\" is not a modifier"), "{err}");
        assert!(err.contains("ctrl, alt, shift, super"), "{err}");
        let err = "ctrl+spacebar".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("\"spacebar\" is not a key name"), "{err}");
        assert!(err.contains("f1-f35"), "{err}");
        let err = "ctrl+alt".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("ends with the modifier"), "{err}");
        let err = "ctrl+".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("names no key"), "{err}");
        assert!("f36".parse::<Hotkey>().is_err());
    }
}
