#!/usr/bin/env bash
# Name: Upper-case Clipboard
# Description: Turn the text on the clipboard into UPPER CASE
source "$SKIT_SDK/skit.sh"

if command -v wl-paste >/dev/null && [[ -n ${WAYLAND_DISPLAY-} ]]; then
  text=$(wl-paste --no-newline)
elif command -v xclip >/dev/null; then
  text=$(xclip -o -selection clipboard)
else
  skit_notify "Install xclip (X11) or wl-clipboard (Wayland) to read the clipboard"
  exit 1
fi
if [[ -z $text ]]; then
  skit_notify "The clipboard holds no text"
  exit 0
fi
skit_copy "${text^^}"
skit_notify "Clipboard is now upper case"
