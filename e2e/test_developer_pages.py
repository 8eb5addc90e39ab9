"""The pages a developer and staff use, walked in Chromium as they would: the browsable API, Swagger
UI, ReDoc and the admin, on the API as `make run` serves it (the developer_site fixture).

Every test watches the browser (`watched`): no request leaves the server, no answer of ours is
an error (4xx or 5xx), and nothing is logged to the console as an error.
"""

from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from e2e.conftest import ALICE, SCREENSHOTS

ADMIN = ("admin", "demo-admin-2026")  # The demo data's staff account.
BOB = ("bob", "demo-bob-2026")


class BrowserLog:
    """What the browser requested, which answers were errors, and what the console said."""

    def __init__(self, origin):
        self.origin = origin
        self.requests, self.errors, self.console_errors = [], [], []
        self.expected_errors = set()
        self.expected_statuses = set()

    def expect_error(self, status, method, path):
        """An error answer the test asks for itself (never one to a form of ours)."""
        self.expected_errors.add(f"{status} {method} {self.origin}{path}")
        self.expected_statuses.add(status)

    def unexpected_console_errors(self):
        # Chromium logs each error answer as "Failed to load resource: ... a status of 405 (...)".
        expected = tuple(f"a status of {status} (" for status in self.expected_statuses)
        return [
            text
            for text in self.console_errors
            if not (expected and any(e in text for e in expected))
        ]

    def off_server(self):
        return [
            url
            for url in self.requests
            if not url.startswith(f"{self.origin}/")
            and not url.startswith(("data:", f"blob:{self.origin}/"))
        ]


@pytest.fixture
def browser_log(context, page, developer_site):
    """The browser's own log of what it did, checked at the end of the test."""
    log = BrowserLog(developer_site)
    context.on("request", lambda request: log.requests.append(request.url))
    context.on(
        "response",
        lambda response: (
            response.status >= 400
            and log.errors.append(f"{response.status} {response.request.method} {response.url}")
        ),
    )
    page.on(
        "console",
        lambda message: message.type == "error" and log.console_errors.append(message.text),
    )
    yield log
    assert log.off_server() == [], "requests that left the server"
    assert [error for error in log.errors if error not in log.expected_errors] == []
    assert log.unexpected_console_errors() == [], "console errors"


@pytest.fixture
def watched(browser_log, page):
    """The page, watched by browser_log."""
    return page


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name)


