"""Query parameters of the post and tag lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Subquery

from accounts.models import User
from api.names import comparison_key
from posts.models import Category, Post, Tag

# A tag with at most this many posts has them listed by id (see PostFilter.filter_tag).
FEW_POSTS = 5000


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
        """A tag on few posts has them fetched by id and sorted; on many, the list is walked in
        its order until a page of them is found, which takes few steps since they are many.
        PostgreSQL cannot tell the two apart before it runs the query (it takes every tag but
        the most common for an average one), and walked the list for a tag on 3 posts in a
        million: a second. Hence one query first, for up to FEW_POSTS + 1 of the tag's posts."""
        links = Post.tags.through.objects.filter(tag__slug=value)
        found = list(links.values_list("post_id", "tag_id")[: FEW_POSTS + 1])
        if len(found) <= FEW_POSTS:
            return posts.filter(pk__in=[post_id for post_id, _ in found])
        tag_id = found[0][1]  # Written out, so that the plan is made for this very tag.
        tagged = Post.tags.through.objects.filter(tag_id=tag_id, post=OuterRef("pk"))
        return posts.filter(Exists(tagged))

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
