"""Query parameters of the post list."""

import django_filters
from django.core.exceptions import ValidationError

from api.names import comparison_key
from posts.models import Post


class GivenChoiceField(django_filters.fields.ChoiceField):
    """A choice that must be one of them when given: django-filter reads `?status=` as no filter."""

    def clean(self, value):
        if value == "":  # Given empty; a parameter left out is None.
            raise ValidationError("Select a valid choice, not an empty one.", code="invalid_choice")
        return super().clean(value)


class GivenChoiceFilter(django_filters.ChoiceFilter):
    field_class = GivenChoiceField


class PostFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__slug", help_text="Category slug.")
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="Tag slug.")
    author = django_filters.CharFilter(method="filter_author", help_text="Author's username.")
    status = GivenChoiceFilter(
        choices=Post.Status.choices,
        method="filter_status",
        help_text="`draft` lists your own drafts.",
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
