"""The task queue's settings: no broker means tasks run in-process; a broker means acks-late
delivery that survives a worker's death (config/celery.py, config/settings.py)."""

import json

import pytest

from tests.config.test_settings import run_python

PRINT_CELERY = """
import json
import django
django.setup()
from config.celery import app
app.loader.import_default_modules()  # As a worker does when it starts.
print(json.dumps({
    "broker_url": app.conf.broker_url,
    "task_always_eager": app.conf.task_always_eager,
    "task_acks_late": app.conf.task_acks_late,
    "task_reject_on_worker_lost": app.conf.task_reject_on_worker_lost,
    "worker_prefetch_multiplier": app.conf.worker_prefetch_multiplier,
    "visibility_timeout": app.conf.broker_transport_options["visibility_timeout"],
    "restore_every": app.conf.broker_transport_options["unacked_restore_interval"]
    * app.conf.broker_transport_options["unacked_restore_throttle"],
    "beat": {
        entry["task"]: repr(entry["schedule"]) for entry in app.conf.beat_schedule.values()
    },
    "tasks": sorted(name for name in app.tasks if not name.startswith("celery.")),
}))
"""


def celery_under(**environment):
    result = run_python(PRINT_CELERY, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def defaults():
    return celery_under()


def test_nothing_set_means_tasks_run_in_process_without_a_broker(defaults):
    assert defaults["task_always_eager"] is True


def test_the_cache_redis_is_the_broker_unless_another_is_named():
    cache_only = celery_under(REDIS_URL="redis://cache.internal:6379/0")
    both = celery_under(
        REDIS_URL="redis://cache.internal:6379/0",
        CELERY_BROKER_URL="redis://queue.internal:6379/1",
    )

    assert (cache_only["broker_url"], cache_only["task_always_eager"]) == (
        "redis://cache.internal:6379/0",
        False,
    )
    assert (both["broker_url"], both["task_always_eager"]) == (
        "redis://queue.internal:6379/1",
        False,
    )


def test_a_task_is_acknowledged_when_done_so_a_dying_worker_loses_none(defaults):
    assert defaults["task_acks_late"] is True
    assert defaults["task_reject_on_worker_lost"] is True
    assert defaults["worker_prefetch_multiplier"] == 1


def test_the_visibility_timeout_defaults_to_an_hour_and_is_configurable(defaults):
    configured = celery_under(CELERY_VISIBILITY_TIMEOUT_SECONDS="5")

    assert defaults["visibility_timeout"] == 3600
    assert configured["visibility_timeout"] == 5


def test_workers_look_for_a_dead_workers_tasks_well_within_the_timeout(defaults):
    configured = celery_under(CELERY_VISIBILITY_TIMEOUT_SECONDS="3")

    assert defaults["restore_every"] == 10
    assert configured["restore_every"] == 1


def test_the_workers_find_every_task_of_the_apps(defaults):
    assert {
        "accounts.tasks.send_account_email",
        "accounts.tasks.send_account_email_to_address",
        "accounts.tasks.remove_expired_sign_ins",
        "posts.tasks.send_comment_notifications",
        "posts.tasks.send_overdue_comment_notifications",
        "posts.tasks.check_post_counters",
    } <= set(defaults["tasks"])


def test_the_scheduler_runs_the_housekeeping_nightly_and_the_comment_sweep_each_batch(defaults):
    batch_of_a_minute = celery_under(COMMENT_EMAIL_BATCH_SECONDS="60")

    assert defaults["beat"]["accounts.tasks.remove_expired_sign_ins"] == (
        "<crontab: 0 3 * * * (m/h/dM/MY/d)>"
    )
    assert defaults["beat"]["posts.tasks.check_post_counters"] == (
        "<crontab: 30 3 * * * (m/h/dM/MY/d)>"
    )
    assert defaults["beat"]["posts.tasks.send_overdue_comment_notifications"] == "300"
    assert batch_of_a_minute["beat"]["posts.tasks.send_overdue_comment_notifications"] == "60"
