#!/usr/bin/python3
"""The desktop benchmarks of skit, measured side by side with rofi and fzf in the
same run, on the same Xvfb + openbox + lavapipe desktop the desktop test uses.

    benches/desktop/bench.py SKIT_BINARY OUT_DIR [--quick] [--only=PART,...] [--baseline=BINARY]

Writes OUT_DIR/results.json; benches/desktop/report.py turns it into
BENCHMARKS.md and the chart. Keys are sent through XTEST (libXtst, via ctypes) so
the harness knows the moment a key was pressed; skit reports when it presented a
frame (`skit::timing` events, CLOCK_MONOTONIC, the same clock as time.monotonic_ns);
windows are also watched from outside by reading screen pixels, which is how rofi
is measured.
"""

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# The desktop, skit running on it, XTEST keys and screen pixels: shared with the
# desktop test (tests/desktop/desktop.py).
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "desktop"))
from desktop import SCREEN, Desktop, Skit, build_layer, home_env, layer_env, wait_for  # noqa: E402

QUICK = "--quick" in sys.argv

def make_home(root, scripts=None, config='{"theme": "light", "hideOnBlur": false}'):
    home = tempfile.mkdtemp(dir=root)
    env = home_env(home)
    sdir = f"{home}/.config/skit/scripts"
    os.makedirs(sdir)
    with open(f"{home}/.config/skit/config.json", "w") as f:
        f.write(config)
    for name, text in (scripts or {}).items():
        with open(os.path.join(sdir, name), "w") as f:
            f.write(text)
    return home, env


def use_home(env):
    os.environ.update(env)
    os.environ.pop("SKIT_SCRIPTS_DIR", None)


# Where the launcher window's query field is: centred, top at a fifth of the height.
QUERY_PIXEL = (SCREEN[0] // 2, SCREEN[1] // 5 + 28)
LIGHT_BACKGROUND = (0xFA, 0xFA, 0xFB)


def is_background(rgb):
    return all(abs(a - b) <= 2 for a, b in zip(rgb, LIGHT_BACKGROUND))


def is_black(rgb):
    return rgb == (0, 0, 0)


def ms(ns):
    return ns / 1e6


# --- the measurements -------------------------------------------------------------------

def cold_start(desk, binary, root, runs):
    """Process start → window viewable and drawn (pixel), and skit's own first frame."""
    home, env = make_home(root, {"hello.sh": "# Name: Hello\n"})
    use_home(env)
    outside, own = [], []
    for _ in range(runs):
        skit = Skit(binary, home, ["--show"])
        t_drawn = desk.x.wait_pixel(*QUERY_PIXEL, is_background)
        first = skit.wait_event(lambda e: e["event"] == "first_frame")
        outside.append(ms(t_drawn - skit.t_start))
        own.append(ms(first["t"] - skit.t_start))
        skit.quit()
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
    return {"skit_pixel": outside, "skit_own": own}


def rofi_cold_start(desk, runs):
    """`rofi -show run`: process start → its window drawn (the screen centre changes)."""
    times = []
    centre = (SCREEN[0] // 2, SCREEN[1] // 2)
    for _ in range(runs):
        t0 = time.monotonic_ns()
        proc = subprocess.Popen(["rofi", "-show", "run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t_drawn = desk.x.wait_pixel(*centre, lambda rgb: not is_black(rgb))
        times.append(ms(t_drawn - t0))
        proc.terminate()
        proc.wait()
        desk.x.wait_pixel(*centre, is_black)
    return times


def hotkey(desk, binary, root, presses, extra_env=None):
    """skit running and hidden: the hotkey → window drawn (skit's frame, and pixels)."""
    home, env = make_home(root, {f"script-{i}.sh": f"# Name: Script {i}\n" for i in range(50)})
    use_home(env)
    skit = Skit(binary, home, extra_env=extra_env)
    skit.wait_state(lambda s: s["visible"] is False)
    time.sleep(1.0)  # let start-up work (fonts, shaders) finish before measuring
    own, outside, handled, mapped = [], [], [], []
    for _ in range(presses):
        t0 = desk.x.press("Control_L", "Alt_L", "space")
        t_pixel = desk.x.wait_pixel(*QUERY_PIXEL, is_background)
        got = skit.wait_event(lambda e: e["event"] == "hotkey", after=t0)
        mapped_at = skit.wait_event(lambda e: e["event"] == "mapped", after=t0)
        frame = skit.wait_event(lambda e: e["event"] == "frame", after=mapped_at["t"])
        handled.append(ms(got["t"] - t0))
        mapped.append(ms(mapped_at["t"] - t0))
        own.append(ms(frame["t"] - t0))
        outside.append(ms(t_pixel - t0))
        desk.x.press("Escape")
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
        skit.wait_state(lambda s: s["visible"] is False)
    skit.quit()
    return {"own": own, "pixel": outside, "handled": handled, "mapped": mapped}


WORDS = ["open", "git", "hub", "clip", "board", "note", "timer", "search", "web", "emoji", "project",
         "docker", "kill", "port", "upload", "screenshot", "translate", "weather", "focus", "mode"]


def choice_names(count):
    state = 0x2545F491
    names = []
    for i in range(count):
        words = []
        for _ in range(3):
            state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
            state ^= state >> 7
            state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
            words.append(WORDS[state % len(WORDS)].capitalize())
        names.append(" ".join(words) + f" {i}")
    return names


TYPED = "clipwe"


def drawn_at(skit, frame):
    """When `frame` (a timing event) reached the screen: the first present after its
    render began (the frame-stats layer's event), or without the layer skit's own
    event (which can come before the present: see src/app/timing.rs)."""
    if "rendered" not in frame or not skit.presents:
        return frame["t"]
    return skit.wait_event(lambda e: e["event"] == "present", after=frame["rendered"])["t"]


def typing(desk, binary, root, rounds, choices_file, layer=None, extra_env=None):
    """An arg prompt with 100,000 choices: each keystroke → list updated and drawn."""
    script = f"""# Name: Typing Bench
import json, sys
names = open({choices_file!r}).read().splitlines()
print(json.dumps({{"type": "arg", "id": "1", "placeholder": "Filter", "choices": []}}), flush=True)
# Streamed in parts: one line holds at most 1 MiB.
for start in range(0, len(names), 10000):
    part = names[start:start + 10000]
    print(json.dumps({{"type": "setChoices", "id": "1", "choices": part, "append": True}}), flush=True)
sys.stdin.readline()
"""
    home, env = make_home(root, {"typing-bench.py": script})
    use_home(env)
    skit = Skit(binary, home, extra_env={**(extra_env or {}), **(layer_env(layer) if layer else {})})
    skit.wait_state(lambda s: s["visible"] is False)
    skit.command("run", "Typing Bench")
    count = len(open(choices_file).read().splitlines())
    skit.wait_event(lambda e: e["event"] == "frame" and e.get("rows") == count and e.get("query") == ""
                    and e.get("settled"), timeout=60)
    latencies = []
    for _ in range(rounds):
        for i, c in enumerate(TYPED):
            prefix = TYPED[: i + 1]
            t0 = desk.x.press(c)
            frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix and e.get("settled"),
                                    after=t0)
            latencies.append(ms(drawn_at(skit, frame) - t0))
        t0 = desk.x.press("Control_L", "a")
        t0 = desk.x.press("BackSpace")
        skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == "" and e.get("rows") == count
                        and e.get("settled"), after=t0)
    skit.quit()
    return latencies


def script_typing(desk, binary, root, rounds, layer=None):
    """A live prompt (protocol 1.1, `filter: "script"`, no debounce) whose script
    answers every `input` at once: keystroke → the script's rows drawn. Beside the
    skit-filtered figure it shows what the round trip through a script costs."""
    script = """# Name: Live Bench
import json, sys
print(json.dumps({"type": "arg", "id": "1", "filter": "script", "debounce": 0}), flush=True)
for line in sys.stdin:
    m = json.loads(line)
    if m.get("type") != "input":
        break
    # As many rows as the query is long, plus 10: each answer is told apart by its size.
    rows = [f"{m['value']} {i}" for i in range(len(m["value"]) + 10)]
    print(json.dumps({"type": "setChoices", "id": "1", "seq": m["seq"], "choices": rows}), flush=True)
"""
    home, env = make_home(root, {"live-bench.py": script})
    use_home(env)
    skit = Skit(binary, home, extra_env=layer and layer_env(layer))
    skit.wait_state(lambda s: s["visible"] is False)
    skit.command("run", "Live Bench")
    skit.wait_event(lambda e: e["event"] == "frame" and e.get("rows") == 10 and e.get("query") == "")
    latencies = []
    for _ in range(rounds):
        for i, c in enumerate(TYPED):
            prefix = TYPED[: i + 1]
            t0 = desk.x.press(c)
            frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix
                                    and e.get("rows") == len(prefix) + 10, after=t0)
            latencies.append(ms(drawn_at(skit, frame) - t0))
        t0 = desk.x.press("Control_L", "a")
        t0 = desk.x.press("BackSpace")
        skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == "" and e.get("rows") == 10,
                        after=t0)
    skit.quit()
    return latencies


