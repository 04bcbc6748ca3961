//! The clipboard history on disk: one SQLite file, private to the user (mode 0600
//! from its first byte), holding text and PNG entries with when they were copied and
//! from which app. Not for reading or watching the X clipboard (see `x11_watch`).
//!
//! Rules the rest of skit relies on:
//! - Copying the same content again moves its entry to the top instead of adding a
//!   second one (content hash, then a byte-for-byte comparison).
//! - At most [`Limits::max_entries`] unpinned entries are kept; the oldest go first.
//!   Pinned entries are never pruned and do not count.
//! - "Clear History" ([`Store::clear`]) removes the unpinned entries and keeps the
//!   pinned ones: pinning is how a user says "keep this"; [`Store::delete`] removes a
//!   pinned entry one at a time.
//! - Deleted content is overwritten in the file (`secure_delete`), so a cleared
//!   password does not linger in free pages.
//! - A file that is not a usable database is moved aside to `<name>.corrupt` (then
//!   `.corrupt.1`, ...; never overwritten) and a fresh history starts, with a notice
//!   for the window.
//!
//! [`Store::list`] reads only short summaries (the content column is stored last and
//! never read), so a full history of 1,000 entries lists in well under a frame.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub use super::copied_files::CopiedFiles;
pub(crate) use super::copied_files::{GNOME_COPIED_FILES, URI_LIST};

use rusqlite::{Connection, OptionalExtension, params};

/// Characters of text shown in the list row.
pub(crate) const PREVIEW_CHARS: usize = 200;
/// Version of the table layout, in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// What an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// UTF-8 text.
    Text,
    /// A PNG image.
    Png,
}

impl Kind {
    /// The name stored in the database (and the MIME type for images).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Png => "image/png",
        }
    }

    fn parse(name: &str) -> Option<Kind> {
        match name {
            "text" => Some(Kind::Text),
            "image/png" => Some(Kind::Png),
            _ => None,
        }
    }
}

/// The content of one entry, as stored; or files skit puts on the clipboard
/// (Copy File), which the history does not keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Png(Vec<u8>),
    Files(CopiedFiles),
}

impl Content {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Content::Text(_) | Content::Files(_) => Kind::Text,
            Content::Png(_) => Kind::Png,
        }
    }

    /// The bytes, as text for files (their paths).
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Content::Text(text) => text.as_bytes(),
            Content::Png(png) => png,
            Content::Files(files) => files.paths().as_bytes(),
        }
    }
}

/// Something copied, to be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub content: Content,
    /// The WM_CLASS (or process name) of the app it came from, when known.
    pub source_app: Option<String>,
    /// When it was copied, unix milliseconds.
    pub copied_at_ms: i64,
}

/// Bounds on what is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Unpinned entries kept (`clipboard.maxEntries`).
    pub max_entries: usize,
    /// Largest text entry, in bytes of UTF-8.
    pub max_text_bytes: usize,
    /// Largest image entry, in bytes of PNG.
    pub max_image_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_entries: 1000,
            max_text_bytes: 1024 * 1024,
            max_image_bytes: 10 * 1024 * 1024,
        }
    }
}

impl Limits {
    pub(crate) fn max_bytes(&self, kind: Kind) -> usize {
        match kind {
            Kind::Text => self.max_text_bytes,
            Kind::Png => self.max_image_bytes,
        }
    }
}

/// What [`Store::add`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new entry; `pruned` older unpinned entries were removed to stay in bounds.
    Added { id: i64, pruned: usize },
    /// The same content was already there: entry `id` moved to the top.
    MovedToTop { id: i64 },
    /// Larger than the limit for its kind: not recorded.
    TooLarge { size: usize, max: usize },
    /// Empty text, or an image that is not a PNG: not recorded.
    Unusable,
}

/// One row of the history list: enough to draw it, not the content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrySummary {
    pub id: i64,
    pub kind: Kind,
    /// Text: its first [`PREVIEW_CHARS`] characters on one line (runs of white space
    /// shown as one space). Image: "PNG image, W × H, SIZE".
    pub preview: String,
    /// Image width and height in pixels; `None` for text.
    pub(crate) dimensions: Option<(u32, u32)>,
    /// Size of the content in bytes.
    pub size: u64,
    /// Unix milliseconds of the first and the latest copy.
    pub(crate) first_copied_ms: i64,
    pub last_copied_ms: i64,
    pub source_app: Option<String>,
    pub pinned: bool,
}

