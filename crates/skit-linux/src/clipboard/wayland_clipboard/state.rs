//! What the compositor tells the clipboard thread: its globals, the offers and
//! which of them hold the clipboard and PRIMARY, and the reads and the end of what
//! skit serves. The `Dispatch` impls of both data-control protocols fill it in.

use std::collections::HashMap;
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::time::Instant;

use wayland_client::backend::ObjectId;
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, Proxy, QueueHandle, event_created_child};
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

use crate::clipboard::pipe::write_all_until;
use crate::clipboard::store::Content;

use super::objects::{Offer, Source};
use super::{PASSWORD_HINT, PNG_TYPE, READ_TIMEOUT, TEXT_TYPES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Selection {
    Clipboard,
    Primary,
}

/// The globals skit uses: (name, version).
#[derive(Default)]
pub(super) struct Globals {
    pub(super) seat: Option<(u32, u32)>,
    pub(super) ext: Option<(u32, u32)>,
    pub(super) wlr: Option<(u32, u32)>,
    pub(super) keyboard: Option<(u32, u32)>,
    pub(super) toplevels: Option<(u32, u32)>,
}

/// Content skit serves on the clipboard.
pub(super) struct Served {
    pub(super) source: Source,
    pub(super) content: Arc<Content>,
    pub(super) secret: bool,
    /// Times an app asked for it.
    pub(super) reads: usize,
    /// Another app took the clipboard.
    pub(super) cancelled: bool,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) globals: Globals,
    /// Offers and their types, as they arrive.
    pub(super) offers: HashMap<ObjectId, (Offer, Vec<String>)>,
    pub(super) clipboard: Option<ObjectId>,
    pub(super) primary: Option<ObjectId>,
    /// Changed since the last capture.
    pub(super) clipboard_changed: bool,
    pub(super) primary_changed: bool,
    pub(super) sources: Vec<Served>,
    /// The device is gone (the seat went away).
    pub(super) finished: bool,
}

impl State {
    pub(super) fn selection(&mut self, which: Selection, offer: Option<ObjectId>) {
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

    pub(super) fn offer_type(&mut self, offer: ObjectId, mime_type: String) {
        if let Some((_, types)) = self.offers.get_mut(&offer) {
            types.push(mime_type);
        }
    }

    pub(super) fn types(&self, which: Selection) -> Option<(ObjectId, &[String])> {
        let id = match which {
            Selection::Clipboard => self.clipboard.as_ref()?,
            Selection::Primary => self.primary.as_ref()?,
        };
        let (_, types) = self.offers.get(id)?;
        Some((id.clone(), types))
    }

    /// An app reads what skit serves: written from a thread of its own, so a slow
    /// reader never holds up the clipboard thread.
    pub(super) fn send(&mut self, source: ObjectId, mime_type: &str, fd: OwnedFd) {
        let Some(served) = self.sources.iter_mut().find(|s| s.source.id() == source) else {
            return;
        };
        served.reads += 1;
        let files = match &*served.content {
            Content::Files(files) => files.as_type(mime_type),
            _ => None,
        };
        let bytes: Arc<[u8]> = if mime_type == PASSWORD_HINT {
            Arc::from(&b"secret"[..])
        } else if let Some(files) = files {
            Arc::from(files)
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

    pub(super) fn cancelled(&mut self, source: ObjectId) {
        if let Some(served) = self.sources.iter_mut().find(|s| s.source.id() == source) {
            served.source.destroy();
            served.cancelled = true;
        }
    }

    /// What skit serves on the clipboard now, if anything.
    pub(super) fn serving(&self) -> Option<&Served> {
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
