"""Simultaneous requests to a real server never lose data, duplicate it, or answer 500.

Each scenario runs against PostgreSQL and against SQLite, the two databases the API supports.
"""

import base64
import json
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

from harness.server import POSTGRES, prepare_database
from tests.live.conftest import https_session, login, register

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

    def execute(self, sql, *params):
        with closing(self.connect()) as connection:
            connection.execute(self.sql(sql), params)
            connection.commit()


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def backend(request, database_name, production_environment, tmp_path_factory):
    if request.param == "postgresql":
        url = f"{POSTGRES}/{database_name}"
        return Backend(url, lambda: psycopg.connect(url), "%s")
    path = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    url = f"sqlite:///{path}"
    prepare_database({**production_environment, "DATABASE_URL": url})
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


@pytest.fixture(scope="module")
def account(server):
    return register(https_session(), server, f"reader-{uuid.uuid4().hex[:8]}")


def claims(token):
    """The claims of a JWT, read as any holder of it can."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


LIVE_TOKENS_OF_LOGIN = """
SELECT count(*) FROM token_blacklist_outstandingtoken token
JOIN accounts_refreshtokenlineage lineage ON lineage.token_id = token.id
WHERE lineage.family = ? AND token.expires_at > CURRENT_TIMESTAMP
AND NOT EXISTS (SELECT 1 FROM token_blacklist_blacklistedtoken b WHERE b.token_id = token.id)
"""


def refresh_with(http, server, token):
    return http.post(f"{server.url}/api/v1/auth/jwt/refresh/", json={"refresh": token})


def test_twenty_simultaneous_refreshes_of_one_token_mint_two(server, backend, account):
    """The rotation and one grace exchange (a second tab); the other eighteen mint nothing."""
    http = https_session()
    token = login(http, server, account)["refresh"]

    responses = at_once(20, lambda _: refresh_with(http, server, token))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 2 + [401] * 18
    assert backend.count(LIVE_TOKENS_OF_LOGIN, claims(token)["family"]) == 2
    for response in responses:
        if response.status_code == 200:
            assert refresh_with(http, server, response.json()["refresh"]).status_code == 200


@pytest.mark.parametrize("trial", range(5))
def test_a_reused_token_racing_grace_refreshes_leaves_no_token_of_its_login(
    server, backend, account, trial
):
    """A stolen copy replayed while the victim's tabs refresh: whichever runs first, the login
    ends with nothing live, and every pair minted in the race is refused afterwards."""
    http = https_session()
    stolen = login(http, server, account)["refresh"]
    rotated_just_now = refresh_with(http, server, stolen).json()["refresh"]
    backend.execute(
        "UPDATE accounts_refreshtokenlineage SET rotated_at = '2000-01-01 00:00:00' WHERE "
        "token_id = (SELECT id FROM token_blacklist_outstandingtoken WHERE jti = ?)",
        claims(stolen)["jti"],
    )  # Its rotation now lies long past the grace window.
    current = refresh_with(http, server, rotated_just_now).json()["refresh"]
    racers = [stolen] + [rotated_just_now, current] * 6

    responses = at_once(len(racers), lambda i: refresh_with(http, server, racers[i]))

    assert {response.status_code for response in responses} <= {200, 401}
    assert backend.count(LIVE_TOKENS_OF_LOGIN, claims(stolen)["family"]) == 0
    minted = [r.json()["refresh"] for r in responses if r.status_code == 200]
    assert [refresh_with(http, server, token).status_code for token in minted] == [401] * len(
        minted
    )


@pytest.mark.parametrize("trial", range(3))
def test_logout_everywhere_racing_refreshes_leaves_no_token_of_the_user(
    server, backend, account, trial
):
    """Refreshes in flight when the user logs out everywhere: none of their pairs survives."""
    http = https_session()
    tokens = login(http, server, account)
    logout_url = f"{server.url}/api/v1/auth/jwt/logout_everywhere/"

    def send(i):
        if i == 6:
            headers = {"Authorization": f"Bearer {tokens['access']}"}
            return http.post(logout_url, headers=headers)
        return refresh_with(http, server, tokens["refresh"])

    responses = at_once(13, send)

    assert responses[6].status_code == 204
    assert {response.status_code for response in responses} <= {200, 204, 401}
    live = backend.count(
        "SELECT count(*) FROM token_blacklist_outstandingtoken token "
        "JOIN accounts_user ON accounts_user.id = token.user_id WHERE username = ? "
        "AND NOT EXISTS (SELECT 1 FROM token_blacklist_blacklistedtoken b "
        "WHERE b.token_id = token.id)",
        account["username"],
    )
    assert live == 0


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


COUNTER_DRIFT = {
    "tag": (
        "SELECT post_count FROM posts_tag WHERE name = ?",
        "SELECT count(*) FROM posts_post_tags link JOIN posts_tag tag ON tag.id = link.tag_id "
        "JOIN posts_post post ON post.id = link.post_id "
        "WHERE tag.name = ? AND post.status = 'published'",
    ),
    "author": (
        "SELECT post_count FROM posts_authorstats stats "
        "JOIN accounts_user ON accounts_user.id = stats.user_id WHERE username = ?",
        "SELECT count(*) FROM posts_post JOIN accounts_user ON accounts_user.id = author_id "
        "WHERE username = ? AND status = 'published'",
    ),
    "author's drafts": (
        "SELECT draft_count FROM posts_authorstats stats "
        "JOIN accounts_user ON accounts_user.id = stats.user_id WHERE username = ?",
        "SELECT count(*) FROM posts_post JOIN accounts_user ON accounts_user.id = author_id "
        "WHERE username = ? AND status = 'draft'",
    ),
    "status": (
        "SELECT post_count FROM posts_statuscount WHERE status = ?",
        "SELECT count(*) FROM posts_post WHERE status = ?",
    ),
}


@pytest.mark.parametrize("trial", range(2))
def test_simultaneous_publishing_retagging_and_deleting_keep_every_counter_exact(
    server, backend, trial
):
    """Six posts, each published, unpublished, retagged and deleted by requests released at
    once: the counters (posts.counters) end equal to what the rows say."""
    http = https_session()
    username = f"racer-{uuid.uuid4().hex[:8]}"
    tokens = login(http, server, register(http, server, username))
    http.headers["Authorization"] = f"Bearer {tokens['access']}"
    tag, other = f"race-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"
    slugs = [
        http.post(
            f"{server.url}/api/v1/posts/",
            json={"title": f"Racing {n}", "body": ".", "status": "published", "tags": [tag]},
        ).json()["slug"]
        for n in range(6)
    ]
    changes = [
        {"status": "draft"},
        {"status": "published"},
        {"tags": [tag, other]},
        {"tags": [other]},
        {"status": "published", "tags": []},
        None,  # Delete.
    ]

    def send(i):
        url = f"{server.url}/api/v1/posts/{slugs[i % 6]}/"
        change = changes[(i // 6 + i) % len(changes)]
        if change is None:
            return http.delete(url).status_code
        return http.patch(url, json=change).status_code

    statuses = at_once(36, send)

    assert set(statuses) <= {200, 204, 404}
    keys = {"tag": [tag, other], "author": [username], "author's drafts": [username]}
    keys["status"] = ["published", "draft"]
    for kind, (counter, rows) in COUNTER_DRIFT.items():
        for key in keys[kind]:
            stored = backend.count(counter, key)
            assert (kind, key, stored) == (kind, key, backend.count(rows, key))


@pytest.mark.parametrize("trial", range(2))
def test_simultaneous_crossed_retags_all_succeed_and_count_exactly(server, backend, trial):
    """Two authors' published posts retagged at once the other way round (one from x to y, the
    other from y to x, and back): each retag takes the two tag counters in one order, so none
    waits for another in a cycle and is refused with a deadlock's 503. (One author's writes take
    turns: two authors race.)"""
    tags = [f"cross-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    authors = [signed_in(server, "retagger")[0] for _ in range(2)]
    slugs = [
        author.post(
            f"{server.url}/api/v1/posts/",
            json={"title": f"Crossed {n}", "body": ".", "status": "published", "tags": [tags[n]]},
        ).json()["slug"]
        for n, author in enumerate(authors)
    ]

    def send(i):
        post, turn = i % 2, i // 2
        return (
            authors[post]
            .patch(
                f"{server.url}/api/v1/posts/{slugs[post]}/",
                json={"tags": [tags[(post + turn + 1) % 2]]},
            )
            .status_code
        )

    statuses = at_once(24, send)

    assert statuses == [200] * 24
    counter, rows = COUNTER_DRIFT["tag"]
    for tag in tags:
        assert (tag, backend.count(counter, tag)) == (tag, backend.count(rows, tag))


def signed_in(server, prefix):
    """A session of a new account, signed in: the session and the account."""
    http = https_session()
    account = register(http, server, f"{prefix}-{uuid.uuid4().hex[:8]}")
    http.headers["Authorization"] = f"Bearer {login(http, server, account)['access']}"
    return http, account


CATEGORY_DRIFT = (
    "SELECT post_count FROM posts_category WHERE slug = ?",
    "SELECT count(*) FROM posts_post post JOIN posts_category category "
    "ON category.id = post.category_id WHERE category.slug = ? AND post.status = 'published'",
)


@pytest.mark.parametrize("trial", range(2))
def test_simultaneous_creating_moving_and_leaving_keep_every_counter_exact(server, backend, trial):
    """Posts created in two categories, others moved between them, retagged and unpublished,
    and more written, while their author deletes the account, all released at once: every
    counter ends equal to what the rows say, every post of the one who stays is there and none
    of the one who left."""
    editor, editor_account = signed_in(server, "editor")
    backend.execute(
        "UPDATE accounts_user SET is_staff = ? WHERE username = ?", True, editor_account["username"]
    )
    categories = [
        editor.post(
            f"{server.url}/api/v1/categories/", json={"name": f"Race {uuid.uuid4().hex[:8]}"}
        ).json()["slug"]
        for _ in range(2)
    ]
    tag, other = f"race-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"
    stayer, stayer_account = signed_in(server, "stayer")
    leaver, leaver_account = signed_in(server, "leaver")
    posts = f"{server.url}/api/v1/posts/"
    leaver_posts = [
        leaver.post(
            posts,
            json={
                "title": f"Leaving {n}",
                "body": ".",
                "status": "published",
                "tags": [tag],
                "category": categories[0],
            },
        ).json()["slug"]
        for n in range(4)
    ]
    leaver_changes = [
        {"category": categories[1], "tags": [tag, other]},
        {"status": "draft", "category": None},
        {"status": "published", "tags": [other]},
    ]

    def send(i):
        if i == 0:
            leaving = {"current_password": leaver_account["password"]}
            return leaver.delete(f"{server.url}/api/v1/auth/users/me/", json=leaving).status_code
        if i % 2:
            created = {
                "title": f"Created {i}",
                "body": ".",
                "status": "draft" if i % 3 == 0 else "published",
                "tags": [tag] if i % 5 else [tag, other],
                "category": categories[i % 4 // 2],
            }
            return stayer.post(posts, json=created).status_code
        if i % 4 == 2:
            written = {"title": f"Last words {i}", "body": ".", "status": "published"}
            return leaver.post(posts, json={**written, "tags": [tag]}).status_code
        change = leaver_changes[i % len(leaver_changes)]
        return leaver.patch(f"{posts}{leaver_posts[i % 4]}/", json=change).status_code

    statuses = at_once(24, send)

    assert statuses[0] == 204
    assert statuses[1::2] == [201] * 12
    assert set(statuses[2::4]) <= {201, 401}  # Before the account went, or after.
    assert set(statuses[4::4]) <= {200, 401, 404}
    assert (
        backend.count(
            "SELECT count(*) FROM accounts_user WHERE username = ?", leaver_account["username"]
        )
        == 0
    )
    assert (
        backend.count(
            "SELECT count(*) FROM posts_post post JOIN accounts_user author "
            "ON author.id = post.author_id WHERE author.username = ?",
            stayer_account["username"],
        )
        == 12
    )
    counters = {
        CATEGORY_DRIFT: categories,
        COUNTER_DRIFT["tag"]: [tag, other],
        COUNTER_DRIFT["author"]: [stayer_account["username"]],
        COUNTER_DRIFT["author's drafts"]: [stayer_account["username"]],
        COUNTER_DRIFT["status"]: ["published", "draft"],
    }
    for (counter, rows), keys in counters.items():
        for key in keys:
            assert (counter, key, backend.count(counter, key)) == (
                counter,
                key,
                backend.count(rows, key),
            )
