"""OWASP API5:2023 Broken Function Level Authorization: staff operations tried by a regular user.

Categories and tags are managed by staff, the list of every account is staff's, and the Django
admin is staff's (and its user management the superuser's). Bob, signed in as a regular user,
tries each: refused, and the database is as it was.
"""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import PASSWORD, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

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


# --- The Django admin ----------------------------------------------------------------------------


def test_regular_user_is_sent_to_the_admin_login(client, bob):
    client.force_login(bob)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


def test_regular_user_cannot_make_an_account_through_the_admin(client, bob, database_state):
    client.force_login(bob)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "sidekick",
            "email": "s@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert database_state() == before


def test_regular_user_cannot_grant_themself_staff_through_the_admin(client, bob, database_state):
    client.force_login(bob)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_change", args=[bob.pk]),
        {"username": "bob", "email": bob.email, "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert database_state() == before


def test_staff_without_permissions_cannot_change_accounts_in_the_admin(
    client, staff, bob, database_state
):
    # Staff may sign in to the admin; changing users takes the permission, which plain staff lack.
    client.force_login(staff)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_change", args=[bob.pk]),
        {"username": "bob", "email": bob.email, "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 403
    assert database_state() == before


def test_admin_login_refuses_a_regular_users_right_password(client, bob, database_state):
    before = database_state()

    response = client.post(reverse("admin:login"), {"username": "bob", "password": PASSWORD})

    assert response.status_code == 200  # The form again, with its error.
    assert "_auth_user_id" not in client.session
    assert database_state() == before