def path_of(page):
    parts = urlsplit(page.url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def demo_tokens(site, username, password):
    response = requests.post(
        f"{site}/api/v1/auth/jwt/create/",
        json={"username": username, "password": password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


# --- The browsable API ----------------------------------------------------------------------------


def sign_in_to_the_browsable_api(page, site, login, password=ALICE.password):
    page.goto(f"{site}/api/v1/posts/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username or e-mail").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".navbar")).to_contain_text(ALICE.username)
    assert path_of(page) == "/api/v1/posts/"
    page.wait_for_load_state("load")  # Its scripts (the dialogs, the tabs) are ready.


@pytest.mark.parametrize("login", [ALICE.username, ALICE.email], ids=["username", "e-mail"])
def test_a_developer_signs_in_to_the_browsable_api(watched, browser_log, developer_site, login):
    sign_in_to_the_browsable_api(watched, developer_site, login)

    # Signing in takes a POST: the page of its form answers 405 to the browser's GET.
    browser_log.expect_error(405, "GET", "/api/v1/auth/jwt/create/")
    watched.goto(f"{developer_site}/api/v1/auth/jwt/create/")  # Reads no session: still shown.
    expect(watched.locator(".navbar")).to_contain_text(ALICE.username)
    expect(watched.locator(".navbar")).not_to_contain_text("Log in")


def test_the_filters_dialog_lists_the_chosen_posts(watched, developer_site):
    sign_in_to_the_browsable_api(watched, developer_site, ALICE.username)

    watched.get_by_role("button", name="Filters").click()
    dialog = watched.locator("#filtersModal")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Category").select_option("django")
    dialog.get_by_label("Tag").select_option("python")
    dialog.locator("button", has_text="Submit").click()

    expect(watched.locator(".response-info")).to_contain_text("HTTP 200 OK")
    expect(watched.locator(".response-info")).to_contain_text("Getting started with Django REST")
    expect(watched.locator(".response-info")).not_to_contain_text("Why we sign tokens with JWT")
    assert "category=django" in watched.url
    assert "tag=python" in watched.url
    expect(watched.get_by_role("button", name="Filters")).to_be_visible()  # Can filter again.


def test_the_raw_data_tab_posts_its_pre_filled_body(watched, developer_site):
    sign_in_to_the_browsable_api(watched, developer_site, ALICE.username)

    watched.get_by_role("link", name="Raw data").click()
    form = watched.locator("#post-generic-content-form")
    form.get_by_role("button", name="POST").click()

    expect(watched.locator(".response-info")).to_contain_text("HTTP 201 Created")


def test_a_post_with_category_and_tags_from_the_html_form_then_a_comment_and_a_like(
    watched, developer_site
):
    sign_in_to_the_browsable_api(watched, developer_site, ALICE.username)
    form = watched.locator("#post-object-form")
    form.locator("[name=title]").fill("Written in the browsable API")
    form.locator("[name=body]").fill("First line.\nSecond line.")
    form.locator("[name=status]").select_option("published")
    form.locator("[name=category]").select_option("django")
    form.locator("[name=tags]").fill("python, browsers")
    form.get_by_role("button", name="POST").click()
    answer = watched.locator(".response-info")
    expect(answer).to_contain_text("HTTP 201 Created")
    expect(answer).to_contain_text('"category": "django"')
    expect(answer).to_contain_text('"browsers"')
    expect(answer).to_contain_text("First line.\\nSecond line.")  # Stored with \n, not \r\n.

    # From the post, its comments: the link in its body.
    answer.get_by_role("link", name="/comments/").click()
    expect(watched.locator(".breadcrumb")).to_contain_text("Comment List")
    comment_form = watched.locator("#post-object-form")
    comment_form.locator("[name=body]").fill("A comment from the HTML form.")
    comment_form.get_by_role("button", name="POST").click()
    expect(answer).to_contain_text("HTTP 201 Created")
    expect(answer).to_contain_text("A comment from the HTML form.")

    # Back to the post through the comment's link, then to its like page.
    answer.get_by_role("link", name="written-in-the-browsable-api").first.click()
    expect(answer).to_contain_text("HTTP 200 OK")
    screenshot(watched, "browsable-api.png")
    answer.get_by_role("link", name="/like/").click()
    expect(answer).to_contain_text("HTTP 200 OK")
    expect(answer).to_contain_text('"liked": false')
    watched.get_by_role("button", name="POST").click()
    expect(answer).to_contain_text("HTTP 201 Created")
    expect(answer).to_contain_text('"liked": true')

    # The breadcrumbs name each level and lead back up.
    crumbs = watched.locator(".breadcrumb")
    expect(crumbs).to_contain_text("Post Instance")
    crumbs.get_by_role("link", name="Post List").click()
    expect(watched.locator("h1")).to_have_text("Post List")
    crumbs.get_by_role("link", name="Blog API").click()
    expect(watched.locator(".response-info")).to_contain_text("HTTP 200 OK")


# --- The docs -------------------------------------------------------------------------------------


def execute(page, operation_id):
    """Opens an operation of Swagger UI, tries it out with its example, and answers the status."""
    operation = page.locator(f"[id$='-{operation_id}']")
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status").first
    expect(status).to_be_visible()
    return status.inner_text().strip()


def test_swagger_ui_lists_and_writes_a_post_with_the_shipped_examples(watched, developer_site):
    access = demo_tokens(developer_site, ALICE.username, ALICE.password)["access"]
    watched.goto(f"{developer_site}/api/docs/")
    # A padlock on what needs credentials only: none on signing in or reading posts.
    expect(watched.locator("[id$='-write_post'] .authorization__btn")).to_have_count(1)
    expect(watched.locator("[id$='-sign_in'] .authorization__btn")).to_have_count(0)
    expect(watched.locator("[id$='-list_posts'] .authorization__btn")).to_have_count(0)

    watched.get_by_role("button", name="Authorize").first.click()
    schemes = watched.locator(".auth-container")
    expect(schemes.first).to_contain_text("jwtAuth")  # The bearer token first.
    schemes.first.locator("input").fill(access)
    schemes.first.get_by_role("button", name="Apply credentials").click()
    expect(schemes.first.locator("button", has_text="Logout")).to_be_visible()
    schemes.first.get_by_role("button", name="Close").click()

    assert execute(watched, "list_posts") == "200"
    assert execute(watched, "write_post") == "201"
    watched.locator("[id$='-write_post'] .live-responses-table").scroll_into_view_if_needed()
    screenshot(watched, "swagger-ui.png")


def test_the_schema_link_of_swagger_ui_shows_the_schema(watched, context, developer_site):
    watched.goto(f"{developer_site}/api/docs/")

    with context.expect_page() as opened:  # Swagger UI opens it in a new tab.
        watched.get_by_role("link", name=f"{developer_site}/api/schema/").click()

    # A file to save instead would leave the tab blank.
    expect(opened.value.locator("body")).to_contain_text("openapi: 3.0")


def test_the_license_link_of_swagger_ui_shows_the_license(watched, context, developer_site):
    watched.goto(f"{developer_site}/api/docs/")

    with context.expect_page() as opened:  # Swagger UI opens it in a new tab.
        watched.get_by_role("link", name="Proprietary: all rights reserved").click()

    expect(opened.value.locator("body")).to_contain_text("All rights reserved.")
    assert path_of(opened.value) == "/api/license/"


def test_redoc_shows_the_reference_from_this_server_only(watched, developer_site):
    watched.goto(f"{developer_site}/api/redoc/")

    expect(watched.get_by_role("heading", name="Sign in").first).to_be_visible()
    username_description = "Username or e-mail address, in any case (first step)."
    expect(watched.get_by_text(username_description).first).to_be_visible()
    license_link = watched.get_by_role("link", name="Proprietary: all rights reserved")
    expect(license_link).to_have_attribute("href", "/api/license/")


# --- The admin ------------------------------------------------------------------------------------


def sign_in_to_the_admin(page, site):
    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill(ADMIN[0])
    page.get_by_label("Password").fill(ADMIN[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("admin")


def test_staff_add_a_post_in_the_admin(watched, developer_site):
    sign_in_to_the_admin(watched, developer_site)
    watched.goto(f"{developer_site}/admin/posts/post/add/")

    expect(watched.locator("#id_author option:checked")).to_have_text("admin")
    watched.get_by_label("Title").fill("Written in the admin")
    watched.get_by_label("Body").fill("By staff.")
    watched.get_by_label("Status").select_option("published")
    watched.get_by_role("button", name="Save", exact=True).click()

    expect(watched.locator(".messagelist")).to_contain_text("was added successfully")
    row = watched.locator("#result_list tr", has_text="Written in the admin")
    expect(row.locator(".field-author")).to_have_text("admin")
    # Beside the filters, every column fits: the like count too.
    expect(watched.locator("#result_list th", has_text="Likes")).to_be_in_viewport()
    expect(row.locator(".field-likes")).to_be_in_viewport()
    screenshot(watched, "admin-posts.png")


def test_view_site_of_the_admin_opens_the_api(watched, developer_site):
    sign_in_to_the_admin(watched, developer_site)

    watched.get_by_role("link", name="View site").click()

    expect(watched.locator("h1")).to_have_text("Blog API")
    assert path_of(watched) == "/api/v1/"


def test_staff_end_a_users_sessions_in_the_admin(watched, developer_site):
    refresh = demo_tokens(developer_site, *BOB)["refresh"]
    sign_in_to_the_admin(watched, developer_site)
    watched.goto(f"{developer_site}/admin/accounts/user/")

    watched.locator("#result_list tr", has_text="bob@example.com").locator(".action-select").check()
    watched.locator("select[name=action]").select_option("end_sessions")
    watched.get_by_role("button", name="Go").click()

    expect(watched.locator(".messagelist")).to_contain_text("Ended every session of 1 user")
    response = requests.post(
        f"{developer_site}/api/v1/auth/jwt/refresh/", json={"refresh": refresh}, timeout=10
    )
    assert response.status_code == 401
