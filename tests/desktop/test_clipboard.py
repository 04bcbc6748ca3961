"""The clipboard history (what programs copy, newest first, images too; never a copy
marked as a secret), and text back into the window the user came from: an entry
pasted, a script's paste and type, the selection read."""

import json
import os
import subprocess
from types import SimpleNamespace

import pytest

from user import (HERE, PYTHON, clipboard, copy, copy_image, eventually, file_mode, history_count, make_picture, press, read,
                  shows_picture, type_text, until, within)

FIXTURE = os.path.join(HERE, "clipboard-fixture.py")
SECRET = "hunter2-secret"


@pytest.fixture(scope="module")
def db(user):
    return os.path.join(user.state, "clipboard.sqlite3")


@pytest.fixture(scope="module")
def picture(launcher):
    path = os.path.join(launcher.scratch, "picture.png")
    make_picture(path)
    return path


@pytest.fixture(scope="module")
def recorded(launcher, db, picture, out):
    """Three texts and an image copied with xclip, then a password manager's copy
    (offered with x-kde-passwordManagerHint: secret), then one more text."""
    base = history_count(db)
    for n, text in enumerate(["alpha entry", "bravo entry", "charlie entry"], 1):
        copy(text)
        until(lambda: history_count(db) >= base + n, f"“{text}” recorded")
    copy_image(picture)
    with_image = eventually(lambda: history_count(db) >= base + 4 and history_count(db))
    log = os.path.join(launcher.scratch, "secret.out")
    with open(log, "w") as f:
        owner = subprocess.Popen([PYTHON, FIXTURE, "secret", SECRET], stdout=f, stderr=subprocess.STDOUT)
    # The watcher asks for the hint, reads "secret", and stops there.
    hint_asked = within(lambda: "served x-kde-passwordManagerHint" in read(log))
    copy("delta entry")
    until(lambda: history_count(db) >= base + 5, "“delta entry” recorded")
    owner.wait(10)  # it exits once another program owns the clipboard
    with open(db, "rb") as f:
        stored = f.read()
    return SimpleNamespace(base=base, with_image=with_image, hint_asked=hint_asked, count=history_count(db),
                           served=read(log), stored=stored)


def test_xclips_three_texts_and_an_image_are_recorded(recorded):
    assert recorded.with_image == recorded.base + 4


def test_skits_watcher_asks_a_password_manager_for_its_hint(recorded):
    assert recorded.hint_asked


def test_a_copy_marked_as_a_secret_is_not_recorded_nor_even_read(recorded, launcher):
    assert recorded.count == recorded.base + 5
    assert "served UTF8_STRING" not in recorded.served
    assert b"hunter2" not in recorded.stored
    assert "hunter2" not in read(launcher.skit.log.name)


def test_the_history_file_is_private_0600(recorded, db):
    assert file_mode(db) == 0o600


# --- a window to paste and type into ------------------------------------------------------------


class PasteTarget:
    """A window that records what is pasted (Ctrl+V) or typed into it, as a text
    field of the user's editor would get it (clipboard-fixture.py target)."""

    def __init__(self, log, proc, window):
        self.log, self.proc, self.window = log, proc, window

    def entries(self):
        return [json.loads(line) for line in (read(self.log) or "").splitlines()]

    def last_paste(self):
        pastes = [e for e in self.entries() if "pasted" in e]
        return pastes[-1] if pastes else None

    def typed(self, since=0):
        """The characters typed into it, after the first `since` entries."""
        return "".join(e.get("typed", "") for e in self.entries()[since:])

    def focus(self):
        """Activates it, as the window the user was typing in."""
        def active():
            subprocess.run(["xdotool", "windowactivate", "--sync", self.window], capture_output=True, timeout=10)
            return subprocess.run(["xdotool", "getactivewindow"], capture_output=True,
                                  text=True).stdout.strip() == self.window
        until(active, "the paste target has the focus")


@pytest.fixture(scope="module")
def target(launcher, out):
    log = os.path.join(launcher.scratch, "pasted.log")
    ids = os.path.join(launcher.scratch, "target.id")
    with open(ids, "w") as stdout, open(os.path.join(out, "fixture.log"), "w") as stderr:
        proc = subprocess.Popen([PYTHON, FIXTURE, "target", log], stdout=stdout, stderr=stderr)
    window = until(lambda: (read(ids) or "").strip(), "the paste target window is up", timeout=10)
    yield PasteTarget(log, proc, window)
    proc.kill()  # it would show in the screenshots that follow
    proc.wait()


def pasted(text):
    return {"pasted": text, "shift": False}


