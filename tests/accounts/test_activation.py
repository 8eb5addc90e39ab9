"""Registration sends an activation link to the SPA; nobody signs in before following it."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from tests.accounts.emails import uid_and_token
from tests.clients import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def register(client):
    return client.post(
        reverse("user-list"),
        {"username": "carol", "email": "carol@example.com", "password": PASSWORD},
    )


def test_a_new_account_is_inactive_until_activated(api_client):
    response = register(api_client)

    assert response.status_code == 201
    assert not User.objects.get(username="carol").is_active
    assert sign_in(api_client, "carol").status_code == 401


def test_registration_mails_a_plain_text_link_to_the_spa(api_client):
    register(api_client)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.com"]
    assert message.subject == "Activate your Blog API account"
    assert message.body.startswith("Hello carol,")
    assert "http://localhost:5173/activate/" in message.body
    assert "/api/" not in message.body
    assert message.alternatives == []


def test_following_the_link_activates_and_the_user_can_sign_in(api_client):
    register(api_client)

    activated = api_client.post(
        reverse("user-activation"), uid_and_token(mail.outbox[0], "activate")
    )

    assert activated.status_code == 204
    assert User.objects.get(username="carol").is_active
    assert sign_in(api_client, "carol").status_code == 200


def test_a_forged_activation_token_is_refused(api_client):
    register(api_client)
    link = uid_and_token(mail.outbox[0], "activate")

    response = api_client.post(reverse("user-activation"), {**link, "token": "abc-123"})

    assert response.status_code == 400
    assert not User.objects.get(username="carol").is_active


def test_resend_activation_mails_a_new_link(api_client):
    register(api_client)

    response = api_client.post(reverse("user-resend-activation"), {"email": "carol@example.com"})

    assert response.status_code == 204
    assert len(mail.outbox) == 2
    api_client.post(reverse("user-activation"), uid_and_token(mail.outbox[1], "activate"))
    assert User.objects.get(username="carol").is_active


def test_resend_activation_for_an_active_account_mails_nothing(api_client, alice):
    response = api_client.post(reverse("user-resend-activation"), {"email": alice.email})

    assert response.status_code == 204
    assert mail.outbox == []


def test_the_activation_link_points_at_the_configured_frontend(api_client, settings):
    settings.DJOSER = {
        **settings.DJOSER,
        "EMAIL_FRONTEND_PROTOCOL": "https",
        "EMAIL_FRONTEND_DOMAIN": "blog.example.com",
    }

    register(api_client)

    assert "https://blog.example.com/activate/" in mail.outbox[0].body


def test_a_deactivated_user_gets_no_token(api_client):
    UserFactory(username="carol", is_active=False)

    response = sign_in(api_client, "carol")

    assert response.status_code == 401
    assert "access" not in response.json()


def test_an_access_token_stops_working_once_the_user_is_deactivated(auth_client, alice):
    client = auth_client(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = client.post(reverse("post-list"), {"title": "Still here?", "body": "No."})

    assert response.status_code == 401


def test_a_refresh_token_stops_working_once_the_user_is_deactivated(api_client, alice):
    refresh = str(RefreshToken.for_user(alice))
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert response.status_code == 401
    assert "access" not in response.json()


@pytest.mark.parametrize("field", ["uid", "token"])
def test_an_activation_link_with_a_number_in_it_is_refused(api_client, field):
    register(api_client)
    link = {**uid_and_token(mail.outbox[0], "activate"), field: 1}

    response = api_client.post(reverse("user-activation"), link)

    assert response.status_code == 400
    assert response.json() == {field: ["Not a valid string."]}
    assert not User.objects.get(username="carol").is_active


def test_resend_activation_when_accounts_need_none_answers_why(api_client, settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": False}

    response = api_client.post(reverse("user-resend-activation"), {"email": "carol@example.com"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Accounts need no activation here."}
    assert not mail.outbox
