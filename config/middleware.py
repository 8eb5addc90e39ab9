"""Middleware shared by the whole project."""

from django.http import JsonResponse
from django.utils.log import log_response


class ApiErrorsAsJsonMiddleware:
    """Answers an unhandled exception under /api/ with a JSON 500, whatever DEBUG says.

    DRF turns its own exceptions into JSON; anything else would reach Django's HTML error page,
    which an API client cannot read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        response = JsonResponse({"detail": "A server error occurred."}, status=500)
        # Logged as Django logs its own 500s: once, with the traceback.
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
