"""Raycast script commands dropped into the scripts folder, run from the keyboard:
each mode (fullOutput kept on screen, compact as a notice, silent hidden with a
desktop notification, inline as the row's subtitle refreshed only while the
launcher is visible), arguments asked in one form (text, password, dropdown, an
optional one left empty) and a confirmation. The scripts are written here."""

import os
import time
from types import SimpleNamespace

import pytest

from user import eventually, press, read, type_text, within


def prompt_type(state):
    return (state["prompt"] or {}).get("type")


def scripts(results):
    return {
        "raycast/full-output.sh": f"""\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Colour Report
# @raycast.mode fullOutput
# @raycast.packageName Reports
# @raycast.icon 🎨
printf '\\033[1;32mall green\\033[0m\\n'
printf 'plain line\\n'
printf '\\033[31mred tail\\033[0m\\n'
touch "{results}/full-output"
""",
        "raycast/compact.sh": """\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Compact Count
# @raycast.mode compact
echo "first line"
echo "Counted 3 things"
""",
        "raycast/silent.py": """\
#!/usr/bin/env python3
# @raycast.schemaVersion 1
# @raycast.title Quiet Cleanup
# @raycast.mode silent
print("working")
print("Cleaned up quietly")
""",
        "raycast/greet.sh": f"""\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Greet Person
# @raycast.mode compact
# @raycast.argument1 {{ "type": "text", "placeholder": "Name" }}
# @raycast.argument2 {{ "type": "password", "placeholder": "Secret" }}
# @raycast.argument3 {{ "type": "dropdown", "placeholder": "Tone", "data": [{{"title": "Warm", "value": "warm"}}, {{"title": "Dry", "value": "dry"}}] }}
printf '%s|%s|%s|%s' "$#" "$1" "$([ "$2" = "rc-secret-77" ] && echo ok)" "$3" > "{results}/greet"
echo "Greeted $1"
""",
        "raycast/save-note.sh": f"""\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Save Note
# @raycast.mode compact
# @raycast.needsConfirmation true
# @raycast.argument1 {{ "type": "text", "placeholder": "Note", "optional": true }}
printf '%s|%s' "$#" "$1" > "{results}/note"
echo "Saved"
""",
        "raycast/inline.sh": f"""\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Inline Counter
# @raycast.mode inline
# @raycast.refreshTime 10s
echo run >> "{results}/inline-runs"
echo "count $(wc -l < "{results}/inline-runs")"
""",
        # Nine more inline commands: ten refreshed while visible, none while hidden.
        **{f"raycast/inline-{n}.sh": f"""\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Inline Extra {n}
# @raycast.mode inline
# @raycast.refreshTime 10s
echo "extra {n}"
""" for n in range(9)},
        "raycast/script-command.template.sh": """\
#!/bin/bash
# @raycast.schemaVersion 1
# @raycast.title Template Command
# @raycast.mode compact
""",
    }


@pytest.fixture(scope="module")
def commands(launcher, user):
    for name, text in scripts(user.results).items():
        user.script(name, text)
    launcher.find("colour report", "Colour Report")
    launcher.reset()
    return user


def test_full_output_stays_on_screen_until_escape(launcher, commands):
    launcher.open("colour report", "Colour Report")
    state = launcher.wait(lambda s: s["screen"] == "output", "the output kept on screen")
    assert state["output"] == 3
    assert commands.result("full-output") is not None
    launcher.shot("raycast-full-output-light")
    press("Escape")
    launcher.wait(lambda s: s["screen"] == "scripts", "Escape returns to the list")
    launcher.reset()


def test_compact_shows_the_last_line_as_a_notice(launcher, commands):
    launcher.open("compact count", "Compact Count")
    notice = eventually(lambda: (launcher.state() or {}).get("notice"))
    assert notice == "Counted 3 things"
    launcher.reset()


def test_silent_hides_and_notifies_the_last_line(launcher, commands, notifications):
    launcher.open("quiet cleanup", "Quiet Cleanup")
    launcher.wait_hidden("a silent command hides the window")
    shown = eventually(lambda: [n for n in notifications.shown() if n[2] == "Cleaned up quietly"], timeout=10)
    assert shown and shown[0][1] == "Quiet Cleanup"
    launcher.reset()


def test_arguments_in_one_form_passed_in_position(launcher, commands, out):
    launcher.open("greet person", "Greet Person")
    launcher.wait(lambda s: prompt_type(s) == "fields", "the arguments form")
    type_text("Ann")
    press("Tab")
    type_text("rc-secret-77")
    form = launcher.wait(lambda s: s["fields"].get("argument1") == "Ann", "the name typed")
    # The password is never in skit state.
    assert "rc-secret-77" not in str(form)
    press("Return")
    assert eventually(lambda: commands.result("greet")) == "3|Ann|ok|warm"
    assert "rc-secret-77" not in (read(os.path.join(out, "skit-raycast.log")) or "")
    launcher.reset()


def test_optional_argument_left_empty_then_confirmed(launcher, commands):
    launcher.open("save note", "Save Note")
    launcher.wait(lambda s: prompt_type(s) == "fields", "the arguments form")
    press("Return")
    confirm = launcher.wait(lambda s: prompt_type(s) == "arg", "the confirmation")
    assert confirm["prompt"]["placeholder"] == "Run “Save Note”?"
    assert commands.result("note") is None
    press("Return")
    assert eventually(lambda: commands.result("note")) == "1|"
    launcher.reset()


def test_templates_are_not_listed(launcher, commands):
    launcher.show()
    type_text("template command")
    state = launcher.wait(lambda s: s["query"] == "template command" and not s["matching"], "the query typed")
    assert state["selected"] != "Template Command"
    launcher.reset()


IDLE_TICKS = 25  # as test_triggers: at most a few % of a core; skit measures 0 here


def cpu_ticks(pid):
    """User + system CPU time of process `pid`, in clock ticks."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def runs(user):
    return len((user.result("inline-runs") or "").splitlines())


def test_inline_refreshes_while_visible_and_never_while_hidden(launcher, commands):
    launcher.find("inline counter", "Inline Counter")
    first = launcher.wait(lambda s: (s.get("subtitle") or "").startswith("count "), "the subtitle", timeout=10)
    count = int(first["subtitle"].split()[1])
    launcher.wait(lambda s: s.get("subtitle") == f"count {count + 1}", "a refresh 10 s later", timeout=20)
    launcher.command("hide")
    launcher.wait_hidden()
    time.sleep(1)  # a run going at the hide is stopped, or has just written its line
    hidden_at = runs(commands)
    pid = launcher.state()["pid"]
    before = cpu_ticks(pid)
    time.sleep(13)  # more than refreshTime
    used = cpu_ticks(pid) - before
    assert runs(commands) == hidden_at, "an inline script ran while the launcher was hidden"
    assert used <= IDLE_TICKS, f"a hidden skit with 10 inline commands used {used / 100:.2f} s of CPU in 13 s"
    # Shown again, it is refreshed at once (its last run is older than refreshTime).
    launcher.find("inline counter", "Inline Counter")
    launcher.wait(lambda s: s.get("subtitle") == f"count {hidden_at + 1}", "a refresh when shown", timeout=10)
    launcher.reset()
