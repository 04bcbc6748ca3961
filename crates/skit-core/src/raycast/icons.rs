//! Script commands' icons given as a URL: fetched once, off the UI thread, into
//! skit's cache folder (`$XDG_CACHE_HOME/skit/icons`, the URL's hash as the file
//! name), and shown from there. Until then, or when the fetch fails, the row has
//! its letter tile. The fetch is `curl`'s, with a time and a size limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The longest a fetch may take, and the largest icon taken.
const MAX_SECONDS: &str = "15";
const MAX_BYTES: &str = "2000000";

/// Whether an icon, as written, is a URL to fetch.
pub fn is_remote(icon: &str) -> bool {
    let icon = icon.trim();
    icon.starts_with("https://") || icon.starts_with("http://")
}

/// Where the icon at `url` is kept once fetched.
pub fn cached_file(url: &str) -> Option<PathBuf> {
    Some(cached_in(
        &dirs::cache_dir()?.join("skit").join("icons"),
        url,
    ))
}

/// The file for `url` in the folder `cache`: a stable hash of the URL (FNV-1a),
/// with the URL's image extension (`.png` when it names none).
fn cached_in(cache: &Path, url: &str) -> PathBuf {
    let hash = url
        .trim()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let extension = [".svg", ".jpg", ".jpeg", ".gif", ".webp"]
        .into_iter()
        .find(|ext| path.ends_with(ext))
        .unwrap_or(".png");
    cache.join(format!("{hash:016x}{extension}"))
}

/// Fetches `url` into `file` (through a temporary file beside it, so a cut
/// download is never shown). Blocks: call it off the UI thread.
pub fn fetch(url: &str, file: &Path) -> Result<(), String> {
    let folder = file.parent().ok_or("the icon cache has no folder")?;
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let partial = file.with_extension("part");
    let output = Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location"])
        .args(["--max-time", MAX_SECONDS, "--max-filesize", MAX_BYTES])
        .arg("--output")
        .arg(&partial)
        .arg(url.trim())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot fetch the icon {url}: curl: {e} (is curl installed?)"))?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&partial);
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!("cannot fetch the icon {url}: {}", why.trim()));
    }
    std::fs::rename(&partial, file).map_err(|e| format!("cannot keep the icon {url}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_has_one_stable_file_with_its_extension() {
        let cache = Path::new("/c");
        let a = cached_in(cache, "https://example.org/a/icon.svg?v=2");
        assert_eq!(a, cached_in(cache, "https://example.org/a/icon.svg?v=2"));
        assert!(a.to_string_lossy().ends_with(".svg"), "{a:?}");
        assert_ne!(a, cached_in(cache, "https://example.org/b/icon.svg"));
        let none = cached_in(cache, "https://example.org/icon");
        assert!(none.to_string_lossy().ends_with(".png"));
        assert!(is_remote(" https://x/y.png") && is_remote("http://x"));
        assert!(!is_remote("📚") && !is_remote("images/a.png"));
    }

    #[test]
    fn a_fetch_keeps_the_whole_file_and_a_failed_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("icon.png");
        std::fs::write(&source, b"\x89PNG not really").unwrap();
        let file = dir.path().join("cache").join("x.png");
        fetch(&format!("file://{}", source.display()), &file).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"\x89PNG not really");
        let missing = dir.path().join("cache").join("y.png");
        let err = fetch(
            &format!("file://{}/none.png", dir.path().display()),
            &missing,
        )
        .unwrap_err();
        assert!(err.contains("cannot fetch the icon"), "{err}");
        assert!(!missing.exists() && !missing.with_extension("part").exists());
    }
}
