"""Where one request spends its time: `make bench-profile` (or `python -m bench.profile PATH`).

Seeds the benchmark's data into a throw-away SQLite database, sends the request a few hundred
times through Django in production settings, and prints pyinstrument's profile of them. PATH
defaults to the post list's page 3.
"""

import os
import sys
import tempfile

from harness.server import fresh_database, server_environment

REQUESTS = 300


def main(path):
    from django.core.management import call_command
    from django.test import Client
    from pyinstrument import Profiler

    from bench.scenarios import HEADERS
    from bench.seed import seed

    call_command("migrate", verbosity=0)
    seed()
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(10):  # Fills the caches of a process that has served a while.
        status = client.get(path, headers=HEADERS).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(REQUESTS):
            client.get(path, headers=HEADERS)
    print(profiler.output_text(color=sys.stdout.isatty(), show_all=False))
    print(f"{REQUESTS} requests of {path}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder, fresh_database("sqlite", folder) as url:
        os.environ.update(
            server_environment(url, DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="WARNING")
        )
        import django

        django.setup()
        main(sys.argv[1] if len(sys.argv) > 1 else "/api/v1/posts/?page=3")
