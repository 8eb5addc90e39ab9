"""The Sessions page: every sign-in of the user listed, the current one marked, any other ended
at once from it, so that its browser's refresh fails."""

import requests
from playwright.sync_api import expect

from e2e.conftest import SCREENSHOTS, refresh_cookie, session_area, sign_in


def test_a_session_ended_from_the_list_cannot_refresh_any_more(
    page, context, browser, stack, reader
):
    laptop = browser.new_context()  # Another browser, signed in first.
    try:
        laptop_page = laptop.new_page()
        sign_in(laptop_page, stack, reader)
        laptop_cookie = refresh_cookie(laptop, stack)
        sign_in(page, stack, reader)

        session_area(page).get_by_role("link", name="Sessions").click()

        rows = page.locator("table.sessions tbody tr")
        expect(rows).to_have_count(2)
        current = rows.filter(has_text="This session")
        expect(current).to_have_count(1)
        expect(current).to_contain_text("Sign-in")
        expect(current).to_contain_text("Chrome on Linux")
        expect(current).to_contain_text("127.0.0.1")
        page.screenshot(path=SCREENSHOTS / "spa-sessions.png", full_page=True)
        other = rows.filter(has_not_text="This session")
        other.get_by_role("button", name="End", exact=True).click()

        expect(page.get_by_role("status")).to_contain_text("Session ended")
        expect(rows).to_have_count(1)
        replayed = requests.post(
            f"{stack.api}/auth/jwt/refresh/", json={"refresh": laptop_cookie}, timeout=10
        )
        assert replayed.status_code == 401
        laptop_page.reload()
        expect(session_area(laptop_page).get_by_role("link", name="Sign in")).to_be_visible()
        # This browser is still signed in, and the list says so after a reload too.
        page.reload()
        expect(rows).to_have_count(1)
        expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")
    finally:
        laptop.close()


def test_ending_this_session_signs_this_browser_out(page, context, stack, reader):
    sign_in(page, stack, reader)
    cookie = refresh_cookie(context, stack)
    session_area(page).get_by_role("link", name="Sessions").click()

    page.get_by_role("button", name="End (signs you out)").click()

    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()
    replayed = requests.post(f"{stack.api}/auth/jwt/refresh/", json={"refresh": cookie}, timeout=10)
    assert replayed.status_code == 401
    page.reload()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()


def test_signed_out_the_page_asks_to_sign_in(page, stack):
    page.goto(f"{stack.spa}/sessions")

    expect(page.get_by_role("main").get_by_role("link", name="Sign in")).to_be_visible()
