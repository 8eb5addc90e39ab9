"""Outages of PostgreSQL and Redis, as an instance in production lives through them.

Each dependency is reached through a TCP proxy that the test cuts and restores: to the instance,
exactly a server that stopped and came back.
"""

import time

import pytest

from tests.live.conftest import REDIS_URL, login, register
from tests.live.proxy import TcpProxy

pytestmark = pytest.mark.live


@pytest.fixture
def database_proxy(database_name):
    proxy = TcpProxy("127.0.0.1", 5432).start()
    yield proxy
    proxy.cut()


@pytest.fixture
def redis_proxy():
    proxy = TcpProxy("127.0.0.1", 6379).start()
    yield proxy
    proxy.cut()


@pytest.fixture
def server_behind_database_proxy(start_server, database_proxy, database_name):
    return start_server(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{database_proxy.port}/{database_name}"
    )


@pytest.fixture
def server_behind_redis_proxy(start_server, redis_proxy):
    redis_db = REDIS_URL.rsplit("/", 1)[1]
    # Throttled: while Redis is down the throttles let requests through, and say so.
    return start_server(
        REDIS_URL=f"redis://127.0.0.1:{redis_proxy.port}/{redis_db}", THROTTLING="true"
    )


def timed(request):
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def test_api_answers_503_json_quickly_while_the_database_is_down(
    server_behind_database_proxy, database_proxy, http
):
    server = server_behind_database_proxy
    assert http.get(f"{server.url}/api/v1/posts/").status_code == 200

    database_proxy.cut()
    read, read_seconds = timed(lambda: http.get(f"{server.url}/api/v1/posts/", timeout=15))
    write = http.post(
        f"{server.url}/api/v1/auth/jwt/create/", json={"username": "x", "password": "y"}
    )

    assert (read.status_code, write.status_code) == (503, 503)
    assert read.headers["Content-Type"] == "application/json"
    assert read.json() == {"detail": "The database is unavailable. Try again shortly."}
    assert read.headers["Retry-After"] == "5"
    assert read_seconds < 5


def test_readyz_names_the_database_while_it_is_down_and_healthz_stays_up(
    server_behind_database_proxy, database_proxy, http
):
    server = server_behind_database_proxy
    database_proxy.cut()

    ready = http.get(f"{server.url}/readyz")
    alive = http.get(f"{server.url}/healthz")

    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "failed": ["database"]}
    assert alive.status_code == 200


def test_requests_succeed_again_once_the_database_is_back_without_a_restart(
    server_behind_database_proxy, database_proxy, http
):
    server = server_behind_database_proxy
    pid = server.process.pid
    database_proxy.cut()
    assert http.get(f"{server.url}/api/v1/posts/").status_code == 503

    database_proxy.restore()
    statuses = [http.get(f"{server.url}/api/v1/posts/").status_code for _ in range(6)]

    assert statuses == [200] * 6
    assert http.get(f"{server.url}/readyz").json() == {"status": "ready"}
    assert server.process.pid == pid
    assert server.process.poll() is None


def test_reads_and_writes_are_served_while_redis_is_down(
    server_behind_redis_proxy, redis_proxy, http
):
    server = server_behind_redis_proxy
    tokens = login(http, server, register(http, server, "through-the-storm"))
    redis_proxy.cut()

    read = http.get(f"{server.url}/api/v1/posts/")
    write = http.post(
        f"{server.url}/api/v1/posts/",
        json={"title": "Written while Redis was down", "body": "Still here."},
        headers={"Authorization": f"Bearer {tokens['access']}"},
    )

    assert (read.status_code, write.status_code) == (200, 201)
    assert "Throttling is off" in server.log()
    assert http.get(f"{server.url}/readyz").json() == {"status": "unavailable", "failed": ["cache"]}


def test_throttling_resumes_once_redis_is_back(server_behind_redis_proxy, redis_proxy, http):
    server = server_behind_redis_proxy
    redis_proxy.cut()
    assert http.get(f"{server.url}/api/v1/posts/").status_code == 200

    redis_proxy.restore()

    assert http.get(f"{server.url}/readyz").json() == {"status": "ready"}
    assert http.get(f"{server.url}/api/v1/posts/").status_code == 200
