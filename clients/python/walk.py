"""Walks the API's main flows with the Python client generated from docs/openapi.yaml.

    python clients/python/walk.py API_URL MAILBOX

`blog_api_client` is openapi-python-client's output, untouched; this program is checked with
`mypy --strict` against it (clients/run.sh). API_URL is the server's origin; MAILBOX the folder
where its file e-mail backend writes, for the activation link. Each step prints one line; a
wrong answer stops the walk with an AssertionError.
"""

import email
import re
import sys
import uuid
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from blog_api_client import AuthenticatedClient, Client
from blog_api_client.api.auth import log_out, refresh_tokens, sign_in, verify_token
from blog_api_client.api.authors import list_authors, read_author
from blog_api_client.api.categories import create_category, list_categories
from blog_api_client.api.comments import comment_on_post, list_comments
from blog_api_client.api.likes import like_post, unlike_post
from blog_api_client.api.posts import delete_post, edit_post, list_posts, read_post, write_post
from blog_api_client.api.tags import list_tags
from blog_api_client.api.users import (
    activate_account,
    ask_for_password_reset,
    edit_account,
    read_account,
    register,
)
from blog_api_client.models import (
    ActivationRequest,
    CategoryRequest,
    CommentRequest,
    Empty,
    Error,
    Like,
    ListPostsOrderingItem,
    ListPostsPagination,
    PatchedPostRequest,
    PatchedUserRequest,
    PostRequest,
    PostStatusEnum,
    RefreshTokenRequest,
    SendEmailResetRequest,
    SignInRequest,
    TokenPair,
    TokenVerifyRequest,
    UserCreateRequest,
    ValidationError,
)
from blog_api_client.types import UNSET, Unset

COOKIE_MODE = "1"


def step(text: str) -> None:
    print(f"python client: {text}")


