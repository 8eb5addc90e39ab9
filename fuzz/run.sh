#!/usr/bin/env bash
# Fuzzes the API with Schemathesis against a real server on a fresh database.
#
# `make fuzz` calls this (and CI, through it). It migrates a new SQLite database in a temporary
# folder, loads the demo data, starts gunicorn on a free local port, signs in as the demo user
# alice, and runs Schemathesis twice, side by side, over every operation of the live schema
# (/api/schema/): anonymously, and with alice's access token. Each run applies every check
# Schemathesis has (fuzz/schemathesis.toml) in all its phases: the schema's examples, the coverage
# phase's edge cases, random fuzzing and stateful sequences. It prints each run's output, a
# summary line per run and, last, the test cases of both (fuzz/summary.py), stops the server and
# fails if either run found a failure or an error.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$root/$PY" ;; esac
schemathesis="$(dirname "$PY")/schemathesis"
# Test cases per operation and phase: 30 keeps both runs near three minutes (CI); raise it locally.
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-30}"

workdir="$(mktemp -d)"
server_pid=""
fuzz_pids=()
cleanup() {
    for pid in "${fuzz_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# The server's settings, as for the Postman run: a database and cache of its own, accounts usable
# at once, throttles that never trip (their 429 answers are documented all the same), and an
# access token that outlives the run.
export DEBUG=true
export DATABASE_URL="sqlite:///$workdir/db.sqlite3"
export REDIS_URL=""
export ACCOUNT_ACTIVATION=false
export REFRESH_COOKIE_SECURE=false
export EMAIL_URL="consolemail://"
export ACCESS_TOKEN_LIFETIME_MINUTES=120
# Hypothesis, under Schemathesis, keeps its caches here rather than in the work tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$workdir/hypothesis"
for scope in ANON USER LOGIN LOGIN_ACCOUNT REGISTRATION ACTIVATION PASSWORD_RESET USERNAME_CHANGE; do
    export "THROTTLE_${scope}_RATE=1000000/hour"
done

cd "$root"
echo "Fresh database in $workdir: migrating and loading the demo data..."
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py load_demo_data >/dev/null

port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
origin="http://127.0.0.1:$port"
# No limit on the request line: gunicorn refuses one over 4094 bytes itself, in HTML, before the
# API sees it (as a proxy in front would), and the fuzzer's long query strings are for the API.
"$PY" -m gunicorn --config gunicorn.conf.py --bind "127.0.0.1:$port" --workers 4 \
    --limit-request-line 0 config.wsgi >"$workdir/server.log" 2>&1 &
server_pid=$!

echo "Waiting for the API at $origin/api/v1/, then signing in as alice..."
if ! access="$("$PY" "$here/sign_in.py" "$origin" alice demo-alice-2026)"; then
    echo "The API did not answer or refused alice; its log:" >&2
    cat "$workdir/server.log" >&2
    exit 1
fi

# Each run writes its output to a file; the two run side by side, one thread each (Schemathesis'
# own worker threads trip a CPython 3.11 bug in Hypothesis: "AST constructor recursion depth
# mismatch"), and their outputs are printed one after the other.
fuzz() {
    local name="$1"
    shift
    "$schemathesis" --config-file "$here/schemathesis.toml" run "$origin/api/schema/?format=json" \
        --max-examples "$MAX_EXAMPLES" --report json --report-dir "$workdir/$name" \
        --no-color "$@" >"$workdir/$name.log" 2>&1
}

echo "Fuzzing every operation, anonymously and as alice: $MAX_EXAMPLES cases per operation and phase..."
started=$SECONDS
fuzz anonymous &
fuzz_pids=("$!")
fuzz signed-in -H "Authorization: Bearer $access" &
fuzz_pids+=("$!")
status=0
for pid in "${fuzz_pids[@]}"; do
    wait "$pid" || status=$?
done
fuzz_pids=()

for name in anonymous signed-in; do
    echo
    echo "=== Schemathesis, $name ==="
    cat "$workdir/$name.log"
done
echo
echo "fuzz: both runs took $((SECONDS - started)) s"
"$PY" "$here/summary.py" "$workdir/anonymous" "$workdir/signed-in"

if [ "$status" -ne 0 ]; then
    echo "Schemathesis found failures; the server's last log lines:" >&2
    tail -n 40 "$workdir/server.log" >&2
fi
exit "$status"
