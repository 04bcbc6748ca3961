//! Embeds the bundled example scripts and the SDK helpers into the binary, so an
//! installed `skit` can set up a new user's folders without its source tree.

use std::fmt::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn main() {
    let mut out = String::new();
    for (constant, dir) in [("EXAMPLES", "scripts/examples"), ("SDK", "scripts/sdk")] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(Path::new(dir), Path::new(dir), &mut files);
        files.sort();
        writeln!(out, "pub const {constant}: &[BundledFile] = &[").unwrap();
        for (relative, absolute, executable) in files {
            writeln!(
                out,
                "    BundledFile {{ path: {relative:?}, contents: include_bytes!({absolute:?}), executable: {executable} }},"
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_files.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String, bool)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let absolute = std::fs::canonicalize(&path)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let executable = entry
                .metadata()
                .map(|m| m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false);
            files.push((relative, absolute, executable));
        }
    }
}
