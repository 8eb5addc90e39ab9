"""`manage.py recount`: sets every post counter to what the rows say, and tells what it fixed."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from posts.counters import recount


class Command(BaseCommand):
    help = (
        "Recomputes the post counters (categories', tags', authors', statuses') from the posts, "
        "and says how many were wrong. Writes to posts wait while it runs (seconds at a million)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A post written between the counting and the writing would be counted wrong;
                # SHARE lets reads through. SQLite's transaction already holds the write lock.
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE posts_post, posts_post_tags IN SHARE MODE")
            corrected = recount()
        for kind, number in corrected.items():
            self.stdout.write(f"{kind}: {number} corrected")
