//! Changing the scripts folder on the user's behalf: creating a script from a
//! template, duplicating, renaming, and deleting (into skit's trash, never
//! unlinking). Nothing here overwrites an existing file.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::config::ScriptLanguage;
use crate::files;

const BASH: &str = include_str!("../../../assets/templates/bash.sh");
const PYTHON: &str = include_str!("../../../assets/templates/python.py");
const NODE: &str = include_str!("../../../assets/templates/node.mjs");

impl ScriptLanguage {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            ScriptLanguage::Bash => "sh",
            ScriptLanguage::Python => "py",
            ScriptLanguage::Node => "mjs",
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            ScriptLanguage::Bash => BASH,
            ScriptLanguage::Python => PYTHON,
            ScriptLanguage::Node => NODE,
        }
    }

    /// Parses `bash`, `python` or `node` (also `sh`, `py`, `js`).
    pub fn parse(name: &str) -> Option<ScriptLanguage> {
        match name.to_ascii_lowercase().as_str() {
            "bash" | "sh" => Some(ScriptLanguage::Bash),
            "python" | "py" | "python3" => Some(ScriptLanguage::Python),
            "node" | "js" | "mjs" | "javascript" => Some(ScriptLanguage::Node),
            _ => None,
        }
    }
}

/// `Open GitHub!` → `open-github`; never empty.
pub(crate) fn kebab_case(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "new-script".into()
    } else {
        out
    }
}

/// `dir/stem.ext`, or `dir/stem-2.ext`, `-3`, ... whichever does not exist yet.
fn free_path(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let name = |n: usize| {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        match extension {
            "" => format!("{stem}{suffix}"),
            ext => format!("{stem}{suffix}.{ext}"),
        }
    };
    let mut n = 1;
    while dir.join(name(n)).exists() {
        n += 1;
    }
    dir.join(name(n))
}

/// A new script, whole or not at all (see [`files::create_atomic`]).
fn write_new_executable(path: &Path, text: &str, mode: u32) -> io::Result<()> {
    files::create_atomic(path, text.as_bytes(), mode)
}

/// Creates a script named `name` in `dir` from the `language` template: the
/// metadata header carries the name, the file is executable. Returns its path.
pub fn create(dir: &Path, name: &str, language: ScriptLanguage) -> io::Result<PathBuf> {
    let name = name.trim();
    let name = if name.is_empty() { "New Script" } else { name };
    let path = free_path(dir, &kebab_case(name), language.extension());
    let text = language.template().replace("{{name}}", &one_line(name));
    write_new_executable(&path, &text, 0o755)?;
    Ok(path)
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Replaces the value of the first `Name:` line of the header, if there is one.
fn rename_header(text: &str, new_name: &str) -> Option<String> {
    let mut done = false;
    let mut out = String::with_capacity(text.len() + new_name.len());
    for line in text.split_inclusive('\n') {
        if !done {
            let trimmed = line.trim_start();
            let body = ["//", "--", "#"]
                .iter()
                .find_map(|p| trimmed.strip_prefix(p));
            if let Some(body) = body
                && let Some((key, _)) = body.split_once(':')
                && key.trim().eq_ignore_ascii_case("name")
                && !trimmed.starts_with("#!")
            {
                let prefix_len = line.len() - body.len() + key.len() + 1;
                let ending = if line.ends_with("\r\n") {
                    "\r\n"
                } else if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                out.push_str(&line[..prefix_len]);
                out.push(' ');
                out.push_str(&one_line(new_name));
                out.push_str(ending);
                done = true;
                continue;
            }
        }
        out.push_str(line);
    }
    done.then_some(out)
}

fn split_name(path: &Path) -> (String, String) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (stem, ext)
}

/// Copies `script` next to itself as “Name (copy)”. Returns the new path.
pub fn duplicate(script: &Path, name: &str) -> io::Result<PathBuf> {
    let dir = script.parent().unwrap_or(Path::new("."));
    let (stem, ext) = split_name(script);
    let path = free_path(dir, &format!("{stem}-copy"), &ext);
    let text = fs::read_to_string(script)?;
    let text = rename_header(&text, &format!("{name} (copy)")).unwrap_or(text);
    let mode = fs::metadata(script)?.permissions().mode();
    write_new_executable(&path, &text, mode & 0o7777)?;
    Ok(path)
}

