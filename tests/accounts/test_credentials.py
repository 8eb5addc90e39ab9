"""OWASP API2:2023 Broken Authentication: forged, expired, misused and malformed credentials.

Tokens are built by hand with PyJWT, as an attacker would: no signature, another key, another
algorithm, a tampered payload, a past expiry, a user who is gone or deactivated, the wrong kind
of token. Each is refused with 401 and the write it carried changes nothing.
"""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.clients import assert_json_detail, bearer
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API2:2023")]


NEW_POST = {"title": "Written by an impostor", "body": "Nobody signed this."}


def claims(user, kind="access", lifetime=timedelta(minutes=5), **overrides):
    """The payload SimpleJWT itself would sign for `user`."""
    now = datetime.now(UTC)
    payload = {
        "token_type": kind,
        "exp": now + lifetime,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "user_id": str(user.pk),
        **overrides,
    }
    return {name: value for name, value in payload.items() if value is not None}


def sign(payload, key=None, algorithm="HS256"):
    return jwt.encode(payload, settings.SECRET_KEY if key is None else key, algorithm=algorithm)


def write_with(client):
    return client.post(reverse("post-list"), NEW_POST)


def assert_refused_write(client, database_state):
    before = database_state()

    response = write_with(client)

    assert_json_detail(response, 401)
    assert database_state() == before


# --- Forged access tokens ------------------------------------------------------------------------


def test_unsigned_token_with_alg_none_is_refused(alice, database_state):
    token = jwt.encode(claims(alice), key=None, algorithm="none")

    assert_refused_write(bearer(token), database_state)


def test_token_signed_with_another_key_is_refused(alice, database_state):
    token = sign(claims(alice), key="not-the-servers-secret-key-but-long-enough-for-hs256")

    assert_refused_write(bearer(token), database_state)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_token_naming_another_hmac_algorithm_is_refused(alice, database_state):
    # Only HS256 is accepted, whatever the header claims (the algorithm-confusion family of
    # PyJWT's CVE-2022-29217): a token must not pick how it is checked.
    token = sign(claims(alice), algorithm="HS512")

    assert_refused_write(bearer(token), database_state)


def test_token_with_a_tampered_user_id_is_refused(alice, bob, database_state):
    header, _, signature = str(RefreshToken.for_user(bob).access_token).split(".")
    payload = {"token_type": "access", "exp": 4102444800, "jti": "x", "user_id": str(alice.pk)}
    forged_payload = jwt.utils.base64url_encode(json.dumps(payload).encode()).decode()

    assert_refused_write(bearer(f"{header}.{forged_payload}.{signature}"), database_state)


def test_expired_access_token_is_refused(alice, database_state):
    token = sign(claims(alice, lifetime=timedelta(seconds=-1)))

    assert_refused_write(bearer(token), database_state)


def test_access_token_issued_by_the_api_expires_after_its_lifetime(alice, database_state):
    token = str(RefreshToken.for_user(alice).access_token)
    later = datetime.now(UTC) + settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] + timedelta(seconds=1)

    with time_machine.travel(later, tick=False):
        assert_refused_write(bearer(token), database_state)


def test_token_without_an_expiry_is_refused(alice, database_state):
    token = sign(claims(alice, exp=None))

    assert_refused_write(bearer(token), database_state)


def test_token_without_a_user_is_refused(alice, database_state):
    token = sign(claims(alice, user_id=None))

    assert_refused_write(bearer(token), database_state)


def test_token_of_a_deleted_user_is_refused(database_state):
    gone = UserFactory()
    token = str(RefreshToken.for_user(gone).access_token)
    gone.delete()

    assert_refused_write(bearer(token), database_state)


def test_token_of_a_deactivated_user_is_refused(alice, database_state):
    token = str(RefreshToken.for_user(alice).access_token)
    alice.is_active = False
    alice.save()

    assert_refused_write(bearer(token), database_state)


def test_verify_endpoint_refuses_an_unsigned_token(alice, api_client):
    token = jwt.encode(claims(alice), key=None, algorithm="none")

    response = api_client.post(reverse("jwt-verify"), {"token": token})

    assert_json_detail(response, 401)


# --- The wrong kind of token ---------------------------------------------------------------------


def test_refresh_token_is_refused_as_an_access_token(alice, database_state):
    assert_refused_write(bearer(str(RefreshToken.for_user(alice))), database_state)


def test_access_token_is_refused_as_a_refresh_token(alice, api_client, database_state):
    access = str(RefreshToken.for_user(alice).access_token)
    before = database_state()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": access})

    assert_json_detail(response, 401)
    assert "access" not in response.json()
    assert database_state() == before


def test_access_token_cannot_be_blacklisted_as_a_refresh_token(alice, api_client, database_state):
    access = str(RefreshToken.for_user(alice).access_token)
    before = database_state()

    response = api_client.post(reverse("jwt-blacklist"), {"refresh": access})

    assert_json_detail(response, 401)
    assert database_state() == before


def test_refresh_token_signed_with_another_key_is_refused(alice, api_client, database_state):
    forged = sign(
        claims(alice, kind="refresh", lifetime=timedelta(days=1)),
        key="not-the-servers-secret-key-but-long-enough-for-hs256",
    )
    before = database_state()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": forged})

    assert_json_detail(response, 401)
    assert database_state() == before


