#!/usr/bin/env bash
# Fuzzes the API with Schemathesis against a real server on a fresh database.
#
# `make fuzz` calls this (and CI, through it). The launcher (harness/serve.py) starts gunicorn on
# a fresh SQLite database holding the demo data and runs the rest of this script against it. It
# signs in as the demo user alice and runs Schemathesis twice, side by side, over every operation
# of the live schema (/api/schema/): anonymously, and with alice's access token. Each run applies
# every check Schemathesis has (fuzz/schemathesis.toml) in all its phases: the schema's examples,
# the coverage phase's edge cases, random fuzzing and stateful sequences. It prints each run's
# output, a summary line per run and, last, the test cases of both (fuzz/summary.py), and fails if
# either run found a failure or an error.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$root/$PY" ;; esac
schemathesis="$(dirname "$PY")/schemathesis"
# Test cases per operation and phase: 30 keeps both runs near three minutes (CI); raise it locally.
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-30}"

# The server, as for the Postman run: accounts usable at once, no throttling (its 429 answers are
# documented all the same), and an access token that outlives the run. No limit on the request
# line: gunicorn refuses one over 4094 bytes itself, in HTML, before the API sees it (as a proxy
# in front would), and the fuzzer's long query strings are for the API.
if [ -z "${SERVER_URL:-}" ]; then
    cd "$root"
    exec "$PY" -m harness.serve --debug --workers 4 --gunicorn-arg=--limit-request-line=0 \
        --set ACCOUNT_ACTIVATION=false --set REFRESH_COOKIE_SECURE=false \
        --set ACCESS_TOKEN_LIFETIME_MINUTES=120 -- "$here/run.sh" "$@"
fi

# Hypothesis, under Schemathesis, keeps its caches in the run's folder rather than the work tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$SERVER_DIR/hypothesis"
echo "Signing in as alice at $SERVER_URL..."
access="$("$PY" "$here/sign_in.py" "$SERVER_URL" alice demo-alice-2026)"

# Each run writes its output to a file; the two run side by side, one thread each (Schemathesis'
# own worker threads trip a CPython 3.11 bug in Hypothesis: "AST constructor recursion depth
# mismatch"), and their outputs are printed one after the other.
fuzz() {
    local name="$1"
    shift
    "$schemathesis" --config-file "$here/schemathesis.toml" run "$SERVER_URL/api/schema/?format=json" \
        --max-examples "$MAX_EXAMPLES" --report json --report-dir "$SERVER_DIR/$name" \
        --no-color "$@" >"$SERVER_DIR/$name.log" 2>&1
}

echo "Fuzzing every operation, anonymously and as alice: $MAX_EXAMPLES cases per operation and phase..."
started=$SECONDS
fuzz anonymous &
fuzz_pids=("$!")
# Signed in, the operations that end the run's own login are left out (the anonymous run has
# them): an access token dies with its login, and every later case would be a 401.
fuzz signed-in -H "Authorization: Bearer $access" \
    --exclude-operation-id log_out_everywhere \
    --exclude-operation-id end_session &
fuzz_pids+=("$!")
status=0
for pid in "${fuzz_pids[@]}"; do
    wait "$pid" || status=$?
done

for name in anonymous signed-in; do
    echo
    echo "=== Schemathesis, $name ==="
    cat "$SERVER_DIR/$name.log"
done
echo
echo "fuzz: both runs took $((SECONDS - started)) s"
"$PY" "$here/summary.py" "$SERVER_DIR/anonymous" "$SERVER_DIR/signed-in"
exit "$status"
