"""The throttle counts atomically: concurrent requests never pass more often than the rate."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.throttling import AtomicAnonRateThrottle

RATE = 10
CONCURRENT_REQUESTS = 100


@pytest.fixture
def anon_rate(limit):
    limit("anon", RATE)


def anonymous_request():
    return Request(APIRequestFactory().get("/api/v1/posts/", REMOTE_ADDR="10.1.2.3"))


def test_concurrent_requests_pass_exactly_as_often_as_the_rate_allows(anon_rate):
    start = threading.Barrier(CONCURRENT_REQUESTS)

    def attempt(_):
        start.wait()
        return AtomicAnonRateThrottle().allow_request(anonymous_request(), view=None)

    with ThreadPoolExecutor(CONCURRENT_REQUESTS) as pool:
        allowed = sum(pool.map(attempt, range(CONCURRENT_REQUESTS)))

    assert allowed == RATE


def test_a_refused_request_learns_how_long_to_wait(anon_rate):
    throttle = AtomicAnonRateThrottle()
    for _ in range(RATE):
        assert throttle.allow_request(anonymous_request(), view=None)

    assert not throttle.allow_request(anonymous_request(), view=None)
    assert 0 < throttle.wait() <= 60
