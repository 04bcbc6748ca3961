//! Tests of `launch`, apart so the module reads in one sitting.
use super::super::entries::AppAction;
use super::*;
use std::fs;
use std::io::{BufRead, BufReader};
use std::time::Instant;

/// How long a test waits for something the app does.
const DEADLINE: Duration = Duration::from_secs(20);

fn app(name: &str, exec: &str) -> App {
    App {
        id: format!("org.skit.{name}.desktop"),
        path: PathBuf::from(format!("/fixture/org.skit.{name}.desktop")),
        name: name.to_string(),
        generic_name: None,
        comment: None,
        keywords: vec![],
        exec: Some(exec.to_string()),
        working_dir: None,
        terminal: false,
        dbus_activatable: false,
        icon: None,
        startup_wm_class: None,
        actions: vec![],
        mime_types: vec![],
    }
}

fn script(path: &Path, body: &str) {
    fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn no_terminal(_: Vec<String>) -> Result<Command, String> {
    panic!("no terminal expected")
}

/// Waits (with inotify, no polling) until `path` exists, for at most DEADLINE.
fn wait_for_file(path: &Path) -> String {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::fs::inotify;
    let dir = path.parent().unwrap();
    let fd = inotify::init(inotify::CreateFlags::CLOEXEC).expect("inotify_init1");
    inotify::add_watch(
        &fd,
        dir,
        inotify::WatchFlags::MOVED_TO | inotify::WatchFlags::CLOSE_WRITE,
    )
    .expect("inotify_add_watch");
    let start = Instant::now();
    while !path.exists() {
        let left = DEADLINE.saturating_sub(start.elapsed());
        assert!(
            !left.is_zero(),
            "{} did not appear within {DEADLINE:?}",
            path.display()
        );
        let timeout = Timespec::try_from(left).unwrap();
        if poll(&mut [PollFd::new(&fd, PollFlags::IN)], Some(&timeout)).is_ok_and(|n| n > 0) {
            let mut buffer = [0u8; 4096];
            let _ = rustix::io::read(&fd, &mut buffer);
        }
    }
    fs::read_to_string(path).unwrap()
}

/// A fixture app: writes its arguments, folder, token variables, session,
/// parent and stdin to `marker` (atomically, by rename).
fn marker_app(dir: &Path) -> PathBuf {
    let program = dir.join("fixture-app");
    script(
        &program,
        &format!(
            "m={}\n{{ echo \"args=$*\"; echo \"pwd=$(pwd)\"; \
             echo \"token=${{XDG_ACTIVATION_TOKEN-unset}}/${{DESKTOP_STARTUP_ID-unset}}\"; \
             echo \"stat=$(cut -d' ' -f4,6 /proc/$$/stat)\"; \
             echo \"stdin=$(readlink /proc/$$/fd/0)\"; }} > \"$m.tmp\" && mv \"$m.tmp\" \"$m\"",
            dir.join("marker").display()
        ),
    );
    program
}

fn field<'a>(report: &'a str, key: &str) -> &'a str {
    report
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|l| l.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {report}"))
}

#[test]
fn a_fixture_app_starts_detached_with_its_arguments_and_folder() {
    let dir = tempfile::tempdir().unwrap();
    let program = marker_app(dir.path());
    let work = dir.path().join("work dir");
    fs::create_dir(&work).unwrap();
    let mut fixture = app("Marker", &format!("\"{}\" --name %c %f", program.display()));
    fixture.working_dir = Some(work.clone());
    let options = LaunchOptions {
        targets: vec!["/tmp/a file \"with\" $quotes".into()],
        activation_token: Some("token-123".into()),
        detach: Detach::Fork,
        dbus_address: None,
    };
    let launched = launch(&fixture, None, &options, no_terminal).unwrap();
    assert_eq!(launched, Launched::Process { scope: None });
    let report = wait_for_file(&dir.path().join("marker"));
    assert_eq!(
        field(&report, "args"),
        "--name Marker /tmp/a file \"with\" $quotes"
    );
    assert_eq!(field(&report, "pwd"), work.to_str().unwrap());
    assert_eq!(field(&report, "token"), "token-123/token-123");
    assert_eq!(field(&report, "stdin"), "/dev/null");
    let stat: Vec<i64> = field(&report, "stat")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let (parent, session) = (stat[0], stat[1]);
    // Read from /proc as the app's is: in a container whose session leader is
    // outside the pid namespace our session id is 0, which rustix's getsid
    // refuses to return.
    let ours = fs::read_to_string("/proc/self/stat").unwrap();
    let after_name = &ours[ours.rfind(')').unwrap() + 2..];
    let our_session: i64 = after_name.split(' ').nth(3).unwrap().parse().unwrap();
    assert_ne!(
        session, our_session,
        "the app must be in a session of its own"
    );
    assert_ne!(
        parent,
        std::process::id() as i64,
        "the app must not be skit's child"
    );
}

