"""Categories and tags are managed by staff, the list of every account is staff's: a regular
user or an anonymous client tries each, is refused, and the database is as it was."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import CategoryFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API5:2023")]


STAFF_MODELS = {"category": CategoryFactory, "tag": TagFactory}


@pytest.mark.parametrize("model", STAFF_MODELS)
def test_regular_user_cannot_create(bob_client, database_state, model):
    before = database_state()

    response = bob_client.post(reverse(f"{model}-list"), {"name": "Bob's own"})

    assert_json_detail(response, 403)
    assert database_state() == before


@pytest.mark.parametrize("model", STAFF_MODELS)
def test_regular_user_cannot_rename(bob_client, database_state, model):
    item = STAFF_MODELS[model]()
    before = database_state()

    response = bob_client.patch(
        reverse(f"{model}-detail", kwargs={"slug": item.slug}), {"name": "Renamed"}
    )

    assert_json_detail(response, 403)
    assert database_state() == before


@pytest.mark.parametrize("model", STAFF_MODELS)
def test_regular_user_cannot_replace(bob_client, database_state, model):
    item = STAFF_MODELS[model]()
    before = database_state()

    response = bob_client.put(
        reverse(f"{model}-detail", kwargs={"slug": item.slug}), {"name": "Replaced"}
    )

    assert_json_detail(response, 403)
    assert database_state() == before


@pytest.mark.parametrize("model", STAFF_MODELS)
def test_regular_user_cannot_delete(bob_client, database_state, model):
    item = STAFF_MODELS[model]()
    before = database_state()

    response = bob_client.delete(reverse(f"{model}-detail", kwargs={"slug": item.slug}))

    assert_json_detail(response, 403)
    assert database_state() == before


@pytest.mark.parametrize("model", STAFF_MODELS)
def test_anonymous_client_cannot_create(api_client, database_state, model):
    before = database_state()

    response = api_client.post(reverse(f"{model}-list"), {"name": "Anonymous"})

    assert_json_detail(response, 401)
    assert database_state() == before


@pytest.mark.parametrize("override", ["PUT", "PATCH", "DELETE"])
def test_method_override_header_does_not_turn_a_post_into_a_staff_write(
    bob_client, database_state, override
):
    item = CategoryFactory()
    before = database_state()

    response = bob_client.post(
        reverse("category-detail", kwargs={"slug": item.slug}),
        {"name": "Renamed"},
        HTTP_X_HTTP_METHOD_OVERRIDE=override,
    )

    assert_json_detail(response, 403)
    assert database_state() == before


def test_regular_user_lists_only_their_own_account(bob_client, bob, alice, staff):
    response = bob_client.get(reverse("user-list"))

    assert response.status_code == 200
    assert [user["username"] for user in response.json()["results"]] == ["bob"]
