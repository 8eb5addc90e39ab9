"""Published security advisories of our stack, each with a test that we are not exposed.

Django, Django REST framework, djangorestframework-simplejwt, Djoser (and PyJWT under SimpleJWT):
the advisories whose vulnerable code this project reaches. Each test names its advisory (CVE, and
the GitHub advisory where there is one) and attacks the way the advisory describes, through our
API. django-cors-headers has no published advisory; its configuration is tested in
test_api8_misconfiguration.py.

Not tested, because the vulnerable code is not reached: SQL injection on other backends or through
features we do not use (FilteredRelation, PostGIS, MySQL/Oracle aliases, JSONField/HStore key
lookups: CVE-2025-13372, CVE-2025-57833, CVE-2025-59681, CVE-2026-1207, CVE-2026-1287,
CVE-2026-1312); ASGI-only issues (CVE-2025-14550, CVE-2026-3902, CVE-2026-5766); Windows-only
NFKC slowness (CVE-2025-64458, CVE-2026-25673); the cache middleware, signed cookies and
SESSION_SAVE_EVERY_REQUEST, none of which we use (CVE-2026-6907, CVE-2026-8404, CVE-2026-35192,
CVE-2026-35193, CVE-2026-48588, CVE-2026-6873); LocaleMiddleware (CVE-2024-39614, CVE-2026-15337,
CVE-2026-77050); template filters we never call (strip_tags, wordwrap, Truncator, floatformat,
intcomma: CVE-2024-53907, CVE-2025-26699, CVE-2025-32873, CVE-2026-1285); GeoDjango
(CVE-2026-15307, CVE-2026-15830); admin features we do not configure (GenericInlineModelAdmin,
list_editable, URLField widgets: CVE-2026-4277, CVE-2026-4292, CVE-2026-15920); mod_wsgi
authentication (CVE-2025-13473); `startapp --template` (CVE-2025-59682); PyJWT's issuer check
(CVE-2024-53861: we set no issuer). CVE-2026-7666 (a failed STARTTLS leaving mail unencrypted)
does apply to production's smtp+tls, but needs a mail server to show. All these fixes are
installed all the same (the first test below).
"""

import logging
import time
from importlib.metadata import version
from smtplib import SMTPException

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import reverse
from djoser.utils import decode_uid
from packaging.version import Version
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.backends import UsernameOrEmailBackend
from accounts.models import User
from config.logging import JsonFormatter
from tests.accounts.emails import uid_and_token
from tests.clients import assert_json_detail, assert_json_error
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FAST = 2.0  # Seconds.
HTML = {"HTTP_ACCEPT": "text/html"}
SCRIPT = "<script>alert(1)</script>"


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def listed_slugs(response):
    assert response.status_code == 200
    return [post["slug"] for post in response.json()["results"]]


# --- Installed versions --------------------------------------------------------------------------

# For each package, the first release with the fix of its newest advisory.
FIXED_IN = {
    "Django": ("5.2.18", "CVE-2026-77050 and every earlier 5.2 advisory"),
    "djangorestframework": ("3.15.2", "CVE-2024-21520"),
    "djangorestframework_simplejwt": ("5.4.0", "CVE-2024-22513 (refresh of inactive users)"),
    "djoser": ("2.3.0", "CVE-2024-21543"),
    "PyJWT": ("2.10.1", "CVE-2024-53861"),
}


@pytest.mark.parametrize("package", FIXED_IN)
def test_installed_version_has_every_published_fix(package):
    fixed, advisory = FIXED_IN[package]

    assert Version(version(package)) >= Version(fixed), f"{package} lacks the fix of {advisory}"


# --- Django: SQL through query parameters --------------------------------------------------------

CONNECTOR_ATTACKS = {
    "_connector=OR": {"_connector": "OR", "status": "published", "author": "bob"},
    "_negated": {"_negated": "True", "status": "published"},
    "_connector and _negated": {"_connector": "OR", "_negated": "True", "author": "alice"},
}


