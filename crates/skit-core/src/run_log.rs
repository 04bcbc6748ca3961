//! The log of a script's triggered runs (schedule, watch, background): what each
//! run printed, its errors and its exit, one timestamped line each, in
//! `<logs_dir>/<script-file-name>.log` (`<group>-<file>.log` for a script in a
//! subfolder), for the "View Log" screen. Not for skit's own diagnostics (those go
//! to `tracing`). Only the user can read it (mode 0600, folder 0700): a script's
//! output is its own business.
//!
//! At most [`MAX_BYTES`] per script: when the log would pass half of that, it is
//! renamed to `<name>.log.1` (replacing the previous one) and a fresh log starts.
//! Rotating by rename rather than trimming the file in place: a rename is atomic
//! and costs nothing, while trimming rewrites half a megabyte on every pass and
//! loses lines if skit dies half-way; two files also keep whole lines, and between
//! a half and all of the limit of history is always there. [`RunLog::tail`] reads
//! across both files.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Local};

use crate::catalog::Script;

/// The most a script's logs (`.log` and `.log.1`) hold together.
pub(crate) const MAX_BYTES: u64 = 1024 * 1024;
/// One file's share; also the most one append keeps.
const FILE_BYTES: u64 = MAX_BYTES / 2;
/// A longer line keeps its start and a note of how much was cut.
const MAX_LINE: usize = 16 * 1024;

/// Appends and rotations of every log in this process, so two runs of the same
/// script (a watch run ending as a manual one starts) cannot rotate twice.
static LOCK: Mutex<()> = Mutex::new(());

/// The log of one script.
#[derive(Clone, Debug)]
pub struct RunLog {
    path: PathBuf,
}

impl RunLog {
    /// The log of a script of the catalog: named after its file, with its group
    /// (subfolder) in front, so two `run.sh` in two groups have two logs.
    pub fn for_script(logs_dir: &Path, script: &Script) -> Result<RunLog, String> {
        let name = match &script.group {
            Some(group) => format!("{group}-{}", script.file_name),
            None => script.file_name.clone(),
        };
        RunLog::open(logs_dir, Path::new(&name))
    }

    /// The log of `script` in `logs_dir` (skit's `<state_dir>/logs`), creating the
    /// folder. The file itself appears with the first line.
    pub(crate) fn open(logs_dir: &Path, script: &Path) -> Result<RunLog, String> {
        let name = script
            .file_name()
            .ok_or_else(|| format!("{}: not a script file name", script.display()))?;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(logs_dir)
            .map_err(|e| {
                format!(
                    "cannot create the log folder {}: {e}. Check that it is writable",
                    logs_dir.display()
                )
            })?;
        let mut file_name = name.to_os_string();
        file_name.push(".log");
        Ok(RunLog {
            path: logs_dir.join(file_name),
        })
    }

    /// The current log file.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The previous log file, after a rotation.
    pub(crate) fn previous_path(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(".1");
        PathBuf::from(name)
    }

    /// Appends `text`, one line per line of it, each stamped with the local time.
    pub(crate) fn append(&self, text: &str) -> Result<(), String> {
        self.append_at(Local::now(), text)
    }

