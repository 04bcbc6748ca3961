//! Timing events for the benchmarks (`make bench`): skit reports the moments a
//! harness cannot see from outside, as `tracing` events on the target
//! `skit::timing` with CLOCK_MONOTONIC timestamps in nanoseconds (comparable with
//! other processes' clocks). Enable them with `SKIT_LOG=skit::timing=info`.
//!
//! - `first_frame`: the first frame was presented (also: ms since process start);
//! - `frame`: a frame was presented, with the query and list size on screen;
//! - `apps_loaded`: the applications were read (with their count).
//!
//! "Presented" is right after gpui hands the frame to the GPU: the event is
//! deferred from the render to the end of the same update, which gpui ends after
//! `present()`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use gpui::{App, Window};

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

/// Reports the frame being rendered once it is presented: `query`, `rows` (list
/// rows) and `events` (script events handled) say what it shows.
pub(crate) fn frame_rendered(
    query: String,
    rows: usize,
    settled: bool,
    events: u64,
    window: &mut Window,
    cx: &mut App,
) {
    let _ = window;
    cx.defer(move |_| {
        let now = monotonic_ns();
        if !FIRST_FRAME.swap(true, Ordering::SeqCst) {
            let since_start = PROCESS_START.get().map(|s| (now - s) as f64 / 1e6).unwrap_or(0.0);
            tracing::info!(target: "skit::timing", event = "first_frame", t_ns = now, since_start_ms = since_start);
        }
        tracing::info!(target: "skit::timing", event = "frame", t_ns = now, rows, settled, events, query = %query);
    });
}
