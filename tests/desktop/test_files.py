"""Search Files: the index of the user's home (hidden and build folders left out),
found by typing, opened with the desktop's handler (a stand-in `xdg-open` on PATH
notes what it was given), kept current while skit runs, stored for the next
start."""

import os

import pytest

from conftest import start_skit, stop_skit, write
from user import Launcher, clipboard, press, type_text, until

REPORT_TEXT = "Quarterly numbers: all up and to the right"


@pytest.fixture(scope="module")
def opened(work):
    return os.path.join(work, "files-opened")


@pytest.fixture(scope="module")
def launcher(user, desktop, portal, notifications, out, work, opened):
    """skit for a home with a few files, PATH starting with a fake xdg-open."""
    home = user.home
    write(os.path.join(home, "Documents", "quarterly-report.txt"), REPORT_TEXT + "\n")
    write(os.path.join(home, "Documents", "notes.md"), "# Notes\n")
    write(os.path.join(home, "code", "app", "node_modules", "leftpad", "leftpad.js"), "x")
    write(os.path.join(home, ".hidden-stash", "secretplans.txt"), "x")
    bin_dir = os.path.join(work, "files-bin")
    write(os.path.join(bin_dir, "xdg-open"), f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n", mode=0o755)
    skit = start_skit(out, "skit-files.log", extra_env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    scratch = os.path.join(work, "files-scratch")
    os.makedirs(scratch, exist_ok=True)
    yield Launcher(skit, out, scratch)
    stop_skit(skit)


def search_files(launcher):
    """The Search Files screen, its index read."""
    launcher.open("search files", "Search Files")
    return launcher.wait(lambda s: s["screen"] == "files" and (s.get("rows") or 0) > 0,
                         "Search Files shows the indexed files")


def typed(launcher, text):
    type_text(text)
    return launcher.wait(lambda s: s["query"] == text and not s.get("matching"), f"the files filtered for “{text}”")


def test_search_files_looks_right(launcher, theme):
    search_files(launcher)
    typed(launcher, "quarterly")
    launcher.wait(lambda s: REPORT_TEXT in (s.get("preview") or ""), "the preview shows the text")
    launcher.shot(f"files-{theme}")
    launcher.reset()


def test_a_file_is_found_by_typing_and_enter_opens_it(launcher, user, opened):
    search_files(launcher)
    state = typed(launcher, "quarterly")
    report = os.path.join(user.home, "Documents", "quarterly-report.txt")
    assert state["selected"] == report
    launcher.wait(lambda s: REPORT_TEXT in (s.get("preview") or ""), "the preview shows the text")
    press("Return")
    until(lambda: os.path.exists(opened) and report in open(opened).read().splitlines(), "xdg-open got the file")
    launcher.wait_hidden("the window hides after opening")


def test_open_with_offers_the_apps_for_the_files_type_and_starts_the_chosen_one(launcher, user, applications):
    applications.forget()
    search_files(launcher)
    typed(launcher, "quarterly")
    press("ctrl+o")
    menu = launcher.wait(lambda s: s["screen"] == "actions" and (s.get("rows") or 0) > 0,
                         "Ctrl+O lists the applications for a text file")
    assert menu["selected"] == "Fixture Notes", menu
    launcher.shot("files-open-with")
    press("Return")
    report = os.path.join(user.home, "Documents", "quarterly-report.txt")
    until(lambda: applications.last_launch() == f"--notes {report}", "Fixture Notes got the file")
    launcher.wait_hidden("the window hides after opening")


def test_copy_file_puts_the_file_on_the_clipboard_for_a_file_manager(launcher, user):
    search_files(launcher)
    typed(launcher, "quarterly")
    press("ctrl+alt+c")
    report = os.path.join(user.home, "Documents", "quarterly-report.txt")
    # (xclip's \r\n is read as \n: the output is read as text)
    until(lambda: clipboard(target="text/uri-list") == f"file://{report}\n", "the file's URI on the clipboard")
    assert clipboard(target="x-special/gnome-copied-files") == f"copy\nfile://{report}"
    assert clipboard() == report
    launcher.reset()


def test_hidden_and_build_folders_are_left_out(launcher):
    search_files(launcher)
    for name in ("leftpad", "secretplans"):
        press("ctrl+a", "BackSpace")
        state = typed(launcher, name)
        assert state["rows"] == 0, f"{name}: {state}"


def test_a_file_made_while_skit_runs_appears_and_the_index_is_stored(launcher, user):
    fresh = os.path.join(user.home, "Documents", "ideas", "fresh-idea.md")
    write(fresh, "an idea\n")
    search_files(launcher)
    state = typed(launcher, "fresh-idea")
    assert state["selected"] == fresh
    stored = os.path.join(user.state, "files.index")
    until(lambda: os.path.exists(stored) and fresh in open(stored, errors="replace").read(),
          "the new file is in the stored index", timeout=20)
