"""The post counters: each category's and tag's published posts, each author's posts by status
(AuthorStats) and all posts by status (StatusCount).

Kept exact in the transaction that changes what they count, from the three places every change
to a post goes through, whoever makes it (the API, the admin, a cascade): `Post.save` (status,
category, author), and posts.signals for the tags (`m2m_changed`) and deletions (`pre_delete`
and `post_delete`, see `deletion_begins`).
The post's row is locked while its old state is read, so two requests changing one post count
it once. A queryset's `update()` or `bulk_create()` goes around them: `manage.py recount`
recomputes every counter from the rows (`recount`).
"""

from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Q

from posts.models import AuthorStats, Category, Post, StatusCount, Tag

PUBLISHED = Post.Status.PUBLISHED
PostTag = Post.tags.through
pending_changes = ContextVar("pending_changes", default=None)


def locked_state(post_id):
    """(status, category_id, author_id) of the post as stored, its row locked until the end of
    the transaction; None if there is no such post."""
    return (
        Post.objects.select_for_update()
        .filter(pk=post_id)
        .values_list("status", "category_id", "author_id")
        .first()
    )


def tag_ids_of(post_id):
    return list(PostTag.objects.filter(post_id=post_id).values_list("tag_id", flat=True))


def contribution(state, tag_ids, sign):
    """What a post in `state` adds to each counter (`sign` -1 to take it away)."""
    if state is None:
        return Counter()
    status, category_id, author_id = state
    counts = Counter({("status", status): sign, ("author", author_id, status): sign})
    if status == PUBLISHED:
        if category_id is not None:
            counts[("category", category_id)] += sign
        for tag_id in tag_ids:
            counts[("tag", tag_id)] += sign
    return counts


def post_saved(post, before):
    """Counts the change from `before` (locked_state before the save, None for a new post)."""
    after = (post.status, post.category_id, post.author_id)
    if before == after:
        return
    # The tags count only for a published post: read them when it is published or unpublished
    # (a new post has none yet: they are linked once it has an id).
    was, now = before is not None and before[0] == PUBLISHED, post.status == PUBLISHED
    tag_ids = tag_ids_of(post.pk) if before is not None and was != now else ()
    changes = contribution(after, tag_ids, 1)
    changes.update(contribution(before, tag_ids, -1))
    apply(changes)


@dataclass
class PostDeletion:
    """What one deletion (of a post, a user, a queryset) has read of the posts it deletes, under
    their locks: their ids, and what they take from each counter, applied by `deletion_done`."""

    post_ids: set = field(default_factory=set)
    counters_taken: Counter = field(default_factory=Counter)
    # A deleted user's: their comments and likes on the others' posts were uncounted at once.
    writer_id: int | None = None
    # Kept on the origin once applied, to the end of the deletion: Django may send a comment's
    # post_delete after the posts' (uncounted_already), but a later deletion starts afresh.
    applied: bool = False


def deletion_of(origin):
    """The deletion under way whose `origin` (Django's name for the instance or queryset whose
    delete() runs) it is, kept on that object; a new one if none is."""
    deletion = origin.__dict__.get("post_deletion")
    if deletion is None or deletion.applied:
        deletion = origin.__dict__["post_deletion"] = PostDeletion()
    return deletion


def deletion_begins(origin, posts):
    """Before `origin.delete()`: locks `posts` (a queryset of the posts it deletes) and reads what
    they take from each counter, in two queries however many posts there are.

    Every post is locked before any counter is: a request editing one of them holds its row,
    then takes counter rows, so a deletion that took counters between two posts' locks could
    wait for it in a cycle. Locked before Django collects what is on them, too: a comment or
    like being added waits, then finds its post gone, rather than being left out of the
    collection and failing the deletion when it commits. A fresh record each time: what a failed
    try read is not counted again."""
    deletion = origin.__dict__["post_deletion"] = PostDeletion()
    states = list(  # Locked before their tags are read: a retag meanwhile waits.
        posts.select_for_update()
        .order_by("pk")
        .values_list("pk", "status", "category_id", "author_id")
    )
    tag_ids = defaultdict(list)
    published_links = PostTag.objects.filter(post__in=posts.filter(status=PUBLISHED))
    for post_id, tag_id in published_links.values_list("post_id", "tag_id"):
        tag_ids[post_id].append(tag_id)
    for post_id, *state in states:
        deletion.post_ids.add(post_id)
        deletion.counters_taken.update(contribution(tuple(state), tag_ids[post_id], -1))


def deletion_began(origin, post_id):
    """A post's pre_delete: reads, locked, a post that `deletion_begins` did not (one that
    appeared since, or a queryset deleted without it), while its tag links are still there."""
    deletion = deletion_of(origin)
    if post_id in deletion.post_ids:
        return
    state = locked_state(post_id)
    deletion.post_ids.add(post_id)
    deletion.counters_taken.update(contribution(state, tag_ids_of(post_id) if state else (), -1))


def uncounted_already(origin, post_id, writer_id):
    """Whether a comment or like that the deletion of `origin` takes along is not to be
    uncounted on its post: the post goes too, or its writer's were uncounted at once."""
    deletion = origin.__dict__.get("post_deletion")
    return deletion is not None and (
        post_id in deletion.post_ids or writer_id == deletion.writer_id
    )


