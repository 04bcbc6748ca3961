#!/usr/bin/env python3
# Name: About skit
# Description: How to write your own scripts
# Alias: help
import os
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

scripts = os.path.dirname(os.environ["SKIT_SCRIPT"])
skit.div(f"""# Writing scripts for skit

Every file in **`{scripts}`** is a script. Subfolders become *groups*.

## A first script

```bash
#!/usr/bin/env bash
# Name: Say Hello
# Description: Greets you
source "$SKIT_SDK/skit.sh"
name=$(skit_arg "Your name?")
skit_notify "Hello, $name"
```

## Prompts

- `arg`: type text or pick a choice
- `fields`: a small form
- `editor`: several lines of text
- `div`: markdown like this page

## Scripts that start by themselves

| header | runs the script |
|---|---|
| `# Keyword: gh` | when you type `gh something`: `$1` is `something` |
| `# Schedule: */15 * * * *` | at those times (crontab syntax, or `@daily`) |
| `# Watch: ~/Downloads/*.pdf` | when a matching file changes: `$1` the file, `$2` `add`, `change` or `remove` |
| `# Background: true` | with skit, again after a crash; Ctrl+K: Start, Stop, View log |

`SKIT_TRIGGER` says what started a run. A scheduled, watched or background
script runs with the window hidden: its notices become desktop notifications,
its output goes to its log (Ctrl+K, View log), and a prompt shows the window.

> Test a script without the window: `skit run NAME --headless -- ARGS`

See the protocol at <https://github.com/skit-launcher/skit/blob/main/docs/protocol.md>.
""")
