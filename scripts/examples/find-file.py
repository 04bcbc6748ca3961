#!/usr/bin/env python3
# Name: Find File
# Description: Search your home folder as you type; preview, open, reveal or copy a file
# Alias: ff
"""Live search (protocol 1.1): skit sends what you type, this script answers with
the files it finds. `fd` is used when it is installed, else `find`; a search stops
at 500 files, and is stopped as soon as you type on."""
import mimetypes
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

HOME = os.path.expanduser("~")
LIMIT = 500


def search(query):
    query = query.strip()
    if shutil.which("fd"):
        command = ["fd", "--hidden", "--exclude", ".git", "--max-results", str(LIMIT),
                   "--fixed-strings", "--ignore-case", query or ".", HOME]
    elif shutil.which("fdfind"):  # Debian's name for fd
        command = ["fdfind", "--hidden", "--exclude", ".git", "--max-results", str(LIMIT),
                   "--fixed-strings", "--ignore-case", query or ".", HOME]
    else:
        command = ["find", HOME, "-name", ".git", "-prune", "-o",
                   "-iname", f"*{query}*", "-print"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, errors="replace")
    try:
        for count, line in enumerate(process.stdout):
            if count == LIMIT:
                break
            path = line.rstrip("\n")
            if path == HOME:
                continue
            folder, name = os.path.split(path)
            yield {
                "name": name + ("/" if os.path.isdir(path) else ""),
                "description": folder.replace(HOME, "~", 1),
                "value": path,
                "id": path,
                "icon": "📁" if os.path.isdir(path) else "📄",
            }
    finally:
        # The user typed on (or picked one): stop searching.
        process.kill()
        process.wait()


def preview(path):
    if not path:
        return ""
    shown = path.replace(HOME, "~", 1)
    try:
        info = os.stat(path)
    except OSError as e:
        return f"**{shown}**\n\n{e.strerror}"
    if os.path.isdir(path):
        try:
            entries = sorted(os.listdir(path))
        except OSError as e:
            return f"**{shown}**\n\n{e.strerror}"
        listing = "\n".join(entries[:30]) + ("\n…" if len(entries) > 30 else "")
        return f"**{shown}** · folder, {len(entries)} entries\n\n```\n{listing}\n```"
    kind = mimetypes.guess_type(path)[0] or "unknown type"
    size = f"{info.st_size:,} bytes"
    try:
        with open(path, "rb") as file:
            head = file.read(4000)
        if b"\0" not in head:
            text = head.decode("utf-8")
            lines = "\n".join(text.splitlines()[:40])
            return f"**{shown}** · {size}\n\n```\n{lines}\n```"
    except (OSError, UnicodeDecodeError):
        pass
    return f"**{shown}**\n\n{kind}, {size}"


ACTIONS = [
    {"name": "Open", "shortcut": "ctrl+o", "description": "Open with its application"},
    {"name": "Reveal in Folder", "shortcut": "ctrl+r"},
    {"name": "Copy Path", "shortcut": "ctrl+shift+c", "close": False},
    {"name": "Open in Editor", "shortcut": "ctrl+e"},
]


def on_action(name, path, query):
    if name == "Copy Path" and path:
        skit.copy(path)
        skit.notify(f"Copied {path.replace(HOME, '~', 1)}")


path = skit.arg("Find a file under ~", search, preview=preview, actions=ACTIONS,
                on_action=on_action, debounce=120)
if not path:
    sys.exit(0)
action = skit.last_action or "Open"
if action == "Reveal in Folder":
    skit.open_target(os.path.dirname(path))
elif action == "Open in Editor":
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        subprocess.Popen([*editor.split(), path], start_new_session=True)
    else:
        skit.open_target(path)
else:
    skit.open_target(path)
