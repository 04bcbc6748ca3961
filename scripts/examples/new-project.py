#!/usr/bin/env python3
# Name: New Project
# Description: A project folder from a template: where, name, template, git, extra files
# Alias: np
#
# Shows the richer inputs of protocol 1.1: a folder picked with `path`, a form
# with typed fields (required text, a select, a checkbox, a textarea), a
# multi-select `arg`, and `env` for the author's name (asked once, then kept in
# skit's env file).
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

parent = skit.path("Where should the project go? Enter picks the folder shown first",
                   start_path="~", only_dirs=True)
answer = skit.fields([
    {"name": "name", "label": "Project name", "placeholder": "my-project", "required": True},
    {"name": "template", "label": "Template", "type": "select", "options": [
        {"name": "Python package", "value": "python"},
        {"name": "Node module", "value": "node"},
        {"name": "Shell script", "value": "shell"},
        {"name": "Empty folder", "value": "empty"},
    ]},
    {"name": "git", "label": "Git", "type": "checkbox", "value": True,
     "placeholder": "Start a git repository"},
    {"name": "description", "label": "Description", "type": "textarea",
     "placeholder": "What is it for? It goes in the README."},
])
extras = skit.arg("Add files: Ctrl+Space toggles, Enter adds them", [
    {"name": "Just the template", "value": "none", "description": "Enter on this row adds nothing"},
    {"name": "LICENSE", "value": "license", "description": "MIT, with your name (asked once)"},
    {"name": ".gitignore", "value": "gitignore", "description": "For the template's language"},
    {"name": ".editorconfig", "value": "editorconfig", "description": "Spaces, UTF-8, final newline"},
], multiple=True)

name = answer["name"].strip()
slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "project"
folder = os.path.join(parent, slug)
if os.path.exists(folder):
    skit.div(f"# {slug} already exists\n\n`{folder}` is there already; nothing was changed. "
             "Run New Project again with another name.")
    sys.exit(0)

description = answer.get("description", "").strip() or f"{name}: a new project."
module = re.sub(r"[^a-z0-9_]+", "_", slug.lower()).strip("_") or "project"
files = {"README.md": f"# {name}\n\n{description}\n"}
template = answer.get("template")
if template == "python":
    files["pyproject.toml"] = (f'[project]\nname = "{slug}"\nversion = "0.1.0"\n'
                               f'description = {json.dumps(description.splitlines()[0])}\n')
    files[f"src/{module}/__init__.py"] = f'"""{name}."""\n'
elif template == "node":
    files["package.json"] = json.dumps({"name": slug.lower(), "version": "0.1.0",
                                        "type": "module", "main": "index.mjs"}, indent=2) + "\n"
    files["index.mjs"] = f'console.log("Hello from {name}");\n'
elif template == "shell":
    files[f"{slug}.sh"] = f"#!/usr/bin/env bash\nset -euo pipefail\necho 'Hello from {name}'\n"

if "license" in extras:
    author = skit.env("SKIT_AUTHOR", placeholder="Your name",
                      hint="The name in LICENSE files. Asked once, then kept for every script.")
    year = datetime.date.today().year
    files["LICENSE"] = (f"MIT License\n\nCopyright (c) {year} {author}\n\n"
                        "Permission is hereby granted, free of charge, to any person obtaining a "
                        "copy of this software, to deal in it without restriction.\n")
if "gitignore" in extras:
    ignored = {"python": "__pycache__/\n*.egg-info/\n.venv/\n", "node": "node_modules/\n"}
    files[".gitignore"] = ignored.get(template, "") + ".DS_Store\n"
if "editorconfig" in extras:
    files[".editorconfig"] = ("root = true\n\n[*]\nindent_style = space\nindent_size = 4\n"
                              "charset = utf-8\ninsert_final_newline = true\n")

for relative, text in files.items():
    path = os.path.join(folder, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if relative.endswith(".sh"):
        os.chmod(path, 0o755)

note = ""
if answer.get("git"):
    if shutil.which("git"):
        subprocess.run(["git", "init", "--quiet", folder], check=False)
    else:
        note = " (git is not installed: no repository)"
skit.notify(f"Created {folder} with {len(files)} files{note}")
