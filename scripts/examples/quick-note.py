#!/usr/bin/env python3
# Name: Quick Note
# Description: Write a note to ~/Notes as markdown
# Alias: note
import datetime
import os
import re
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

answer = skit.fields([
    {"name": "title", "label": "Title", "placeholder": "What is it about?"},
    {"name": "tags", "label": "Tags", "placeholder": "work, idea"},
    {"name": "body", "label": "Note", "placeholder": "One line is enough"},
])
title = answer.get("title", "").strip() or "Untitled"
folder = os.environ.get("SKIT_NOTES_DIR", os.path.expanduser("~/Notes"))
os.makedirs(folder, exist_ok=True)
slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "note"
path = os.path.join(folder, f"{datetime.date.today().isoformat()}-{slug}.md")
with open(path, "a", encoding="utf-8") as f:
    f.write(f"# {title}\n\n")
    if answer.get("tags"):
        f.write(f"Tags: {answer['tags']}\n\n")
    f.write(answer.get("body", "") + "\n")
skit.notify(f"Saved {path}")
