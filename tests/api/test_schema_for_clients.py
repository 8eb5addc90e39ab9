"""The OpenAPI schema as client generators read it: names, security, required fields, errors."""

import inspect

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.api.test_docs import operations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get(reverse("schema"), {"format": "json"}).json()


def component(schema, name):
    return schema["components"]["schemas"][name]


def test_operation_ids_are_the_summaries_in_snake_case(schema):
    ids = {operation["summary"]: operation["operationId"] for _, _, operation in operations(schema)}

    assert ids["Sign in"] == "sign_in"
    assert ids["List posts"] == "list_posts"
    assert ids["Like a post"] == "like_post"
    assert ids["Unlike a post"] == "unlike_post"
    assert ids["Refresh the tokens"] == "refresh_tokens"
    assert ids["Resend the activation e-mail"] == "resend_activation_email"
    assert ids["Read your account"] == "read_account"
    assert len(set(ids.values())) == len(list(operations(schema)))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/auth/jwt/create/"),
        ("post", "/api/v1/auth/jwt/refresh/"),
        ("post", "/api/v1/auth/jwt/verify/"),
        ("post", "/api/v1/auth/jwt/blacklist/"),
        ("post", "/api/v1/auth/users/"),
        ("post", "/api/v1/auth/users/activation/"),
        ("get", "/api/v1/posts/{slug}/"),
    ],
)
def test_what_anyone_may_call_needs_no_credentials(schema, method, path):
    assert schema["paths"][path][method]["security"] == []


def test_what_needs_credentials_names_the_bearer_token_first_and_nothing_optional(schema):
    for method, path, operation in operations(schema):
        if operation["security"]:
            assert operation["security"][0] == {"jwtAuth": []}, (method, path)
            assert {} not in operation["security"], (method, path)


def test_the_authorize_dialog_offers_the_api_clients_tokens_before_the_session_cookie(schema):
    assert list(schema["components"]["securitySchemes"]) == [
        "jwtAuth",
        "tokenAuth",
        "legacyJwtAuth",
        "cookieAuth",
    ]


def answer_components(schema):
    """The components of successful answers: not requests, errors or enums."""
    return {
        name
        for name, body in schema["components"]["schemas"].items()
        if not name.endswith("Request") and "enum" not in body
    } - {"Error", "ValidationError"}


# What an answer may lack: the refresh token in cookie mode, another user's e-mail address and
# comment e-mail choice.
SOMETIMES_LEFT_OUT = {
    ("TokenPair", "refresh"),
    ("User", "email"),
    ("User", "email_notifications"),
}


def test_answers_require_every_field_the_server_always_sends(schema):
    names = answer_components(schema)
    assert {"Post", "Author", "Category", "User", "PaginatedPostList", "TokenPair"} <= names
    for name in names:
        properties = component(schema, name).get("properties", {})
        required = set(component(schema, name).get("required", []))
        for field in properties:
            assert (field in required) != ((name, field) in SOMETIMES_LEFT_OUT), (name, field)


def test_fields_that_may_be_null_say_so(schema):
    post = component(schema, "Post")["properties"]

    assert post["category"]["nullable"] is True
    assert post["published_at"]["nullable"] is True
    for link in ("next", "previous"):
        assert component(schema, "PaginatedPostList")["properties"][link]["nullable"] is True


def test_request_bodies_keep_their_optional_fields(schema):
    assert set(component(schema, "PostRequest")["required"]) == {"title", "body"}
    assert "required" not in component(schema, "PatchedPostRequest")