def apps(desk, binary, root, rounds, layer=None):
    """2,000 desktop entries: start → applications read (skit's event), and a
    keystroke in the list of 1,000 scripts and 2,000 applications → drawn."""
    data = os.path.join(root, "apps-data")
    folder = os.path.join(data, "applications")
    os.makedirs(folder)
    names = choice_names(2000)
    for i, name in enumerate(names):
        with open(os.path.join(folder, f"bench-app-{i}.desktop"), "w") as f:
            f.write(f"[Desktop Entry]\nType=Application\nName={name}\nGenericName=Bench tool\n"
                    f"Keywords=bench;tool;{i};\nExec=true\nIcon=bench-{i}\n")
    scripts = {f"script-{i}.sh": f"# Name: {n}\n" for i, n in enumerate(choice_names(1000))}
    home, env = make_home(root, scripts)
    use_home(env)
    # The system folders stay: the Vulkan loader finds its drivers through them.
    os.environ["XDG_DATA_DIRS"] = f"{data}:/usr/local/share:/usr/share"
    loaded, latencies = [], []
    for run in range(rounds):
        skit = Skit(binary, home, ["--show"], extra_env=layer and layer_env(layer))
        event = skit.wait_event(lambda e: e["event"] == "apps_loaded" and e.get("count", 0) >= 2000, timeout=60)
        loaded.append(event["took_ms"])
        if run == 0:
            skit.wait_event(lambda e: e["event"] == "frame" and e.get("rows", 0) >= 3000)
            for i, c in enumerate(TYPED):
                prefix = TYPED[: i + 1]
                t0 = desk.x.press(c)
                frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix, after=t0)
                latencies.append(ms(drawn_at(skit, frame) - t0))
        skit.quit()
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
    del os.environ["XDG_DATA_DIRS"]
    return {"loaded_ms": loaded, "typing": latencies}


def fzf(choices_file, rounds):
    """`fzf --filter` over the same lines, for each prefix of the typed query."""
    per_query = {}
    for i in range(len(TYPED)):
        prefix = TYPED[: i + 1]
        times = []
        for _ in range(rounds):
            with open(choices_file) as f:
                t0 = time.monotonic_ns()
                subprocess.run(["fzf", "--filter", prefix], stdin=f, stdout=subprocess.DEVNULL)
                times.append(ms(time.monotonic_ns() - t0))
        per_query[prefix] = times
    return per_query


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def smaps_breakdown(pid):
    """Resident memory by mapping, largest first (what skit's RSS is made of)."""
    sizes = {}
    current = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                current = parts[5] if len(parts) > 5 else "[anonymous]"
                current = os.path.basename(current) if current.startswith("/") else current
            elif parts[0] == "Rss:":
                sizes[current] = sizes.get(current, 0) + int(parts[1])
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:8]


