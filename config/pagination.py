"""Pagination for every list in the API."""

import re

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

POSITIVE_INTEGER = re.compile(r"[0-9]+")


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 20 items by default, never more than 100.

    Both are positive integers written in digits, as the schema says: DRF would read `page=` as
    the first page, `page=last` as the last, and a page size it cannot read as the default.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Items a page: 20 unless given; more than 100 is taken as 100."
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param, "1")
        if not POSITIVE_INTEGER.fullmatch(number):
            raise NotFound(self.invalid_page_message)  # As DRF answers a page past the last.
        return int(number)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not POSITIVE_INTEGER.fullmatch(value) or int(value) < 1:
            raise ValidationError({self.page_size_query_param: ["A positive integer is required."]})
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
