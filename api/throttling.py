"""Rate limits that hold however many workers and hosts share the cache."""

import contextlib
import logging

from redis.exceptions import RedisError
from rest_framework import throttling

logger = logging.getLogger(__name__)


class AtomicRateThrottle(throttling.SimpleRateThrottle):
    """DRF's scopes, rates and keys, counted with one atomic increment in the shared cache.

    DRF's stock throttle reads a list of timestamps from the cache, appends one and writes it
    back: concurrent requests on several workers all read the same list and all pass. Here the
    first request of a window creates a counter that lives for the rate's duration (`add`), and
    every request increments it (`incr`), both atomic in Redis; whatever the concurrency, no
    more requests pass in a window than the rate allows.

    When the cache cannot be reached, requests pass unthrottled and a warning is logged: a Redis
    outage must not become an outage of the API.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        try:
            count = self.count_request()
        except RedisError as error:
            logger.warning(
                "Throttling is off for %s: the cache is unreachable (%s)", self.key, error
            )
            return True
        return count <= self.num_requests

    def count_request(self):
        if self.cache.add(self.key, 0, self.duration):
            self.cache.set(self.window_start_key, self.timer(), self.duration)
        try:
            return self.cache.incr(self.key)
        except ValueError:  # The window closed between `add` and `incr`: open the next one.
            self.cache.add(self.key, 0, self.duration)
            return self.cache.incr(self.key)

    def refund(self):
        """Takes this request's count back: it turned out not to be what the rate limits."""
        if self.rate is None:  # No rate (THROTTLING=false): nothing was counted.
            return
        # The window may have closed meanwhile, or the cache be down: nothing to take back.
        with contextlib.suppress(ValueError, RedisError):
            self.cache.decr(self.key)

    @property
    def window_start_key(self):
        return f"{self.key}:start"

    def wait(self):
        """Seconds until the window closes and requests pass again (for `Retry-After`)."""
        started = self.cache.get(self.window_start_key)
        if started is None:
            return self.duration
        return max(self.duration - (self.timer() - started), 1)


class AtomicAnonRateThrottle(AtomicRateThrottle, throttling.AnonRateThrottle):
    """The `anon` rate per client IP, for requests without a signed-in user."""


class AtomicUserRateThrottle(AtomicRateThrottle, throttling.UserRateThrottle):
    """The `user` rate per signed-in user (per IP for anonymous requests)."""
