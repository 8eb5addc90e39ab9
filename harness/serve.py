"""Runs a command against the API on a fresh database: the launcher of the shell harnesses.

    python -m harness.serve [--debug] [--database sqlite|postgresql] [--workers N]
        [--set NAME=VALUE]... [--gunicorn-arg ARG]... -- COMMAND [ARG...]

The server starts as `harness.server.running_server` starts it (the demo data loaded, nothing
throttled); COMMAND then runs with SERVER_URL (http://127.0.0.1:PORT) and SERVER_DIR (a folder of
the run's own, for reports) in its environment. When it ends the server stops, and the exit
status is COMMAND's. If it failed, the server log's last lines are printed and the folder (the
database, the server log, the reports) is kept.
"""

import argparse
import os
import subprocess
import sys

from harness.server import running_server


class CommandFailed(Exception):
    def __init__(self, status):
        self.status = status


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m harness.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="DEBUG=true (else production mode)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting of the server"
    )
    parser.add_argument(
        "--gunicorn-arg", action="append", default=[], metavar="ARG", help="a gunicorn option"
    )
    parser.add_argument("command", nargs="+", help="what to run against the server")
    args = parser.parse_args(argv)
    if any("=" not in setting for setting in args.set):
        parser.error("--set takes NAME=VALUE")
    return args


def main(argv):
    args = arguments(argv)
    settings = dict(setting.split("=", 1) for setting in args.set)
    try:
        with running_server(
            database=args.database,
            debug=args.debug,
            workers=args.workers,
            gunicorn_args=args.gunicorn_arg,
            **settings,
        ) as server:
            folder = str(server.log_path.parent)
            status = subprocess.call(  # noqa: S603 - the harness's own command
                args.command, env={**os.environ, "SERVER_URL": server.url, "SERVER_DIR": folder}
            )
            if status:
                print(f"\nThe server's last log lines:\n{server.log_tail()}", file=sys.stderr)
                raise CommandFailed(status)  # Keeps the folder.
    except CommandFailed as failure:
        return failure.status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