#[test]
fn skits_own_token_never_reaches_an_app() {
    let dir = tempfile::tempdir().unwrap();
    let program = marker_app(dir.path());
    let fixture = app("NoToken", &program.display().to_string());
    let options = LaunchOptions {
        detach: Detach::Fork,
        ..LaunchOptions::default()
    };
    let mut command = Command::new("true");
    command.env("XDG_ACTIVATION_TOKEN", "skits-own");
    set_token(&mut command, None);
    assert!(command.get_envs().all(|(_, v)| v.is_none()));
    launch(&fixture, None, &options, no_terminal).unwrap();
    let report = wait_for_file(&dir.path().join("marker"));
    assert_eq!(field(&report, "token"), "unset/unset");
}

#[test]
fn a_missing_or_unrunnable_program_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let options = LaunchOptions {
        detach: Detach::Fork,
        ..LaunchOptions::default()
    };
    let err = launch(
        &app("Ghost", "no-such-program-skit --x"),
        None,
        &options,
        no_terminal,
    )
    .unwrap_err();
    assert!(err.contains("Ghost cannot be started"), "{err}");
    assert!(
        err.contains("`no-such-program-skit` is not installed"),
        "{err}"
    );
    assert!(err.contains("/fixture/org.skit.Ghost.desktop"), "{err}");

    let absent = dir.path().join("absent");
    let err = launch(
        &app("Abs", &absent.display().to_string()),
        None,
        &options,
        no_terminal,
    )
    .unwrap_err();
    assert!(err.contains("not found at that path"), "{err}");

    let plain = dir.path().join("not-executable");
    fs::write(&plain, "#!/bin/sh\n").unwrap();
    let err = launch(
        &app("Plain", &plain.display().to_string()),
        None,
        &options,
        no_terminal,
    )
    .unwrap_err();
    assert!(err.contains("is not an executable file"), "{err}");
    assert!(err.contains("chmod +x"), "{err}");

    let mut no_dir = app("NoDir", "true");
    no_dir.working_dir = Some(dir.path().join("gone"));
    let err = launch(&no_dir, None, &options, no_terminal).unwrap_err();
    assert!(err.contains("working folder"), "{err}");

    let err = launch(&app("Bad", "app \"unclosed"), None, &options, no_terminal).unwrap_err();
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn spawn_errors_of_the_exec_itself_are_returned() {
    // Bypasses the program check: the grandchild's failed exec must still
    // come back as an error through the double fork.
    let err = spawn_detached(&mut Command::new("/nonexistent/skit-program")).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    fs::write(&plain, "x").unwrap();
    let err = spawn_detached(&mut Command::new(&plain)).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
}

#[test]
fn terminal_apps_run_through_the_given_terminal_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let program = marker_app(dir.path());
    let terminal = dir.path().join("fake-terminal");
    // Records its own arguments, then runs what follows `-e`, as xterm would.
    script(
        &terminal,
        &format!(
            "echo \"$*\" > {}\nshift\nexec \"$@\"",
            dir.path().join("terminal-args").display()
        ),
    );
    let mut fixture = app("Htop", &format!("{} --top", program.display()));
    fixture.terminal = true;
    let options = LaunchOptions {
        detach: Detach::Fork,
        ..LaunchOptions::default()
    };
    let term = terminal.clone();
    launch(&fixture, None, &options, move |words| {
        let mut command = Command::new(&term);
        command.arg("-e").args(words);
        Ok(command)
    })
    .unwrap();
    let report = wait_for_file(&dir.path().join("marker"));
    assert_eq!(field(&report, "args"), "--top");
    let recorded = fs::read_to_string(dir.path().join("terminal-args")).unwrap();
    assert_eq!(recorded.trim(), format!("-e {} --top", program.display()));

    let err = launch(&fixture, None, &options, |_| {
        Err("no terminal emulator was found".into())
    })
    .unwrap_err();
    assert_eq!(
        err,
        "Htop runs in a terminal, and no terminal emulator was found"
    );
}

