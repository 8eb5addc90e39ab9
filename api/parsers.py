"""Request parsers with limits, so that no body can cost more than reading it."""

import io

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

MAX_JSON_DEPTH = 32


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413) and nesting
    deeper than MAX_JSON_DEPTH (400).

    Django checks that size for form data only, and Python's parser turns very deep nesting into
    a RecursionError, which DRF would let out as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply.") from error
        if depth(data) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data


def depth(value):
    """How deeply arrays and objects nest in parsed JSON, counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, level + 1) for child in children)
    return deepest


class BoundedMultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser under the same body limit (413): Django counts form fields against
    DATA_UPLOAD_MAX_MEMORY_SIZE, but not files, and the API takes none."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        declared = parser_context["request"].META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit() or int(declared) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        return super().parse(stream, media_type, parser_context)
