"""The desktop test's fixtures: one desktop for the whole session (Xvfb without
Composite, openbox, a private D-Bus session with a fake XDG portal and a fake
notification service, a folder of applications), and per test module a user with
a few scripts (`user`) and skit running for them (`launcher`), driven through
real key presses (XTEST). The desktop and skit's process are desktop.py (the
benchmarks use it too); what a user does and sees is user.py.

    /usr/bin/python3 -m pytest tests/desktop [--update-screenshots]   (make desktop-test)

SKIT_BIN names the binary (default target/release/skit). Screenshots and logs go to
tests/desktop/out/. --update-screenshots (or SKIT_UPDATE_SCREENSHOTS=1) copies the
screenshots README.md shows to docs/screenshots/ when every test passed.
"""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import pytest

from desktop import DARK, LIGHT, ROOT, Desktop, Helper, Portal, SessionBus, Skit, home_env, wait_for
from user import HERE, PYTHON, Launcher

OUT = os.path.join(HERE, "out")
SKIT_BIN = os.path.abspath(os.environ.get("SKIT_BIN") or os.path.join(ROOT, "target", "release", "skit"))

# The screenshots docs/screenshots/ keeps (README.md shows them).
DOC_SCREENSHOTS = [
    "list-light", "list-dark", "arg-light", "arg-dark", "fields-light", "fields-dark", "div-light", "div-dark",
    "editor-light", "editor-dark", "preview-light", "preview-dark", "apps-light", "apps-dark", "form-light",
    "form-dark", "path-light", "path-dark", "multi-light", "multi-dark", "env-light", "env-dark",
    "clipboard-light", "clipboard-dark", "welcome", "keyword-light", "triggered-light", "dmenu-light", "dmenu-dark",
    "snippets-light", "snippets-dark", "files-light", "files-dark", "files-open-with", "windows-light",
    "windows-dark",
    "confirm-light", "confirm-dark",
    "raycast-full-output-light", "scriptkit-live",
]


def pytest_addoption(parser):
    parser.addoption("--update-screenshots", action="store_true",
                     help="copy the README's screenshots to docs/screenshots/ when every test passed")


def pytest_sessionfinish(session, exitstatus):
    wanted = session.config.getoption("--update-screenshots") or os.environ.get("SKIT_UPDATE_SCREENSHOTS") == "1"
    if not wanted:
        return
    if exitstatus != 0:
        print("\nscreenshots not copied: a test failed")
        return
    target = os.path.join(ROOT, "docs", "screenshots")
    os.makedirs(target, exist_ok=True)
    missing = []
    for name in DOC_SCREENSHOTS:
        source = os.path.join(OUT, f"{name}.png")
        if os.path.exists(source):
            shutil.copy(source, os.path.join(target, f"{name}.png"))
        else:
            missing.append(name)
    print(f"\nscreenshots copied to docs/screenshots/{'; not taken: ' + ', '.join(missing) if missing else ''}")


# --- the desktop, shared by every test ----------------------------------------------------


@pytest.fixture(scope="session")
def out():
    """tests/desktop/out/, emptied: screenshots and logs."""
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    return OUT