#[test]
fn systemd_scopes_get_an_app_unit_name() {
    let dir = tempfile::tempdir().unwrap();
    let program = marker_app(dir.path());
    let systemd_run = dir.path().join("systemd-run");
    // Records its arguments and runs the command after `--`, as --scope does.
    script(
        &systemd_run,
        &format!(
            "printf '%s\\n' \"$@\" > {}\nwhile [ \"$1\" != -- ]; do shift; done\nshift\nexec \"$@\"",
            dir.path().join("systemd-args").display()
        ),
    );
    let mut fixture = app("Scoped", &format!("{} one", program.display()));
    fixture.id = "org.skit.My-App.desktop".into();
    let options = LaunchOptions {
        detach: Detach::SystemdScope {
            systemd_run: systemd_run.clone(),
        },
        ..LaunchOptions::default()
    };
    let Launched::Process { scope: Some(unit) } =
        launch(&fixture, None, &options, no_terminal).unwrap()
    else {
        panic!("expected a scope")
    };
    let report = wait_for_file(&dir.path().join("marker"));
    assert_eq!(field(&report, "args"), "one");
    let args = fs::read_to_string(dir.path().join("systemd-args")).unwrap();
    let args: Vec<&str> = args.lines().collect();
    let expected_unit = format!("--unit={unit}");
    let program_text = program.display().to_string();
    assert_eq!(
        args,
        [
            "--user",
            "--scope",
            "--quiet",
            expected_unit.as_str(),
            "--",
            &program_text,
            "one"
        ]
    );
    assert!(unit.starts_with(r"app-skit-org.skit.My\x2dApp-"), "{unit}");
    assert!(unit.ends_with(".scope"), "{unit}");
    assert_ne!(
        unit_name("a"),
        unit_name("a"),
        "each launch gets its own unit"
    );
}

#[test]
fn unit_names_escape_what_systemd_does_not_allow() {
    let unit = unit_name("org.x.Ünï-code app");
    let middle = unit
        .strip_prefix("app-skit-")
        .and_then(|u| u.rsplit_once('-'))
        .unwrap()
        .0;
    assert_eq!(middle, r"org.x.\xc3\x9cn\xc3\xaf\x2dcode\x20app");
    let long = unit_name(&"a-".repeat(300));
    assert!(long.len() <= 255, "{}", long.len());
    assert!(
        !long.contains("\\-") && !long.contains("\\x-") && !long.contains("\\x2-"),
        "{long}"
    );
}

#[test]
fn paths_become_file_uris_and_ids_object_paths() {
    assert_eq!(to_uri("/tmp/a b/ü#.txt"), "file:///tmp/a%20b/%C3%BC%23.txt");
    assert_eq!(
        to_uri("https://example.org/?q=1"),
        "https://example.org/?q=1"
    );
    assert_eq!(
        object_path("org.gnome.Text-Editor"),
        "/org/gnome/Text_Editor"
    );
}

/// A private D-Bus daemon for one test, stopped when dropped.
struct Bus {
    daemon: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    fn start() -> Option<Bus> {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("bus.conf");
        fs::write(
            &config,
            format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n\
                 <busconfig><type>session</type><listen>unix:path={}</listen>\
                 <auth>EXTERNAL</auth><policy context=\"default\">\
                 <allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>\
                 <allow own=\"*\"/></policy></busconfig>",
                dir.path().join("socket").display()
            ),
        )
        .unwrap();
        let mut daemon = match Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
        {
            Ok(daemon) => daemon,
            Err(e) => {
                eprintln!("SKIPPED: dbus-daemon cannot run ({e}); install the dbus package");
                return None;
            }
        };
        // The daemon prints its address once it listens: a blocking read.
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
        Some(Bus {
            daemon,
            address: address.trim().to_string(),
            _dir: dir,
        })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// What the fake application received.
#[derive(Debug, PartialEq)]
enum Call {
    Activate(Option<String>),
    Open(Vec<String>),
    Action(String),
}

struct FakeApplication {
    calls: std::sync::mpsc::SyncSender<Call>,
}

#[zbus::interface(name = "org.freedesktop.Application")]
impl FakeApplication {
    fn activate(&self, platform_data: HashMap<String, zbus::zvariant::OwnedValue>) {
        let token = platform_data
            .get("activation-token")
            .and_then(|v| String::try_from(v.clone()).ok());
        let _ = self.calls.try_send(Call::Activate(token));
    }

    fn open(&self, uris: Vec<String>, _platform_data: HashMap<String, zbus::zvariant::OwnedValue>) {
        let _ = self.calls.try_send(Call::Open(uris));
    }