def test_a_refused_token_answers_the_error_schema(api_client, schema):
    response = api_client.get(reverse("post-list"), HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 401
    error = component(schema, "Error")
    assert {"detail", "code", "messages"} <= set(response.json())
    assert set(response.json()) <= set(error["properties"])
    jsonschema.validate(response.json(), error)


def test_nested_validation_errors_match_the_validation_error_schema(auth_client, alice, schema):
    response = auth_client(alice).post(
        reverse("post-list"), {"title": "T", "body": "B", "tags": ["ok", "x" * 51]}
    )

    assert response.status_code == 400
    assert "1" in response.json()["tags"]
    jsonschema.validate(response.json(), component(schema, "ValidationError"))


def test_a_missing_field_matches_the_validation_error_schema(auth_client, alice, schema):
    response = auth_client(alice).post(reverse("post-list"), {"title": "T"})

    assert response.status_code == 400
    jsonschema.validate(response.json(), component(schema, "ValidationError"))


def test_every_operation_with_a_body_documents_413_and_415(schema):
    with_body = [op for _, _, op in operations(schema) if "requestBody" in op]

    assert len(with_body) > 20
    for operation in with_body:
        assert {"413", "415"} <= set(operation["responses"]), operation["operationId"]


def test_a_body_too_large_and_a_body_not_json_get_the_documented_answers(auth_client, alice):
    client = auth_client(alice)
    too_large = client.post(reverse("post-list"), {"title": "T", "body": "x" * 1_100_000})
    not_json = client.post(reverse("post-list"), "title=T", content_type="text/plain")

    assert too_large.status_code == 413
    assert not_json.status_code == 415
    assert set(too_large.json()) == set(not_json.json()) == {"detail"}


def test_ordering_is_documented_in_the_form_generators_send_with_names_for_each_value(schema):
    parameters = schema["paths"]["/api/v1/posts/"]["get"]["parameters"]
    ordering = next(p for p in parameters if p["name"] == "ordering")
    items = ordering["schema"]["items"]

    assert ordering["explode"] is True
    assert dict(zip(items["enum"], items["x-enum-varnames"], strict=True))["-like_count"] == (
        "LIKE_COUNT_DESC"
    )


def test_filters_say_an_empty_value_is_allowed_and_ordering_does_not(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/posts/"]["get"]["parameters"]}

    for name in ("category", "tag", "author", "status", "search", "pagination"):
        assert parameters[name]["allowEmptyValue"] is True, name
    assert "allowEmptyValue" not in parameters["ordering"]
    assert "* `draft`" not in parameters["status"]["description"]


def serializer_docstrings():
    pending, docstrings = [serializers.BaseSerializer], set()
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__doc__:
            docstrings.add(inspect.cleandoc(cls.__doc__))
    return docstrings


def test_no_component_is_described_by_a_docstring_written_for_developers(schema):
    docstrings = serializer_docstrings()
    descriptions = [c.get("description") for c in schema["components"]["schemas"].values()]

    assert "A ModelSerializer whose text and e-mail model fields are the strict fields above." in (
        docstrings
    )
    assert not docstrings & set(descriptions)
    assert component(schema, "Post")["description"].startswith("A post")


def test_empty_answers_are_one_named_component(schema):
    for path in ("/api/v1/auth/jwt/verify/", "/api/v1/auth/jwt/blacklist/"):
        body = schema["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        assert body["schema"] == {"$ref": "#/components/schemas/Empty"}


def test_the_schema_names_its_server_and_license(schema):
    assert schema["servers"] == [{"url": "/", "description": "The server this schema comes from."}]
    assert schema["info"]["license"] == {
        "name": "Proprietary: all rights reserved",
        "url": "/api/license/",
    }


def test_the_license_link_of_the_schema_answers_the_license_text(schema):
    response = APIClient().get(schema["info"]["license"]["url"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (settings.BASE_DIR / "LICENSE").read_text()
    assert "All rights reserved." in response.content.decode()


def test_the_license_answers_other_methods_in_json():
    response = APIClient().post("/api/license/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_the_refresh_operation_states_the_reuse_grace_window(schema):
    description = schema["paths"]["/api/v1/auth/jwt/refresh/"]["post"]["description"]

    assert "Within 10 seconds" in description
    assert "stops working" not in description
