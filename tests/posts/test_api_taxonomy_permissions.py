"""Categories and tags are managed by staff: a regular user or an anonymous client tries every
write of each, is refused, and the database is as it was."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import CategoryFactory, TagFactory
from tests.permissions import assert_cell, cells

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API5:2023")]

FACTORIES = {"category": CategoryFactory, "tag": TagFactory}


def detail(item):
    return reverse(f"{type(item).__name__.lower()}-detail", kwargs={"slug": item.slug})


WRITES = {
    "create": lambda client, item: client.post(
        reverse(f"{type(item).__name__.lower()}-list"), {"name": "Fresh"}
    ),
    "put": lambda client, item: client.put(detail(item), {"name": "Replaced"}),
    "patch": lambda client, item: client.patch(detail(item), {"name": "Renamed"}),
    "delete": lambda client, item: client.delete(detail(item)),
}

# Nobody owns a category or a tag: every signed-in user who is not staff is an "other user".
MATRIX = {  #       anonymous, other user, staff
    "create": (401, 403, 201),
    "put": (401, 403, 200),
    "patch": (401, 403, 200),
    "delete": (401, 403, 204),
}


@pytest.mark.parametrize("model", FACTORIES)
@pytest.mark.parametrize(
    ("actor", "operation", "status", "changes"), cells(MATRIX, ("anonymous", "other user", "staff"))
)
def test_who_may_write_a_category_or_a_tag(client_of, model, actor, operation, status, changes):
    item, client = FACTORIES[model](), client_of(actor)

    assert_cell(lambda: WRITES[operation](client, item), status, changes)


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

    assert_json_detail(response, 405)  # A POST, which a category's URL does not take.
    assert database_state() == before
