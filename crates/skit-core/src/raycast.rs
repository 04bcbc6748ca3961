//! Raycast script commands, run as they are (`docs/raycast.md`).
//!
//! A script whose comment lines carry `@raycast.schemaVersion 1` (or
//! `@vicinae.schemaVersion 1`) describes itself with `@raycast.*` headers:
//!
//! ```text
//! #!/bin/bash
//! # @raycast.schemaVersion 1
//! # @raycast.title Search Docs
//! # @raycast.mode compact
//! # @raycast.packageName Developer Utils
//! # @raycast.icon 📚
//! # @raycast.argument1 { "type": "text", "placeholder": "Query", "percentEncoded": true }
//! # @raycast.needsConfirmation false
//! ```
//!
//! What this module does with them:
//! - [`parse`]: the headers, from any comment line (`#`, `//`, `--`) of the file's
//!   head;
//! - the runner ([`crate::run`]) starts such a script in its `currentDirectoryPath`
//!   with the shims folder ([`shims_dir`]: `open`, `pbcopy`, `pbpaste`) first on
//!   `PATH`, and, when it has arguments to ask or a confirmation, through
//!   [`exec_main`] ([`EXEC_COMMAND`]): skit itself, asking with ordinary protocol
//!   prompts (one `fields` form for the arguments, an `arg` to confirm) on the
//!   same pipes, then `exec`ing the script with the answers as its argv. The
//!   window, the headless host and triggered runs all get this for free, and the
//!   process (and its group) stays the same, so Escape stops it as any run;
//! - the app reads [`Raycast::mode`] to decide how the run is shown.

pub mod ansi;
pub mod icons;
pub mod inline;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

/// The hidden first argument of `skit` that runs [`exec_main`].
pub const EXEC_COMMAND: &str = "__raycast-exec";
/// The shortest refresh of an inline script, whatever it asks.
pub const MIN_REFRESH: Duration = Duration::from_secs(10);
/// How many inline scripts are refreshed at most.
pub const MAX_INLINE: usize = 10;
/// The id of the arguments form and of the confirmation prompt.
const ARGUMENTS_ID: &str = "raycast-arguments";
const CONFIRM_ID: &str = "raycast-confirm";

/// How a script command's run is shown (`@raycast.mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The output, as it streams, ANSI colours rendered; it stays until Escape.
    #[default]
    FullOutput,
    /// The last line of output as a notice.
    Compact,
    /// The window hides at once; the last line is a notice (a desktop one, as
    /// the window is hidden).
    Silent,
    /// The first line of output is the row's subtitle, refreshed while the
    /// launcher is visible.
    Inline,
}

impl Mode {
    fn parse(value: &str) -> Mode {
        match value.to_ascii_lowercase().as_str() {
            "compact" => Mode::Compact,
            "silent" => Mode::Silent,
            "inline" => Mode::Inline,
            _ => Mode::FullOutput,
        }
    }
}

/// What an argument asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgumentKind {
    Text,
    /// Masked, and never shown in `skit state`, logs or the headless output.
    Password,
    /// One of these `(title, value)`.
    Dropdown(Vec<(String, String)>),
}

/// One of `@raycast.argument1`…`argument3`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argument {
    /// 1, 2 or 3: its place in argv.
    pub position: usize,
    pub kind: ArgumentKind,
    pub placeholder: Option<String>,
    /// The user may leave it empty; the script then gets "".
    pub optional: bool,
    /// The value is percent-encoded (as JavaScript's `encodeURIComponent`).
    pub percent_encoded: bool,
}

/// What a script command says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Raycast {
    pub title: Option<String>,
    pub description: Option<String>,
    pub package_name: Option<String>,
    /// An emoji, a path relative to the script, or a URL, as written.
    pub icon: Option<String>,
    pub icon_dark: Option<String>,
    pub author: Option<String>,
    pub author_url: Option<String>,
    pub mode: Mode,
    /// `refreshTime` of an inline script, at least [`MIN_REFRESH`].
    pub refresh: Option<Duration>,
    /// In position order; a header that cannot be read is left out (and
    /// reported in `problems`).
    pub arguments: Vec<Argument>,
    pub needs_confirmation: bool,
    /// `currentDirectoryPath`, as written (`~` not expanded yet).
    pub current_directory: Option<String>,
    /// Headers that could not be used, each with why.
    pub problems: Vec<String>,
}

impl Raycast {
    /// Whether the run needs skit's prelude: arguments to ask (unless `args`
    /// already gives them) or a confirmation.
    pub fn asks(&self, has_args: bool) -> bool {
        self.needs_confirmation || (!self.arguments.is_empty() && !has_args)
    }

