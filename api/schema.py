"""How the OpenAPI schema describes every operation: drf-spectacular's, plus the error answers.

drf-spectacular documents the success answers from each view's serializer. The errors come from
DRF itself (validation, authentication, permissions, lookups, throttles), the same way on every
view, so they are added here, in one place, from what the view declares, rather than repeated
in an `extend_schema` on every view. An `extend_schema(responses={...})` on a view still wins.
"""

import re
from http import HTTPStatus

from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_media_type_object
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from api.serializers import NOT_BLANK_PATTERN

UNICODE_CLASS = re.compile(r"\\[wWdDsS]")

# The errors' bodies, as the server sends them.
ERROR = {
    "type": "object",
    "description": "An error: `detail` says what went wrong, in one sentence.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "code": {
            "type": "string",
            "description": "For a refused token or sign-in step only: why, as `token_not_valid`, "
            "`user_not_found`, `second_factor_required`, `challenge_invalid` or `code_invalid`.",
        },
        "challenge": {
            "type": "string",
            "description": "With `second_factor_required` only: send it back to the same URL "
            "with a `code` (single use, for that URL only, not a token).",
        },
        "expires_in": {
            "type": "integer",
            "description": "With `challenge` only: seconds it stays good for.",
        },
        "messages": {
            "type": "array",
            "description": "For a refused access token only: what each kind of token found.",
            "items": {
                "type": "object",
                "properties": {
                    "token_class": {"type": "string", "description": "As `AccessToken`."},
                    "token_type": {"type": "string", "description": "As `access`."},
                    "message": {"type": "string", "description": "As `Token is expired`."},
                },
                "required": ["token_class", "token_type", "message"],
            },
        },
    },
    "required": ["detail"],
}
MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        'Invalid input: each field with its messages (`{"title": ["This field is required."]}`); '
        'a list\'s items by position (`{"tags": {"1": ["Ensure this field has no more than 50 '
        'characters."]}}`); `non_field_errors` for the input as a whole; or `{"detail": "..."}` '
        "for a body or query that cannot be read."
    ),
    "properties": {
        "detail": {"type": "string", "description": "A body or query that cannot be read."},
        "non_field_errors": {**MESSAGES, "description": "What is wrong with the whole input."},
    },
    "additionalProperties": {
        "oneOf": [
            {**MESSAGES, "description": "A field's messages."},
            {
                "type": "object",
                "description": "A list's messages, by the position of the item (from 0).",
                "additionalProperties": MESSAGES,
            },
        ]
    },
}
ERROR_DESCRIPTIONS = {
    400: "Invalid input.",
    401: "No credentials, or invalid or expired ones.",
    403: "Signed in, but not allowed to do this.",
    404: "No such object, or one you may not see; for a list, no such page.",
    413: "The request body is larger than the server takes (1 MiB unless configured).",
    415: "The request body is not JSON (`Content-Type: application/json`).",
    429: "Too many requests: try again after `Retry-After` seconds.",
}
# Left out of operation ids made from summaries.
OPERATION_ID_LEFT_OUT = {"a", "an", "the", "your"}
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[429],
)


