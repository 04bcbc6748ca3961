//! Build-time work:
//! - embeds the bundled example scripts and the SDK helpers into the binary, so an
//!   installed `skit` can set up a new user's folders without its source tree;
//! - stamps the version with the git commit it is built from (`skit --version`);
//! - writes the man page and the bash, zsh and fish completions from the clap
//!   definitions in `src/cli.rs`, so they never drift from `skit --help`.
//!
//! The generated files are written to `OUT_DIR/share/` and copied to
//! `target/<profile>/share/` (e.g. `target/release/share/man/man1/skit.1`), next to
//! the binary, where `make install` and `cargo deb` (whose convention this is) take
//! them from.

use std::fmt::Write;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use clap_complete::Shell;

// cli.rs is std + clap only. Only the definitions are used here, not the fields.
#[allow(dead_code)]
#[path = "src/cli.rs"]
mod cli;

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    bundle(&out_dir);
    stamp_version();
    println!("cargo:rerun-if-changed=src/cli.rs");
    share(&out_dir);
}

// ---------------------------------------------------------------------------
// Bundled scripts

fn bundle(out_dir: &Path) {
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
    fs::write(out_dir.join("bundled_files.rs"), out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String, bool)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Python's bytecode cache, written when a test imports skit.py in place.
        if path.file_name().is_some_and(|name| name == "__pycache__") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let absolute = fs::canonicalize(&path)
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

// ---------------------------------------------------------------------------
// Version

/// `SKIT_BUILD_VERSION=0.1.0 (abc1234)`, read by `src/cli.rs`; `unknown` in place
/// of the commit when the source is not a git work tree of its own.
fn stamp_version() {
    let commit = git_commit().unwrap_or_else(|| "unknown".to_owned());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    println!("cargo:rustc-env=SKIT_BUILD_VERSION={version} ({commit})");
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8(output.stdout).ok()?.trim().to_owned())
}

fn git_commit() -> Option<String> {
    // Only a repository whose top is this crate: not a source tarball unpacked inside
    // somebody else's repository (nor cargo's own packaging copy under target/).
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let here = std::env::var_os("CARGO_MANIFEST_DIR")?;
    if fs::canonicalize(top).ok()? != fs::canonicalize(here).ok()? {
        return None;
    }
    // Build again when HEAD moves: a commit, checkout or reset writes HEAD's
    // reflog, the branch's ref file or HEAD itself. Watching a path that does not
    // exist would rerun this script on every build, so only existing ones.
    let mut watched = vec![
        "HEAD".to_owned(),
        "logs/HEAD".to_owned(),
        "packed-refs".to_owned(),
    ];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name])
            && Path::new(&path).exists()
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    git(&["rev-parse", "--short=7", "HEAD"])
}

// ---------------------------------------------------------------------------
// Man page and completions

fn share(out_dir: &Path) {
    let files = [
        ("man/man1/skit.1", man_page()),
        ("bash-completion/completions/skit", completion(Shell::Bash)),
        ("zsh/site-functions/_skit", completion(Shell::Zsh)),
        (
            "fish/vendor_completions.d/skit.fish",
            completion(Shell::Fish),
        ),
    ];
    let mut targets = vec![out_dir.join("share")];
    match profile_dir(out_dir) {
        Some(dir) => targets.push(dir.join("share")),
        None => println!(
            "cargo:warning=unexpected OUT_DIR layout ({}): the man page and completions are only in OUT_DIR/share",
            out_dir.display()
        ),
    }
    for share in targets {
        for (relative, bytes) in &files {
            write_if_changed(&share.join(relative), bytes);
        }
    }
}

/// `target/<profile>` from `OUT_DIR` = `target/<profile>/build/skit-<hash>/out`.
fn profile_dir(out_dir: &Path) -> Option<PathBuf> {
    let package = out_dir.parent()?;
    let build = package.parent()?;
    let named = package.file_name()?.to_str()?.starts_with("skit-");
    (named && build.file_name()? == "build").then(|| build.parent().map(Path::to_path_buf))?
}

/// Writes through a temporary file and a rename, and leaves an identical file
/// alone, so a concurrent reader (`make install`) never sees half a file.
fn write_if_changed(path: &Path, bytes: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    let dir = path.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let tmp = dir.join(format!(".{}.tmp", std::process::id()));
    fs::write(&tmp, bytes).unwrap();
    fs::rename(&tmp, path).unwrap();
}

fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cli::Cli::command(), "skit", &mut out);
    out
}

