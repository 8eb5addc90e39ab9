"""Your second factor through the API, as the SPA drives it: enrol with the password, confirm
with a code computed from the secret answered, recovery codes, regenerate, remove."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from tests.accounts.second_factor import Enrolled, code_from_secret, sign_in_with_code
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mid_step_clock")]


def enrol(client, password=PASSWORD):
    return client.post(reverse("mfa-totp"), {"current_password": password})


def status_of(client):
    return client.get(reverse("mfa")).json()


def test_enrolment_answers_a_secret_and_its_otpauth_uri_and_changes_nothing_yet(alice_client):
    response = enrol(alice_client)

    assert response.status_code == 201
    uri = urlsplit(response.json()["otpauth_uri"])
    assert (uri.scheme, uri.netloc, uri.path) == ("otpauth", "totp", "/Blog%20API%3Aalice")
    assert parse_qs(uri.query)["secret"] == [response.json()["secret"]]
    assert status_of(alice_client) == {
        "enabled": False,
        "recovery_codes_left": 0,
        "required": False,
    }


def test_enrolment_takes_the_current_password(alice_client):
    response = enrol(alice_client, "not-her-password")

    assert response.status_code == 400
    assert "current_password" in response.json()
    assert not TOTPDevice.objects.exists()


def test_a_code_confirms_the_app_and_answers_ten_recovery_codes_once(alice_client, alice):
    secret = enrol(alice_client).json()["secret"]

    response = alice_client.post(reverse("mfa-totp-confirm"), {"code": code_from_secret(secret)})

    codes = response.json()["recovery_codes"]
    assert response.status_code == 200
    assert len(set(codes)) == 10
    assert status_of(alice_client) == {
        "enabled": True,
        "recovery_codes_left": 10,
        "required": False,
    }
    # Stored hashed: no code is in the database.
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert not any(code in digest for code in codes for digest in stored)


def test_a_wrong_code_confirms_nothing(alice_client):
    secret = enrol(alice_client).json()["secret"]

    response = alice_client.post(
        reverse("mfa-totp-confirm"), {"code": code_from_secret(secret, steps=5)}
    )

    assert response.status_code == 400
    assert status_of(alice_client)["enabled"] is False


def test_confirming_without_an_enrolment_is_refused(alice_client):
    response = alice_client.post(reverse("mfa-totp-confirm"), {"code": "123456"})

    assert response.status_code == 400


def test_a_second_enrolment_over_a_confirmed_app_is_refused(alice_client, alice):
    Enrolled(alice)

    response = enrol(alice_client)

    assert response.status_code == 400
    assert TOTPDevice.objects.get().confirmed


def test_the_whole_walk_enrol_confirm_sign_in_recover_regenerate_remove(alice_client, alice):
    secret = enrol(alice_client).json()["secret"]
    codes = alice_client.post(
        reverse("mfa-totp-confirm"), {"code": code_from_secret(secret)}
    ).json()["recovery_codes"]
    enrolled = Enrolled.__new__(Enrolled)
    enrolled.user, enrolled.secret = alice, secret

    assert sign_in_with_code(enrolled, code=code_from_secret(secret, 1)).status_code == 200
    assert sign_in_with_code(enrolled, code=codes[0]).status_code == 200
    assert sign_in_with_code(enrolled, code=codes[0]).status_code == 401
    assert status_of(alice_client)["recovery_codes_left"] == 9

    new_codes = alice_client.post(
        reverse("mfa-recovery-codes"), {"current_password": PASSWORD}
    ).json()["recovery_codes"]
    assert sign_in_with_code(enrolled, code=codes[1]).status_code == 401
    assert sign_in_with_code(enrolled, code=new_codes[0]).status_code == 200

    removal = alice_client.delete(
        reverse("mfa-totp"), {"current_password": PASSWORD, "code": new_codes[1]}
    )
    assert removal.status_code == 204
    assert status_of(alice_client) == {
        "enabled": False,
        "recovery_codes_left": 0,
        "required": False,
    }
    response = alice_client.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200


def test_regenerating_takes_the_password(alice_client, alice):
    enrolled = Enrolled(alice)

    response = alice_client.post(reverse("mfa-recovery-codes"), {"current_password": "guess"})

    assert response.status_code == 400
    assert sign_in_with_code(enrolled, code=enrolled.recovery_codes[0]).status_code == 200


def test_removal_takes_the_password_and_a_code(alice_client, alice):
    enrolled = Enrolled(alice)

    without_code = alice_client.delete(reverse("mfa-totp"), {"current_password": PASSWORD})
    wrong_code = alice_client.delete(
        reverse("mfa-totp"), {"current_password": PASSWORD, "code": enrolled.code(steps=9)}
    )
    wrong_password = alice_client.delete(
        reverse("mfa-totp"), {"current_password": "guess", "code": enrolled.code()}
    )

    assert [without_code.status_code, wrong_code.status_code, wrong_password.status_code] == [
        400,
        400,
        400,
    ]
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    assert mail.outbox == []


def test_removal_mails_the_owner(alice_client, alice):
    enrolled = Enrolled(alice)

    alice_client.delete(
        reverse("mfa-totp"), {"current_password": PASSWORD, "code": enrolled.code()}
    )

    [notice] = mail.outbox
    assert notice.to == ["alice@example.com"]
    assert "turned off" in notice.subject
    assert not RecoveryCode.objects.exists()


def test_anonymous_clients_reach_none_of_it(api_client):
    for name in ("mfa", "mfa-totp", "mfa-totp-confirm", "mfa-recovery-codes"):
        method = api_client.get if name == "mfa" else api_client.post
        assert method(reverse(name)).status_code == 401


def test_every_second_factor_event_is_logged(alice_client, alice, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.second_factor"):
        secret = enrol(alice_client).json()["secret"]
        alice_client.post(reverse("mfa-totp-confirm"), {"code": code_from_secret(secret)})
        enrolled = Enrolled.__new__(Enrolled)
        enrolled.user, enrolled.secret = alice, secret
        sign_in_with_code(enrolled, code=code_from_secret(secret, 1))
        sign_in_with_code(enrolled, code=code_from_secret(secret, 1))

    events = [record.fields for record in caplog.records if record.name == "accounts.second_factor"]
    assert [(event["action"], event.get("method")) for event in events] == [
        ("enrolment_started", None),
        ("success", "totp"),
        ("enrolled", None),
        ("challenge", None),
        ("success", "totp"),
        ("challenge", None),
        ("failure", "totp"),
    ]
    assert {event["event"] for event in events} == {"second_factor"}
    assert {event["user_id"] for event in events} == {alice.pk}
