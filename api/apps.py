from django.apps import AppConfig


class ApiConfig(AppConfig):
    """How every endpoint behaves: routes, errors, parsing, rendering, lists, limits, schema."""

    name = "api"
