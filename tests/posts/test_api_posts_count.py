"""The post list's `count` (posts.counting): from the counters where one answers it, exact, and
always the number of posts the list holds; counted up to a cap for a search or several filters."""

import pytest
from django.urls import reverse

from api import pagination
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(alice, bob):
    """Published and draft posts of alice, bob and a third author, in two categories, tagged."""
    django, other = CategoryFactory(slug="django"), CategoryFactory(slug="other")
    carol = UserFactory(username="carol")
    for author in (alice, bob, carol):
        PostFactory.create_batch(2, author=author, category=django, tags=["python", "orm"])
        PostFactory(author=author, category=other, tags=["python"])
        PostFactory(author=author, category=django, status="draft", tags=["python"])
        PostFactory(author=author, category=None, status="draft")
    PostFactory(author=carol, category=None, title="Zanzibar notes")


PARAMETERS = [
    {},
    {"category": "django"},
    {"category": "other"},
    {"category": "nothing-here"},
    {"tag": "python"},
    {"tag": "orm"},
    {"author": "ALICE"},
    {"author": "carol"},
    {"author": "nobody"},
    {"status": "published"},
    {"status": "draft"},
    {"status": "draft", "category": "django"},
    {"status": "published", "author": "bob"},
    {"category": "django", "tag": "python"},
    {"search": "zanzibar"},
    {"search": "number"},
]
READERS = ["anonymous", "alice", "staff"]


@pytest.fixture
def reader(request, api_client, auth_client, alice, staff):
    return {"anonymous": api_client, "alice": auth_client(alice), "staff": auth_client(staff)}[
        request.param
    ]


@pytest.mark.parametrize("reader", READERS, indirect=True)
@pytest.mark.parametrize("params", PARAMETERS, ids=repr)
def test_the_count_is_exactly_the_number_of_posts_listed(blog, reader, params):
    response = reader.get(reverse("post-list"), {**params, "page_size": 100})

    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["count_exact"]) == (len(data["results"]), True)


def test_a_signed_in_author_counts_their_own_drafts_and_no_one_elses(blog, alice_client):
    data = alice_client.get(reverse("post-list")).json()

    # 3 authors x 3 published, carol's note, and alice's 2 drafts.
    assert data["count"] == 9 + 1 + 2


@pytest.fixture
def cap_of_two(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)


@pytest.mark.parametrize(
    "params", [{"search": "number"}, {"category": "django", "tag": "python"}], ids=repr
)
def test_a_search_or_several_filters_are_counted_up_to_the_cap(
    blog, api_client, params, cap_of_two
):
    data = api_client.get(reverse("post-list"), params).json()

    assert (data["count"], data["count_exact"]) == (2, False)


def test_below_the_cap_a_search_is_counted_exactly(blog, api_client, cap_of_two):
    data = api_client.get(reverse("post-list"), {"search": "zanzibar"}).json()

    assert (data["count"], data["count_exact"]) == (1, True)


def test_staff_count_every_draft_up_to_the_cap(blog, staff_client, cap_of_two):
    data = staff_client.get(reverse("post-list"), {"category": "django"}).json()

    # 6 published (a counter, exact) and 3 drafts, counted up to 2.
    assert (data["count"], data["count_exact"]) == (6 + 2, False)