    /// The folder the script runs in: `currentDirectoryPath` with `~` expanded,
    /// relative to the script's folder when relative; the script's folder by
    /// default.
    pub fn working_dir(&self, script: &Path) -> Option<PathBuf> {
        let folder = script.parent().map(Path::to_path_buf);
        let Some(dir) = self.current_directory.as_deref().filter(|d| !d.is_empty()) else {
            return folder;
        };
        let expanded = expand_tilde(dir);
        if expanded.is_absolute() {
            Some(expanded)
        } else {
            folder.map(|f| f.join(expanded))
        }
    }

    /// The icon to show: an emoji (`Icon::Text`) or an image file; a URL once
    /// `fetched` says its cached file is there ([`icons`]), `None` until then
    /// (asked of the caller, who knows, so that drawing a row never asks the
    /// disk).
    pub fn icon_for(
        &self,
        script: &Path,
        dark: bool,
        fetched: impl Fn(&Path) -> bool,
    ) -> Option<Icon> {
        let icon = match (dark, &self.icon_dark) {
            (true, Some(dark)) => dark,
            _ => self.icon.as_ref()?,
        };
        let icon = icon.trim();
        if icons::is_remote(icon) {
            return icons::cached_file(icon)
                .filter(|file| fetched(file))
                .map(Icon::Image);
        }
        if icon.is_empty() || icon.contains("://") {
            return None;
        }
        let looks_like_file = icon.contains('/')
            || [".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp"]
                .iter()
                .any(|ext| icon.to_ascii_lowercase().ends_with(ext));
        if looks_like_file {
            let path = expand_tilde(icon);
            let path = if path.is_absolute() {
                path
            } else {
                script.parent()?.join(path)
            };
            return Some(Icon::Image(path));
        }
        Some(Icon::Text(icon.to_string()))
    }

    /// The icons given as URLs that are not fetched yet, with where each goes.
    pub fn icons_to_fetch(&self) -> Vec<(String, PathBuf)> {
        [&self.icon, &self.icon_dark]
            .into_iter()
            .flatten()
            .filter(|icon| icons::is_remote(icon))
            .filter_map(|url| Some((url.trim().to_string(), icons::cached_file(url)?)))
            .filter(|(_, file)| !file.exists())
            .collect()
    }

    /// The prompt that asks the arguments: one form, a field per argument in
    /// position order.
    pub fn arguments_prompt(&self) -> Value {
        let fields: Vec<Value> = self
            .arguments
            .iter()
            .map(|argument| {
                let name = format!("argument{}", argument.position);
                let label = argument
                    .placeholder
                    .clone()
                    .unwrap_or_else(|| format!("Argument {}", argument.position));
                let mut field = json!({
                    "name": name,
                    "label": label,
                    "required": !argument.optional,
                });
                if let Some(placeholder) = &argument.placeholder {
                    field["placeholder"] = json!(placeholder);
                }
                match &argument.kind {
                    ArgumentKind::Text => {}
                    ArgumentKind::Password => field["type"] = json!("password"),
                    ArgumentKind::Dropdown(options) => {
                        field["type"] = json!("select");
                        field["options"] = options
                            .iter()
                            .map(|(title, value)| json!({"name": title, "value": value}))
                            .collect();
                    }
                }
                field
            })
            .collect();
        json!({"type": "fields", "id": ARGUMENTS_ID, "fields": fields})
    }

