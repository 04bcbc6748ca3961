#!/usr/bin/env bash
# Name: Timer
# Description: Hide, wait, and come back with a notice when the time is up
source "$SKIT_SDK/skit.sh"

choice=$(skit_arg "Minutes (or pick one)…" "5 minutes" "15 minutes" "25 minutes (pomodoro)" "60 minutes")
minutes=${choice%% *}
if ! [[ $minutes =~ ^[0-9]+$ ]] || ((minutes == 0)); then
  skit_notify "\"$choice\" is not a number of minutes"
  exit 1
fi
skit_hide
sleep "$((minutes * 60))"
skit_show
skit_notify "⏰ $minutes minute timer is done"
skit_div "# ⏰ Time is up
Your **$minutes minute** timer started at $(date -d "-$minutes minutes" +%H:%M) has finished."
