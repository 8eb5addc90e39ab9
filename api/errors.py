"""Errors under /api/ in JSON: what an unknown URL answers, and Django's own error answers."""

from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@extend_schema(exclude=True)  # Not an endpoint: what every unknown URL answers.
@api_view(ALL_METHODS)
@authentication_classes([])
@permission_classes([])
def api_not_found(request, *args, **kwargs):
    """Answers any unknown URL under /api/ with a JSON 404 instead of Django's HTML page."""
    raise NotFound(f"No API endpoint at {request.path}.")


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
