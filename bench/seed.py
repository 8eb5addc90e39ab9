"""The benchmark's data set, the same on every run: `python -m bench.seed` on a migrated database.

50 users, 8 categories, 30 tags, 2,000 posts (every tenth a draft) with 3 tags, 5 comments and
1 to 4 likes each; the counters are set as posts.signals would have kept them, and the post
counters recomputed from the rows (posts.counters.recount), which bulk_create went around.
"""

import os
from datetime import UTC, datetime, timedelta

USERS = 50
CATEGORIES = [
    "Django",
    "APIs",
    "Databases",
    "Performance",
    "Security",
    "Front end",
    "Operations",
    "Life",
]
TAGS = [
    "python", "django", "rest", "jwt", "postgresql", "sqlite", "redis", "caching", "testing",
    "pytest", "security", "performance", "profiling", "gunicorn", "nginx", "docker", "linux",
    "javascript", "react", "css", "html", "http", "json", "openapi", "orm", "migrations",
    "async", "celery", "logging", "career",
]  # fmt: skip
POSTS = 2000
TAGS_PER_POST = 3
COMMENTS_PER_POST = 5
PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway account on a throwaway database
WRITER = "writer"  # The signed-in user of the create scenario.
START = datetime(2025, 1, 1, tzinfo=UTC)
PARAGRAPH = (
    "Benchmarks measure what they are built to measure, and a page of twenty posts is mostly "
    "serialisation: fields read, dates formatted, links reversed, JSON written. The database "
    "answers a small indexed query in well under a millisecond; what costs is everything the "
    "framework does around it, once per field and once per row. "
)
BODY = PARAGRAPH * 3  # About 1 kB, as a short post.


def post_slug(number):
    return f"benchmark-post-{number}"


def is_draft(number):
    return number % 10 == 0


def seed():
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from posts.counters import recount
    from posts.models import Category, Comment, Like, Post, Tag

    password = make_password(PASSWORD)  # Hashed once: Argon2 costs a third of a second a hash.
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"user{n}", email=f"user{n}@example.com", password=password)
            for n in range(USERS - 1)
        )
        users.append(
            User.objects.create(username=WRITER, email="writer@example.com", password=password)
        )
        categories = Category.objects.bulk_create(
            Category(name=name, slug=name.lower().replace(" ", "-")) for name in CATEGORIES
        )
        tags = Tag.objects.bulk_create(Tag(name=name, slug=name) for name in TAGS)
        posts = Post.objects.bulk_create(
            Post(
                author=users[n % USERS],
                category=categories[n % len(CATEGORIES)],
                title=f"Benchmark post {n}",
                slug=post_slug(n),
                body=BODY,
                status=Post.Status.DRAFT if is_draft(n) else Post.Status.PUBLISHED,
                published_at=None if is_draft(n) else START + timedelta(hours=n),
                comment_count=COMMENTS_PER_POST,
                like_count=1 + n % 4,
            )
            for n in range(POSTS)
        )
        Post.tags.through.objects.bulk_create(
            Post.tags.through(post=post, tag=tags[(n * 7 + k * 11) % len(TAGS)])
            for n, post in enumerate(posts)
            for k in range(TAGS_PER_POST)
        )
        Comment.objects.bulk_create(
            Comment(post=post, author=users[(n + k + 1) % USERS], body=f"Comment {k} on {n}.")
            for n, post in enumerate(posts)
            for k in range(COMMENTS_PER_POST)
        )
        Like.objects.bulk_create(
            Like(post=post, user=users[(n + k + 7) % USERS])
            for n, post in enumerate(posts)
            for k in range(1 + n % 4)
        )
        recount()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # Plans as on a database that has lived a while.


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    seed()
