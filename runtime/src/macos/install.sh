#!/bin/sh
# Installs the GTach runtime in this directory as a launch agent of the current user: writes
# ~/Library/LaunchAgents/com.gtach.runtime.plist with absolute paths (launchd expands no ~) and
# loads it, so the runtime starts now, at every login, and again after a crash.
#   ./install.sh             install, or replace an earlier install, and start
#   ./install.sh --dry-run   print the plist it would write and the launchctl commands; change nothing
# The home is $GTACH_HOME, else ~/.gtach; JAVA_HOME, when set, is written into the plist.
set -e

label=com.gtach.runtime
dry_run=false
case "${1:-}" in
    --dry-run) dry_run=true ;;
    "") ;;
    *) echo "Usage: $0 [--dry-run]" >&2; exit 2 ;;
esac

dir=$(CDPATH= cd -P -- "$(dirname -- "$0")" && pwd)
command=$dir/bin/gtach
if [ ! -x "$command" ] || [ ! -f "$dir/lib/gtach.jar" ]; then
    echo "install.sh: $dir is not an unpacked GTach tarball (bin/gtach and lib/gtach.jar are missing)." >&2
    exit 2
fi
home=${GTACH_HOME:-$HOME/.gtach}
case $home in
    /*) ;;
    *) echo "install.sh: GTACH_HOME must be an absolute path, not $home." >&2; exit 2 ;;
esac
agents=$HOME/Library/LaunchAgents
plist=$agents/$label.plist

# Replacement text for sed, and for XML: escape what each treats specially.
quote() {
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/[\\|&]/\\&/g'
}

write_plist() {
    if [ -n "${JAVA_HOME:-}" ]; then
        keep_java='s|@JAVA_HOME@|'$(quote "$JAVA_HOME")'|g'
    else
        keep_java='/JAVA_HOME/d'   # the key, its value and the comment above them
    fi
    sed -e "$keep_java" \
        -e 's|@GTACH_COMMAND@|'"$(quote "$command")"'|g' \
        -e 's|@GTACH_HOME@|'"$(quote "$home")"'|g' "$dir/$label.plist"
}

domain=gui/$(id -u)
if [ "$dry_run" = true ]; then
    write_plist
    echo "# would write the plist above to $plist, then run:"
    echo "launchctl bootout $domain/$label"
    echo "launchctl bootstrap $domain $plist"
    exit 0
fi

# launchd opens the log files before the runtime runs: the home must exist, private to the user.
if [ ! -d "$home" ]; then
    mkdir -p "$home"
    chmod 700 "$home"
fi
mkdir -p "$agents"
# an earlier install is replaced; the runtime stops cleanly on the SIGTERM this sends
launchctl bootout "$domain/$label" 2>/dev/null || true
write_plist > "$plist.tmp"
mv "$plist.tmp" "$plist"
launchctl bootstrap "$domain" "$plist"
echo "GTach runs as $label on $home (log: $home/log/gtach.log)."
echo "Commands: $command cmd 'gtach:status'   Stop and remove: $dir/uninstall.sh"
