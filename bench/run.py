"""The benchmark: `make bench`, or `python -m bench.run` with wrk installed and PostgreSQL up.

For each database (PostgreSQL, then SQLite): a fresh database with the fixed data set
(bench/seed.py), each scenario's queries counted and its floor checked (bench/prepare.py), then
gunicorn (2 sync workers, production settings, throttle rates out of reach) driven by wrk at a
fixed concurrency: a warm-up, then ROUNDS rounds in which every scenario runs DURATION seconds
on the API and right after on the floor (or the other way round). It prints and writes
(bench/results.md) the median over rounds of each scenario's requests per second and of its p50
and p99 latency, its queries per request, and the median over rounds of the API's throughput as
a ratio of the floor's in the same round.

Environment: BENCH_DATABASES (`postgresql,sqlite`), BENCH_ROUNDS, BENCH_DURATION (seconds),
BENCH_CONNECTIONS, BENCH_POSTGRES (the server's URL, without a database).
"""

import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import requests

from bench.scenarios import NEW_POST, SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "blog_bench"
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DURATION = int(os.environ.get("BENCH_DURATION", "2"))
WARM_UP = 1
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
THROTTLE_SCOPES = ["ANON", "USER"]


def environment(database_url, port):
    """The servers': production mode, the bench's URLs, nothing throttled, no worker recycling."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108 - where tools may keep caches
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Required with DEBUG off; no browser calls these servers.
        "CORS_ALLOWED_ORIGINS": "",
        "FRONTEND_URL": "https://blog.example",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",  # The local-memory cache: the API is measured, not Redis.
        "ACCESS_TOKEN_LIFETIME_MINUTES": "120",
        **{f"THROTTLE_{scope}_RATE": "100000000/minute" for scope in THROTTLE_SCOPES},
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # A recycled worker spends a second importing Django: in one scenario's window and not
        # another's, that would be noise, not the API.
        "GUNICORN_CMD_ARGS": "--max-requests 0",
    }


def python(module, env, log):
    result = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *module], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
    )
    if result.returncode:
        log.flush()
        sys.exit(f"{' '.join(module)} failed:\n{Path(log.name).read_text()[-3000:]}")
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, log):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://{env['GUNICORN_BIND']}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{Path(log.name).read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not answer in 30 s")


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
    port = free_port()
    env = environment(database_url, port)
    with tempfile.NamedTemporaryFile("w+", prefix="bench-", suffix=".log") as log:
        print(f"{label}: migrating and seeding…", flush=True)
        python(["manage.py", "migrate", "--no-input"], env, log)
        python(["-m", "bench.seed"], env, log)
        prepared = json.loads(python(["-m", "bench.prepare"], env, log))
        process, base = start_server(env, log)
        try:
            samples = load(base, prepared["tokens"], label)
        finally:
            process.terminate()
            process.wait(timeout=30)
    results = {}
    for scenario in SCENARIOS:
        rounds = samples[scenario.name]
        results[scenario.name] = {
            target: {
                "rps": statistics.median(run[target]["rps"] for run in rounds),
                "p50": statistics.median(run[target]["p50_us"] for run in rounds) / 1000,
                "p99": statistics.median(run[target]["p99_us"] for run in rounds) / 1000,
                "queries": prepared["queries"][scenario.name][target],
            }
            for target in rounds[0]
        }
        if scenario.floor:
            # Each round's API run and floor run follow each other, under the same load from
            # whatever else the machine does: their ratio is steadier than a ratio of medians.
            ratios = [run["api"]["rps"] / run["floor"]["rps"] for run in rounds]
            results[scenario.name]["ratio"] = statistics.median(ratios)
    return results


def load(base, tokens, label):
    """wrk on every scenario, round after round: per scenario, a list of {target: summary}."""
    print(f"{label}: warming up, then {ROUNDS} rounds of {DURATION} s runs…", flush=True)
    samples = {scenario.name: [] for scenario in SCENARIOS}
    for round_number in range(-1, ROUNDS):  # Round -1 warms both sides up.
        for scenario in SCENARIOS:
            targets = [("api", scenario.path), ("floor", scenario.floor)]
            if round_number % 2:  # Every other round the floor goes first.
                targets.reverse()
            token = tokens.get(scenario.user)
            seconds = WARM_UP if round_number < 0 else DURATION
            run = {
                target: wrk(base + path, scenario, token, seconds, f"{label}{round_number}")
                for target, path in targets
                if path
            }
            if round_number >= 0:
                samples[scenario.name].append(run)
    return samples


def postgres_database():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
        version = admin.execute("SHOW server_version").fetchone()[0].split()[0]
    return f"{POSTGRES}/{DATABASE}", version


def drop_postgres_database():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def table(results):
    lines = [
        "| Scenario | API req/s | p50 ms | p99 ms | queries | floor req/s | p50 ms | p99 ms "
        "| queries | API / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario in SCENARIOS:
        api = results[scenario.name]["api"]
        floor = results[scenario.name].get("floor")
        row = [scenario.name, f"{api['rps']:.0f}", f"{api['p50']:.1f}", f"{api['p99']:.1f}"]
        row.append(str(api["queries"]))
        if floor:
            row += [f"{floor['rps']:.0f}", f"{floor['p50']:.1f}", f"{floor['p99']:.1f}"]
            row += [str(floor["queries"]), f"**{results[scenario.name]['ratio']:.2f}**"]
        else:
            row += ["-"] * 5
        lines.append(f"| {' | '.join(row)} |")
    return "\n".join(lines)


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
    database_url, version = postgres_database()
    try:
        return f"PostgreSQL {version}", measure(database_url, "PostgreSQL")
    finally:
        drop_postgres_database()


def run_sqlite():
    import sqlite3

    with tempfile.TemporaryDirectory() as folder:
        return f"SQLite {sqlite3.sqlite_version}", measure(
            f"sqlite:///{folder}/bench.sqlite3", "SQLite"
        )


DATABASES = {"postgresql": run_postgresql, "sqlite": run_sqlite}


def main():
    started = time.monotonic()
    names = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
    sections = [DATABASES[name]() for name in names]
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` on {datetime.now(UTC):%Y-%m-%d}: {machine()}; Python "
        f"{platform.python_version()}.",
        f"gunicorn with 2 sync workers, production settings; wrk with {CONNECTIONS} connections.",
        f"After a warm-up, {ROUNDS} rounds of {DURATION} s per scenario on the API, then on the "
        "floor (or the other way round); medians over rounds.",
        "'API / floor' is the median of each round's ratio. Reads are anonymous; 'queries' is "
        "per request.",
        f"The run took {(time.monotonic() - started) / 60:.1f} min.",
    ]
    for title, results in sections:
        lines += ["", f"## {title}", "", table(results)]
    report = "\n".join(lines) + "\n"
    RESULTS.write_text(report)
    print(f"\n{report}\nWritten to {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
