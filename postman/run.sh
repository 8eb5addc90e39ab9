#!/usr/bin/env bash
# Runs the Postman collection with newman against a real server on a fresh database.
#
# `make postman` calls this (and CI, through it). It migrates a new SQLite database in a temporary
# folder, loads the demo data, starts gunicorn on a free local port (all three through the
# launcher, harness/serve.py), runs every request of the collection, prints newman's summary and
# stops the server. It fails if any assertion fails, or if an answer is not what the schema says.
# Needs Node.js and npm (newman is pinned in postman/package-lock.json).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$root/$PY" ;; esac

# The server: accounts usable at once (no activation e-mail), a refresh cookie that works over
# plain HTTP, djangorestframework-jwt's endpoints served (the "Legacy JWT" folder), and no
# throttling. A reused refresh token is always taken for a stolen one, never
# for a second tab. The launcher (harness/serve.py) starts it on a fresh SQLite database holding
# the demo data and runs the rest of this script against it.
if [ -z "${SERVER_URL:-}" ]; then
    echo "Installing newman (npm ci)..."
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
    cd "$root"
    exec "$PY" -m harness.serve --debug --workers 2 \
        --set ACCOUNT_ACTIVATION=false --set REFRESH_COOKIE_SECURE=false \
        --set REFRESH_TOKEN_REUSE_GRACE_SECONDS=0 --set LEGACY_JWT=true -- "$here/run.sh" "$@"
fi

# newman talks to the server through a recording proxy; every answer is held against the schema
# afterwards (clients/recorder.py, clients/check_traffic.py).
"$PY" "$root/clients/recorder.py" "$SERVER_URL" "$SERVER_DIR/traffic.jsonl" >"$SERVER_DIR/recorder.url" &
recorder=$!
trap 'kill "$recorder"' EXIT
until [ -s "$SERVER_DIR/recorder.url" ]; do sleep 0.1; done

status=0
"$here/node_modules/.bin/newman" run "$here/blog-api.postman_collection.json" \
    --environment "$here/blog-api.postman_environment.json" \
    --env-var "baseUrl=$(cat "$SERVER_DIR/recorder.url")/api/v1" \
    --reporters cli,json \
    --reporter-cli-no-success-assertions \
    --reporter-json-export "$SERVER_DIR/newman.json" \
    --color off \
    || status=$?

if [ -f "$SERVER_DIR/newman.json" ]; then
    "$PY" - "$SERVER_DIR/newman.json" <<'EOF'
import json
import sys

stats = json.load(open(sys.argv[1]))["run"]["stats"]
requests, assertions = stats["requests"], stats["assertions"]
print(f"newman: {requests['total']} requests, {assertions['total']} assertions")
print(f"newman: {assertions['total'] - assertions['failed']} passed, {assertions['failed']} failed")
EOF
fi
"$PY" "$root/clients/check_traffic.py" "$root/docs/openapi.yaml" "$SERVER_DIR/traffic.jsonl" || status=$?
exit "$status"
