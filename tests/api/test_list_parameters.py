"""The query parameters of every list: a value the schema calls invalid is refused, not ignored."""

import sys

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

LISTS = ["post-list", "category-list", "tag-list", "author-list"]
# More digits than Python reads as an integer: int() of it raises ValueError (a 500 if let out).
HUGE = "9" * 5000
assert len(HUGE) > sys.get_int_max_str_digits()


@pytest.fixture
def categories(db):
    return CategoryFactory.create_batch(3)


@pytest.mark.parametrize("list_name", LISTS)
@pytest.mark.parametrize("page_size", ["", "0", "-1", "two", "2.0", " 2", "\u0662", "null"])
def test_a_page_size_that_is_no_positive_integer_is_refused(api_client, list_name, page_size):
    response = api_client.get(reverse(list_name), {"page_size": page_size})

    assert response.status_code == 400
    assert response.json() == {"page_size": ["A positive integer up to 999999999 is required."]}


def test_a_page_size_is_read_in_digits(api_client, categories):
    response = api_client.get(reverse("category-list"), {"page_size": "2"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


@pytest.mark.parametrize("page", ["", "0", "-1", "last", "1.0", "\u0661", "null"])
def test_a_page_that_is_no_positive_integer_is_not_found(api_client, categories, page):
    response = api_client.get(reverse("category-list"), {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize("list_name", LISTS)
@pytest.mark.parametrize("page_size", [HUGE, "1000000000"])
def test_a_page_size_of_more_than_nine_digits_is_refused(api_client, list_name, page_size):
    response = api_client.get(reverse(list_name), {"page_size": page_size})

    assert response.status_code == 400
    assert response.json() == {"page_size": ["A positive integer up to 999999999 is required."]}


def test_the_largest_page_size_read_is_taken_as_the_largest_page(api_client, categories):
    response = api_client.get(reverse("category-list"), {"page_size": "999999999"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_leading_zeros_are_read_past_pythons_digit_limit(api_client, categories):
    zeros = "0" * 5000

    response = api_client.get(
        reverse("category-list"), {"page": f"{zeros}1", "page_size": f"{zeros}2"}
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


@pytest.mark.parametrize("list_name", LISTS)
@pytest.mark.parametrize("page", [HUGE, "1000000000"])
def test_a_page_of_more_than_nine_digits_is_not_found(api_client, list_name, page):
    response = api_client.get(reverse(list_name), {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


# Past Python's digit limit, and past the largest integer the database stores.
ABSURD_NUMBERS = {"5000 digits": HUGE, "30 digits": "9" * 30}


@pytest.mark.parametrize("number", ABSURD_NUMBERS.values(), ids=ABSURD_NUMBERS.keys())
def test_no_integer_the_schema_reads_is_a_server_error_when_absurd(
    api_client, auth_client, alice, number
):
    """Every integer parameter of every operation that reads, in the query or the path."""
    post = PostFactory(author=alice)
    known = {"id": "1", "post_slug": post.slug, "slug": post.slug, "username": alice.username}
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()
    tried = set()
    for path, item in schema["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter["schema"].get("type") != "integer":
                continue
            name = parameter["name"]
            if parameter["in"] == "path":
                url, query = path.format(**{**known, name: number}), {}
            else:
                url, query = path.format(**known), {name: number}
            for client in (api_client, auth_client(alice)):
                response = client.get(url, query)
                assert 400 <= response.status_code < 500, (path, name, response.status_code)
                assert response.headers["Content-Type"] == "application/json", (path, name)
            tried.add(name)

    assert tried >= {"page", "page_size", "id"}


def test_an_unknown_ordering_field_is_refused(api_client):
    response = api_client.get(reverse("post-list"), {"ordering": "-like_count,password"})

    assert response.status_code == 400
    assert response.json() == {"ordering": ["Cannot sort by 'password'."]}


@pytest.mark.parametrize("ordering", ["", "name,", "--name"])
def test_an_empty_or_malformed_ordering_is_refused(api_client, ordering):
    response = api_client.get(reverse("category-list"), {"ordering": ordering})

    assert response.status_code == 400
    assert "ordering" in response.json()


def test_the_user_list_sorts_by_its_documented_fields_only(auth_client, alice):
    client = auth_client(alice)

    assert client.get(reverse("user-list"), {"ordering": "-date_joined"}).status_code == 200
    assert client.get(reverse("user-list"), {"ordering": "email"}).status_code == 400


@pytest.mark.parametrize("name", ["page_size", "category", "search", "status"])
def test_a_query_parameter_given_twice_is_refused(api_client, name):
    response = api_client.get(f"{reverse('post-list')}?{name}=1&{name}=2")

    assert response.status_code == 400
    assert response.json() == {"detail": f"The query parameter '{name}' is given more than once."}


def test_every_list_documents_its_400(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()

    for path, item in schema["paths"].items():
        operation = item.get("get", {})
        if "page_size" in {parameter["name"] for parameter in operation.get("parameters", [])}:
            assert "400" in operation["responses"], path
