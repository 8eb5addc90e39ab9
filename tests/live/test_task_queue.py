"""Account e-mails through a real Celery worker, Redis broker and SMTP server, from gunicorn.

The API instance queues each mail when its request commits; the worker (`make worker`'s command)
sends it to an SMTP server on a local port (tests/live/mail.py) that can refuse connections, or
take a message and stall, as a slow or failing mail server does.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import time

import pytest
import redis

from harness.server import PROJECT_ROOT, manage, stop
from tests.live.conftest import CELERY_BROKER_URL, celery_worker, https_session
from tests.live.mail import SmtpServer

pytestmark = pytest.mark.live

PASSWORD = "a-long-live-passphrase"
BATCH_SECONDS = "2"


@pytest.fixture(scope="module")
def server(start_server):
    """An instance that queues its tasks on the workers' broker, with activation on."""
    return start_server(
        CELERY_BROKER_URL=CELERY_BROKER_URL,
        ACCOUNT_ACTIVATION="true",
        COMMENT_EMAIL_BATCH_SECONDS=BATCH_SECONDS,
    )


@pytest.fixture(autouse=True)
def empty_broker():
    broker = redis.Redis.from_url(CELERY_BROKER_URL)
    broker.flushdb()
    yield
    broker.flushdb()


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def worker_environment(production_environment, smtp):
    return {
        **production_environment,
        "ACCOUNT_ACTIVATION": "true",
        "COMMENT_EMAIL_BATCH_SECONDS": BATCH_SECONDS,
        "EMAIL_URL": smtp.url,
    }


@pytest.fixture
def worker(worker_environment, tmp_path):
    with celery_worker(worker_environment, tmp_path / "worker.log") as process:
        yield process


def register(http, server, username):
    started = time.monotonic()
    response = http.post(
        f"{server.url}/api/v1/auth/users/",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    return time.monotonic() - started


def activation_link(message):
    match = re.search(r"https://blog\.example/activate/([\w-]+)/([\w-]+)", message.get_content())
    assert match, message.get_content()
    return {"uid": match[1], "token": match[2]}


def test_registration_answers_before_its_mail_is_sent_and_the_mail_arrives(
    server, smtp, worker, http
):
    smtp.start()
    smtp.mailbox.stalling.set()

    answered_in = register(http, server, "carol")

    # The worker is now inside the mail server's conversation, after the answer.
    smtp.wait_until_stalled()
    assert smtp.messages_to("carol@example.com") == []
    smtp.mailbox.stalling.clear()  # The stalled message is answered 451, and retried.
    message, waited = smtp.wait_for_mail("carol@example.com")
    activated = http.post(
        f"{server.url}/api/v1/auth/users/activation/", json=activation_link(message)
    )
    signed_in = http.post(
        f"{server.url}/api/v1/auth/jwt/create/", json={"username": "carol", "password": PASSWORD}
    )

    print(
        f"\nregistration answered in {answered_in * 1000:.0f} ms while the mail server held its"
        f" mail; the retried mail arrived {waited:.1f} s after the server let go"
    )
    assert answered_in < 2
    assert message["Subject"] == "Activate your Blog API account"
    assert (activated.status_code, signed_in.status_code) == (204, 200)


def test_a_mail_server_that_refuses_then_accepts_gets_the_mail(
    server, smtp, worker, http, tmp_path
):
    # Nothing listens on the mail server's port yet: every connection is refused.
    register(http, server, "dave")
    log = tmp_path / "worker.log"
    deadline = time.monotonic() + 30
    while "retry: Retry in" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)

    smtp.start()
    message, waited = smtp.wait_for_mail("dave@example.com")

    retries = log.read_text().count("retry: Retry in")
    print(f"\nrefused {retries} time(s), then delivered {waited:.1f} s after the server came up")
    assert "ConnectionRefusedError" in log.read_text()
    assert message["Subject"] == "Activate your Blog API account"
    assert len(smtp.messages_to("dave@example.com")) == 1


def test_a_worker_killed_mid_task_loses_no_mail(server, smtp, worker_environment, http, tmp_path):
    smtp.start()
    smtp.mailbox.stalling.set()
    # A short visibility timeout, so that the test need not wait an hour for the redelivery.
    with celery_worker(worker_environment, tmp_path / "first.log", visibility_timeout=3) as first:
        register(http, server, "erin")
        smtp.wait_until_stalled()
        os.killpg(first.pid, signal.SIGKILL)  # Mid-task: the worker and its pool, as a host lost.
        first.wait()
        killed_at = time.monotonic()
    smtp.mailbox.stalling.clear()

    with celery_worker(worker_environment, tmp_path / "second.log", visibility_timeout=3):
        message, _ = smtp.wait_for_mail("erin@example.com")
        delivered_after = time.monotonic() - killed_at

    print(
        f"\nthe task of the killed worker was delivered by the next {delivered_after:.1f} s later"
    )
    assert message["Subject"] == "Activate your Blog API account"


