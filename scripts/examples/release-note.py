#!/usr/bin/env python3
# Name: Release Note
# Description: Write a release announcement, preview it, copy it as markdown
# Alias: release
import os
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

form = skit.fields([
    {"name": "project", "label": "Project", "placeholder": "skit"},
    {"name": "version", "label": "Version", "placeholder": "1.2.0"},
])
project = form.get("project", "").strip() or "Project"
version = form.get("version", "").strip() or "next"
notes = skit.editor("- ", placeholder="What changed? One line per change. Ctrl+Enter when done.")
changes = [line.lstrip("-* ").strip() for line in notes.splitlines() if line.strip("-* ").strip()]
markdown = f"# {project} {version}\n\n" + "\n".join(f"- {c}" for c in changes or ["No changes listed"]) + "\n"
skit.div(markdown + "\n---\n\nPress **Enter** to copy this to the clipboard, **Escape** to drop it.")
skit.copy(markdown)
skit.notify(f"Copied the {project} {version} release note")