    /// argv from the form's answer: each argument in its position (missing
    /// positions and optional ones left empty are ""), percent-encoded when
    /// asked.
    pub fn argv(&self, answer: &Value) -> Vec<String> {
        let last = self.arguments.iter().map(|a| a.position).max().unwrap_or(0);
        let mut argv = vec![String::new(); last];
        for argument in &self.arguments {
            let value = match answer.get(format!("argument{}", argument.position)) {
                Some(Value::String(text)) => text.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            argv[argument.position - 1] = if argument.percent_encoded {
                percent_encode(&value)
            } else {
                value
            };
        }
        argv
    }

    fn confirm_prompt(&self, script: &Path) -> Value {
        let title = self.title.clone().unwrap_or_else(|| {
            script
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        json!({
            "type": "arg",
            "id": CONFIRM_ID,
            "placeholder": format!("Run “{title}”?"),
            "choices": [
                {"name": "Run", "value": true, "description": format!("Run “{title}”")},
                {"name": "Cancel", "value": false},
            ],
            "strict": true,
        })
    }
}

/// A script command's icon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Icon {
    /// An emoji or other short text.
    Text(String),
    /// An image file.
    Image(PathBuf),
}

/// Reads the `@raycast.*` (or `@vicinae.*`) headers of a script's text. `None`
/// when it is not a script command (no `schemaVersion` header).
pub fn parse(text: &str) -> Option<Raycast> {
    let mut raycast = Raycast::default();
    let mut schema = false;
    for line in text.lines() {
        let line = line.trim();
        let Some(comment) = ["//", "--", "#"]
            .iter()
            .find_map(|prefix| line.strip_prefix(prefix))
        else {
            continue;
        };
        let comment = comment.trim_start();
        let Some(header) = comment
            .strip_prefix("@raycast.")
            .or_else(|| comment.strip_prefix("@vicinae."))
        else {
            continue;
        };
        let (key, value) = match header.split_once(char::is_whitespace) {
            Some((key, value)) => (key, value.trim()),
            None => (header, ""),
        };
        let text = || (!value.is_empty()).then(|| value.to_string());
        match key {
            "schemaVersion" => schema = true,
            "title" => raycast.title = raycast.title.take().or_else(text),
            "description" => raycast.description = raycast.description.take().or_else(text),
            "packageName" => raycast.package_name = raycast.package_name.take().or_else(text),
            "icon" => raycast.icon = raycast.icon.take().or_else(text),
            "iconDark" => raycast.icon_dark = raycast.icon_dark.take().or_else(text),
            "author" => raycast.author = raycast.author.take().or_else(text),
            "authorURL" => raycast.author_url = raycast.author_url.take().or_else(text),
            "mode" => raycast.mode = Mode::parse(value),
            "refreshTime" => match parse_refresh(value) {
                Some(refresh) => raycast.refresh = Some(refresh.max(MIN_REFRESH)),
                None => raycast.problems.push(format!(
                    "refreshTime {value:?}: expected e.g. 10s, 5m, 1h or 1d"
                )),
            },
            "needsConfirmation" => raycast.needs_confirmation = value == "true",
            "currentDirectoryPath" => {
                raycast.current_directory = raycast.current_directory.take().or_else(text)
            }
            "argument1" | "argument2" | "argument3" => {
                let position = usize::from(key.as_bytes()[8] - b'0');
                match parse_argument(position, value) {
                    Ok(argument) => {
                        if !raycast.arguments.iter().any(|a| a.position == position) {
                            raycast.arguments.push(argument);
                        }
                    }
                    Err(why) => raycast.problems.push(format!("{key}: {why}")),
                }
            }
            _ => {}
        }
    }
    raycast.arguments.sort_by_key(|a| a.position);
    schema.then_some(raycast)
}

fn parse_argument(position: usize, value: &str) -> Result<Argument, String> {
    let json: Value = serde_json::from_str(value).map_err(|e| format!("not JSON ({e})"))?;
    let object = json.as_object().ok_or("not a JSON object")?;
    let string = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
    let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let kind = match string("type").as_deref().unwrap_or("text") {
        "text" => ArgumentKind::Text,
        "password" => ArgumentKind::Password,
        "dropdown" => {
            let data = object
                .get("data")
                .and_then(Value::as_array)
                .ok_or("a dropdown needs \"data\": [{\"title\", \"value\"}]")?;
            let options = data
                .iter()
                .filter_map(|item| {
                    let value = item.get("value").and_then(Value::as_str)?;
                    let title = item.get("title").and_then(Value::as_str).unwrap_or(value);
                    Some((title.to_string(), value.to_string()))
                })
                .collect::<Vec<_>>();
            if options.is_empty() {
                return Err("a dropdown without options".into());
            }
            ArgumentKind::Dropdown(options)
        }
        other => return Err(format!("unknown type {other:?}")),
    };
    Ok(Argument {
        position,
        kind,
        placeholder: string("placeholder"),
        optional: flag("optional"),
        percent_encoded: flag("percentEncoded"),
    })
}

/// `10s`, `5m`, `1h`, `1d` (a bare number is seconds).
fn parse_refresh(value: &str) -> Option<Duration> {
    let value = value.trim();
    let (number, unit) = match value.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => value.split_at(at),
        None => (value, "s"),
    };
    let number: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(number.checked_mul(seconds)?))
}

/// As JavaScript's `encodeURIComponent`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn expand_tilde(path: &str) -> PathBuf {
    let home = || dirs::home_dir().unwrap_or_else(|| PathBuf::from("/"));
    if path == "~" {
        home()
    } else if let Some(rest) = path.strip_prefix("~/") {
        home().join(rest)
    } else {
        PathBuf::from(path)
    }
}