def context_switches(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def idle(desk, binary, root, seconds):
    """Memory with 1,000 scripts (skit vs rofi with 1,000 entries), and the cost of a
    hidden skit over `seconds`, its clipboard history on (the watcher waits on the X
    connection; a copy just before the quiet time shows it is running), with a
    schedule, a watched folder, a background script and ten inline script commands
    waiting (they must cost nothing between events)."""
    scripts = {f"script-{i:04}.sh": f"# Name: Script {i}\n# Description: number {i}\n" for i in range(1000)}
    scripts["idle-schedule.sh"] = "# Name: Idle Schedule\n# Schedule: 0 0 1 1 *\necho new year\n"
    scripts["idle-watch.sh"] = "# Name: Idle Watch\n# Watch: ~/watched/*\necho \"$1\"\n"
    scripts["idle-background.sh"] = "# Name: Idle Background\n# Background: true\nexec sleep 100000\n"
    # Ten Raycast inline script commands: refreshed while the launcher shows, not
    # while it is hidden (their clock waits without a timer then).
    for i in range(10):
        scripts[f"inline-{i}.sh"] = (f"#!/bin/bash\n# @raycast.schemaVersion 1\n# @raycast.title Inline {i}\n"
                                     f"# @raycast.mode inline\n# @raycast.refreshTime 10s\ndate +%s\n")
    home, env = make_home(root, scripts,
                          config='{"theme": "light", "hideOnBlur": false, "clipboard": {"enabled": true}}')
    os.makedirs(f"{home}/watched")
    use_home(env)
    skit = Skit(binary, home)
    skit.wait_state(lambda s: s["visible"] is False)
    desk.x.press("Control_L", "Alt_L", "space")
    desk.x.wait_pixel(*QUERY_PIXEL, is_background)
    time.sleep(1.0)
    rss_visible = rss_kib(skit.pid)
    breakdown = smaps_breakdown(skit.pid)
    # One keystroke in the shown launcher: the CPU it costs over the next 2 s
    # (its frame and ranking; unpatched gpui 0.2.2 also redrew the unchanged scene
    # at the display's rate for a second after it).
    keystroke_ticks = []
    for key in "scr":
        ticks0 = cpu_ticks(skit.pid)
        desk.x.press(key)
        time.sleep(2.0)
        keystroke_ticks.append(cpu_ticks(skit.pid) - ticks0)
    desk.x.press("Control_L", "a")
    desk.x.press("BackSpace")
    desk.x.press("Escape")
    skit.wait_state(lambda s: s["visible"] is False)
    copy_text("copied before the quiet time")
    db = f"{home}/.local/state/skit/clipboard.sqlite3"
    wait_for(lambda: history_count(db) == 1, "the clipboard history to record a copy")
    time.sleep(1.0)
    rss_hidden = rss_kib(skit.pid)
    ticks0, switches0 = cpu_ticks(skit.pid), context_switches(skit.pid)
    time.sleep(seconds)
    ticks1, switches1 = cpu_ticks(skit.pid), context_switches(skit.pid)
    skit.quit()

    lines = "\n".join(f"Entry {i}" for i in range(1000))
    rofi = subprocess.Popen(["rofi", "-dmenu"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    rofi.stdin.write(lines + "\n")
    rofi.stdin.flush()
    desk.x.wait_pixel(SCREEN[0] // 2, SCREEN[1] // 2, lambda rgb: not is_black(rgb))
    time.sleep(1.0)
    rofi_rss = rss_kib(rofi.pid)
    rofi.terminate()
    rofi.wait()
    return {"skit_rss_visible_kib": rss_visible, "skit_rss_hidden_kib": rss_hidden,
            "skit_rss_breakdown_kib": breakdown, "rofi_rss_kib": rofi_rss,
            "hidden_seconds": seconds, "hidden_cpu_ticks": ticks1 - ticks0,
            "hidden_context_switches": switches1 - switches0, "clipboard_history": True,
            "keystroke_cpu_ticks": keystroke_ticks}


def copy_text(text):
    """Puts `text` on the CLIPBOARD with xclip (which forks and serves it)."""
    subprocess.run(["xclip", "-selection", "clipboard", "-i"], input=text.encode(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def history_count(db):
    """Entries in skit's clipboard history (0 while it cannot be read)."""
    import sqlite3
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    except sqlite3.Error:
        return 0


def clipboard_open(desk, binary, root, runs, entries=1000):
    """A clipboard history of `entries` copies (made with xclip, recorded by skit's
    watcher): its hotkey → the history drawn, and how many rows the first frame
    after the window is mapped already shows (all of them: the list is in memory)."""
    home, env = make_home(root)
    use_home(env)
    skit = Skit(binary, home)
    skit.wait_state(lambda s: s["visible"] is False)
    db = f"{home}/.local/state/skit/clipboard.sqlite3"
    for i in range(entries):
        copy_text(f"clipboard entry {i:04} {WORDS[i % len(WORDS)]}")
        wait_for(lambda: history_count(db) > i, f"copy {i} to be recorded", timeout=10)
    time.sleep(1.0)
    first_rows, own, pixel = [], [], []
    for _ in range(runs):
        t0 = desk.x.press("Control_L", "Alt_L", "v")
        t_pixel = desk.x.wait_pixel(*QUERY_PIXEL, is_background)
        mapped = skit.wait_event(lambda e: e["event"] == "mapped", after=t0)
        frame = skit.wait_event(lambda e: e["event"] == "frame", after=mapped["t"])
        first_rows.append(frame["rows"])
        own.append(ms(frame["t"] - t0))
        pixel.append(ms(t_pixel - t0))
        desk.x.press("Escape")
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
        skit.wait_state(lambda s: s["visible"] is False)
    skit.quit()
    return {"entries": entries, "first_frame_rows": first_rows, "own": own, "pixel": pixel}


def protocol(desk, binary, root, rounds, flood, layer=None):
    """In the window: a script's arg → frame drawn; Enter → the script has the answer;
    and how fast a script can push messages into a visible window."""
    work = tempfile.mkdtemp(dir=root)
    script = f"""# Name: Protocol Bench
import json, os, sys, time
out = open({work + '/times'!r}, "w")
for i in range({rounds}):
    sent = time.monotonic_ns()
    print(json.dumps({{"type": "arg", "id": str(i), "placeholder": "Round " + str(i)}}), flush=True)
    sys.stdin.readline()
    out.write(f"{{sent}} {{time.monotonic_ns()}}\\n")
    out.flush()
start = time.monotonic_ns()
sys.stdout.write("".join(f"progress line {{n}}\\n" for n in range({flood})))
sys.stdout.flush()
end = time.monotonic_ns()
out.write(f"flood {{start}} {{end}}\\n")
out.flush()
sys.stdin.readline()
"""
    home, env = make_home(root, {"protocol-bench.py": script})
    use_home(env)
    skit = Skit(binary, home, extra_env=layer and layer_env(layer))
    skit.wait_state(lambda s: s["visible"] is False)
    skit.command("run", "Protocol Bench")
    shown, answered = [], []
    for i in range(rounds):
        frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("events") == i + 1 and e.get("query") == "")
        t_enter = desk.x.press("Return")
        deadline = time.monotonic() + 10
        while True:
            lines = open(f"{work}/times").read().splitlines()
            if len(lines) > i:
                sent, received = map(int, lines[i].split())
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the script got no answer")
            time.sleep(0.0005)
        shown.append(ms(drawn_at(skit, frame) - sent))
        answered.append(ms(received - t_enter))
    total = rounds + flood
    frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("events") == total, timeout=60)
    deadline = time.monotonic() + 10
    while not any(l.startswith("flood") for l in open(f"{work}/times").read().splitlines()):
        if time.monotonic() > deadline:
            raise TimeoutError("no flood times")
        time.sleep(0.01)
    _, start, end = [l for l in open(f"{work}/times").read().splitlines() if l.startswith("flood")][0].split()
    start, end = int(start), int(end)
    skit.quit()
    return {"arg_to_frame_ms": shown, "enter_to_script_ms": answered,
            "flood_messages": flood, "flood_ms": ms(frame["t"] - start),
            "flood_lag_after_last_write_ms": ms(frame["t"] - end)}


# --- load ---------------------------------------------------------------------------

def proc_status(pid, field):
    """A number from /proc/PID/status (VmRSS, VmHWM in KiB; Threads)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Watcher:
    """While a load runs: skit's resident memory every 20 ms (its highest), and how
    long `skit state` (answered on the UI thread) takes, back to back: a frozen UI
    shows as one long answer."""

    def __init__(self, skit):
        self.skit, self.pid = skit, skit.pid
        self.rss_max, self.answers = 0, []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._memory, daemon=True),
                        threading.Thread(target=self._ui, daemon=True)]
        for t in self.threads:
            t.start()

    def _memory(self):
        while not self.stop.is_set():
            try:
                self.rss_max = max(self.rss_max, rss_kib(self.pid))
            except OSError:
                return
            time.sleep(0.02)

    def _ui(self):
        while not self.stop.is_set():
            t0 = time.monotonic_ns()
            try:
                ok = self.skit.command("state").returncode == 0
            except subprocess.TimeoutExpired:
                ok = False
            self.answers.append(ms(time.monotonic_ns() - t0) if ok else 30_000.0)
            time.sleep(0.05)

    def done(self):
        self.stop.set()
        for t in self.threads:
            t.join()
        return {"rss_max_kib": self.rss_max, "state_ms": self.answers}


def idle_state_ms(skit, n=10):
    """`skit state` round trips of an idle skit: the baseline for Watcher's."""
    times = []
    for _ in range(n):
        t0 = time.monotonic_ns()
        skit.command("state")
        times.append(ms(time.monotonic_ns() - t0))
    return times


def load_scripts(desk, binary, root, count, runs):
    """`count` scripts: start (exec → the first frame listing them all), a search
    in them (keystroke → settled frame), and resident memory."""
    names = choice_names(count)
    scripts = {f"script-{i:05}.sh": f"# Name: {n}\n# Description: number {i}\necho {i}\n"
               for i, n in enumerate(names)}
    home, env = make_home(root, scripts)
    use_home(env)
    first, listed, typing_ms, rss = [], [], [], []
    for run in range(runs):
        skit = Skit(binary, home, ["--show"])
        frame = skit.wait_event(lambda e: e["event"] == "first_frame", timeout=60)
        first.append(ms(frame["t"] - skit.t_start))
        full = skit.wait_event(lambda e: e["event"] == "frame" and e.get("rows", 0) >= count, timeout=60)
        listed.append(ms(full["t"] - skit.t_start))
        if run == 0:
            time.sleep(0.5)
            for _ in range(3):
                for i, c in enumerate(TYPED):
                    prefix = TYPED[: i + 1]
                    t0 = desk.x.press(c)
                    frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix
                                            and e.get("settled"), after=t0)
                    typing_ms.append(ms(frame["t"] - t0))
                desk.x.press("Control_L", "a")
                t0 = desk.x.press("BackSpace")
                skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == ""
                                and e.get("rows", 0) >= count, after=t0)
            rss.append(rss_kib(skit.pid))
        skit.quit()
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
    return {"count": count, "first_frame_ms": first, "listed_ms": listed, "typing_ms": typing_ms,
            "rss_kib": rss[0]}


def settled_skit(binary, root, scripts, folders=()):
    """A fresh skit with `scripts` (and `folders` made in its home), hidden and done
    starting: it, its home, its resident memory and idle `skit state` times, for a
    load to start from."""
    home, env = make_home(root, scripts)
    for folder in folders:
        os.makedirs(os.path.join(home, folder))
    use_home(env)
    skit = Skit(binary, home)
    skit.wait_state(lambda s: s["visible"] is False)
    time.sleep(1.0)
    return skit, home, rss_kib(skit.pid), idle_state_ms(skit)


def load_arg(desk, binary, root, count):
    """An `arg` prompt whose script streams `count` choices (setChoices with
    append, 10,000 a line): load time, keystrokes, and memory with them, and after
    the prompt is gone."""
    work = tempfile.mkdtemp(dir=root)
    choices_file = os.path.join(work, "choices.txt")
    with open(choices_file, "w") as f:
        f.write("\n".join(choice_names(count)) + "\n")
    script = f"""# Name: Million Bench
import json, sys
names = open({choices_file!r}).read().splitlines()
print(json.dumps({{"type": "arg", "id": "1", "placeholder": "Filter", "choices": []}}), flush=True)
for start in range(0, len(names), 10000):
    print(json.dumps({{"type": "setChoices", "id": "1", "choices": names[start:start + 10000],
                      "append": True}}), flush=True)
sys.stdin.readline()
"""
    skit, _, rss_before, baseline = settled_skit(binary, root, {"million-bench.py": script})
    watcher = Watcher(skit)
    t0 = time.monotonic_ns()
    skit.command("run", "Million Bench")
    loaded = skit.wait_event(lambda e: e["event"] == "frame" and e.get("rows") == count and e.get("query") == ""
                             and e.get("settled"), after=t0, timeout=180)
    load_ms = ms(loaded["t"] - t0)
    time.sleep(1.0)
    rss_loaded = rss_kib(skit.pid)
    typing_ms = []
    for i, c in enumerate(TYPED):
        prefix = TYPED[: i + 1]
        t1 = desk.x.press(c)
        frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix and e.get("settled"),
                                after=t1, timeout=60)
        typing_ms.append(ms(frame["t"] - t1))
    desk.x.press("Escape")
    skit.wait_state(lambda s: s.get("prompt") is None, timeout=30)
    time.sleep(2.0)
    seen = watcher.done()
    rss_after = rss_kib(skit.pid)
    peak = proc_status(skit.pid, "VmHWM")
    skit.quit()
    return {"count": count, "json_bytes": os.path.getsize(choices_file) + 4 * count, "load_ms": load_ms,
            "typing_ms": typing_ms, "rss_before_kib": rss_before, "rss_loaded_kib": rss_loaded,
            "rss_after_kib": rss_after, "rss_peak_kib": peak, "idle_state_ms": baseline,
            "state_ms": seen["state_ms"]}


def load_watch(desk, binary, root, seconds, rate):
    """A `Watch:` script over a folder receiving `rate` file events a second for
    `seconds`: first each event a new file (nothing to coalesce), then one file
    rewritten `rate` times a second (all of it coalesced). Counts the runs, what was
    dropped, skit's memory and its UI's answers meanwhile."""
    work = tempfile.mkdtemp(dir=root)
    runs_file = os.path.join(work, "runs.txt")
    script = f"""# Name: Flood Watch
# Watch: ~/flood/*
echo "$EPOCHREALTIME $2 $1" >> {runs_file}
"""
    skit, home, rss_before, baseline = settled_skit(binary, root, {"flood-watch.sh": script}, ["flood"])
    folder = os.path.join(home, "flood")

    def runs():
        try:
            with open(runs_file) as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def settle(previous):
        """Waits until no run has started for 2 s; returns the runs."""
        last, since = len(runs()), time.monotonic()
        deadline = time.monotonic() + 120
        while time.monotonic() - since < 2.0 and time.monotonic() < deadline:
            time.sleep(0.1)
            n = len(runs())
            if n != last:
                last, since = n, time.monotonic()
        return runs()[previous:]

    def flood(path_of):
        events = rate * seconds
        start = time.monotonic()
        for i in range(events):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with open(path_of(i), "w") as f:
                f.write(f"event {i}\n")
        return events, time.monotonic() - start

    phases = {}
    for phase, path_of in (("new_files", lambda i: os.path.join(folder, f"new-{i:06}.txt")),
                           ("one_file", lambda i: os.path.join(folder, "rewritten.txt"))):
        done = len(runs())
        watcher = Watcher(skit)
        events, took = flood(path_of)
        flood_end = time.time()
        got = settle(done)
        seen = watcher.done()
        ends = [float(line.split()[0].replace(",", ".")) for line in got]
        phases[phase] = {"events": events, "seconds": took, "runs": len(got),
                         "kinds": sorted({line.split()[1] for line in got}),
                         "drained_after_s": (max(ends) - flood_end) if ends else 0.0,
                         "rss_max_kib": seen["rss_max_kib"], "state_ms": seen["state_ms"]}
    log = os.path.join(home, ".local/state/skit/logs/flood-watch.sh.log")
    log_text = "".join(open(p, errors="replace").read() for p in (log + ".1", log) if os.path.exists(p))
    warnings = skit.warnings
    rss_after = rss_kib(skit.pid)
    skit.quit()
    return {"rate": rate, "phases": phases, "rss_before_kib": rss_before, "rss_after_kib": rss_after,
            "idle_state_ms": baseline, "queue_drops_logged": log_text.count("dropped the oldest"),
            "watch_warnings": sum(1 for w in warnings if "watch" in w or "file changes" in w)}


def load_background(desk, binary, root, count, seconds):
    """`count` `Background: true` scripts, each printing a line a second: start →
    all running, skit's memory, threads and CPU while they run, and `skit quit`
    stopping every one."""
    work = tempfile.mkdtemp(dir=root)
    scripts = {f"background-{i:02}.sh": f"# Name: Background {i}\n# Background: true\n"
                                        f"echo $$ > {work}/pid-{i}\nwhile true; do echo tick; sleep 1; done\n"
               for i in range(count)}
    home, env = make_home(root, scripts)
    use_home(env)
    skit = Skit(binary, home)

    def pids():
        return [int(open(os.path.join(work, n)).read() or 0) for n in os.listdir(work) if n.startswith("pid-")]
    wait_for(lambda: len(pids()) == count, f"{count} background scripts to start", timeout=60)
    all_running_ms = ms(time.monotonic_ns() - skit.t_start)
    time.sleep(2.0)
    ticks0 = cpu_ticks(skit.pid)
    watcher = Watcher(skit)
    time.sleep(seconds)
    seen = watcher.done()
    ticks = cpu_ticks(skit.pid) - ticks0
    threads, rss = proc_status(skit.pid, "Threads"), rss_kib(skit.pid)
    running = pids()
    t0 = time.monotonic_ns()
    skit.quit()
    quit_ms = ms(time.monotonic_ns() - t0)
    time.sleep(1.0)
    def alive(pid):
        """Running (a stopped script's zombie, left to a PID 1 that does not reap, is not)."""
        try:
            return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    left = [p for p in running if alive(p)]
    return {"count": count, "all_running_ms": all_running_ms, "seconds": seconds, "cpu_ticks": ticks,
            "threads": threads, "rss_kib": rss, "rss_max_kib": seen["rss_max_kib"], "state_ms": seen["state_ms"],
            "quit_ms": quit_ms, "left_running": len(left)}


def load_output(desk, binary, root, total, line_bytes):
    """A script in the window writing `total` bytes of plain output in lines of
    `line_bytes`: how fast it goes through, and skit's memory (the highest while it
    writes, and with the output kept)."""
    lines = total // line_bytes
    script = f"""# Name: Output Bench
import sys
print('{{"type": "show"}}', flush=True)
line = ("x" * ({line_bytes} - 1) + "\\n").encode()
block = line * max(1, (1 << 20) // len(line))
per_block = (1 << 20) // len(line) or 1
written = 0
while written + per_block <= {lines}:
    sys.stdout.buffer.write(block)
    written += per_block
sys.stdout.buffer.write(line * ({lines} - written))
sys.stdout.buffer.flush()
sys.stdin.readline()
"""
    skit, _, rss_before, baseline = settled_skit(binary, root, {"output-bench.py": script})
    watcher = Watcher(skit)
    t0 = time.monotonic_ns()
    skit.command("run", "Output Bench")
    frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("events", 0) >= lines + 1, after=t0,
                            timeout=300)
    took = ms(frame["t"] - t0)
    time.sleep(1.0)
    seen = watcher.done()
    rss_kept = rss_kib(skit.pid)
    desk.x.press("Escape")
    skit.wait_state(lambda s: s.get("prompt") is None and s["visible"] is True, timeout=30)
    peak = proc_status(skit.pid, "VmHWM")
    skit.quit()
    return {"bytes": lines * line_bytes, "line_bytes": line_bytes, "lines": lines, "ms": took,
            "rss_before_kib": rss_before, "rss_max_kib": max(seen["rss_max_kib"], rss_kept),
            "rss_kept_kib": rss_kept, "rss_peak_kib": peak, "idle_state_ms": baseline, "state_ms": seen["state_ms"]}


