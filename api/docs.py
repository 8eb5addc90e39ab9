"""The API's documentation pages: the OpenAPI schema, Swagger UI and ReDoc.

Swagger UI and ReDoc load their scripts from our static files (drf-spectacular-sidecar), never
from a CDN, so they work offline and wherever the API is deployed.
"""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer


class JsonErrorsMixin:
    """Answers errors in JSON like the rest of /api/, not as the page's HTML or YAML."""

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema: YAML by default, JSON with `?format=json`."""


class SwaggerView(JsonErrorsMixin, SpectacularSwaggerView):
    """Swagger UI: try every endpoint from the browser."""

    template_name = "api_docs/swagger_ui.html"


class RedocView(JsonErrorsMixin, SpectacularRedocView):
    """ReDoc: the schema as a readable reference."""

    template_name = "api_docs/redoc.html"
