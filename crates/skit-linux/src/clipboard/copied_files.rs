//! Files skit puts on the clipboard (Search Files' Copy File): the forms file
//! managers paste (`text/uri-list`, GNOME's `x-special/gnome-copied-files`) and
//! the paths for text. Served by skit's own clipboard owners, X11 and Wayland;
//! never kept in the history.

/// Files on the clipboard, in the forms file managers paste (`text/uri-list`,
/// GNOME's `x-special/gnome-copied-files`) and as their paths for text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopiedFiles {
    uris: String,
    paths: String,
}

/// The MIME type file managers paste files from.
pub(crate) const URI_LIST: &str = "text/uri-list";
/// What GNOME's file manager (and others) read to paste files: `copy` and the URIs.
pub(crate) const GNOME_COPIED_FILES: &str = "x-special/gnome-copied-files";

impl CopiedFiles {
    pub fn new(paths: &[std::path::PathBuf]) -> CopiedFiles {
        let uris: Vec<String> = paths.iter().map(|p| file_uri(p)).collect();
        CopiedFiles {
            uris: uris.iter().map(|u| format!("{u}\r\n")).collect(),
            paths: paths
                .iter()
                .map(|p| p.to_string_lossy())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The paths, a line each.
    pub fn paths(&self) -> &str {
        &self.paths
    }

    /// The bytes for `mime_type`, `None` for a type that is not one of these.
    pub(crate) fn as_type(&self, mime_type: &str) -> Option<Vec<u8>> {
        match mime_type {
            URI_LIST => Some(self.uris.clone().into_bytes()),
            GNOME_COPIED_FILES => {
                let uris: Vec<&str> = self.uris.split_terminator("\r\n").collect();
                Some(format!("copy\n{}", uris.join("\n")).into_bytes())
            }
            _ => None,
        }
    }
}

/// `file://` and the path, each byte other than unreserved ones percent-encoded.
fn file_uri(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file://");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}
