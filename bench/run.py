"""The benchmark: `make bench`, or `python -m bench.run` with wrk installed and PostgreSQL up.

For each database (PostgreSQL, then SQLite): a fresh database with the fixed data set
(bench/seed.py), each scenario's queries counted and its floor checked (bench/prepare.py), then
gunicorn (2 sync workers, production settings, nothing throttled; started by harness/server.py)
driven by wrk at a fixed concurrency: a warm-up, then ROUNDS rounds in which every scenario runs
DURATION seconds on the API and right after on the floor (or the other way round). It prints and
writes (bench/results.md) the median over rounds of each scenario's requests per second and of
its p50 and p99 latency, its queries per request, and the median over rounds of the API's
throughput as a ratio of the floor's in the same round.

Environment: BENCH_DATABASES (`postgresql,sqlite`), BENCH_ROUNDS, BENCH_DURATION (seconds),
BENCH_CONNECTIONS, BENCH_POSTGRES (the server's URL, without a database).
"""

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench.results import write_section
from bench.scenarios import NEW_POST, SCENARIOS
from harness.server import fresh_database, gunicorn, prepare_database, server_environment

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "blog_bench"  # With a random suffix: two runs never share one.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DURATION = int(os.environ.get("BENCH_DURATION", "2"))
WARM_UP = 1
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
QUERIES_OF = {"api": "api", "floor": "floor", "bare": "floor"}


def environment(database_url):
    """The servers': the launcher's (production mode, nothing throttled), plus the bench's URLs
    and no worker recycling."""
    return server_environment(
        database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        ACCESS_TOKEN_LIFETIME_MINUTES="120",  # noqa: S106 - a lifetime, not a secret
        # A recycled worker spends a second importing Django: in one scenario's window and not
        # another's, that would be noise, not the API.
        GUNICORN_CMD_ARGS="--max-requests 0",
    )


def python(module, env, log):
    result = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *module], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
    )
    if result.returncode:
        log.flush()
        sys.exit(f"{' '.join(module)} failed:\n{Path(log.name).read_text()[-3000:]}")
    return result.stdout