def activation_link(mailbox: Path, address: str) -> tuple[str, str]:
    """The uid and token of the newest activation e-mail to `address`."""
    for path in sorted(mailbox.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for raw in reversed(path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")):
            message = email.message_from_bytes(raw, policy=policy.default)
            if message["To"] == address:
                found = re.search(r"/activate/([^/\s]+)/([^/\s]+)", raw.decode())
                assert found, raw
                return found[1], found[2]
    raise AssertionError(f"no activation e-mail to {address}")


def walk_by_cursor(client: Client, ordering: list[ListPostsOrderingItem]) -> list[str]:
    """The slugs of every post, a page of one at a time, each page from the last one's cursor."""
    slugs: list[str] = []
    cursor: str | Unset = UNSET
    while True:
        page = list_posts.sync(
            client=client,
            ordering=ordering,
            page_size=1,
            pagination=ListPostsPagination.CURSOR,
            cursor=cursor,
        )
        assert not isinstance(page, Error | ValidationError) and page is not None, page
        slugs += [p.slug for p in page.results]
        if page.next_ is None:
            return slugs
        cursor = parse_qs(urlsplit(page.next_).query)["cursor"][0]


def main(api_url: str, mailbox: Path) -> None:
    anonymous = Client(base_url=api_url, raise_on_unexpected_status=True)
    name = f"walker{uuid.uuid4().hex[:8]}"
    address, password = f"{name}@example.com", "a-long-walking-secret-42"

    created = register.sync(
        client=anonymous,
        body=UserCreateRequest(username=name, email=address, password=password, bio="I walk."),
    )
    assert not isinstance(created, Error | ValidationError) and created is not None, created
    assert created.username == name and created.bio == "I walk."
    step(f"registered {name}")

    refused = sign_in.sync(client=anonymous, body=SignInRequest(username=name, password=password))
    assert isinstance(refused, Error), refused
    step(f"signing in before activation is 401: {refused.detail}")

    uid, token = activation_link(mailbox, address)
    activated = activate_account.sync_detailed(
        client=anonymous, body=ActivationRequest(uid=uid, token=token)
    )
    assert activated.status_code == 204, activated
    step("activated the account with the e-mailed link")

    pair = sign_in.sync(client=anonymous, body=SignInRequest(username=address, password=password))
    assert isinstance(pair, TokenPair) and isinstance(pair.refresh, str), pair
    me = AuthenticatedClient(base_url=api_url, token=pair.access, raise_on_unexpected_status=True)
    step("signed in by e-mail address: an access and a refresh token")

    account = read_account.sync(client=me)
    assert not isinstance(account, Error) and account is not None, account
    assert account.email == address and account.bio == "I walk."
    edited = edit_account.sync(client=me, body=PatchedUserRequest(bio="I walk far."))
    assert not isinstance(edited, Error | ValidationError) and edited is not None, edited
    assert edited.bio == "I walk far."
    step("read and edited users/me")

    categories = list_categories.sync(client=anonymous)
    tags = list_tags.sync(client=anonymous)
    authors = list_authors.sync(client=anonymous, search="ali")
    assert not isinstance(categories, Error | ValidationError) and categories is not None
    assert not isinstance(tags, Error | ValidationError) and tags is not None
    assert not isinstance(authors, Error | ValidationError) and authors is not None
    category = categories.results[0]
    alice = read_author.sync(client=anonymous, username=authors.results[0].username)
    assert not isinstance(alice, Error) and alice is not None, alice
    step(
        f"{categories.count} categories ({category.slug}: {category.post_count} posts, "
        f"description {category.description!r}), {tags.count} tags, author {alice.username} "
        f"with {alice.post_count} posts"
    )

    post = write_post.sync(
        client=me,
        body=PostRequest(
            title="Walking with a generated client",
            body="Every call typed.",
            status=PostStatusEnum.PUBLISHED,
            category=category.slug,
            tags=["Generated", "Typed"],
        ),
    )
    assert not isinstance(post, Error | ValidationError) and post is not None, post
    assert post.category == category.slug and post.tags == ["Generated", "Typed"]
    assert post.author.username == name and post.published_at is not None
    step(f"wrote {post.slug} in {post.category} tagged {', '.join(post.tags)}")

    draft = write_post.sync(client=me, body=PostRequest(title="A draft", body="Not yet."))
    assert not isinstance(draft, Error | ValidationError) and draft is not None, draft
    assert draft.status == PostStatusEnum.DRAFT and draft.category is None and draft.tags == []
    renamed = edit_post.sync(client=me, slug=draft.slug, body=PatchedPostRequest(title="Renamed"))
    assert not isinstance(renamed, Error | ValidationError) and renamed is not None, renamed
    assert renamed.title == "Renamed" and renamed.slug == draft.slug
    step(f"wrote the draft {draft.slug}, then renamed it")

    mine = list_posts.sync(client=me, author=name, status=PostStatusEnum.DRAFT)
    assert not isinstance(mine, Error | ValidationError) and mine is not None, mine
    assert [p.slug for p in mine.results] == [draft.slug], mine
    hidden = read_post.sync(client=anonymous, slug=draft.slug)
    assert isinstance(hidden, Error), hidden
    step("my drafts list holds the draft; to anyone else it is 404")

    ordering = [ListPostsOrderingItem.LIKE_COUNT_DESC, ListPostsOrderingItem.TITLE]
    first = list_posts.sync(client=anonymous, ordering=ordering, page_size=2)
    assert not isinstance(first, Error | ValidationError) and first is not None, first
    assert first.previous is None and isinstance(first.next_, str) and len(first.results) == 2
    second = list_posts.sync(client=anonymous, ordering=ordering, page_size=2, page=2)
    assert not isinstance(second, Error | ValidationError) and second is not None, second
    assert isinstance(second.previous, str)
    ranked = [(-p.like_count, p.title) for p in first.results + second.results]
    assert ranked == sorted(ranked), ranked
    step(f"sorted by likes then title, pages of 2 of {first.count}: next and previous links")

    numbered = list_posts.sync(client=anonymous, ordering=ordering, page_size=100)
    assert not isinstance(numbered, Error | ValidationError) and numbered is not None, numbered
    walked = walk_by_cursor(anonymous, ordering)
    assert walked == [p.slug for p in numbered.results], (walked, numbered)
    deep = list_posts.sync(client=anonymous, page=501, page_size=20)
    assert isinstance(deep, ValidationError) and "cursor" in str(deep["page"]), deep
    step(f"walked the {len(walked)} posts by cursor, pages of 1; page 501 of 20 is a 400")

    tagged = list_posts.sync(client=anonymous, tag="generated", category=category.slug)
    assert not isinstance(tagged, Error | ValidationError) and tagged is not None, tagged
    assert [p.slug for p in tagged.results] == [post.slug], tagged
    step("filtered by tag and category")

    comment = comment_on_post.sync(
        client=me, post_slug=post.slug, body=CommentRequest(body="First!")
    )
    assert not isinstance(comment, Error | ValidationError) and comment is not None, comment
    comments = list_comments.sync(client=anonymous, post_slug=post.slug)
    assert not isinstance(comments, Error | ValidationError) and comments is not None
    assert [c.body for c in comments.results] == ["First!"] and comments.results[0].post == (
        post.slug
    )
    step("commented, and read the comments")

    liked = like_post.sync_detailed(client=me, slug=post.slug)
    again = like_post.sync_detailed(client=me, slug=post.slug)
    assert liked.status_code == 201 and again.status_code == 200, (liked, again)
    assert isinstance(again.parsed, Like) and again.parsed.liked and again.parsed.like_count == 1
    unliked = unlike_post.sync_detailed(client=me, slug=post.slug)
    assert unliked.status_code == 204, unliked
    reread = read_post.sync(client=me, slug=post.slug)
    assert not isinstance(reread, Error) and reread is not None, reread
    assert not reread.liked and reread.like_count == 0 and reread.comment_count == 1
    step("liked (201, then 200), unliked (204)")

    bad = write_post.sync(client=me, body=PostRequest(title=" ", body="x", tags=["ok", "x" * 51]))
    assert isinstance(bad, ValidationError), bad
    assert set(bad.additional_properties) == {"title", "tags"}, bad
    step(f"400 names each field: {sorted(bad.additional_properties)}")

    stranger = AuthenticatedClient(base_url=api_url, token="not-a-token")
    unauthorized = read_account.sync(client=stranger)
    assert isinstance(unauthorized, Error) and unauthorized.code == "token_not_valid"
    step(f"401 with a bad token: code {unauthorized.code}")

    forbidden = create_category.sync(client=me, body=CategoryRequest(name="Mine"))
    assert isinstance(forbidden, Error), forbidden
    step(f"403 creating a category: {forbidden.detail}")

    missing = read_post.sync(client=anonymous, slug="no-such-post")
    assert isinstance(missing, Error), missing
    step(f"404 for a missing post: {missing.detail}")

    too_large = write_post.sync(client=me, body=PostRequest(title="Big", body="x" * 1_100_000))
    assert isinstance(too_large, Error), too_large
    step(f"413 for a body over the limit: {too_large.detail}")

    reset = SendEmailResetRequest(email=address)
    answers = [ask_for_password_reset.sync_detailed(client=anonymous, body=reset) for _ in "123"]
    assert [a.status_code for a in answers] == [204, 204, 429], answers
    assert isinstance(answers[-1].parsed, Error) and answers[-1].headers["Retry-After"]
    step(f"429 on the third reset request: retry after {answers[-1].headers['Retry-After']} s")

    valid = verify_token.sync(client=anonymous, body=TokenVerifyRequest(token=pair.access))
    assert isinstance(valid, Empty), valid
    rotated = refresh_tokens.sync(client=anonymous, body=RefreshTokenRequest(refresh=pair.refresh))
    assert isinstance(rotated, TokenPair) and isinstance(rotated.refresh, str), rotated
    step("verified the access token; refreshed in body mode: a new pair")

    # Cookie mode: the refresh token travels in an HttpOnly cookie, which the client's httpx
    # session keeps, never in a body.
    browser = Client(base_url=api_url, raise_on_unexpected_status=True)
    cookie_pair = sign_in.sync(
        client=browser,
        body=SignInRequest(username=name, password=password),
        x_auth_cookie=COOKIE_MODE,
    )
    assert isinstance(cookie_pair, TokenPair) and cookie_pair.refresh is UNSET, cookie_pair
    cookie_refresh = refresh_tokens.sync(
        client=browser, body=RefreshTokenRequest(), x_auth_cookie=COOKIE_MODE
    )
    assert isinstance(cookie_refresh, TokenPair) and cookie_refresh.refresh is UNSET
    cookie_out = log_out.sync(client=browser, body=RefreshTokenRequest(), x_auth_cookie=COOKIE_MODE)
    assert isinstance(cookie_out, Empty), cookie_out
    step("cookie mode: signed in, refreshed and logged out with the cookie only")

    deleted = delete_post.sync_detailed(client=me, slug=draft.slug)
    assert deleted.status_code == 204, deleted
    gone = read_post.sync(client=me, slug=draft.slug)
    assert isinstance(gone, Error), gone
    step("deleted the draft: 404 afterwards")

    logged_out = log_out.sync(client=anonymous, body=RefreshTokenRequest(refresh=rotated.refresh))
    assert isinstance(logged_out, Empty), logged_out
    after = refresh_tokens.sync(client=anonymous, body=RefreshTokenRequest(refresh=rotated.refresh))
    assert isinstance(after, Error), after
    ended = read_account.sync_detailed(client=me)
    assert ended.status_code == 401, ended
    step("logged out: the refresh token and the login's access token are refused (401)")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
