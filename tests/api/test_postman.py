"""The Postman collection covers every endpoint, with tests; `make postman` runs it for real."""

import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

POSTMAN = Path(settings.BASE_DIR) / "postman"
FOLDERS = [
    "Auth",
    "Scripts",
    "Legacy JWT",
    "Two-factor",
    "Users",
    "Categories",
    "Tags",
    "Posts",
    "Comments",
    "Likes",
]


@pytest.fixture(scope="module")
def collection():
    return json.loads((POSTMAN / "blog-api.postman_collection.json").read_text())


@pytest.fixture(scope="module")
def requests(collection):
    return [request for folder in collection["item"] for request in folder["item"]]


def script(item, listen):
    return "\n".join(
        line
        for event in item.get("event", [])
        if event["listen"] == listen
        for line in event["script"]["exec"]
    )


def endpoint(request):
    """`("POST", "/posts/{{postSlug}}/comments/")` for a request to that URL."""
    path = request["request"]["url"]["raw"].removeprefix("{{baseUrl}}").split("?")[0]
    return request["request"]["method"], path


def token(request):
    """The Bearer token variable a request sends, if it names its own."""
    auth = request["request"].get("auth", {})
    return auth["bearer"][0]["value"] if auth.get("type") == "bearer" else None


def test_the_collection_is_a_v2_1_collection_in_the_expected_folders(collection):
    assert collection["info"]["schema"].endswith("/collection/v2.1.0/collection.json")
    assert [folder["name"] for folder in collection["item"]] == FOLDERS


def test_every_operation_of_the_schema_has_a_request(requests):
    schema = yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text())
    endpoints = {endpoint(request) for request in requests}

    for path, operations in schema["paths"].items():
        pattern = re.sub(r"\{\w+\}", r"[^/]+", path.removeprefix("/api/v1"))
        for method in operations:
            assert any(
                verb == method.upper() and re.fullmatch(pattern, url) for verb, url in endpoints
            ), f"no request for {method.upper()} {path}"


def test_every_request_has_a_test_that_checks_its_status(requests):
    for request in requests:
        tests = script(request, "test")
        assert "pm.test(" in tests, request["name"]
        assert "pm.response.code" in tests or "to.have.status(" in tests, request["name"]


def test_requests_send_the_collection_bearer_token_unless_they_say_otherwise(collection):
    assert collection["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{access}}", "type": "string"}],
    }


def test_signing_in_stores_the_tokens_and_refreshing_rotates_them(requests):
    by_name = {request["name"]: request for request in requests}

    for name in ["Sign in", "Refresh the tokens"]:
        tests = script(by_name[name], "test")
        assert 'pm.collectionVariables.set("access", body.access)' in tests
        assert 'pm.collectionVariables.set("refresh", body.refresh)' in tests


def test_staff_writes_are_also_tried_by_a_regular_user(requests):
    staff_writes = {
        endpoint(request)
        for request in requests
        if token(request) == "{{staffAccess}}" and request["request"]["method"] != "GET"
    }
    refused = {endpoint(r) for r in requests if "to.have.status(403)" in script(r, "test")}

    assert staff_writes
    assert staff_writes <= refused


def test_each_run_makes_its_own_names(requests):
    first = requests[0]

    assert 'pm.collectionVariables.set("runId"' in script(first, "prerequest")


def test_the_environment_points_at_a_local_server():
    environment = json.loads((POSTMAN / "blog-api.postman_environment.json").read_text())
    values = {value["key"]: value["value"] for value in environment["values"]}

    assert values["baseUrl"] == "http://127.0.0.1:8000/api/v1"
    assert values["staffUsername"] == "admin"


def test_newman_is_pinned_to_an_exact_version():
    package = json.loads((POSTMAN / "package.json").read_text())
    lock = json.loads((POSTMAN / "package-lock.json").read_text())

    pinned = package["devDependencies"]["newman"]

    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    assert lock["packages"]["node_modules/newman"]["version"] == pinned
