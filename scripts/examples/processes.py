#!/usr/bin/env python3
# Name: Processes
# Description: Your running processes with CPU and memory; kill one, or copy its PID
# Alias: ps
"""A list with a preview and actions (protocol 1.1). skit filters the rows; each
row's `preview` is the full command line and start time."""
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

output = subprocess.run(
    ["ps", "-u", str(os.getuid()), "-o", "pid=,pcpu=,pmem=,lstart=,comm=,args=",
     "--sort=-pcpu"],
    capture_output=True, text=True, check=True).stdout

choices = []
for line in output.splitlines():
    parts = line.split(None, 8)
    if len(parts) < 9:
        continue
    pid, cpu, mem = parts[0], parts[1], parts[2]
    started = " ".join(parts[3:8])
    rest = parts[8].split(None, 1)
    command, args = rest[0], (rest[1] if len(rest) > 1 else rest[0])
    if int(pid) == os.getpid():
        continue
    choices.append({
        "name": command,
        "description": f"PID {pid} · CPU {cpu}% · memory {mem}%",
        "value": int(pid),
        "id": pid,
        "tag": f"{cpu}%",
        "preview": f"**{command}** · PID {pid}\n\nStarted {started}\n\n```\n{args}\n```",
    })

ACTIONS = [
    {"name": "Kill", "shortcut": "ctrl+shift+k", "description": "Ask, then stop it (SIGTERM)"},
    {"name": "Copy PID", "shortcut": "ctrl+shift+c", "close": False},
]


def on_action(name, pid, query):
    if name == "Copy PID":
        skit.copy(str(pid))
        skit.notify(f"Copied {pid}")


pid = skit.arg("Find a process", choices, actions=ACTIONS, on_action=on_action,
               preview=True)
if pid is None:
    sys.exit(0)
name = next((c["name"] for c in choices if c["value"] == pid), str(pid))
answer = skit.arg(f"Stop {name} (PID {pid})?", ["No, keep it", "Yes, stop it"])
if answer.startswith("Yes"):
    try:
        os.kill(pid, signal.SIGTERM)
        skit.notify(f"Stopped {name}")
    except ProcessLookupError:
        skit.notify(f"{name} had already ended")
    except PermissionError:
        skit.notify(f"Not allowed to stop {name}")
