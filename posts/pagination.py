"""The post list's pages."""

from django.core.paginator import Paginator

from api.pagination import BoundedPageNumberPagination


class PostPaginator(Paginator):
    """Counts the posts as filtered, and joins their authors and categories for the page alone.

    The joins cannot change the count, but a COUNT through them reads both tables for every post
    that matches; counting the filtered posts alone reads one index (figures: README, Performance).
    """

    def page(self, number):
        page = super().page(number)
        page.object_list = page.object_list.with_names()
        return page


class PostPagination(BoundedPageNumberPagination):
    django_paginator_class = PostPaginator
