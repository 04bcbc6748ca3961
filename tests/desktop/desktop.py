"""The X11 desktop that the desktop test (tests/desktop/, pytest) and the desktop
benchmarks (benches/desktop/bench.py) run skit on, and skit running on it.

- `Desktop`: Xvfb (24-bit, no Composite: gpui would pick a 32-bit ARGB visual, in
  which lavapipe presents nothing visible) with the openbox window manager.
- `SessionBus`: a private D-Bus session, and `Helper`: a background program (the fake
  portal, the fake notification service) that says on stdout when it is ready;
  `Portal` changes the fake portal's color scheme.
- `Skit`: a running skit, its `skit state` and its log lines (timing events, frame
  presents of the frame-stats layer) as they come.
- `X`: keys pressed through XTEST and screen pixels read, by ctypes (the benchmarks
  need the moment a key went down).
- `wait_for`: every wait for a condition, with a deadline.

Not for: what a test user does with the launcher (tests/desktop/user.py) or the
measurements (bench.py).
"""

import ctypes
import ctypes.util
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREEN = (1280, 800)


def wait_for(condition, what, timeout=30.0, interval=0.05):
    """Polls `condition()` until it returns something true, and returns that; raises
    TimeoutError naming `what` after `timeout` seconds. An exception in the
    condition counts as false until the deadline, then is raised."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
            error = None
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            value, error = None, e
        if value:
            return value
        if time.monotonic() > deadline:
            if error is not None:
                raise TimeoutError(f"timed out waiting for {what} ({error!r})") from error
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)


# --- X11 through ctypes -------------------------------------------------------------


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)),
        ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


class X:
    """A connection to the X server: keys through XTEST, pixels of the root window."""

    def __init__(self, display):
        self.x = ctypes.CDLL(ctypes.util.find_library("X11"))
        self.xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XStringToKeysym.restype = ctypes.c_ulong
        self.x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x.XGetImage.restype = ctypes.POINTER(XImage)
        self.x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x.XFree.argtypes = [ctypes.c_void_p]
        self.x.XFlush.argtypes = [ctypes.c_void_p]
        self.x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.d = self.x.XOpenDisplay(display.encode())
        if not self.d:
            raise SystemExit(f"cannot open display {display}")
        self.root = self.x.XDefaultRootWindow(self.d)

    def keycode(self, name):
        return self.x.XKeysymToKeycode(self.d, self.x.XStringToKeysym(name.encode()))

    def press(self, *names):
        """Presses the keys in order and releases them; returns the monotonic time of
        the last press (the moment the combination is complete)."""
        codes = [self.keycode(n) for n in names]
        for code in codes[:-1]:
            self.xtst.XTestFakeKeyEvent(self.d, code, 1, 0)
        self.x.XFlush(self.d)
        t0 = time.monotonic_ns()
        self.xtst.XTestFakeKeyEvent(self.d, codes[-1], 1, 0)
        self.x.XFlush(self.d)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.d, code, 0, 0)
        self.x.XFlush(self.d)
        return t0

    def pixel(self, x, y):
        image = self.x.XGetImage(self.d, self.root, x, y, 1, 1, 0xFFFFFFFF, 2)
        if not image:
            return (0, 0, 0)
        b, g, r = image.contents.data[0], image.contents.data[1], image.contents.data[2]
        self.x.XFree(image.contents.data)
        self.x.XFree(image)
        return (r, g, b)

    def wait_pixel(self, x, y, test, timeout=10.0):
        """Polls the screen pixel until `test(rgb)`; returns the monotonic time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if test(self.pixel(x, y)):
                return time.monotonic_ns()
            time.sleep(0.0005)
        raise TimeoutError(f"pixel {x},{y} never changed as expected")

    def close(self):
        if self.d:
            self.x.XCloseDisplay(self.d)
            self.d = None


# --- the desktop ----------------------------------------------------------------------


