"""Personal API tokens: created with a name, a scope and an expiry, shown once, stored as a hash,
sent as `Authorization: Token <secret>`, listed without their secret, revoked at once."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.api_tokens import create_api_token
from accounts.models import ApiToken, Login, User
from api.urls import router
from tests.accounts.test_sessions import ENDINGS, log_out_everywhere
from tests.clients import assert_json_detail, bearer_client
from tests.factories import PASSWORD
from tests.permissions import assert_cell, cells

pytestmark = pytest.mark.django_db

TOKENS = reverse("api-token-list")


def token_url(token):
    return reverse("api-token-detail", args=[token.pk])


def token_client(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def make_token(user, scope=ApiToken.Scope.READ_WRITE, expires_at=None):
    """A token of `user`, as if created at auth/tokens/; the secret."""
    return create_api_token(user, "script", scope, expires_at, request=None)[1]


def test_a_created_token_shows_its_secret_once(alice_client, alice):
    response = alice_client.post(TOKENS, {"name": "CI", "scope": "read"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["token"].startswith("blogpat_")
    assert body["key_prefix"] == body["token"][:14]
    assert body | {"token": None} == {
        "id": body["id"],
        "name": "CI",
        "scope": "read",
        "expires_at": None,
        "created_at": body["created_at"],
        "last_used_at": None,
        "key_prefix": body["key_prefix"],
        "token": None,
    }
    listed = alice_client.get(TOKENS).json()["results"]
    assert [token["token"] for token in listed] == [None]
    assert alice_client.get(reverse("api-token-detail", args=[body["id"]])).json()["token"] is None


def test_only_a_hash_of_the_secret_is_stored(alice_client, database_state):
    secret = alice_client.post(TOKENS, {"name": "CI"}).json()["token"]

    rows = str(database_state())
    assert secret not in rows
    assert secret[14:] not in rows  # Not even the part after the prefix shown in lists.
    assert hashlib.sha256(secret.encode()).hexdigest() in rows


def test_a_token_signs_its_user_in_and_is_marked_used(alice):
    secret = make_token(alice)

    response = token_client(secret).get(reverse("user-me"), HTTP_USER_AGENT="curl/8.5.0")

    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    login = Login.objects.get(api_token__isnull=False)
    assert login.kind == "token"
    assert login.last_used_at is not None
    assert (login.client, login.last_ip) == ("curl", "127.0.0.1")


def test_a_read_only_token_reads_what_its_user_can(alice, alices_draft):
    client = token_client(make_token(alice, ApiToken.Scope.READ))

    response = client.get(reverse("post-detail", args=[alices_draft.slug]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "name", "body"),
    [
        ("post", "post-list", {"title": "Hi", "body": "There."}),
        ("post", "api-token-list", {"name": "more"}),
        ("post", "jwt-logout-everywhere", None),
        ("patch", "user-me", {"bio": "Owned."}),
        ("delete", "user-me", {"current_password": "x"}),
    ],
)
def test_every_write_with_a_read_only_token_is_forbidden(alice, database_state, method, name, body):
    client = token_client(make_token(alice, ApiToken.Scope.READ))
    client.get(reverse("user-me"))  # Its use noted now, not by the refused write.
    before = database_state()

    response = getattr(client, method)(reverse(name), body)

    assert_json_detail(response, 403)
    assert response.json()["detail"] == "This token is read-only."
    assert database_state() == before


def test_a_read_write_token_writes(alice):
    response = token_client(make_token(alice)).post(
        reverse("post-list"), {"title": "From CI", "body": "Posted by a script."}
    )

    assert response.status_code == 201
    assert response.json()["author"] == {"username": "alice"}


def test_a_token_cannot_create_tokens(alice, database_state):
    client = token_client(make_token(alice))
    before = database_state()

    response = client.post(TOKENS, {"name": "another"})

    assert_json_detail(response, 403)
    assert database_state() == before


def test_a_revoked_token_is_refused(alice_client, alice):
    secret = make_token(alice)
    token = ApiToken.objects.get()

    assert alice_client.delete(token_url(token)).status_code == 204

    assert_json_detail(token_client(secret).get(reverse("user-me")), 401)
    assert alice_client.get(TOKENS).json()["results"] == []


def test_an_expired_token_is_refused(alice):
    secret = make_token(alice, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = token_client(secret).get(reverse("user-me"))

    assert_json_detail(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expiry_in_the_past_is_refused(alice_client):
    response = alice_client.post(
        TOKENS, {"name": "CI", "expires_at": (timezone.now() - timedelta(hours=1)).isoformat()}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["expires_at"]
    assert not ApiToken.objects.exists()


def test_a_token_with_an_expiry_works_until_then(alice_client):
    expires = timezone.now() + timedelta(days=30)
    body = alice_client.post(TOKENS, {"name": "CI", "expires_at": expires.isoformat()}).json()

    assert token_client(body["token"]).get(reverse("user-me")).status_code == 200
    assert body["expires_at"] is not None


@pytest.mark.parametrize(
    "header",
    [
        "Token",
        "Token blogpat_nosuchtoken",
        "Token not-even-ours",
        "Token blogpat_a blogpat_b",
        "Token blogpat_\u00e9t\u00e9",
    ],
)
def test_a_token_that_is_not_one_is_refused(api_client, alice, header):
    make_token(alice)
    api_client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    assert_json_detail(api_client.get(reverse("post-list")), 401)


def test_an_inactive_users_token_is_refused(alice):
    secret = make_token(alice)
    alice.is_active = False
    alice.save()

    assert_json_detail(token_client(secret).get(reverse("user-me")), 401)


def test_another_users_token_is_not_found_and_stays(bob_client, alice, database_state):
    secret = make_token(alice)
    token = ApiToken.objects.get()
    before = database_state()

    assert_json_detail(bob_client.get(token_url(token)), 404)
    assert_json_detail(bob_client.delete(token_url(token)), 404)

    assert database_state() == before
    assert bob_client.get(TOKENS).json()["count"] == 0
    assert token_client(secret).get(reverse("user-me")).status_code == 200


def test_the_token_list_is_one_query_plan(alice_client, alice, django_assert_max_num_queries):
    for _ in range(5):
        make_token(alice)

    # The test's savepoint and its release, the user, the count and the page.
    with django_assert_max_num_queries(5):
        response = alice_client.get(TOKENS)

    assert response.json()["count"] == 5


def token_of(user):
    token = ApiToken.objects.filter(login__user=user).first()
    return token or create_api_token(user, "CI", "read", None, request=None)[0]


# Anyone signed in manages their own tokens; another user's token is not found, whoever asks.
WRITES = {
    "create-token": lambda client, alice: client.post(TOKENS, {"name": "CI"}),
    "revoke-token": lambda client, alice: client.delete(token_url(token_of(alice))),
}
MATRIX = {  #           anonymous, owner, other user, staff
    "create-token": (401, 201, 201, 201),
    "revoke-token": (401, 204, 404, 404),
}


@pytest.mark.parametrize(("actor", "operation", "status", "changes"), cells(MATRIX))
def test_who_may_manage_a_token(client_of, alice, actor, operation, status, changes):
    client = client_of(actor)
    token_of(alice)

    assert_cell(lambda: WRITES[operation](client, alice), status, changes)


def reset_password(api_client, user):
    user.set_password("a-brand-new-passphrase")
    user.save()  # As reset_password_confirm does, through User.save (test_password_reset.py).


def delete_account(api_client, user):
    response = bearer_client(user).delete(reverse("user-me"), {"current_password": PASSWORD})
    assert response.status_code == 204


@pytest.mark.parametrize("end_sessions", [*ENDINGS, reset_password, delete_account])
def test_every_token_ends_with_the_other_sessions(api_client, alice, end_sessions):
    secrets = [make_token(alice), make_token(alice, ApiToken.Scope.READ)]

    end_sessions(api_client, alice)
    User.objects.filter(pk=alice.pk).update(is_active=True)  # Whatever happened, it stays ended.

    for secret in secrets:
        assert_json_detail(token_client(secret).get(reverse("post-list")), 401)


def test_ending_one_users_sessions_leaves_anothers_tokens(api_client, alice, bob):
    secret = make_token(bob)

    log_out_everywhere(api_client, alice)

    assert token_client(secret).get(reverse("user-me")).status_code == 200


def readable_urls(post, token_id):
    """Every list of the API router (the sessions' too), the token's page, the account's, a post."""
    for _prefix, _viewset, basename in router.registry:
        kwargs = {"post_slug": post.slug} if basename == "comment" else {}
        yield reverse(f"{basename}-list", kwargs=kwargs)
    yield reverse("api-token-detail", args=[token_id])
    yield reverse("user-me")
    yield reverse("post-detail", args=[post.slug])


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_the_secret_is_in_no_answer_after_its_creation(alice_client, alice, alices_post, accept):
    created = alice_client.post(TOKENS, {"name": "CI"}).json()
    secret = created["token"]

    for client in (alice_client, token_client(secret)):
        for url in readable_urls(alices_post, created["id"]):
            response = client.get(url, HTTP_ACCEPT=accept)

            assert response.status_code == 200, url
            # Not even the part after the prefix that lists show.
            assert secret[14:] not in response.content.decode(), url
