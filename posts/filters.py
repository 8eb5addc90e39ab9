"""Query parameters of the post list."""

import django_filters
from django import forms

from api.names import comparison_key
from posts.models import Category, Post


def category_choices():
    """The categories, offered by the browsable API's Filters form; called only when it renders."""
    return [("", "Any"), *Category.objects.order_by("name").values_list("slug", "name")]


class PostFilter(django_filters.FilterSet):
    """An empty parameter, as the Filters form submits a field left blank, is no filter."""

    category = django_filters.CharFilter(
        field_name="category__slug",
        label="Category",
        help_text="A category's slug: lists the posts in that category.",
        widget=forms.Select(choices=category_choices),
    )
    tag = django_filters.CharFilter(
        field_name="tags__slug",
        label="Tag",
        help_text="A tag's slug, such as django-rest for the tag Django REST.",
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

    def filter_author(self, posts, name, value):
        return posts.filter(author__username_key=comparison_key(value))

    def filter_status(self, posts, name, value):
        if value == Post.Status.DRAFT:
            user = self.request.user
            if not user.is_authenticated:
                return posts.none()
            return posts.filter(status=Post.Status.DRAFT, author=user)
        return posts.filter(status=value)
