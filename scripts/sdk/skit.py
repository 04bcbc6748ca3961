"""skit SDK for Python (standard library only).

    import os, sys
    sys.path.insert(0, os.environ["SKIT_SDK"])
    import skit

    fruit = skit.arg("Pick a fruit", ["apple", "banana"])
    skit.notify(f"You picked {fruit}")

Prompts block until the user answers and return the answer. See docs/protocol.md.
"""

import itertools
import json
import sys

_ids = itertools.count(1)


def send(message):
    """Sends one message (a dict) to skit."""
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def wait(prompt_id):
    """Waits for the answer to prompt `prompt_id` and returns its value.

    Exits quietly when skit closes stdin (the run was cancelled)."""
    for line in sys.stdin:
        try:
            reply = json.loads(line)
        except ValueError:
            continue
        if reply.get("type") == "submit" and reply.get("id") == prompt_id:
            return reply.get("value")
    sys.exit(0)


def _next_id():
    return str(next(_ids))


def _prompt(message):
    message["id"] = _next_id()
    send(message)
    return wait(message["id"])


def _clean(message):
    return {k: v for k, v in message.items() if v is not None}


def arg(placeholder=None, choices=None, hint=None, strict=None):
    """Asks for text, or for one of `choices` (strings or dicts with name, value,
    description). Returns the choice's value (its name if it has none) or the text."""
    return _prompt(_clean({"type": "arg", "placeholder": placeholder, "hint": hint,
                           "choices": choices, "strict": strict}))


def arg_open(placeholder=None, choices=None, hint=None, strict=None):
    """Shows an arg prompt without waiting; returns its id. Stream choices into it
    with set_choices(id, ...), then get the answer with wait(id)."""
    message = _clean({"type": "arg", "id": _next_id(), "placeholder": placeholder,
                      "hint": hint, "choices": choices or [], "strict": strict})
    send(message)
    return message["id"]


def set_choices(prompt_id, choices, append=False):
    """Replaces the choices of the open arg prompt `prompt_id` (or, with
    append=True, adds them after the current ones)."""
    message = {"type": "setChoices", "id": prompt_id, "choices": choices}
    if append:
        message["append"] = True
    send(message)


def div(markdown):
    """Shows markdown until the user presses Enter."""
    _prompt({"type": "div", "markdown": markdown})


def fields(fields):
    """A form. `fields` is a list of names or dicts (name, label, placeholder,
    value). Returns a dict {name: text}."""
    specs = [{"name": f} if isinstance(f, str) else f for f in fields]
    return _prompt({"type": "fields", "fields": specs})


def editor(value=None, placeholder=None):
    """A multi-line editor (Ctrl+Enter submits). Returns the text."""
    return _prompt(_clean({"type": "editor", "value": value, "placeholder": placeholder}))


def notify(text):
    send({"type": "notify", "text": text})


def copy(text):
    send({"type": "copy", "text": text})


def open_target(target):
    """Opens a URL or path with the desktop's handler."""
    send({"type": "open", "target": target})


def hide():
    send({"type": "hide"})


def show():
    send({"type": "show"})


def exit(code=0):
    """Tells skit the script is done, and exits."""
    send({"type": "exit", "code": code})
    sys.exit(code)
