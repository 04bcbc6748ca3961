//! The `skit` command: starts the launcher, or runs one of the client commands.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::json;

use skit::catalog::Catalog;
use skit::config::Config;
use skit::frecency::{self, Frecency};
use skit::launch::Interpreters;
use skit::paths::Paths;
use skit::run::{Invocation, RunContext, Trigger};
use skit::script_list::ScriptList;
use skit::search::Ranker;
use skit::sources::control::{self, Bound};
use skit::{app, bundled, headless};

mod cli;
use cli::{Cli, Command};

fn main() -> ExitCode {
    skit::app::timing::process_started();
    // rofi's one-dash flags are not clap's: `skit dmenu ...` and a symlink named
    // `dmenu` are read by the dmenu module itself.
    let args: Vec<String> = std::env::args().collect();
    if let Some(argv0) = args.first()
        && skit::dmenu::invoked_as_dmenu(std::ffi::OsStr::new(argv0), &args[1..])
    {
        init_logging();
        return dmenu(&Paths::from_env(None), &args[1..]);
    }
    // A Raycast script command that asks its arguments first (`skit::raycast`).
    if args.get(1).map(String::as_str) == Some(skit::raycast::EXEC_COMMAND) {
        return ExitCode::from(skit::raycast::exec_main(&args[2..]));
    }
    if args.get(1).map(String::as_str) == Some("dmenu") {
        init_logging();
        return dmenu(&Paths::from_env(None), &args[2..]);
    }
    let cli = Cli::parse();
    init_logging();
    let paths = Paths::from_env(cli.scripts_dir);
    match cli.command {
        None => start_launcher(paths, cli.show, cli.stdin_commands),
        Some(Command::List { query, json }) => list(&paths, query.as_deref(), json),
        Some(Command::Run {
            script,
            headless: true,
            args,
        }) => run_headless(&paths, &script, args),
        Some(Command::Run {
            script,
            headless: false,
            args,
        }) => {
            let path = PathBuf::from(&script);
            let command = if path.is_file() {
                control::Command::Run {
                    name: None,
                    path: Some(std::path::absolute(&path).unwrap_or(path)),
                    args,
                }
            } else {
                control::Command::Run {
                    name: Some(script),
                    path: None,
                    args,
                }
            };
            client(&paths, command)
        }
        Some(Command::Toggle) => client(&paths, control::Command::Toggle),
        Some(Command::Show) => client(&paths, control::Command::Show),
        Some(Command::Hide) => client(&paths, control::Command::Hide),
        Some(Command::Quit) => client(&paths, control::Command::Quit),
        Some(Command::State) => client(&paths, control::Command::State),
        Some(Command::Dmenu { args }) => dmenu(&paths, &args),
        Some(Command::InstallAutostart) => install_autostart(&paths),
        Some(Command::InstallService) => install_service(&paths),
        Some(Command::InstallKeybinding { dry_run }) => install_keybinding(&paths, dry_run),
        Some(Command::Doctor) => doctor(&paths),
        Some(Command::New {
            name,
            lang,
            no_edit,
        }) => new_script(&paths, &name, lang.as_deref(), !no_edit),
    }
}

