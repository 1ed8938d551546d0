#!/usr/bin/env bash
# Serves a published GTach repository with nginx (one process, as the user who runs this) on a free
# port of 127.0.0.1, to try a remote on one
# machine. A fleet serves the same directory from its own web server, CDN or object store instead.
#
#   runtime/serve-site.sh <directory>    prints the URL; nginx runs in the background
#   kill "$(cat <directory>.nginx/nginx.pid)"    stops it
#
# The configuration, pid file and logs are written beside the directory, in <directory>.nginx/.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/release.json" ]; then
    echo "usage: serve-site.sh <directory written by gtach.jar publish>" >&2
    exit 2
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
    echo "nginx is not installed (on Debian: apt-get install nginx-light)." >&2
    exit 1
fi
site=$(cd "$1" && pwd)
state="$site.nginx"
mkdir -p "$state"
if [ -f "$state/nginx.pid" ] && kill -0 "$(cat "$state/nginx.pid")" 2>/dev/null; then
    echo "$site is already served by nginx $(cat "$state/nginx.pid"); stop it with kill $(cat "$state/nginx.pid")." >&2
    exit 1
fi

# A port that is free now may be taken before nginx binds it: try a few.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 40000 ))
    cat > "$state/nginx.conf" <<EOF
daemon on;
master_process off;
pid "$state/nginx.pid";
error_log "$state/error.log";
events { worker_connections 64; }
http {
    access_log "$state/access.log";
    client_body_temp_path "$state/client_body";
    proxy_temp_path "$state/proxy";
    fastcgi_temp_path "$state/fastcgi";
    uwsgi_temp_path "$state/uwsgi";
    scgi_temp_path "$state/scgi";
    types { application/java-archive jar; application/json json; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root "$site";
    }
}
EOF
    if "$nginx" -q -c "$state/nginx.conf" -p "$state" 2>>"$state/error.log"; then
        echo "http://127.0.0.1:$port/"
        exit 0
    fi
done
echo "nginx did not start; see $state/error.log." >&2
exit 1