@pytest.fixture(scope="session")
def work():
    """A scratch folder for the session, removed at the end."""
    folder = tempfile.mkdtemp(prefix="skit-desktop.")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def environment():
    """os.environ as the session found it, given back at the end."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("WAYLAND_DISPLAY", raising=False)
        mp.delenv("SKIT_SCRIPTS_DIR", raising=False)
        yield mp


@pytest.fixture(scope="session")
def desktop(out, environment):
    """Xvfb (1280×800, 24-bit, no Composite) with openbox; DISPLAY is set."""
    if not os.access(SKIT_BIN, os.X_OK):
        pytest.exit(f"no binary at {SKIT_BIN} (run make build, or set SKIT_BIN)", returncode=1)
    environment.setenv("DISPLAY", os.environ.get("DISPLAY", ""))  # given back at the end
    desk = Desktop(logs=out)
    yield desk
    desk.close()


@dataclass
class Notifications:
    """The fake notification service: what it was asked to show."""
    helper: Helper

    def shown(self):
        """(app name, summary, body) per notification, oldest first."""
        return [tuple(line.split("\t")[1:4]) for line in self.helper.output().splitlines()
                if line.startswith("notify\t")]


@pytest.fixture(scope="session")
def session_bus(desktop, work, environment):
    """A private D-Bus session: DBUS_SESSION_BUS_ADDRESS is set."""
    environment.setenv("DBUS_SESSION_BUS_ADDRESS", os.environ.get("DBUS_SESSION_BUS_ADDRESS", ""))
    bus = SessionBus(work)
    yield bus
    bus.close()


@pytest.fixture(scope="session")
def portal(session_bus, out):
    """The fake portal, serving color-scheme 2 (light) at first."""
    helper = Helper([PYTHON, os.path.join(HERE, "fake-portal.py"), str(LIGHT)], os.path.join(out, "portal.log"),
                    ready="fake portal ready")
    yield Portal(LIGHT)
    helper.close()


@pytest.fixture(scope="session")
def notifications(session_bus, out):
    helper = Helper([PYTHON, os.path.join(HERE, "fake-notifications.py")], os.path.join(out, "notifications.log"),
                    ready="fake notifications ready")
    yield Notifications(helper)
    helper.close()


@dataclass
class Applications:
    """The desktop's applications: a folder of desktop entries and icons on
    XDG_DATA_DIRS. Each entry runs a stand-in that writes its arguments to
    `launched`."""
    data: str
    launched: str

    def last_launch(self):
        try:
            with open(self.launched, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def forget(self):
        if os.path.exists(self.launched):
            os.remove(self.launched)


@pytest.fixture(scope="session")
def applications(work, environment):
    """Fixture Browser (a PNG icon, a desktop action), Fixture Notes (an SVG icon,
    opens text files), Fixture Plain (no icon) and Fixture Helper (NoDisplay)."""
    data = os.path.join(work, "data")
    launched = os.path.join(work, "app-launched")
    apps, png = os.path.join(data, "applications"), os.path.join(data, "icons/hicolor/48x48/apps")
    svg = os.path.join(data, "icons/hicolor/scalable/apps")
    for folder in (apps, png, svg):
        os.makedirs(folder)
    subprocess.run(["convert", "-size", "48x48", "xc:#3D8BFD", "-fill", "white", "-draw", "circle 24,24 24,8",
                    os.path.join(png, "fixture-browser.png")], check=True)
    write(os.path.join(svg, "fixture-notes.svg"), """\
<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">
  <rect x="6" y="4" width="36" height="40" rx="6" fill="#F5B400"/>
  <rect x="13" y="14" width="22" height="3" fill="#fff"/><rect x="13" y="22" width="22" height="3" fill="#fff"/>
  <rect x="13" y="30" width="14" height="3" fill="#fff"/>
</svg>
""")
    stand_in = os.path.join(work, "fixture-app.sh")
    write(stand_in, f"#!/bin/sh\nprintf '%s' \"$*\" > '{launched}'\n", mode=0o755)
    write(os.path.join(apps, "fixture-browser.desktop"), f"""\
[Desktop Entry]
Type=Application
Name=Fixture Browser
GenericName=Web Browser
Comment=Browse the fixture web
Keywords=internet;www;
Icon=fixture-browser
Exec={stand_in} --browse %u
Actions=private;

[Desktop Action private]
Name=New Private Window
Exec={stand_in} --private
""")
    write(os.path.join(apps, "fixture-notes.desktop"), f"""\
[Desktop Entry]
Type=Application
Name=Fixture Notes
Comment=Write things down
Icon=fixture-notes
Exec={stand_in} --notes %f
MimeType=text/plain;
""")
    # The application of the Switch to Window test's windows (WM_CLASS SwitchFixture):
    # their rows show its icon.
    write(os.path.join(apps, "switcher-demo.desktop"),
          "[Desktop Entry]\nType=Application\nName=Switcher Demo\nExec=true\n"
          "Icon=fixture-notes\nStartupWMClass=SwitchFixture\n")
    write(os.path.join(apps, "fixture-helper.desktop"),
          "[Desktop Entry]\nType=Application\nName=Fixture Helper\nExec=true\nNoDisplay=true\n")
    write(os.path.join(apps, "fixture-plain.desktop"),
          "[Desktop Entry]\nType=Application\nName=Fixture Plain\nComment=No icon at all\nExec=true\n")
    # The system folders stay too: the Vulkan loader finds its drivers through them.
    environment.setenv("XDG_DATA_DIRS", f"{data}:/usr/local/share:/usr/share")
    return Applications(data, launched)


@pytest.fixture(scope="session")
def runtime_dir(work, environment):
    """XDG_RUNTIME_DIR (mode 700): skit's socket is there."""
    folder = os.path.join(work, "run")
    os.makedirs(folder, mode=0o700)
    environment.setenv("XDG_RUNTIME_DIR", folder)
    return folder


