"""Scripts' and legacy clients' tokens against gunicorn, PostgreSQL and Redis, sent with `requests`
as the clients' own documentation sends them: a personal API token, Djoser's token login and
logout, and djangorestframework-jwt's endpoints with `Authorization: JWT`, each ended from the
session list or by logging out everywhere, with the sign-in limits on.
"""

import pytest
import requests

from tests.live.conftest import login, register

pytestmark = pytest.mark.live

SIGN_IN_RATE = 5  # A minute from one address: low, so that the test reaches it quickly.


@pytest.fixture(scope="module")
def server(start_server):
    """An instance serving djangorestframework-jwt's endpoints, with the sign-in limits on."""
    return start_server(
        LEGACY_JWT="true",
        THROTTLING="true",
        THROTTLE_LOGIN_RATE=f"{SIGN_IN_RATE}/minute",
        THROTTLE_LOGIN_ACCOUNT_RATE="100/hour",
    )


def bearer(access):
    return {"Authorization": f"Bearer {access}"}


def sessions(http, server, headers):
    response = http.get(f"{server.url}/api/v1/auth/sessions/", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def end_session(http, server, headers, session_id):
    response = http.delete(f"{server.url}/api/v1/auth/sessions/{session_id}/", headers=headers)
    assert response.status_code == 204, response.text


def test_a_personal_token_works_for_a_script_until_it_is_revoked(http, server, empty_throttles):
    account = register(http, server, "script-owner")
    signed_in = bearer(login(http, server, account)["access"])
    created = http.post(
        f"{server.url}/api/v1/auth/tokens/",
        json={"name": "nightly backup", "scope": "read"},
        headers=signed_in,
    )
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    script = requests.Session()  # A script of its own, which knows nothing but the token.
    script.headers.update({"Authorization": f"Token {secret}", "X-Forwarded-Proto": "https"})

    assert secret.startswith("blogpat_")
    assert script.get(f"{server.url}/api/v1/auth/users/me/").json()["username"] == "script-owner"
    write = script.post(f"{server.url}/api/v1/posts/", json={"title": "No", "body": "Read only."})
    assert write.status_code == 403
    listed = http.get(f"{server.url}/api/v1/auth/tokens/", headers=signed_in).json()["results"]
    assert [token["token"] for token in listed] == [None]
    assert secret not in http.get(f"{server.url}/api/v1/auth/sessions/", headers=signed_in).text

    token_id = created.json()["id"]
    revoked = http.delete(f"{server.url}/api/v1/auth/tokens/{token_id}/", headers=signed_in)
    assert revoked.status_code == 204
    assert script.get(f"{server.url}/api/v1/auth/users/me/").status_code == 401


def test_djosers_token_login_and_logout(http, server, empty_throttles):
    account = register(http, server, "djoser-client")
    response = http.post(f"{server.url}/api/v1/auth/token/login/", data=account)
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Token {response.json()['auth_token']}"}

    assert http.get(f"{server.url}/api/v1/auth/users/me/", headers=headers).status_code == 200
    logout = http.post(f"{server.url}/api/v1/auth/token/logout/", headers=headers)
    assert logout.status_code == 204
    assert http.get(f"{server.url}/api/v1/auth/users/me/", headers=headers).status_code == 401


def test_a_djangorestframework_jwt_client_works_unchanged(http, server, empty_throttles):
    account = register(http, server, "legacy-client")
    # curl -X POST -d "username=admin&password=password123" http://localhost:8000/api-token-auth/
    response = http.post(f"{server.url}/api/v1/api-token-auth/", data=account)
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    # curl -H "Authorization: JWT <your_token>" http://localhost:8000/protected-url/
    me = http.get(f"{server.url}/api/v1/auth/users/me/", headers={"Authorization": f"JWT {token}"})
    assert me.json()["username"] == "legacy-client"
    # curl -X POST -H "Content-Type: application/json" -d '{"token":"<EXISTING_TOKEN>"}' ...
    refreshed = http.post(f"{server.url}/api/v1/api-token-refresh/", json={"token": token})
    assert refreshed.status_code == 200, refreshed.text
    new_token = refreshed.json()["token"]
    verified = http.post(f"{server.url}/api/v1/api-token-verify/", json={"token": new_token})
    assert verified.json() == {"token": new_token}
    wrong = http.post(
        f"{server.url}/api/v1/api-token-auth/",
        json={"username": "legacy-client", "password": "not-the-password"},
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_a_legacy_login_ends_from_another_session_and_with_logout_everywhere(
    http, server, empty_throttles
):
    account = register(http, server, "legacy-ended")
    tokens = [
        http.post(f"{server.url}/api/v1/api-token-auth/", json=account).json()["token"]
        for _ in range(2)
    ]
    spa = bearer(login(http, server, account)["access"])
    legacy = [session for session in sessions(http, server, spa) if session["kind"] == "legacy"]
    assert len(legacy) == 2

    end_session(http, server, spa, legacy[0]["id"])  # The newest: the second token's login.
    me = f"{server.url}/api/v1/auth/users/me/"
    assert http.get(me, headers={"Authorization": f"JWT {tokens[1]}"}).status_code == 401
    assert http.get(me, headers={"Authorization": f"JWT {tokens[0]}"}).status_code == 200

    assert http.post(f"{server.url}/api/v1/auth/jwt/logout_everywhere/", headers=spa).ok
    assert http.get(me, headers={"Authorization": f"JWT {tokens[0]}"}).status_code == 401
    refresh = http.post(f"{server.url}/api/v1/api-token-refresh/", json={"token": tokens[0]})
    assert refresh.status_code == 400


def test_another_users_session_or_token_is_not_found_and_goes_on(http, server, empty_throttles):
    owner = register(http, server, "token-owner")
    stranger = bearer(login(http, server, register(http, server, "token-stranger"))["access"])
    owner_headers = bearer(login(http, server, owner)["access"])
    token = http.post(
        f"{server.url}/api/v1/auth/tokens/", json={"name": "ci"}, headers=owner_headers
    ).json()
    session_id = sessions(http, server, owner_headers)[0]["id"]

    for url in (f"auth/sessions/{session_id}/", f"auth/tokens/{token['id']}/"):
        response = http.delete(f"{server.url}/api/v1/{url}", headers=stranger)
        assert response.status_code == 404, url
    assert http.get(
        f"{server.url}/api/v1/auth/users/me/", headers={"Authorization": f"Token {token['token']}"}
    ).ok
    assert http.get(f"{server.url}/api/v1/auth/users/me/", headers=owner_headers).ok


def test_the_legacy_sign_in_is_limited_as_every_door(http, server, empty_throttles):
    register(http, server, "legacy-guessed")
    guesses = [
        http.post(
            f"{server.url}/api/v1/api-token-auth/",
            data={"username": "legacy-guessed", "password": f"guess-{guess}"},
        )
        for guess in range(SIGN_IN_RATE + 1)
    ]

    # The registration above is no sign-in: every guess up to the rate is answered, then 429.
    assert [response.status_code for response in guesses] == [400] * SIGN_IN_RATE + [429]
    assert int(guesses[-1].headers["Retry-After"]) > 0
