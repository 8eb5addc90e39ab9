"""Two-factor sign-in in the SPA: enrol on the Security page, reading the secret it shows (as a
person types it into an authenticator app), sign in with a code computed from it, turn it off."""

import time
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from e2e.conftest import SCREENSHOTS, session_area, sign_in


def code_of(secret, steps=0):
    """What an authenticator app shows for `secret`, `steps` 30-second steps from now."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def test_a_reader_turns_on_two_factor_sign_in_and_signs_in_with_a_code(page, stack, reader):
    sign_in(page, stack, reader)
    session_area(page).get_by_role("link", name="Security").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is off")).to_be_visible()
    page.get_by_label("Your password").fill(reader.password)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("img", name="QR code of the secret")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "spa-security-enrol.png", full_page=True)
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(code_of(secret))
    page.get_by_role("button", name="Confirm").click()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text()
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("10 recovery codes left.")

    session_area(page).get_by_role("button", name="Log out").click()
    page.goto(f"{stack.spa}/sign-in")
    page.get_by_label("Username or e-mail").fill(reader.username)
    page.get_by_label("Password").fill(reader.password)
    page.get_by_role("button", name="Sign in").click()
    expect(session_area(page)).not_to_contain_text("Signed in")
    # The confirmation used this step's code, and a code is accepted once: the app's next one.
    page.get_by_label("Code").fill(code_of(secret, steps=1))
    page.get_by_role("button", name="Verify").click()
    expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")

    # Off again, with the password and a recovery code (the teardown signs in with a password).
    session_area(page).get_by_role("link", name="Security").click()
    page.get_by_label("Your password").last.fill(reader.password)
    page.get_by_label("Code from the app, or a recovery code").fill(recovery_code)
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is off")).to_be_visible()