/// Renames `script` to `new_name`: the file becomes `new-name.ext` in the same
/// folder and its `Name:` header (if any) says the new name. Fails rather than
/// replace another file. Returns the new path.
pub fn rename(script: &Path, new_name: &str) -> io::Result<PathBuf> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the new name is empty",
        ));
    }
    let dir = script.parent().unwrap_or(Path::new("."));
    let (_, ext) = split_name(script);
    let file = match ext.as_str() {
        "" => kebab_case(new_name),
        ext => format!("{}.{ext}", kebab_case(new_name)),
    };
    let target = dir.join(file);
    let text = fs::read_to_string(script)?;
    if target != script && target.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", target.display()),
        ));
    }
    if let Some(renamed) = rename_header(&text, new_name) {
        // Keeps the script's mode (executable) from the first moment.
        files::write_atomic(script, renamed.as_bytes())?;
    }
    if target != script {
        fs::rename(script, &target)?;
    }
    Ok(target)
}

/// Moves `script` into `trash_dir` (under skit's state folder), keeping it
/// restorable. Returns where it went.
pub fn trash(script: &Path, trash_dir: &Path) -> io::Result<PathBuf> {
    fs::create_dir_all(trash_dir)?;
    let file = script
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = crate::frecency::now_secs();
    let target = free_path(trash_dir, &format!("{stamp}-{file}"), "");
    match fs::rename(script, &target) {
        Ok(()) => Ok(target),
        // Another file system: copy, then remove.
        Err(e) if e.raw_os_error() == Some(libc::EXDEV) => {
            fs::copy(script, &target)?;
            fs::remove_file(script)?;
            Ok(target)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Metadata;

    #[test]
    fn kebab_case_names() {
        assert_eq!(kebab_case("Open GitHub!"), "open-github");
        assert_eq!(kebab_case("  Über   tool  "), "über-tool");
        assert_eq!(kebab_case("***"), "new-script");
        assert_eq!(kebab_case("it's $(touch x)"), "it-s-touch-x");
    }

    #[test]
    fn create_fills_the_header_sets_the_bit_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        for language in [
            ScriptLanguage::Bash,
            ScriptLanguage::Python,
            ScriptLanguage::Node,
        ] {
            let path = create(dir.path(), "Say Hello", language).unwrap();
            assert_eq!(
                path.file_name().unwrap().to_str().unwrap(),
                format!("say-hello.{}", language.extension())
            );
            let text = fs::read_to_string(&path).unwrap();
            assert_eq!(Metadata::parse(&text).name.as_deref(), Some("Say Hello"));
            assert!(text.contains("SKIT_SDK"));
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o111,
                0o111
            );
        }
        let again = create(dir.path(), "Say Hello", ScriptLanguage::Bash).unwrap();
        assert!(again.ends_with("say-hello-2.sh"));
        assert!(
            fs::read_to_string(dir.path().join("say-hello.sh"))
                .unwrap()
                .contains("Say Hello")
        );
    }

    #[test]
    fn duplicate_and_rename_keep_headers_right() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("greet.sh");
        fs::write(
            &original,
            "#!/bin/bash\n# Name: Greet\r\n# Description: d\necho hi\n",
        )
        .unwrap();
        let copy = duplicate(&original, "Greet").unwrap();
        assert!(copy.ends_with("greet-copy.sh"));
        assert_eq!(
            fs::read_to_string(&copy).unwrap(),
            "#!/bin/bash\n# Name: Greet (copy)\r\n# Description: d\necho hi\n"
        );
        let renamed = rename(&copy, "Wave Hello").unwrap();
        assert!(renamed.ends_with("wave-hello.sh"));
        assert!(!copy.exists());
        assert_eq!(
            Metadata::parse(&fs::read_to_string(&renamed).unwrap())
                .name
                .as_deref(),
            Some("Wave Hello")
        );
        // Renaming onto an existing script is refused and changes nothing.
        let err = rename(&renamed, "Greet").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(renamed.exists());
        assert!(
            fs::read_to_string(&original)
                .unwrap()
                .contains("# Name: Greet\r\n")
        );
    }

    #[test]
    fn rename_without_a_header_renames_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.py");
        fs::write(&path, "print(1)\n").unwrap();
        let renamed = rename(&path, "New Thing").unwrap();
        assert!(renamed.ends_with("new-thing.py"));
        assert_eq!(fs::read_to_string(renamed).unwrap(), "print(1)\n");
    }

    #[test]
    fn trash_moves_and_keeps_every_copy() {
        let dir = tempfile::tempdir().unwrap();
        let trash_dir = dir.path().join("trash");
        for _ in 0..2 {
            let path = dir.path().join("gone.sh");
            fs::write(&path, "echo").unwrap();
            let moved = trash(&path, &trash_dir).unwrap();
            assert!(!path.exists());
            assert_eq!(fs::read_to_string(moved).unwrap(), "echo");
        }
        assert_eq!(fs::read_dir(&trash_dir).unwrap().count(), 2);
    }
}
