"""Built-in rows that act on the desktop: "Switch to Window" lists the X11
windows (EWMH, openbox) and focuses the chosen one; the system commands go
through logind, here a fake one on the private session bus (SKIT_LOGIND_BUS=
session), each confirmed first and absent where logind says "na"."""

import os
import subprocess

import pytest

from desktop import DARK, LIGHT, Helper
from user import HERE, PYTHON, Launcher, eventually, press, run, type_text, until


@pytest.fixture(scope="module")
def logind(session_bus, out):
    """The fake logind: hibernating is not available ("na"), the rest is."""
    helper = Helper([PYTHON, os.path.join(HERE, "fake-logind.py"), "CanHibernate=na"],
                    os.path.join(out, "logind.log"), ready="fake logind ready")
    yield helper
    helper.close()


def calls(logind):
    return [line.split("\t")[1:] for line in logind.output().splitlines() if line.startswith("call\t")]


@pytest.fixture(scope="module")
def skit(new_skit, logind, out, work):
    started = new_skit("skit-windows-and-system.log", extra_env={"SKIT_LOGIND_BUS": "session"})
    launcher = Launcher(started, out, os.path.join(work, "windows_and_system"))
    # The rows come once the session is probed (off the UI thread, at start).
    launcher.wait(lambda s: s is not None, "skit answers")
    return launcher


@pytest.fixture(scope="module")
def windows(skit):
    """Two windows of their own, titled “Fixture Alpha Window” and “Fixture Bravo Window”."""
    procs, ids = [], {}
    for title in ["Fixture Alpha Window", "Fixture Bravo Window"]:
        proc = subprocess.Popen([PYTHON, os.path.join(HERE, "windows-fixture.py"), title],
                                stdout=subprocess.PIPE, text=True)
        ids[title] = str(int(proc.stdout.readline().strip()))
        procs.append(proc)
    yield ids
    for proc in procs:
        proc.kill()
        proc.wait()


def active_window():
    return run("xdotool", "getactivewindow").stdout.strip()


def test_switch_to_window_focuses_the_chosen_window(skit, windows):
    # The last one mapped is active; choose the other.
    alpha = windows["Fixture Alpha Window"]
    until(lambda: active_window() != alpha, "another window than Alpha is active")
    skit.find("switch to window", "Switch to Window")
    press("Return")
    skit.wait(lambda s: s["screen"] == "windows" and not s["matching"] and s["rows"] >= 2, "the windows listed")
    type_text("alpha window")
    skit.wait(lambda s: s["selected"] == "Fixture Alpha Window", "“alpha window” selects Alpha")
    skit.shot("windows-light")
    press("Return")
    skit.wait_hidden("the launcher hides")
    until(lambda: active_window() == alpha, "Alpha is the active window")


def test_the_window_list_leaves_skit_out(skit, windows):
    skit.find("switch to window", "Switch to Window")
    press("Return")
    state = skit.wait(lambda s: s["screen"] == "windows" and not s["matching"], "the windows listed")
    type_text("skit")
    state = skit.wait(lambda s: s["query"] == "skit", "“skit” typed")
    assert state["rows"] == 0
    skit.reset()


def test_suspend_is_confirmed_then_asked_of_logind(skit, logind):
    skit.find("suspend", "Suspend")
    press("Return")
    skit.wait(lambda s: s["screen"] == "confirm" and s["selected"] == "Suspend", "the confirm step")
    assert calls(logind) == []  # nothing before the confirmation
    skit.shot("confirm-light")
    press("Return")
    until(lambda: ["Suspend", "False"] in calls(logind), "logind asked to suspend, not interactive")
    skit.wait_hidden("the launcher hides")


def test_escape_at_the_confirm_step_does_nothing(skit, logind):
    before = len(calls(logind))
    skit.find("shut down", "Shut Down")
    press("Return")
    skit.wait(lambda s: s["screen"] == "confirm", "the confirm step")
    press("Escape")
    skit.wait(lambda s: s["screen"] == "scripts", "back to the list")
    assert len(calls(logind)) == before
    skit.reset()


def test_a_command_logind_says_na_for_is_absent(skit):
    assert skit.command("run", "Hibernate").returncode != 0
    for name in ["Lock Screen", "Suspend", "Log Out", "Restart", "Shut Down", "Switch to Window"]:
        skit.show()
        type_text(name.lower())
        skit.wait(lambda s: s["selected"] == name, f"“{name}” is listed")
    type_text("")
    skit.reset()


def test_skit_run_locks_by_name_after_the_confirm_step(skit, logind):
    skit.reset()
    assert skit.command("run", "Lock Screen").returncode == 0
    skit.wait(lambda s: s["visible"] and s["screen"] == "confirm" and s["selected"] == "Lock Screen",
              "the confirm step shows")
    until(skit.has_focus, "the confirm step has the keyboard")
    press("Return")
    until(lambda: ["Lock"] in calls(logind), "logind asked to lock the session")


def test_the_window_list_and_the_confirm_step_in_the_dark_theme(skit, windows, logind, portal):
    skit.use_theme(portal, DARK)
    try:
        skit.find("switch to window", "Switch to Window")
        press("Return")
        skit.wait(lambda s: s["screen"] == "windows" and not s["matching"] and s["rows"] >= 2, "the windows listed")
        type_text("alpha window")
        skit.wait(lambda s: s["selected"] == "Fixture Alpha Window", "“alpha window” selects Alpha")
        skit.shot("windows-dark")
        skit.reset()
        skit.find("suspend", "Suspend")
        press("Return")
        skit.wait(lambda s: s["screen"] == "confirm" and s["selected"] == "Suspend", "the confirm step")
        skit.shot("confirm-dark")
        press("Escape")
        skit.wait(lambda s: s["screen"] != "confirm", "Escape leaves the confirm step")
        skit.reset()
    finally:
        skit.use_theme(portal, LIGHT)
