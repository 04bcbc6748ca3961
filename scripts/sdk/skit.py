"""skit SDK for Python (standard library only).

    import os, sys
    sys.path.insert(0, os.environ["SKIT_SDK"])
    import skit

    fruit = skit.arg("Pick a fruit", ["apple", "banana"])
    skit.notify(f"You picked {fruit}")

Prompts block until the user answers and return the answer. See docs/protocol.md.

Live prompts (protocol 1.1): pass a function of the query as `choices` and the SDK
runs the input/seq loop for you:

    def files(query):
        return [{"name": p, "preview": open(p).read(2000)} for p in find(query)]

    path = skit.arg("Find a file", files, actions=[{"name": "Reveal", "shortcut": "ctrl+r",
                    "close": False}], on_action=lambda name, value, query: reveal(value))

Richer inputs (protocol 1.1): `arg(..., multiple=True)` returns a list; `fields`
takes typed fields (password, number, checkbox, select, textarea) and returns
their answers as JSON types; `path()` picks a file or folder; `env("KEY",
secret=True)` returns a variable from the env file or the environment, asking
once and remembering it when it is not set.
"""

import asyncio
import inspect
import itertools
import json
import os
import select
import sys

_ids = itertools.count(1)
#: The name of the prompt action that answered the last prompt, if one did.
last_action = None
# Lines read while looking for something else, kept for the next reader.
_pending = []


def send(message):
    """Sends one message (a dict) to skit."""
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _read():
    """The next message from skit (a dict), or None when stdin has ended."""
    while True:
        line = _pending.pop(0) if _pending else sys.stdin.readline()
        if not line:
            return None
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict):
            return message


def _newer_waiting():
    """Reads the lines skit has already written, without blocking."""
    while select.select([sys.stdin], [], [], 0)[0]:
        line = sys.stdin.readline()
        if not line:
            break
        _pending.append(line)


def wait(prompt_id):
    """Waits for the answer to prompt `prompt_id` and returns its value.

    Exits quietly when skit closes stdin (the run was cancelled)."""
    global last_action
    while True:
        reply = _read()
        if reply is None:
            sys.exit(0)
        if reply.get("type") == "submit" and reply.get("id") == prompt_id:
            last_action = reply.get("action")
            return reply.get("value")


def _next_id():
    return str(next(_ids))


def _prompt(message):
    message["id"] = _next_id()
    send(message)
    return wait(message["id"])


def _clean(message):
    return {k: v for k, v in message.items() if v is not None}


def arg(placeholder=None, choices=None, hint=None, strict=None, preview=None,
        actions=None, on_action=None, debounce=None, input=None, multiple=None):
    """Asks for text, or for one of `choices` (strings or dicts with name, value,
    description, preview, tag, group, icon, id). Returns the choice's value (its
    name if it has none) or the text; `skit.last_action` names the action that
    answered, if one did. With `multiple=True` the user toggles several rows
    (Ctrl+Space) and the answer is a list of values.

    `choices` may be a function of the query (plain, a generator of choices, or
    async): the script then filters, and the function runs again as the user types.
    `preview` may be True (keep the pane) or a function of the focused value that
    returns markdown. `actions` are dicts (name, shortcut, description, value,
    close); `on_action(name, value, query)` is called for those with close False."""
    live = callable(choices) or callable(preview) or on_action is not None
    if not live:
        return _prompt(_clean({"type": "arg", "placeholder": placeholder, "hint": hint,
                               "choices": choices, "strict": strict, "actions": actions,
                               "preview": preview, "input": input, "multiple": multiple}))
    events = []
    if callable(choices):
        events.append("input")
    if callable(preview):
        events.append("focus")
    if on_action is not None:
        events.append("action")
    prompt_id = _next_id()
    send(_clean({
        "type": "arg", "id": prompt_id, "placeholder": placeholder, "hint": hint,
        "choices": None if callable(choices) else choices, "strict": strict,
        "events": events, "filter": "script" if callable(choices) else None,
        "debounce": debounce, "actions": actions,
        "preview": True if callable(preview) else preview, "input": input,
        "multiple": multiple,
    }))
    return _live_loop(prompt_id, choices, preview, on_action)


def _live_loop(prompt_id, choices, preview, on_action):
    global last_action
    while True:
        message = _read()
        if message is None:
            sys.exit(0)
        kind = message.get("type")
        if message.get("id") != prompt_id:
            continue
        if kind == "submit":
            last_action = message.get("action")
            return message.get("value")
        if kind == "input" and callable(choices):
            _newer_waiting()
            if any(_is_newer_input(line, prompt_id) for line in _pending):
                continue  # the user typed on; answer the newest query only
            _send_choices(prompt_id, choices(message.get("value", "")), message.get("seq"))
        elif kind == "focus" and callable(preview):
            markdown = _resolve(preview(message.get("value")))
            send({"type": "setPreview", "id": prompt_id, "markdown": markdown or "",
                  "seq": message.get("seq")})
        elif kind == "action" and on_action is not None:
            _resolve(on_action(message.get("action"), message.get("value"),
                               message.get("input")))


