"""`make bench-scale` (or `python -m bench.scale`): every read of issue 14's table and creating a
post, at 2,000 and at 1,000,000 posts, in one run, on PostgreSQL.

Each size is a database of its own (bench/scale_data.py's data set), named after the size and a
digest of the migrations and of the generator: kept between runs while neither changes, made
again when one does (older ones are dropped). Each is served by a gunicorn of its own (2 sync
workers, production settings, nothing throttled; harness/server.py), all at once, and every
request of REQUESTS is sent WARM_UP times, then SAMPLES times, each time to every size in turn;
its queries are counted once through Django (bench.prepare). Prints the table and writes it
into bench/results.md (bench.results).

Environment: BENCH_SCALE_SIZES (`2000,1000000`), BENCH_SCALE_SAMPLES, BENCH_POSTGRES.
"""

import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import scale_data
from bench.results import write_section
from bench.run import POSTGRES, machine, postgres_version, python
from harness.server import gunicorn, manage, server_environment

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_SCALE_SIZES", "2000,1000000").split(",")]
SAMPLES = int(os.environ.get("BENCH_SCALE_SAMPLES", "21"))
WARM_UP = 3
PASSWORD = "bench-scale-2026"  # noqa: S105 - throwaway accounts on a throwaway database
HEADERS = {"Accept": "application/json", "X-Forwarded-Proto": "https"}


@dataclass(frozen=True)
class Request:
    """One row of the table: a request, and how much slower at the largest size it may be."""

    name: str
    path: str
    method: str = "GET"
    growth: float = 2.0
    within_ms: float | None = None  # At the largest size.


PUBLISHED = 1001  # A published post in the middle of the smaller data set.
POST = f"/api/v1/posts/post-{PUBLISHED}"
AUTHOR, CATEGORY = scale_data.author_of(PUBLISHED), scale_data.category_of(PUBLISHED)
# `{halfway}` is a cursor made for each data set (bench.scale_queries): the page after the
# published post in the middle of the list.
REQUESTS = [
    Request("`GET /posts/` (page 1)", "/api/v1/posts/"),
    Request("`GET /posts/?page=80` (under the count's cap)", "/api/v1/posts/?page=80"),
    Request(
        "`GET /posts/?cursor=…` (halfway down the list)",
        "/api/v1/posts/?pagination=cursor&cursor={halfway}",
    ),
    Request("`GET /posts/?tag=django` (10% of posts)", "/api/v1/posts/?tag=django"),
    Request("`GET /posts/?category={slug}`", f"/api/v1/posts/?category={CATEGORY}"),
    Request("`GET /posts/?author={username}`", f"/api/v1/posts/?author={AUTHOR}"),
    Request(
        "`GET /posts/?search=zanzibar` (a rare word)",
        "/api/v1/posts/?search=zanzibar",
        within_ms=50,
    ),
    Request("`GET /posts/?search=django` (a common word)", "/api/v1/posts/?search=django"),
    Request("`GET /posts/?ordering=-like_count`", "/api/v1/posts/?ordering=-like_count"),
    Request("`GET /categories/`", "/api/v1/categories/"),
    Request("`GET /categories/{slug}/`", f"/api/v1/categories/{CATEGORY}/"),
    Request("`GET /tags/`", "/api/v1/tags/"),
    Request("`GET /tags/django/`", "/api/v1/tags/django/"),
    Request("`GET /authors/`", "/api/v1/authors/"),
    Request("`GET /authors/{username}/`", f"/api/v1/authors/{AUTHOR}/"),
    Request("`GET /posts/{slug}/`", f"{POST}/"),
    Request("`GET /posts/{slug}/comments/`", f"{POST}/comments/"),
    Request("`POST /posts/` (create, signed in)", "/api/v1/posts/", "POST", growth=1.5),
]
WRITER = "user1"


def schema_digest():
    """What the data set depends on: every migration and the generator."""
    digest = hashlib.sha256()
    files = [*sorted(ROOT.glob("*/migrations/*.py")), ROOT / "bench" / "scale_data.py"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def admin():
    return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)


def data_set(posts):
    """The URL of the database of `posts` posts, made now if this schema has none yet."""
    prefix = f"blog_scale_{posts}_"
    name = f"{prefix}{schema_digest()}"
    with admin() as connection:
        existing = [
            row[0]
            for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname ~ %s", [f"^{prefix}[0-9a-f]+"]
            )
        ]
        for stale in set(existing) - {name}:  # Of another schema, or a run stopped midway.
            connection.execute(f'DROP DATABASE "{stale}" WITH (FORCE)')
        if name in existing:
            print(f"{posts:,} posts: kept from an earlier run ({name}).", flush=True)
            return f"{POSTGRES}/{name}"
        building = f"{name}_partial"
        connection.execute(f'CREATE DATABASE "{building}"')
    print(f"{posts:,} posts: generating {name}…", flush=True)
    started = time.monotonic()
    url = f"{POSTGRES}/{building}"
    environment = server_environment(url)
    manage(environment, "migrate", "--no-input")
    hashing = f"from django.contrib.auth.hashers import make_password as m; print(m({PASSWORD!r}))"
    password = manage(environment, "shell", "-c", hashing).splitlines()[-1]  # After any log line.
    scale_data.generate(url, posts, password)
    timed_recount = time.monotonic()
    manage(environment, "recount")
    print(f"  counters (manage.py recount): {time.monotonic() - timed_recount:.1f} s")
    with admin() as connection:
        connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    print(f"  generated in {(time.monotonic() - started) / 60:.1f} min.", flush=True)
    return f"{POSTGRES}/{name}"


