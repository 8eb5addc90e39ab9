"""`manage.py queue_health`: the queue's health for monitoring. With a worker running it is checked
by tests/live/test_task_queue.py."""

from io import StringIO

from django.core.management import call_command

from tests.config.test_settings import run_python

QUEUE_HEALTH = "from django.core.management import execute_from_command_line; "


def queue_health(**environment):
    return run_python(
        f"{QUEUE_HEALTH}execute_from_command_line(['manage.py', 'queue_health', '--timeout', '1'])",
        **environment,
    )


def test_without_a_broker_it_says_tasks_run_in_process():
    out = StringIO()

    call_command("queue_health", stdout=out)

    assert out.getvalue() == "No broker configured: tasks run in the process that queues them.\n"


def test_an_unreachable_broker_is_an_error():
    # Nothing listens on port 1.
    result = queue_health(CELERY_BROKER_URL="redis://127.0.0.1:1/0")

    assert result.returncode == 1
    assert "Broker unreachable" in result.stderr
