"""The floor: what plain Django can do for the same answers, as hand-written as it gets.

Each view answers what the API answers an anonymous reader for the same request (the same JSON
content, from the same tables: see tests/bench/test_floor.py), with `.values()` rows, dicts and
`JsonResponse`, and none of DRF: no serializers, filter backends, throttles or content
negotiation. The benchmark measures the API's throughput as a ratio of these views'. Links point at
the API's own URLs, so that both answers are equal.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import F
from django.http import JsonResponse
from django.urls import reverse

from posts.models import Comment, Post

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
POST_ORDER = [F("published_at").desc(nulls_last=True), "-created_at", "-pk"]
POST_COLUMNS = [
    "id",
    "slug",
    "title",
    "body",
    "status",
    "category__slug",
    "author__username",
    "comment_count",
    "like_count",
    "created_at",
    "updated_at",
    "published_at",
]
COMMENT_COLUMNS = ["id", "author__username", "body", "created_at", "updated_at"]


def iso(moment):
    """A datetime as DRF writes it: ISO 8601, `Z` for UTC."""
    if moment is None:
        return None
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def not_found(detail="No Post matches the given query."):
    return JsonResponse({"detail": detail}, status=404)


def positive_int(text, default):
    try:
        number = int(text)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def page_link(request, base, page):
    """The list's URL for another page, its query sorted as DRF sorts it; page 1 has no `page`."""
    params = {key: values for key, values in request.GET.lists() if key != "page"}
    if page > 1:
        params["page"] = [str(page)]
    query = urlencode(sorted(params.items()), doseq=True)
    return f"{base}?{query}" if query else base


def paginated(request, rows, columns, base):
    """One page of `rows` (a queryset) as dicts of `columns`, in the API's envelope, or None
    past the end."""
    page = positive_int(request.GET.get("page"), 1)
    size = min(positive_int(request.GET.get("page_size"), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    count = rows.count()  # Before `.values()`, whose joins the count does not need.
    last_page = max((count + size - 1) // size, 1)
    if page > last_page:
        return None
    return {
        "count": count,
        "count_exact": True,
        "next": page_link(request, base, page + 1) if page < last_page else None,
        "previous": page_link(request, base, page - 1) if page > 1 else None,
        "results": list(rows.values(*columns)[(page - 1) * size : page * size]),
    }


def tag_names(post_ids):
    """Each post's tag names, in the tags' order (by name), in one query."""
    names = defaultdict(list)
    links = (
        Post.tags.through.objects.filter(post_id__in=post_ids)
        .order_by("tag__name")
        .values_list("post_id", "tag__name")
    )
    for post_id, name in links:
        names[post_id].append(name)
    return names


def post_dicts(rows, posts_url):
    names = tag_names([row["id"] for row in rows])
    return [
        {
            "id": row["id"],
            "url": f"{posts_url}{row['slug']}/",
            "slug": row["slug"],
            "title": row["title"],
            "body": row["body"],
            "status": row["status"],
            "category": row["category__slug"],
            "tags": names[row["id"]],
            "author": {"username": row["author__username"]},
            "comment_count": row["comment_count"],
            "like_count": row["like_count"],
            "liked": False,
            "comments": f"{posts_url}{row['slug']}/comments/",
            "like": f"{posts_url}{row['slug']}/like/",
            "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]),
            "published_at": iso(row["published_at"]),
        }
        for row in rows
    ]


def published_posts():
    return Post.objects.filter(status=Post.Status.PUBLISHED)


def post_list(request):
    """GET /api/v1/posts/ for an anonymous reader: `page`, `page_size` and `tag`."""
    posts = published_posts()
    if tag := request.GET.get("tag"):
        posts = posts.filter(tags__slug=tag)
    posts_url = request.build_absolute_uri(reverse("post-list"))
    page = paginated(request, posts.order_by(*POST_ORDER), POST_COLUMNS, posts_url)
    if page is None:
        return not_found("Invalid page.")
    page["results"] = post_dicts(page["results"], posts_url)
    return JsonResponse(page)


def post_detail(request, slug):
    """GET /api/v1/posts/{slug}/ for an anonymous reader."""
    rows = list(published_posts().filter(slug=slug).values(*POST_COLUMNS))
    if not rows:
        return not_found()
    return JsonResponse(post_dicts(rows, request.build_absolute_uri(reverse("post-list")))[0])


def comment_list(request, post_slug):
    """GET /api/v1/posts/{slug}/comments/ for an anonymous reader."""
    post_id = published_posts().filter(slug=post_slug).values_list("id", flat=True).first()
    if post_id is None:
        return not_found()
    comments = Comment.objects.filter(post_id=post_id).order_by("created_at", "pk")
    base = request.build_absolute_uri(reverse("comment-list", kwargs={"post_slug": post_slug}))
    page = paginated(request, comments, COMMENT_COLUMNS, base)
    if page is None:
        return not_found("Invalid page.")
    post_url = request.build_absolute_uri(reverse("post-detail", kwargs={"slug": post_slug}))
    page["results"] = [
        {
            "id": row["id"],
            "post": post_slug,
            "post_url": post_url,
            "author": {"username": row["author__username"]},
            "body": row["body"],
            "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]),
        }
        for row in page["results"]
    ]
    return JsonResponse(page)
