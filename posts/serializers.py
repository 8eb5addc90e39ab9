"""How categories, tags, posts and comments read and are written."""

from functools import cache, cached_property
from operator import attrgetter
from types import FunctionType
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.utils import html

from accounts.models import User
from api.names import comparison_key
from api.schema import request_example
from api.serializers import (
    NormalizedCharField,
    StrictModelSerializer,
    unique_case_insensitively,
)
from posts import counters
from posts.models import Category, Comment, Post, Tag

MAX_TAGS_PER_POST = 5
PUBLISHED_POSTS = "How many published posts it has."


@extend_schema_serializer(description="Who wrote it: their username, never their e-mail.")
class AuthorSerializer(serializers.ModelSerializer):
    """The public face of a user: never their e-mail."""

    class Meta:
        model = User
        fields = ["username"]
        read_only_fields = fields


@extend_schema_serializer(description="An author's public profile: never their e-mail.")
class AuthorProfileSerializer(serializers.ModelSerializer):
    """What anyone may know of an author: never their e-mail."""

    url = serializers.HyperlinkedIdentityField(view_name="author-detail", lookup_field="username")
    post_count = serializers.IntegerField(read_only=True, help_text="Published posts.")
    posts = serializers.SerializerMethodField(help_text="The author's published posts.")

    class Meta:
        model = User
        fields = ["url", "username", "bio", "date_joined", "post_count", "posts"]
        read_only_fields = fields

    def get_posts(self, user) -> str:
        query = urlencode({"author": user.username, "status": Post.Status.PUBLISHED})
        return self.context["request"].build_absolute_uri(f"{reverse('post-list')}?{query}")


@extend_schema_serializer(
    description="A section of the blog; a post is in one category or none.",
    examples=[request_example("A category", {"name": "Testing", "description": "Tests and CI."})],
)
class CategorySerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="category-detail", lookup_field="slug", help_text="The category's page."
    )
    post_count = serializers.IntegerField(read_only=True, default=0, help_text=PUBLISHED_POSTS)

    class Meta:
        model = Category
        fields = ["id", "url", "slug", "name", "description", "post_count"]
        read_only_fields = ["slug"]
        extra_kwargs = {
            "id": {"help_text": "The category's number."},
            "slug": {"help_text": "The category's name in URLs, made from it: `django`."},
            "name": {
                "validators": [unique_case_insensitively(Category, "name")],
                "help_text": "The category's name, taken by no other in any case: `Django`.",
            },
            "description": {"help_text": "What the category is about; may be empty."},
        }


@extend_schema_serializer(
    description="A keyword; a post has up to 5 tags.",
    examples=[request_example("A tag", {"name": "testing"})],
)
class TagSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="tag-detail", lookup_field="slug", help_text="The tag's page."
    )
    post_count = serializers.IntegerField(read_only=True, default=0, help_text=PUBLISHED_POSTS)

    class Meta:
        model = Tag
        fields = ["id", "url", "slug", "name", "post_count"]
        read_only_fields = ["slug"]
        extra_kwargs = {
            "id": {"help_text": "The tag's number."},
            "slug": {"help_text": "The tag's name in URLs, made from it: `rest-api`."},
            "name": {
                "validators": [unique_case_insensitively(Tag, "name")],
                "help_text": "The tag's name, taken by no other in any case: `REST API`.",
            },
        }


class TagNamesField(serializers.ListField):
    """Tags as a list of names, both ways; in the browsable API's form, one comma-separated text."""

    child = NormalizedCharField(max_length=Tag._meta.get_field("name").max_length)

    def __init__(self, **kwargs):
        # DRF's HTML forms cannot edit a list; this template offers a text box of names instead.
        kwargs.setdefault("style", {"template": "posts/tag_names_input.html"})
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        if html.is_html_input(dictionary) and isinstance(value, list):
            return [name.strip() for text in value for name in text.split(",") if name.strip()]
        return value

    def to_representation(self, tags):
        return [tag.name for tag in tags.all()]