class Desktop:
    """Xvfb (24-bit, no Composite) with openbox; sets DISPLAY (and unsets
    WAYLAND_DISPLAY) in os.environ for everything started after it. With `logs`
    (a folder), Xvfb and openbox write xvfb.log and openbox.log there."""

    def __init__(self, logs=None):
        self.logs = logs
        self.procs = []
        for _ in range(5):
            try:
                self._start()
                break
            except TimeoutError as e:
                print(f"the desktop did not start ({e}); trying again", file=sys.stderr)
                self.close()
        else:
            raise SystemExit("cannot start Xvfb and openbox")
        self.x = X(self.display)

    def _log(self, name):
        if self.logs is None:
            return subprocess.DEVNULL
        return open(os.path.join(self.logs, name), "ab")

    def _start(self):
        fd_r, fd_w = os.pipe()
        # Xvfb picks a free display and writes its number once it accepts clients.
        log = self._log("xvfb.log")
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(fd_w), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
             "-extension", "COMPOSITE", "-nolisten", "tcp"],
            pass_fds=(fd_w,), stdout=log, stderr=subprocess.STDOUT)
        os.close(fd_w)
        self.procs = [xvfb]
        # Xvfb writes the number and the newline in two writes: closing the pipe
        # after the first one would kill it (EPIPE on the second), so read to the end.
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(fd_r, 16)
            if not chunk:
                break
            number += chunk
        number = number.decode().strip()
        os.close(fd_r)
        if not number:
            raise TimeoutError("Xvfb exited without naming a display")
        self.display = f":{number}"
        os.environ["DISPLAY"] = self.display
        os.environ.pop("WAYLAND_DISPLAY", None)
        answer = {}

        def answers():
            answer["last"] = subprocess.run(["xdpyinfo"], capture_output=True, text=True)
            return answer["last"].returncode == 0
        try:
            wait_for(answers, f"Xvfb to answer on {self.display!r}", timeout=10)
        except TimeoutError as e:
            raise TimeoutError(f"{e}; xdpyinfo said: {answer['last'].stderr.strip()[:200]}") from None
        # Openbox announces itself on the root window when it manages the screen.
        # Right after Xvfb starts it sometimes exits at once with status 1 and no
        # message; then it is simply started again.
        for _ in range(5):
            openbox = subprocess.Popen(["openbox"], stdout=self._log("openbox.log"), stderr=subprocess.STDOUT)
            wait_for(lambda: openbox.poll() is not None or window_manager_ready(), "openbox", timeout=10)
            if openbox.poll() is None:
                self.procs.append(openbox)
                return
            print("openbox exited at once; starting it again", file=sys.stderr)
        raise TimeoutError("openbox keeps exiting")

    def close(self):
        if getattr(self, "x", None):
            self.x.close()
        for p in reversed(self.procs):
            p.terminate()
            p.wait()
        self.procs = []


def window_manager_ready():
    return b"window id" in subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                                          capture_output=True).stdout


class SessionBus:
    """A private D-Bus session bus (its socket in `folder`); sets
    DBUS_SESSION_BUS_ADDRESS in os.environ."""

    def __init__(self, folder):
        out = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1",
                              f"--address=unix:path={folder}/bus"], capture_output=True, text=True, check=True)
        address, pid = out.stdout.split("\n")[:2]
        self.address, self.pid = address.strip(), int(pid)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address

    def close(self):
        try:
            os.kill(self.pid, 15)
        except ProcessLookupError:
            pass


