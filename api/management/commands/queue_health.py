"""Reports whether the task queue is served: the broker answers, workers reply, tasks waiting.

/readyz is about the web process: a web process serves requests while the workers are down (mail
waits in the queue), so the queue's health is this command's, for monitoring and operators.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from kombu.exceptions import OperationalError

from config.celery import app


class Command(BaseCommand):
    help = (
        "Checks the task queue: the broker answers, workers reply to a ping, and how many tasks "
        "wait. Exits with an error when the broker is unreachable or no worker replies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=2.0, help="Seconds to wait for workers' replies."
        )

    def handle(self, *args, timeout, **options):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write("No broker configured: tasks run in the process that queues them.")
            return
        try:
            with app.connection_for_read() as connection:
                connection.ensure_connection(max_retries=1, timeout=timeout)
                redis = connection.default_channel.client
                waiting = redis.llen(app.conf.task_default_queue)
                # Taken by a worker and not yet acknowledged: running, or waiting for a countdown.
                taken = redis.hlen("unacked")
        except OperationalError as error:
            raise CommandError(f"Broker unreachable: {error}") from error
        self.stdout.write(f"Broker: reachable; {waiting} tasks waiting, {taken} taken by workers.")
        replies = app.control.ping(timeout=timeout)
        workers = sorted(name for reply in replies for name in reply)
        if not workers:
            raise CommandError(
                f"No worker replied within {timeout:g} s: queued tasks wait until one runs."
            )
        self.stdout.write(f"Workers: {len(workers)} replied ({', '.join(workers)}).")
