"""What the benchmark requests: each scenario on the API and, for reads, on the floor."""

from dataclasses import dataclass

from bench.seed import WRITER, post_slug

POST = post_slug(1001)  # A published post in the middle of the data set.


@dataclass(frozen=True)
class Scenario:
    """One request, repeated under load; `floor` is the same request to the floor's view."""

    name: str
    path: str
    floor: str | None = None
    method: str = "GET"
    user: str | None = None  # Signed in as this user (a JWT access token), or anonymous.
    bare: bool = False  # The floor's view also on the bare floor (bench/bare_settings.py).


SCENARIOS = [
    Scenario("Post list, page 3", "/api/v1/posts/?page=3", "/api/floor/posts/?page=3", bare=True),
    Scenario("Posts tagged django", "/api/v1/posts/?tag=django", "/api/floor/posts/?tag=django"),
    Scenario("Post detail", f"/api/v1/posts/{POST}/", f"/api/floor/posts/{POST}/", bare=True),
    Scenario(
        "Comments of a post",
        f"/api/v1/posts/{POST}/comments/",
        f"/api/floor/posts/{POST}/comments/",
    ),
    Scenario("Create a post, signed in", "/api/v1/posts/", method="POST", user=WRITER),
]

# What the create scenario sends; wrk's script makes each title unique.
NEW_POST = {
    "body": "Written under load.",
    "status": "draft",  # Drafts leave the anonymous lists of the other scenarios as they were.
    "category": "django",
    "tags": ["python", "django"],
}
# What a TLS-terminating proxy adds, as in production.
HEADERS = {"Accept": "application/json", "X-Forwarded-Proto": "https"}
