"""What the desktop test does as a user and sees on the screen: keys through
xdotool (XTEST), the clipboard through xclip, screenshots and their pixels through
ImageMagick, and `Launcher`, a running skit as the user sees it (its state, whether
the X server shows its window, its theme by luminance).

Every wait has a deadline (`until`); a wait that runs out fails the test with what
it waited for.
"""

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import time

from desktop import DARK, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))  # tests/desktop
PYTHON = "/usr/bin/python3"  # Debian's, with python3-dbus, python3-gi and python3-xlib for the fixtures

# The default deadline of a wait, in seconds (the bash test's, on a 2-core machine).
SOON = 5


def until(condition, what, timeout=SOON):
    """Waits until `condition()` is true (checked every 20 ms) and returns its value;
    fails the test naming `what` when it is not within `timeout` seconds."""
    try:
        return wait_for(condition, what, timeout=timeout, interval=0.02)
    except TimeoutError as e:
        raise AssertionError(f"not within {timeout} s: {what}") from e


def eventually(get, timeout=SOON):
    """The first true value of `get()` within `timeout` seconds, or its last value:
    what a scenario records for a test to assert on."""
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def within(condition, timeout=SOON):
    """Whether `condition()` becomes true within `timeout` seconds."""
    return bool(eventually(condition, timeout))


def read(path):
    """A file's text, or None when there is no such file."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def file_mode(path):
    """A file's permission bits, as ls shows them (0o600)."""
    return stat.S_IMODE(os.stat(path).st_mode)


def history_count(db):
    """How many entries the clipboard history holds (0 before it exists)."""
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return c.execute("select count(*) from entries").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def run(*argv, input=None, check=False):
    return subprocess.run(argv, capture_output=True, text=True, input=input, check=check, timeout=60)


# --- the keyboard -------------------------------------------------------------------------


def press(*keys):
    """Presses keys or combinations, in order (xdotool names: ctrl+alt+space, Return)."""
    run("xdotool", "key", *keys, check=True)


def type_text(text):
    """Types `text` key by key, 20 ms apart, as a user would."""
    run("xdotool", "type", "--delay", "20", text, check=True)


# --- the clipboard ------------------------------------------------------------------------


def clipboard(selection="clipboard", target=None):
    """The text on the CLIPBOARD (or PRIMARY), as `target` if given, or None."""
    out = run("xclip", "-o", "-selection", selection, *(["-t", target] if target else []))
    return out.stdout if out.returncode == 0 else None


def copy(text, selection="clipboard"):
    """Puts `text` on the selection, as a program would (xclip forks and serves it)."""
    subprocess.run(["xclip", "-selection", selection], input=text.encode(), check=True, timeout=10,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def copy_image(path):
    subprocess.run(["xclip", "-selection", "clipboard", "-t", "image/png", "-i", path], check=True,
                   timeout=10, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- windows and pixels ---------------------------------------------------------------------


def viewable_skit_window():
    """The id of skit's window if the X server shows it (viewable), or None."""
    out = run("xdotool", "search", "--onlyvisible", "--class", "skit")
    ids = out.stdout.split()
    return ids[0] if out.returncode == 0 and ids else None


def geometry(window):
    out = run("xdotool", "getwindowgeometry", "--shell", window, check=True).stdout
    g = dict(line.split("=", 1) for line in out.split())
    return int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])


def capture(path, x, y, width, height):
    """The screen area as a PNG file."""
    run("import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}", path, check=True)


def image_number(path, fx, *options):
    """An ImageMagick fx number of an image (after `options`)."""
    return float(run("convert", path, *options, "-format", f"%[{fx}]", "info:", check=True).stdout)


def pixels_like(path, colour):
    """How many pixels of the image are close to `colour` (6 % fuzz)."""
    return image_number(path, "fx:round(mean.r*w*h)", "-fuzz", "6%", "-fill", "red", "-opaque", colour,
                        "-fill", "black", "+opaque", "red")


