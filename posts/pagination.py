"""The post list's pages."""

from django.core.paginator import Paginator

from config.pagination import PageNumberPagination


class PostPaginator(Paginator):
    """Counts the posts as filtered, and joins their authors and categories for the page alone.

    Counted through those joins, which cannot change the count, the COUNT took 0.97 ms on SQLite
    against 0.04 ms, and the whole post list 4.26 ms against 4.00 on PostgreSQL (README,
    Performance).
    """

    def page(self, number):
        page = super().page(number)
        page.object_list = page.object_list.with_names()
        return page


class PostPagination(PageNumberPagination):
    django_paginator_class = PostPaginator
