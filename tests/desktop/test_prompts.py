"""Scripts' prompts answered from the keyboard, in the light theme and then in the
dark one: a form, an editor and a div (the bundled Release Note), a live arg prompt
with a preview and actions (the bundled Find File), every field type and a secret
(Every Field), a path prompt, multi-select and an env prompt (the bundled New
Project). Secrets never reach skit's log or `skit state`."""

import json
import os
from types import SimpleNamespace

import pytest

from user import copy, clipboard, eventually, file_mode, press, read, type_text, within

PASSWORD, TOKEN = "pw-desk-9913", "tok-desk-5521"


def prompt_type(state):
    return (state["prompt"] or {}).get("type")


# --- Release Note: fields, editor, div, then copy -------------------------------------------

NOTE = "# skit 1.0\n\n- Prompts are drawn natively\n- Notices fade"


@pytest.fixture(scope="module")
def release_note(launcher, theme):
    """Release Note run: “skit” and “1.0” in its form, two lines in its editor,
    Enter on its div."""
    copy("before the release note")
    launcher.open("release note", "Release Note")
    launcher.wait(lambda s: prompt_type(s) == "fields", "the form")
    type_text("skit")
    press("Tab")
    type_text("1.0")
    form = launcher.wait(lambda s: s["fields"] == {"project": "skit", "version": "1.0"}, "both fields typed")
    launcher.shot(f"fields-{theme}")
    press("Return")
    launcher.wait(lambda s: prompt_type(s) == "editor", "the editor")
    type_text("Prompts are drawn natively")
    press("Return")
    type_text("Notices fade")
    editor = launcher.wait(lambda s: s["query"].endswith("Notices fade"), "both lines in the editor")
    launcher.shot(f"editor-{theme}")
    press("ctrl+Return")
    div = launcher.wait(lambda s: prompt_type(s) == "div", "the div")
    launcher.shot(f"div-{theme}")
    press("Return")
    copied = eventually(lambda: (clipboard() or "").rstrip("\n") == NOTE and clipboard())
    notice = eventually(lambda: (launcher.state() or {}).get("notice"))
    hidden = within(launcher.is_hidden, timeout=10)
    return SimpleNamespace(form=form["fields"], editor=editor["query"], div=div["prompt"]["markdown"],
                           copied=copied, notice=notice, hidden=hidden)


def test_release_note_fields_editor_and_div_are_answered_by_keyboard(release_note):
    assert release_note.form == {"project": "skit", "version": "1.0"}
    assert release_note.editor == "- Prompts are drawn natively\nNotices fade"
    assert release_note.div.startswith(NOTE + "\n")


def test_the_script_gets_the_answers_and_copies_its_note_to_the_clipboard(release_note):
    assert release_note.copied == NOTE + "\n"


def test_its_notice_shows_then_the_window_hides(release_note):
    assert release_note.notice == "Copied the skit 1.0 release note"
    assert release_note.hidden, "the window is still shown 10 s after the run"


# --- Find File: a live arg prompt (protocol 1.1) with a preview and actions --------------------


@pytest.fixture(scope="module")
def notes(user):
    """~/notes with a meeting note and a shopping list."""
    folder = os.path.join(user.home, "notes")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "meeting-notes.md"), "w") as f:
        f.write("# Meeting notes\n\n- ship the launcher\n- try the preview pane\n")
    with open(os.path.join(folder, "shopping.txt"), "w") as f:
        f.write("groceries\n")
    return folder