def make_picture(path):
    """A 160×100 picture in two flat colours no theme uses (#22c55e, #d946ef), to be
    found in a screenshot."""
    run("convert", "-size", "160x100", "xc:#22c55e", "-fill", "#d946ef", "-draw", "rectangle 80,0 160,100",
        path, check=True)


def shows_picture(path):
    """Both halves of the picture from `make_picture` are in the image."""
    return pixels_like(path, "#22c55e") > 2000 and pixels_like(path, "#d946ef") > 2000


# --- the launcher as the user sees it --------------------------------------------------------


class Launcher:
    """A running skit (desktop.Skit) driven like a user: `shot` writes screenshots to
    `out`, `scratch` is a folder for temporary images."""

    def __init__(self, skit, out, scratch):
        self.skit, self.out, self.scratch = skit, out, scratch

    def command(self, *args, **kw):
        return self.skit.command(*args, **kw)

    def state(self):
        """`skit state`, parsed (None while it does not answer)."""
        try:
            return json.loads(self.skit.command("state").stdout)
        except (ValueError, subprocess.TimeoutExpired):
            return None

    def wait(self, test, what, timeout=SOON):
        """Waits until `test(state)` holds and returns that state; fails with the last
        state seen."""
        seen = {}

        def holds():
            seen["state"] = self.state()
            return seen["state"] is not None and test(seen["state"]) and seen["state"]
        try:
            return wait_for(holds, what, timeout=timeout, interval=0.02)
        except TimeoutError:
            raise AssertionError(f"not within {timeout} s: {what}\nskit state: {json.dumps(seen.get('state'))}") \
                from None

    def is_visible(self):
        """skit says it is visible and the X server shows its window."""
        state = self.state()
        return bool(state and state["visible"] is True and viewable_skit_window())

    def is_hidden(self):
        """skit says it is hidden and the X server shows no window of it."""
        state = self.state()
        return bool(state and state["visible"] is False and not viewable_skit_window())

    def wait_visible(self, what="the window shows", timeout=SOON):
        until(self.is_visible, what, timeout)

    def has_focus(self):
        """The X server gives skit's window the keyboard focus (keys typed now reach it)."""
        window = viewable_skit_window()
        return window is not None and run("xdotool", "getwindowfocus").stdout.strip() == window

    def wait_focused(self, what="the window shows with the keyboard focus", timeout=SOON):
        until(lambda: self.is_visible() and self.has_focus(), what, timeout)

    def wait_hidden(self, what="the window hides", timeout=SOON):
        until(self.is_hidden, what, timeout)

    def show(self):
        """`skit show`, then an empty query."""
        self.command("show")
        self.wait_focused("skit show shows the window, focused")
        press("ctrl+a", "BackSpace")
        self.wait(lambda s: s["query"] == "", "the query is empty")

    def find(self, query, name):
        """Shows the launcher and types `query` until `name` is selected."""
        self.show()
        type_text(query)
        return self.wait(lambda s: s["selected"] == name, f"“{query}” selects “{name}”")

    def open(self, query, name):
        """Runs the script (or app) `name`, found by typing `query`, with Enter."""
        self.find(query, name)
        press("Return")

    def reset(self):
        """Back to the hidden script list, whatever a test left on screen."""
        def done(state):
            return state is None or (state["visible"] is False and state["screen"] == "scripts")
        for _ in range(8):
            state = self.state()
            if done(state):
                return
            if state["visible"] is False:
                # Hidden on another screen: a run that is ending gets there by itself.
                if within(lambda: done(self.state()), timeout=2):
                    return
                self.command("show")
                within(self.has_focus, timeout=10)
            press("Escape")
            try:
                wait_for(lambda: self.state() != state, "Escape to change something", timeout=1, interval=0.02)
            except TimeoutError:
                pass
        self.command("hide")

    # --- what the window looks like ---

    def luminance(self):
        """Mean luminance (0..1) of the window's area on the screen, None when hidden."""
        window = viewable_skit_window()
        if window is None:
            return None
        x, y, width, height = geometry(window)
        crop = os.path.join(self.scratch, "crop.png")
        capture(crop, x, y, width, height)
        return image_number(crop, "fx:mean", "-colorspace", "Gray")

    def looks_light(self, above=0.7):
        luminance = self.luminance()
        return luminance is not None and luminance > above

    def looks_dark(self, below=0.3):
        luminance = self.luminance()
        return luminance is not None and luminance < below

    def use_theme(self, portal, scheme):
        """Sets the desktop's color scheme (desktop.LIGHT or DARK) and waits until the
        window, shown for it, has the theme; hides it again."""
        if portal.scheme == scheme:
            return
        portal.set_color_scheme(scheme)
        self.show()
        until(self.looks_dark if scheme == DARK else self.looks_light,
              f"the window turns {'dark' if scheme == DARK else 'light'}")
        self.command("hide")
        self.wait_hidden()

    def shot(self, name):
        """out/NAME.png: the window with 40 px of desktop around it, once two captures
        in a row are the same (drawing settled). Returns the file's path."""
        path = os.path.join(self.out, f"{name}.png")
        previous = None
        for _ in range(50):
            window = until(viewable_skit_window, "a window to screenshot")
            x, y, width, height = geometry(window)
            capture(path, x - 40, y - 40, width + 80, height + 80)
            with open(path, "rb") as f:
                current = hashlib.md5(f.read()).digest()
            if current == previous:
                break
            previous = current
            time.sleep(0.05)
        return path


