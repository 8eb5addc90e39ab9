"""Renderers: JSON, and the browsable API."""

import json

import orjson
from django.contrib.auth import get_user
from drf_spectacular.plumbing import get_override
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import override_method

# DRF escapes these two, so that its JSON is also a valid JavaScript literal.
JAVASCRIPT_ESCAPES = [("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029")]


class OrjsonRenderer(JSONRenderer):
    """DRF's compact UTF-8 JSON, byte for byte, encoded by orjson: a page of 20 posts in a tenth
    of the time.

    What orjson would write its own way (dates, dataclasses) goes through DRF's encoder, as do
    the types it does not know. Only a float with a small exponent is written otherwise (`1e-7`
    for `1e-07`, `0.00001` for `1e-05`: the same number). Indented output (`Accept:
    application/json; indent=4`, the browsable API) is left to DRF.
    """

    options = (
        orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    )

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        encoded = orjson.dumps(data, default=self.encoder_class().default, option=self.options)
        for character, escape in JAVASCRIPT_ESCAPES:
            encoded = encoded.replace(character, escape)
        return encoded


class BrowsableAPIRendererSkipping404(BrowsableAPIRenderer):
    """DRF's browsable API, leaving the 404 out: its breadcrumbs skip the prefixes only the
    catch-all not-found view answers (`/api/`, slash-less URLs), and a page that answers 404 shows
    no forms, as there is nothing there to create, change or delete."""

    def get_breadcrumbs(self, request):
        # Imported here: api.errors needs rest_framework.views, which imports the renderers.
        from api.errors import APINotFoundView

        not_found = APINotFoundView().get_view_name()
        return [crumb for crumb in super().get_breadcrumbs(request) if crumb[0] != not_found]

    def get_context(self, data, accepted_media_type, renderer_context):
        request = renderer_context["request"]
        if not request.authenticators:
            # A view that reads no credentials (signing in) leaves DRF's user anonymous, and DRF
            # writes it over Django's: the navbar then offered "Log in" to a user signed in by
            # session. The page shows the session's user, as every other page does.
            request.user = get_user(request._request)
        return super().get_context(data, accepted_media_type, renderer_context)

    def get_rendered_html_form(self, data, view, method, request):
        if answered_not_found(view):
            return None
        return super().get_rendered_html_form(data, view, method, request)

    def get_raw_data_form(self, data, view, method, request):
        if answered_not_found(view):
            return None
        form = super().get_raw_data_form(data, view, method, request)
        if form is None or method != "POST" or not form.fields["_content"].initial:
            return form
        with override_method(view, request, method):  # The create action's serializer.
            example = request_example(view)
        if example is not None:
            # DRF pre-fills a new object's texts blank (a title ""), which it then refuses: they
            # take the values of the schema's example for the serializer. The other fields keep
            # their defaults, valid on any database (no category, no tags, a draft).
            content = json.loads(form.fields["_content"].initial)
            filled = {
                name: example.get(name, "") if value == "" else value
                for name, value in content.items()
            }
            form.fields["_content"].initial = json.dumps(filled, indent=4)
        return form


def request_example(view):
    """The value of the first request example of the view's serializer (extend_schema_serializer's
    `examples`), or None."""
    serializer_class = getattr(view, "get_serializer_class", lambda: None)()
    examples = get_override(serializer_class, "examples", []) if serializer_class else []
    return next((example.value for example in examples if not example.response_only), None)


def answered_not_found(view):
    response = getattr(view, "response", None)  # Set by APIView.dispatch before rendering.
    return response is not None and response.status_code == 404


class BrowsableAPIRendererWithoutForms(BrowsableAPIRendererSkipping404):
    """The browsable API for reading only: no HTML or raw-data forms, which would copy an
    object's fields into pages that browsers and proxies may keep. Writes go through JSON."""

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None