@pytest.mark.parametrize("query", CONNECTOR_ATTACKS.values(), ids=CONNECTOR_ATTACKS.keys())
def test_cve_2025_64459_connector_and_negated_parameters_reveal_no_draft(
    bob_client, alices_draft, alices_post, bobs_post, query
):
    """CVE-2025-64459 (GHSA-frmv-pr5f-9mcr): `_connector`/`_negated` in filter(**kwargs)."""
    response = bob_client.get(reverse("post-list"), query)

    assert alices_draft.slug not in listed_slugs(response)


ORDERING_ATTACKS = [
    "author__password",
    "-author__password",
    "author__email",
    "author__password,title",
    "(SELECT 1)",
    "title);DROP TABLE posts_post;--",
]


@pytest.mark.parametrize("ordering", ORDERING_ATTACKS)
def test_cve_2021_35042_ordering_cannot_sort_by_secrets_or_inject_sql(
    bob_client, alices_post, bobs_post, alice, bob, ordering
):
    """CVE-2021-35042 (order_by SQL injection) and DRF's OrderingFilter whitelist (2.3.12).

    Sorting by a password hash or an e-mail address would be an oracle for them, one comparison
    at a time. A field that is not in `ordering_fields` is refused (400) or left out.
    """
    default = listed_slugs(bob_client.get(reverse("post-list")))

    response = bob_client.get(reverse("post-list"), {"ordering": ordering})

    if response.status_code == 200:
        assert listed_slugs(response) == default
    else:
        assert_json_error(response, 400)
    assert bob_client.get(reverse("post-list")).status_code == 200  # The table is there.


# --- Django: username enumeration by timing ------------------------------------------------------


class CountingMD5Hasher(MD5PasswordHasher):
    """The test suite's MD5 hasher, counting the hashes it computes (the costly step)."""

    computed = 0

    def encode(self, password, salt):
        type(self).computed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5Hasher"]
    CountingMD5Hasher.computed = 0
    return CountingMD5Hasher


def unusable_password_user():
    user = UserFactory(username="sso-user")
    user.set_unusable_password()
    user.save()
    return user


SIGN_IN_ATTEMPTS = {
    "unknown username": (lambda: None, "nobody"),
    "unknown e-mail": (lambda: None, "nobody@example.com"),
    "unusable password": (unusable_password_user, "sso-user"),
    "inactive account": (lambda: UserFactory(username="gone", is_active=False), "gone"),
    "wrong password": (lambda: UserFactory(username="bob"), "bob"),
}


@pytest.mark.parametrize("attempt", SIGN_IN_ATTEMPTS.values(), ids=SIGN_IN_ATTEMPTS.keys())
def test_cve_2024_39329_every_failed_sign_in_costs_one_password_hash(
    api_client, counting_hasher, attempt
):
    """CVE-2024-39329 and CVE-2016-2513: a sign-in that fails before hashing answers faster,
    which tells an attacker the account exists (or has no usable password). Our backend, which
    takes a username or an e-mail address, must hash exactly once whatever the account."""
    make_account, login = attempt
    make_account()
    counting_hasher.computed = 0

    response = api_client.post(
        reverse("jwt-create"), {"username": login, "password": "not-the-password"}
    )

    assert_json_detail(response, 401)
    assert counting_hasher.computed == 1


def test_cve_2024_39329_a_successful_sign_in_also_costs_one_hash(
    api_client, counting_hasher, alice
):
    """The baseline the failures above are compared with."""
    counting_hasher.computed = 0  # Making Alice hashed her password.

    response = api_client.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert counting_hasher.computed == 1


# --- Django: password reset ----------------------------------------------------------------------


DOTLESS_I, DOTTED_CAPITAL_I = (
    "\u0131",
    "\u0130",
)  # Turkish i letters: Unicode case maps them to i / I.


