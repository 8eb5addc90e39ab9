"""The queries of each request of `make bench-scale` (bench/scale.py), counted through Django.

`python -m bench.scale_queries USERNAME` (with the server's environment) prints one JSON object:
an access token of USERNAME, for the requests sent signed in; the cursor halfway down the post
list (signed with the server's key); the queries of each request. The posts it creates to count
are deleted again, so that the data set stays as generated.
"""

import json
import os
import sys


def halfway_cursor():
    """The `cursor` of the post list's page that starts after its middle published post, as the
    API's own `next` link would hold it (the server refuses one of another ordering)."""
    from urllib.parse import parse_qs, urlsplit

    from api.cursor_pagination import KeysetCursorPagination
    from api.keyset import ordering_keys
    from posts.models import Post

    published = Post.objects.filter(status=Post.Status.PUBLISHED).order_by(*Post._meta.ordering)
    paginator = KeysetCursorPagination()
    paginator.base_url, paginator.keys = "/", ordering_keys(published)
    in_order = published.order_by(*(key.order_by() for key in paginator.keys))
    middle = in_order[in_order.count() // 2]
    link = paginator.encode_cursor(middle, backwards=False)
    return parse_qs(urlsplit(link).query)[paginator.cursor_query_param][0]


def count(username):
    from django.test import Client
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from bench.prepare import count_queries
    from bench.scale import HEADERS, REQUESTS
    from posts.models import Post

    token = str(RefreshToken.for_user(User.objects.get(username=username)).access_token)
    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    body = {"title": "Counting queries", "body": ".", "status": "draft"}
    client = Client(HTTP_HOST="127.0.0.1")
    halfway = halfway_cursor()
    queries = {}
    for request in REQUESTS:
        sent = headers if request.method == "POST" else HEADERS
        path = request.path.format(halfway=halfway)
        queries[request.name], _ = count_queries(client, request.method, path, sent, body)
    for post in Post.objects.filter(title=body["title"], author__username=username):
        post.delete()  # One by one, as the API deletes: the counters count it.
    return {"token": token, "halfway": halfway, "queries": queries}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(count(sys.argv[1])))
