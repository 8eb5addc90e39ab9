"""Cursor pages for the lists a client walks to the end (the post list, a post's comments):
each page costs the same at any depth and stays in place while rows are added."""

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.keyset import ordering_keys, position_of, primary_keys_after
from api.pagination import (
    COUNT_CAP,
    BoundedPageNumberPagination,
    count_list,
    requested_page_size,
)

INVALID_CURSOR = "Not a cursor of this list: start again without it (with pagination=cursor)."
OTHER_ORDERING = "This cursor walks another ordering: start again without it."


class KeysetCursorPagination(pagination.CursorPagination):
    """DRF's cursor pages, over every field of the list's ordering (api.keyset) instead of the
    first one and an offset among its ties, which reads every tie before the page; the ordering
    is the one the request asked for. Cursors are signed: one made up or edited is refused, as
    is one of another ordering, and each holds the position of a row rather than a query."""

    page_size = BoundedPageNumberPagination.page_size
    page_size_query_param = BoundedPageNumberPagination.page_size_query_param
    max_page_size = BoundedPageNumberPagination.max_page_size
    cursor_query_description = (
        "Where the page starts: the `cursor` of a page's `next` or `previous` link, as it is; "
        "empty, the first page."
    )
    signing_salt = "api.cursor_pagination"

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.base_url = request, request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.keys, self.meta = ordering_keys(queryset), queryset.model._meta
        backwards, position = self.decode_cursor(request)
        self.count, self.count_exact = count_list(view, queryset)
        walked = [key.reversed() for key in self.keys] if backwards else self.keys
        found = primary_keys_after(queryset, walked, position, self.page_size + 1)
        more = len(found) > self.page_size
        rows = queryset.filter(pk__in=found[: self.page_size])
        page = list(rows.order_by(*(key.order_by() for key in self.keys)))
        # A page has a neighbour on the side it was reached from, and on the other one if a row
        # beyond it was found.
        first, last = (page[0], page[-1]) if page else (None, None)
        self.next_row = last if (backwards or more) else None
        self.previous_row = first if (more if backwards else position is not None) else None
        self.display_page_controls = self.template is not None and (first is not None)
        return page

    def get_page_size(self, request):
        return requested_page_size(self, request)

    def get_next_link(self):
        return self.encode_cursor(self.next_row, backwards=False)

    def get_previous_link(self):
        return self.encode_cursor(self.previous_row, backwards=True)

    def encode_cursor(self, row, backwards):
        if row is None:
            return None
        values = [
            value.isoformat() if hasattr(value, "isoformat") else value
            for value in position_of(row, self.keys)
        ]
        cursor = {"k": [key.label for key in self.keys], "p": values, "b": backwards}
        token = signing.dumps(cursor, salt=self.signing_salt, compress=True)
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def decode_cursor(self, request):
        """(backwards, position) of the request's cursor; (False, None) without one."""
        token = request.query_params.get(self.cursor_query_param)
        if not token:  # Absent or empty: the first page.
            return False, None
        try:
            cursor = signing.loads(token, salt=self.signing_salt)
        except signing.BadSignature as error:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
        if cursor["k"] != [key.label for key in self.keys]:
            raise ValidationError({self.cursor_query_param: [OTHER_ORDERING]})
        try:
            position = [
                self.meta.get_field(key.name).to_python(value)
                for key, value in zip(self.keys, cursor["p"], strict=True)
            ]
        except (DjangoValidationError, ValueError) as error:  # Signed: only from another version.
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
        return bool(cursor["b"]), position

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


class PageNumberOrCursorPagination(BoundedPageNumberPagination):
    """Page numbers, down to COUNT_CAP items deep, and cursors to any depth: `?cursor=` (from a
    page's links) or `?pagination=cursor` for the first page. A page deeper than the cap would
    read and skip every row before it, and the count it is numbered from is capped there too."""

    mode_query_param = "pagination"
    modes = ("page", "cursor")
    cursor_query_param = KeysetCursorPagination.cursor_query_param
    max_depth = COUNT_CAP

    def paginate_queryset(self, queryset, request, view=None):
        self.by_cursor = None
        params = request.query_params
        # An empty parameter is one not given, as for the filters: `cursor=` is no cursor.
        has_cursor = bool(params.get(self.cursor_query_param))
        mode = params.get(self.mode_query_param) or ("cursor" if has_cursor else "page")
        if mode not in self.modes:
            raise ValidationError({self.mode_query_param: ["Either page or cursor."]})
        if mode == "page" and has_cursor:
            raise ValidationError(
                {self.cursor_query_param: ["A cursor pages with pagination=cursor."]}
            )
        if mode == "page":
            return super().paginate_queryset(queryset, request, view)
        if self.page_query_param in params:
            raise ValidationError(
                {
                    self.page_query_param: [
                        "Pages by number and by cursor do not mix: leave page out."
                    ]
                }
            )
        self.by_cursor = KeysetCursorPagination()
        page = self.by_cursor.paginate_queryset(queryset, request, view)
        self.display_page_controls = self.by_cursor.display_page_controls
        return page

    def check_depth(self, page_number, page_size):
        if (page_number - 1) * page_size >= self.max_depth:
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Page numbers reach the first {self.max_depth:,} items; walk deeper "
                        f"with the cursor: pagination=cursor, then each page's `next` link "
                        f"(its `{self.cursor_query_param}` parameter)."
                    ]
                }
            )

    def get_paginated_response(self, data):
        if self.by_cursor:
            return self.by_cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def to_html(self):
        return self.by_cursor.to_html() if self.by_cursor else super().to_html()

    def get_schema_operation_parameters(self, view):
        numbered = super().get_schema_operation_parameters(view)
        for parameter in numbered:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    f"A page number. Pages reach the first {self.max_depth:,} items: a deeper "
                    "one is a 400 that names the cursor, which walks to any depth."
                )
        return [
            *numbered,
            {
                "name": self.mode_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "`cursor` for the first page of a walk by cursor, to any depth (each page's "
                    f"`next` link goes on); `page` (the default) for numbered pages, which reach "
                    f"the first {self.max_depth:,} items."
                ),
                "schema": {"type": "string", "enum": list(self.modes)},
                # Empty, it is not given (`page`), as an empty filter is no filter.
                "allowEmptyValue": True,
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": KeysetCursorPagination.cursor_query_description,
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        links = paginated["properties"]
        links["next"]["description"] = (
            "The next page's URL, by number or by cursor as this page was; null on the last page."
        )
        links["previous"]["description"] = (
            "The previous page's URL, by number or by cursor as this page was; null on the first."
        )
        return paginated
