"""PostSerializer and CommentSerializer write their representation by hand, for speed: it must
stay exactly what DRF's field-by-field path makes of the fields each serializer declares."""

import pytest
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from posts.models import Post
from posts.serializers import CommentSerializer, PostSerializer
from posts.views import CommentViewSet, PostViewSet
from tests.factories import CommentFactory, LikeFactory, PostFactory

pytestmark = pytest.mark.django_db


def request_by(user=None):
    request = APIRequestFactory().get(reverse("post-list"), secure=True)
    if user is not None:
        force_authenticate(request, user)
    return Request(request)


def listed_posts(request):
    """The list's first page as the list view fetches it (names joined by its paginator, tag
    names loaded)."""
    view = PostViewSet(request=request, action="list", kwargs={}, format_kwarg=None)
    return view.paginate_queryset(view.filter_queryset(view.get_queryset()))


def generic(post, request):
    """What DRF's ModelSerializer makes of the post from the declared fields."""
    serializer = PostSerializer(post, context={"request": request})
    return super(PostSerializer, serializer).to_representation(post)


@pytest.fixture
def posts(alice):
    liked = PostFactory(tags=["Zebra", "apple", "django"])
    LikeFactory(post=liked, user=alice)
    return [
        liked,
        PostFactory(category=None),
        PostFactory(author=alice, status=Post.Status.DRAFT, tags=["draft-only"]),
    ]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_each_listed_post_reads_as_drf_would_write_it(posts, alice, signed_in):
    request = request_by(alice if signed_in else None)

    listed = listed_posts(request)

    assert len(listed) == (3 if signed_in else 2)
    for post in listed:
        by_hand = PostSerializer(post, context={"request": request}).data
        assert by_hand == generic(post, request)
        assert list(by_hand) == PostSerializer.Meta.fields


def test_a_new_post_answers_what_reading_it_answers(auth_client, alice):
    client = auth_client(alice)
    body = {"title": "Fresh", "body": "Text.", "status": "published", "tags": ["b", "A"]}

    created = client.post(reverse("post-list"), body)
    read = client.get(reverse("post-detail", kwargs={"slug": created.json()["slug"]}))

    assert created.status_code == 201
    assert created.json() == read.json()


def test_an_edited_post_answers_what_reading_it_answers(auth_client, alice, posts):
    client = auth_client(alice)
    url = reverse("post-detail", kwargs={"slug": posts[2].slug})

    edited = client.patch(url, {"tags": ["new"], "category": None})
    read = client.get(url)

    assert edited.status_code == 200
    assert edited.json()["tags"] == ["new"]
    assert edited.json() == read.json()


def test_each_listed_comment_reads_as_drf_would_write_it(posts, alice):
    CommentFactory.create_batch(2, post=posts[0])
    CommentFactory(post=posts[0], author=alice)
    request = request_by(alice)
    view = CommentViewSet(request=request, action="list", kwargs={}, format_kwarg=None)
    view.commented_post = posts[0]

    comments = list(view.get_queryset())

    assert len(comments) == 3
    for comment in comments:
        by_hand = CommentSerializer(comment, context={"request": request}).data
        serializer = CommentSerializer(comment, context={"request": request})
        assert by_hand == super(CommentSerializer, serializer).to_representation(comment)
        assert list(by_hand) == CommentSerializer.Meta.fields


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_any_post_reads_as_the_api_answers_it(api_client, auth_client, alice, posts, signed_in):
    client, request = (
        (auth_client(alice), request_by(alice)) if signed_in else (api_client, request_by())
    )
    readable = Post.objects.all() if signed_in else Post.objects.filter(status="published")

    for post in readable:  # Plain posts, from no view: Post.objects.first() among them.
        detail = client.get(reverse("post-detail", kwargs={"slug": post.slug}), secure=True)
        assert detail.status_code == 200
        assert PostSerializer(post, context={"request": request}).data == detail.json()
    assert readable.count() == (3 if signed_in else 2)
    assert PostSerializer(posts[0], context={"request": request}).data["liked"] is signed_in
