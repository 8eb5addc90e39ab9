"""The post list's `count`, read off the counters (posts.counters) wherever one answers it.

Without a filter, or with one of category, tag or author, the published posts are a counter;
`status=published` leaves the drafts out. The drafts a signed-in user also sees, their own, are
counted from the rows (an index on author and status reads only theirs), in the same query as
the counter. A search or several filters at once have no counter: counted up to a cap.
"""

from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce

from api.names import comparison_key
from api.pagination import capped_count
from posts.models import AuthorStats, Category, Post, StatusCount, Tag

PUBLISHED, DRAFT = Post.Status.PUBLISHED, Post.Status.DRAFT
COUNTED_FILTERS = {
    None: lambda value: StatusCount.objects.filter(status=PUBLISHED),
    "category": lambda slug: Category.objects.filter(slug=slug),
    "tag": lambda slug: Tag.objects.filter(slug=slug),
    "author": lambda username: AuthorStats.objects.filter(
        user__username_key=comparison_key(username)
    ),
}


def count_posts(request, posts):
    """(count, exact) of `posts`, the post list the request filtered."""
    params = request.query_params
    named = [name for name in COUNTED_FILTERS if name and params.get(name)]
    if params.get("search") or len(named) > 1:
        return capped_count(posts)
    name = named[0] if named else None
    published = COUNTED_FILTERS[name](params.get(name)).order_by().values("post_count")
    status, user = params.get("status") or None, request.user
    if not user.is_authenticated or status == PUBLISHED:
        return (0 if status == DRAFT else value_of(published)), True
    drafts = posts.filter(status=DRAFT)
    if user.is_staff:  # Every author's drafts: no counter, so up to the cap.
        counted, exact = capped_count(drafts)
        return counted + (0 if status == DRAFT else value_of(published)), exact
    drafts = drafts.filter(author=user)  # All that visible_to lets through; said for the index.
    if status == DRAFT:
        return drafts.count(), True
    return drafts.aggregate(n=Count("pk") + Coalesce(Subquery(published), 0))["n"], True


def value_of(counter):
    """The counter's value; 0 without a row (an unknown slug, an author who never wrote). Each
    counter is keyed by a unique field: at most one row to add up."""
    return sum(counter.values_list("post_count", flat=True))