# --- skit dmenu ---------------------------------------------------------------------------------


class Dmenu:
    """`skit dmenu ARGS` running in the launcher, `text` (bytes) on its stdin."""

    def __init__(self, launcher, text, *args):
        self.launcher = launcher
        self.proc = subprocess.Popen([launcher.skit.binary, "dmenu", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=launcher.skit.env)
        if text is not None:
            self.proc.stdin.write(text)
            self.proc.stdin.close()

    def wait(self, test, what, timeout=10):
        """Waits until the dmenu list is on screen, focused, and `test(state)` holds."""
        return self.launcher.wait(lambda s: s["screen"] == "dmenu" and test(s) and self.launcher.has_focus(), what,
                                  timeout)

    def typed(self, text):
        """Types `text` and waits until the list is filtered for it."""
        type_text(text)
        return self.wait(lambda s: s["query"] == text and not s["matching"], f"the list filtered for “{text}”")

    def result(self, timeout=10):
        """(what it printed, its exit code) once it has exited."""
        try:
            self.proc.wait(timeout=timeout)  # what it prints is a line or two: no pipe fills
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.stdout.read().decode(), self.proc.returncode


# skit dmenu as a script dresses it: a prompt, a message in markup, an active and an
# urgent line, the custom keys it offers in the footer (the dmenu screenshots).
DRESSED_DMENU = (
    "firefox\nterminal — foot\nmail: 3 unread\nnotes.md\nsystem monitor\n".encode(),
    "-p", "Run", "-mesg",
    '<b>Alt+1</b> edit   <span foreground="#e11d48">Alt+2</span> delete   <i>Shift+Enter</i> marks',
    "-a", "1", "-u", "2", "-kb-custom-1", "Alt+1", "-kb-custom-2", "Alt+2",
)


def dressed_dmenu_shot(launcher, name):
    """DRESSED_DMENU on screen as screenshot NAME, then Escape: its state, the
    window's luminance and the exit code."""
    dmenu = Dmenu(launcher, *DRESSED_DMENU)
    state = dmenu.wait(lambda s: s["rows"] == 5, "the five lines")
    launcher.shot(name)
    luminance = launcher.luminance()
    press("Escape")
    return state, luminance, dmenu.result()[1]
