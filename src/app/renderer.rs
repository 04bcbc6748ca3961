//! Renderer settings skit chooses for itself. Without a GPU, gpui draws through
//! lavapipe (Mesa's Vulkan on the CPU), which reads its settings from the
//! environment once, while gpui creates its Vulkan device (wgpu) when the
//! application starts. So skit sets what measurably helps before that, in its
//! own environment only: scripts, editors and applications skit starts get the
//! environment skit was started with (`crate::child_env`, remembered earlier).
//! Only Mesa's software renderers read these variables, so on a machine with a
//! GPU they change nothing, and a value the user set is left alone.
//!
//! - `LP_NUM_THREADS`, lavapipe's rasterizer threads (one per core by default):
//!   at least [`MIN_RASTER_THREADS`]. On two cores, four threads drew the
//!   launcher's frame about a quarter faster, and showed it about 2 ms sooner
//!   after the hotkey (BENCHMARKS.md, "Lavapipe settings"): a frame's tiles are
//!   shared out more evenly when a core is also busy with something else. Measured
//!   again on wgpu (gpui-pre): 7.0 ms a frame against 8.2 ms with two threads.
//!
//! Measured and left to gpui and Mesa: the present mode, path multisampling (the
//! launcher draws no paths), the vector width. On blade (gpui 0.2.2) they were no
//! faster; on wgpu they were within the noise of one run (`bench.py
//! --only=settings`, BENCHMARKS.md).

use std::ffi::OsString;

/// Lavapipe's rasterizer threads, at least (see the module's doc).
const MIN_RASTER_THREADS: usize = 4;

/// Sets the renderer's variables. Call before the application starts, while skit
/// has only one thread, and after `child_env::remember`.
pub(crate) fn prepare() {
    for (name, value) in chosen(
        std::env::var_os("LP_NUM_THREADS"),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    ) {
        // SAFETY: no other thread exists yet (see `app::run`), so nothing reads
        // the environment while it changes.
        unsafe { std::env::set_var(name, value) };
    }
}

/// The variables to set, given the user's `LP_NUM_THREADS` and the core count.
fn chosen(user_threads: Option<OsString>, cores: usize) -> Vec<(&'static str, String)> {
    if user_threads.is_some() || cores >= MIN_RASTER_THREADS {
        return Vec::new();
    }
    vec![("LP_NUM_THREADS", MIN_RASTER_THREADS.to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_cores_get_four_raster_threads_unless_the_user_chose() {
        assert_eq!(chosen(None, 2), [("LP_NUM_THREADS", "4".to_string())]);
        assert_eq!(chosen(None, 1), [("LP_NUM_THREADS", "4".to_string())]);
        assert!(
            chosen(None, 4).is_empty(),
            "lavapipe's default is one per core"
        );
        assert!(chosen(None, 16).is_empty());
        assert!(
            chosen(Some("1".into()), 2).is_empty(),
            "the user's value stays"
        );
    }
}
