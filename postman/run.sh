#!/usr/bin/env bash
# Runs the Postman collection with newman against a real server on a fresh database.
#
# `make postman` calls this (and CI, through it). It migrates a new SQLite database in a temporary
# folder, loads the demo data, starts gunicorn on a free local port, runs every request of the
# collection, prints newman's summary and stops the server. It fails if any assertion fails.
# Needs Node.js and npm (newman is pinned in postman/package-lock.json).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$root/$PY" ;; esac

workdir="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# The server's settings: a database and cache of its own, accounts usable at once (no activation
# e-mail), a refresh cookie that works over plain HTTP, and throttles that never trip in one run.
export DEBUG=true
export DATABASE_URL="sqlite:///$workdir/db.sqlite3"
export REDIS_URL=""
export ACCOUNT_ACTIVATION=false
# A reused refresh token is then always taken for a stolen one, never for a second tab.
export REFRESH_TOKEN_REUSE_GRACE_SECONDS=0
export REFRESH_COOKIE_SECURE=false
export EMAIL_URL="consolemail://"
for scope in ANON USER LOGIN LOGIN_ACCOUNT REGISTRATION ACTIVATION PASSWORD_RESET USERNAME_CHANGE; do
    export "THROTTLE_${scope}_RATE=100000/hour"
done

echo "Installing newman (npm ci)..."
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error

cd "$root"
echo "Fresh database in $workdir: migrating and loading the demo data..."
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py load_demo_data >/dev/null

port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base_url="http://127.0.0.1:$port/api/v1"
"$PY" -m gunicorn --config gunicorn.conf.py --bind "127.0.0.1:$port" --workers 2 config.wsgi \
    >"$workdir/server.log" 2>&1 &
server_pid=$!

echo "Waiting for the API at $base_url/ ..."
if ! "$PY" - "$base_url/" <<'EOF'; then
import sys
import time
import urllib.request

for _ in range(60):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(1)
EOF
    echo "The API did not answer; its log:" >&2
    cat "$workdir/server.log" >&2
    exit 1
fi

status=0
"$here/node_modules/.bin/newman" run "$here/blog-api.postman_collection.json" \
    --environment "$here/blog-api.postman_environment.json" \
    --env-var "baseUrl=$base_url" \
    --reporters cli,json \
    --reporter-cli-no-success-assertions \
    --reporter-json-export "$workdir/newman.json" \
    --color off \
    || status=$?

if [ -f "$workdir/newman.json" ]; then
    "$PY" - "$workdir/newman.json" <<'EOF'
import json
import sys

stats = json.load(open(sys.argv[1]))["run"]["stats"]
requests, assertions = stats["requests"], stats["assertions"]
print(f"newman: {requests['total']} requests, {assertions['total']} assertions")
print(f"newman: {assertions['total'] - assertions['failed']} passed, {assertions['failed']} failed")
EOF
fi
if [ "$status" -ne 0 ]; then
    echo "newman failed; the server's last log lines:" >&2
    tail -n 40 "$workdir/server.log" >&2
fi
exit "$status"
