"""The post counters (posts.counters) stay exact through every change to a post, from the API, the
ORM and cascades; `manage.py recount` finds and repairs any drift."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models.signals import post_delete
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.counters import recount
from posts.models import AuthorStats, Category, Comment, Like, Post, StatusCount, Tag
from posts.tasks import check_post_counters
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    LikeFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXACT = {"categories": 0, "tags": 0, "authors": 0, "statuses": 0}
NOTHING_COUNTED = {"category": 0, "tag": 0, "author": 0, "published": 0}


def assert_exact():
    """Every counter equals what the rows say: recounting corrects nothing."""
    assert recount() == EXACT


def counts(category=None, tag=None, author=None):
    return {
        "category": category and Category.objects.get(pk=category.pk).post_count,
        "tag": tag and Tag.objects.get(pk=tag.pk).post_count,
        "author": author and AuthorStats.objects.get(pk=author.pk).post_count,
        "published": StatusCount.objects.get(status="published").post_count,
    }


@pytest.fixture
def django_tag():
    return TagFactory(name="django")


def write(client, alice, **fields):
    body = {"title": "A title", "body": "A body.", **fields}
    response = client.post(reverse("post-list"), body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["slug"]


def test_publishing_through_the_api_counts_the_post_everywhere(alice_client, alice, django_tag):
    category = CategoryFactory()

    write(alice_client, alice, status="published", category=category.slug, tags=["django"])

    assert counts(category, django_tag, alice) == {
        "category": 1,
        "tag": 1,
        "author": 1,
        "published": 1,
    }
    assert_exact()


def test_a_draft_counts_only_as_its_authors_draft(alice_client, alice, django_tag):
    category = CategoryFactory()

    write(alice_client, alice, category=category.slug, tags=["django"])

    assert Category.objects.get().post_count == 0
    assert Tag.objects.get().post_count == 0
    assert AuthorStats.objects.get(pk=alice.pk).draft_count == 1
    assert_exact()


@pytest.mark.parametrize(
    "change",
    [
        {"status": "draft"},
        {"status": "published"},
        {"category": None},
        {"tags": []},
        {"tags": ["django", "python"]},
        {"status": "draft", "tags": ["python"]},
    ],
    ids=repr,
)
@pytest.mark.parametrize("status", ["draft", "published"])
def test_editing_a_post_keeps_every_counter_exact(alice_client, alice, django_tag, status, change):
    category = CategoryFactory()
    slug = write(alice_client, alice, status=status, category=category.slug, tags=["django"])

    response = alice_client.patch(
        reverse("post-detail", kwargs={"slug": slug}), change, format="json"
    )

    assert response.status_code == 200, response.content
    assert_exact()


def test_moving_a_post_to_another_category_moves_its_count(alice_client, alice):
    old, new = CategoryFactory(), CategoryFactory()
    slug = write(alice_client, alice, status="published", category=old.slug)

    alice_client.patch(
        reverse("post-detail", kwargs={"slug": slug}), {"category": new.slug}, format="json"
    )

    assert (counts(old)["category"], counts(new)["category"]) == (0, 1)


def test_deleting_a_post_uncounts_it(alice_client, alice, django_tag):
    category = CategoryFactory()
    slug = write(alice_client, alice, status="published", category=category.slug, tags=["django"])

    response = alice_client.delete(reverse("post-detail", kwargs={"slug": slug}))

    assert response.status_code == 204
    assert counts(category, django_tag, alice) == NOTHING_COUNTED
    assert_exact()


def test_deleting_a_user_uncounts_their_posts(alice, bob, django_tag):
    category = CategoryFactory()
    PostFactory.create_batch(3, author=alice, category=category, tags=["django"])
    PostFactory(author=bob, category=category, tags=["django"])
    PostFactory(author=alice, status="draft")

    alice.delete()

    assert counts(category, django_tag, bob) == {
        "category": 1,
        "tag": 1,
        "author": 1,
        "published": 1,
    }
    assert StatusCount.objects.get(status="draft").post_count == 0
    assert_exact()


def test_deleting_posts_by_queryset_uncounts_each_once(alice, django_tag):
    """As the admin's "Delete selected posts" does."""
    first, second = CategoryFactory.create_batch(2)
    PostFactory.create_batch(2, author=alice, category=first, tags=["django"])
    PostFactory(author=alice, category=second, tags=["django"])
    kept = PostFactory(author=alice, category=second)

    Post.objects.exclude(pk=kept.pk).delete()

    assert counts(first, django_tag, alice) == {
        "category": 0,
        "tag": 0,
        "author": 1,
        "published": 1,
    }
    assert Category.objects.get(pk=second.pk).post_count == 1
    assert_exact()