@pytest.mark.parametrize(
    "submitted",
    ["ALICE@EXAMPLE.COM", f"AL{DOTTED_CAPITAL_I}CE@example.com", f"al{DOTLESS_I}ce@example.com"],
)
def test_cve_2019_19844_reset_mail_goes_only_to_the_address_of_the_account_it_resets(
    api_client, alice, submitted
):
    """CVE-2019-19844: an address matched case-insensitively (Unicode case folding included)
    got the reset link of the account it matched, so a look-alike address could take that
    account over. Each link must go to the stored address of the account it resets."""
    UserFactory(username="lookalike", email=f"al{DOTLESS_I}ce@example.com")

    response = api_client.post(reverse("user-reset-password"), {"email": submitted})

    # An address outside the plain ASCII form the schema documents is refused outright.
    assert response.status_code == (204 if submitted.isascii() else 400)
    for message in mail.outbox:
        account = User.objects.get(pk=decode_uid(uid_and_token(message, "reset-password")["uid"]))
        assert message.to == [account.email]


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("The mail server is down.")


MAILING_ENDPOINTS = {
    "password reset": ("user-reset-password", {}),
    "username reset": ("user-reset-username", {}),
    "activation resend": ("user-resend-activation", {"is_active": False}),
}


@pytest.mark.parametrize("case", MAILING_ENDPOINTS.values(), ids=MAILING_ENDPOINTS.keys())
def test_cve_2024_45231_a_failing_mail_server_does_not_reveal_accounts(
    api_client, settings, database_state, case
):
    """CVE-2024-45231: when the reset e-mail cannot be sent, the answer for a known address
    differed from the one for an unknown address (an error against 204), so accounts could be
    enumerated while the mail server was down. Djoser sends these e-mails itself."""
    endpoint, account_state = case
    account = UserFactory(**account_state)
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    unknown = api_client.post(reverse(endpoint), {"email": "nobody@example.com"})
    before = database_state()

    known = APIClient(raise_request_exception=False).post(
        reverse(endpoint), {"email": account.email}
    )

    assert unknown.status_code == 204
    assert known.status_code == unknown.status_code
    assert known.content == unknown.content
    assert database_state() == before


# --- Django: log injection -----------------------------------------------------------------------

FORGED_LINE = "/api/v1/posts/%0D%0AINFO 200 GET /admin/ forged=1"


def request_log_records(caplog, client):
    with caplog.at_level(logging.INFO, logger="config.middleware"):
        client.get(FORGED_LINE)
    return [record for record in caplog.records if record.name == "config.middleware"]


def test_cve_2025_48432_request_log_message_escapes_control_characters(api_client, caplog):
    """CVE-2025-48432: Django's response logging wrote `request.path` unescaped, so a URL with
    CR/LF could forge log lines. Our request log writes the path too; it must escape it as
    `django.utils.log.log_response` now does."""
    (record,) = request_log_records(caplog, api_client)

    message = record.getMessage()
    assert "\n" not in message
    assert "\r" not in message


def test_cve_2025_48432_json_request_log_stays_one_line(api_client, caplog):
    """Production's JSON log lines (LOG_FORMAT=json) cannot be split by a crafted path."""
    (record,) = request_log_records(caplog, api_client)

    assert len(JsonFormatter().format(record).splitlines()) == 1


# --- Django: denial of service in functions we use -----------------------------------------------


def test_cve_2023_36053_overlong_email_at_registration_is_refused_fast(
    api_client, alice, database_state
):
    """CVE-2023-36053 (ReDoS in EmailValidator): a huge address is refused quickly, as a 400,
    before it reaches the database (with accounts to compare it with, as in real life)."""
    before = database_state()

    response, elapsed = timed(
        lambda: api_client.post(
            reverse("user-list"),
            {"username": "eve", "email": "a" * 100_000 + "@example.com", "password": PASSWORD},
        )
    )

    assert_json_error(response, 400)
    assert "email" in response.json()
    assert elapsed < FAST
    assert database_state() == before


