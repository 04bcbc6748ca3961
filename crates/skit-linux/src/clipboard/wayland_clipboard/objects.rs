//! The two data-control protocols under one name: the manager, device, offer and
//! source of `ext-data-control-v1` or of wlroots' `zwlr_data_control_unstable_v1`,
//! whichever the compositor offers, so the rest of the clipboard code speaks to one.

use std::os::fd::BorrowedFd;

use wayland_client::backend::ObjectId;
use wayland_client::protocol::wl_seat;
use wayland_client::{Proxy, QueueHandle};
use wayland_protocols::ext::data_control::v1::client::{
    ext_data_control_device_v1 as ext_device, ext_data_control_manager_v1 as ext_manager,
    ext_data_control_offer_v1 as ext_offer, ext_data_control_source_v1 as ext_source,
};
use wayland_protocols_wlr::data_control::v1::client::{
    zwlr_data_control_device_v1 as wlr_device, zwlr_data_control_manager_v1 as wlr_manager,
    zwlr_data_control_offer_v1 as wlr_offer, zwlr_data_control_source_v1 as wlr_source,
};

use super::state::State;

pub(super) enum Manager {
    Ext(ext_manager::ExtDataControlManagerV1),
    Wlr(wlr_manager::ZwlrDataControlManagerV1),
}

pub(super) enum Device {
    Ext(ext_device::ExtDataControlDeviceV1),
    Wlr(wlr_device::ZwlrDataControlDeviceV1),
}

pub(super) enum Offer {
    Ext(ext_offer::ExtDataControlOfferV1),
    Wlr(wlr_offer::ZwlrDataControlOfferV1),
}

pub(super) enum Source {
    Ext(ext_source::ExtDataControlSourceV1),
    Wlr(wlr_source::ZwlrDataControlSourceV1),
}

impl Manager {
    pub(super) fn device(&self, seat: &wl_seat::WlSeat, qh: &QueueHandle<State>) -> Device {
        match self {
            Manager::Ext(m) => Device::Ext(m.get_data_device(seat, qh, ())),
            Manager::Wlr(m) => Device::Wlr(m.get_data_device(seat, qh, ())),
        }
    }

    pub(super) fn source(&self, qh: &QueueHandle<State>) -> Source {
        match self {
            Manager::Ext(m) => Source::Ext(m.create_data_source(qh, ())),
            Manager::Wlr(m) => Source::Wlr(m.create_data_source(qh, ())),
        }
    }

    /// Whether PRIMARY goes through it (always for ext; version 2 for wlr).
    pub(super) fn has_primary(&self) -> bool {
        match self {
            Manager::Ext(_) => true,
            Manager::Wlr(m) => m.version() >= 2,
        }
    }
}

impl Device {
    pub(super) fn set_selection(&self, source: Option<&Source>) {
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
    pub(super) fn receive(&self, mime_type: &str, fd: BorrowedFd<'_>) {
        match self {
            Offer::Ext(o) => o.receive(mime_type.into(), fd),
            Offer::Wlr(o) => o.receive(mime_type.into(), fd),
        }
    }

    pub(super) fn destroy(&self) {
        match self {
            Offer::Ext(o) => o.destroy(),
            Offer::Wlr(o) => o.destroy(),
        }
    }
}

impl Source {
    pub(super) fn id(&self) -> ObjectId {
        match self {
            Source::Ext(s) => s.id(),
            Source::Wlr(s) => s.id(),
        }
    }

    pub(super) fn offer(&self, mime_type: &str) {
        match self {
            Source::Ext(s) => s.offer(mime_type.into()),
            Source::Wlr(s) => s.offer(mime_type.into()),
        }
    }

    pub(super) fn destroy(&self) {
        match self {
            Source::Ext(s) => s.destroy(),
            Source::Wlr(s) => s.destroy(),
        }
    }
}
