"""Middleware of the API: what every URL under /api/ is refused or answered with, in JSON."""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.log import log_response
from rest_framework.settings import api_settings


class ApiErrorsAsJsonMiddleware:
    """Answers an unhandled exception under /api/ with JSON, whatever DEBUG says.

    DRF turns its own exceptions into JSON; anything else would reach Django's HTML error page,
    which an API client cannot read. A form body over the size limit is a 413, one Django finds
    suspicious (too many fields or files) a 400, a database that cannot be reached a 503 (try
    again later), anything else a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, RequestDataTooBig):  # A form body over the size limit.
            response = JsonResponse({"detail": "The request body is too large."}, status=413)
            message = "Request body too large: %s"
        elif isinstance(exception, SuspiciousOperation):  # Too many fields or files, say.
            response = JsonResponse({"detail": str(exception)}, status=400)
            message = "Bad request: %s"
        elif isinstance(exception, OperationalError | InterfaceError):
            response = JsonResponse(
                {"detail": "The database is unavailable. Try again shortly."},
                status=503,
                headers={"Retry-After": "5"},
            )
            message = "Database unavailable: %s"
        else:
            response = JsonResponse({"detail": "A server error occurred."}, status=500)
            message = "Internal Server Error: %s"
        # Logged as Django logs its own errors: once, with the traceback.
        log_response(message, request.path, response=response, request=request, exception=exception)
        return response


class ApiUrlCheckMiddleware:
    """Refuses, under /api/, a URL holding a NUL character, a query parameter given twice, or
    too many query parameters.

    No path of the API holds a NUL (404), and PostgreSQL cannot even compare a text holding one:
    a lookup, filter or search with it was a 500 there. Of a parameter given twice, DRF would
    quietly read one value (400).
    """

    # `ordering` lists fields, which clients may send one parameter each (api.filters).
    repeatable = {api_settings.ORDERING_PARAM}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            if "\x00" in request.path:
                return JsonResponse({"detail": "Not found."}, status=404)
            if problem := self.query_problem(request):
                return JsonResponse({"detail": problem}, status=400)
        return self.get_response(request)

    def query_problem(self, request):
        try:
            query = request.GET
        except TooManyFieldsSent:  # More than DATA_UPLOAD_MAX_NUMBER_FIELDS.
            return "Too many query parameters."
        for name, values in query.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return "Null characters are not allowed."
            if len(values) > 1 and name not in self.repeatable:
                return f"The query parameter {name!r} is given more than once."
        return None

