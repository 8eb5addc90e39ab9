"""The data set of `make bench-scale`, written straight into a migrated PostgreSQL database with
SQL (`generate_series`): a million posts take minutes, where the ORM would take hours.

20,000 users, 50 categories, 2,000 tags and `posts` posts, every tenth a draft, each with 3 tags
(`django` on a tenth of them), 2 comments, and a like on every other one; the word `zanzibar` in
one post in 100,000 (a rare word for search). The same shape at any size, so that 2,000 and
1,000,000 posts differ only in how many there are.

The secondary indexes of the big tables are dropped while they fill and built again afterwards
(faster than keeping them up to date row by row), and triggers wait: the search vectors are then
filled by the trigger of migration 0011, as that migration's backfill does (the time it takes is
printed), and the counters by `manage.py recount`.
"""

import time

import psycopg

USERS = 20_000
CATEGORIES = 50
TAGS = 2_000
AUTHOR_STEP = 7919  # Post n is user (1 + n * AUTHOR_STEP % USERS)'s: authors' posts spread out.
DJANGO_TAG = 1  # On every post whose number ends in 1: a tenth of them.
RARE_WORD_EVERY = 100_000
BIG_TABLES = ("posts_post", "posts_post_tags", "posts_comment", "posts_like")
WORDS = [
    "python", "django", "query", "index", "planner", "cache", "worker", "request", "response",
    "schema", "migration", "cursor", "page", "token", "session", "comment", "author", "category",
    "tag", "draft", "feed", "search", "vector", "throughput", "latency", "profile", "serializer",
    "middleware", "gunicorn", "postgres", "redis", "celery", "deploy", "monitor", "backup",
    "replica",
]  # fmt: skip
START = "2020-01-01 00:00:00+00"

STATEMENTS = [
    (
        "users",
        """
        INSERT INTO accounts_user (id, password, is_superuser, first_name, last_name, is_staff,
            is_active, date_joined, username, email, bio, session_stamp, username_key, email_key,
            email_notifications)
        SELECT n, %(password)s, false, '', '', false, true, %(start)s::timestamptz
            + n * interval '1 minute', 'user' || n, 'user' || n || '@example.com', '', '',
            'user' || n, 'user' || n || '@example.com', false
        FROM generate_series(1, %(users)s) AS n
        """,
    ),
    (
        "categories",
        """
        INSERT INTO posts_category (id, name, slug, description, name_key, post_count)
        SELECT n, 'category ' || n, 'category-' || n, '', 'category ' || n, 0
        FROM generate_series(1, %(categories)s) AS n
        """,
    ),
    (
        "tags",
        """
        INSERT INTO posts_tag (id, name, slug, name_key, post_count)
        SELECT n, name, name, name, 0
        FROM generate_series(1, %(tags)s) AS n,
            LATERAL (SELECT CASE WHEN n = 1 THEN 'django' ELSE 'tag' || n END AS name) AS t
        """,
    ),
    (
        "posts",
        """
        INSERT INTO posts_post (id, slug, author_id, category_id, title, body, status,
            published_at, created_at, updated_at, comment_count, like_count, search_vector)
        SELECT n, 'post-' || n, 1 + (n * %(author_step)s) %% %(users)s, 1 + n %% %(categories)s,
            'Post ' || n || ' on ' || w1 || ' and ' || w2,
            'Notes on ' || w1 || ', ' || w2 || ' and ' || w3 || '. '
                || CASE WHEN n %% %(rare)s = 7 THEN 'Written in zanzibar. ' ELSE '' END
                || repeat('Measured once, then measured again at scale, with care. ', 4),
            CASE WHEN n %% 10 = 0 THEN 'draft' ELSE 'published' END,
            CASE WHEN n %% 10 = 0 THEN NULL ELSE at END, at, at, 2, n %% 2, NULL
        FROM generate_series(1, %(posts)s::bigint) AS n,
            LATERAL (SELECT %(start)s::timestamptz + n * interval '1 minute' AS at,
                (%(words)s::text[])[1 + n %% %(vocabulary)s] AS w1,
                (%(words)s::text[])[1 + (n / %(vocabulary)s) %% %(vocabulary)s] AS w2,
                (%(words)s::text[])[1 + (n / %(vocabulary)s ^ 2)::int %% %(vocabulary)s] AS w3
            ) AS picked
        """,
    ),
    (
        "post tags",
        """
        INSERT INTO posts_post_tags (post_id, tag_id)
        SELECT n, CASE WHEN k = 0 AND n %% 10 = 1 THEN %(django)s
            ELSE 2 + (n * 3 + k * 577) %% (%(tags)s - 1) END
        FROM generate_series(1, %(posts)s) AS n, generate_series(0, 2) AS k
        """,
    ),
    (
        "comments",
        """
        INSERT INTO posts_comment (post_id, author_id, body, created_at, updated_at)
        SELECT n, 1 + (n + k * 101) %% %(users)s, 'Comment ' || k || ' on post ' || n || '.',
            at, at
        FROM generate_series(1, %(posts)s) AS n, generate_series(1, 2) AS k,
            LATERAL (SELECT %(start)s::timestamptz + n * interval '1 minute'
                + k * interval '1 second' AS at) AS moment
        """,
    ),
    (
        "likes",
        """
        INSERT INTO posts_like (user_id, post_id, created_at)
        SELECT 1 + (n * 13) %% %(users)s, n, %(start)s::timestamptz + n * interval '1 minute'
        FROM generate_series(1, %(posts)s) AS n WHERE n %% 2 = 1
        """,
    ),
]
SEQUENCES = ("accounts_user", "posts_category", "posts_tag", "posts_post")


def author_of(post_number):
    return f"user{1 + post_number * AUTHOR_STEP % USERS}"


def category_of(post_number):
    return f"category-{1 + post_number % CATEGORIES}"


def generate(database_url, posts, password):
    """Fills the empty, migrated database with `posts` posts; prints what each step took."""
    parameters = {
        "password": password,
        "start": START,
        "users": USERS,
        "author_step": AUTHOR_STEP,
        "categories": CATEGORIES,
        "tags": TAGS,
        "django": DJANGO_TAG,
        "posts": posts,
        "rare": RARE_WORD_EVERY,
        "words": WORDS,
        "vocabulary": len(WORDS),
    }
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("SET maintenance_work_mem = '256MB'")
        indexes = secondary_indexes(connection)
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        with connection.transaction():
            # Triggers wait (the foreign keys' checks too: the rows are made to match).
            connection.execute("SET LOCAL session_replication_role = replica")
            for label, statement in STATEMENTS:
                timed(label, lambda s=statement: connection.execute(s, parameters))
        for table in SEQUENCES:
            last = f"SELECT max(id) FROM {table}"  # noqa: S608 - our own table names
            connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({last}))")
        timed(
            "search vectors (migration 0011's backfill)",
            lambda: connection.execute("UPDATE posts_post SET search_vector = NULL"),
        )
        timed("indexes", lambda: [connection.execute(definition) for _, definition in indexes])
        timed("vacuum and analyze", lambda: connection.execute("VACUUM ANALYZE"))


def secondary_indexes(connection):
    """(name, definition) of the big tables' indexes that no constraint stands on."""
    return connection.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)
        """,
        [list(BIG_TABLES)],
    ).fetchall()


def timed(label, step):
    started = time.monotonic()
    step()
    print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)