class AutoSchemaWithErrors(openapi.AutoSchema):
    """drf-spectacular's schema, with the error answers each operation can give."""

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # Python reads \w, \d and \s as Unicode classes, OpenAPI's regular expressions (ECMA-262)
        # as ASCII ones: such a pattern would refuse what the API accepts (the username `émile`).
        # The field's description says what it takes instead.
        if UNICODE_CLASS.search(schema.get("pattern", "")):
            del schema["pattern"]

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:  # A lookup regex too (an author's `{username}`).
            if UNICODE_CLASS.search(parameter["schema"].get("pattern", "")):
                del parameter["schema"]["pattern"]
        return parameters

    def get_operation_id(self):
        """The summary in snake case, less articles: `Like a post` is `like_post`, so that
        generated clients read `like_post(...)`, not `posts_like_create(...)`."""
        summary = self.get_summary()
        if not summary:
            return super().get_operation_id()
        words = summary.lower().replace("-", "").split()
        return "_".join(word for word in words if word not in OPERATION_ID_LEFT_OUT)

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and "security" not in operation:
            # What anyone may call says so explicitly: generators then take a client without
            # credentials for it (openapi-python-client's `Client`), and Swagger UI shows no lock.
            operation["security"] = []
        return operation

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            # A filter or search left empty is no filter (as the Filters form sends it); an
            # empty ordering names no field, which is refused.
            if parameter["name"] != api_settings.ORDERING_PARAM:
                parameter["allowEmptyValue"] = True
        return parameters

    def get_override_parameters(self):
        return [*super().get_override_parameters(), RETRY_AFTER]

    def get_auth(self):
        # An operation anyone may call needs no credentials (a token still shows the caller's
        # own drafts and likes): asking the view's permissions about an anonymous request
        # covers ours as well as DRF's.
        if self.allows_anonymous():
            return []
        return [auth for auth in super().get_auth() if auth]

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response":
            # An answer holds every field of its serializer: `required=False` is about input.
            # A serializer lists in Meta.sometimes_left_out the fields an answer may lack.
            left_out = getattr(getattr(serializer, "Meta", None), "sometimes_left_out", ())
            properties = schema.get("properties", {})
            schema["required"] = [name for name in properties if name not in left_out]
        # A docstring is written for developers (and is inherited from base classes): the
        # schema shows only a description written for readers, extend_schema_serializer's.
        schema.pop("description", None)
        if description := own_description(serializer):
            schema["description"] = description
        return schema

    def allows_anonymous(self):
        request = Request(APIRequestFactory().generic(self.method, self.path))
        request.user = AnonymousUser()
        return all(
            permission.has_permission(request, self.view)
            for permission in self.view.get_permissions()
        )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            responses.setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status]})
        for code, response in responses.items():
            if code >= "400" and "content" not in response:
                # An error declared by a view with a description only still has the error body.
                error = OpenApiResponse(self.error_schema(int(code)), response["description"])
                responses[code] = self._get_response_for_code(error, code)
            elif not response["description"]:
                response["description"] = HTTPStatus(int(code)).phrase
        return dict(sorted(responses.items()))

    def error_statuses(self):
        """The errors DRF may answer for this operation, from what its view declares."""
        view, method = self.view, self.method
        statuses = []
        is_list = self._is_list_view()
        # A list refuses a bad page size, ordering or filter (api.pagination, api.filters).
        queried = is_list and (self.get_filter_backends() or self._get_paginator())
        has_body = bool(self._get_request_body())
        if has_body or queried:
            statuses.append(400)
        if view.authentication_classes:
            statuses.append(401)  # A wrong or expired token is refused even where none is needed.
        if method not in SAFE_METHODS and not all(
            isinstance(permission, AllowAny) for permission in view.get_permissions()
        ):
            statuses.append(403)
        if "{" in self.path or (is_list and self._get_paginator()):
            statuses.append(404)
        if has_body:
            statuses += [413, 415]  # api.parsers' size limit; a body in a type no parser reads.
        if view.get_throttles():
            statuses.append(429)
        return statuses

    def error_schema(self, status):
        name, schema = ("ValidationError", VALIDATION_ERROR) if status == 400 else ("Error", ERROR)
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref


def request_example(summary, value):
    """A body that Swagger UI's "Try it out" sends as it is: valid against the demo data
    (`manage.py load_demo_data`), it succeeds as a demo user (tests/api/test_schema_examples.py)."""
    return OpenApiExample(summary, value=value, request_only=True)


def own_description(serializer):
    """What `extend_schema_serializer(description=...)` says of the serializer's own class."""
    annotation = type(serializer).__dict__.get("_spectacular_annotation", {})
    return annotation.get("description")


class DeleteWithBodyAutoSchema(AutoSchemaWithErrors):
    """For views whose DELETE reads a body, such as account deletion's `current_password`.

    OpenAPI allows a DELETE body and DRF parses one, but drf-spectacular documents bodies for
    PUT, PATCH and POST only.
    """

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        schema, required = self._get_request_for_media_type(self.get_request_serializer())
        return {
            "content": {media: build_media_type_object(schema) for media in self.map_parsers()},
            "required": required,
        }


class CharFieldExtension(OpenApiSerializerFieldExtension):
    """A text that may not be blank says what blank is: whitespace only, which DRF trims away."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        field = self.target
        may_be_blank = field.allow_blank or not field.trim_whitespace
        # A RegexValidator brings a pattern of its own (added later); none of ours takes blanks.
        has_pattern = any(isinstance(validator, RegexValidator) for validator in field.validators)
        if direction == "request" and not may_be_blank and not has_pattern:
            schema["pattern"] = NOT_BLANK_PATTERN
        return schema


def documented(tag, parameters=(), **operations):
    """`extend_schema_view` giving each action a tag, a title and a one-line description.

    Each operation is `(summary, description)`, or `(summary, description, {...})` with more
    `extend_schema` arguments, such as its `request` and `responses`.
    """

    def operation(summary, description, extra=None):
        extra = dict(extra or {})
        extra["parameters"] = [*parameters, *extra.get("parameters", [])]
        return extend_schema(tags=[tag], summary=summary, description=description, **extra)

    return extend_schema_view(**{action: operation(*spec) for action, spec in operations.items()})
