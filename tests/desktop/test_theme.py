"""The window follows the desktop's color scheme (the XDG portal's
org.freedesktop.appearance color-scheme) within a second, both ways; and the
screens drawn in the dark theme (their screenshots, the luminance of the window)."""

import os
from types import SimpleNamespace

import pytest

from desktop import DARK, LIGHT
from user import (copy, copy_image, dressed_dmenu_shot, eventually, history_count, make_picture, press, shows_picture,
                  type_text, until)


@pytest.fixture
def light_afterwards(launcher, portal):
    yield
    launcher.use_theme(portal, LIGHT)


def test_the_window_is_light_while_the_desktop_is(launcher, portal):
    assert portal.scheme == LIGHT
    launcher.show()
    until(launcher.looks_light, "the window is drawn light")


def test_the_window_turns_dark_within_a_second(launcher, portal, light_afterwards):
    launcher.show()
    until(launcher.looks_light, "the window starts light")
    portal.set_color_scheme(DARK)
    until(launcher.looks_dark, "the window is dark (luminance of its area under 0.3)", timeout=1)


def test_the_window_turns_light_again_within_a_second(launcher, portal, light_afterwards):
    launcher.use_theme(portal, DARK)
    launcher.show()
    until(launcher.looks_dark, "the window starts dark")
    portal.set_color_scheme(LIGHT)
    until(launcher.looks_light, "the window is light (luminance of its area over 0.7)", timeout=1)
    launcher.shot("list-light-again")


# --- the screens in the dark theme ----------------------------------------------------------


@pytest.fixture(scope="class")
def dark(launcher, portal):
    launcher.use_theme(portal, DARK)
    yield
    launcher.use_theme(portal, LIGHT)


@pytest.fixture(scope="class")
def dark_history(launcher, user, dark):
    """The clipboard history of the light screenshot (four texts and a picture),
    opened by its hotkey, the picture selected."""
    db = os.path.join(user.state, "clipboard.sqlite3")
    picture = os.path.join(launcher.scratch, "picture.png")
    make_picture(picture)
    for n, text in enumerate(["alpha entry", "bravo entry", "charlie entry", picture, "delta entry"], 1):
        copy_image(text) if text == picture else copy(text)
        until(lambda: history_count(db) >= n, f"copy {n} recorded")
    press("ctrl+alt+v")
    launcher.wait(lambda s: s["screen"] == "clipboard" and s["visible"], "the history shows")
    launcher.wait_focused()
    press("Down")
    preview = eventually(lambda: (launcher.state() or {}).get("preview"))
    shot = launcher.shot("clipboard-dark")
    return SimpleNamespace(preview=preview, shot=shot, dark=launcher.looks_dark())


@pytest.mark.usefixtures("dark")
class TestInTheDarkTheme:
    def test_the_script_list(self, launcher):
        launcher.show()
        until(launcher.looks_dark, "the list is drawn dark")
        launcher.shot("list-dark")

    def test_dmenu(self, launcher):
        state, luminance, code = dressed_dmenu_shot(launcher, "dmenu-dark")
        assert state["rows"] == 5 and code == 1
        assert luminance < 0.3

    def test_the_applications(self, launcher):
        launcher.show()
        type_text("fixture")
        launcher.wait(lambda s: s["query"] == "fixture" and not s["matching"] and s["rows"] == 4, "four rows")
        assert launcher.looks_dark()
        launcher.shot("apps-dark")

    def test_an_arg_prompt(self, launcher):
        launcher.open("pick fr", "Pick Fruit")
        launcher.wait(lambda s: (s["prompt"] or {}).get("placeholder") == "Pick a fruit", "the arg prompt")
        type_text("an")
        launcher.wait(lambda s: s["query"] == "an" and s["selected"] == "banana", "“an” selects banana")
        assert launcher.looks_dark()
        launcher.shot("arg-dark")

    def test_the_clipboard_history_previews_the_image(self, dark_history):
        assert dark_history.preview and dark_history.preview.startswith("image 160 × 100")

    def test_the_clipboard_history_draws_the_picture(self, dark_history):
        assert dark_history.dark
        assert shows_picture(dark_history.shot)
