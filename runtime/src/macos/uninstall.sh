#!/bin/sh
# Stops the GTach launch agent and removes its plist. The home (~/.gtach, or the GTACH_HOME the
# plist names), with the repository and every generation, is left as it is.
set -e

label=com.gtach.runtime
plist=$HOME/Library/LaunchAgents/$label.plist
launchctl bootout "gui/$(id -u)/$label" 2>/dev/null || true
rm -f "$plist"
echo "GTach's launch agent is stopped and removed; its home is left as it was."
