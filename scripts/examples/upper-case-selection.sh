#!/usr/bin/env bash
# Name: Upper-case Selection
# Description: Replace the text you selected with the same in UPPER CASE
source "$SKIT_SDK/skit.sh"

# The text selected in the app you came from (X11's PRIMARY selection).
if ! text=$(skit_get_selection) || [[ -z $text ]]; then
  skit_notify "Select some text first, then run this again"
  exit 0
fi
# Pasting over a selection replaces it; your clipboard is put back afterwards.
skit_paste "${text^^}"
