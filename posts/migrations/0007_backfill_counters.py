"""Fills the counters of 0006 from the rows: each category's and tag's published posts, each
author's posts by status, all posts by status. One statement each, set-based, so that it takes
seconds on a million posts. Reversed, there is nothing to undo: 0006's reversal drops them."""

from django.db import migrations
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

PUBLISHED = "published"


def published_count(model, field):
    """The number of published posts linked through `field` to the outer row, as a subquery."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")}, **{f"{prefix(field)}status": PUBLISHED})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def prefix(field):
    return "post__" if field == "tag" else ""


def backfill(apps, schema_editor):
    Category, Tag, Post = (apps.get_model("posts", name) for name in ("Category", "Tag", "Post"))
    AuthorStats, StatusCount = (apps.get_model("posts", n) for n in ("AuthorStats", "StatusCount"))
    PostTag = Post.tags.through
    Category.objects.update(post_count=published_count(Post, "category"))
    Tag.objects.update(post_count=published_count(PostTag, "tag"))
    per_author = (
        Post.objects.order_by()
        .values("author_id")
        .annotate(
            published=Count("pk", filter=Q(status=PUBLISHED)),
            drafts=Count("pk", filter=~Q(status=PUBLISHED)),
        )
    )
    AuthorStats.objects.bulk_create(
        (
            AuthorStats(user_id=row["author_id"], post_count=row["published"], draft_count=row["drafts"])
            for row in per_author.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    StatusCount.objects.bulk_create(
        StatusCount(status=status, post_count=n)
        for status, n in Post.objects.order_by().values_list("status").annotate(n=Count("pk"))
    )


class Migration(migrations.Migration):
    dependencies = [("posts", "0006_counters")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False)]
