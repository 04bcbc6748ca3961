"""A Script Kit script (written for this test: Script Kit's globals, no import, top-level
await in a .js file) dropped into the scripts folder shows in the list and is driven by
keys: live choices as the user types, a form answered as an array, a div of markdown,
a db that keeps the answers, and an unsupported function that ends the run with its
name and line instead of a hang."""

import json
import os
from types import SimpleNamespace

import pytest

from user import eventually, press, read, type_text, within


def prompt(state):
    return state["prompt"] or {}


@pytest.fixture(scope="module")
def kit_script(user):
    """The Script Kit script, written before skit starts."""
    user.script("kit-trip.js", f"""\
// Name: Kit Trip
// Description: A Script Kit script: live choices, a form, a div and a db
const cities = ["Lisbon", "Oslo", "Osaka", "Quito"]
const city = await arg("Where to?", (input) =>
  input ? cities.filter((c) => c.toLowerCase().includes(input.toLowerCase())) : md("Type a **city**"))
const [name, days] = await fields(["Traveller", {{ label: "Days", type: "number" }}])
await div(md(`# ${{name}} → ${{city}}\\n\\n${{days}} days`))
const trips = await db({{ trips: [] }})
trips.trips.push({{ name, city, days }})
await trips.write()
await writeFile({json.dumps(os.path.join(user.results, "kit-trip.json"))}, JSON.stringify(trips.data))
""")
    user.script("kit-unsupported.js", """\
// Name: Kit Webcam
// Description: Calls a Script Kit function skit does not provide
await webcam()
""")


@pytest.fixture(scope="module")
def trip(kit_script, launcher, user):
    """Kit Trip run: “os” typed until Oslo is selected and Enter; “Ada”, Tab, “3”
    and Enter in the form; Enter on the div."""
    launcher.open("kit trip", "Kit Trip")
    panel = launcher.wait(lambda s: prompt(s).get("placeholder") == "Where to?" and s["selected"] == "Type a city",
                          "the live prompt with its panel")
    type_text("os")
    launcher.wait(lambda s: s["selected"] in ("Oslo", "Osaka"), "typing asks the script for choices", timeout=10)
    type_text("l")
    live = launcher.wait(lambda s: s["selected"] == "Oslo" and s.get("rows") == 1, "only Oslo is left", timeout=10)
    launcher.shot("scriptkit-live")
    press("Return")
    launcher.wait(lambda s: prompt(s).get("type") == "fields", "the form")
    type_text("Ada")
    press("Tab")
    type_text("3")
    form = launcher.wait(lambda s: s["fields"] == {"field0": "Ada", "field1": "3"}, "both fields typed")
    press("Return")
    div = launcher.wait(lambda s: prompt(s).get("type") == "div", "the div")
    launcher.shot("scriptkit-div")
    press("Return")
    saved = eventually(lambda: user.result("kit-trip.json"), timeout=10)
    back = within(lambda: (launcher.state() or {}).get("screen") == "scripts", timeout=10)
    return SimpleNamespace(panel=panel, live=live, form=form, div=prompt(div)["markdown"], saved=saved, back=back)


def test_a_kit_script_shows_in_the_list_by_its_name(trip):
    assert trip.panel["selected"] == "Type a city"


def test_its_live_choices_follow_what_is_typed(trip):
    assert trip.live["query"] == "osl"


def test_its_form_and_div_are_answered_by_keyboard(trip):
    assert trip.form["fields"] == {"field0": "Ada", "field1": "3"}
    assert trip.div == "# Ada → Oslo\n\n3 days"


def test_its_db_keeps_the_answers_as_script_kit_gives_them(trip, user):
    assert json.loads(trip.saved) == {"trips": [{"name": "Ada", "city": "Oslo", "days": "3"}]}
    stored = read(os.path.join(user.home, ".local/share/skit/db/kit-trip.json"))
    assert json.loads(stored) == {"trips": [{"name": "Ada", "city": "Oslo", "days": "3"}]}


def test_an_unsupported_function_ends_the_run_with_its_name_and_line(kit_script, launcher):
    launcher.open("kit webcam", "Kit Webcam")
    launcher.wait(lambda s: s["screen"] == "failed", "the run fails at once, no hang", timeout=15)
    launcher.shot("scriptkit-unsupported")
    # What the failure screen shows is the run's stderr, as the headless host prints it.
    headless = launcher.command("run", "Kit Webcam", "--headless", input="")
    exit_event = json.loads(headless.stdout.strip().splitlines()[-1])
    assert exit_event["code"] == 1
    assert "webcam() is Script Kit API that skit does not provide (called at kit-unsupported.js:3)" \
        in exit_event["stderr"]
