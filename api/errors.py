"""Errors under /api/ in JSON: what an unknown URL answers, and Django's own error answers."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView


@extend_schema(exclude=True)  # Not an endpoint: what every unknown URL answers.
class APINotFoundView(APIView):
    """Answers any unknown URL under /api/ with a JSON 404 instead of Django's HTML page. The
    catch-all resolves every path, so Django's APPEND_SLASH never applies: a slash-less URL whose
    slashed form exists is redirected here as CommonMiddleware would, a GET or HEAD with a 301;
    any other method cannot follow one with its body, so it is told the URL to use."""

    authentication_classes = []
    permission_classes = []
    # Every method answers 404 (not 405), and the Allow header lists each once, in this order.
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get(self, request, *args, **kwargs):
        slashed = request.path_info + "/"
        if not request.path_info.endswith("/") and is_an_endpoint(slashed):
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            raise NotFound(
                f"No API endpoint at {request.path}; the URL ends with a slash: {slashed}"
            )
        raise NotFound(f"No API endpoint at {request.path}.")

    post = put = patch = delete = options = get


def is_an_endpoint(path):
    try:
        return getattr(resolve(path).func, "cls", None) is not APINotFoundView
    except Resolver404:
        return False


api_not_found = APINotFoundView.as_view()


# Django's own error answers, for what fails before any view runs (a Host not in ALLOWED_HOSTS,
# a middleware's exception): JSON under /api/, as every view there answers. With DEBUG on,
# Django shows its technical page instead of calling these.


def bad_request(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "A server error occurred."}, status=500)
    return defaults.server_error(request)