/// The clipboard history database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Opens (or creates) the history at `path`. A file that is not a usable
    /// database is moved aside and a fresh one created; the returned notice says so,
    /// for the window. `Err` only when no history can be kept at all (the folder
    /// cannot be written, ...).
    pub fn open(path: &Path) -> Result<(Store, Option<String>), String> {
        create_private(path)?;
        match Store::open_checked(path) {
            Ok(store) => Ok((store, None)),
            Err(problem) => {
                let moved = move_aside_with_journals(path).map_err(|e| {
                    format!(
                        "The clipboard history {} cannot be read ({problem}) and cannot be \
                         moved aside ({e}); move or delete it by hand to keep a history.",
                        path.display()
                    )
                })?;
                tracing::warn!(
                    "clipboard history {} is unusable ({problem}); moved it to {}",
                    path.display(),
                    moved.display()
                );
                create_private(path)?;
                let store = Store::open_checked(path).map_err(|e| {
                    format!(
                        "Cannot start a new clipboard history at {}: {e}.",
                        path.display()
                    )
                })?;
                let notice = format!(
                    "The clipboard history could not be read ({problem}). It was moved to {} \
                     and a new, empty history was started.",
                    moved.display()
                );
                Ok((store, Some(notice)))
            }
        }
    }

    /// Opens `path` and checks that it is an intact database with our table (or an
    /// empty file, which becomes one). `Err` says what is wrong with it.
    fn open_checked(path: &Path) -> Result<Store, String> {
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if check != "ok" {
            return Err(format!("integrity check failed: {check}"));
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if version > SCHEMA_VERSION {
            return Err(format!(
                "it was written by a newer skit (layout {version}, this one knows {SCHEMA_VERSION})"
            ));
        }
        conn.execute_batch(
            "PRAGMA secure_delete = ON;
             CREATE TABLE IF NOT EXISTS entries (
                 id INTEGER PRIMARY KEY,
                 kind TEXT NOT NULL,
                 hash INTEGER NOT NULL,
                 size INTEGER NOT NULL,
                 preview TEXT NOT NULL,
                 width INTEGER,
                 height INTEGER,
                 first_copied INTEGER NOT NULL,
                 last_copied INTEGER NOT NULL,
                 recency INTEGER NOT NULL,
                 source_app TEXT,
                 pinned INTEGER NOT NULL DEFAULT 0,
                 content BLOB NOT NULL
             );
             CREATE INDEX IF NOT EXISTS entries_by_hash ON entries (hash);
             CREATE INDEX IF NOT EXISTS entries_by_order ON entries (pinned, recency);
             PRAGMA user_version = 1;",
        )
        .map_err(|e| e.to_string())?;
        // A table of the same name with other columns (or a damaged schema) shows
        // here rather than on the first copy.
        conn.prepare(
            "SELECT id, kind, hash, size, preview, width, height, first_copied, last_copied,
                    recency, source_app, pinned, content FROM entries LIMIT 0",
        )
        .map_err(|e| e.to_string())?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Records a copy. The same content already stored moves to the top (its time
    /// and source updated); otherwise a new entry is added and the oldest unpinned
    /// entries beyond [`Limits::max_entries`] are removed.
    pub fn add(&mut self, entry: NewEntry, limits: &Limits) -> Result<AddOutcome, String> {
        let kind = entry.content.kind();
        let bytes = entry.content.bytes();
        let max = limits.max_bytes(kind);
        if bytes.len() > max {
            return Ok(AddOutcome::TooLarge {
                size: bytes.len(),
                max,
            });
        }
        // Text is stored as TEXT so the file stays readable with the sqlite3 tool;
        // an image as a BLOB. Files skit copied are not kept.
        let (preview, dimensions, stored): (_, _, &dyn rusqlite::ToSql) = match &entry.content {
            Content::Text(text) => {
                if text.is_empty() {
                    return Ok(AddOutcome::Unusable);
                }
                (text_preview(text), None, text)
            }
            Content::Png(png) => match png_dimensions(png) {
                Some((w, h)) => (image_preview(w, h, png.len()), Some((w, h)), png),
                None => return Ok(AddOutcome::Unusable),
            },
            Content::Files(_) => return Ok(AddOutcome::Unusable),
        };
        let hash = content_hash(bytes);
        let tx = self.conn.transaction().map_err(db_error)?;
        let recency: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(recency), 0) + 1 FROM entries",
                [],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let existing: Option<i64> = {
            let mut find = tx
                .prepare_cached(
                    "SELECT id FROM entries WHERE hash = ?1 AND kind = ?2 AND content = ?3",
                )
                .map_err(db_error)?;
            find.query_row(params![hash, kind.as_str(), stored], |r| r.get(0))
                .optional()
                .map_err(db_error)?
        };
        let outcome = if let Some(id) = existing {
            tx.execute(
                "UPDATE entries SET last_copied = ?1, recency = ?2,
                        source_app = COALESCE(?3, source_app) WHERE id = ?4",
                params![entry.copied_at_ms, recency, entry.source_app, id],
            )
            .map_err(db_error)?;
            AddOutcome::MovedToTop { id }
        } else {
            let (width, height) = dimensions.unzip();
            let insert = "INSERT INTO entries (kind, hash, size, preview, width, height,
                               first_copied, last_copied, recency, source_app, pinned, content)
                           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, 0, ?10)";
            let size = bytes.len() as i64;
            tx.execute(
                insert,
                params![
                    kind.as_str(),
                    hash,
                    size,
                    preview,
                    width,
                    height,
                    entry.copied_at_ms,
                    recency,
                    entry.source_app,
                    stored
                ],
            )
            .map_err(db_error)?;
            let id = tx.last_insert_rowid();
            let pruned = tx
                .execute(
                    "DELETE FROM entries WHERE pinned = 0 AND id NOT IN (
                         SELECT id FROM entries WHERE pinned = 0
                         ORDER BY recency DESC LIMIT ?1)",
                    params![limits.max_entries as i64],
                )
                .map_err(db_error)?;
            AddOutcome::Added { id, pruned }
        };
        tx.commit().map_err(db_error)?;
        Ok(outcome)
    }

    /// Up to `limit` entries: pinned ones first, then newest first.
    pub fn list(&self, limit: usize) -> Result<Vec<EntrySummary>, String> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, kind, preview, width, height, size, first_copied, last_copied,
                        source_app, pinned
                 FROM entries ORDER BY pinned DESC, recency DESC LIMIT ?1",
            )
            .map_err(db_error)?;
        let rows = statement
            .query_map(params![limit as i64], |row| {
                let kind: String = row.get(1)?;
                let width: Option<u32> = row.get(3)?;
                let height: Option<u32> = row.get(4)?;
                Ok((
                    kind,
                    EntrySummary {
                        id: row.get(0)?,
                        kind: Kind::Text,
                        preview: row.get(2)?,
                        dimensions: width.zip(height),
                        size: row.get::<_, i64>(5)?.max(0) as u64,
                        first_copied_ms: row.get(6)?,
                        last_copied_ms: row.get(7)?,
                        source_app: row.get(8)?,
                        pinned: row.get(9)?,
                    },
                ))
            })
            .map_err(db_error)?;
        let mut entries = Vec::new();
        for row in rows {
            let (kind, mut summary) = row.map_err(db_error)?;
            // Rows of a kind this skit does not know (a later version's) are skipped.
            let Some(kind) = Kind::parse(&kind) else {
                continue;
            };
            summary.kind = kind;
            entries.push(summary);
        }
        Ok(entries)
    }

    /// The full content of entry `id`, `None` when there is no such entry.
    pub fn content(&self, id: i64) -> Result<Option<Content>, String> {
        let row: Option<(String, rusqlite::types::Value)> = self
            .conn
            .query_row(
                "SELECT kind, content FROM entries WHERE id = ?1",
                params![id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(db_error)?;
        let Some((kind, value)) = row else {
            return Ok(None);
        };
        let bytes = match value {
            rusqlite::types::Value::Text(text) => text.into_bytes(),
            rusqlite::types::Value::Blob(blob) => blob,
            _ => return Ok(None),
        };
        Ok(match Kind::parse(&kind) {
            Some(Kind::Text) => Some(Content::Text(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            )),
            Some(Kind::Png) => Some(Content::Png(bytes)),
            None => None,
        })
    }

    /// Pins or unpins entry `id`. `false` when there is no such entry.
    pub(crate) fn pin(&mut self, id: i64, pinned: bool) -> Result<bool, String> {
        let changed = self
            .conn
            .execute(
                "UPDATE entries SET pinned = ?1 WHERE id = ?2",
                params![pinned, id],
            )
            .map_err(db_error)?;
        Ok(changed > 0)
    }

    /// Deletes entry `id`, pinned or not. `false` when there is no such entry.
    pub(crate) fn delete(&mut self, id: i64) -> Result<bool, String> {
        let changed = self
            .conn
            .execute("DELETE FROM entries WHERE id = ?1", params![id])
            .map_err(db_error)?;
        Ok(changed > 0)
    }

    /// "Clear History": deletes every unpinned entry and returns how many. Pinned
    /// entries stay (delete them one by one, or unpin first).
    pub(crate) fn clear(&mut self) -> Result<usize, String> {
        let removed = self
            .conn
            .execute("DELETE FROM entries WHERE pinned = 0", [])
            .map_err(db_error)?;
        // Gives the freed (already zeroed) pages back, so the file shrinks too.
        self.conn.execute_batch("VACUUM").map_err(db_error)?;
        Ok(removed)
    }
}

fn db_error(e: rusqlite::Error) -> String {
    format!("clipboard history database error: {e}")
}

/// Creates `path` (and its folder, 0700) readable by the user only, before SQLite
/// touches it, so no other user can ever open it; narrows an existing file that is
/// readable by others (and returns true then).
fn create_private(path: &Path) -> Result<bool, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| {
                format!(
                    "Cannot create the folder {} for the clipboard history: {e}.",
                    dir.display()
                )
            })?;
    }
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            format!(
                "Cannot open the clipboard history {}: {e}. Check that the folder is writable.",
                path.display()
            )
        })?;
    let mode = file
        .metadata()
        .map_err(|e| format!("Cannot inspect {}: {e}.", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        tracing::warn!(
            "clipboard history {} was readable by others (mode {:o}); set it to 0600",
            path.display(),
            mode & 0o777
        );
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| {
                format!(
                    "The clipboard history {} is readable by other users and cannot be made \
                     private ({e}); fix its permissions with chmod 600.",
                    path.display()
                )
            })?;
        return Ok(true);
    }
    Ok(false)
}