def test_cve_2021_45115_huge_password_at_registration_is_answered_fast(api_client):
    """CVE-2021-45115 (UserAttributeSimilarityValidator on a large password)."""
    response, elapsed = timed(
        lambda: api_client.post(
            reverse("user-list"),
            {"username": "eve", "email": "eve@example.com", "password": "eve-" * 200_000},
        )
    )

    assert response.status_code in (201, 400)
    assert elapsed < FAST


def test_cve_2023_24580_too_many_files_are_refused_with_400(bob_client, database_state):
    """CVE-2023-24580: a multipart body of many files exhausted resources; Django now stops at
    DATA_UPLOAD_MAX_NUMBER_FILES. The refusal must be a 400, and nothing saved."""
    files = {f"f{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(101)}
    before = database_state()

    response = bob_client.post(
        reverse("post-list"), {"title": "t", "body": "b", **files}, format="multipart"
    )

    assert_json_detail(response, 400)
    assert database_state() == before


def test_cve_2026_33033_base64_multipart_with_whitespace_is_answered_fast(
    bob_client, database_state
):
    """CVE-2026-33033: MultiPartParser copied memory over and over for base64 parts padded with
    whitespace. DRF's multipart parser (the browsable API's forms) is Django's."""
    body = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "QUJD"
        + " " * 900_000
        + f"\r\n--{BOUNDARY}--\r\n"
    )
    before = database_state()

    response, elapsed = timed(
        lambda: bob_client.generic("POST", reverse("post-list"), body, MULTIPART_CONTENT)
    )

    assert response.status_code in (400, 413)
    assert elapsed < FAST
    assert database_state() == before


def test_cve_2024_45230_urlize_in_the_browsable_api_renders_a_crafted_body_fast(client, alice):
    """CVE-2024-38875, CVE-2024-41990, CVE-2024-41991, CVE-2024-45230: `urlize`, which the
    browsable API runs over every answer it shows, was slow on crafted text (brackets, many
    punctuation marks, Unicode). A post body built that way renders quickly."""
    crafted = "(" * 10_000 + "example.com" + ")" * 10_000 + "&" * 5_000 + "www." * 2_000
    client.force_login(alice)
    created = APIClient()
    created.force_authenticate(alice)
    slug = created.post(reverse("post-list"), {"title": "Crafted", "body": crafted}).json()["slug"]

    response, elapsed = timed(
        lambda: client.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)
    )

    assert response.status_code == 200
    assert elapsed < FAST


@pytest.mark.parametrize("media_type", ["application/xml", "text/xml", "application/yaml"])
def test_cve_2025_64460_no_xml_or_yaml_body_is_parsed(bob_client, database_state, media_type):
    """CVE-2025-64460 (Django's XML deserializer) and DRF's old XML parser (defusedxml, 2.2.1):
    the API parses JSON and forms only, so no XML document reaches a parser."""
    before = database_state()

    response = bob_client.generic(
        "POST", reverse("post-list"), "<post><title>t</title></post>", content_type=media_type
    )

    assert_json_detail(response, 415)
    assert database_state() == before


# --- Django REST framework: the browsable API ----------------------------------------------------


@pytest.fixture
def signed_in_browser(client, alice):
    client.force_login(alice)
    return client


def write_post(user, **fields):
    author = APIClient()
    author.force_authenticate(user)
    response = author.post(reverse("post-list"), {"title": "t", "body": "b", **fields})
    assert response.status_code == 201
    return response.json()["slug"]


