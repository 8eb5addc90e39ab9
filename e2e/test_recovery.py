"""Getting back in: a forgotten password or username, an account not activated yet."""

import uuid

from playwright.sync_api import expect

from e2e.conftest import session_area, sign_in

NEW_PASSWORD = "another-e2e-passphrase"


def ask_from_the_sign_in_page(page, stack, link, address, button):
    """Follows the sign-in page's `link` ("Forgot password?") and asks for a mail to `address`."""
    page.goto(f"{stack.spa}/sign-in")
    page.get_by_role("link", name=link).click()
    page.get_by_label("E-mail").fill(address)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_contain_text(f"If an account has the address {address}")


def test_a_reader_resets_a_forgotten_password_from_the_emailed_link(page, stack, reader):
    ask_from_the_sign_in_page(page, stack, "Forgot password?", reader.email, "Send the link")

    page.goto(stack.password_reset_link(reader.email))
    page.get_by_label("New password").fill("12345678")
    page.get_by_role("button", name="Choose a new password").click()
    # Django's password checks, in words, under the field's label (not `new_password`).
    expect(page.get_by_role("alert")).to_contain_text("New password: This password is too common.")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Choose a new password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is changed.")
    old_password, reader.password = reader.password, NEW_PASSWORD  # For the clean-up, too.

    page.get_by_role("link", name="Sign in with it").click()
    page.get_by_label("Username or e-mail").fill(reader.username)
    page.get_by_label("Password").fill(old_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an active account")
    sign_in(page, stack, reader)


def test_a_used_password_reset_link_says_so_and_offers_a_new_one(page, stack, reader):
    ask_from_the_sign_in_page(page, stack, "Forgot password?", reader.email, "Send the link")
    link = stack.password_reset_link(reader.email)
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Choose a new password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is changed.")
    reader.password = NEW_PASSWORD

    page.goto(link)
    page.get_by_label("New password").fill("yet-another-e2e-passphrase")
    page.get_by_role("button", name="Choose a new password").click()

    expect(page.get_by_role("alert")).to_have_text(
        "This link has expired or was already used: a reset link works once, within three days."
    )
    page.get_by_role("link", name="Send me a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")


def test_a_reader_who_forgot_the_username_gets_it_by_email_and_chooses_a_new_one(
    page, stack, reader
):
    ask_from_the_sign_in_page(page, stack, "Forgot username?", reader.email, "Send my username")
    assert reader.username in stack.mail(reader.email, subject="Username reset")

    new_username = f"renamed-{uuid.uuid4().hex[:8]}"
    page.goto(stack.username_reset_link(reader.email))
    page.get_by_label("New username").fill(new_username)
    page.get_by_role("button", name="Choose a new username").click()
    expect(page.get_by_role("status")).to_have_text(f"Your username is now {new_username}.")
    reader.username = new_username

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    sign_in(page, stack, reader)


def test_signing_in_before_activating_points_to_a_new_activation_link(page, stack, make_reader):
    newcomer = make_reader(stack, activate=False)
    page.goto(f"{stack.spa}/sign-in")
    page.get_by_label("Username or e-mail").fill(newcomer.email)
    page.get_by_label("Password").fill(newcomer.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text(
        "The username or e-mail and the password do not match an active account."
    )
    expect(page.get_by_role("main")).to_contain_text("An account signs in once activated")
    page.get_by_role("link", name="Send me a new activation link").click()
    expect(page.get_by_label("E-mail")).to_have_value(newcomer.email)  # As typed to sign in.
    page.get_by_role("button", name="Send a new activation link").click()
    expect(page.get_by_role("status")).to_contain_text("we sent it a new link")

    link = stack.activation_link(newcomer.email)
    page.goto(link)
    expect(page.get_by_role("heading", name="Account activated")).to_be_visible()
    sign_in(page, stack, newcomer)


def test_an_activation_link_opened_again_says_the_account_is_active(page, stack, make_reader):
    newcomer = make_reader(stack, activate=False)
    link = stack.activation_link(newcomer.email)
    page.goto(link)
    expect(page.get_by_role("heading", name="Account activated")).to_be_visible()

    page.goto(link)

    expect(page.get_by_role("heading", level=1)).to_have_text("Already activated")
    expect(page.get_by_role("main")).to_contain_text("This account is active already: sign in.")
    expect(page.get_by_role("main")).not_to_contain_text("Stale token")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()
