"""Two instances behind one load balancer act as one API: shared tokens, logouts and limits."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.live.conftest import REDIS_URL, login, register

pytestmark = pytest.mark.live

RATE = 10
ATTEMPTS = 100
ROUNDS = 5


@pytest.fixture(scope="module")
def instances(start_server):
    """Instances A and B with the login and anonymous rates at RATE per minute."""
    limits = {
        "THROTTLING": "true",
        "THROTTLE_LOGIN_RATE": f"{RATE}/minute",
        "THROTTLE_ANON_RATE": f"{RATE}/minute",
    }
    return start_server(**limits), start_server(**limits)


@pytest.fixture(scope="module")
def stock_instances(start_server):
    """The same pair running DRF's stock throttles instead of ours."""
    stock = {
        "DJANGO_SETTINGS_MODULE": "tests.live.stock_throttle_settings",
        "THROTTLING": "true",
        "THROTTLE_ANON_RATE": f"{RATE}/minute",
    }
    return start_server(**stock), start_server(**stock)


def burst(http, requests_to_make):
    """Sends every request at the same moment; answers their status codes."""
    start = threading.Barrier(len(requests_to_make))

    def send(make_request):
        start.wait()
        return make_request().status_code

    with ThreadPoolExecutor(len(requests_to_make)) as pool:
        return list(pool.map(send, requests_to_make))


def test_a_token_from_one_instance_works_on_the_other(instances, http, empty_throttles):
    a, b = instances
    account = register(http, a, "shared")
    tokens = login(http, a, account)

    response = http.get(
        f"{b.url}/api/v1/auth/users/me/", headers={"Authorization": f"Bearer {tokens['access']}"}
    )

    assert response.status_code == 200
    assert response.json()["username"] == "shared"


def test_a_refresh_token_blacklisted_through_one_is_refused_by_the_other(
    instances, http, empty_throttles
):
    a, b = instances
    tokens = login(http, a, register(http, a, "leaver"))

    logout = http.post(f"{a.url}/api/v1/auth/jwt/blacklist/", json={"refresh": tokens["refresh"]})
    refresh = http.post(f"{b.url}/api/v1/auth/jwt/refresh/", json={"refresh": tokens["refresh"]})

    assert logout.status_code == 200
    assert refresh.status_code == 401


def test_concurrent_logins_over_both_instances_pass_at_most_the_login_rate(
    instances, http, empty_throttles
):
    a, b = instances
    account = register(http, a, "target")
    wrong_password = {"username": account["username"], "password": "a-wrong-guess"}

    statuses = burst(
        http,
        [
            lambda server=server: http.post(
                f"{server.url}/api/v1/auth/jwt/create/", json=wrong_password
            )
            for server in [a, b] * (ATTEMPTS // 2)
        ],
    )

    answered = sum(status != 429 for status in statuses)
    print(f"\nlogin rate {RATE}/minute: {answered} of {ATTEMPTS} concurrent attempts not throttled")
    assert set(statuses) <= {401, 429}
    assert answered == RATE


def anonymous_bursts(http, a, b):
    """ROUNDS bursts of ATTEMPTS simultaneous reads over both instances, each burst in a fresh
    throttle window; answers how many reads were served in all."""
    served = 0
    for _ in range(ROUNDS):
        redis.Redis.from_url(REDIS_URL).flushdb()
        statuses = burst(
            http,
            [
                lambda server=server: http.get(f"{server.url}/api/v1/posts/")
                for server in [a, b] * (ATTEMPTS // 2)
            ],
        )
        served += sum(status == 200 for status in statuses)
    return served


def test_concurrent_anonymous_reads_over_both_instances_pass_at_most_the_rate(instances, http):
    served = anonymous_bursts(http, *instances)

    print(f"\nanonymous rate {RATE}/minute, ours: {served} reads served in {ROUNDS} bursts")
    assert served == ROUNDS * RATE


def test_drf_stock_throttle_lets_more_through_under_the_same_load(stock_instances, http):
    """Why api.throttling exists: the stock throttle reads, then writes, and loses counts."""
    served = anonymous_bursts(http, *stock_instances)

    print(f"\nanonymous rate {RATE}/minute, DRF stock: {served} reads served in {ROUNDS} bursts")
    assert served > ROUNDS * RATE