def test_cve_2018_25045_stored_markup_is_escaped_in_the_browsable_api(signed_in_browser, alice):
    """CVE-2018-25045 (GHSA-xqcf-hj92-967m): the browsable API's templates did not escape."""
    slug = write_post(alice, title=f"Hello {SCRIPT}", body=f"<img src=x onerror=alert(1)> {SCRIPT}")

    page = signed_in_browser.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)

    assert page.status_code == 200
    assert SCRIPT not in page.content.decode()
    assert "<img src=x" not in page.content.decode()


def test_cve_2020_25626_links_with_markup_are_escaped_in_the_browsable_api(
    signed_in_browser, alice
):
    """CVE-2020-25626 (GHSA-fx83-3ph3-9j2q): `urlize_quoted_links` let markup out of a link."""
    slug = write_post(alice, body=f'see https://example.com/"onmouseover="alert(1)"{SCRIPT}')

    page = signed_in_browser.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)

    content = page.content.decode()
    assert SCRIPT not in content
    assert 'onmouseover="alert(1)"' not in content


def test_cve_2024_21520_reflected_header_is_escaped_in_the_browsable_api(signed_in_browser):
    """CVE-2024-21520 (GHSA-gw84-84pc-xp82): `break_long_headers` let markup in a response
    header (which the browsable API shows) out unescaped. X-Request-ID echoes the client."""
    page = signed_in_browser.get(reverse("post-list"), HTTP_X_REQUEST_ID=SCRIPT, **HTML)

    assert page.status_code == 200
    assert SCRIPT not in page.content.decode()
    assert page.headers["X-Request-ID"] != SCRIPT


def test_cve_2024_21520_reflected_path_is_escaped_in_the_browsable_api(signed_in_browser):
    """The unknown-URL answer names the path it was asked for: shown as text, not markup."""
    page = signed_in_browser.get("/api/v1/%3Cscript%3Ealert(1)%3C/script%3E/", **HTML)

    assert page.status_code == 404
    assert SCRIPT not in page.content.decode()


# --- SimpleJWT -----------------------------------------------------------------------------------


def test_cve_2024_22513_deactivated_users_access_token_is_refused(alice, database_state):
    """CVE-2024-22513 (GHSA-5vcc-86wm-547q): tokens kept working after the account was
    disabled."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(alice).access_token}")
    alice.is_active = False
    alice.save()
    before = database_state()

    response = client.post(reverse("post-list"), {"title": "t", "body": "b"})

    assert_json_detail(response, 401)
    assert database_state() == before


def test_cve_2024_22513_deactivated_users_refresh_token_is_refused(
    api_client, alice, database_state
):
    """The refresh half of the same advisory (fixed in SimpleJWT 5.4.0)."""
    refresh = str(RefreshToken.for_user(alice))
    alice.is_active = False
    alice.save()
    before = database_state()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert_json_detail(response, 401)
    assert "access" not in response.json()
    assert database_state() == before


# --- Djoser --------------------------------------------------------------------------------------


def test_cve_2024_21543_a_backend_refusal_is_final(api_client, alice, monkeypatch, database_state):
    """CVE-2024-21543: when authenticate() refused, Djoser checked the password itself and
    issued a token anyway, bypassing the backends' own rules. Here a backend rule refuses Alice
    (as a 2FA or lockout rule would): her right password must not get her a token."""
    monkeypatch.setattr(UsernameOrEmailBackend, "user_can_authenticate", lambda self, user: False)
    before = database_state()

    response = api_client.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})

    assert_json_detail(response, 401)
    assert "access" not in response.json()
    assert database_state() == before


@pytest.mark.parametrize("path", ["/api/v1/auth/token/login/", "/api/v1/auth/jwt/token/login/"])
def test_cve_2024_21543_djoser_token_login_is_not_mounted(api_client, alice, path):
    """Djoser's own token login, where the bypass lived, is not routed: JWT sign-in is
    SimpleJWT's, which trusts authenticate() alone."""
    response = api_client.post(path, {"username": "alice", "password": PASSWORD})

    assert_json_detail(response, 404)
