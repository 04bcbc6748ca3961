#!/usr/bin/env bash
# Name: {{name}}
# Description: What it does, in a few words
source "$SKIT_SDK/skit.sh"

# Ask something (drop the choices for free text), then act on the answer.
answer=$(skit_arg "Pick one…" "first choice" "second choice")
skit_notify "You picked: $answer"