def test_a_reset_takes_the_same_time_for_a_known_and_an_unknown_address(server, smtp, worker, http):
    smtp.start()
    register(http, server, "frank")
    url = f"{server.url}/api/v1/auth/users/reset_password/"
    timings = {"frank@example.com": [], "nobody@example.com": []}
    for _ in range(5):  # Warm both paths up.
        for address in timings:
            http.post(url, json={"email": address})
    for _ in range(40):
        for address, times in timings.items():
            started = time.perf_counter()
            response = http.post(url, json={"email": address})
            times.append(time.perf_counter() - started)
            assert response.status_code == 204

    known, unknown = (statistics.median(times) * 1000 for times in timings.values())
    print(
        f"\nreset answered in {known:.2f} ms (known address), {unknown:.2f} ms (unknown), medians"
    )
    assert abs(known - unknown) < max(2.0, 0.25 * max(known, unknown))


def signed_in(http, server, smtp, username):
    """A session (its own client) of a new account, activated by its mailed link."""
    register(http, server, username)
    message, _ = smtp.wait_for_mail(f"{username}@example.com")
    activated = http.post(
        f"{server.url}/api/v1/auth/users/activation/", json=activation_link(message)
    )
    assert activated.status_code == 204, activated.text
    tokens = http.post(
        f"{server.url}/api/v1/auth/jwt/create/", json={"username": username, "password": PASSWORD}
    ).json()
    session = https_session()
    session.headers["Authorization"] = f"Bearer {tokens['access']}"
    return session


def test_comments_close_together_reach_the_posts_author_in_one_mail(server, smtp, worker, http):
    smtp.start()
    author = signed_in(http, server, smtp, "grace")
    reader = signed_in(http, server, smtp, "heidi")
    post = author.post(
        f"{server.url}/api/v1/posts/",
        json={
            "title": "Notes on queues",
            "body": "Work off the request path.",
            "status": "published",
        },
    ).json()
    comments = f"{server.url}/api/v1/posts/{post['slug']}/comments/"

    for number in range(3):
        assert reader.post(comments, json={"body": f"Comment {number}."}).status_code == 201
    message, waited = smtp.wait_for_mail("grace@example.com", subject="3 new comments")
    time.sleep(2 * int(BATCH_SECONDS))  # Time for any second e-mail to arrive.

    print(f"\nthree comments, one e-mail {waited:.1f} s after the third (batch: {BATCH_SECONDS} s)")
    assert [m["Subject"] for m in smtp.messages_to("grace@example.com")] == [
        "Activate your Blog API account",
        "3 new comments on your posts",
    ]
    assert all(f"Comment {number}." in message.get_content() for number in range(3))


def test_the_scheduler_queues_its_periodic_tasks_for_the_workers(worker_environment, tmp_path):
    environment = {
        **worker_environment,
        "CELERY_BROKER_URL": CELERY_BROKER_URL,
        "COMMENT_EMAIL_BATCH_SECONDS": "1",  # The comment sweep's period.
    }
    worker_log = tmp_path / "worker.log"
    with (
        celery_worker(environment, worker_log),
        (tmp_path / "beat.log").open("w") as beat_log,
    ):
        beat = subprocess.Popen(  # noqa: S603 - our own interpreter and scheduler
            [
                *(sys.executable, "-m", "celery", "--app", "config", "beat"),
                *("--loglevel", "INFO", "--schedule", str(tmp_path / "celerybeat-schedule")),
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=beat_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            ran = "Task posts.tasks.send_overdue_comment_notifications["
            while ran not in worker_log.read_text():
                assert time.monotonic() < deadline, (tmp_path / "beat.log").read_text()
                time.sleep(0.2)
        finally:
            stop(beat)

    assert (
        "Scheduler: Sending due task overdue-comment-emails" in (tmp_path / "beat.log").read_text()
    )


def test_queue_health_reports_the_workers_and_fails_without_one(worker_environment, tmp_path):
    environment = {**worker_environment, "CELERY_BROKER_URL": CELERY_BROKER_URL}
    with celery_worker(worker_environment, tmp_path / "worker.log"):
        healthy = manage(environment, "queue_health")

    with pytest.raises(RuntimeError, match="No worker replied"):
        manage(environment, "queue_health", "--timeout", "1")
    assert "Broker: reachable; 0 tasks waiting" in healthy
    assert "Workers: 1 replied" in healthy
