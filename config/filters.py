"""Filter backends shared by the API's lists."""

from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """Orders as asked, then by primary key, so that pages never repeat or skip a row on ties."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view) or []
        return [*ordering, "-pk"]

    def get_schema_operation_parameters(self, view):
        """Documents the fields the view sorts by, rather than DRF's free-form string."""
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return super().get_schema_operation_parameters(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by these fields, `-` first for descending; several are separated by "
                    "commas."
                ),
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": [*fields, *(f"-{f}" for f in fields)]},
                },
                "style": "form",
                "explode": False,
            }
        ]