def load(desk, binary, root):
    """Issue 23's loads, each on a fresh skit (so its highest memory is its own)."""
    gib = 1 << 30
    total = gib // 4 if QUICK else gib
    result = {}
    print("  10,000 scripts…", flush=True)
    result["scripts"] = load_scripts(desk, binary, root, 10_000, 2 if QUICK else 5)
    print("  an arg with 1,000,000 choices…", flush=True)
    result["arg"] = load_arg(desk, binary, root, 1_000_000)
    print("  a watched folder at 1,000 events/s…", flush=True)
    result["watch"] = load_watch(desk, binary, root, 3 if QUICK else 10, 1000)
    print("  50 background scripts…", flush=True)
    result["background"] = load_background(desk, binary, root, 50, 5 if QUICK else 15)
    print("  output: short lines…", flush=True)
    result["output_short"] = load_output(desk, binary, root, total, 100)
    print("  output: long lines…", flush=True)
    result["output_long"] = load_output(desk, binary, root, total, 1_000_000)
    return result


# --- Search Files ---------------------------------------------------------------------

FILE_TOPS = ["Documents", "Projects", "Pictures", "Music", "Downloads", "Work", "Videos", "Notes"]
FILE_EXTS = ["txt", "md", "pdf", "png", "jpg", "py", "rs", "json", "csv", "odt"]
# What is typed in Search Files (and in the script list, to compare): prefixes of each.
FILE_QUERIES = [TYPED, "timer", "notepdf"]


