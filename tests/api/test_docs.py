"""The OpenAPI schema, Swagger UI and ReDoc: complete, committed, and served without a CDN."""

import importlib
import inspect
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tests.config.test_settings import run_python

pytestmark = pytest.mark.django_db

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"

EVERY_PATH = {
    "/api/v1/auth/jwt/create/",
    "/api/v1/auth/jwt/refresh/",
    "/api/v1/auth/jwt/verify/",
    "/api/v1/auth/jwt/blacklist/",
    "/api/v1/auth/jwt/logout_everywhere/",
    "/api/v1/auth/token/login/",
    "/api/v1/auth/token/logout/",
    "/api/v1/api-token-auth/",
    "/api/v1/api-token-refresh/",
    "/api/v1/api-token-verify/",
    "/api/v1/auth/tokens/",
    "/api/v1/auth/tokens/{id}/",
    "/api/v1/auth/sessions/",
    "/api/v1/auth/sessions/{id}/",
    "/api/v1/auth/mfa/",
    "/api/v1/auth/mfa/totp/",
    "/api/v1/auth/mfa/totp/confirm/",
    "/api/v1/auth/mfa/recovery-codes/",
    "/api/v1/auth/users/",
    "/api/v1/auth/users/{id}/",
    "/api/v1/auth/users/me/",
    "/api/v1/auth/users/activation/",
    "/api/v1/auth/users/resend_activation/",
    "/api/v1/auth/users/set_password/",
    "/api/v1/auth/users/reset_password/",
    "/api/v1/auth/users/reset_password_confirm/",
    "/api/v1/auth/users/set_username/",
    "/api/v1/auth/users/reset_username/",
    "/api/v1/auth/users/reset_username_confirm/",
    "/api/v1/authors/",
    "/api/v1/authors/{username}/",
    "/api/v1/categories/",
    "/api/v1/categories/{slug}/",
    "/api/v1/posts/",
    "/api/v1/posts/{slug}/",
    "/api/v1/posts/{slug}/like/",
    "/api/v1/posts/{post_slug}/comments/",
    "/api/v1/posts/{post_slug}/comments/{id}/",
    "/api/v1/tags/",
    "/api/v1/tags/{slug}/",
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    """The schema as /api/schema/ serves it, in JSON (generated once for the module)."""
    with django_db_blocker.unblock():
        response = APIClient().get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


def linked_urls(html):
    """Every URL the page's HTML fetches or links to."""
    return re.findall(r'(?:src|href|spec-url)="([^"]*)"', html)


def test_the_schema_is_an_openapi_3_document_of_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Blog API"
    assert set(schema["paths"]) == EVERY_PATH


def test_the_schema_answers_yaml_by_default(api_client):
    response = api_client.get(reverse("schema"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_committed_schema_is_the_one_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))

    assert generated.read_text() == COMMITTED_SCHEMA.read_text(), "run `make schema`"


def test_every_operation_has_a_title_a_one_line_description_and_a_tag(schema):
    for method, path, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
        assert "\n" not in operation["description"], (method, path)
        assert operation.get("tags"), (method, path)


def test_the_jwt_bearer_scheme_is_declared_and_required_for_writes(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    create_post = schema["paths"]["/api/v1/posts/"]["post"]
    assert {"jwtAuth": []} in create_post["security"]
    assert {} not in create_post["security"]


def test_personal_api_tokens_are_a_declared_scheme_wherever_jwts_are(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "`Token <secret>`" in scheme["description"]
    for method, path, operation in operations(schema):
        if {"jwtAuth": []} in operation.get("security", []):
            assert {"tokenAuth": []} in operation["security"], (method, path)


def test_public_reads_are_marked_as_needing_no_credentials(schema):
    for path in ["/api/v1/posts/", "/api/v1/categories/", "/api/v1/tags/", "/api/v1/authors/"]:
        assert schema["paths"][path]["get"]["security"] == [], path


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/api/v1/posts/", {"201", "400", "401", "403", "413", "415", "429"}),
        ("get", "/api/v1/posts/", {"200", "400", "401", "404", "429"}),
        ("get", "/api/v1/posts/{slug}/", {"200", "401", "404", "429"}),
        ("get", "/api/v1/categories/", {"200", "400", "401", "404", "429"}),
        ("delete", "/api/v1/categories/{slug}/", {"204", "401", "403", "404", "429"}),
        ("post", "/api/v1/posts/{slug}/like/", {"200", "201", "401", "403", "404", "429"}),
        ("post", "/api/v1/auth/jwt/create/", {"200", "400", "401", "403", "413", "415", "429"}),
        ("post", "/api/v1/auth/users/", {"201", "400", "401", "413", "415", "429"}),
    ],
)
def test_operations_document_their_error_answers(schema, method, path, statuses):
    assert set(schema["paths"][path][method]["responses"]) == statuses


def test_every_error_answer_has_a_json_body(schema):
    for method, path, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status >= "400":
                body = response["content"]["application/json"]["schema"]["$ref"]
                expected = "ValidationError" if status == "400" else "Error"
                assert body == f"#/components/schemas/{expected}", (method, path, status)


def test_throttled_answers_document_retry_after(schema):
    too_many = schema["paths"]["/api/v1/auth/jwt/create/"]["post"]["responses"]["429"]

    assert "Retry-After" in too_many["headers"]


def test_the_post_list_documents_its_filters_ordering_and_pagination(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/posts/"]["get"]["parameters"]}

    assert set(parameters) == {
        "category",
        "tag",
        "author",
        "status",
        "search",
        "ordering",
        "page",
        "page_size",
        "pagination",
        "cursor",
    }
    assert parameters["pagination"]["schema"]["enum"] == ["page", "cursor"]
    assert "cursor" in parameters["page"]["description"]
    assert parameters["status"]["schema"] == {"$ref": "#/components/schemas/PostStatusEnum"}
    assert "-like_count" in parameters["ordering"]["schema"]["items"]["enum"]


def test_the_like_action_answers_liked_and_like_count(schema):
    liked = schema["paths"]["/api/v1/posts/{slug}/like/"]["post"]["responses"]["201"]

    assert liked["content"]["application/json"]["schema"]["$ref"].endswith("/Like")
    assert set(schema["components"]["schemas"]["Like"]["properties"]) == {"liked", "like_count"}


@pytest.mark.parametrize("path", ["jwt/create/", "jwt/refresh/", "jwt/blacklist/"])
def test_the_jwt_endpoints_document_the_optional_cookie_mode_header(schema, path):
    operation = schema["paths"][f"/api/v1/auth/{path}"]["post"]
    headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}

    assert not headers["X-Auth-Cookie"].get("required", False)


def test_token_pairs_may_leave_the_refresh_token_out_for_cookie_mode(schema):
    pair = schema["components"]["schemas"]["TokenPair"]

    assert set(pair["properties"]) == {"access", "refresh"}
    assert pair["required"] == ["access"]


def test_password_change_answers_a_new_token_pair(schema):
    responses = schema["paths"]["/api/v1/auth/users/set_password/"]["post"]["responses"]

    assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/TokenPair")


def test_account_deletion_documents_its_current_password_body(schema):
    delete_me = schema["paths"]["/api/v1/auth/users/me/"]["delete"]
    body = delete_me["requestBody"]["content"]["application/json"]["schema"]["$ref"]

    assert schema["components"]["schemas"][body.rsplit("/", 1)[1]]["required"] == [
        "current_password"
    ]


@pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
def test_the_docs_pages_load_nothing_from_another_host(client, page):
    response = client.get(reverse(page))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert set(re.findall(r"https?://[^/\"]*", html)) <= {"http://testserver"}
    assert linked_urls(html)
    for url in linked_urls(html):
        assert url.startswith("/"), url
        assert not url.startswith("//"), url


@pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
def test_the_docs_pages_forbid_the_browser_any_other_origin(client, page):
    html = client.get(reverse(page)).content.decode()

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy
    assert policy[1].startswith("default-src 'self'")
    assert "http" not in policy[1]
    assert "*" not in policy[1]


@pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
def test_the_docs_pages_scripts_and_styles_are_our_static_files(client, page):
    html = client.get(reverse(page)).content.decode()

    assets = re.findall(rf'(?:src|href)="{settings.STATIC_URL}([^"]+)"', html)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert finders.find(asset), asset


def test_the_docs_pages_point_at_our_schema(client):
    swagger = client.get(reverse("swagger-ui")).content.decode()
    redoc = client.get(reverse("redoc")).content.decode()

    # Absolute, for Swagger UI to resolve the schema's relative links (its license) against it.
    assert f'url: "http://testserver{reverse("schema")}"' in swagger
    assert f'Redoc.init("{reverse("schema")}"' in redoc


@pytest.mark.parametrize("page", ["schema", "swagger-ui", "redoc"])
def test_the_docs_pages_answer_errors_in_json(api_client, page):
    response = api_client.post(reverse(page))

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_swagger_ui_keeps_the_token_out_of_the_browsers_storage(client):
    html = client.get(reverse("swagger-ui")).content.decode()

    assert '"persistAuthorization": false' in html


# Settings are read once per process: each switch is tried in a fresh interpreter.
DOCS_ANSWERS = """
import django
django.setup()
from rest_framework.test import APIClient
from accounts.models import User

staff = APIClient(HTTP_HOST="localhost")
staff.force_authenticate(User(username="staff", is_staff=True))
for client in (APIClient(HTTP_HOST="localhost"), staff):
    print(*(client.get(path).status_code for path in ("/api/schema/", "/api/docs/", "/api/redoc/")))
"""


def docs_answers(**environment):
    """The status of the schema and both pages, to an anonymous client and to staff."""
    result = run_python(DOCS_ANSWERS, LOG_LEVEL="CRITICAL", **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_docs_are_public_by_default():
    assert docs_answers() == ["200"] * 6


def test_api_docs_public_false_leaves_the_docs_to_staff():
    assert docs_answers(API_DOCS_PUBLIC="false") == ["401"] * 3 + ["200"] * 3


def patterns_in(node):
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [pattern for value in node.values() for pattern in patterns_in(value)]
    if isinstance(node, list):
        return [pattern for value in node for pattern in patterns_in(value)]
    return []


def test_no_pattern_uses_a_class_that_python_and_openapi_read_differently(schema):
    r"""Python's \w matches `é`, OpenAPI's (ECMA-262) does not: the username `émile`, which the API
    takes, would violate such a pattern (Schemathesis found it)."""
    patterns = patterns_in(schema)
    assert patterns
    assert [pattern for pattern in patterns if re.search(r"\\[wWdDsS]", pattern)] == []


def test_a_username_outside_ascii_is_answered_as_the_schema_says(api_client, schema):
    response = api_client.post(
        reverse("user-list"),
        {"username": "émile", "email": "emile@example.com", "password": "a-long-secret-phrase-77"},
    )

    assert response.status_code == 201
    username = schema["components"]["schemas"]["User"]["properties"]["username"]
    assert "pattern" not in username


# --- What the docs say to a reader ----------------------------------------------------------------

# Regular-expression syntax: a class escape, a negated set, a group option.
REGEX_SYNTAX = re.compile(r"\\[xudwsWDS]|\[\^|\(\?[:P=!<]")
INTERNAL_MODULES = [
    "accounts.serializers",
    "accounts.schema",
    "accounts.token_serializers",
    "accounts.session_serializers",
    "accounts.views",
    "posts.serializers",
    "posts.views",
    "api.serializers",
    "djoser.serializers",
    "rest_framework.serializers",
    "rest_framework_simplejwt.serializers",
]


def texts(node):
    """Every description, summary and title in the schema: what ReDoc and Swagger UI print."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"description", "summary", "title"} and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)


def internal_docstrings():
    for name in INTERNAL_MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if docstring := inspect.getdoc(cls):
                yield docstring.splitlines()[0]


def test_the_schema_shows_no_regular_expression_in_its_text(schema):
    assert [text for text in texts(schema) if REGEX_SYNTAX.search(text)] == []


def test_the_schema_shows_no_docstring_of_an_internal_class(schema):
    all_text = "\n".join(texts(schema))

    assert [line for line in internal_docstrings() if line in all_text] == []


def referred_name(spec):
    """The name of the component a field is, as `$ref` or `allOf: [$ref]`; else None."""
    reference = spec.get("$ref") or spec.get("allOf", [{}])[0].get("$ref")
    return reference.rsplit("/", 1)[1] if reference else None


def test_every_field_of_every_component_says_what_it_is(schema):
    components = schema["components"]["schemas"]
    undescribed = [
        f"{name}.{field}"
        for name, component in components.items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
        and not components.get(referred_name(spec), {}).get("description")
    ]

    assert undescribed == []


def test_a_posts_category_is_described_as_a_categorys_slug(schema):
    category = schema["components"]["schemas"]["PostRequest"]["properties"]["category"]

    assert "slug of the post's category" in category["description"]


def test_the_auth_group_opens_with_signing_in(schema):
    auth = [
        operation["summary"]
        for _, _, operation in operations(schema)
        if operation["tags"] == ["Auth"]
    ]

    assert auth[0] == "Sign in"
    assert auth.index("Sign in") < auth.index("Log out")


def test_redoc_hides_the_validators_patterns(api_client):
    response = api_client.get(reverse("redoc"))

    assert '"hideSchemaPattern": true' in response.content.decode()


def test_a_browser_opening_the_schema_link_is_shown_text(api_client):
    response = api_client.get(reverse("schema"), HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_favicon_is_the_apis_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