@pytest.fixture(scope="module")
def history_used(launcher, recorded, target):
    """From the paste target: Ctrl+Alt+V, the list walked down and up again,
    “bravo” typed, Enter."""
    target.focus()
    press("ctrl+alt+v")
    opened = eventually(lambda: (s := launcher.state()) and s["screen"] == "clipboard" and s["visible"] and s)
    launcher.wait_focused()
    order = [launcher.wait(lambda s: s["screen"] == "clipboard", "the history")["selected"]]
    for _ in range(4):
        before = len(order)
        press("Down")
        order.append(launcher.wait(lambda s: s["selected"] != order[before - 1], "Down moves on")["selected"])
    rows = launcher.state()["rows"]
    press("Up", "Up", "Up")
    image = eventually(lambda: (s := launcher.state()) and (s.get("preview") or "").startswith("image 160 × 100")
                       and s)
    shot = launcher.shot("clipboard-light")
    type_text("bravo")
    launcher.wait(lambda s: s["selected"] == "bravo entry", "“bravo” selects bravo entry")
    press("Return")
    return SimpleNamespace(opened=opened, order=order, rows=rows, image=image, shot=shot,
                           pasted=eventually(lambda: target.last_paste() == pasted("bravo entry") and
                                             target.last_paste()),
                           hidden=within(launcher.is_hidden),
                           clipboard=eventually(lambda: clipboard() == "delta entry" and clipboard()))


def test_ctrl_alt_v_opens_the_clipboard_history(history_used):
    assert history_used.opened, "no visible Clipboard History"


def test_it_lists_the_copies_newest_first(history_used, recorded):
    assert history_used.order[0] == "delta entry"
    assert history_used.order[1].startswith("PNG image, 160 × 100")
    assert history_used.order[2:] == ["charlie entry", "bravo entry", "alpha entry"]
    assert history_used.rows == recorded.base + 5


def test_the_preview_shows_the_image(history_used):
    assert history_used.image, "no image preview"


def test_the_picture_is_drawn_in_the_preview_pane(history_used):
    assert shows_picture(history_used.shot)


def test_enter_pastes_the_entry_into_the_window_the_user_came_from(history_used):
    assert history_used.pasted == pasted("bravo entry")


def test_the_window_hides_after_pasting(history_used):
    assert history_used.hidden


def test_the_previous_clipboard_is_back_after_pasting(history_used):
    assert history_used.clipboard == "delta entry"


def test_escape_hides_the_history_opened_by_its_hotkey(launcher):
    press("ctrl+alt+v")
    launcher.wait(lambda s: s["screen"] == "clipboard" and s["visible"], "the history shows")
    launcher.wait_focused()
    press("Escape")
    launcher.wait_hidden("Escape hides it")


# --- scripts: paste, type, the selection ---------------------------------------------------------


@pytest.fixture(scope="module")
def greeting_pasted(launcher, target):
    """Paste Greeting run from the launcher over the paste target."""
    copy("on the clipboard before the paste")
    until(lambda: clipboard() == "on the clipboard before the paste", "the clipboard set")
    target.focus()
    press("ctrl+alt+space")
    launcher.wait_focused()
    type_text("paste greeting")
    launcher.wait(lambda s: s["selected"] == "Paste Greeting", "Paste Greeting selected")
    press("Return")
    return SimpleNamespace(
        pasted=eventually(lambda: target.last_paste() == pasted("Hello from a script ✓") and target.last_paste()),
        clipboard=eventually(lambda: clipboard() == "on the clipboard before the paste" and clipboard()))


def test_a_scripts_paste_reaches_the_window_the_user_came_from(greeting_pasted):
    assert greeting_pasted.pasted == pasted("Hello from a script ✓")


def test_the_clipboard_is_restored_after_a_scripts_paste(greeting_pasted):
    assert greeting_pasted.clipboard == "on the clipboard before the paste"


def test_the_bundled_emoji_picker_pastes_the_emoji_where_the_user_was_typing(launcher, target):
    target.focus()
    press("ctrl+alt+space")
    launcher.wait_focused()
    type_text("pick emoji")
    launcher.wait(lambda s: s["selected"] == "Pick Emoji", "Pick Emoji selected")
    press("Return")
    launcher.wait(lambda s: (s["prompt"] or {}).get("placeholder") == "Search emoji…", "the emoji prompt")
    type_text("rocket")
    launcher.wait(lambda s: s["query"] == "rocket" and "rocket" in (s["selected"] or "").lower(),
                  "“rocket” selects the rocket")
    press("Return")
    assert eventually(lambda: target.last_paste() == pasted("🚀") and target.last_paste()) == pasted("🚀")


def test_a_scripts_type_types_into_the_active_window_key_by_key(launcher, target):
    target.focus()
    since = len(target.entries())
    assert launcher.command("run", "Type Code").returncode == 0
    assert eventually(lambda: target.typed(since) == "typed 42 é" and target.typed(since), timeout=10) \
        == "typed 42 é"


def test_get_selection_returns_the_primary_selection(launcher, user):
    copy("selected words", selection="primary")
    assert launcher.command("run", "Shout Selection").returncode == 0
    assert eventually(lambda: user.result("selection.txt")) == "SELECTED WORDS"