def make_files(home, folders, per_folder):
    """`folders` × `per_folder` empty files under `home`, as a home would hold them:
    ~/TOP/GROUP/FOLDER/WORD-WORD-N.EXT, eight top folders, groups of 25 folders.
    Empty files made with os.open/close (about as fast as the disk takes them)."""
    flags = os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC
    for k in range(folders):
        top, j = FILE_TOPS[k % len(FILE_TOPS)], k // len(FILE_TOPS)
        group = f"{WORDS[(j // 25) % len(WORDS)]}-{j // 25}"
        folder = os.path.join(home, top, group, f"{WORDS[(k * 7) % len(WORDS)]}-{WORDS[(k * 3) % len(WORDS)]}-{k}")
        os.makedirs(folder)
        for i in range(per_folder):
            name = f"{WORDS[(k + i) % len(WORDS)]}-{WORDS[(k * 11 + i * 3) % len(WORDS)]}-{i}.{FILE_EXTS[i % len(FILE_EXTS)]}"
            os.close(os.open(os.path.join(folder, name), flags, 0o644))


def type_queries(desk, skit, queries, rounds, rows):
    """Each of `queries` typed `rounds` times, a key at a time: keystroke → the
    settled list drawn (as `typing`), then cleared (back to `rows` rows, if given)."""
    latencies = {}
    for query in queries:
        for _ in range(rounds):
            for i, c in enumerate(query):
                prefix = query[: i + 1]
                t0 = desk.x.press(c)
                frame = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == prefix
                                        and e.get("settled"), after=t0, timeout=60)
                latencies.setdefault(query, []).append(ms(drawn_at(skit, frame) - t0))
            desk.x.press("Control_L", "a")
            t0 = desk.x.press("BackSpace")
            skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == ""
                            and (rows is None or e.get("rows") == rows) and e.get("settled"), after=t0, timeout=60)
    return latencies


