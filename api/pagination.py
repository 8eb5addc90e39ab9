"""Pagination for every list in the API."""

import re

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

POSITIVE_INTEGER = re.compile(r"0*[1-9][0-9]*")
# The largest page number or page size read. Unbounded, one of 4,301 digits was a 500: Python
# refuses to read such an integer at all (sys.get_int_max_str_digits).
MAX_NUMBER = 999_999_999
PAGE_SIZE_REQUIRED = f"A positive integer up to {MAX_NUMBER} is required."


def positive_integer(text):
    """`text` as a positive integer written in digits, up to MAX_NUMBER; otherwise None."""
    if not POSITIVE_INTEGER.fullmatch(text):
        return None
    digits = text.lstrip("0")
    return int(digits) if len(digits) <= len(str(MAX_NUMBER)) else None


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

    def get_page_number(self, request, paginator):
        number = positive_integer(request.query_params.get(self.page_query_param, "1"))
        if number is None:
            raise NotFound(self.invalid_page_message)  # As DRF answers a page past the last.
        return number

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = positive_integer(value)
        if size is None:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_REQUIRED]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(minimum=1, maximum=MAX_NUMBER)
        return parameters

    def get_paginated_response_schema(self, schema):
        """DRF's, with every key required, as every page has them (`next` and `previous` are
        null at either end), and descriptions instead of example.org links."""
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "next", "previous", "results"]
        properties = paginated["properties"]
        properties["count"]["description"] = "How many items all the pages hold."
        properties["next"]["description"] = "The next page's URL; null on the last page."
        properties["previous"]["description"] = "The previous page's URL; null on the first."
        for link in (properties["next"], properties["previous"]):
            del link["example"]
        return paginated
