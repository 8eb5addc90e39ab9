"""The list of your sessions (OWASP ASVS 7.5.2): every JWT login, browser session and API token,
with its last use and client, the current one marked; each can be ended at once."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.api_tokens import create_api_token
from accounts.models import Login
from accounts.usage import describe_client
from tests.accounts.test_api_tokens import make_token, token_client
from tests.clients import assert_json_detail, bearer
from tests.factories import PASSWORD
from tests.permissions import assert_cell, cells

pytestmark = pytest.mark.django_db

SESSIONS = reverse("session-list")
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def session_url(login_id):
    return reverse("session-detail", args=[login_id])


def signed_in(api_client, username="alice", **extra):
    """A JWT sign-in as an SPA makes it; (client sending its access token, its tokens)."""
    response = api_client.post(
        reverse("jwt-create"),
        {"username": username, "password": "correct-horse-battery-staple"},
        **extra,
    )
    assert response.status_code == 200, response.content
    tokens = response.json()
    return bearer(tokens["access"]), tokens


def browser_of(user, user_agent=FIREFOX_ON_LINUX):
    """A browser signed in at the browsable API's login page."""
    browser = Client(HTTP_USER_AGENT=user_agent)
    response = browser.post(
        reverse("rest_framework:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def sessions_seen_by(client):
    response = client.get(SESSIONS)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    ("user_agent", "described"),
    [
        (FIREFOX_ON_LINUX, "Firefox on Linux"),
        (SAFARI_ON_IPHONE, "Safari on iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        ("curl/8.5.0", "curl"),
        ("PostmanRuntime/7.39.0", "Postman"),
        ("something/1.0", "Other client"),
        ("", ""),
    ],
)
def test_a_client_is_described_coarsely(user_agent, described):
    assert describe_client(user_agent) == described


def test_every_kind_of_login_is_listed_with_the_current_one_marked(api_client, alice, bob):
    spa, _ = signed_in(api_client, HTTP_USER_AGENT=FIREFOX_ON_LINUX, REMOTE_ADDR="198.51.100.7")
    browser_of(alice, SAFARI_ON_IPHONE)
    make_token(alice)
    signed_in(APIClient(), "bob")

    sessions = sessions_seen_by(spa)

    assert sorted(session["kind"] for session in sessions) == ["browser", "jwt", "token"]
    current = [session for session in sessions if session["current"]]
    assert len(current) == 1
    assert current[0] | {"id": None, "started_at": None, "last_used_at": None} == {
        "id": None,
        "kind": "jwt",
        "name": None,
        "started_at": None,
        "last_used_at": None,
        "client": "Firefox on Linux",
        "ip": "198.51.100.7",
        "current": True,
    }
    assert current[0]["last_used_at"] is not None
    browser = next(session for session in sessions if session["kind"] == "browser")
    assert browser["client"] == "Safari on iOS"
    token = next(session for session in sessions if session["kind"] == "token")
    assert (token["name"], token["last_used_at"]) == ("script", None)


def test_the_current_session_is_marked_whatever_signed_the_request_in(alice):
    secret = make_token(alice)
    browser = browser_of(alice)

    by_token = sessions_seen_by(token_client(secret))
    by_browser = browser.get(SESSIONS).json()["results"]

    assert [s["kind"] for s in by_token if s["current"]] == ["token"]
    assert [s["kind"] for s in by_browser if s["current"]] == ["browser"]


def test_a_token_is_marked_used_with_its_client_and_ip(alice):
    secret = make_token(alice)

    token_client(secret).get(
        reverse("post-list"), HTTP_USER_AGENT="curl/8.5.0", REMOTE_ADDR="192.0.2.9"
    )

    login = Login.objects.get(kind="token")
    assert (login.client, login.last_ip) == ("curl", "192.0.2.9")
    assert login.last_used_at is not None


def test_ending_a_jwt_login_refuses_its_access_and_refresh_tokens_at_once(api_client, alice):
    spa, _ = signed_in(api_client)
    phone, phone_tokens = signed_in(api_client)
    phone_login = Login.objects.filter(kind="jwt").order_by("pk").last()

    assert spa.delete(session_url(phone_login.pk)).status_code == 204

    assert_json_detail(phone.get(reverse("user-me")), 401)
    refreshed = api_client.post(reverse("jwt-refresh"), {"refresh": phone_tokens["refresh"]})
    assert_json_detail(refreshed, 401)
    assert spa.get(reverse("user-me")).status_code == 200


def test_ending_a_browser_session_signs_the_browser_out(api_client, alice):
    spa, _ = signed_in(api_client)
    browser = browser_of(alice)
    login = Login.objects.get(kind="browser")

    assert spa.delete(session_url(login.pk)).status_code == 204

    assert browser.get(reverse("user-me")).status_code == 401
    assert not Session.objects.filter(session_key=login.session_key).exists()
    assert [s["kind"] for s in sessions_seen_by(spa)] == ["jwt"]


def test_ending_a_token_revokes_it(api_client, alice):
    spa, _ = signed_in(api_client)
    secret = make_token(alice)

    assert spa.delete(session_url(Login.objects.get(kind="token").pk)).status_code == 204

    assert_json_detail(token_client(secret).get(reverse("user-me")), 401)
    assert spa.get(reverse("api-token-list")).json()["count"] == 0


def test_ending_the_current_session_signs_its_client_out(api_client, alice):
    spa, _ = signed_in(api_client)
    current = next(s for s in sessions_seen_by(spa) if s["current"])

    assert spa.delete(session_url(current["id"])).status_code == 204

    assert_json_detail(spa.get(SESSIONS), 401)


def test_logging_out_refuses_the_access_token_too(api_client, alice):
    spa, tokens = signed_in(api_client)

    assert (
        api_client.post(reverse("jwt-blacklist"), {"refresh": tokens["refresh"]}).status_code == 200
    )

    response = spa.get(reverse("user-me"))
    assert_json_detail(response, 401)
    assert response.json()["code"] == "token_not_valid"


def test_logging_out_everywhere_refuses_every_access_token_and_lists_nothing(api_client, alice):
    spa, _ = signed_in(api_client)
    phone, _ = signed_in(api_client)
    browser = browser_of(alice)
    secret = make_token(alice)

    assert spa.post(reverse("jwt-logout-everywhere")).status_code == 204

    for client in [spa, phone, token_client(secret)]:
        assert_json_detail(client.get(reverse("user-me")), 401)
    assert browser.get(reverse("user-me")).status_code == 401
    fresh, _ = signed_in(api_client)
    assert [s["current"] for s in sessions_seen_by(fresh)] == [True]


def test_ended_and_logged_out_logins_are_not_listed(api_client, alice):
    _, tokens = signed_in(api_client)
    api_client.post(reverse("jwt-blacklist"), {"refresh": tokens["refresh"]})
    browser = browser_of(alice)
    browser.post(reverse("rest_framework:logout"))
    spa, _ = signed_in(api_client)

    assert [s["kind"] for s in sessions_seen_by(spa)] == ["jwt"]


def test_another_users_session_is_not_found_and_goes_on(api_client, alice, bob, database_state):
    spa, _ = signed_in(api_client)
    bobs, _ = signed_in(api_client, "bob")
    bobs_login = Login.objects.get(user=bob)
    before = database_state()

    assert_json_detail(spa.delete(session_url(bobs_login.pk)), 404)

    assert database_state() == before
    assert bobs.get(reverse("user-me")).status_code == 200
    assert [s["id"] for s in sessions_seen_by(spa)] != [bobs_login.pk]


def test_the_list_is_one_query_plan(api_client, alice, django_assert_num_queries):
    spa, _ = signed_in(api_client)
    spa.get(SESSIONS)  # Its use noted now, so that the counts below compare like with like.
    for _ in range(5):
        make_token(alice)
        Client().force_login(alice)
        signed_in(api_client)

    # The test's savepoint and its release, the login with its user, the count and the page.
    with django_assert_num_queries(5):
        assert len(sessions_seen_by(spa)) == 16


def login_of(user):
    """A login of `user` that the matrix below ends: an API token's, made if there is none."""
    login = Login.objects.filter(user=user, kind="token").first()
    return login or create_api_token(user, "CI", "read", None, request=None)[0].login


# Anyone signed in ends their own sessions; another user's is not found, whoever asks.

WRITES = {"end-session": lambda client, alice: client.delete(session_url(login_of(alice).pk))}
MATRIX = {"end-session": (401, 204, 404, 404)}  # anonymous, owner, other user, staff


@pytest.mark.parametrize(("actor", "operation", "status", "changes"), cells(MATRIX))
def test_who_may_end_a_session(client_of, alice, actor, operation, status, changes):
    client = client_of(actor)
    login_of(alice)

    assert_cell(lambda: WRITES[operation](client, alice), status, changes)
