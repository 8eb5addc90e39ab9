"""A page on another origin, open in the same browser, cannot use the user's API session.

The other origin is http://localhost:PORT like the SPA: the same site, so SameSite=Lax does not
keep the refresh cookie from it. CORS and the cookie mode's custom header must.
"""

import re

from playwright.sync_api import expect

from e2e.conftest import refresh_cookie, session_area, sign_in

# Run in the other origin's page: what a script there gets from each attempt on the API.
ATTEMPTS = """async (api) => {
  const attempts = {
    "refresh in cookie mode": () => fetch(`${api}/auth/jwt/refresh/`, {
      method: "POST", credentials: "include", headers: {"X-Auth-Cookie": "1"},
    }),
    "refresh without the header": () => fetch(`${api}/auth/jwt/refresh/`, {
      method: "POST", credentials: "include",
    }),
    "read your account": () => fetch(`${api}/auth/users/me/`, {credentials: "include"}),
  };
  const outcomes = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      const response = await attempt();
      outcomes[name] = `read: ${response.status} ${await response.text()}`;
    } catch (error) {
      outcomes[name] = "blocked";
    }
  }
  return outcomes;
}"""


def test_a_page_on_another_origin_cannot_read_the_api_with_the_users_cookie(
    page, stack, reader, other_origin
):
    sign_in(page, stack, reader)

    page.goto(other_origin)
    outcomes = page.evaluate(ATTEMPTS, stack.api)

    assert outcomes == {
        "refresh in cookie mode": "blocked",
        "refresh without the header": "blocked",
        "read your account": "blocked",
    }


def test_the_same_attempts_from_the_spas_origin_read_the_api(page, stack, reader):
    """The control for the test above: there, only the origin stopped the script."""
    sign_in(page, stack, reader)

    outcomes = page.evaluate(ATTEMPTS, stack.api)

    assert outcomes["refresh in cookie mode"].startswith('read: 200 {"access":')
    # Refused (without the header the API does not read the cookie), yet the script reads why.
    assert re.match(r"read: 4\d\d ", outcomes["refresh without the header"])
    assert outcomes["read your account"].startswith("read: 401")  # It sent no access token.


def test_a_page_on_another_origin_cannot_use_the_refresh_cookie(
    page, context, stack, reader, other_origin
):
    sign_in(page, stack, reader)
    cookie_before = refresh_cookie(context, stack)
    assert cookie_before

    page.goto(other_origin)
    page.evaluate(ATTEMPTS, stack.api)

    # Had any attempt refreshed, the API would have rotated the cookie (and retired this one).
    assert refresh_cookie(context, stack) == cookie_before
    page.goto(stack.spa)
    expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")
