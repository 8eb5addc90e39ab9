"""Before the load: each scenario once through Django, to count its queries and check its answer.

`python -m bench.prepare` (with the servers' environment) prints one JSON object: the signed-in
user's access token, and per scenario the queries of one request to the API and to the floor.
It stops the benchmark if a request fails, or if the floor's answer is not the API's.
"""

import json
import os
import sys


def count_queries(client, method, path, headers, body=None):
    """Queries of one request, after a first one that fills the process's caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def send():
        if method == "POST":
            return client.post(path, json.dumps(body), "application/json", headers=headers)
        return client.get(path, headers=headers)

    send()
    with CaptureQueriesContext(connection) as queries:
        response = send()
    if response.status_code not in (200, 201):
        sys.exit(f"{method} {path} answered {response.status_code}: {response.content[:500]!r}")
    return len(queries), response.json()


def prepare():
    from django.test import Client
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from bench.scenarios import HEADERS, NEW_POST, SCENARIOS

    client = Client(HTTP_HOST="127.0.0.1")
    tokens = {}
    queries = {}
    for number, scenario in enumerate(SCENARIOS):
        headers = dict(HEADERS)
        if scenario.user:
            if scenario.user not in tokens:
                user = User.objects.get(username=scenario.user)
                tokens[scenario.user] = str(RefreshToken.for_user(user).access_token)
            headers["Authorization"] = f"Bearer {tokens[scenario.user]}"
        body = {**NEW_POST, "title": f"Counting queries {number}"}
        api_queries, api_answer = count_queries(
            client, scenario.method, scenario.path, headers, body
        )
        queries[scenario.name] = {"api": api_queries}
        if scenario.floor:
            floor_queries, floor_answer = count_queries(
                client, scenario.method, scenario.floor, headers
            )
            if floor_answer != api_answer:
                sys.exit(f"The floor's answer to {scenario.floor} is not the API's.")
            queries[scenario.name]["floor"] = floor_queries
    return {"tokens": tokens, "queries": queries}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(json.dumps(prepare()))
