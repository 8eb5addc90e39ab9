"""What takes the second factor besides signing in: API tokens, the admin, and staff who must
enrol (MFA_REQUIRED_FOR_STAFF), refused by every authentication class (walked here)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.settings import api_settings

from accounts.authentication import AccountHeldWhileWritingMixin, EnrolmentFirstMixin
from tests.accounts.second_factor import Enrolled, code_from_secret, sign_in_with_code
from tests.accounts.signin import every_url
from tests.clients import bearer
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("mid_step_clock"),
    pytest.mark.owasp("API2:2023"),
]

NEW_TOKEN = {"name": "CI", "scope": "read"}


def test_a_login_without_the_second_factor_creates_no_api_token(alice_client, alice):
    Enrolled(alice)  # After this login started: it never passed a second factor.

    response = alice_client.post(reverse("api-token-list"), NEW_TOKEN)

    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_a_login_that_passed_the_second_factor_creates_api_tokens(alice):
    access = sign_in_with_code(Enrolled(alice)).json()["access"]

    response = bearer(access).post(reverse("api-token-list"), NEW_TOKEN)

    assert response.status_code == 201


def test_confirming_the_app_counts_for_the_login_it_was_confirmed_in(api_client, alice):
    access = api_client.post(
        reverse("jwt-create"), {"username": "alice", "password": PASSWORD}
    ).json()["access"]
    client = bearer(access)
    secret = client.post(reverse("mfa-totp"), {"current_password": PASSWORD}).json()["secret"]
    client.post(reverse("mfa-totp-confirm"), {"code": code_from_secret(secret)})

    assert client.post(reverse("api-token-list"), NEW_TOKEN).status_code == 201


def test_a_browser_session_without_the_second_factor_is_no_admin_session(staff):
    client = Client()
    client.force_login(staff)  # Signed in before enrolling.
    Enrolled(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


# --- Staff who must enrol -------------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def test_staff_without_a_second_factor_can_only_enrol(required, staff_client):
    refused = staff_client.get(reverse("post-list"))
    status = staff_client.get(reverse("mfa"))
    enrolment = staff_client.post(reverse("mfa-totp"), {"current_password": PASSWORD})

    assert refused.status_code == 403
    assert "enrol" in refused.json()["detail"]
    assert status.json()["required"] is True
    assert enrolment.status_code == 201


def test_staff_are_let_in_once_enrolled(required, staff_client):
    secret = staff_client.post(reverse("mfa-totp"), {"current_password": PASSWORD}).json()["secret"]
    staff_client.post(reverse("mfa-totp-confirm"), {"code": code_from_secret(secret)})

    assert staff_client.get(reverse("post-list")).status_code == 200


def test_staff_without_a_second_factor_are_kept_out_of_the_admin(required, staff):
    client = Client()
    client.force_login(staff)

    assert client.get(reverse("admin:index")).status_code == 302


def test_users_who_are_not_staff_need_no_second_factor(required, alice_client):
    assert alice_client.get(reverse("post-list")).status_code == 200


def test_every_authentication_class_of_the_api_makes_staff_enrol_first_and_holds_writers():
    classes = {*api_settings.DEFAULT_AUTHENTICATION_CLASSES}
    for _, view in every_url():
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        classes.update(getattr(view_class, "authentication_classes", []))

    assert classes
    assert [c for c in classes if not issubclass(c, EnrolmentFirstMixin)] == []
    assert [c for c in classes if not issubclass(c, AccountHeldWhileWritingMixin)] == []