# How long a hidden skit is watched for work it should not do.
IDLE_SECONDS = 30


def files(desk, binary, root, folders, per_folder, rounds, layer=None):
    """Search Files over a home of `folders` × `per_folder` files: start → the index
    walked (skit's `files_indexed` event) and stored, its file's size, resident
    memory with the index off, then built, then with Search Files open (and the
    highest), a restart reading the stored index (`files_loaded`), and keystroke →
    drawn in Search Files and, for comparison, in the script list of the same skit
    (1,000 scripts)."""
    scripts = {f"script-{i:04}.sh": f"# Name: {n}\n" for i, n in enumerate(choice_names(1000))}
    config = '{{"theme": "light", "hideOnBlur": false, "files": {{"roots": {}}}}}'
    home, env = make_home(root, scripts, config=config.format('[]'))
    use_home(env)
    t0 = time.monotonic()
    make_files(home, folders, per_folder)
    made_s = time.monotonic() - t0
    extra_env = layer_env(layer) if layer else None
    # When and with what (a run of this part alone leaves the other parts' figures
    # as they were: the page says when each was measured).
    result = {"folders": folders, "per_folder": per_folder, "files": folders * per_folder, "made_s": made_s,
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "skit": versions(binary)["skit"]}
    try:
        # The index off: skit's memory without it, in the same home.
        skit = Skit(binary, home, extra_env=extra_env)
        skit.wait_state(lambda s: s["visible"] is False)
        time.sleep(2.0)
        result["rss_off_kib"] = rss_kib(skit.pid)
        skit.quit()
        with open(f"{home}/.config/skit/config.json", "w") as f:
            f.write(config.format('["~"]'))
        store = f"{home}/.local/state/skit/files.index"
        # The first start: the walk.
        skit = Skit(binary, home, extra_env=extra_env)
        wait_for(lambda: skit.pid != skit.proc.pid, "the launcher process (the supervisor's child)")
        pid = skit.pid
        # Meanwhile its memory, every 20 ms (not Watcher: its `skit state` calls
        # would take CPU from the walk).
        sampled, stop = [0], threading.Event()

        def sample():
            while not stop.is_set():
                try:
                    sampled[0] = max(sampled[0], rss_kib(pid))
                except OSError:
                    return
                time.sleep(0.02)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        built = skit.wait_event(lambda e: e["event"] == "files_indexed", timeout=600)
        stop.set()
        sampler.join()
        count = built["count"]
        result.update(count=count, indexed_ms=ms(built["t"] - skit.t_start), indexed_took_ms=built["took_ms"],
                      indexed_cpu_ticks=cpu_ticks(pid), index_bytes=os.path.getsize(store),
                      rss_building_max_kib=sampled[0])
        skit.wait_state(lambda s: s["visible"] is False)
        time.sleep(2.0)
        result["rss_indexed_kib"] = rss_kib(pid)
        print(f"  {count:,} entries indexed in {result['indexed_ms'] / 1000:.2f} s", flush=True)
        # Hidden with the index live (every folder watched): what the quiet costs.
        ticks0, switches0 = cpu_ticks(pid), context_switches(pid)
        time.sleep(IDLE_SECONDS)
        result.update(idle_seconds=IDLE_SECONDS, idle_cpu_ticks=cpu_ticks(pid) - ticks0,
                      idle_context_switches=context_switches(pid) - switches0)
        # The script list (the root list with the 1,000 scripts), then Search Files.
        desk.x.press("Control_L", "Alt_L", "space")
        desk.x.wait_pixel(*QUERY_PIXEL, is_background)
        skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == "" and e.get("settled")
                        and e.get("rows", 0) >= 1000)
        time.sleep(0.5)
        result["scripts_typing"] = type_queries(desk, skit, FILE_QUERIES, rounds, None)
        t0 = time.monotonic_ns()
        skit.command("run", "Search Files")
        shown = skit.wait_event(lambda e: e["event"] == "frame" and e.get("query") == "" and e.get("settled")
                                and e.get("rows") == count, after=t0, timeout=60)
        result["open_ms"] = ms(drawn_at(skit, shown) - t0)
        time.sleep(1.0)
        result["rss_open_kib"] = rss_kib(pid)
        result["files_typing"] = type_queries(desk, skit, FILE_QUERIES, rounds, count)
        result.update(rss_typed_kib=rss_kib(pid), rss_peak_kib=proc_status(pid, "VmHWM"))
        desk.x.press("Escape")
        skit.quit()
        desk.x.wait_pixel(*QUERY_PIXEL, is_black)
        # A restart reads the stored index instead of walking.
        skit = Skit(binary, home, extra_env=extra_env)
        loaded = skit.wait_event(lambda e: e["event"] == "files_loaded", timeout=300)
        result.update(loaded_ms=ms(loaded["t"] - skit.t_start), loaded_took_ms=loaded["took_ms"],
                      loaded_count=loaded["count"])
        skit.wait_state(lambda s: s["visible"] is False)
        time.sleep(2.0)
        result["rss_loaded_kib"] = rss_kib(skit.pid)
        skit.quit()
    finally:
        t0 = time.monotonic()
        shutil.rmtree(home, ignore_errors=True)
        result["removed_s"] = time.monotonic() - t0
    return result


