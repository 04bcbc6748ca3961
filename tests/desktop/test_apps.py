"""The desktop's applications in the launcher, ranked with the scripts, started
with Enter or one of their desktop actions; and the calculator."""

from types import SimpleNamespace

import pytest

from user import clipboard, copy, eventually, press, type_text, within


@pytest.fixture(scope="module")
def fixture_typed(launcher, applications):
    """“fixture” typed in the launcher."""
    launcher.show()
    type_text("fixture")
    state = launcher.wait(lambda s: s["query"] == "fixture" and not s["matching"] and s["rows"] == 4,
                          "four rows for “fixture”")
    launcher.shot("apps-light")
    return state


def test_applications_are_listed_but_not_nodisplay_ones(fixture_typed):
    # Fixture Notes, Fixture Plain, Fixture Browser and the row that offers to
    # create a script; not Fixture Helper (NoDisplay=true).
    assert fixture_typed["rows"] == 4


def test_applications_are_ranked_with_the_scripts(fixture_typed):
    assert fixture_typed["screen"] == "scripts"
    assert fixture_typed["selected"].startswith("Fixture ")


@pytest.fixture(scope="module")
def desktop_action(launcher, applications):
    """Fixture Browser found, Ctrl+K, “private” typed, Enter."""
    applications.forget()
    launcher.find("fixture browser", "Fixture Browser")
    press("ctrl+k")
    menu = eventually(lambda: (launcher.state() or {}).get("screen") == "actions" and launcher.state())
    type_text("private")
    launcher.wait(lambda s: s["selected"] == "New Private Window", "“private” selects the desktop action")
    press("Return")
    return SimpleNamespace(menu=menu, launched=eventually(applications.last_launch),
                           hidden=within(launcher.is_hidden))


def test_an_apps_ctrl_k_menu_has_its_desktop_actions(desktop_action):
    assert desktop_action.menu, "Ctrl+K opened no actions menu"


def test_a_desktop_action_starts_the_app_with_its_own_command(desktop_action):
    assert desktop_action.launched == "--private"


def test_the_window_hides_once_the_app_is_started(desktop_action):
    assert desktop_action.hidden


def test_enter_starts_the_application_detached(launcher, applications):
    applications.forget()
    launcher.open("fixture notes", "Fixture Notes")
    assert eventually(applications.last_launch) == "--notes"


@pytest.fixture(scope="module")
def calculation(launcher):
    """“12*7” typed in the launcher, then Enter."""
    copy("before the calculation")
    launcher.show()
    type_text("12*7")
    state = eventually(lambda: (launcher.state() or {}).get("selected") == "= 84" and launcher.state())
    launcher.shot("calculator-light")
    press("Return")
    return SimpleNamespace(state=state, copied=eventually(lambda: clipboard() == "84" and clipboard()))


def test_12_times_7_shows_84_as_the_first_row(calculation):
    assert calculation.state and calculation.state["selected"] == "= 84"


def test_enter_puts_the_result_on_the_clipboard(calculation):
    assert calculation.copied == "84"
