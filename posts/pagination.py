"""The post list's pages."""

from django.core.paginator import Paginator

from config.pagination import PageNumberPagination


class PostPaginator(Paginator):
    """Counts the posts as filtered, and joins their authors and categories for the page alone.

    Counted through those joins, which cannot change the count, the post list took half as long
    again on SQLite, and the count a third longer on PostgreSQL (bench/results.md).
    """

    def page(self, number):
        page = super().page(number)
        page.object_list = page.object_list.with_names()
        return page


class PostPagination(PageNumberPagination):
    django_paginator_class = PostPaginator
