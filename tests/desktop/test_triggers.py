"""Scripts that start other than by Enter on their row: a keyword typed before the
query, a Schedule, a watched file, a background script; and what a hidden skit
costs while they wait."""

import glob
import os
import time
from types import SimpleNamespace

import pytest

from user import eventually, press, read, type_text, within


def log_of(user, script):
    return read(os.path.join(user.logs, f"{script}.log")) or ""


# --- a keyword ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keyword(launcher, user):
    """“gh skit” typed in the launcher (Search GitHub's Keyword is gh), then Enter."""
    launcher.show()
    type_text("gh skit")
    state = eventually(lambda: (s := launcher.state()) and s["query"] == "gh skit" and not s["matching"] and s)
    launcher.shot("keyword-light")
    press("Return")
    return SimpleNamespace(state=state, ran=eventually(lambda: user.result("keyword.txt")))


def test_a_keyword_pins_its_script(keyword):
    assert keyword.state and keyword.state["selected"] == "Search GitHub"


def test_enter_runs_the_keywords_script_with_the_rest_as_argv1_and_skit_input(keyword):
    # argv[1] | SKIT_INPUT | SKIT_TRIGGER
    assert keyword.ran == "skit|skit|keyword"


# --- a schedule -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduled(launcher, user, notifications):
    """A script with `Schedule: * * * * * *` (seconds, through the test hook) that
    notifies once; skit's state watched until the notification arrived."""
    stood_up = os.path.join(user.results, "stood-up")
    path = user.script("stand-up-test.sh", f"""\
# Name: Stand Up Test
# Schedule: * * * * * *
source "$SKIT_SDK/skit.sh"
[ -e "{stood_up}" ] && exit 0
touch "{stood_up}"
skit_notify "Time to stand up"
""")
    seen = []

    def notified():
        seen.append(launcher.state())
        return ("skit", "Stand Up Test", "Time to stand up") in notifications.shown()
    arrived = within(notified, timeout=15)
    os.remove(path)
    return SimpleNamespace(arrived=arrived, shown=any(s and s["visible"] for s in seen),
                           log=log_of(user, "stand-up-test.sh"))


def test_a_scheduled_scripts_notify_reaches_the_desktops_notification_service(scheduled):
    assert scheduled.arrived


def test_the_window_stays_hidden_for_the_scheduled_run(scheduled):
    assert not scheduled.shown


def test_the_scheduled_run_is_in_its_log(scheduled):
    assert "started: schedule" in scheduled.log


# --- a watched file -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def watched(launcher, user):
    """Sort Inbox (Watch: ~/inbox/*.pdf, asks where a new file goes), PDFs written to
    ~/inbox until it asks; then “arch” typed in its prompt and Enter."""
    inbox = os.path.join(user.home, "inbox")
    os.makedirs(inbox, exist_ok=True)
    sorted_to = os.path.join(user.results, "sorted.txt")
    path = user.script("sort-inbox.sh", f"""\
# Name: Sort Inbox
# Description: Asks where a new file in ~/inbox goes
# Watch: ~/inbox/*.pdf
source "$SKIT_SDK/skit.sh"
echo "new file: $1 ($2)"
[ -e "{sorted_to}" ] && exit 0  # asked once already (more files may be queued)
where=$(skit_arg "Where should $(basename "$1") go?" Documents Archive Trash)
printf '%s' "$where" > "{sorted_to}"
""")
    # The watch is set on the trigger host's thread once it has read the script:
    # a file is written each second until one starts the script.
    started = False
    for n in range(1, 51):
        with open(os.path.join(inbox, f"report-{n}.pdf"), "w") as f:
            f.write("%PDF")
        if within(lambda: "asks: arg" in log_of(user, "sort-inbox.sh"), timeout=1):
            started = True
            break
    asking = eventually(lambda: (s := launcher.state()) and s.get("asking") == "Sort Inbox" and s["visible"] and s)
    if asking:
        launcher.wait_focused()
        launcher.shot("triggered-light")
        type_text("arch")
        launcher.wait(lambda s: s["selected"] == "Archive", "“arch” selects Archive")
        press("Return")
    answer = eventually(lambda: read(sorted_to))
    hidden = within(launcher.is_hidden, timeout=10)
    yield SimpleNamespace(started=started, asking=asking, answer=answer, hidden=hidden)
    for pdf in glob.glob(os.path.join(inbox, "*.pdf")):
        os.remove(pdf)
    os.remove(path)


def test_a_watched_file_starts_its_script(watched):
    assert watched.started


def test_its_prompt_shows_the_window_saying_which_script_asks(watched):
    assert watched.asking, "no visible prompt asking for Sort Inbox"
    assert watched.asking["prompt"]["placeholder"].startswith("Where should report-")


def test_the_answer_reaches_the_watched_run(watched):
    assert watched.answer == "Archive"


def test_the_window_hides_again_after_the_watched_run(watched):
    assert watched.hidden


def test_view_log_shows_what_a_scripts_runs_did(launcher, watched):
    launcher.find("sort inbox", "Sort Inbox")
    press("ctrl+l")
    launcher.wait(lambda s: s["screen"] == "log", "Ctrl+L shows the log screen")
    launcher.shot("log-light")


# --- waiting costs nothing ------------------------------------------------------------------------


def cpu_ticks(pid):
    """User and system CPU time of a process, in clock ticks (1/100 s)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.fixture(scope="module")
def waiting_scripts(launcher, user):
    """A script with a schedule (next new year), one watching ~/watched and a
    background script, added to the scripts folder."""
    os.makedirs(os.path.join(user.home, "watched"), exist_ok=True)
    paths = [
        user.script("idle-schedule.sh", "# Name: Idle Schedule\n# Schedule: 0 0 1 1 *\necho new year\n"),
        user.script("idle-watch.sh", '# Name: Idle Watch\n# Watch: ~/watched/*\necho "$1"\n'),
        user.script("idle-background.sh", "# Name: Idle Background\n# Background: true\nexec sleep 100000\n"),
    ]
    started = within(lambda: "started: background" in log_of(user, "idle-background.sh"), timeout=10)
    yield SimpleNamespace(started=started)
    for path in paths:
        os.remove(path)


def test_a_background_script_starts_with_the_scripts_folders_change(waiting_scripts):
    assert waiting_scripts.started


IDLE_SECONDS, IDLE_TICKS = 5, 25  # at most 5 % of a core; skit measures 0 here


def test_a_hidden_skit_with_a_schedule_a_watch_and_a_background_script_stays_idle(launcher, waiting_scripts):
    launcher.wait_hidden()
    pid = launcher.state()["pid"]  # the launcher's own pid: the one started is its supervisor (src/crash.rs)
    before = cpu_ticks(pid)
    time.sleep(IDLE_SECONDS)  # the measurement's span
    used = cpu_ticks(pid) - before
    assert used <= IDLE_TICKS, f"a hidden skit used {used / 100:.2f} s of CPU in {IDLE_SECONDS} s"
