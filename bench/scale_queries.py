"""The queries of each request of `make bench-scale` (bench/scale.py), counted through Django.

`python -m bench.scale_queries USERNAME` (with the server's environment) prints one JSON object:
an access token of USERNAME, for the requests sent signed in, and the queries of each request.
The posts it creates to count are deleted again, so that the data set stays as generated.
"""

import json
import os
import sys


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
    queries = {}
    for request in REQUESTS:
        sent = headers if request.method == "POST" else HEADERS
        queries[request.name], _ = count_queries(client, request.method, request.path, sent, body)
    for post in Post.objects.filter(title=body["title"], author__username=username):
        post.delete()  # One by one, as the API deletes: the counters count it.
    return {"token": token, "queries": queries}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(count(sys.argv[1])))