def deletion_done(origin):
    """Applies what the deletion took, in one go and in `apply`'s order: at its first post's
    post_delete, which Django sends once every post is deleted; the others find it applied.
    Post by post, it would take the status counter between two posts' categories, while a
    request creating a post in the second category takes that category first, then the status
    counter."""
    deletion = origin.__dict__["post_deletion"]  # Its posts' pre_delete made it.
    if not deletion.applied:
        apply(deletion.counters_taken)
        deletion.applied = True


def links_changed(links, sign):
    """Counts tag links added (`sign` 1, after the fact) or about to be removed (-1)."""
    per_tag = links.filter(post__status=PUBLISHED).values("tag_id").annotate(n=Count("pk"))
    apply(Counter({("tag", row["tag_id"]): sign * row["n"] for row in per_tag}))


@contextmanager
def applied_together():
    """Sums what is `apply`'d in the block and applies it once, when the block ends.

    For a change that is several signals: retagging a post removes its old tags, then adds the
    new ones, and a request retagging another post the other way round would take the same two
    tag counters in the other order (a deadlock); summed, each takes them in `apply`'s order."""
    if pending_changes.get() is not None:
        yield
        return
    pending = Counter()
    token = pending_changes.set(pending)
    try:
        yield
    finally:
        pending_changes.reset(token)
    apply(pending)


def apply(changes):
    """Adds each change to its counter, always in one order (of the keys), so that two
    transactions never each hold a counter row the other waits for."""
    pending = pending_changes.get()
    if pending is not None:
        pending.update(changes)
        return
    for key in sorted(key for key, delta in changes.items() if delta):
        delta = changes[key]
        kind, *ids = key
        if kind == "category":
            Category.objects.filter(pk=ids[0]).update(post_count=F("post_count") + delta)
        elif kind == "tag":
            Tag.objects.filter(pk=ids[0]).update(post_count=F("post_count") + delta)
        elif kind == "author":
            author_id, status = ids
            column = "post_count" if status == PUBLISHED else "draft_count"
            add_to_row(AuthorStats, "user_id", author_id, column, delta)
        else:
            add_to_row(StatusCount, "status", ids[0], "post_count", delta)


def add_to_row(model, key_column, key, column, delta):
    """Adds `delta` to `column` of the row of `model` keyed `key`. A positive one creates the row
    if it is missing, in one statement, with no window for another to create it in between; a
    negative one has a row to take from (a CHECK would refuse the row it proposes anyway)."""
    if delta < 0:
        model.objects.filter(**{key_column: key}).update(**{column: F(column) + delta})
        return
    table, quote = model._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({quote(key_column)}, {quote(column)}) "  # noqa: S608 - our own names
            f"VALUES (%s, %s) ON CONFLICT ({quote(key_column)}) DO UPDATE "
            f"SET {quote(column)} = {quote(table)}.{quote(column)} + excluded.{quote(column)}",
            [key, delta],
        )


def recount_while_posts_wait():
    """`recount()` in a transaction of its own, writes to posts waiting meanwhile (reads go on):
    for `manage.py recount` and the scheduler's nightly check (posts.tasks.check_post_counters)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A post written between the counting and the writing would be counted wrong; SHARE
            # lets reads through. SQLite's transaction already holds the write lock.
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE posts_post, posts_post_tags IN SHARE MODE")
        return recount()


def recount():
    """Sets every counter to what the rows say; answers how many counters were wrong, by kind."""
    published = Q(posts__status=PUBLISHED)
    fixed = {}
    for model in (Category, Tag):
        wrong = model.objects.annotate(actual=Count("posts", filter=published)).exclude(
            post_count=F("actual")
        )
        rows = [model(pk=pk, post_count=actual) for pk, actual in wrong.values_list("pk", "actual")]
        model.objects.bulk_update(rows, ["post_count"], batch_size=1000)
        fixed[model._meta.verbose_name_plural] = len(rows)
    fixed["authors"] = recount_authors()
    fixed["statuses"] = recount_statuses()
    return fixed


def recount_authors():
    actual = defaultdict(lambda: {"post_count": 0, "draft_count": 0})
    for author_id, status, n in (
        Post.objects.values_list("author_id", "status").annotate(n=Count("pk")).order_by()
    ):
        actual[author_id]["post_count" if status == PUBLISHED else "draft_count"] = n
    stored = {
        stats.pk: {"post_count": stats.post_count, "draft_count": stats.draft_count}
        for stats in AuthorStats.objects.all()
    }
    wrong = {
        user_id: actual[user_id]
        for user_id in actual.keys() | stored.keys()
        if stored.get(user_id) != actual[user_id]
    }
    AuthorStats.objects.filter(pk__in=list(wrong)).delete()
    AuthorStats.objects.bulk_create(
        (AuthorStats(user_id=user_id, **counts) for user_id, counts in wrong.items()),
        batch_size=1000,
    )
    return len(wrong)


def recount_statuses():
    actual = dict.fromkeys(Post.Status.values, 0)
    actual.update(Post.objects.values_list("status").annotate(n=Count("pk")).order_by())
    stored = dict(StatusCount.objects.values_list("status", "post_count"))
    wrong = {status: n for status, n in actual.items() if stored.get(status, 0) != n}
    StatusCount.objects.filter(pk__in=list(wrong)).delete()
    StatusCount.objects.bulk_create(StatusCount(status=s, post_count=n) for s, n in wrong.items())
    return len(wrong)
