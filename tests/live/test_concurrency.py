"""Simultaneous requests to a real server never lose data, duplicate it, or answer 500.

Each scenario runs against PostgreSQL and against SQLite, the two databases the API supports.
"""

import re
import sqlite3
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass

import psycopg
import pytest

from tests.live.conftest import POSTGRES, https_session, login, manage, register

pytestmark = pytest.mark.live


@dataclass
class Backend:
    """One database the server runs on, and a connection of our own to it beside the server."""

    url: str
    connect: Callable  # A new DB-API connection; its transactions begin with the first write.
    placeholder: str

    def sql(self, text):
        """`text` with its `?` placeholders in this driver's style."""
        return text.replace("?", self.placeholder)

    def count(self, sql, *params):
        with closing(self.connect()) as connection:
            return connection.execute(self.sql(sql), params).fetchone()[0]


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def backend(request, database_name, production_environment, tmp_path_factory):
    if request.param == "postgresql":
        url = f"{POSTGRES}/{database_name}"
        return Backend(url, lambda: psycopg.connect(url), "%s")
    path = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    url = f"sqlite:///{path}"
    manage("migrate", "--no-input", **{**production_environment, "DATABASE_URL": url})
    return Backend(url, lambda: sqlite3.connect(path), "?")


@pytest.fixture(scope="module")
def server(backend, start_server):
    return start_server(DATABASE_URL=backend.url)


@pytest.fixture(scope="module")
def writer(server):
    """A signed-in user with one published post to act on."""
    http = https_session()
    tokens = login(http, server, register(http, server, f"writer-{uuid.uuid4().hex[:8]}"))
    http.headers["Authorization"] = f"Bearer {tokens['access']}"
    post = http.post(
        f"{server.url}/api/v1/posts/",
        json={"title": "A popular post", "body": "Read me.", "status": "published"},
    ).json()
    return http, post, tokens


def at_once(count, send):
    """Calls `send(i)` for i in range(count), all released at the same moment."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        return send(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_simultaneous_likes_by_one_user_leave_one_like(server, backend, writer):
    http, post, _ = writer
    url = f"{server.url}/api/v1/posts/{post['slug']}/like/"

    statuses = at_once(50, lambda _: http.post(url).status_code)

    assert sorted(set(statuses)) == [200, 201]
    assert statuses.count(201) == 1
    assert backend.count("SELECT count(*) FROM posts_like WHERE post_id = ?", post["id"]) == 1
    assert http.get(f"{server.url}/api/v1/posts/{post['slug']}/").json()["like_count"] == 1


def test_simultaneous_posts_with_one_title_get_distinct_slugs(server, writer):
    http, _, _ = writer

    responses = at_once(
        20,
        lambda _: http.post(
            f"{server.url}/api/v1/posts/", json={"title": "Same title", "body": "Race."}
        ),
    )

    assert [response.status_code for response in responses] == [201] * 20
    slugs = {response.json()["slug"] for response in responses}
    assert len(slugs) == 20
    assert all(re.fullmatch(r"same-title-[0-9a-f]{8}", slug) for slug in slugs)


def test_simultaneous_comments_keep_the_count_exact(server, backend, writer):
    http, post, _ = writer
    url = f"{server.url}/api/v1/posts/{post['slug']}/comments/"

    statuses = at_once(40, lambda i: http.post(url, json={"body": f"Comment {i}"}).status_code)

    assert statuses == [201] * 40
    rows = backend.count("SELECT count(*) FROM posts_comment WHERE post_id = ?", post["id"])
    shown = http.get(f"{server.url}/api/v1/posts/{post['slug']}/").json()["comment_count"]
    assert rows == shown == 40


def test_simultaneous_refreshes_with_one_token_all_stay_signed_in(server, writer):
    """Tabs refreshing at the same moment fall within the reuse grace window."""
    http, _, tokens = writer
    refresh_url = f"{server.url}/api/v1/auth/jwt/refresh/"

    responses = at_once(10, lambda _: http.post(refresh_url, json={"refresh": tokens["refresh"]}))

    assert [response.status_code for response in responses] == [200] * 10
    new_tokens = {response.json()["refresh"] for response in responses}
    assert len(new_tokens) == 10
    follow_up = http.post(refresh_url, json={"refresh": new_tokens.pop()})
    assert follow_up.status_code == 200


def test_reads_answer_while_a_write_is_in_progress(server, backend, writer):
    """A write holds SQLite's only write lock until it commits; a read never waits for it."""
    http, post, _ = writer
    with closing(backend.connect()) as connection:
        connection.execute(
            backend.sql("UPDATE posts_post SET title = ? WHERE id = ?"),
            ("Not committed yet", post["id"]),
        )
        # A read that queued for the lock would time out: the server waits 20 s for it.
        detail = http.get(f"{server.url}/api/v1/posts/{post['slug']}/", timeout=5)
        page = http.get(f"{server.url}/api/v1/posts/", timeout=5)
        connection.rollback()

    assert detail.status_code == 200
    assert detail.json()["title"] == post["title"]
    assert page.status_code == 200
    assert post["id"] in [listed["id"] for listed in page.json()["results"]]