def test_a_deletion_of_many_posts_writes_each_counter_once(alice, django_tag):
    """Post by post, a deletion would take the status counter between two categories' counters,
    and wait in a cycle with a request creating a post in the second category, which takes that
    category first (tests/live/test_concurrency.py meets it)."""
    categories = CategoryFactory.create_batch(3)
    for category in categories:
        PostFactory.create_batch(2, author=alice, category=category, tags=["django"])

    with CaptureQueriesContext(connection) as queries:
        alice.delete()

    counters = ("posts_category", "posts_tag", "posts_authorstats", "posts_statuscount")
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and any(f'"{t}"' in query["sql"] for t in counters)
    ]
    assert len(writes) == len(categories) + 3  # Each category, the tag, alice and "published".
    assert_exact()


def queries_to_delete(delete, make, sizes=(2, 6)):
    """The queries `delete(made)` takes for each size, `made` being `make(size)`'s answer."""
    taken = []
    for size in sizes:
        made = make(size)
        with CaptureQueriesContext(connection) as queries:
            delete(made)
        taken.append(len(queries))
    return taken


def published_with_comments_and_likes(author, category, size):
    posts = PostFactory.create_batch(size, author=author, category=category, tags=["django"])
    for post in posts:
        CommentFactory(post=post)
        CommentFactory(post=post, author=author)
        LikeFactory(post=post)
    return posts


def test_deleting_a_user_takes_as_many_queries_however_many_posts_they_have(django_tag):
    category = CategoryFactory()

    def a_user_with(size):
        user = UserFactory()
        published_with_comments_and_likes(user, category, size)
        PostFactory.create_batch(size, author=user, status="draft")
        return user

    first, second = queries_to_delete(lambda user: user.delete(), a_user_with)

    assert first == second
    assert counts(category, django_tag)["category"] == 0
    assert not Post.objects.exists()
    assert_exact()


def test_deleting_a_user_uncounts_their_comments_and_likes_on_others_posts_at_once(bob):
    """As many queries for 2 commented posts as for 6, and each post keeps the others' count.
    The user's own posts have none: Django then sends their post_delete before the comments'."""
    others_posts = []

    def a_user_who_commented_on(size):
        user = UserFactory()
        PostFactory.create_batch(2, author=user)
        for post in PostFactory.create_batch(size, author=bob):
            CommentFactory.create_batch(2, post=post, author=user)
            CommentFactory(post=post)
            LikeFactory(post=post, user=user)
            LikeFactory(post=post)
            others_posts.append(post)
        return user

    first, second = queries_to_delete(lambda user: user.delete(), a_user_who_commented_on)

    assert first == second
    for post in others_posts:
        post.refresh_from_db()
        assert (post.comment_count, post.like_count) == (1, 1)
    assert_exact()


def test_deleting_a_post_takes_as_many_queries_however_many_comments_and_likes_it_has(alice):
    def a_post_with(size):
        post = PostFactory(author=alice, tags=["django"])
        CommentFactory.create_batch(size, post=post)
        LikeFactory.create_batch(size, post=post)
        return post

    first, second = queries_to_delete(lambda post: post.delete(), a_post_with)

    assert first == second
    assert not Comment.objects.exists()
    assert not Like.objects.exists()
    assert_exact()