def test_expired_refresh_token_is_refused(alice, api_client, database_state):
    refresh = str(RefreshToken.for_user(alice))
    later = datetime.now(UTC) + settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"] + timedelta(seconds=1)
    before = database_state()

    with time_machine.travel(later, tick=False):
        response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert_json_detail(response, 401)
    assert database_state() == before


def test_refresh_token_of_a_deleted_user_is_refused(api_client, database_state):
    gone = UserFactory()
    refresh = str(RefreshToken.for_user(gone))
    gone.delete()
    before = database_state()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert_json_detail(response, 401)
    assert database_state() == before


# --- Correctly signed tokens with claims of the wrong type --------------------------------------

# Signed with the server's own key, so only the claims' types are wrong (a leaked key, or a bug).
ODD_CLAIMS = {
    "user_id a word": lambda user: {"user_id": "alice"},
    "user_id a list": lambda user: {"user_id": [user.pk]},
    "user_id an object": lambda user: {"user_id": {"id": user.pk}},
    "user_id true": lambda user: {"user_id": True},
    "user_id past the column": lambda user: {"user_id": "9" * 30},
    "exp 1e30": lambda user: {"exp": 1e30},
    "exp a numeric string": lambda user: {"exp": "4102444800"},
    "jti past its column": lambda user: {"jti": "j" * 300},
    "family a list": lambda user: {"family": ["a"]},
    "family past its column": lambda user: {"family": "f" * 100},
    "jti missing": lambda user: {"jti": None},
    "jti a NUL": lambda user: {"jti": "\x00"},
    "family a NUL": lambda user: {"family": "\x00"},
    "user_id missing": lambda user: {"user_id": None},
    "token_type a list": lambda user: {"token_type": ["access", "refresh"]},
}


def odd_token(user, kind, odd):
    return sign(claims(user, kind=kind, lifetime=timedelta(days=1), **odd(user)))


def users_me(token):
    return bearer(token).patch(reverse("user-me"), {"bio": "Rewritten."})


def refresh(token):
    return APIClient().post(reverse("jwt-refresh"), {"refresh": token})


def verify(token):
    return APIClient().post(reverse("jwt-verify"), {"token": token})


def blacklist(token):
    return APIClient().post(reverse("jwt-blacklist"), {"refresh": token})


# Each endpoint that reads a token, and the kind of token it reads.
TOKEN_READERS = {
    "users/me": (users_me, "access"),
    "refresh": (refresh, "refresh"),
    "verify": (verify, "access"),
    "blacklist": (blacklist, "refresh"),
}


@pytest.mark.parametrize("odd", ODD_CLAIMS.values(), ids=ODD_CLAIMS.keys())
@pytest.mark.parametrize("reader", TOKEN_READERS.values(), ids=TOKEN_READERS.keys())
def test_a_signed_token_with_claims_of_the_wrong_type_is_refused(
    alice, database_state, reader, odd
):
    send, kind = reader
    token = odd_token(alice, kind, odd)
    before = database_state()

    response = send(token)

    assert_json_detail(response, 401)
    assert database_state() == before


# --- Malformed Authorization headers -------------------------------------------------------------


def valid_access(user):
    return str(RefreshToken.for_user(user).access_token)


MALFORMED_HEADERS = {
    "scheme only": lambda user: "Bearer",
    "scheme and a space": lambda user: "Bearer ",
    "three parts": lambda user: f"Bearer {valid_access(user)} extra",
    "not a JWT": lambda user: "Bearer not-a-jwt",
    "two dots of nothing": lambda user: "Bearer ..",
    "a 10 kB token": lambda user: "Bearer " + "A" * 10_000,
    "DRF token scheme": lambda user: f"Token {valid_access(user)}",
    "basic with the right password": lambda user: (
        "Basic " + base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    ),
}


@pytest.mark.parametrize("header", MALFORMED_HEADERS.values(), ids=MALFORMED_HEADERS.keys())
def test_malformed_authorization_header_is_refused(alice, database_state, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header(alice))

    assert_refused_write(client, database_state)


# --- Sessions (the browsable API) ----------------------------------------------------------------


def test_session_write_without_a_csrf_token_is_refused(alice, database_state):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    before = database_state()

    response = client.post(reverse("post-list"), NEW_POST)

    assert_json_detail(response, 403)
    assert "CSRF" in response.json()["detail"]
    assert database_state() == before


# --- Account enumeration -------------------------------------------------------------------------


def test_login_answers_an_unknown_user_as_it_answers_a_wrong_password(alice, api_client):
    unknown = api_client.post(reverse("jwt-create"), {"username": "nobody", "password": PASSWORD})
    wrong = api_client.post(
        reverse("jwt-create"), {"username": "alice", "password": "not-her-password"}
    )

    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_password_reset_answers_an_unknown_address_as_it_answers_a_known_one(alice, api_client):
    known = api_client.post(reverse("user-reset-password"), {"email": alice.email})
    unknown = api_client.post(reverse("user-reset-password"), {"email": "no@example.com"})

    assert known.status_code == unknown.status_code == 204
    assert known.content == unknown.content == b""
    assert [message.to for message in mail.outbox] == [[alice.email]]