# --- what a frame costs --------------------------------------------------------------

SDK = "import os, sys\nsys.path.insert(0, os.environ['SKIT_SDK'])\nimport skit\n"
DIV = """# Release 1.0

The launcher now draws **its own prompts**: forms, editors and markdown like this.

- Prompts are drawn natively
- Notices fade after three seconds
- Every list ranks as you type

```
$ skit run release-note
```

Press **Enter** to continue."""
FRAME_SCREENS = {
    # The script list: 50 scripts, 9 rows on screen (the ninth cut by the footer).
    "scripts": None,
    "arg": SDK + """skit.arg("Pick a fruit", [
    {"name": n, "description": f"A fruit that starts with {n[0].upper()}"}
    for n in ["apple", "banana", "cherry", "dragon fruit", "elderberry", "fig", "grape",
              "honeydew", "kiwi", "lemon", "mango", "nectarine"]])
""",
    "div": SDK + f"skit.div({DIV!r})\n",
    "form": SDK + """skit.fields([
    {"name": "name", "label": "Name", "required": True, "placeholder": "Who are you?"},
    {"name": "password", "label": "Password", "type": "password", "placeholder": "Never shown"},
    {"name": "age", "label": "Age", "type": "number", "placeholder": "A number"},
    {"name": "news", "label": "Newsletter", "type": "checkbox", "placeholder": "Send me the monthly news"},
    {"name": "editor", "label": "Editor", "type": "select", "options": ["Helix", "Vim", "Zed", "Emacs"]},
    {"name": "bio", "label": "About you", "type": "textarea", "placeholder": "A few lines"},
])
""",
}


def frame_screen(desk, binary, root, screen, extra_env, shows):
    """Shows `screen` `shows` times (the hotkey, then the hotkey again to hide it):
    gpui's frame durations, hotkey → pixels for the script list, and with the
    layer the cost of every present (the first frame after showing and gpui's
    repeats of it: the same scene)."""
    script = FRAME_SCREENS[screen]
    scripts = {f"script-{i}.sh": f"# Name: Script {i}\n# Description: Does thing number {i}\n" for i in range(50)}
    if script:
        scripts = {"frame-bench.py": f"# Name: Frame Bench\n{script}"}
    home, env = make_home(root, scripts)
    use_home(env)
    skit = Skit(binary, home, extra_env={**extra_env, "ZED_MEASUREMENTS": "1"})
    skit.wait_state(lambda s: s["visible"] is False)
    if script:
        skit.command("run", "Frame Bench")
        skit.wait_state(lambda s: s["visible"] is True and s.get("prompt") is not None)
        time.sleep(1.0)
        desk.x.press("Control_L", "Alt_L", "space")
        skit.wait_state(lambda s: s["visible"] is False)
    time.sleep(1.0)  # start-up work (fonts, shaders) done
    durations, presents, hotkey_pixel = [], [], []
    for _ in range(shows):
        n_durations, n_presents = len(skit.durations), len(skit.presents)
        t0 = desk.x.press("Control_L", "Alt_L", "space")
        mapped = skit.wait_event(lambda e: e["event"] == "mapped", after=t0)
        skit.wait_event(lambda e: e["event"] == "frame", after=mapped["t"])
        if screen == "scripts":
            hotkey_pixel.append(ms(desk.x.wait_pixel(*QUERY_PIXEL, is_background) - t0))
        time.sleep(0.6)
        durations += skit.durations[n_durations:]
        presents += skit.presents[n_presents:]
        desk.x.press("Control_L", "Alt_L", "space")
        skit.wait_state(lambda s: s["visible"] is False)
        time.sleep(0.3)
    skit.quit()
    result = {"durations": durations, "hotkey_pixel": hotkey_pixel}
    if presents:
        last = presents[-1]
        result.update(kinds=last["kinds"], width=last["width"], height=last["height"],
                      raster_cpu_ms=[p["cpu_ms"] for p in presents], raster_ms=[p["gpu_ms"] for p in presents])
    return result


def merge(into, part, prefix=""):
    for key, value in part.items():
        if isinstance(value, list):
            into.setdefault(prefix + key, []).extend(value)
        else:
            into[prefix + key] = value


def frame_pair(desk, binary, root, screen, layer, setting, shows, into):
    """One screen twice: counts and raster cost with the layer, then durations
    and hotkey → pixels without it (the layer's queries cost a little)."""
    merge(into, frame_screen(desk, binary, root, screen, {**setting, **layer_env(layer)}, shows))
    merge(into, frame_screen(desk, binary, root, screen, setting, shows), prefix="plain_")


def frames(desk, binaries, root, layer, rounds, shows, screens=tuple(FRAME_SCREENS), setting=None):
    """Per screen and binary ("before", "after"). The binaries take turns, round
    by round, so that both see the same machine."""
    results, setting = {}, setting or {}
    for _ in range(rounds):
        for screen in screens:
            for label, binary in binaries.items():
                into = results.setdefault(screen, {}).setdefault(label, {})
                frame_pair(desk, binary, root, screen, layer, setting, shows, into)
    return results


CORES = os.cpu_count() or 1
LAVAPIPE_SETTINGS = [
    ("as skit starts it (src/app/renderer.rs)", {}),
    (f"LP_NUM_THREADS={CORES} (lavapipe's default: one per core)", {"LP_NUM_THREADS": str(CORES)}),
    ("LP_NUM_THREADS=1", {"LP_NUM_THREADS": "1"}),
    ("LP_NUM_THREADS=8", {"LP_NUM_THREADS": "8"}),
    ("MESA_VK_WSI_PRESENT_MODE=immediate (gpui asks for mailbox)", {"MESA_VK_WSI_PRESENT_MODE": "immediate"}),
    ("MESA_VK_WSI_PRESENT_MODE=fifo", {"MESA_VK_WSI_PRESENT_MODE": "fifo"}),
    ("ZED_PATH_SAMPLE_COUNT=1 (no 4× MSAA for paths)", {"ZED_PATH_SAMPLE_COUNT": "1"}),
    ("LP_NATIVE_VECTOR_WIDTH=512 (256 by default)", {"LP_NATIVE_VECTOR_WIDTH": "512"}),
]


def lavapipe_settings(desk, binary, root, layer, rounds, shows):
    """The script list under each lavapipe/gpui setting skit could choose itself."""
    results = {}
    for _ in range(rounds):
        for name, setting in LAVAPIPE_SETTINGS:
            frame_pair(desk, binary, root, "scripts", layer, setting, shows, results.setdefault(name, {}))
    return results


