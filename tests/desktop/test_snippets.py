"""Snippets: one made in the Snippets screen's form lands in ~/.config/skit/snippets.json,
is found by its keyword, and Enter pastes it, {date} filled in, into the window the user
came from; a snippets.json with a mistake is named and left alone."""

import datetime
import json
import os
import subprocess
from types import SimpleNamespace

import pytest

from test_clipboard import FIXTURE, PasteTarget, pasted
from user import PYTHON, eventually, press, read, type_text, until


@pytest.fixture(scope="module")
def snippets_file(user):
    path = os.path.join(user.config, "snippets.json")
    if os.path.exists(path):
        os.remove(path)
    return path


@pytest.fixture(scope="module")
def paste_target(launcher, out):
    log = os.path.join(launcher.scratch, "snippet-pasted.log")
    ids = os.path.join(launcher.scratch, "snippet-target.id")
    with open(ids, "w") as stdout, open(os.path.join(out, "snippet-fixture.log"), "w") as stderr:
        proc = subprocess.Popen([PYTHON, FIXTURE, "target", log], stdout=stdout, stderr=stderr)
    window = until(lambda: (read(ids) or "").strip(), "the paste target window is up", timeout=10)
    yield PasteTarget(log, proc, window)
    proc.kill()
    proc.wait()


def open_snippets(launcher):
    launcher.find("snippets", "Snippets")
    press("Return")
    return launcher.wait(lambda s: s["screen"] == "snippets", "the Snippets screen")


@pytest.fixture(scope="module")
def created(launcher, snippets_file):
    """Snippets opened from its row, Ctrl+Shift+N, the form filled in, Ctrl+Enter."""
    empty = open_snippets(launcher)
    press("ctrl+shift+n")
    launcher.wait(lambda s: s["screen"] == "snippet", "the snippet form")
    type_text("Meeting note")
    press("Tab")
    type_text("mtg")
    press("Tab")
    type_text("Met on {date}.")
    launcher.wait(lambda s: (s.get("fields") or {}).get("text") == "Met on {date}.", "the form filled in")
    press("ctrl+Return")
    saved = launcher.wait(lambda s: s["screen"] == "snippets" and s["selected"] == "Meeting note",
                          "back to the list, the new snippet selected")
    return SimpleNamespace(empty=empty, saved=saved,
                           file=json.loads(read(snippets_file) or "null"))


def test_the_snippets_row_opens_an_empty_list_on_a_fresh_start(created):
    assert created.empty["rows"] == 0


def test_the_form_saves_the_snippet_in_snippets_json(created):
    assert created.file == [{"name": "Meeting note", "keyword": "mtg", "text": "Met on {date}."}]
    assert created.saved["preview"] == "Met on {date}."


def test_enter_pastes_the_snippet_with_the_date_filled_in(launcher, created, paste_target):
    paste_target.focus()
    press("ctrl+alt+space")
    launcher.wait_focused()
    open_snippets(launcher)
    type_text("mtg")
    launcher.wait(lambda s: s["query"] == "mtg" and s["selected"] == "Meeting note", "“mtg” finds it")
    press("Return")
    today = datetime.date.today().isoformat()
    want = pasted(f"Met on {today}.")
    assert eventually(lambda: paste_target.last_paste() == want and paste_target.last_paste()) == want
    launcher.wait_hidden("the window hides after pasting")


def test_the_caret_goes_back_to_the_cursor_placeholder(launcher, created, snippets_file, paste_target):
    """A snippet added to snippets.json by hand: its {cursor} becomes Left presses."""
    with open(snippets_file) as f:
        snippets = json.load(f)
    with open(snippets_file, "w") as f:
        json.dump(snippets + [{"name": "Bold", "keyword": "bb", "text": "<b>{cursor}</b>"}], f)
    paste_target.focus()
    since = len(paste_target.entries())
    press("ctrl+alt+space")
    launcher.wait_focused()
    open_snippets(launcher)
    type_text("bb")
    launcher.wait(lambda s: s["query"] == "bb" and s["selected"] == "Bold", "“bb” finds the hand-made one")
    press("Return")
    want = [pasted("<b></b>")] + [{"key": "Left"}] * 4
    assert eventually(lambda: paste_target.entries()[since:] == want and paste_target.entries()[since:]) == want


def test_a_snippet_is_edited_then_deleted_from_the_actions_menu(launcher, created, snippets_file):
    with open(snippets_file) as f:
        snippets = json.load(f)
    with open(snippets_file, "w") as f:
        json.dump(snippets + [{"name": "Scratch", "text": "first"}], f)
    open_snippets(launcher)
    type_text("scratch")
    launcher.wait(lambda s: s["selected"] == "Scratch", "“scratch” finds it")
    press("ctrl+e")
    launcher.wait(lambda s: s["screen"] == "snippet" and (s.get("fields") or {}).get("text") == "first",
                  "the form, filled in")
    press("Tab", "Tab", "ctrl+a")
    type_text("second")
    launcher.wait(lambda s: (s.get("fields") or {}).get("text") == "second", "the text replaced")
    press("ctrl+Return")
    launcher.wait(lambda s: s["screen"] == "snippets" and s["preview"] == "second", "saved, back to the list")
    edited = json.loads(read(snippets_file))
    assert [s for s in edited if s["name"] == "Scratch"] == [{"name": "Scratch", "text": "second"}]
    assert json.loads(read(snippets_file + ".bak"))[-1] == {"name": "Scratch", "text": "first"}
    press("ctrl+k")
    launcher.wait(lambda s: s["screen"] == "actions", "the actions menu")
    type_text("delete")
    launcher.wait(lambda s: s["selected"] == "Delete Snippet", "Delete Snippet")
    press("Return")
    until(lambda: "Scratch" not in read(snippets_file), "Scratch deleted")
    assert [s["name"] for s in json.loads(read(snippets_file))] == [s["name"] for s in snippets]


def test_the_snippets_screen_looks_right(launcher, created, theme):
    open_snippets(launcher)
    launcher.wait(lambda s: s["selected"] == "Meeting note", "the snippet selected")
    launcher.shot(f"snippets-{theme}")


def test_a_snippets_file_with_a_mistake_is_named_and_left_alone(launcher, created, snippets_file):
    with open(snippets_file) as f:
        good = f.read()
    broken = '[\n  {"name": "a" "text": "b"}\n]\n'
    with open(snippets_file, "w") as f:
        f.write(broken)
    try:
        state = open_snippets(launcher)
        state = launcher.wait(lambda s: "line 2, column" in (s.get("preview") or ""), "the mistake named")
        assert state["rows"] == 0
        press("ctrl+shift+n")
        launcher.wait(lambda s: s["screen"] == "snippet", "the snippet form")
        type_text("x")
        press("Tab", "Tab")
        type_text("y")
        press("ctrl+Return")
        launcher.wait(lambda s: s["screen"] == "snippet", "the form stays")
        assert read(snippets_file) == broken
    finally:
        with open(snippets_file, "w") as f:
            f.write(good)
