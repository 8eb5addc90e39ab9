"""Fill an empty development database with accounts and posts to try the API with."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from api.names import comparison_key
from posts.models import Category, Comment, Like, Post
from posts.serializers import tags_named

# Printed in the README too: keep them in step.
DEMO_ACCOUNTS = [
    {
        "username": "admin",
        "email": "admin@example.com",
        "password": "demo-admin-2026",
        "staff": True,
    },
    {
        "username": "alice",
        "email": "alice@example.com",
        "password": "demo-alice-2026",
        "staff": False,
    },
    {"username": "bob", "email": "bob@example.com", "password": "demo-bob-2026", "staff": False},
]

CATEGORIES = {
    "Django": "The web framework for perfectionists with deadlines.",
    "APIs": "Designing, building and consuming HTTP APIs.",
    "Life": "Everything else.",
}

POSTS = [
    {
        "author": "alice",
        "title": "Getting started with Django REST framework",
        "category": "Django",
        "tags": ["python", "django", "rest"],
        "status": Post.Status.PUBLISHED,
        "body": "Serializers, viewsets and routers: the three pieces that make an API.",
    },
    {
        "author": "alice",
        "title": "Why we sign tokens with JWT",
        "category": "APIs",
        "tags": ["jwt", "security"],
        "status": Post.Status.PUBLISHED,
        "body": "Stateless access tokens, rotating refresh tokens and a blacklist for logout.",
    },
    {
        "author": "bob",
        "title": "Paginating large lists",
        "category": "APIs",
        "tags": ["rest", "performance"],
        "status": Post.Status.PUBLISHED,
        "body": "Page numbers, page sizes and why every list needs a maximum.",
    },
    {
        "author": "bob",
        "title": "A weekend in the mountains",
        "category": "Life",
        "tags": ["travel"],
        "status": Post.Status.PUBLISHED,
        "body": "No laptop, no phone, no pull requests.",
    },
    {
        "author": "alice",
        "title": "Notes for a talk on caching",
        "category": "Django",
        "tags": ["performance", "django"],
        "status": Post.Status.DRAFT,
        "body": "Unfinished: only alice and staff can see this draft.",
    },
]

COMMENTS = [
    ("Getting started with Django REST framework", "bob", "Clear and to the point, thanks!"),
    ("Getting started with Django REST framework", "admin", "Pinned for the newcomers."),
    ("Why we sign tokens with JWT", "bob", "How long do your access tokens live?"),
    ("Why we sign tokens with JWT", "alice", "Fifteen minutes; the refresh token rotates."),
    ("Paginating large lists", "alice", "Cursor pagination next?"),
]

LIKES = [
    ("Getting started with Django REST framework", "bob"),
    ("Getting started with Django REST framework", "admin"),
    ("Why we sign tokens with JWT", "bob"),
    ("Paginating large lists", "alice"),
]


class Command(BaseCommand):
    help = "Loads demo accounts, posts, comments and likes. Safe to run again: adds nothing twice."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: not loaded with DEBUG off.")

        users = {account["username"]: self.demo_user(account) for account in DEMO_ACCOUNTS}
        categories = {
            name: Category.objects.get_or_create(
                name_key=comparison_key(name), defaults={"name": name, "description": text}
            )[0]
            for name, text in CATEGORIES.items()
        }
        posts = {}
        for spec in POSTS:
            post, created = Post.objects.get_or_create(
                title=spec["title"],
                author=users[spec["author"]],
                defaults={
                    "body": spec["body"],
                    "status": spec["status"],
                    "category": categories[spec["category"]],
                },
            )
            if created:
                post.tags.set(tags_named(spec["tags"]))
            posts[spec["title"]] = post
        for title, username, body in COMMENTS:
            Comment.objects.get_or_create(post=posts[title], author=users[username], body=body)
        for title, username in LIKES:
            Like.objects.get_or_create(post=posts[title], user=users[username])

        self.stdout.write(self.style.SUCCESS("Demo data loaded. Accounts (username / password):"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']} / {account['password']}")

    def demo_user(self, account):
        user, created = User.objects.get_or_create(
            username_key=comparison_key(account["username"]),
            defaults={
                "username": account["username"],
                "email": account["email"],
                "is_staff": account["staff"],
                "is_superuser": account["staff"],
            },
        )
        if created:
            user.set_password(account["password"])
            user.save(update_fields=["password"])
        return user
