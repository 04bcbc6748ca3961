//! Timing events for the benchmarks (`make bench`): skit reports the moments a
//! harness cannot see from outside, as `tracing` events on the target
//! `skit::timing` with CLOCK_MONOTONIC timestamps in nanoseconds (comparable with
//! other processes' clocks). Enable them with `SKIT_LOG=skit::timing=info`.
//!
//! - `first_frame`: the first frame was presented (also: ms since process start);
//! - `frame`: a frame was drawn, with the query and list size on screen, and
//!   `rendered_ns`, when its render began;
//! - `apps_loaded`: the applications were read (with their count).
//!
//! The event is deferred from the render to the end of the same update. When gpui
//! draws at the display's refresh, that update ends after `present()`: the event
//! says "presented". gpui also draws while it routes a key (to find the focused
//! element in an up-to-date tree) and presents that frame at the next refresh: then
//! the event comes before the present. The benchmarks therefore take the moment of
//! the first present after `rendered_ns` from a Vulkan layer
//! (`benches/desktop/frame_stats_layer.c`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use gpui::App;

static PROCESS_START: OnceLock<u64> = OnceLock::new();
static FIRST_FRAME: AtomicBool = AtomicBool::new(false);

/// CLOCK_MONOTONIC now, in nanoseconds.
pub(crate) fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes into a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Notes when the process started; call first thing in `main`.
pub fn process_started() {
    PROCESS_START.get_or_init(monotonic_ns);
}

/// Whether timing events are wanted at all (so rendering pays nothing otherwise).
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: "skit::timing", tracing::Level::INFO)
}

/// Reports that `count` applications were read, in `took`, and handed to the list.
pub(crate) fn apps_loaded(count: usize, took: std::time::Duration) {
    if !enabled() {
        return;
    }
    let now = monotonic_ns();
    let took_ms = took.as_secs_f64() * 1e3;
    tracing::info!(target: "skit::timing", event = "apps_loaded", t_ns = now, count, took_ms);
}

/// Reports the frame being rendered at the end of the update (see the module's
/// doc): `query`, `rows` (list rows) and `events` (script events handled) say what
/// it shows.
pub(crate) fn frame_rendered(query: String, rows: usize, settled: bool, events: u64, cx: &mut App) {
    let rendered_ns = monotonic_ns();
    cx.defer(move |_| {
        let now = monotonic_ns();
        if !FIRST_FRAME.swap(true, Ordering::SeqCst) {
            let since_start = PROCESS_START.get().map(|s| (now - s) as f64 / 1e6).unwrap_or(0.0);
            tracing::info!(target: "skit::timing", event = "first_frame", t_ns = now, since_start_ms = since_start);
        }
        tracing::info!(target: "skit::timing", event = "frame", t_ns = now, rendered_ns, rows, settled, events, query = %query);
    });
}