def versions(binary):
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not found"
    return {
        "skit": run(binary, "--version"), "rofi": run("rofi", "-version"), "fzf": run("fzf", "--version"),
        "kernel": platform.release(), "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                                                   if l.startswith("model name")), "?"),
        "cores": os.cpu_count(), "mesa": run("sh", "-c", "dpkg-query -W -f '${Version}' mesa-vulkan-drivers"),
    }


PARTS = ["cold", "hotkey", "typing", "apps", "live", "idle", "clipboard", "protocol", "frames", "settings", "avx",
         "load", "files"]
# Lavapipe as on a CPU without AVX2 and AVX-512: Mesa tells LLVM not to use them.
NO_AVX2 = {"GALLIUM_OVERRIDE_CPU_CAPS": "avx"}


def options(argv):
    """SKIT_BINARY OUT_DIR [--quick] [--only PART,...] [--baseline BINARY]"""
    args = [a for a in argv if not a.startswith("--")]
    flags = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in argv if a.startswith("--"))
    if len(args) != 2 or set(flags) - {"quick", "only", "baseline"}:
        raise SystemExit("usage: bench.py SKIT_BINARY OUT_DIR [--quick] [--only=PART,...] [--baseline=BINARY]\n"
                         f"parts: {', '.join(PARTS)}")
    only = flags["only"].split(",") if flags.get("only") else PARTS
    unknown = set(only) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {', '.join(sorted(unknown))}; parts: {', '.join(PARTS)}")
    baseline = flags.get("baseline") or os.environ.get("SKIT_BASELINE_BIN") or None
    return os.path.abspath(args[0]), args[1], only, baseline and os.path.abspath(baseline)


def main():
    binary, out_dir, only, baseline = options(sys.argv[1:])
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "results.json")
    # A partial run (--only) replaces its parts in the results of the last run.
    results = json.load(open(out)) if only != PARTS and os.path.exists(out) else {}
    # The page's date and versions are those of the run that measured the rest; a
    # part that says when it was measured (Search Files) keeps its own.
    if "date" not in results:
        results.update(date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), versions=versions(binary),
                       quick=QUICK)
    root = tempfile.mkdtemp(prefix="skit-bench.")
    desk = Desktop()
    runs = 5 if QUICK else 20
    layer = build_layer(out_dir)
    try:
        # With a baseline, what a user feels (start, hotkey, keystroke, idle) is
        # measured for it too, in the same run: `results["baseline"]`.
        before = results.setdefault("baseline", {}) if baseline else {}
        if baseline:
            before["version"] = subprocess.run([baseline, "--version"], capture_output=True,
                                               text=True).stdout.strip()
        if "cold" in only:
            print("cold start…", flush=True)
            results["cold_start"] = cold_start(desk, binary, root, runs)
            results["rofi_cold_start"] = rofi_cold_start(desk, runs)
            if baseline:
                before["cold_start"] = cold_start(desk, baseline, root, runs)
        if "hotkey" in only:
            print("hotkey…", flush=True)
            results["hotkey"] = hotkey(desk, binary, root, 10 if QUICK else 50)
            if baseline:
                before["hotkey"] = hotkey(desk, baseline, root, 10 if QUICK else 50)
        choices = os.path.join(root, "choices.txt")
        with open(choices, "w") as f:
            f.write("\n".join(choice_names(100_000)) + "\n")
        if "typing" in only:
            print("typing…", flush=True)
            results["typing"] = typing(desk, binary, root, 2 if QUICK else 5, choices, layer)
            results["fzf"] = fzf(choices, 2 if QUICK else 5)
            if baseline:
                # Both without the frame-stats layer: with it the baseline takes
                # longer than the harness waits to list 100,000 streamed choices.
                rounds = 2 if QUICK else 5
                before["typing"] = typing(desk, baseline, root, rounds, choices)
                before["typing_this_build"] = typing(desk, binary, root, rounds, choices)
        if "apps" in only:
            print("applications…", flush=True)
            results["apps"] = apps(desk, binary, root, 3 if QUICK else 10, layer)
        if "live" in only:
            print("live typing…", flush=True)
            results["script_typing"] = script_typing(desk, binary, root, 2 if QUICK else 5, layer)
        if "idle" in only:
            print("idle…", flush=True)
            results["idle"] = idle(desk, binary, root, 5 if QUICK else 30)
            if baseline:
                before["idle"] = idle(desk, baseline, root, 5 if QUICK else 30)
        if "clipboard" in only:
            print("clipboard history…", flush=True)
            results["clipboard"] = clipboard_open(desk, binary, root, 5 if QUICK else 20)
        if "protocol" in only:
            print("protocol…", flush=True)
            results["protocol"] = protocol(desk, binary, root, 10 if QUICK else 30, 20_000 if QUICK else 100_000,
                                           layer)
        if "frames" in only:
            print("frames…", flush=True)
            binaries = {"before": baseline, "after": binary} if baseline else {"after": binary}
            rounds, shows = (1, 5) if QUICK else (2, 8)
            results["frames"] = frames(desk, binaries, root, layer, rounds, shows)
            results["frames_baseline"] = baseline and subprocess.run(
                [baseline, "--version"], capture_output=True, text=True).stdout.strip()
            # Lavapipe on a CPU without AVX2 and AVX-512 (LLVM told so): the script list.
            results["frames_avx"] = frames(desk, binaries, root, layer, rounds, shows, ("scripts",), NO_AVX2)
        if "avx" in only:
            print("hotkey and typing without AVX2 and AVX-512…", flush=True)
            results["avx"] = {
                "hotkey": hotkey(desk, binary, root, 10 if QUICK else 30, NO_AVX2),
                "typing": typing(desk, binary, root, 2 if QUICK else 3, choices, layer, NO_AVX2),
                "rofi_cold_start": rofi_cold_start(desk, runs),
                "fzf": fzf(choices, 2 if QUICK else 3),
            }
        if "settings" in only:
            print("lavapipe settings…", flush=True)
            results["settings"] = lavapipe_settings(desk, binary, root, layer, *((1, 5) if QUICK else (2, 8)))
        if "load" in only:
            print("load…", flush=True)
            results["load"] = load(desk, binary, root)
        if "files" in only:
            # 5,000 folders × 100 files (fewer in quick mode), made in the run's
            # temporary folder and removed after.
            folders = 1000 if QUICK else 5000
            print(f"Search Files over {folders * 100:,} files…", flush=True)
            results["files"] = files(desk, binary, root, folders, 100, 2 if QUICK else 5, layer)
    finally:
        desk.close()
        shutil.rmtree(root, ignore_errors=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"results in {out}")


if __name__ == "__main__":
    main()
