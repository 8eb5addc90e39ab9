#!/usr/bin/env bash
# Generates a typed Python and a typed TypeScript client from docs/openapi.yaml with generators
# nobody here wrote, and walks the API's main flows with each against a live server.
#
# `make clients` calls this (and CI, through it). In order:
# 1. The schema itself: openapi-spec-validator, and redocly lint with its recommended rules, any
#    warning failing (clients/redocly.yaml says which rule is off, and why).
# 2. openapi-python-client writes clients/python/generated/, openapi-typescript writes
#    clients/typescript/generated/schema.d.ts (openapi-fetch calls the API with its types); both
#    untouched, never committed.
# 3. `mypy --strict` checks clients/python/walk.py with the Python client, `tsc --strict --noEmit`
#    clients/typescript/walk.ts with the TypeScript one (then emits it for node to run).
# 4. Each program runs against its own server on a fresh database (the launcher,
#    harness/serve.py), through a recording proxy (clients/recorder.py).
# 5. clients/check_traffic.py holds every recorded answer against the schema (openapi-core).
# Needs Node.js and npm (the generators and tools are pinned in clients/package-lock.json).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$root/$PY" ;; esac
bin="$(dirname "$PY")"
schema="$root/docs/openapi.yaml"

# Inside the launcher: one program against the server at SERVER_URL, through the recorder.
if [ -n "${SERVER_URL:-}" ]; then
    program="$1"
    "$PY" "$here/recorder.py" "$SERVER_URL" "$CLIENTS_WORK/traffic-$program.jsonl" \
        >"$SERVER_DIR/recorder.url" &
    recorder=$!
    trap 'kill "$recorder"' EXIT
    until [ -s "$SERVER_DIR/recorder.url" ]; do sleep 0.1; done
    url="$(cat "$SERVER_DIR/recorder.url")"
    case "$program" in
        python) PYTHONPATH="$here/python/generated" "$PY" "$here/python/walk.py" "$url" "$MAILBOX" ;;
        typescript) node "$here/typescript/build/walk.js" "$url" "$MAILBOX" ;;
    esac
    exit
fi

started=$SECONDS
echo "Installing the generators and tools (npm ci)..."
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
export CLIENTS_WORK
CLIENTS_WORK="$(mktemp -d)"
trap 'rm -rf "$CLIENTS_WORK"' EXIT

echo "Validating the schema..."
"$PY" -m openapi_spec_validator "$schema"
# Node 20 makes redocly print a banner about its next release; its findings are below it.
"$here/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" --format stylish "$schema" 2>&1 \
    | grep -v '^ *║\|^ *╔\|^ *╚' || { echo "redocly lint failed"; exit 1; }

echo "Generating the clients..."
rm -rf "$here/python/generated" "$here/typescript/generated" "$here/typescript/build"
"$bin/openapi-python-client" generate --path "$schema" --meta none \
    --config "$here/python/openapi-python-client.yaml" --output-path "$here/python/generated/blog_api_client"
"$here/node_modules/.bin/openapi-typescript" "$schema" --output "$here/typescript/generated/schema.d.ts"

echo "Type-checking the programs..."
MYPYPATH="$here/python/generated" "$PY" -m mypy --strict --cache-dir "$CLIENTS_WORK/mypy" \
    "$here/python/walk.py" "$here/python/generated/blog_api_client"
"$here/node_modules/.bin/tsc" --project "$here/typescript" --strict --noEmit
# Node.js 20 runs JavaScript only: the same program, emitted once it has passed the check.
"$here/node_modules/.bin/tsc" --project "$here/typescript" --outDir "$here/typescript/build"

# Accounts need activation (the link comes from the file e-mail backend); the reset requests are
# throttled at 2 a minute, so that the programs meet a 429; one worker, so that one count holds.
for program in python typescript; do
    echo "Walking the API with the $program client..."
    mailbox="$CLIENTS_WORK/mail-$program"
    mkdir "$mailbox"
    (cd "$root" && MAILBOX="$mailbox" "$PY" -m harness.serve --debug --workers 1 \
        --set EMAIL_URL="filemail:///$mailbox" --set REFRESH_COOKIE_SECURE=false \
        --set THROTTLING=true --set THROTTLE_PASSWORD_RESET_RATE=2/minute \
        -- "$here/run.sh" "$program")
done

echo "Checking every answer against the schema..."
"$PY" "$here/check_traffic.py" "$schema" "$CLIENTS_WORK"/traffic-*.jsonl
echo "clients: both programs walked the API in $((SECONDS - started)) s"
