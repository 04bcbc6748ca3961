//! Global hotkeys on X11: parsing `"ctrl+alt+space"`, grabbing keys on the root
//! window, and delivering presses into the bounded hotkey channel.
//!
//! Why not the `global-hotkey` crate: its X11 backend (0.9) wakes every 50 ms to
//! poll for events, so a hidden launcher would never be idle and a press could wait
//! 50 ms. This module blocks on the X connection instead: no timers, no polling, and
//! a press is forwarded the moment the X server sends it.
//!
//! Wayland has no global grabs; there the compositor binds a key to `skit toggle`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use async_channel::{Receiver, Sender, TrySendError};
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::Event;
use x11rb::protocol::xkb::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, ModMask, Window};
use x11rb::rust_connection::RustConnection;

/// Capacity of the hotkey channel: presses beyond it are dropped (and logged).
pub const CHANNEL_CAPACITY: usize = 10;

/// Identifies what a grabbed hotkey is for (the app keeps the meaning).
pub type HotkeyId = u32;

static CHANNEL: OnceLock<(Sender<HotkeyId>, Receiver<HotkeyId>)> = OnceLock::new();

/// The process-wide hotkey channel: the grab thread sends into it with `try_send`,
/// the app's listener receives.
pub fn channel() -> &'static (Sender<HotkeyId>, Receiver<HotkeyId>) {
    CHANNEL.get_or_init(|| async_channel::bounded(CHANNEL_CAPACITY))
}

const MODIFIER_NAMES: &str = "ctrl, alt, shift, super";
const KEY_NAMES: &str = "a-z, 0-9, f1-f24, space, enter, tab, escape, backspace, delete, insert, \
     home, end, pageup, pagedown, up, down, left, right, and punctuation such as / or ;";

/// A key with modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hotkey {
    /// X modifier bits (Shift, Control, Mod1 = Alt, Mod4 = Super).
    pub modifiers: u16,
    /// X keysym of the key.
    pub keysym: u32,
}

/// A hotkey string that does not parse; the message names the bad part and the
/// accepted names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotkeyError(pub String);

impl fmt::Display for HotkeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HotkeyError {}

impl FromStr for Hotkey {
    type Err = HotkeyError;

    fn from_str(text: &str) -> Result<Hotkey, HotkeyError> {
        let parts: Vec<&str> = text.split('+').map(str::trim).collect();
        let (key, modifiers) = parts.split_last().expect("split yields at least one part");
        let mut bits = 0u16;
        for part in modifiers {
            bits |= modifier_bit(part).ok_or_else(|| {
                HotkeyError(format!(
                    "hotkey {text:?}: {part:?} is not a modifier; modifiers are {MODIFIER_NAMES}"
                ))
            })?;
        }
        if key.is_empty() {
            return Err(HotkeyError(format!(
                "hotkey {text:?} names no key; write it like \"ctrl+alt+space\""
            )));
        }
        if modifier_bit(key).is_some() {
            return Err(HotkeyError(format!(
                "hotkey {text:?} ends with the modifier {key:?}; add a key, like \"ctrl+alt+space\""
            )));
        }
        let keysym = keysym(key).ok_or_else(|| {
            HotkeyError(format!(
                "hotkey {text:?}: {key:?} is not a key name; keys are {KEY_NAMES}"
            ))
        })?;
        Ok(Hotkey {
            modifiers: bits,
            keysym,
        })
    }
}

fn modifier_bit(name: &str) -> Option<u16> {
    let bit = match name.to_ascii_lowercase().as_str() {
        "ctrl" | "control" => ModMask::CONTROL,
        "alt" | "mod1" | "option" => ModMask::M1,
        "shift" => ModMask::SHIFT,
        "super" | "win" | "meta" | "mod4" | "cmd" | "logo" => ModMask::M4,
        _ => return None,
    };
    Some(u16::from(bit))
}

/// The X keysym for a key name.
fn keysym(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let named = match lower.as_str() {
        "space" => 0x20,
        "enter" | "return" => 0xff0d,
        "tab" => 0xff09,
        "escape" | "esc" => 0xff1b,
        "backspace" => 0xff08,
        "delete" | "del" => 0xffff,
        "insert" | "ins" => 0xff63,
        "home" => 0xff50,
        "end" => 0xff57,
        "pageup" | "prior" => 0xff55,
        "pagedown" | "next" => 0xff56,
        "left" => 0xff51,
        "up" => 0xff52,
        "right" => 0xff53,
        "down" => 0xff54,
        "print" | "printscreen" => 0xff61,
        "pause" => 0xff13,
        "menu" => 0xff67,
        "minus" => 0x2d,
        "equal" => 0x3d,
        "comma" => 0x2c,
        "period" => 0x2e,
        "slash" => 0x2f,
        "semicolon" => 0x3b,
        "grave" | "backquote" => 0x60,
        _ => 0,
    };
    if named != 0 {
        return Some(named);
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u32>().ok())
        && (1..=24).contains(&n)
    {
        return Some(0xffbe + n - 1);
    }
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        // Printable ASCII keysyms are their character codes.
        (Some(c), None) if c.is_ascii_graphic() => Some(c as u32),
        _ => None,
    }
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
                    match sender.try_send(id) {
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
    }

    #[test]
    fn errors_name_the_bad_part_and_the_accepted_names() {
        let err = "ctlr+space".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("\"ctlr\" is not a modifier"), "{err}");
        assert!(err.contains("ctrl, alt, shift, super"), "{err}");
        let err = "ctrl+spacebar".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("\"spacebar\" is not a key name"), "{err}");
        assert!(err.contains("f1-f24"), "{err}");
        let err = "ctrl+alt".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("ends with the modifier"), "{err}");
        let err = "ctrl+".parse::<Hotkey>().unwrap_err().0;
        assert!(err.contains("names no key"), "{err}");
        assert!("f25".parse::<Hotkey>().is_err());
    }
}
