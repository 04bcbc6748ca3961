#!/usr/bin/env bash
# Name: Stand Up
# Description: A nudge to stand up and stretch, at ten to every hour on weekdays
# Schedule: 50 9-17 * * 1-5
#
# skit runs this at the times its Schedule line names (a crontab pattern:
# minute hour day-of-month month day-of-week; or @hourly, @daily, @weekly) for
# as long as skit runs, with the window hidden. Its notice then becomes a
# desktop notification. Change the line to change the times, or delete it.
source "$SKIT_SDK/skit.sh"

if [[ $SKIT_TRIGGER == schedule ]]; then
  skit_notify "Time to stand up and stretch for a minute 🧍"
  exit 0
fi

# Run by hand from the launcher: say when it runs.
skit_div "# 🧍 Stand Up
This script runs by itself at **ten to every hour, 9:50 to 17:50, Monday to
Friday**, and sends a desktop notification.

Its \`# Schedule: 50 9-17 * * 1-5\` line says so. Edit it to pick other times
(\`@hourly\`, \`*/30 * * * *\`...), or delete the line to stop it.
\`skit list --json\` shows when it runs next (\`nextRun\`)."