@pytest.mark.postgresql
def test_a_deletion_locks_its_posts_before_it_reads_their_tags(alice, django_tag):
    """Tags read first could change before the lock, and be counted off the wrong tags."""
    PostFactory.create_batch(2, author=alice, tags=["django"])

    with CaptureQueriesContext(connection) as queries:
        alice.delete()

    sqls = [query["sql"] for query in queries.captured_queries]
    locking = next(
        i for i, sql in enumerate(sqls) if 'FROM "posts_post" ' in sql and "FOR UPDATE" in sql
    )
    reading_tags = next(
        i for i, sql in enumerate(sqls) if sql.startswith('SELECT "posts_post_tags"')
    )
    assert locking < reading_tags


def test_a_deletion_tried_again_after_it_failed_counts_its_posts_once(alice, django_tag):
    """A deletion fails half-way (the database goes away, a deadlock): what it read of the posts
    goes with the rolled-back transaction, and trying again counts them once."""
    category = CategoryFactory()
    post = PostFactory(author=alice, category=category, tags=["django"])
    LikeFactory(post=post)

    def fail(**kwargs):
        raise DatabaseError("The connection went away.")

    post_delete.connect(fail, sender=Like)
    try:
        with pytest.raises(DatabaseError):
            post.delete()
    finally:
        post_delete.disconnect(fail, sender=Like)
    assert counts(category, django_tag, alice)["category"] == 1
    post.delete()

    assert counts(category, django_tag, alice) == NOTHING_COUNTED
    assert_exact()


def tag_counter_writes(queries):
    """The ids of the tags whose counter `queries` changed, in the order they were written."""
    return [
        int(re.search(r'"posts_tag"\."id" = (\d+)', query["sql"])[1])
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "posts_tag"')
    ]


def test_retagging_writes_the_tag_counters_in_one_order(alice_client, alice):
    """Tags taken off, then put on, counted step by step: a request retagging another post the
    other way round would take the two counters in reverse, and the two wait in a cycle."""
    first, second = TagFactory(name="first"), TagFactory(name="second")
    slug = write(alice_client, alice, status="published", tags=["second"])

    with CaptureQueriesContext(connection) as queries:
        response = alice_client.patch(
            reverse("post-detail", kwargs={"slug": slug}), {"tags": ["first"]}, format="json"
        )

    assert response.status_code == 200, response.content
    assert tag_counter_writes(queries) == [first.pk, second.pk]
    assert_exact()


def test_retagging_in_the_admin_writes_the_tag_counters_in_one_order(client, alice):
    staff = UserFactory(is_staff=True, is_superuser=True)
    first, second = TagFactory(name="first"), TagFactory(name="second")
    post = PostFactory(author=alice, tags=["second"])
    client.force_login(staff)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("admin:posts_post_change", args=[post.pk]),
            {"title": post.title, "body": post.body, "status": "published",
             "author": alice.pk, "tags": [first.pk]},
        )  # fmt: skip

    assert response.status_code == 302
    assert tag_counter_writes(queries) == [first.pk, second.pk]
    assert_exact()


def test_tagging_from_the_tags_side_counts_too(alice, django_tag):
    posts = PostFactory.create_batch(3, author=alice)
    draft = PostFactory(author=alice, status="draft")

    django_tag.posts.add(*posts, draft)
    assert Tag.objects.get().post_count == 3

    django_tag.posts.remove(posts[0])
    assert Tag.objects.get().post_count == 2

    django_tag.posts.clear()
    assert Tag.objects.get().post_count == 0
    assert_exact()


def test_deleting_a_tag_or_a_category_leaves_the_other_counters_exact(alice, django_tag):
    category = CategoryFactory()
    PostFactory.create_batch(2, author=alice, category=category, tags=["django", "python"])

    django_tag.delete()
    category.delete()

    assert Tag.objects.get(name="python").post_count == 2
    assert_exact()


