"""Health endpoints for load balancers and orchestrators: no auth, no throttling."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def cache_is_reachable():
    try:
        cache.set("readyz", "ok", timeout=5)
        return cache.get("readyz") == "ok"
    except RedisError:
        return False


CHECKS = {"database": database_is_reachable, "cache": cache_is_reachable}


@transaction.non_atomic_requests
def healthz(request):
    """The process is alive and answering."""
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests
def readyz(request):
    """Ready for traffic: the database and the cache answer. 503 names what does not."""
    failed = [name for name, check in CHECKS.items() if not check()]
    if failed:
        logger.warning("Not ready: %s unreachable", ", ".join(failed))
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ready"})
