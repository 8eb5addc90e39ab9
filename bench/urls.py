"""The project's URLs plus the floor's (first: `/api/` ends in a catch-all), under `/api/` so that
both go through the same middleware, and read outside a transaction as the API's views do.
Mounted only by `bench.settings` and the floor's test."""

from django.urls import include, path

from api.transactions import with_atomic_writes
from bench import floor

urlpatterns = [
    *with_atomic_writes(
        [
            path("api/floor/posts/", floor.post_list, name="floor-post-list"),
            path("api/floor/posts/<slug:slug>/", floor.post_detail, name="floor-post-detail"),
            path(
                "api/floor/posts/<slug:post_slug>/comments/",
                floor.comment_list,
                name="floor-comment-list",
            ),
        ]
    ),
    path("", include("config.urls")),
]