/// One page, `skit(1)`: the top-level synopsis and options from clap, then every
/// command with its own synopsis and options, then what clap does not know.
fn man_page() -> Vec<u8> {
    let command = cli::Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    // The title by hand: the roff crate drops an empty date, shifting the rest.
    let date = git(&["log", "-1", "--format=%cs"]).unwrap_or_default();
    let mut page = format!(
        ".TH SKIT 1 \"{date}\" \"skit {}\" \"User Commands\"\n",
        cli::VERSION
    )
    .into_bytes();
    man.render_name_section(&mut page).unwrap();
    man.render_synopsis_section(&mut page).unwrap();
    page.extend_from_slice(DESCRIPTION.as_bytes());
    man.render_options_section(&mut page).unwrap();

    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("skit {}", sub.get_name());
        let sub = sub.clone().bin_name(name).disable_help_flag(true);
        let sub_man = clap_mangen::Man::new(sub.clone());
        page.extend_from_slice(b".TP\n");
        let mut synopsis = Vec::new();
        sub_man.render_synopsis_section(&mut synopsis).unwrap();
        page.extend(without_headings(&synopsis));
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            page.extend_from_slice(roff_text(&about.to_string()).as_bytes());
        }
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            let mut options = Vec::new();
            sub_man.render_options_section(&mut options).unwrap();
            page.extend_from_slice(b".RS\n");
            page.extend(without_headings(&options));
            page.extend_from_slice(b".RE\n");
        }
    }
    page.extend_from_slice(MORE_SECTIONS.as_bytes());
    page
}

/// A rendered section without its `.SH` line, to nest it under a command.
fn without_headings(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with(".SH")).collect();
    format!("{}\n", kept.join("\n")).into_bytes()
}

/// Plain text as roff body lines: backslashes and hyphens escaped, no line starting
/// with a control character.
fn roff_text(text: &str) -> String {
    let mut out = String::from(".br\n");
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str("\\&");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

const DESCRIPTION: &str = r#".SH DESCRIPTION
Without a command, \fBskit\fR starts the launcher in the background (or, when one is
already running, shows it). \fBCtrl+Alt+Space\fR shows and hides the window; on
Wayland bind a key to \fBskit toggle\fR in your compositor instead.
.PP
Scripts are files in \fI~/.config/skit/scripts\fR, in any language. A script
describes itself in its leading comments (\fBName:\fR, \fBDescription:\fR,
\fBAlias:\fR, \fBShortcut:\fR) and asks questions in the window by printing JSON
lines; it reads the answers on stdin. The SDKs for bash, Python and Node are in
\fI~/.config/skit/sdk\fR (\fB$SKIT_SDK\fR in a script).
.PP
Scripts may also start by themselves while skit runs: \fBKeyword: gh\fR (typing
"gh text" runs it with "text" as its argument), \fBSchedule:\fR (a crontab pattern
or \fB@daily\fR), \fBWatch:\fR (globs of files; the file and \fBadd\fR,
\fBchange\fR or \fBremove\fR are its arguments) and \fBBackground: true\fR
(kept running). \fB$SKIT_TRIGGER\fR tells a script what started it.
"#;

const MORE_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBSKIT_SCRIPTS_DIR\fR
The scripts folder, as \fB\-\-scripts\-dir\fR.
.TP
\fBSKIT_LOG\fR
What to log to stderr, e.g. \fBinfo\fR or \fBskit=debug\fR (default \fBwarn\fR).
.TP
\fBSKIT_WAYLAND\fR
Set, skit runs as a Wayland client even when \fBDISPLAY\fR is set (global hotkeys
then do not work; bind \fBskit toggle\fR in the compositor).
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_STATE_HOME\fR, \fBXDG_RUNTIME_DIR\fR
Where the files below live.
.SH FILES
.TP
\fI~/.config/skit/config.json\fR
Settings: JSON with comments; edits apply while skit runs.
.TP
\fI~/.config/skit/scripts/\fR
Your scripts (created with the bundled examples on first use).
.TP
\fI~/.config/skit/themes/\fR
Colour overrides for the built-in light and dark themes.
.TP
\fI~/.local/state/skit/\fR
Ranking history (\fBfrecency.json\fR), deleted scripts (\fBtrash/\fR) and the logs
of scheduled, watched and background runs (\fBlogs/\fR).
.TP
\fI$XDG_RUNTIME_DIR/skit.sock\fR
The control socket the client commands talk to.
.TP
\fI~/.config/autostart/skit.desktop\fR, \fI~/.config/systemd/user/skit.service\fR
Written by \fBskit install\-autostart\fR and \fBskit install\-service\fR.
.SH EXIT STATUS
0 on success; 1 when a command fails (the reason is printed on stderr); 2 for a
usage error. \fBskit run \-\-headless\fR exits with the script's status.
"#;
