"""`skit dmenu`: lines on stdin, one chosen by keys in the running launcher and
printed, as `rofi -dmenu` does, with rofi's flags."""

import json
import threading

from user import Dmenu, dressed_dmenu_shot, press, type_text


def test_dmenu_prints_the_line_picked_by_keys(launcher):
    dmenu = Dmenu(launcher, b"a\nb\nc", "-p", "Pick")
    dmenu.wait(lambda s: s["rows"] == 3, "three lines")
    dmenu.typed("b")
    dmenu.wait(lambda s: s["selected"] == "b", "“b” selects b")
    press("Return")
    assert dmenu.result() == ("b\n", 0)


def test_escape_in_dmenu_exits_1(launcher):
    dmenu = Dmenu(launcher, b"a\nb\n")
    dmenu.wait(lambda s: s["rows"] == 2, "two lines")
    press("Escape")
    assert dmenu.result() == ("", 1)


def test_dmenu_format_i_prints_the_index(launcher):
    dmenu = Dmenu(launcher, b"a\nb\nc", "-format", "i")
    dmenu.wait(lambda s: s["rows"] == 3, "three lines")
    dmenu.typed("c")
    dmenu.wait(lambda s: s["selected"] == "c", "“c” selects c")
    press("Return")
    assert dmenu.result() == ("2\n", 0)


def test_dmenu_selected_row_2_starts_on_the_third_line(launcher):
    dmenu = Dmenu(launcher, b"a\nb\nc", "-selected-row", "2")
    dmenu.wait(lambda s: s["selected"] == "c", "the third line selected")
    press("Return")
    assert dmenu.result() == ("c\n", 0)


def test_dmenu_multi_select_prints_the_lines_marked_with_shift_enter_as_rofi(launcher):
    dmenu = Dmenu(launcher, b"a\nb\nc", "-multi-select")
    dmenu.wait(lambda s: s["rows"] == 3 and s["selected"] == "a", "three lines")
    press("shift+Return")
    dmenu.wait(lambda s: s["selected"] == "b", "Shift+Enter marks a and moves on, as rofi")
    press("Down")
    dmenu.wait(lambda s: s["selected"] == "c", "Down selects c")
    press("shift+Return", "Return")
    assert dmenu.result() == ("a\nc\n", 0)


def test_typed_text_that_matches_nothing_is_printed(launcher):
    dmenu = Dmenu(launcher, b"a\nb")
    dmenu.wait(lambda s: s["rows"] == 2, "two lines")
    assert dmenu.typed("zzz")["rows"] == 0
    press("Return")
    assert dmenu.result() == ("zzz\n", 0)


def test_but_not_under_no_custom_enter_does_nothing_and_escape_exits_1(launcher):
    dmenu = Dmenu(launcher, b"a\nb", "-no-custom")
    dmenu.wait(lambda s: s["rows"] == 2, "two lines")
    dmenu.typed("zzz")
    press("Return", "Escape")
    assert dmenu.result() == ("", 1)


def test_a_nonselectable_row_rofi_row_options_cannot_be_picked(launcher):
    dmenu = Dmenu(launcher, b"x\0nonselectable\x1ftrue\ny\n")
    dmenu.wait(lambda s: s["selected"] == "x", "x shown first")
    press("Return", "Down")
    dmenu.wait(lambda s: s["selected"] == "y", "Enter on x does nothing; Down selects y")
    press("Return")
    assert dmenu.result() == ("y\n", 0)


def test_dmenu_password_keeps_the_typed_text_out_of_skit_state(launcher):
    dmenu = Dmenu(launcher, b"a\nb\n", "-password")
    dmenu.wait(lambda s: s["rows"] == 2, "two lines")
    type_text("secret")
    state = dmenu.wait(lambda s: s["query"] == "••••••", "six masked characters")
    press("Escape")
    dmenu.result()
    assert "secret" not in json.dumps(state)


def test_100000_lines_stream_in_the_first_50000_show_before_the_input_ends(launcher):
    dmenu = Dmenu(launcher, None, "-l", "5")
    rest = threading.Event()

    def stream():
        dmenu.proc.stdin.write("".join(f"{n}\n" for n in range(1, 50001)).encode())
        dmenu.proc.stdin.flush()
        rest.wait(30)
        dmenu.proc.stdin.write("".join(f"{n}\n" for n in range(50001, 100001)).encode())
        dmenu.proc.stdin.close()
    writer = threading.Thread(target=stream, daemon=True)
    writer.start()
    try:
        dmenu.wait(lambda s: s["rows"] == 50000, "the first 50,000 lines listed while the input is open")
    finally:
        rest.set()
    dmenu.wait(lambda s: s["rows"] == 100000, "all 100,000 lines listed", timeout=30)
    press("Return")
    assert dmenu.result() == ("1\n", 0)
    writer.join(10)


def test_dmenu_shows_a_prompt_a_message_and_marked_lines_as_a_script_dresses_it(launcher):
    state, luminance, code = dressed_dmenu_shot(launcher, "dmenu-light")
    assert state["rows"] == 5 and state["selected"] == "firefox"
    assert luminance > 0.7
    assert code == 1


def test_the_launcher_hides_once_dmenu_has_its_answer(launcher):
    for key in ("Return", "Escape"):
        dmenu = Dmenu(launcher, b"a\nb")
        dmenu.wait(lambda s: s["rows"] == 2, "two lines")
        press(key)
        dmenu.result()
        launcher.wait_hidden(f"{key} in skit dmenu hides the launcher")
