"""The request log (one line per request, with the id that follows it: X-Request-ID), and HEAD
answers without a body."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

# A client's own request id is kept if it is short and plain; anything else is replaced, so that
# nobody can write arbitrary text into our logs and headers.
CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestLogMiddleware:
    """Gives each request an id, echoed as `X-Request-ID`, and logs one line per request.

    The line carries method, path, status, duration, user id and request id. An incoming
    `X-Request-ID` (from a proxy or the client) is kept, so that one id follows a request
    through every system it crosses.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Static files (WhiteNoise) are most of a page's requests: their lines are for debugging.
        self.static_prefix = settings.STATIC_URL

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if CLIENT_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        logger.log(
            logging.DEBUG if request.path.startswith(self.static_prefix) else logging.INFO,
            "%s %s %s %sms",
            request.method,
            # Escaped, as Django's own request logging does: %0A in a URL must not start a new,
            # forged line in a text log.
            request.path.encode("unicode_escape").decode("ascii"),
            response.status_code,
            duration_ms,
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": self.user_id(request),
                    "request_id": request.id,
                }
            },
        )
        return response

    def user_id(self, request):
        """The signed-in user's id (DRF sets `request.user` after JWT authentication)."""
        try:
            user = getattr(request, "user", None)
            return user.pk if user is not None and user.is_authenticated else None
        except DatabaseError:  # A session user cannot be loaded while the database is down.
            return None


class HeadWithoutBodyMiddleware:
    """Answers HEAD with GET's headers and no body.

    Django's WSGI handler sends whatever body the view wrote, and gunicorn then drops it with a
    warning on every HEAD request (runserver and Django's test client drop it silently). The
    headers, Content-Length included, stay those of the GET, as RFC 9110 asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # Closing the response still closes what it streamed from (a file).
                response.streaming_content = []
            else:
                response.content = b""
        return response
