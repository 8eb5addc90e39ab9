"""What categories and tags share: one name rule (api.names), pages, a 404, steady query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import Category, Tag
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

MODELS = {
    "category": (Category, CategoryFactory, "A category with that name already exists."),
    "tag": (Tag, TagFactory, "A tag with that name already exists."),
}

# Anonymous readers see a tag only once a published post carries it.
LISTED = {
    "category": lambda names: [PostFactory(category=CategoryFactory(name=n)) for n in names],
    "tag": lambda names: PostFactory(tags=names),
}

# The same name to api.names' rule: DOTTED CAPITAL I (PostgreSQL's UPPER() kept it, its LOWER()
# did not: a 500), KELVIN SIGN, full-width letters, and a case SQLite's LOWER() left alone.
SPELLINGS_OF_KIT = ["K\u0130T", "\u212ait", "\uff2b\uff29\uff34", "KIT"]


def create(client, model, name):
    return client.post(reverse(f"{model}-list"), {"name": name})


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("taken", "name"), [("kit", name) for name in SPELLINGS_OF_KIT])
def test_another_spelling_of_a_taken_name_is_refused(auth_client, staff, model, taken, name):
    table, factory, message = MODELS[model]
    factory(name=taken)

    response = create(auth_client(staff), model, name)

    assert response.status_code == 400
    assert response.json() == {"name": [message]}
    assert list(table.objects.values_list("name", flat=True)) == [taken]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("taken", "name"), [("Python", "PYTHON"), ("django", "Django")])
def test_a_name_taken_in_another_case_is_refused(auth_client, staff, model, taken, name):
    table, factory, message = MODELS[model]
    factory(name=taken)

    response = create(auth_client(staff), model, name)

    assert response.status_code == 400
    assert response.json() == {"name": [message]}
    assert list(table.objects.values_list("name", flat=True)) == [taken]


@pytest.mark.parametrize("model", MODELS)
def test_a_name_differing_from_another_only_in_accented_case_is_refused(auth_client, staff, model):
    table, factory, _ = MODELS[model]
    factory(name="\u00e9mile")

    response = create(auth_client(staff), model, "\u00c9mile")

    assert response.status_code == 400
    assert table.objects.count() == 1


@pytest.mark.parametrize("model", MODELS)
def test_an_unknown_slug_answers_404(api_client, model):
    response = api_client.get(reverse(f"{model}-detail", kwargs={"slug": "no-such-slug"}))

    assert response.status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_the_list_is_paginated(api_client, model):
    LISTED[model](["one", "two", "three"])

    response = api_client.get(reverse(f"{model}-list"), {"page_size": 2})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "count_exact", "next", "previous", "results"}
    assert data["count"] == 3
    assert data["next"] is not None
    assert len(data["results"]) == 2


@pytest.mark.parametrize("model", MODELS)
def test_the_list_queries_do_not_grow_with_the_page_size(api_client, model):
    LISTED[model]([f"name-{n}" for n in range(50)])

    with CaptureQueriesContext(connection) as small_page:
        assert api_client.get(reverse(f"{model}-list"), {"page_size": 5}).status_code == 200
    with CaptureQueriesContext(connection) as large_page:
        assert api_client.get(reverse(f"{model}-list"), {"page_size": 50}).status_code == 200

    assert len(large_page) == len(small_page)
    # Savepoint and release (ATOMIC_REQUESTS), the count, the page.
    assert len(large_page) <= 4
