"""Filter backends shared by the API's lists."""

from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """Orders as asked, then by primary key, so that pages never repeat or skip a row on ties."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view) or []
        return [*ordering, "-pk"]