    /// [`RunLog::append`] at a given time.
    pub(crate) fn append_at(&self, now: DateTime<Local>, text: &str) -> Result<(), String> {
        let stamp = now.format("%Y-%m-%d %H:%M:%S");
        let mut bytes = Vec::with_capacity(text.len() + 32);
        for line in text.lines().chain(text.is_empty().then_some("")) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.len() > MAX_LINE {
                let cut = floor_char_boundary(line, MAX_LINE);
                let more = line.len() - cut;
                let _ = writeln!(bytes, "{stamp} {}… [{more} more bytes]", &line[..cut]);
            } else {
                let _ = writeln!(bytes, "{stamp} {line}");
            }
        }
        if bytes.len() as u64 > FILE_BYTES {
            // Too much for one file: keep the newest whole lines.
            let start = bytes.len() - FILE_BYTES as usize;
            let start = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| start + i + 1);
            bytes.drain(..start);
        }
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let size = match fs::metadata(&self.path) {
            Ok(meta) => meta.len(),
            Err(_) => 0,
        };
        if size > 0 && size + bytes.len() as u64 > FILE_BYTES {
            fs::rename(&self.path, self.previous_path())
                .map_err(|e| format!("cannot rotate the log {}: {e}", self.path.display()))?;
        }
        let write = || -> std::io::Result<()> {
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(&self.path)?;
            file.write_all(&bytes)
        };
        write().map_err(|e| {
            format!(
                "cannot write the log {}: {e}. Check that its folder is writable and the \
                 disk is not full",
                self.path.display()
            )
        })
    }

    /// The last `max_bytes` of the log (both files), starting at a whole line.
    /// Empty when nothing was logged yet.
    pub fn tail(&self, max_bytes: usize) -> Result<String, String> {
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let (mut bytes, mut partial) = read_tail(&self.path, max_bytes)?;
        if bytes.len() < max_bytes {
            let (mut older, older_partial) =
                read_tail(&self.previous_path(), max_bytes - bytes.len())?;
            older.append(&mut bytes);
            bytes = older;
            partial = older_partial;
        }
        if partial {
            let start = bytes
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            bytes.drain(..start);
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The last `max` bytes of `path`, and whether they start inside a line.
fn read_tail(path: &Path, max: usize) -> Result<(Vec<u8>, bool), String> {
    let fail = |e: std::io::Error| format!("cannot read the log {}: {e}", path.display());
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), false)),
        Err(e) => return Err(fail(e)),
    };
    let len = file.metadata().map_err(fail)?.len();
    let start = len.saturating_sub(max as u64);
    // One byte more, to see whether the tail starts right after a newline.
    let before = start.min(1);
    file.seek(SeekFrom::Start(start - before)).map_err(fail)?;
    let mut bytes = Vec::with_capacity((len - start + before) as usize);
    file.take(max as u64 + before)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    let partial = before == 1 && bytes.first() != Some(&b'\n');
    bytes.drain(..(before as usize).min(bytes.len()));
    Ok((bytes, partial))
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Local> {
        Local
            .with_ymd_and_hms(2025, 6, 2, 12, 0, 5)
            .earliest()
            .unwrap()
    }

    #[test]
    fn lines_are_timestamped_and_appended() {
        let dir = tempfile::tempdir().unwrap();
        let log =
            RunLog::open(&dir.path().join("logs"), Path::new("/s/sort downloads.sh")).unwrap();
        assert_eq!(log.tail(1000).unwrap(), "");
        log.append_at(noon(), "started (watch: add /d/a.pdf)")
            .unwrap();
        log.append_at(noon(), "two\r\nlines\n").unwrap();
        log.append_at(noon(), "").unwrap();
        let text = fs::read_to_string(dir.path().join("logs/sort downloads.sh.log")).unwrap();
        assert_eq!(
            text,
            "2025-06-02 12:00:05 started (watch: add /d/a.pdf)\n\
             2025-06-02 12:00:05 two\n\
             2025-06-02 12:00:05 lines\n\
             2025-06-02 12:00:05 \n"
        );
        log.append("now").unwrap();
        assert!(log.tail(1000).unwrap().ends_with(" now\n"));
    }

    #[test]
    fn never_holds_more_than_the_limit_and_keeps_the_newest_lines() {
        let dir = tempfile::tempdir().unwrap();
        let log = RunLog::open(dir.path(), Path::new("noisy.py")).unwrap();
        let line = "x".repeat(1000);
        for i in 0..3000 {
            log.append_at(noon(), &format!("{i:05} {line}")).unwrap();
            let total = fs::metadata(log.path()).map_or(0, |m| m.len())
                + fs::metadata(log.previous_path()).map_or(0, |m| m.len());
            assert!(total <= MAX_BYTES, "{total} bytes after line {i}");
        }
        let kept = fs::read_to_string(log.previous_path()).unwrap()
            + &fs::read_to_string(log.path()).unwrap();
        // At least half the limit of the newest lines, in order, none partial.
        assert!(kept.len() as u64 >= FILE_BYTES);
        assert!(kept.ends_with(&format!("02999 {line}\n")));
        assert!(!kept.contains("00000 "));
        let numbers: Vec<u32> = kept.lines().map(|l| l[20..25].parse().unwrap()).collect();
        assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1));
    }

    #[test]
    fn tail_reads_across_the_rotation_from_a_whole_line() {
        let dir = tempfile::tempdir().unwrap();
        let log = RunLog::open(dir.path(), Path::new("a.sh")).unwrap();
        fs::write(log.previous_path(), "old 1\nold 2\n").unwrap();
        fs::write(log.path(), "new 1\nnew 2\n").unwrap();
        assert_eq!(log.tail(100).unwrap(), "old 1\nold 2\nnew 1\nnew 2\n");
        assert_eq!(log.tail(18).unwrap(), "old 2\nnew 1\nnew 2\n");
        assert_eq!(log.tail(17).unwrap(), "new 1\nnew 2\n");
        assert_eq!(log.tail(12).unwrap(), "new 1\nnew 2\n");
        assert_eq!(log.tail(11).unwrap(), "new 2\n");
        assert_eq!(log.tail(5).unwrap(), "");
        fs::remove_file(log.previous_path()).unwrap();
        assert_eq!(log.tail(100).unwrap(), "new 1\nnew 2\n");
    }

    #[test]
    fn huge_output_is_cut_not_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let log = RunLog::open(dir.path(), Path::new("a.sh")).unwrap();
        log.append_at(noon(), &"é".repeat(MAX_LINE)).unwrap();
        let text = fs::read_to_string(log.path()).unwrap();
        assert!(text.ends_with(&format!("… [{} more bytes]\n", MAX_LINE)));
        let many = "line\n".repeat(FILE_BYTES as usize);
        log.append_at(noon(), &many).unwrap();
        assert!(fs::metadata(log.path()).unwrap().len() <= FILE_BYTES);
        assert!(
            fs::read_to_string(log.previous_path())
                .unwrap()
                .contains("more bytes")
        );
    }

    #[test]
    fn an_unusable_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "").unwrap();
        let err = RunLog::open(&blocker.join("logs"), Path::new("a.sh")).unwrap_err();
        assert!(err.starts_with("cannot create the log folder"), "{err}");
        // The folder vanishes after opening: appending says so.
        let logs = dir.path().join("logs");
        let log = RunLog::open(&logs, Path::new("a.sh")).unwrap();
        fs::remove_dir(&logs).unwrap();
        fs::write(&logs, "").unwrap();
        let err = log.append("x").unwrap_err();
        assert!(err.starts_with("cannot write the log"), "{err}");
        assert!(RunLog::open(dir.path(), Path::new("/")).is_err());
    }
}