def send(url, method, token=None, body=None):
    headers = dict(HEADERS)
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our server
        answer = json.loads(response.read() or "null")  # A 204 has no body.
    return (time.perf_counter() - started) * 1000, answer


def measure(sizes):
    """{size: {request name: {median, p99, queries}}}. The sizes' servers run side by side and
    every sample of a request goes to each size in turn (in alternating order), so that whatever
    else the machine does falls on every size alike."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder, ExitStack() as servers_up:
        counted, servers = {}, {}
        for size in sizes:
            environment = server_environment(
                data_set(size),
                ACCESS_TOKEN_LIFETIME_MINUTES="120",  # noqa: S106 - a lifetime, not a secret
                GUNICORN_CMD_ARGS="--max-requests 0",  # No worker restarts amid the samples.
            )
            with (Path(folder) / f"queries-{size}.log").open("w+") as log:
                counted[size] = json.loads(
                    python(["-m", "bench.scale_queries", WRITER], environment, log)
                )  # fmt: skip
            servers[size] = servers_up.enter_context(
                gunicorn(environment, Path(folder) / f"server-{size}.log", workers=2)
            )
        times = {size: {request.name: [] for request in REQUESTS} for size in sizes}
        created = {size: [] for size in sizes}
        for request in REQUESTS:
            for number in range(WARM_UP + SAMPLES):
                for size in sizes if number % 2 else reversed(sizes):
                    body = None
                    if request.method == "POST":
                        body = {"title": f"Scale {number}", "body": ".", "status": "draft"}
                    path = request.path.format(halfway=counted[size]["halfway"])
                    elapsed, answer = send(
                        servers[size].url + path, request.method, counted[size]["token"], body
                    )
                    if request.method == "POST":
                        created[size].append(answer["slug"])
                    if number >= WARM_UP:
                        times[size][request.name].append(elapsed)
        for size in sizes:  # The data sets stay as generated, their counters too.
            for slug in created[size]:
                send(f"{servers[size].url}/api/v1/posts/{slug}/", "DELETE", counted[size]["token"])
    return {
        size: {
            name: {
                "median": statistics.median(samples),
                "p99": statistics.quantiles(samples, n=100, method="inclusive")[98],
                "queries": counted[size]["queries"][name],
            }
            for name, samples in times[size].items()
        }
        for size in sizes
    }


def table(sizes, measured):
    small, large = sizes[0], sizes[-1]
    heading = ["request"]
    for size in sizes:
        heading += [f"{size:,} median ms", "p99 ms", "queries"]
    heading += ["growth", "target", "met"]
    lines = [f"| {' | '.join(heading)} |", "| --- |" + " ---: |" * (len(heading) - 1)]
    for request in REQUESTS:
        row = [request.name]
        for size in sizes:
            result = measured[size][request.name]
            row += [f"{result['median']:.1f}", f"{result['p99']:.1f}", str(result["queries"])]
        slowest = measured[large][request.name]["median"]
        growth = slowest / measured[small][request.name]["median"]
        target = f"≤ {request.growth:g}x"
        met = growth <= request.growth
        if request.within_ms:
            target += f", ≤ {request.within_ms:g} ms"
            met = met and slowest <= request.within_ms
        row += [f"{growth:.2f}x", target, "yes" if met else "**no**"]
        lines.append(f"| {' | '.join(row)} |")
    return "\n".join(lines)


def main():
    started = time.monotonic()
    measured = measure(SIZES)
    report = "\n".join(
        [
            "## At scale (`make bench-scale`)",
            "",
            f"On {datetime.now(UTC):%Y-%m-%d}: {machine()}; PostgreSQL {postgres_version()}. "
            "gunicorn with 2 sync workers, production settings; anonymous reads unless said.",
            "A server for each size, side by side; each request "
            f"{WARM_UP} times to warm up, then {SAMPLES} times one after the other, each time to "
            "every size in turn: median and p99 of those; queries counted once through Django. "
            f"Growth is the median at {SIZES[-1]:,} posts over the median at {SIZES[0]:,}.",
            f"The run took {(time.monotonic() - started) / 60:.1f} min (data sets kept from "
            "earlier runs are not made again).",
            "",
            table(SIZES, measured),
        ]
    )
    write_section("bench-scale", report)
    print(f"\n{report}\n\nWritten to bench/results.md.")
    if len(SIZES) < 2:
        sys.exit("bench-scale compares two sizes: BENCH_SCALE_SIZES=small,large.")


if __name__ == "__main__":
    main()