@pytest.fixture(scope="module")
def find_file(launcher, theme, notes):
    """Find File run; “meeting” typed until the note is selected; then Copy Path
    (Ctrl+Shift+C), Ctrl+K and Escape."""
    copy("before Copy Path")
    launcher.open("find file", "Find File")
    launcher.wait(lambda s: (s["prompt"] or {}).get("placeholder") == "Find a file under ~", "Find File's prompt")
    type_text("meeting")
    launcher.wait(lambda s: s["selected"] == "meeting-notes.md", "typing searches live", timeout=10)
    found = launcher.wait(lambda s: "Meeting notes" in (s.get("preview") or ""), "the preview of the note")
    launcher.shot(f"preview-{theme}")
    press("ctrl+shift+c")
    copied = eventually(lambda: clipboard() == os.path.join(notes, "meeting-notes.md") and clipboard())
    after_copy = launcher.state()
    press("ctrl+k")
    menu = eventually(lambda: (launcher.state() or {}).get("screen") == "actions" and launcher.state())
    press("Escape")
    back = eventually(lambda: (launcher.state() or {}).get("screen") == "prompt" and launcher.state())
    return SimpleNamespace(found=found, copied=copied, after_copy=after_copy, menu=menu, back=back)


def test_find_file_searches_live_and_the_preview_shows_the_file(find_file):
    assert find_file.found["selected"] == "meeting-notes.md"
    assert "# Meeting notes\n\n- ship the launcher" in find_file.found["preview"]


def test_copy_path_puts_the_path_on_the_clipboard(find_file, notes):
    assert find_file.copied == os.path.join(notes, "meeting-notes.md")


def test_copy_path_is_an_action_that_keeps_the_prompt_open(find_file):
    assert find_file.after_copy["screen"] == "prompt"


def test_ctrl_k_opens_the_prompts_actions(find_file):
    assert find_file.menu, "no actions menu"
    assert find_file.menu["rows"] == 4


def test_escape_in_the_actions_menu_goes_back_to_the_prompt(find_file):
    assert find_file.back, "not back on the prompt"
    assert find_file.back["prompt"]["placeholder"] == "Find a file under ~"


# --- Every Field: every field type by keyboard, then a secret -----------------------------------


@pytest.fixture(scope="module")
def every_field(launcher, theme, user):
    """Every Field run: Ada, a password, 36, the checkbox ticked, Zed chosen by
    typing, two lines about her; then the token in the env prompt. `states` are skit
    states taken while and after the secrets were typed."""
    answers = os.path.join(user.results, "every-field.json")
    for stale in (answers, user.env_file):
        if os.path.exists(stale):
            os.remove(stale)
    states = []
    launcher.open("every field", "Every Field")
    launcher.wait(lambda s: prompt_type(s) == "fields", "the form")
    type_text("Ada")
    press("Tab")
    type_text(PASSWORD)
    states.append(launcher.wait(lambda s: s["fields"]["password"] == "•" * len(PASSWORD), "the password typed"))
    press("Tab")
    type_text("36")
    press("Tab", "space", "Tab")
    type_text("ze")
    launcher.wait(lambda s: s["fields"]["editor"] == "Zed", "typing “ze” chooses Zed")
    launcher.shot(f"select-{theme}")
    press("Tab")
    type_text("Writes launchers.")
    press("Return")
    type_text("Likes keyboards.")
    form = launcher.wait(lambda s: s["fields"]["bio"] == "Writes launchers.\nLikes keyboards.", "two lines typed")
    states.append(form)
    launcher.shot(f"form-{theme}")
    press("ctrl+Return")
    env = launcher.wait(lambda s: prompt_type(s) == "env", "the env prompt")
    type_text(TOKEN)
    states.append(launcher.wait(lambda s: s["query"] == "•" * len(TOKEN), "the token typed"))
    launcher.shot(f"env-{theme}")
    press("Return")
    written = eventually(lambda: read(answers))
    states.append(launcher.state())
    stored = eventually(lambda: f"SKIT_DESKTOP_TOKEN={TOKEN}" in (read(user.env_file) or "").splitlines())
    return SimpleNamespace(form=form["fields"], env=env, answers=json.loads(written) if written else None,
                           states=states, env_file=stored and read(user.env_file),
                           env_mode=stored and file_mode(user.env_file))


def test_every_field_type_is_answered_by_keyboard_then_a_secret(every_field):
    assert every_field.form == {"name": "Ada", "password": "•" * len(PASSWORD), "age": "36", "news": True,
                                "editor": "Zed", "bio": "Writes launchers.\nLikes keyboards."}
    assert every_field.env["key"] == "SKIT_DESKTOP_TOKEN" and every_field.env["secret"] is True