def _is_newer_input(line, prompt_id):
    try:
        message = json.loads(line)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("type") == "input" \
        and message.get("id") == prompt_id


def _resolve(result):
    """The value of `result`, running it first when it is a coroutine."""
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    return result


async def _await(awaitable):
    return await awaitable


def _send_choices(prompt_id, result, seq):
    """Sends what a choices function gave: a list at once; a generator or async
    generator in batches, the first as soon as it has some rows. A generator is
    closed (its `finally` runs: kill what it started) as soon as the user types
    on, so a slow search never answers a query that is no longer there."""
    result = _resolve(result)
    if inspect.isasyncgen(result):
        result = _collect_async(result)
    if isinstance(result, (list, tuple)):
        send({"type": "setChoices", "id": prompt_id, "choices": list(result), "seq": seq})
        return
    batch, first = [], True
    try:
        for choice in result:
            batch.append(choice)
            if len(batch) == (20 if first else 200):
                send({"type": "setChoices", "id": prompt_id, "choices": batch, "seq": seq,
                      **({} if first else {"append": True})})
                batch, first = [], False
                _newer_waiting()
                if any(_is_newer_input(line, prompt_id) for line in _pending):
                    return
    finally:
        if hasattr(result, "close"):
            result.close()
    if batch or first:
        send({"type": "setChoices", "id": prompt_id, "choices": batch, "seq": seq,
              **({} if first else {"append": True})})


def _collect_async(generator):
    async def collect():
        return [item async for item in generator]
    return asyncio.run(collect())


def update(prompt_id, **fields):
    """Changes the open arg prompt: placeholder, hint, input, loading, progress,
    footer, enter_label, actions."""
    renamed = {"enter_label": "enterLabel"}
    send({"type": "update", "id": prompt_id,
          **{renamed.get(k, k): v for k, v in fields.items()}})


def set_preview(prompt_id, markdown, seq=None):
    """Shows `markdown` in the preview pane of the open arg prompt."""
    send(_clean({"type": "setPreview", "id": prompt_id, "markdown": markdown, "seq": seq}))


def hello():
    """Tells skit this script speaks protocol 1.1; returns skit's capabilities."""
    send({"type": "hello", "protocol": "1.1", "sdk": "python"})
    while True:
        message = _read()
        if message is None:
            sys.exit(0)
        if message.get("type") == "hello":
            return message.get("capabilities", [])


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
    value, and (1.1) type: text, password, number, checkbox, select or textarea;
    required; options for a select: strings or {name, value}). Returns a dict
    {name: answer}: text for text fields, a number (None when left empty), True or
    False, the chosen option's value."""
    specs = [{"name": f} if isinstance(f, str) else f for f in fields]
    return _prompt({"type": "fields", "fields": specs})


def path(placeholder=None, start_path=None, only_dirs=None, show_hidden=None):
    """Picks a file (or with only_dirs=True a folder), starting in `start_path`
    (the home folder by default). Returns its absolute path."""
    return _prompt(_clean({"type": "path", "placeholder": placeholder,
                           "startPath": start_path, "onlyDirs": only_dirs,
                           "showHidden": show_hidden}))


def env(key, secret=None, placeholder=None, hint=None):
    """The value of environment variable `key`: from skit's env file or its
    environment when set, else asked (masked when `secret`) and kept in the env
    file for every later run. Also sets os.environ[key] for programs the script
    starts."""
    value = _prompt(_clean({"type": "env", "key": key, "secret": secret,
                            "placeholder": placeholder, "hint": hint}))
    os.environ[key] = value
    return value


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


def paste(text, secret=False):
    """Hides skit and pastes `text` into the window the user was in, then puts
    their clipboard back (protocol 1.1). `secret=True` marks it as a password, so
    clipboard managers (and skit's output) never keep it."""
    send({"type": "paste", "text": text, **({"secret": True} if secret else {})})


def type_text(text):
    """Like paste(), typing `text` key by key (slower; for fields that block paste)."""
    send({"type": "type", "text": text})


def get_selection():
    """The text the user has selected (the PRIMARY selection), or None."""
    return _prompt({"type": "getSelection"})


def hide():
    send({"type": "hide"})


def show():
    send({"type": "show"})


def exit(code=0):
    """Tells skit the script is done, and exits."""
    send({"type": "exit", "code": code})
    sys.exit(code)
