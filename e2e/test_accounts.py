"""A visitor becomes a reader: registration, the e-mailed activation link, signing in."""

import uuid

from playwright.sync_api import expect

from e2e.conftest import PASSWORD, session_area


def test_a_visitor_registers_activates_from_the_emailed_link_and_signs_in(page, stack):
    username = f"visitor-{uuid.uuid4().hex[:8]}"
    address = f"{username}@example.com"
    page.goto(stack.spa)
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("status")).to_contain_text(f"we sent an activation link to {address}")

    page.goto(stack.activation_link(address))
    expect(page.get_by_role("heading", name="Account activated")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username or e-mail").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(session_area(page)).to_contain_text(f"Signed in as {username}")
