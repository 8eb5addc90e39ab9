"""How categories, tags, posts and comments read and are written."""

from rest_framework import serializers
from rest_framework.utils import html
from rest_framework.validators import UniqueValidator

from accounts.models import User
from posts.models import Category, Comment, Post, Tag

MAX_TAGS_PER_POST = 5


class AuthorSerializer(serializers.ModelSerializer):
    """The public face of a user: never their e-mail."""

    class Meta:
        model = User
        fields = ["username"]
        read_only_fields = fields


def unique_name(model):
    """Names differing only in case would make the same slug and confuse readers."""
    return UniqueValidator(
        queryset=model.objects.all(),
        lookup="iexact",
        message=f"A {model._meta.verbose_name} with that name already exists.",
    )


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="category-detail", lookup_field="slug")
    post_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Category
        fields = ["id", "url", "slug", "name", "description", "post_count"]
        read_only_fields = ["slug"]
        extra_kwargs = {"name": {"validators": [unique_name(Category)]}}


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="tag-detail", lookup_field="slug")
    post_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Tag
        fields = ["id", "url", "slug", "name", "post_count"]
        read_only_fields = ["slug"]
        extra_kwargs = {"name": {"validators": [unique_name(Tag)]}}


class TagNamesField(serializers.ListField):
    """Tags as a list of names, both ways; in the browsable API's form, one comma-separated text."""

    child = serializers.CharField(max_length=Tag._meta.get_field("name").max_length)

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


def tags_named(names):
    """The tags with these names, whatever their case, creating the ones that do not exist."""
    return [
        Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})[0] for name in names
    ]


class PostSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="post-detail", lookup_field="slug")
    author = AuthorSerializer(read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), required=False, allow_null=True
    )
    tags = TagNamesField(required=False, help_text=f"Tag names, at most {MAX_TAGS_PER_POST}.")
    liked = serializers.BooleanField(read_only=True, help_text="Whether you like this post.")

    class Meta:
        model = Post
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

    def validate_tags(self, names):
        folded = {}
        for name in names:
            folded.setdefault(name.lower(), name)
        if len(folded) > MAX_TAGS_PER_POST:
            raise serializers.ValidationError(
                f"A post has at most {MAX_TAGS_PER_POST} tags; {len(folded)} were given."
            )
        return list(folded.values())

    def create(self, validated_data):
        tag_names = validated_data.pop("tags", [])
        post = super().create(validated_data)
        post.tags.set(tags_named(tag_names))
        post.liked = False  # Nobody has liked a post that did not exist a moment ago.
        return post

    def update(self, post, validated_data):
        tag_names = validated_data.pop("tags", None)
        post = super().update(post, validated_data)
        if tag_names is not None:
            post.tags.set(tags_named(tag_names))
        return post


class CommentSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True)
    post = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "post", "author", "body", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class LikeSerializer(serializers.ModelSerializer):
    """What liking and unliking answer: the post's like count and whether you like it."""

    liked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Post
        fields = ["liked", "like_count"]
        read_only_fields = fields
