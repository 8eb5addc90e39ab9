"""Pagination for every list in the API."""

import re

from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

POSITIVE_INTEGER = re.compile(r"0*[1-9][0-9]*")
# The largest page number or page size read. Unbounded, one of 4,301 digits was a 500: Python
# refuses to read such an integer at all (sys.get_int_max_str_digits).
MAX_NUMBER = 999_999_999
PAGE_SIZE_REQUIRED = f"A positive integer up to {MAX_NUMBER} is required."
# Where a list's `count` stops counting when no counter answers it (search, several filters):
# counting every match of a common word would cost more than the page itself.
COUNT_CAP = 10_000


def positive_integer(text):
    """`text` as a positive integer written in digits, up to MAX_NUMBER; otherwise None."""
    if not POSITIVE_INTEGER.fullmatch(text):
        return None
    digits = text.lstrip("0")
    return int(digits) if len(digits) <= len(str(MAX_NUMBER)) else None


def capped_count(queryset):
    """(count, exact): the rows of `queryset`, counted up to COUNT_CAP and no further."""
    cap = COUNT_CAP
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return (cap, False) if counted > cap else (counted, True)


def count_list(view, queryset):
    """(count, exact) of a list: the view's `count_list(queryset)` if it has one (the post list
    counts from its counters), else counted exactly."""
    if hasattr(view, "count_list"):
        return view.count_list(queryset)
    return queryset.count(), True


def requested_page_size(paginator, request):
    """The `page_size` asked for, up to the paginator's maximum, or its default."""
    value = request.query_params.get(paginator.page_size_query_param)
    if value is None:
        return paginator.page_size
    size = positive_integer(value)
    if size is None:
        raise ValidationError({paginator.page_size_query_param: [PAGE_SIZE_REQUIRED]})
    return min(size, paginator.max_page_size)


class PresetCountPaginator(DjangoPaginator):
    """Django's paginator, told the count instead of counting."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count  # Django's is a cached_property: this takes its place.


class BoundedPageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 20 items by default, never more than 100.

    Both are positive integers written in digits, up to MAX_NUMBER, as the schema says: DRF would
    read `page=` as the first page, `page=last` as the last, and a page size it cannot read as
    the default.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Items a page: 20 unless given; more than 100 is taken as 100."
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's, with the count from `count_list`."""
        self.request = request
        page_size = self.get_page_size(request)
        page_number = self.get_page_number(request, None)
        self.check_depth(page_number, page_size)
        count, self.count_exact = count_list(view, queryset)
        paginator = PresetCountPaginator(queryset, page_size, count)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise NotFound(
                self.invalid_page_message.format(page_number=page_number, message=error)
            ) from error
        self.display_page_controls = paginator.num_pages > 1 and self.template is not None
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_page_number(self, request, paginator):
        number = positive_integer(request.query_params.get(self.page_query_param, "1"))
        if number is None:
            raise NotFound(self.invalid_page_message)  # As DRF answers a page past the last.
        return number

    def check_depth(self, page_number, page_size):
        """Every page is served: a list that has a faster way deep (cursors) says so here."""

    def get_page_size(self, request):
        return requested_page_size(self, request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(minimum=1, maximum=MAX_NUMBER)
        return parameters

    def get_paginated_response_schema(self, schema):
        """DRF's, with every key required, as every page has them (`next` and `previous` are
        null at either end), and descriptions instead of example.org links."""
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "count_exact", "next", "previous", "results"]
        properties = paginated["properties"]
        properties["count"]["description"] = (
            "How many items all the pages hold; when `count_exact` is false, at least this many "
            f"({COUNT_CAP:,})."
        )
        paginated["properties"] = properties = {
            "count": properties.pop("count"),
            "count_exact": {
                "type": "boolean",
                "description": (
                    f"False when the list was counted only up to {COUNT_CAP:,} (a search, or "
                    "several filters at once)."
                ),
            },
            **properties,
        }
        properties["next"]["description"] = "The next page's URL; null on the last page."
        properties["previous"]["description"] = "The previous page's URL; null on the first."
        for link in (properties["next"], properties["previous"]):
            del link["example"]
        return paginated
