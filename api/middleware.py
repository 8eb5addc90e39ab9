"""Middleware of the API: what every URL under /api/ is refused or answered with, in JSON."""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.log import log_response
from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView


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


class MethodNotAllowedFirstMiddleware:
    """Answers, under /api/, a method the view has no handler for with 405, before the view runs.

    DRF checks credentials and permissions before it looks for the handler, so an anonymous
    TRACE to the sign-up URL was a 401: a client was told to sign in for what no one may do. A
    browser asking for the browsable API still gets DRF's page (its 405 offers the view's forms,
    such as the like button).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if not request.path.startswith("/api/") or not is_an_api_view(view_class):
            return None
        allowed = handled_methods(view_func)
        if request.method.lower() in allowed or wants_the_browsable_api(request, view_class):
            return None
        return JsonResponse(
            {"detail": f'Method "{request.method}" not allowed.'},
            status=405,
            headers={"Allow": ", ".join(method.upper() for method in allowed)},
        )


def is_an_api_view(view_class):
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def handled_methods(view_func):
    """The methods a DRF view answers, in its `http_method_names` order, as its Allow header
    lists them: a ViewSet's are the actions its route maps, an APIView's its handlers; HEAD
    goes with GET, and OPTIONS is every view's."""
    view_class = view_func.cls
    actions = getattr(view_func, "actions", None)
    handled = (
        set(actions)
        if actions
        else {name for name in view_class.http_method_names if hasattr(view_class, name)}
    )
    if "get" in handled:
        handled.add("head")
    handled.add("options")
    return [name for name in view_class.http_method_names if name in handled]


def wants_the_browsable_api(request, view_class):
    """Whether DRF would answer this request with the browsable API's HTML page."""
    negotiation = view_class().get_content_negotiator()
    renderers = [renderer() for renderer in view_class.renderer_classes]
    try:
        renderer, _ = negotiation.select_renderer(Request(request), renderers)
    except NotAcceptable:
        return False
    return isinstance(renderer, BrowsableAPIRenderer)