class Helper:
    """A background program whose stdout and stderr go to `log`; `ready` (a text) is
    what it prints once it serves, waited for up to 10 s."""

    def __init__(self, argv, log, ready=None, env=None):
        self.log = log
        with open(log, "wb") as f:
            self.proc = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        if ready is not None:
            wait_for(lambda: ready in self.output() or self.proc.poll() is not None, f"{argv[-1]} to be ready",
                     timeout=10, interval=0.02)
            if ready not in self.output():
                raise RuntimeError(f"{' '.join(argv)} exited ({self.proc.returncode}): {self.output()[-500:]}")

    def output(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait()


LIGHT, DARK = 2, 1  # org.freedesktop.appearance color-scheme values


class Portal:
    """Tells the fake portal (tests/desktop/fake-portal.py) to change the desktop's
    color scheme, as a user would in the desktop's settings; `scheme` is the last
    one set."""

    def __init__(self, scheme):
        self.scheme = scheme

    def set_color_scheme(self, scheme):
        subprocess.run(["dbus-send", "--session", "--type=method_call", "--dest=org.freedesktop.portal.Desktop",
                        "/org/freedesktop/portal/desktop", "org.skit.FakePortal.SetColorScheme",
                        f"uint32:{scheme}"], check=True, timeout=10)
        self.scheme = scheme


def home_env(home):
    """The environment of a user whose home is `home` (config, state, data and runtime
    folders under it; the runtime folder made, mode 700)."""
    env = {"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config", "XDG_STATE_HOME": f"{home}/.local/state",
           "XDG_DATA_HOME": f"{home}/.local/share", "XDG_RUNTIME_DIR": f"{home}/run"}
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    return env


# --- skit ---------------------------------------------------------------------------

TIMING = re.compile(r'event="(\w+)" t_ns=(\d+)(?: since_start_ms=([\d.]+))?(?: count=(\d+) took_ms=([\d.]+))?'
                    r'(?: rendered_ns=(\d+))?(?: rows=(\d+) settled=(\w+) events=(\d+) query=(.*))?')

# The frame-stats layer's line per present, and gpui's per frame (ZED_MEASUREMENTS=1).
LAYER_NAME = "VK_LAYER_SKIT_frame_stats"
LAYER_LINE = re.compile(r"frame_stats_layer frame=\d+ draws=\d+(.*) size=(\d+)x(\d+) "
                        r"gpu_ms=([\d.]+) gpu_cpu_ms=([\d.]+) t_ns=(\d+)")
LAYER_KIND = re.compile(r"(\w+)=(\d+)/(\d+)px")
GPUI_DURATION = re.compile(r"frame duration: ([\d.]+)(ms|µs|s)$")


class Skit:
    """A running skit (`binary` with `args`), its output read as it comes: written
    to `log` (a file name) when given, its `skit::timing` events in `events`; with
    the frame-stats layer loaded (`extra_env=layer_env(...)`) also a `present`
    event per present (its numbers in `presents`), and with ZED_MEASUREMENTS=1
    gpui's frame durations (`durations`).

    The environment is `env` (default os.environ) with SKIT_LOG set to `log_filter`
    and `extra_env` on top."""

    def __init__(self, binary, home=None, args=(), extra_env=None, log=None, env=None,
                 log_filter="skit::timing=info,warn"):
        self.binary, self.home = binary, home
        self.env = {**(os.environ if env is None else env), "SKIT_LOG": log_filter, **(extra_env or {})}
        self.log = open(log, "w", encoding="utf-8") if log else None
        self.t_start = time.monotonic_ns()
        self.proc = subprocess.Popen([binary, *args], env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     errors="replace")
        self.events, self.presents, self.durations = [], [], []
        self.warnings = []  # skit's WARN lines (the first 1,000)
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    @property
    def pid(self):
        """The launcher's pid: `skit` started from a terminal is a supervisor that
        runs the launcher as its child (src/crash.rs); memory and CPU are the child's."""
        with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
            children = f.read().split()
        return int(children[0]) if children else self.proc.pid

    def _read(self):
        for line in self.proc.stdout:
            if self.log:
                self.log.write(line)
                self.log.flush()
            if " WARN " in line and len(self.warnings) < 1000:
                self.warnings.append(line.strip())
            m = GPUI_DURATION.search(line.strip())
            if m:
                self.durations.append(float(m.group(1)) * {"ms": 1, "µs": 1e-3, "s": 1e3}[m.group(2)])
                continue
            m = LAYER_LINE.search(line)
            if m:
                kinds = {k: (int(n), int(px)) for k, n, px in LAYER_KIND.findall(m.group(1))}
                present = {"kinds": kinds, "width": int(m.group(2)), "height": int(m.group(3)),
                           "gpu_ms": float(m.group(4)), "cpu_ms": float(m.group(5)), "t": int(m.group(6))}
                self.presents.append(present)
                event = {"event": "present", "t": present["t"]}
            else:
                m = TIMING.search(line)
                if not m:
                    continue
                event = {"event": m.group(1), "t": int(m.group(2))}
                if m.group(3):
                    event["since_start_ms"] = float(m.group(3))
                if m.group(4):
                    event.update(count=int(m.group(4)), took_ms=float(m.group(5)))
                if m.group(6):
                    event["rendered"] = int(m.group(6))
                if m.group(7):
                    event.update(rows=int(m.group(7)), settled=m.group(8) == "true", events=int(m.group(9)),
                                 query=m.group(10).strip())
            with self.cond:
                self.events.append(event)
                self.cond.notify_all()
        if self.log:
            self.log.close()

    def wait_event(self, test, after=0, timeout=20.0):
        """The first timing event after monotonic time `after` matching `test`."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.events:
                    if e["t"] >= after and test(e):
                        return e
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("skit reported no such frame")
                self.cond.wait(remaining)

    def command(self, *args, input=None, timeout=30):
        """`skit ARGS...` in this skit's environment (a client of the running one)."""
        return subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=timeout,
                              env=self.env, input=input)

    def state(self):
        """`skit state`, parsed."""
        return json.loads(self.command("state").stdout)

    def wait_state(self, test, timeout=20.0):
        """Polls `skit state` until `test(state)`; returns that state."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state = self.state()
                if test(state):
                    return state
            except (ValueError, subprocess.TimeoutExpired):
                pass
            time.sleep(0.01)
        raise TimeoutError("skit never reached the expected state")

    def wait_exit(self, timeout=30):
        """Its exit code, once it has exited and its output is read."""
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return code

    def quit(self):
        """`skit quit`; returns the exit code."""
        self.command("quit")
        return self.wait_exit()

    def kill(self):
        """Ends it at once (a test that failed half way), its launcher child too."""
        if self.proc.poll() is None:
            try:
                children = open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read().split()
            except OSError:
                children = []
            self.proc.kill()
            for child in children:
                try:
                    os.kill(int(child), 9)
                except (ProcessLookupError, ValueError):
                    pass
        self.wait_exit()


# --- the frame-stats layer (benches/desktop/frame_stats_layer.c) ------------------------


def build_layer(out_dir):
    """Compiles the frame-stats Vulkan layer (a line per present: what it drew, what
    it cost) and writes its manifest; returns the folder for VK_LAYER_PATH."""
    folder = os.path.join(os.path.abspath(out_dir), "layer")
    os.makedirs(folder, exist_ok=True)
    library = os.path.join(folder, "libVkLayer_skit_frame_stats.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-Wall", "-Wl,-soname,libVkLayer_skit_frame_stats.so",
                    "-o", library, os.path.join(ROOT, "benches", "desktop", "frame_stats_layer.c")], check=True)
    with open(os.path.join(folder, "VkLayer_skit_frame_stats.json"), "w") as f:
        json.dump({"file_format_version": "1.1.2", "layer": {
            "name": LAYER_NAME, "type": "GLOBAL", "library_path": "./libVkLayer_skit_frame_stats.so",
            "api_version": "1.3.239", "implementation_version": "1",
            "description": "skit: gpui's primitives and shaded pixels per frame"}}, f)
    return folder


def layer_env(folder):
    return {"VK_LAYER_PATH": folder, "VK_INSTANCE_LAYERS": LAYER_NAME, "SKIT_FRAME_STATS_LAYER_PRINT": "1"}
