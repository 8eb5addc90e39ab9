"""The post endpoints: how a post reads, and what creating and updating one do."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from posts.models import Post, Tag
from tests.factories import CategoryFactory, CommentFactory, LikeFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2001, 1, 1, tzinfo=UTC)


def detail_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


def new_post(**fields):
    return {"title": "A new post", "body": "Worth reading.", **fields}


# --- Reading -------------------------------------------------------------------------------------


def test_post_reads_with_exactly_the_documented_fields(api_client):
    post = PostFactory()

    response = api_client.get(detail_url(post))

    assert response.status_code == 200
    assert set(response.json()) == {
        "id",
        "url",
        "slug",
        "title",
        "body",
        "status",
        "category",
        "tags",
        "author",
        "comment_count",
        "like_count",
        "liked",
        "comments",
        "like",
        "created_at",
        "updated_at",
        "published_at",
    }


def test_post_links_to_its_comments_and_your_like(alice_client, alices_post, alices_comment):
    data = alice_client.get(detail_url(alices_post)).json()

    comments = alice_client.get(data["comments"])
    like = alice_client.get(data["like"])
    assert [comment["body"] for comment in comments.json()["results"]] == ["Alice's comment."]
    assert like.status_code == 200
    assert like.json() == {"liked": False, "like_count": 0}


def test_post_reads_its_category_slug_tag_names_and_counts(api_client):
    category = CategoryFactory(name="Web Development")
    post = PostFactory(category=category, tags=["django", "rest"])
    CommentFactory(post=post)
    LikeFactory(post=post)
    LikeFactory(post=post)

    data = api_client.get(detail_url(post)).json()

    assert data["slug"] == post.slug
    assert data["url"].endswith(detail_url(post))
    assert data["category"] == "web-development"
    assert sorted(data["tags"]) == ["django", "rest"]
    assert (data["comment_count"], data["like_count"]) == (1, 2)


def test_post_shows_its_author_by_username_and_never_their_email(api_client, alice):
    post = PostFactory(author=alice)

    response = api_client.get(detail_url(post))

    assert response.json()["author"] == {"username": alice.username}
    assert alice.email not in response.content.decode()


def test_reader_who_likes_a_post_sees_liked_in_its_detail(auth_client, alice):
    post = PostFactory()
    LikeFactory(post=post, user=alice)

    response = auth_client(alice).get(detail_url(post))

    assert response.json()["liked"] is True


def test_reader_who_likes_a_post_sees_liked_in_the_list(auth_client, alice):
    liked_post = PostFactory(title="Liked")
    PostFactory(title="Not liked")
    LikeFactory(post=liked_post, user=alice)

    response = auth_client(alice).get(reverse("post-list"))

    liked = {post["title"]: post["liked"] for post in response.json()["results"]}
    assert liked == {"Liked": True, "Not liked": False}


def test_another_user_does_not_see_someone_elses_like_as_their_own(auth_client, alice, bob):
    post = PostFactory()
    LikeFactory(post=post, user=alice)

    client = auth_client(bob)

    assert client.get(detail_url(post)).json()["liked"] is False
    assert client.get(reverse("post-list")).json()["results"][0]["liked"] is False


def test_anonymous_reader_never_sees_a_post_as_liked(api_client, alice):
    post = PostFactory()
    LikeFactory(post=post, user=alice)

    assert api_client.get(detail_url(post)).json()["liked"] is False
    assert api_client.get(reverse("post-list")).json()["results"][0]["liked"] is False


# --- Creating ------------------------------------------------------------------------------------


def test_signed_in_user_creates_a_post_as_its_author(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post())

    assert response.status_code == 201
    assert response.json()["author"] == {"username": alice.username}
    post = Post.objects.get()
    assert (post.title, post.body, post.author) == ("A new post", "Worth reading.", alice)


def test_author_sent_in_the_body_is_ignored(auth_client, alice, bob):
    body = new_post(author={"username": bob.username})

    response = auth_client(alice).post(reverse("post-list"), body)

    assert response.status_code == 201
    assert Post.objects.get().author == alice


def test_new_post_is_a_draft_by_default(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post())

    assert response.json()["status"] == "draft"
    assert response.json()["published_at"] is None
    assert Post.objects.get().status == Post.Status.DRAFT


def test_post_created_as_published_gets_a_published_at(auth_client, alice):
    body = new_post(status="published")

    response = auth_client(alice).post(reverse("post-list"), body)

    assert response.json()["published_at"] is not None
    assert Post.objects.get().published_at is not None


def test_new_post_gets_a_slug_from_its_title_and_is_not_liked(auth_client, alice):
    body = new_post(title="Hello World")

    response = auth_client(alice).post(reverse("post-list"), body)

    assert re.fullmatch(r"hello-world-[0-9a-f]{8}", response.json()["slug"])
    assert response.json()["liked"] is False


def test_post_is_filed_under_the_category_named_by_its_slug(auth_client, alice):
    category = CategoryFactory(name="News")

    response = auth_client(alice).post(reverse("post-list"), new_post(category="news"))

    assert response.json()["category"] == "news"
    assert Post.objects.get().category == category


def test_unknown_category_is_refused_naming_the_field(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(category="no-such-category"))

    assert response.status_code == 400
    assert "category" in response.json()
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("field", "sent", "expected"),
    [
        ("comment_count", 7, 0),
        ("like_count", 7, 0),
        ("liked", True, False),
        ("published_at", "2001-01-01T00:00:00Z", None),
    ],
)
def test_read_only_field_sent_on_create_is_ignored(auth_client, alice, field, sent, expected):
    response = auth_client(alice).post(reverse("post-list"), new_post(**{field: sent}))

    assert response.status_code == 201
    assert response.json()[field] == expected


def test_slug_sent_on_create_is_ignored(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(slug="chosen-slug"))

    assert response.status_code == 201
    assert re.fullmatch(r"a-new-post-[0-9a-f]{8}", response.json()["slug"])


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
def test_timestamp_sent_on_create_is_ignored(auth_client, alice, field):
    response = auth_client(alice).post(reverse("post-list"), new_post(**{field: LONG_AGO}))

    assert response.status_code == 201
    assert getattr(Post.objects.get(), field).year != LONG_AGO.year


# --- Tags ----------------------------------------------------------------------------------------


def test_post_keeps_up_to_five_tags(auth_client, alice):
    names = ["one", "two", "three", "four", "five"]

    response = auth_client(alice).post(reverse("post-list"), new_post(tags=names))

    assert response.status_code == 201
    assert sorted(response.json()["tags"]) == sorted(names)
    assert Post.objects.get().tags.count() == 5


def test_six_tags_are_refused(auth_client, alice):
    names = ["one", "two", "three", "four", "five", "six"]

    response = auth_client(alice).post(reverse("post-list"), new_post(tags=names))

    assert response.status_code == 400
    assert "tags" in response.json()
    assert not Post.objects.exists()
    assert not Tag.objects.exists()


def test_unknown_tag_names_become_new_tags(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(tags=["brand-new"]))

    assert response.json()["tags"] == ["brand-new"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["brand-new"]


def test_tag_names_differing_only_in_case_become_one_tag(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(tags=["Django", "django"]))

    assert response.json()["tags"] == ["Django"]
    assert Tag.objects.count() == 1


def test_existing_tag_is_reused_whatever_the_case_it_is_sent_in(auth_client, alice):
    python = TagFactory(name="Python")

    response = auth_client(alice).post(reverse("post-list"), new_post(tags=["python"]))

    assert response.json()["tags"] == ["Python"]
    assert list(Tag.objects.all()) == [python]
    assert list(Post.objects.get().tags.all()) == [python]


def test_an_existing_tag_is_reused_whatever_unicode_spelling_it_is_sent_in(auth_client, alice):
    kit = TagFactory(name="kit")

    response = auth_client(alice).post(
        reverse("post-list"), new_post(tags=["K\u0130T", "\u212ait", "\uff2b\uff29\uff34"])
    )

    assert response.status_code == 201
    assert response.json()["tags"] == ["kit"]
    assert list(Tag.objects.all()) == [kit]


# --- Input the schema calls invalid --------------------------------------------------------------


def test_a_number_is_not_a_title(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(title=42))

    assert response.status_code == 400
    assert response.json() == {"title": ["Not a valid string."]}
    assert not Post.objects.exists()


def test_six_tag_names_are_refused_even_when_two_differ_only_in_case(auth_client, alice):
    names = ["one", "One", "two", "three", "four", "five"]

    response = auth_client(alice).post(reverse("post-list"), new_post(tags=names))

    assert response.status_code == 400
    assert response.json() == {"tags": ["A post has at most 5 tags."]}
    assert not Post.objects.exists()


def test_a_title_padded_past_its_maximum_is_refused(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(title=" " + "t" * 200))

    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_an_empty_category_means_none(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), new_post(category=""))

    assert response.status_code == 201
    assert response.json()["category"] is None