def wrk(url, scenario, token, seconds, run):
    """One wrk run; its summary (requests, latency percentiles in µs, errors)."""
    env = {
        **os.environ,
        "BENCH_METHOD": scenario.method,
        "BENCH_TOKEN": token or "",
        "BENCH_BODY": json.dumps(NEW_POST)[:-1],
        "BENCH_RUN": run,
    }
    output = subprocess.run(  # noqa: S603 - wrk on our own server
        [
            shutil.which("wrk") or "wrk",
            "--threads",
            "1",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(ROOT / "bench" / "wrk.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    summary = json.loads(re.search(r"^BENCH (.*)$", output, re.MULTILINE).group(1))
    if summary["bad_status"] or summary["socket_errors"]:
        sys.exit(f"wrk {url}: {summary['bad_status']} error answers, {summary}\n{output}")
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def measure(database_url, label):
    """Every scenario on one database: per scenario, the API's results and the floor's."""
    env = environment(database_url)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        with (Path(folder) / "prepare.log").open("w+") as log:
            print(f"{label}: migrating and seeding…", flush=True)
            prepare_database(env)
            python(["-m", "bench.seed"], env, log)
            prepared = json.loads(python(["-m", "bench.prepare"], env, log))
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_settings"}
        with (
            gunicorn(env, Path(folder) / "server.log", workers=2, threads=1) as server,
            gunicorn(bare_env, Path(folder) / "bare.log", workers=2, threads=1) as bare,
        ):
            samples = load(server.url, bare.url, prepared["tokens"], label)
    results = {}
    for scenario in SCENARIOS:
        rounds = samples[scenario.name]
        results[scenario.name] = {
            target: {
                "rps": statistics.median(run[target]["rps"] for run in rounds),
                "p50": statistics.median(run[target]["p50_us"] for run in rounds) / 1000,
                "p99": statistics.median(run[target]["p99_us"] for run in rounds) / 1000,
                # The bare floor runs the floor's view: the same queries.
                "queries": prepared["queries"][scenario.name][QUERIES_OF[target]],
            }
            for target in rounds[0]
        }
        if scenario.floor:
            # Each round's API run and floor run follow each other, under the same load from
            # whatever else the machine does: their ratio is steadier than a ratio of medians.
            for floor in ("floor", "bare"):
                if floor in rounds[0]:
                    ratios = [run["api"]["rps"] / run[floor]["rps"] for run in rounds]
                    results[scenario.name][f"ratio_{floor}"] = statistics.median(ratios)
    return results


def load(base, bare_base, tokens, label):
    """wrk on every scenario, round after round: per scenario, a list of {target: summary}."""
    print(f"{label}: warming up, then {ROUNDS} rounds of {DURATION} s runs…", flush=True)
    samples = {scenario.name: [] for scenario in SCENARIOS}
    for round_number in range(-1, ROUNDS):  # Round -1 warms both sides up.
        for scenario in SCENARIOS:
            targets = [("api", base + scenario.path)]
            if scenario.floor:
                targets.append(("floor", base + scenario.floor))
            if scenario.bare:
                targets.append(("bare", bare_base + scenario.floor))
            if round_number % 2:  # Every other round the floors go first.
                targets.reverse()
            token = tokens.get(scenario.user)
            seconds = WARM_UP if round_number < 0 else DURATION
            run = {
                target: wrk(url, scenario, token, seconds, f"{label}{round_number}")
                for target, url in targets
            }
            if round_number >= 0:
                samples[scenario.name].append(run)
    return samples


def postgres_version():
    with psycopg.connect(f"{POSTGRES}/postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def table(results):
    lines = [
        "| Scenario | API req/s | p50 ms | p99 ms | queries | floor req/s | p50 ms | p99 ms "
        "| queries | API / floor | bare floor req/s | p50 ms | p99 ms | API / bare floor |",
        "| --- |" + " ---: |" * 13,
    ]
    for scenario in SCENARIOS:
        measured = results[scenario.name]
        api, floor, bare = (measured.get(target) for target in ("api", "floor", "bare"))
        row = [scenario.name, *figures(api), str(api["queries"])]
        if floor:
            row += [*figures(floor), str(floor["queries"]), f"**{measured['ratio_floor']:.2f}**"]
        else:
            row += ["-"] * 5
        if bare:
            row += [*figures(bare), f"**{measured['ratio_bare']:.2f}**"]
        else:
            row += ["-"] * 4
        lines.append(f"| {' | '.join(row)} |")
    return "\n".join(lines)


def figures(result):
    return [f"{result['rps']:.0f}", f"{result['p50']:.1f}", f"{result['p99']:.1f}"]


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = Path("/proc/meminfo").read_text().split()[1]
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) // 2**20} GiB"


def run_postgresql():
    with fresh_database("postgresql", name=DATABASE, postgres=POSTGRES) as database_url:
        return f"PostgreSQL {postgres_version()}", measure(database_url, "PostgreSQL")


def run_sqlite():
    import sqlite3

    with tempfile.TemporaryDirectory() as folder, fresh_database("sqlite", folder) as url:
        return f"SQLite {sqlite3.sqlite_version}", measure(url, "SQLite")


DATABASES = {"postgresql": run_postgresql, "sqlite": run_sqlite}


def main():
    started = time.monotonic()
    names = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
    sections = [DATABASES[name]() for name in names]
    lines = [
        f"`make bench` on {datetime.now(UTC):%Y-%m-%d}: {machine()}; Python "
        f"{platform.python_version()}.",
        f"gunicorn with 2 sync workers, production settings; wrk with {CONNECTIONS} connections.",
        f"After a warm-up, {ROUNDS} rounds of {DURATION} s per scenario on the API, then on the "
        "floor (or the other way round); medians over rounds.",
        "The bare floor is the floor's views behind CommonMiddleware alone "
        "(bench/bare_settings.py), on a second server measured in the same rounds.",
        "'API / floor' and 'API / bare floor' are the medians of each round's ratio. Reads are "
        "anonymous; 'queries' is per request.",
        f"The run took {(time.monotonic() - started) / 60:.1f} min.",
    ]
    for title, results in sections:
        lines += ["", f"## {title}", "", table(results)]
    report = "\n".join(lines) + "\n"
    write_section("bench", report)
    print(f"\n{report}\nWritten to bench/results.md.")


if __name__ == "__main__":
    main()
