"""Query parameters of the post list."""

import django_filters

from posts.models import Post


class PostFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__slug", help_text="Category slug.")
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="Tag slug.")
    author = django_filters.CharFilter(
        field_name="author__username", lookup_expr="iexact", help_text="Author's username."
    )
    status = django_filters.ChoiceFilter(
        choices=Post.Status.choices,
        method="filter_status",
        help_text="`draft` lists your own drafts.",
    )

    class Meta:
        model = Post
        fields = ["category", "tag", "author", "status"]

    def filter_status(self, posts, name, value):
        if value == Post.Status.DRAFT:
            user = self.request.user
            if not user.is_authenticated:
                return posts.none()
            return posts.filter(status=Post.Status.DRAFT, author=user)
        return posts.filter(status=value)
