"""Views that belong to no app."""

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