/// Whether a file name is a template (`script-command.template.sh`): not listed.
pub fn is_template(file_name: &str) -> bool {
    file_name.contains(".template.")
}

/// The folder of shims put first on `PATH` for script commands, made sure to be
/// executable (the SDK is installed without modes).
pub(crate) fn shims_dir(sdk_dir: &Path) -> PathBuf {
    let dir = sdk_dir.join("raycast").join("bin");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if let Ok(meta) = std::fs::metadata(&path)
                && meta.is_file()
                && meta.permissions().mode() & 0o111 == 0
            {
                let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    dir
}

/// `PATH` for a script command: the shims first, then `path`.
pub(crate) fn path_with_shims(shims: &Path, path: Option<&std::ffi::OsStr>) -> std::ffi::OsString {
    let mut out = shims.as_os_str().to_os_string();
    out.push(":");
    match path.filter(|p| !p.is_empty()) {
        Some(path) => out.push(path),
        None => out.push("/usr/local/bin:/usr/bin:/bin"),
    }
    out
}

/// `skit __raycast-exec PROGRAM ARGS...`, started by the runner in place of a
/// script command that asks something (`SKIT_SCRIPT` names it): asks its
/// arguments with a `fields` prompt and its confirmation with an `arg` prompt on
/// stdout, reads the answers from stdin, then replaces itself with `PROGRAM
/// ARGS... ANSWERS...`. Returns only on failure (or when the user declined or
/// left), with the exit code.
pub fn exec_main(args: &[String]) -> u8 {
    let Some((program, program_args)) = args.split_first() else {
        eprintln!("skit {EXEC_COMMAND}: PROGRAM [ARGS...] expected");
        return 2;
    };
    let Some(script) = std::env::var_os("SKIT_SCRIPT").map(PathBuf::from) else {
        eprintln!("skit {EXEC_COMMAND}: SKIT_SCRIPT is not set");
        return 2;
    };
    let mut head = Vec::new();
    if let Err(e) =
        std::fs::File::open(&script).and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
    {
        eprintln!("{}: cannot read the script: {e}", script.display());
        return 126;
    }
    let raycast = parse(&String::from_utf8_lossy(&head)).unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    let mut answers = Vec::new();
    // Arguments given on the command line (`skit run NAME -- ARGS`) are not asked.
    if !raycast.arguments.is_empty() && std::env::var_os(ARGS_GIVEN).is_none() {
        let Some(answer) = ask(&mut stdout, &raycast.arguments_prompt(), ARGUMENTS_ID) else {
            return 0;
        };
        answers = raycast.argv(&answer);
    }
    if raycast.needs_confirmation {
        match ask(&mut stdout, &raycast.confirm_prompt(&script), CONFIRM_ID) {
            Some(Value::Bool(true)) => {}
            _ => return 0,
        }
    }
    drop(stdout);
    let error = std::process::Command::new(program)
        .args(program_args)
        .args(&answers)
        .env_remove(ARGS_GIVEN)
        .exec();
    eprintln!("{}: cannot start: {error}", script.display());
    if error.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    }
}

/// Set by the runner when the invocation brought its own arguments.
pub(crate) const ARGS_GIVEN: &str = "SKIT_RAYCAST_ARGS_GIVEN";

/// Sends `prompt` and waits for the answer to `id`. `None` when stdin ends.
fn ask(stdout: &mut impl Write, prompt: &Value, id: &str) -> Option<Value> {
    writeln!(stdout, "{prompt}").ok()?;
    stdout.flush().ok()?;
    loop {
        let line = read_line()?;
        let Ok(reply) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if reply.get("type").and_then(Value::as_str) == Some("submit")
            && reply.get("id").and_then(Value::as_str) == Some(id)
        {
            return Some(reply.get("value").cloned().unwrap_or(Value::Null));
        }
    }
}

