"""`manage.py recount`: sets every post counter to what the rows say, and tells what it fixed."""

from django.core.management.base import BaseCommand

from posts.counters import recount_while_posts_wait


class Command(BaseCommand):
    help = (
        "Recomputes the post counters (categories', tags', authors', statuses') from the posts, "
        "and says how many were wrong. Writes to posts wait while it runs (seconds at a million)."
    )

    def handle(self, *args, **options):
        corrected = recount_while_posts_wait()
        for kind, number in corrected.items():
            self.stdout.write(f"{kind}: {number} corrected")