def test_the_script_gets_every_answer_with_its_type_and_the_secrets_intact(every_field):
    assert every_field.answers == {"name": "Ada", "age": 36, "news": True, "editor": "Zed",
                                   "bio": "Writes launchers.\nLikes keyboards.", "password_ok": True,
                                   "token_ok": True}


def test_the_env_file_holds_the_token_mode_600(every_field):
    assert f"SKIT_DESKTOP_TOKEN={TOKEN}" in (every_field.env_file or "").splitlines()
    assert every_field.env_mode == 0o600


def test_no_secret_in_skits_log(every_field, launcher):
    log = read(launcher.skit.log.name)
    assert PASSWORD not in log and TOKEN not in log


def test_no_secret_in_skit_state_while_and_after_they_were_typed(every_field):
    assert len(every_field.states) == 4 and all(every_field.states)
    text = json.dumps(every_field.states, ensure_ascii=False)
    assert PASSWORD not in text and TOKEN not in text
    assert "•" * len(PASSWORD) in text


# --- New Project: a path prompt, a form, multi-select, an env prompt -----------------------------


@pytest.fixture(scope="module")
def projects(user):
    """~/projects with skit (a README and src/), website and notes."""
    folder = os.path.join(user.home, "projects")
    for sub in ("skit/src", "website", "notes"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    with open(os.path.join(folder, "skit/README.md"), "w") as f:
        f.write("# skit\n")
    with open(os.path.join(folder, "skit/src/main.rs"), "w") as f:
        f.write("fn main() {}\n")
    return folder


@pytest.fixture(scope="module")
def new_project(launcher, theme, user, projects):
    """New Project run: ~/projects picked by keyboard in the path prompt, the form
    filled, LICENSE and .gitignore toggled (not git init), the author typed."""
    if os.path.exists(user.env_file):
        os.remove(user.env_file)  # so that the author is asked
    launcher.open("new project", "New Project")
    launcher.wait(lambda s: s.get("folder") == user.home, "the path prompt in ~")
    type_text("proj")
    launcher.wait(lambda s: s["selected"] == "projects/", "“proj” selects projects/")
    press("Tab")
    launcher.wait(lambda s: s.get("folder") == projects and s["selected"] == "./" and "website/" in s["preview"],
                  "Tab enters projects/, its folders in the preview")
    launcher.shot(f"path-{theme}")
    type_text("sk")
    launcher.wait(lambda s: s["selected"] == "skit/" and "README.md" in s["preview"], "the folder's preview")
    press("BackSpace", "BackSpace")
    launcher.wait(lambda s: s["selected"] == "./", "back on ./")
    press("Return")
    launcher.wait(lambda s: prompt_type(s) == "fields", "the form")
    type_text(f"demo-{theme}")
    press("Tab")
    type_text("node")
    press("Tab", "space", "Tab")
    type_text("A demo made by the desktop test.")
    press("ctrl+Return")
    launcher.wait(lambda s: (s["prompt"] or {}).get("multiple") is True, "the extras (multi-select)")
    press("Down", "ctrl+space", "Down", "ctrl+space")
    launcher.wait(lambda s: s.get("toggled") == ["LICENSE", ".gitignore"], "two extras toggled")
    launcher.shot(f"multi-{theme}")
    press("Return")
    launcher.wait(lambda s: s.get("key") == "SKIT_AUTHOR", "the author asked (env prompt)")
    type_text("Ada Lovelace")
    press("Return")
    folder = os.path.join(projects, f"demo-{theme}")
    eventually(lambda: read(os.path.join(folder, "package.json")))
    return folder


def test_new_project_takes_a_folder_a_form_two_extras_and_the_author_by_keyboard(new_project):
    assert read(os.path.join(new_project, "package.json")), "no package.json"
    assert "Ada Lovelace" in (read(os.path.join(new_project, "LICENSE")) or "")
    assert read(os.path.join(new_project, ".gitignore"))
    assert not os.path.exists(os.path.join(new_project, ".git"))
