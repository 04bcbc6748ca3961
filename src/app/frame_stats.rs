//! `SKIT_FRAME_STATS=1`: one line on stderr for every frame the launcher draws,
//! saying what the frame cost and why (see BENCHMARKS.md, "Where a frame goes"):
//!
//! ```text
//! skit frame: screen=scripts window=750x485 px=363750 duration_ms=9.8 quads=4/1024px
//!   underlines=9/368000px mono_sprites=205/13300px poly_sprites=0 shadows=0 paths=0
//!   raster_cpu_ms=7.9 repeats=31
//! ```
//!
//! `duration_ms` runs from the launcher's render to the end of the update that
//! presents the frame (as gpui's own "frame duration"); `window` is in device pixels.
//! The counts are gpui's primitives by kind, with the pixels each kind shaded. gpui
//! keeps its scene private, so they are counted one level down, by a Vulkan
//! layer that watches its renderer's draw calls (`benches/desktop/frame_stats_layer.c`;
//! `make bench` builds and loads it, and BENCHMARKS.md says how to by hand). Without
//! the layer the line ends with `counts=none`. `raster_cpu_ms` is the CPU time the
//! whole process spent from submitting the frame to its present (on lavapipe: the
//! rasterization, over all its threads); `repeats` counts presents of an unchanged
//! scene since the previous line (gpui 0.2.2 repeated the last frame at the
//! display's rate for a second after each input; gpui-pre only while input
//! arrives at 60 Hz or more).
//!
//! Costs nothing unless the variable is set.

use std::ffi::{c_char, c_int};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use gpui::{App, Window};

/// Whether `SKIT_FRAME_STATS=1` (read once).
pub(crate) fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("SKIT_FRAME_STATS").is_ok_and(|v| v == "1"))
}

/// Call when the launcher starts rendering a frame of `screen`: the line is
/// written once the frame is presented.
pub(crate) fn frame_started(screen: &'static str, window: &mut Window, cx: &mut App) {
    let started = Instant::now();
    let started_ns = crate::app::timing::monotonic_ns();
    let scale = window.scale_factor();
    let size = window.viewport_size();
    let (width, height) = (
        (f32::from(size.width) * scale).round() as u64,
        (f32::from(size.height) * scale).round() as u64,
    );
    // Deferred to the end of the update, which gpui ends after presenting.
    cx.defer(move |_| {
        let duration_ms = started.elapsed().as_secs_f64() * 1e3;
        let counts = match layer_stats() {
            None => "counts=none".to_string(),
            // gpui also draws without presenting (to route a key through an
            // up-to-date tree): such a frame costs no rasterization.
            Some(stats) if stats.presented_ns < started_ns => "presented=no".to_string(),
            Some(stats) => describe(stats),
        };
        eprintln!(
            "skit frame: screen={screen} window={width}x{height} px={} duration_ms={duration_ms:.2} {counts}",
            width * height
        );
    });
}

/// The primitives reported, with their index in the layer's arrays (its `enum kind`).
const KINDS: [(&str, usize); 6] = [
    ("quads", 0),
    ("underlines", 4),
    ("mono_sprites", 5),
    ("poly_sprites", 6),
    ("shadows", 1),
    ("paths", 3),
];

/// What the layer records per frame: `struct skit_frame_stats` in
/// `benches/desktop/frame_stats_layer.c`, field for field.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct LayerStats {
    frame: u64,
    draws: u64,
    instances: [u64; 9],
    pixels: [u64; 9],
    width: u32,
    height: u32,
    gpu_ms: f64,
    gpu_cpu_ms: f64,
    presented_ns: u64,
}

fn describe(stats: LayerStats) -> String {
    static LAST_FRAME: AtomicU64 = AtomicU64::new(0);
    let last = LAST_FRAME.swap(stats.frame, Ordering::Relaxed);
    let mut line = String::new();
    for (kind, i) in KINDS {
        match stats.instances[i] {
            0 => line.push_str(&format!("{kind}=0 ")),
            n => line.push_str(&format!("{kind}={n}/{}px ", stats.pixels[i])),
        }
    }
    let repeats = stats.frame.saturating_sub(last).saturating_sub(1);
    line + &format!("raster_cpu_ms={:.2} repeats={repeats}", stats.gpu_cpu_ms)
}

type ReadStats = unsafe extern "C" fn(*mut LayerStats, usize) -> c_int;

/// The layer's numbers for the frame just presented, if the layer is loaded.
fn layer_stats() -> Option<LayerStats> {
    static READ: OnceLock<ReadStats> = OnceLock::new();
    let read = match READ.get() {
        Some(read) => *read,
        None => *READ.get_or_init(find_layer()?),
    };
    let mut stats = LayerStats::default();
    // SAFETY: the layer's function copies its last frame's numbers into `stats`,
    // whose size it checks against its own struct.
    let ok = unsafe { read(&mut stats, size_of::<LayerStats>()) };
    (ok == 1).then_some(stats)
}

/// `skit_frame_stats_last` in the layer, when the Vulkan loader has loaded it.
fn find_layer() -> Option<impl FnOnce() -> ReadStats> {
    const LIBRARY: &[u8] = b"libVkLayer_skit_frame_stats.so\0";
    const SYMBOL: &[u8] = b"skit_frame_stats_last\0";
    // SAFETY: RTLD_NOLOAD only finds a library already loaded (it loads nothing);
    // the handle is never closed.
    let handle = unsafe {
        libc::dlopen(
            LIBRARY.as_ptr() as *const c_char,
            libc::RTLD_NOLOAD | libc::RTLD_LAZY,
        )
    };
    if handle.is_null() {
        return None;
    }
    // SAFETY: a symbol lookup in a valid handle.
    let symbol = unsafe { libc::dlsym(handle, SYMBOL.as_ptr() as *const c_char) };
    if symbol.is_null() {
        return None;
    }
    // SAFETY: the layer defines `skit_frame_stats_last` with this signature.
    let read = unsafe { std::mem::transmute::<*mut libc::c_void, ReadStats>(symbol) };
    Some(move || read)
}