# --- a user, and skit running for them ---------------------------------------------------------


def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


@dataclass
class User:
    """A user's home and skit's folders in it; `results` is where the test's scripts
    write what they got."""
    home: str
    config: str   # ~/.config/skit
    scripts: str  # ~/.config/skit/scripts
    state: str    # ~/.local/state/skit
    results: str

    @property
    def logs(self):
        return os.path.join(self.state, "logs")

    @property
    def env_file(self):
        return os.path.join(self.config, "env")

    def script(self, name, text):
        """Adds a script to the scripts folder; returns its path."""
        path = os.path.join(self.scripts, name)
        write(path, text)
        return path

    def result(self, name):
        """What a script wrote to results/NAME, or None."""
        try:
            with open(os.path.join(self.results, name), encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def write_config(self, extra=""):
        """config.json: an "editor" that notes the file it was asked to open (in
        results/edited), new scripts in bash, and `extra` members."""
        edited = os.path.join(self.results, "edited")
        write(os.path.join(self.config, "config.json"), f"""\
// Written by the desktop test.
{{ "editor": ["sh", "-c", "printf '%s' \\"$1\\" > '{edited}'", "editor"], "newScriptLanguage": "bash"{extra} }}
""")


def user_scripts(results):
    """The scripts every test user has, by file name."""
    return {
        "pick-fruit.sh": f"""\
# Name: Pick Fruit
# Description: Choose a fruit; the answer goes to a file
source "$SKIT_SDK/skit.sh"
fruit=$(skit_arg "Pick a fruit" apple banana cherry "dragon fruit")
printf '%s' "$fruit" > "{results}/fruit.txt"
""",
        "marker.sh": f"""\
# Name: Drop Marker
# Description: Runs from its own global shortcut
# Shortcut: ctrl+alt+j
touch "{results}/marker"
""",
        # Every field type, then a secret asked by env; the answers go to a file, the
        # secrets only as whether they arrived intact.
        "every-field.py": f"""\
# Name: Every Field
# Description: A form with every field type, then a secret token
import json, os, sys
sys.path.insert(0, os.environ["SKIT_SDK"])
import skit
a = skit.fields([
    {{"name": "name", "label": "Name", "required": True, "placeholder": "Who are you?"}},
    {{"name": "password", "label": "Password", "type": "password", "placeholder": "Never shown"}},
    {{"name": "age", "label": "Age", "type": "number", "placeholder": "A number"}},
    {{"name": "news", "label": "Newsletter", "type": "checkbox", "placeholder": "Send me the monthly news"}},
    {{"name": "editor", "label": "Editor", "type": "select", "options": ["Helix", "Vim", "Zed", "Emacs"]}},
    {{"name": "bio", "label": "About you", "type": "textarea", "placeholder": "A few lines"}},
])
token = skit.env("SKIT_DESKTOP_TOKEN", secret=True, hint="An API token for the desktop test (asked once)")
a["password_ok"] = a.pop("password") == "pw-desk-9913"
a["token_ok"] = token == "tok-desk-5521"
open("{results}/every-field.json", "w").write(json.dumps(a))
""",
        "open-github.sh": "# Name: Open GitHub\n# Description: Open a repository in the browser\n# Alias: gh\n",
        "notes/journal.py": "# Name: Daily Journal\n# Description: Append to today's journal\n",
        "paste-greeting.sh": """\
# Name: Paste Greeting
# Description: Pastes a line into the window you came from
source "$SKIT_SDK/skit.sh"
skit_paste "Hello from a script ✓"
""",
        "type-code.sh": """\
# Name: Type Code
# Description: Types a line key by key into the window you came from
source "$SKIT_SDK/skit.sh"
skit_type "typed 42 é"
""",
        "shout-selection.sh": f"""\
# Name: Shout Selection
# Description: The selected text, upper-cased, into a file
source "$SKIT_SDK/skit.sh"
selected=$(skit_get_selection) || selected="(nothing selected)"
printf '%s' "${{selected^^}}" > "{results}/selection.txt"
""",
        "search-github.sh": f"""\
# Name: Search GitHub
# Description: Search GitHub for what you type after "gh "
# Keyword: gh
printf '%s|%s|%s' "$1" "$SKIT_INPUT" "$SKIT_TRIGGER" > "{results}/keyword.txt"
""",
    }


# Bundled examples every test user has too.
EXAMPLES = ["release-note.py", "find-file.py", "new-project.py", "pick-emoji.py"]


@pytest.fixture(scope="module")
def user(request, work, environment, applications, runtime_dir):
    """A user of its own for each test module (HOME and the XDG folders set), with
    the scripts of `user_scripts`, a few bundled examples and config.json."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    home = os.path.join(work, name, "home")
    results = os.path.join(work, name, "results")
    os.makedirs(results)
    env = home_env(home)
    env.pop("XDG_RUNTIME_DIR")  # one for the session: a skit of another module must be gone
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        u = User(home=home, config=f"{env['XDG_CONFIG_HOME']}/skit", scripts=f"{env['XDG_CONFIG_HOME']}/skit/scripts",
                 state=f"{env['XDG_STATE_HOME']}/skit", results=results)
        for file, text in user_scripts(results).items():
            u.script(file, text)
        for example in EXAMPLES:
            shutil.copy(os.path.join(ROOT, "scripts", "examples", example), u.scripts)
        u.write_config()
        yield u


def start_skit(out, log_name, extra_env=None, env=None):
    """skit started as from a terminal (hidden, waiting for its hotkey); its output in
    out/LOG_NAME. Returns once it answers on its socket (it, not another skit)."""
    # skit's own debug lines too: the secrets tests read this log.
    skit = Skit(SKIT_BIN, log=os.path.join(out, log_name), log_filter="info,skit=debug", extra_env=extra_env,
                env=env)

    def answers():
        if skit.proc.poll() is not None:
            return True
        out = skit.command("state")
        return out.returncode == 0 and json.loads(out.stdout)["pid"] == skit.pid
    try:
        wait_for(answers, "skit to answer on its socket", timeout=20, interval=0.02)
    except TimeoutError:
        skit.kill()
        raise
    if skit.proc.poll() is not None:
        raise AssertionError(f"skit exited at start ({skit.proc.returncode}); see {log_name}")
    return skit


def stop_skit(skit):
    """`skit quit`, or a kill when that does not end it."""
    if skit.proc.poll() is None:
        try:
            skit.quit()
        except subprocess.TimeoutExpired:
            skit.kill()
    skit.wait_exit()


@pytest.fixture(scope="module")
def launcher(user, desktop, portal, notifications, out, work):
    """skit running for the module's user (hidden at first), its log in
    out/skit-MODULE.log. SKIT_TEST_SCHEDULE_SECONDS is the test hook that lets a
    Schedule name seconds, so a scheduled script fires within a second."""
    name = os.path.basename(os.path.dirname(user.home))
    skit = start_skit(out, f"skit-{name}.log", extra_env={"SKIT_TEST_SCHEDULE_SECONDS": "1"})
    yield Launcher(skit, out, os.path.join(work, name))
    stop_skit(skit)


@pytest.fixture(scope="module")
def new_skit(user, desktop, portal, notifications, out):
    """Starts a skit of the test's own (for a module without `launcher`):
    new_skit(LOG_NAME, extra_env=None, env=None) returns it once it answers;
    any still running at the end of the module is stopped."""
    started = []

    def new(log_name, extra_env=None, env=None):
        started.append(start_skit(out, log_name, extra_env, env))
        return started[-1]
    yield new
    for skit in started:
        stop_skit(skit)


@pytest.fixture(autouse=True)
def _back_to_the_hidden_list(request):
    """After each test that drove the module's skit: back to its hidden script list,
    whatever the test left on screen."""
    yield
    if "launcher" in request.fixturenames:
        request.getfixturevalue("launcher").reset()


@pytest.fixture(scope="module", params=["light", "dark"])
def theme(request, launcher, portal):
    """Runs the module's tests in the light theme, then again in the dark one (the
    portal says which); screenshots are named for it."""
    launcher.use_theme(portal, LIGHT if request.param == "light" else DARK)
    yield request.param
    launcher.use_theme(portal, LIGHT)