/// One line of stdin, read a byte at a time: nothing after it may be taken from
/// the script, which gets the same stdin.
fn read_line() -> Option<String> {
    let mut stdin = std::io::stdin().lock();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match stdin.read(&mut byte) {
            Ok(0) => return (!line.is_empty()).then(|| String::from_utf8_lossy(&line).into()),
            Ok(_) if byte[0] == b'\n' => return Some(String::from_utf8_lossy(&line).into()),
            Ok(_) => line.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"#!/bin/bash

# Required parameters:
# @raycast.schemaVersion 1
# @raycast.title Search Notes
# @raycast.mode compact

# Optional parameters:
# @raycast.icon 🔎
# @raycast.packageName Notes
# @raycast.argument1 { "type": "text", "placeholder": "Query", "percentEncoded": true }
# @raycast.argument3 { "type": "dropdown", "placeholder": "Where", "data": [{"title": "Work", "value": "w"}, {"title": "Home", "value": "h"}] }
# @raycast.argument2 { "type": "password", "placeholder": "Secret", "optional": true }
# @raycast.needsConfirmation true
# @raycast.currentDirectoryPath ~/notes
# @raycast.author Ann
# @raycast.authorURL https://example.com/ann

echo "$1"
"#;

    #[test]
    fn reads_the_headers() {
        let raycast = parse(SCRIPT).unwrap();
        assert_eq!(raycast.title.as_deref(), Some("Search Notes"));
        assert_eq!(raycast.mode, Mode::Compact);
        assert_eq!(raycast.package_name.as_deref(), Some("Notes"));
        assert_eq!(raycast.author.as_deref(), Some("Ann"));
        assert_eq!(
            raycast.author_url.as_deref(),
            Some("https://example.com/ann")
        );
        assert!(raycast.needs_confirmation);
        let positions: Vec<_> = raycast.arguments.iter().map(|a| a.position).collect();
        assert_eq!(positions, [1, 2, 3]);
        assert_eq!(raycast.arguments[1].kind, ArgumentKind::Password);
        assert!(raycast.arguments[1].optional);
        assert!(raycast.arguments[0].percent_encoded);
        assert_eq!(
            raycast.arguments[2].kind,
            ArgumentKind::Dropdown(vec![
                ("Work".into(), "w".into()),
                ("Home".into(), "h".into())
            ])
        );
        assert!(raycast.problems.is_empty(), "{:?}", raycast.problems);
        assert_eq!(
            raycast.icon_for(Path::new("/s/x.sh"), false, |_| true),
            Some(Icon::Text("🔎".into()))
        );
    }

    #[test]
    fn not_a_script_command_without_the_schema() {
        assert_eq!(parse("# @raycast.title Nope\necho\n"), None);
        assert!(parse("// @vicinae.schemaVersion 1\n// @vicinae.title Js\n").is_some());
    }

    #[test]
    fn argv_in_positions_with_empty_optionals_and_encoding() {
        let raycast = parse(SCRIPT).unwrap();
        let argv = raycast.argv(&json!({"argument1": "a b&c", "argument2": "", "argument3": "h"}));
        assert_eq!(argv, ["a%20b%26c", "", "h"]);
        let form = raycast.arguments_prompt();
        assert_eq!(form["fields"][1]["type"], "password");
        assert_eq!(form["fields"][1]["required"], false);
        assert_eq!(
            form["fields"][2]["options"][0],
            json!({"name": "Work", "value": "w"})
        );
    }

    #[test]
    fn refresh_times() {
        assert_eq!(parse_refresh("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_refresh("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_refresh("x"), None);
        let raycast = parse(
            "# @raycast.schemaVersion 1\n# @raycast.mode inline\n# @raycast.refreshTime 1s\n",
        )
        .unwrap();
        assert_eq!(raycast.mode, Mode::Inline);
        assert_eq!(raycast.refresh, Some(MIN_REFRESH));
    }

    #[test]
    fn working_dir_and_icons() {
        let raycast = parse(SCRIPT).unwrap();
        let home = dirs::home_dir().unwrap();
        assert_eq!(
            raycast.working_dir(Path::new("/s/x.sh")),
            Some(home.join("notes"))
        );
        let plain = Raycast::default();
        assert_eq!(
            plain.working_dir(Path::new("/s/x.sh")),
            Some(PathBuf::from("/s"))
        );
        let icons = parse("# @raycast.schemaVersion 1\n# @raycast.icon images/a.png\n# @raycast.iconDark https://x/y.png\n").unwrap();
        assert_eq!(
            icons.icon_for(Path::new("/s/x.sh"), false, |_| false),
            Some(Icon::Image(PathBuf::from("/s/images/a.png")))
        );
        // A URL's icon shows once its file is fetched.
        assert_eq!(icons.icon_for(Path::new("/s/x.sh"), true, |_| false), None);
        assert!(matches!(
            icons.icon_for(Path::new("/s/x.sh"), true, |_| true),
            Some(Icon::Image(_))
        ));
        assert!(is_template("script-command.template.sh"));
        assert!(!is_template("templates.sh"));
    }
}