@extend_schema_field({"type": "string", "nullable": True})
class CategorySlugField(serializers.SlugRelatedField):
    """A category by its slug, or none: null, or "" as HTML forms send it."""

    def to_internal_value(self, slug):
        # No slug holds a NUL, and PostgreSQL cannot even compare one (a 500).
        if isinstance(slug, str) and "\x00" in slug:
            self.fail("does_not_exist", slug_name=self.slug_field, value=slug)
        return super().to_internal_value(slug)


# For serializers that write their representation out, for speed: for a page of 20, DRF's generic
# path (building the fields, then reading and converting each one of each row) cost more than the
# database. Each of Meta.fields is read by the serializer's `read_<name>` (a method or an
# attrgetter) if it has one, else as the instance's attribute of that name; dates as DRF's
# DateTimeField writes them (ISO 8601 in the current time zone, UTC as Z), the time zone looked up
# once per answer, not for each date. tests/posts/test_post_representation.py holds this equal to
# DRF's path. No docstring: the schema would take it for the serializers' description.
class WrittenOut:
    def to_representation(self, instance):
        return {name: read(instance) for name, read in self.readers}

    @cached_property
    def readers(self):
        time_zone = timezone.get_current_timezone()
        return [
            (name, date_reader(name, time_zone) if read is None else read.__get__(self))
            for name, read in readers_of(type(self))
        ]


@cache
def readers_of(serializer_class):
    """Each of the serializer's Meta.fields with its reader, to bind to a serializer: its
    `read_<name>`, or the attribute of that name; None for a date (read in the answer's zone)."""
    readers = []
    for name in serializer_class.Meta.fields:
        read = getattr(serializer_class, f"read_{name}", None)
        if read is None:
            field = serializer_class.Meta.model._meta.get_field(name)
            if not isinstance(field, models.DateTimeField):
                read = staticmethod(attrgetter(name))
        elif not isinstance(read, FunctionType):  # An attrgetter: given the instance alone.
            read = staticmethod(read)
        readers.append((name, read))
    return readers


def date_reader(name, time_zone):
    def read(instance):
        moment = getattr(instance, name)
        if moment is None:
            return None
        text = moment.astimezone(time_zone).isoformat()
        return f"{text[:-6]}Z" if text.endswith("+00:00") else text

    return read


def tags_named(names):
    """The tags with these names, whatever their case, creating the ones that do not exist."""
    return [
        Tag.objects.get_or_create(name_key=comparison_key(name), defaults={"name": name})[0]
        for name in names
    ]