/// Starts the launcher, or, when one is already running, asks it to show itself.
fn start_launcher(paths: Paths, show: bool, stdin_commands: bool) -> ExitCode {
    // A launcher already answering only needs showing: no supervisor for that.
    let running = control::send(&paths.socket, &control::Command::State).is_ok();
    if !running && let Some(code) = skit::crash::supervise(&paths) {
        return code;
    }
    skit::crash::take_supervisor_env();
    skit::crash::install_hook(&paths, cli::VERSION);
    if let Err(e) = choose_backend(&paths) {
        eprintln!("skit: {e}");
        return ExitCode::FAILURE;
    }
    match control::bind(&paths.socket) {
        Ok(Bound::AlreadyRunning) => {
            eprintln!("skit: already running; showing it");
            client(&paths, control::Command::Show)
        }
        Ok(Bound::Listening(socket)) => {
            let options = app::Options {
                paths,
                show,
                stdin_commands,
            };
            app::run(options, socket);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "skit: cannot create the control socket {}: {e}",
                paths.socket.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Picks the window's backend (see `desktop_session`): X11 unless the native
/// Wayland window is asked for. gpui reads the display variables when it starts,
/// so skit hides `WAYLAND_DISPLAY` from itself for X11; `child_env` gives every
/// program skit starts the environment as it was.
fn choose_backend(paths: &Paths) -> Result<(), String> {
    use skit::desktop_session::{Backend, DesktopSession};
    skit::child_env::remember();
    let session = DesktopSession::from_env();
    let wanted = Backend::from_env_override(std::env::var("SKIT_WAYLAND").ok().as_deref())
        .or(Config::load_or_default(&paths.config_file()).backend);
    let backend = Backend::choose(&session, wanted)?;
    backend.apply_to_own_environment();
    Ok(())
}

fn new_script(paths: &Paths, name: &str, lang: Option<&str>, edit: bool) -> ExitCode {
    let config = Config::load_or_default(&paths.config_file());
    let language = match lang {
        None => config.new_script_language,
        Some(lang) => match skit::config::ScriptLanguage::parse(lang) {
            Some(language) => language,
            None => {
                eprintln!("skit: unknown language {lang:?}; use bash, python or node");
                return ExitCode::from(2);
            }
        },
    };
    if let Err(e) = bundled::install_examples_if_missing(&paths.scripts_dir) {
        eprintln!("skit: cannot create {}: {e}", paths.scripts_dir.display());
        return ExitCode::FAILURE;
    }
    match skit::script_files::create(&paths.scripts_dir, name, language) {
        Ok(path) => {
            println!("{}", path.display());
            if edit && let Err(e) = skit::editor::open(&path, config.editor.as_ref()) {
                eprintln!("skit: {e}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skit: cannot create the script: {e}");
            ExitCode::FAILURE
        }
    }
}

fn install_autostart(paths: &Paths) -> ExitCode {
    let config_home = paths.config_dir.parent().unwrap_or(&paths.config_dir);
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("skit"));
    match skit::autostart::install(config_home, &exe) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skit: cannot write the autostart entry: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the systemd user unit and enables it. When systemd's user manager cannot
/// be reached, skit would not start at login: it says what to do and exits 1, so
/// `skit install-service || skit install-autostart` falls back.
fn install_keybinding(paths: &Paths, dry_run: bool) -> ExitCode {
    let config = Config::load_or_default(&paths.config_file());
    match skit::keybinding::install(config.hotkey(), dry_run) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skit: {e}");
            ExitCode::FAILURE
        }
    }
}

fn doctor(paths: &Paths) -> ExitCode {
    let state = control::send(&paths.socket, &control::Command::State)
        .ok()
        .and_then(|reply| reply.state);
    print!("{}", skit::doctor::run(paths, state.as_deref()));
    ExitCode::SUCCESS
}

fn install_service(paths: &Paths) -> ExitCode {
    use skit::service;
    let config_home = paths.config_dir.parent().unwrap_or(&paths.config_dir);
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("skit"));
    let written = match service::write(config_home, &exe) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("skit: cannot write the systemd unit: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", written.path.display());
    if let Some(kept) = &written.kept {
        eprintln!("skit: the previous unit is kept as {}", kept.display());
    }
    // A launcher already running (started by hand): enable for the next login
    // rather than start a second one, which would only show the first.
    let running = control::send(&paths.socket, &control::Command::State).is_ok();
    let enable: &[&str] = if running {
        &["enable", service::UNIT]
    } else {
        &["enable", "--now", service::UNIT]
    };
    match service::systemctl(&["daemon-reload"]).and_then(|_| service::systemctl(enable)) {
        Ok(_) => {
            if running {
                eprintln!("skit: enabled; the service starts skit from your next login");
            } else {
                eprintln!("skit: enabled and started (`systemctl --user status skit` shows it)");
            }
            if service::systemctl(&["is-active", "graphical-session.target"]).is_err() {
                eprintln!(
                    "skit: graphical-session.target is not active: this desktop may not start \
                     user services with the session; if skit does not start at login, use \
                     `skit install-autostart` instead"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skit: {e}");
            eprintln!(
                "skit: the unit is written but not enabled. In a systemd session run \
                 `systemctl --user daemon-reload && systemctl --user enable --now skit`; \
                 without systemd, start skit at login with `skit install-autostart`"
            );
            ExitCode::FAILURE
        }
    }
}

/// Sends a command to the running launcher and prints its reply.
fn client(paths: &Paths, command: control::Command) -> ExitCode {
    let token = activation_token();
    match control::send_with_token(&paths.socket, &command, token.as_deref()) {
        Ok(reply) => {
            let reply = match reply.into_result() {
                Ok(reply) => reply,
                Err(e) => {
                    eprintln!("skit: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if let Some(state) = reply.state {
                use std::io::Write;
                let line = serde_json::to_string(&state).expect("the state serializes");
                // A closed pipe (`skit state | head`) is not an error worth a panic.
                let _ = writeln!(std::io::stdout(), "{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skit: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The activation token this process was started with. GNOME and KDE give one to
/// the command of a custom shortcut (`XDG_ACTIVATION_TOKEN`, or `DESKTOP_STARTUP_ID`
/// by its X11 name); the running skit needs it for its window to take the focus.
fn activation_token() -> Option<String> {
    ["XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|token| !token.is_empty())
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SKIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    use std::io::IsTerminal;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    // The last events (never their messages) go into a crash report.
    tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(skit::crash::RecentEvents)
        .init();
}

/// The catalog, installing the examples first when the scripts folder is new.
fn load_catalog(paths: &Paths, interpreters: &Interpreters) -> Catalog {
    if let Err(e) = bundled::install_examples_if_missing(&paths.scripts_dir) {
        tracing::error!(
            "cannot create the scripts folder {}: {e}",
            paths.scripts_dir.display()
        );
    }
    Catalog::load(&paths.scripts_dir, interpreters)
}

fn list(paths: &Paths, query: Option<&str>, as_json: bool) -> ExitCode {
    let config = Config::load_or_default(&paths.config_file());
    let catalog = load_catalog(paths, &Interpreters::from_config(&config));
    let list = ScriptList::new(catalog.scripts);
    let frecency = Frecency::load(&paths.frecency_file());
    let query = query.unwrap_or("");
    let mut ranker = Ranker::default();
    let ranked = list.rank(&mut ranker, query, &frecency, frecency::now_secs());
    let seconds_hook = skit::triggers::seconds_hook_from_env();
    if as_json {
        let rows: Vec<_> = ranked
            .iter()
            .map(|r| {
                let s = &list.scripts[r.index];
                let next_run = skit::triggers::next_run(s, seconds_hook);
                json!({
                    "name": s.name,
                    "description": s.description(),
                    "path": s.path,
                    "group": s.group,
                    "shortcut": s.shortcut(),
                    "alias": s.alias(),
                    "keyword": s.keyword(),
                    "nextRun": next_run.map(|t| t.to_rfc3339()),
                    "positions": ranker.name_positions(&s.name, query),
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        for r in &ranked {
            let s = &list.scripts[r.index];
            let group = s
                .group
                .as_deref()
                .map(|g| format!(" [{g}]"))
                .unwrap_or_default();
            match s.description() {
                Some(d) => println!("{}{group} — {d}", s.name),
                None => println!("{}{group}", s.name),
            }
        }
    }
    ExitCode::SUCCESS
}

fn run_headless(paths: &Paths, wanted: &str, args: Vec<String>) -> ExitCode {
    let config = Config::load_or_default(&paths.config_file());
    let interpreters = Interpreters::from_config(&config);
    let path = PathBuf::from(wanted);
    let script = if path.is_file() || wanted.contains('/') {
        path
    } else {
        match load_catalog(paths, &interpreters).find(wanted) {
            Some(script) => script.path.clone(),
            None => {
                eprintln!(
                    "skit: no script named {wanted:?} in {}; `skit list` shows what there is",
                    paths.scripts_dir.display()
                );
                return ExitCode::from(127);
            }
        }
    };
    if let Err(e) = bundled::install_sdk(&paths.sdk_dir()) {
        tracing::error!(
            "cannot install the SDK in {}: {e}",
            paths.sdk_dir().display()
        );
    }
    let context = RunContext {
        interpreters,
        sdk_dir: paths.sdk_dir(),
        env_file: paths.env_file(),
    };
    let invocation = Invocation::with_args(Trigger::Cli, args);
    let code = headless::run(&script, &context, &invocation);
    ExitCode::from(code.clamp(0, 255) as u8)
}

/// `skit dmenu`: reads the lines to choose from (stdin, or `-input FILE`), shows
/// them in the running launcher (over its socket, so the list appears at once) or
/// in a window of its own, and prints the choice as rofi would.
fn dmenu(paths: &Paths, args: &[String]) -> ExitCode {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::os::unix::net::UnixStream;

    let options = match skit::dmenu::parse_args(args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("skit dmenu: {e}");
            return ExitCode::from(2);
        }
    };
    if options.help {
        print!("{}", skit::dmenu::HELP);
        return ExitCode::SUCCESS;
    }
    if options.version {
        // rofi's line first: scripts read the version from it.
        println!(
            "Version: 1.7.3 (skit dmenu {}, compatible with rofi -dmenu 1.7.3)",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    if !options.ignored.is_empty() {
        eprintln!(
            "skit dmenu: ignoring {} (themes, plugins, the display and unknown options do \
             not apply)",
            options.ignored.join(" ")
        );
    }
    let input: Box<dyn Read + Send> = match &options.input {
        Some(path) => match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!("skit dmenu: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::stdin()),
    };
    let separator = options.separator;
    if options.dump {
        let mut rows = Vec::new();
        if let Err(e) = skit::dmenu::read_rows(input, separator, 1000, |batch| {
            rows.extend(batch);
            true
        }) {
            eprintln!("skit dmenu: cannot read the input: {e}");
        }
        print!("{}", skit::dmenu::dump(&options, &rows));
        return ExitCode::SUCCESS;
    }
    // The raw lines travel; the window parses them (row options included). Like
    // rofi, the first lines are read before anything shows: keys pressed at once
    // then find rows, and no input at all under -no-custom ends at once, without a
    // window.
    let (started, first_lines) = std::sync::mpsc::sync_channel::<bool>(1);
    let (batches, rows) = async_channel::bounded::<Vec<String>>(16);
    std::thread::spawn(move || {
        let mut first = Some(started);
        let result = skit::dmenu::read_lines(input, separator, 1000, |batch| {
            if let Some(started) = first.take() {
                let _ = started.send(true);
            }
            batches.send_blocking(batch).is_ok()
        });
        if let Some(started) = first.take() {
            let _ = started.send(false);
        }
        if let Err(e) = result {
            eprintln!("skit dmenu: cannot read the input: {e}");
        }
    });
    if first_lines.recv() == Ok(false) && options.no_custom {
        return ExitCode::SUCCESS;
    }
    let (stdout, code) = match UnixStream::connect(&paths.socket) {
        Ok(stream) => {
            let command = control::Command::Dmenu {
                args: args.to_vec(),
            };
            let Ok(mut writer) = stream.try_clone() else {
                eprintln!("skit dmenu: cannot use the connection to skit");
                return ExitCode::from(2);
            };
            let line = serde_json::to_string(&command).expect("commands serialize");
            if writeln!(writer, "{line}").is_err() {
                eprintln!("skit dmenu: the running skit does not answer; try again");
                return ExitCode::from(2);
            }
            // Lines go out as they are read; the answer may come first.
            std::thread::spawn(move || {
                let line = |feed: &control::DmenuFeed| {
                    serde_json::to_string(feed).expect("dmenu lines serialize")
                };
                while let Ok(rows) = rows.recv_blocking() {
                    if writeln!(writer, "{}", line(&control::DmenuFeed::Rows { rows })).is_err() {
                        return;
                    }
                }
                let _ = writeln!(writer, "{}", line(&control::DmenuFeed::End { end: true }));
            });
            let mut reply = String::new();
            if BufReader::new(stream).read_line(&mut reply).is_err() || reply.is_empty() {
                eprintln!("skit dmenu: the running skit closed the connection");
                return ExitCode::from(2);
            }
            let reply = serde_json::from_str::<control::Reply>(&reply)
                .map_err(|e| format!("the running skit sent a bad reply ({e})"))
                .and_then(control::Reply::into_result);
            match reply {
                Ok(reply) => (reply.stdout.unwrap_or_default(), reply.code.unwrap_or(1)),
                Err(e) => {
                    eprintln!("skit dmenu: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        Err(_) => {
            // No launcher runs: a window of our own.
            skit::app::dmenu_window::run(paths.clone(), options, rows)
        }
    };
    print!("{stdout}");
    let _ = std::io::stdout().flush();
    ExitCode::from(code.clamp(0, 255) as u8)
}
