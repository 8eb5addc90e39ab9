"""Renderers for the browsable API."""

from rest_framework.renderers import BrowsableAPIRenderer


class BrowsableAPIRendererWithoutForms(BrowsableAPIRenderer):
    """The browsable API for reading only: no HTML or raw-data forms, which would copy an
    object's fields into pages that browsers and proxies may keep. Writes go through JSON."""

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None
