"""The API's documentation pages: the OpenAPI schema, Swagger UI and ReDoc.

Swagger UI and ReDoc load their scripts from our static files (drf-spectacular-sidecar), never
from a CDN, so they work offline and wherever the API is deployed.
"""

from drf_spectacular.renderers import OpenApiYamlRenderer
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

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A browser following the docs' link to the schema shows YAML sent as text, where it
        # would save application/vnd.oai.openapi as a file. Clients that ask for it still get it.
        navigating = "text/html" in request.headers.get("Accept", "")
        if navigating and isinstance(response.accepted_renderer, OpenApiYamlRenderer):
            response.content_type = "text/plain; charset=utf-8"
        return response


class SwaggerView(JsonErrorsMixin, SpectacularSwaggerView):
    """Swagger UI: try every endpoint from the browser."""

    template_name = "api_docs/swagger_ui.html"


class RedocView(JsonErrorsMixin, SpectacularRedocView):
    """ReDoc: the schema as a readable reference."""

    template_name = "api_docs/redoc.html"
