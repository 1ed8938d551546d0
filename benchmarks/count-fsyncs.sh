#!/usr/bin/env bash
# Counts the fsync/fdatasync and rename/renameat/renameat2 system calls the GTach runtime makes for
#   (a) gtach:update gtach.example.tach ~1.1.0   (under the running display), and
#   (b) gtach:rollback                           (right after it).
#
# Usage:   benchmarks/count-fsyncs.sh <checkout> [runs]
#   <checkout>  a built checkout (mvn -B -ntp -q package -DskipTests): needs runtime/target/gtach.jar
#               and bundles/examples/packages/target/packages
#   [runs]      how many times to repeat the whole measurement, each on a fresh home (default 1)
# Env:     VERBOSE=1     also print, on stderr, each call counted, in order, with its path (home shown as $GTACH_HOME)
#          TRACE_DIR=d   keep the sliced traces of each run in d (update-N.trace, rollback-N.trace)
#          JAVA=...      the java to use (default: java on PATH)
# Prints one line per run on stdout:
#   update: N fsync, M rename; rollback: N fsync, M rename
#
# How: the runtime is started under `strace -f -y` from its first instruction (so every thread is
# traced) with output to a file; the number of lines of that file is read just before a command and
# after it returned (and the trace stopped growing), and the syscall lines in between are counted.
# "fsync" counts fsync + fdatasync, "rename" counts rename + renameat + renameat2. Only the runtime
# JVM is traced; the `gtach.jar cmd` client JVMs are not.
set -euo pipefail

CHECKOUT=$(cd "${1:?usage: $0 <checkout> [runs]}" && pwd)
RUNS=${2:-1}
JAVA=${JAVA:-java}
JAR=$CHECKOUT/runtime/target/gtach.jar
PACKAGES=$CHECKOUT/bundles/examples/packages/target/packages
[[ -f $JAR ]] || { echo "no $JAR: build the checkout first" >&2; exit 2; }
[[ -d $PACKAGES ]] || { echo "no $PACKAGES: build the checkout first" >&2; exit 2; }
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 2; }

SYSCALLS='fsync|fdatasync|rename|renameat|renameat2'
WORK=""
STRACE_PID=""
JAVA_PID=""

stop_runtime() {
    if [[ -n $JAVA_PID ]] && kill -0 "$JAVA_PID" 2>/dev/null; then
        kill -TERM "$JAVA_PID" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$JAVA_PID" 2>/dev/null; then
            echo "runtime $JAVA_PID did not stop on SIGTERM in 30 s; sending SIGKILL" >&2
            kill -KILL "$JAVA_PID" 2>/dev/null || true
        fi
    fi
    if [[ -n $STRACE_PID ]]; then
        # strace exits by itself once the traced runtime has exited
        for _ in $(seq 20); do kill -0 "$STRACE_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$STRACE_PID" 2>/dev/null; then kill -INT "$STRACE_PID" 2>/dev/null || true; fi
        wait "$STRACE_PID" 2>/dev/null || true
    fi
    JAVA_PID=""
    STRACE_PID=""
}

cleanup() {
    stop_runtime
    if [[ -n $WORK && -d $WORK ]]; then rm -rf "$WORK"; fi
    WORK=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

g() { (cd "$CHECKOUT" && "$JAVA" -jar "$JAR" cmd "$1"); }

lines() { wc -l < "$WORK/trace"; }

# Waits until the trace file has not grown for 1 s (at most 10 s), then prints its line count.
settled_lines() {
    local before after
    before=$(lines)
    for _ in $(seq 10); do
        sleep 1
        after=$(lines)
        [[ $after == "$before" ]] && break
        before=$after
    done
    echo "$before"
}

# count <slice> <regex of syscalls>
count() { grep -cE "^[0-9]+ +($2)\(" "$1" || true; }

per_file() {
    # each call counted, in order: syscall and path(s); home shown as $GTACH_HOME, random temp names as <pid>-<random>
    grep -E "^[0-9]+ +($SYSCALLS)\(" "$1" \
        | sed -E "s#^[0-9]+ +##; s#$2#\$GTACH_HOME#g; s#/[0-9]+-[0-9a-f]+\.part#/<pid>-<random>.part#g" \
        | sed -E 's#^(fsync|fdatasync)\([0-9]+<(.*)>\).*#\1 \2#; s#^(rename|renameat|renameat2)\(([^)]*)\).*#\1 \2#' \
        | cat -n
}

# measure <label> <command> <run>: runs the command, prints "<fsyncs> <renames>"
measure() {
    local label=$1 command=$2 run=$3 a b slice out
    a=$(settled_lines)
    if ! out=$(g "$command" 2>&1); then
        echo "'$command' failed: $out" >&2
        exit 1
    fi
    b=$(settled_lines)
    slice=$WORK/$label-$run.trace
    sed -n "$((a + 1)),${b}p" "$WORK/trace" > "$slice"
    if [[ -n ${TRACE_DIR:-} ]]; then mkdir -p "$TRACE_DIR" && cp "$slice" "$TRACE_DIR/"; fi
    if [[ ${VERBOSE:-0} == 1 ]]; then
        { echo "== run $run, $command: $out" | tr '\n' ' '; echo; per_file "$slice" "$WORK/gh"; } >&2
    fi
    echo "$(count "$slice" 'fsync|fdatasync') $(count "$slice" 'rename|renameat|renameat2')"
}

for run in $(seq "$RUNS"); do
    WORK=$(mktemp -d /tmp/count-fsyncs.XXXXXX)
    mkdir "$WORK/home" "$WORK/gh"
    export HOME=$WORK/home GTACH_HOME=$WORK/gh
    unset NO_COLOR || true

    # the runtime, traced from its start (every thread), as a daemon (no terminal)
    cd "$CHECKOUT"
    strace -f -y -qq -e signal=none -e trace=${SYSCALLS//|/,} -o "$WORK/trace" \
        "$JAVA" -jar "$JAR" < /dev/null > "$WORK/out" 2> "$WORK/err" &
    STRACE_PID=$!
    for _ in $(seq 50); do
        JAVA_PID=$(ps -o pid= --ppid "$STRACE_PID" | tr -d ' ' | head -n 1) || true
        [[ -n $JAVA_PID ]] && break
        sleep 0.1
    done
    [[ -n $JAVA_PID ]] || { echo "the runtime did not start under strace" >&2; exit 1; }
    for _ in $(seq 120); do
        grep -q 'GTach runtime ready on' "$WORK/out" 2>/dev/null && break
        kill -0 "$JAVA_PID" 2>/dev/null || { echo "the runtime exited:" >&2; cat "$WORK/err" >&2; exit 1; }
        sleep 0.5
    done
    grep -q 'GTach runtime ready on' "$WORK/out" || { echo "the runtime was not ready in 60 s" >&2; exit 1; }

    g "gtach:add bundles/examples/packages/target/packages" > /dev/null
    g "gtach:install gtach.example.tach ~1.0.0" > /dev/null
    g "gtach:install gtach.example.display ^1.0" > /dev/null
    sleep 2   # the display is running and logging

    res=$(measure update "gtach:update gtach.example.tach ~1.1.0" "$run")
    read -r uf ur <<< "$res"
    res=$(measure rollback "gtach:rollback" "$run")
    read -r rf rr <<< "$res"
    echo "update: $uf fsync, $ur rename; rollback: $rf fsync, $rr rename"

    cleanup
done
