"""The session in cookie mode: silent refresh, restored on reload, ended by logging out."""

import time

import requests
from playwright.sync_api import expect

from e2e.conftest import as_user, refresh_cookie, session_area, sign_in
from e2e.short_token_settings import ACCESS_TOKEN_SECONDS

REFRESH_AS_THE_SPA_DOES = """async (api) => (await fetch(`${api}/auth/jwt/refresh/`, {
  method: "POST", credentials: "include", headers: {"X-Auth-Cookie": "1"},
})).status"""


def record_refreshes(page, stack):
    """The statuses of the page's refresh calls to the API, in a list filled as they come."""
    statuses = []
    page.on(
        "response",
        lambda response: (
            response.url == f"{stack.api}/auth/jwt/refresh/" and statuses.append(response.status)
        ),
    )
    return statuses


def test_an_expired_access_token_is_refreshed_without_the_user_noticing(
    page, short_lived_stack, make_reader
):
    stack = short_lived_stack
    reader = make_reader(stack)
    answers = []  # (when, method, path, status) of every API answer the page gets

    def record(response):
        if response.url.startswith(stack.api):
            path = response.url.removeprefix(stack.api)
            answers.append((time.monotonic(), response.request.method, path, response.status))

    page.on("response", record)
    sign_in(page, stack, reader)
    page.get_by_role("link", name="A weekend in the mountains").click()
    like = page.get_by_role("button", name="Like", exact=True)
    expect(like).to_be_visible()

    # A real wait: the API's access tokens live ACCESS_TOKEN_SECONDS; let the newest one expire.
    issued = max(when for when, _, path, _ in answers if path.startswith("/auth/jwt/"))
    page.wait_for_timeout(max(0, issued + ACCESS_TOKEN_SECONDS + 1 - time.monotonic()) * 1000)
    answers.clear()
    like.click()

    expect(page.locator(".likes")).to_contain_text("1 like")
    expect(page.get_by_role("button", name="Unlike")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")
    slug = page.url.rsplit("/", 1)[-1]
    assert [(method, path, status) for _, method, path, status in answers] == [
        ("POST", f"/posts/{slug}/like/", 401),  # the expired token
        ("POST", "/auth/jwt/refresh/", 200),
        ("POST", f"/posts/{slug}/like/", 201),  # the same call again, with the new token
    ]


def test_reloading_the_page_keeps_the_user_signed_in(page, stack, reader):
    sign_in(page, stack, reader)

    page.reload()

    expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")
    expect(session_area(page).get_by_role("link", name="Write a post")).to_be_visible()


def test_logging_out_deletes_the_refresh_cookie_and_retires_its_token(page, context, stack, reader):
    sign_in(page, stack, reader)
    token = refresh_cookie(context, stack)
    assert token

    session_area(page).get_by_role("button", name="Log out").click()

    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert refresh_cookie(context, stack) is None
    replayed = requests.post(f"{stack.api}/auth/jwt/refresh/", json={"refresh": token}, timeout=10)
    assert replayed.status_code == 401


def test_after_logging_out_protected_calls_fail(page, stack, reader):
    sign_in(page, stack, reader)
    session_area(page).get_by_role("button", name="Log out").click()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()

    refreshes = record_refreshes(page, stack)
    page.reload()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert refreshes == []  # Signed out in this browser: a page load does not even ask.
    # Asked all the same, as the SPA would, the API refuses: the cookie is gone.
    assert page.evaluate(REFRESH_AS_THE_SPA_DOES, stack.api) == 401
    page.get_by_role("link", name="A weekend in the mountains").click()
    expect(page.locator(".likes")).to_contain_text("Sign in to like it")
    me = page.evaluate(
        "async (api) => (await fetch(`${api}/auth/users/me/`, {credentials: 'include'})).status",
        stack.api,
    )
    assert me == 401


def test_a_session_ended_elsewhere_costs_one_refused_refresh_then_none(page, stack, reader):
    sign_in(page, stack, reader)
    response = as_user(stack, reader).post(f"{stack.api}/auth/jwt/logout_everywhere/", timeout=10)
    assert response.status_code == 204
    refreshes = record_refreshes(page, stack)

    page.reload()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()
    page.reload()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()

    assert refreshes == [401]  # The first load learnt that the session had ended.
