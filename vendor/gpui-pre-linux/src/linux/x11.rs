mod client;
mod clipboard;
mod display;
mod event;
mod window;
mod xim_handler;

pub(crate) use client::*;
pub(crate) use clipboard::wait_for_clipboard_handovers;
pub(crate) use display::*;
pub(crate) use event::*;
pub(crate) use window::*;
pub(crate) use xim_handler::*;
