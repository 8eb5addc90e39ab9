"""The API's documentation pages: the OpenAPI schema, Swagger UI, ReDoc and the license.

Swagger UI and ReDoc load their scripts from our static files (drf-spectacular-sidecar), never
from a CDN, so they work offline and wherever the API is deployed.
"""

from django.conf import settings
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView


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

    def _get_schema_url(self, request):
        # Swagger UI resolves the schema's relative links (info.license.url) against the schema's
        # URL, and shows no link at all when that URL is relative too.
        return request.build_absolute_uri(super()._get_schema_url(request))


class RedocView(JsonErrorsMixin, SpectacularRedocView):
    """ReDoc: the schema as a readable reference."""

    template_name = "api_docs/redoc.html"


class PlainTextRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "txt"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset)


@extend_schema(exclude=True)  # Not an operation: the page the schema's info.license links to.
class LicenseView(JsonErrorsMixin, APIView):
    """The API's license, as text: the LICENSE file at the top of the repository."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [PlainTextRenderer]

    text = (settings.BASE_DIR / "LICENSE").read_text(encoding="utf-8")  # Once, at start-up.

    def get(self, request):
        return Response(self.text)
