"""The browser suite: the API and the example SPA as real servers, driven by headless Chromium.

A run starts, each on a free local port:
- the API under gunicorn in production mode (DEBUG off) over plain HTTP, on a fresh SQLite
  database holding the demo data, writing its e-mails to files (the mailbox);
- the example SPA, served by examples/spa/serve.py: the API's one allowed CORS origin;
- for the cross-origin tests, a page on a third origin that the API does not allow.
All are http://localhost:PORT: different origins of one site, as app.example.com and
api.example.com would be, so the browser sends the SameSite=Lax refresh cookie to the API.

Chromium is Debian's (/usr/bin/chromium), never a browser that Playwright downloads.
"""

import os
import sys
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from e2e.mailbox import Stack
from harness.server import free_port, running_server, serving

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SPA_SERVER = PROJECT_ROOT / "examples" / "spa" / "serve.py"
SCREENSHOTS = PROJECT_ROOT / "e2e" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "a-long-e2e-passphrase"  # Accounts of a throwaway database.


@dataclass
class Account:
    username: str
    email: str
    password: str = PASSWORD


# A demo account (posts/management/commands/load_demo_data.py): tests only read as alice.
ALICE = Account("alice", "alice@example.com", "demo-alice-2026")

# A 2-core CI machine runs the servers and the browser at once: allow it some slack.
expect.set_options(timeout=10_000)


# --- Servers ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def servers():
    """`servers.enter_context(...)`: what it starts lives until the end of the session."""
    with ExitStack() as stack:
        yield stack


def start_static(servers, tmp_path_factory, name, command, port):
    """A plain HTTP server of ours at http://localhost:PORT (not the API)."""
    return servers.enter_context(
        serving(
            command,
            f"http://localhost:{port}",
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            tmp_path_factory.mktemp(name) / f"{name}.log",
            ready_path="/",
        )
    )


@pytest.fixture(scope="session")
def start_stack(servers, tmp_path_factory):
    """`start_stack(settings_module)`: a fresh API and an SPA calling it."""

    def start(settings_module="config.settings"):
        folder = tmp_path_factory.mktemp("stack")
        mailbox = folder / "mailbox"
        mailbox.mkdir()
        spa_port = free_port()
        spa_origin = f"http://localhost:{spa_port}"
        api = servers.enter_context(
            running_server(
                folder=folder,
                hostname="localhost",
                threads=4,
                DJANGO_SETTINGS_MODULE=settings_module,
                ALLOWED_HOSTS="localhost",
                # Plain HTTP: there is no TLS to redirect to. The refresh cookie stays Secure,
                # which browsers accept from http://localhost.
                SECURE_SSL_REDIRECT="false",
                CORS_ALLOWED_ORIGINS=spa_origin,
                FRONTEND_URL=spa_origin,
                EMAIL_URL=f"filemail:///{mailbox}",
            )
        )
        # The one-line command of the README, pointed at this API.
        command = [sys.executable, str(SPA_SERVER), "--port", str(spa_port), "--api"]
        start_static(servers, tmp_path_factory, "spa", [*command, f"{api.url}/api/v1"], spa_port)
        return Stack(api=f"{api.url}/api/v1", spa=spa_origin, mailbox=mailbox)

    return start


@pytest.fixture(scope="session")
def developer_site(servers, tmp_path_factory):
    """The API as `make run` serves it to a developer: DEBUG on (the browsable API with its
    forms), the demo data, the docs and the admin; its base URL, http://localhost:PORT."""
    server = servers.enter_context(
        running_server(
            folder=tmp_path_factory.mktemp("developer-site"),
            debug=True,
            hostname="localhost",
            threads=4,
            ALLOWED_HOSTS="localhost",
        )
    )
    return server.url


@pytest.fixture(scope="session")
def stack(start_stack):
    return start_stack()


@pytest.fixture(scope="session")
def short_lived_stack(start_stack):
    """An API whose access tokens expire after a few seconds (e2e/short_token_settings.py)."""
    return start_stack("e2e.short_token_settings")


@pytest.fixture(scope="session")
def other_origin(servers, tmp_path_factory):
    """A page on an origin the API does not allow: any other site the user visits."""
    root = tmp_path_factory.mktemp("other-site")
    (root / "index.html").write_text("<!doctype html><title>Another site</title><h1>Hello</h1>")
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", root]
    return start_static(servers, tmp_path_factory, "other-site", [*command, str(port)], port).url


# --- E-mail and accounts ------------------------------------------------------------------------


def access_token(stack, account):
    """Signs in through the API itself (tokens in the body), as set-up code does."""
    response = requests.post(
        f"{stack.api}/auth/jwt/create/",
        json={"username": account.username, "password": account.password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["access"]


def as_user(stack, account):
    """A requests session sending the account's access token: for what a test sets up."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {access_token(stack, account)}"
    return session


@pytest.fixture
def make_reader():
    """`make_reader(stack)`: a new, activated account, deleted with all it wrote after the test.
    `make_reader(stack, activate=False)`: one waiting for activation, which the test activates."""
    made = []

    def make(stack, activate=True):
        username = f"reader-{uuid.uuid4().hex[:8]}"
        account = Account(username, f"{username}@example.com")
        response = requests.post(
            f"{stack.api}/auth/users/",
            json={"username": username, "email": account.email, "password": account.password},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        made.append((stack, account))
        if activate:
            uid, token = stack.activation_link(account.email).split("/")[-2:]
            response = requests.post(
                f"{stack.api}/auth/users/activation/", json={"uid": uid, "token": token}, timeout=10
            )
            assert response.status_code == 204, response.text
        return account

    yield make
    # Deleting the account deletes its posts, comments and likes: the next test sees the demo
    # data as it was.
    for stack, account in made:
        response = as_user(stack, account).delete(
            f"{stack.api}/auth/users/me/", json={"current_password": account.password}, timeout=10
        )
        assert response.status_code == 204, response.text


@pytest.fixture
def reader(make_reader, stack):
    return make_reader(stack)


# --- The browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile: no cookies, no cache."""
    context = browser.new_context(viewport={"width": 1000, "height": 860})
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A tab; the test fails if a script of the page throws an uncaught error."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    assert not errors, f"the page threw: {errors}"


def session_area(page):
    """The header's account area: "Sign in" links, or "Signed in as … Log out"."""
    return page.get_by_role("navigation", name="Account")


def sign_in(page, stack, account):
    """Signs in through the SPA's form, as a person would."""
    page.goto(f"{stack.spa}/sign-in")
    page.get_by_label("Username or e-mail").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(session_area(page)).to_contain_text(f"Signed in as {account.username}")


def refresh_cookie(context, stack):
    """The value of the refresh cookie the browser holds for the API, or None."""
    cookies = context.cookies(f"{stack.api}/auth/jwt/")  # Its path: sent nowhere else.
    return next((cookie["value"] for cookie in cookies if cookie["name"] == "refresh_token"), None)
