"""Query parameters of the post and tag lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Subquery

from accounts.models import User
from api.names import comparison_key
from posts.models import Category, Post, StatusCount, Tag

# A tag on at most this many published posts, and on less than one in SPARSE of them, has its
# posts fetched by id (see PostFilter.filter_tag).
FEW_POSTS = 5000
SPARSE = 100


def category_choices():
    """The categories, offered by the browsable API's Filters form; called only when it renders."""
    return [("", "Any"), *Category.objects.order_by("name").values_list("slug", "name")]


def tag_choices():
    """The tags that have published posts, offered by the Filters form like the categories."""
    tags = Tag.objects.filter(post_count__gt=0).order_by("name")
    return [("", "Any"), *tags.values_list("slug", "name")]


class PostFilter(django_filters.FilterSet):
    """An empty parameter, as the Filters form submits a field left blank, is no filter.

    A category or an author is matched by its id, looked up in a subquery, rather than by a join
    on its slug or name: PostgreSQL then reads the page off the index on (category or author,
    the list's order) instead of walking the whole list's order to find the ones that match.
    """

    category = django_filters.CharFilter(
        method="filter_category",
        label="Category",
        help_text="A category's slug: lists the posts in that category.",
        widget=forms.Select(choices=category_choices),
    )
    tag = django_filters.CharFilter(
        method="filter_tag",
        label="Tag",
        help_text="A tag's slug, such as django-rest for the tag Django REST.",
        widget=forms.Select(choices=tag_choices),
    )
    author = django_filters.CharFilter(
        method="filter_author",
        label="Author",
        help_text="A username, in any case.",
    )
    status = django_filters.ChoiceFilter(
        choices=Post.Status.choices,
        empty_label="Any",
        method="filter_status",
        label="Status",
        help_text="Draft lists your own drafts only.",
    )

    class Meta:
        model = Post
        fields = ["category", "tag", "author", "status"]

    def filter_category(self, posts, name, value):
        return posts.filter(
            category=Subquery(Category.objects.filter(slug=value).order_by().values("pk"))
        )

    def filter_author(self, posts, name, value):
        author = User.objects.filter(username_key=comparison_key(value))
        return posts.filter(author=Subquery(author.order_by().values("pk")))

    def filter_tag(self, posts, name, value):
        """A tag on few posts, a small share of them, has them fetched by id and sorted; on
        many, or a good share, the list is walked in its order until a page of them is found,
        which takes few steps. PostgreSQL cannot tell the two apart before it runs the query (it
        takes every tag but the most common for an average one), and walked the list for a tag
        on 3 posts in a million: a second. The counters tell, read in one query: the tag's
        published posts and all of them."""
        published = StatusCount.objects.filter(status=Post.Status.PUBLISHED).values("post_count")
        tag = (
            Tag.objects.filter(slug=value)
            .annotate(published=Subquery(published))
            .values_list("pk", "post_count", "published")
            .first()
        )
        if tag is None:
            return posts.none()
        tag_id, tagged, published = tag
        # The id written out, so that the plan is made for this very tag.
        links = Post.tags.through.objects.filter(tag_id=tag_id)
        if tagged <= FEW_POSTS and tagged * SPARSE < (published or 0):
            return posts.filter(pk__in=list(links.values_list("post_id", flat=True)))
        return posts.filter(Exists(links.filter(post=OuterRef("pk"))))

    def filter_status(self, posts, name, value):
        if value == Post.Status.DRAFT:
            user = self.request.user
            if not user.is_authenticated:
                return posts.none()
            return posts.filter(status=Post.Status.DRAFT, author=user)
        return posts.filter(status=value)


class TagFilter(django_filters.FilterSet):
    """The tag list's filters: `has_posts=true` leaves out the tags no published post carries,
    as a tag filter offering them would lead to empty lists."""

    # A choice rather than a BooleanFilter, which takes any other word for "no filter".
    has_posts = django_filters.ChoiceFilter(
        choices=[("true", "With published posts"), ("false", "With no published post")],
        empty_label="Any",
        method="filter_has_posts",
        label="Has posts",
        help_text="Whether the tags listed are on at least one published post.",
    )

    class Meta:
        model = Tag
        fields = ["has_posts"]

    def filter_has_posts(self, tags, name, value):
        return tags.filter(post_count__gt=0) if value == "true" else tags.filter(post_count=0)
