#![cfg(any(target_os = "linux", target_os = "freebsd"))]
mod linux;

pub use linux::{current_platform, linux_platform};
// skit: see SKIT-PATCHES.md.
#[cfg(feature = "wayland")]
pub use linux::set_activation_token;