@extend_schema_serializer(
    description="A post: a draft, seen by its author and staff only, or published.",
    examples=[
        request_example(
            "A published post",
            {
                "title": "Testing an API from its schema",
                "body": "Every example in the docs is a request that works.",
                "status": "published",
                "category": "django",
                "tags": ["django", "testing"],
            },
        )
    ],
)
class PostSerializer(WrittenOut, StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="post-detail", lookup_field="slug", help_text="The post's page."
    )
    author = AuthorSerializer(read_only=True, help_text="Who wrote it.")
    category = CategorySlugField(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="The slug of the post's category (`django`); null for none.",
    )
    tags = TagNamesField(
        required=False,
        max_length=MAX_TAGS_PER_POST,
        error_messages={"max_length": f"A post has at most {MAX_TAGS_PER_POST} tags."},
        help_text=f"Tag names, at most {MAX_TAGS_PER_POST}.",
    )
    liked = serializers.BooleanField(read_only=True, help_text="Whether you like this post.")
    # Links, so that the browsable API and clients get from a post to what hangs off it.
    comments = serializers.SerializerMethodField(help_text="The post's comments (a URL).")
    like = serializers.SerializerMethodField(
        help_text="Your like of the post (a URL): GET whether you like it, POST, DELETE."
    )

    class Meta:
        model = Post
        extra_kwargs = {
            "id": {"help_text": "The post's number."},
            "slug": {"help_text": "The post's name in URLs, made from its title."},
            "title": {"help_text": "The post's title, on one line."},
            "body": {"help_text": "The post's text: plain text, line breaks kept."},
            "status": {"help_text": "A draft is seen by its author and staff only."},
            "comment_count": {"help_text": "How many comments it has."},
            "like_count": {"help_text": "How many users like it."},
            "created_at": {"help_text": "When it was written."},
            "updated_at": {"help_text": "When it was last changed."},
            "published_at": {"help_text": "When it was first published; null for a draft."},
        }
        fields = [
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
        ]
        read_only_fields = [
            "slug",
            "comment_count",
            "like_count",
            "created_at",
            "updated_at",
            "published_at",
        ]

    def read_url(self, post):
        return f"{self.posts_url}{post.slug}/"

    def get_comments(self, post) -> str:
        return f"{self.read_url(post)}comments/"

    def get_like(self, post) -> str:
        return f"{self.read_url(post)}like/"

    read_comments = get_comments
    read_like = get_like
    read_category = attrgetter("category_slug")
    read_tags = attrgetter("tag_names")

    def read_author(self, post):
        return {"username": post.author_username}

    def read_liked(self, post):
        liked = getattr(post, "liked", None)  # Annotated by Post.objects.for_reader.
        if liked is None:
            liked = post.is_liked_by(self.context["request"].user)
        return bool(liked)

    @cached_property
    def posts_url(self):
        """The post list's absolute URL, reversed once per answer; a post's is it plus its slug."""
        return self.context["request"].build_absolute_uri(reverse("post-list"))

    def validate_tags(self, names):
        folded = {}
        for name in names:
            folded.setdefault(comparison_key(name), name)
        return list(folded.values())

    def create(self, validated_data):
        tag_names = validated_data.pop("tags", [])
        with counters.applied_together():
            post = super().create(validated_data)
            post.tags.set(tags_named(tag_names))
        return post

    def update(self, post, validated_data):
        tag_names = validated_data.pop("tags", None)
        with counters.applied_together():
            post = super().update(post, validated_data)
            if tag_names is not None:
                post.tags.set(tags_named(tag_names))
        return post


@extend_schema_serializer(
    description="A comment on a post.",
    examples=[request_example("A comment", {"body": "Thanks: this saved me an afternoon."})],
)
class CommentSerializer(WrittenOut, StrictModelSerializer):
    author = AuthorSerializer(read_only=True, help_text="Who wrote it.")
    post = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The slug of the post it is on."
    )
    post_url = serializers.SerializerMethodField(help_text="The post it is on (a URL).")

    class Meta:
        model = Comment
        fields = ["id", "post", "post_url", "author", "body", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "id": {"help_text": "The comment's number."},
            "body": {"help_text": "The comment's text: plain text, line breaks kept."},
            "created_at": {"help_text": "When it was written."},
            "updated_at": {"help_text": "When it was last changed."},
        }

    read_post = attrgetter("post.slug")

    def get_post_url(self, comment) -> str:
        path = reverse("post-detail", kwargs={"slug": comment.post.slug})
        return self.context["request"].build_absolute_uri(path)

    read_post_url = get_post_url

    def read_author(self, comment):
        return {"username": comment.author.username}


@extend_schema_serializer(
    description="The post's like count, and whether you like it, after liking or unliking."
)
class LikeSerializer(serializers.ModelSerializer):
    """What liking and unliking answer: the post's like count and whether you like it."""

    liked = serializers.BooleanField(read_only=True, help_text="Whether you like it now.")

    class Meta:
        model = Post
        fields = ["liked", "like_count"]
        read_only_fields = fields
        extra_kwargs = {"like_count": {"help_text": "How many users like it now."}}