def test_moving_a_post_to_another_author_moves_its_count(alice, bob):
    post = PostFactory(author=alice)

    post.author = bob
    post.save()

    assert (counts(author=alice)["author"], counts(author=bob)["author"]) == (0, 1)


def test_saving_an_unchanged_post_changes_no_counter(alice, django_tag, django_assert_num_queries):
    post = PostFactory(author=alice, tags=["django"])
    post.title = "A new title"

    # The locked read of the post's counted state, the update, and the savepoint's two.
    with django_assert_num_queries(4):
        post.save()

    assert_exact()


# --- Repair --------------------------------------------------------------------------------------


@pytest.fixture
def corrupted(alice, bob, django_tag):
    """Posts of alice and bob, then every kind of counter set wrong, as a bulk update would."""
    category = CategoryFactory()
    PostFactory.create_batch(2, author=alice, category=category, tags=["django"])
    PostFactory(author=bob, status="draft")
    Category.objects.update(post_count=7)
    Tag.objects.update(post_count=0)
    AuthorStats.objects.filter(pk=alice.pk).update(post_count=9)
    AuthorStats.objects.filter(pk=bob.pk).delete()
    StatusCount.objects.update(post_count=100)
    return category


def test_recount_repairs_every_counter_and_says_how_many_were_wrong(corrupted, alice, django_tag):
    output = StringIO()

    call_command("recount", stdout=output)

    assert output.getvalue().splitlines() == [
        "categories: 2 corrected",  # bob's draft has a category of its own.
        "tags: 1 corrected",
        "authors: 2 corrected",
        "statuses: 2 corrected",
    ]
    assert counts(corrupted, django_tag, alice) == {
        "category": 2,
        "tag": 2,
        "author": 2,
        "published": 2,
    }
    assert_exact()


def test_recount_of_exact_counters_corrects_nothing(alice):
    PostFactory.create_batch(2, author=alice, tags=["django"])

    assert recount() == EXACT


def test_an_author_who_never_wrote_has_no_counter_row_and_counts_zero(api_client):
    author = UserFactory()

    response = api_client.get(reverse("author-detail", kwargs={"username": author.username}))

    assert response.json()["post_count"] == 0
    assert not AuthorStats.objects.filter(pk=author.pk).exists()


def test_post_save_counts_a_new_post_without_reading_its_tags(alice, django_assert_num_queries):
    # The insert and the author's and the status's counters, in the post's savepoint and the
    # slug's (posts.models.SluggedModel): four more.
    with django_assert_num_queries(7):
        Post.objects.create(author=alice, title="T", body="B", status="published")


def test_a_post_deleted_while_it_is_edited_is_not_written_again(alice, django_tag):
    post = PostFactory(author=alice, tags=["django"])
    Post.objects.filter(pk=post.pk).delete()  # Another request's, after this one read it.
    post.title = "Edited"

    with pytest.raises(Post.DoesNotExist):
        post.save()

    assert not Post.objects.exists()
    assert_exact()


def counter_check_log(caplog):
    [record] = [record for record in caplog.records if record.name == "posts.tasks"]
    return record.levelname, record.getMessage()


def test_the_nightly_check_repairs_drifted_counters_and_warns_of_it(
    corrupted, alice, django_tag, caplog
):
    corrected = check_post_counters.delay().get()

    assert corrected == {"categories": 2, "tags": 1, "authors": 2, "statuses": 2}
    assert_exact()
    assert counter_check_log(caplog) == (
        "WARNING",
        "Post counters had drifted and were repaired: 2 categories, 1 tags, 2 authors, 2 statuses",
    )


def test_the_nightly_check_of_exact_counters_changes_nothing_and_says_so(alice, caplog):
    PostFactory.create_batch(2, author=alice, tags=["django"])

    assert check_post_counters.delay().get() == EXACT
    assert counter_check_log(caplog) == ("INFO", "Post counters checked: none had drifted")