    fn activate_action(
        &self,
        action_name: String,
        _parameter: Vec<zbus::zvariant::OwnedValue>,
        _platform_data: HashMap<String, zbus::zvariant::OwnedValue>,
    ) {
        let _ = self.calls.try_send(Call::Action(action_name));
    }
}

/// Serves a fake `org.skit.Fixture` application on `bus`.
fn serve_fixture(bus: &Bus) -> (zbus::blocking::Connection, std::sync::mpsc::Receiver<Call>) {
    let (calls, received) = std::sync::mpsc::sync_channel(8);
    let connection = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.skit.Fixture")
        .unwrap()
        .serve_at("/org/skit/Fixture", FakeApplication { calls })
        .unwrap()
        .build()
        .unwrap();
    (connection, received)
}

fn dbus_app() -> App {
    let mut fixture = app("Fixture", "no-such-program-skit");
    fixture.dbus_activatable = true;
    fixture.actions = vec![AppAction {
        id: "new-window".into(),
        name: "New Window".into(),
        exec: None,
        icon: None,
    }];
    fixture
}

#[test]
fn dbus_activatable_apps_are_activated_over_the_bus() {
    let Some(bus) = Bus::start() else { return };
    let (_server, received) = serve_fixture(&bus);
    let fixture = dbus_app();
    let mut options = LaunchOptions {
        activation_token: Some("tok".into()),
        dbus_address: Some(bus.address.clone()),
        ..LaunchOptions::default()
    };
    assert_eq!(
        launch(&fixture, None, &options, no_terminal),
        Ok(Launched::DBus)
    );
    assert_eq!(
        received.recv_timeout(DEADLINE),
        Ok(Call::Activate(Some("tok".into())))
    );
    assert_eq!(
        launch(&fixture, Some("new-window"), &options, no_terminal),
        Ok(Launched::DBus)
    );
    assert_eq!(
        received.recv_timeout(DEADLINE),
        Ok(Call::Action("new-window".into()))
    );
    options.targets = vec!["/tmp/a b.txt".into(), "https://x.org/".into()];
    assert_eq!(
        launch(&fixture, None, &options, no_terminal),
        Ok(Launched::DBus)
    );
    assert_eq!(
        received.recv_timeout(DEADLINE),
        Ok(Call::Open(vec![
            "file:///tmp/a%20b.txt".into(),
            "https://x.org/".into()
        ]))
    );
    let err = launch(&fixture, Some("gone"), &options, no_terminal).unwrap_err();
    assert!(err.contains("no action `gone`"), "{err}");
}

#[test]
fn a_bus_that_never_answers_is_given_up_on() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("silent");
    // Connections wait in the listen backlog: accepted by the kernel, never
    // answered.
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let options = LaunchOptions {
        dbus_address: Some(format!("unix:path={}", socket.display())),
        ..LaunchOptions::default()
    };
    let limit = Duration::from_millis(300);
    let err = activate_over_dbus_within(&dbus_app(), None, &options, limit).unwrap_err();
    assert!(err.contains("did not answer"), "{err}");
}

#[test]
fn gapplication_activates_over_the_bus_too() {
    if Command::new("gapplication").arg("help").output().is_err() {
        eprintln!("SKIPPED: gapplication is not installed (package libglib2.0-bin)");
        return;
    }
    let Some(bus) = Bus::start() else { return };
    let (_server, received) = serve_fixture(&bus);
    let options = LaunchOptions {
        dbus_address: Some(bus.address.clone()),
        ..LaunchOptions::default()
    };
    activate_with_gapplication(&dbus_app(), None, &options).unwrap();
    assert!(matches!(
        received.recv_timeout(DEADLINE),
        Ok(Call::Activate(_))
    ));
}

#[test]
fn an_app_not_on_the_bus_falls_back_to_its_exec_line() {
    let Some(bus) = Bus::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let program = marker_app(dir.path());
    let mut fixture = app("Nobody", &format!("{} fallback", program.display()));
    fixture.dbus_activatable = true;
    let options = LaunchOptions {
        detach: Detach::Fork,
        dbus_address: Some(bus.address.clone()),
        ..LaunchOptions::default()
    };
    assert_eq!(
        launch(&fixture, None, &options, no_terminal),
        Ok(Launched::Process { scope: None })
    );
    let report = wait_for_file(&dir.path().join("marker"));
    assert_eq!(field(&report, "args"), "fallback");

    fixture.exec = None;
    let err = launch(&fixture, None, &options, no_terminal).unwrap_err();
    assert!(err.contains("could not be started over D-Bus"), "{err}");
    assert!(err.contains("no Exec line"), "{err}");
}