/// Moves the database and any journal SQLite left beside it to the first free
/// `<name>.corrupt`, `<name>.corrupt.1`, ... A journal left at the old name would be
/// rolled back into the fresh database.
fn move_aside_with_journals(path: &Path) -> io::Result<PathBuf> {
    let base = format!("{}.corrupt", path.display());
    let taken = |candidate: &str| {
        ["", "-journal", "-wal", "-shm"]
            .iter()
            .any(|suffix| Path::new(&format!("{candidate}{suffix}")).exists())
    };
    let mut target = base.clone();
    let mut n = 1;
    while taken(&target) {
        target = format!("{base}.{n}");
        n += 1;
    }
    fs::rename(path, &target)?;
    for suffix in ["-journal", "-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", path.display()));
        if journal.exists() {
            fs::rename(&journal, format!("{target}{suffix}"))?;
        }
    }
    Ok(PathBuf::from(target))
}

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`), so stored
/// hashes stay valid. Only a first filter: equal hashes are compared byte for byte.
fn content_hash(bytes: &[u8]) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

/// The list row for a text: leading white space dropped, runs of white space (line
/// breaks included) shown as one space, at most [`PREVIEW_CHARS`] characters.
fn text_preview(text: &str) -> String {
    let mut preview = String::new();
    let mut chars = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !preview.is_empty();
            continue;
        }
        if pending_space {
            preview.push(' ');
            chars += 1;
            pending_space = false;
        }
        if chars >= PREVIEW_CHARS {
            break;
        }
        preview.push(c);
        chars += 1;
    }
    preview
}

fn image_preview(width: u32, height: u32, size: usize) -> String {
    format!("PNG image, {width} × {height}, {}", human_size(size))
}

pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Width and height from a PNG's header chunk; `None` when `png` is not a PNG.
pub fn png_dimensions(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((width, height))
}

#[cfg(test)]
pub(crate) mod tests;
