"""E-mailed links: each works for the purpose it was mailed for, and for no other.

The attacker holds a link mailed for one purpose (their own activation link, or a victim's
password-reset link read over a shoulder) and posts its uid and token to another flow's
endpoint. Every pair of purposes is crossed: the answer is 400, the account is untouched, and
the link still works for its own purpose afterwards.
"""

from itertools import permutations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.emails import uid_and_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def activation_link(client):
    client.post(
        reverse("user-list"),
        {"username": "carol", "email": "carol@example.com", "password": PASSWORD},
    )
    return User.objects.get(username="carol"), uid_and_token(mail.outbox[-1], "activate")


def password_reset_link(client):
    alice = UserFactory(username="alice", email="alice@example.com")
    client.post(reverse("user-reset-password"), {"email": alice.email})
    return alice, uid_and_token(mail.outbox[-1], "reset-password")


def username_reset_link(client):
    alice = UserFactory(username="alice", email="alice@example.com")
    client.post(reverse("user-reset-username"), {"email": alice.email})
    return alice, uid_and_token(mail.outbox[-1], "reset-username")


MAILED = {
    "activation": activation_link,
    "password reset": password_reset_link,
    "username reset": username_reset_link,
}

# Where each kind of link is followed, and what else the SPA sends with it.
FOLLOWED_AT = {
    "activation": ("user-activation", {}),
    "password reset": ("user-reset-password-confirm", {"new_password": "a-brand-new-passphrase"}),
    "username reset": ("user-reset-username-confirm", {"new_username": "taken-over"}),
}


def follow(client, link, purpose):
    url_name, fields = FOLLOWED_AT[purpose]
    return client.post(reverse(url_name), {**link, **fields})


def account(user):
    """What following a link can change: the password, the username, whether it is active."""
    return User.objects.values_list("password", "username", "is_active").get(pk=user.pk)


@pytest.mark.parametrize(
    ("mailed_for", "used_for"),
    list(permutations(MAILED, 2)),
    ids=[f"{mailed} link used for {used}" for mailed, used in permutations(MAILED, 2)],
)
def test_a_link_used_for_another_purpose_is_refused_and_changes_nothing(
    api_client, mailed_for, used_for
):
    user, link = MAILED[mailed_for](api_client)
    if used_for == "activation":
        # A suspended account: only an activation link mailed to it may open it again.
        User.objects.filter(pk=user.pk).update(is_active=False)
    before = account(user)

    response = follow(api_client, link, used_for)

    assert response.status_code == 400
    assert response.json() == {"token": ["Invalid token for given user."]}
    assert account(user) == before


@pytest.mark.parametrize(
    ("mailed_for", "used_for"),
    list(permutations(MAILED, 2)),
    ids=[f"{mailed} link, tried for {used}" for mailed, used in permutations(MAILED, 2)],
)
def test_a_link_tried_for_another_purpose_still_works_for_its_own(api_client, mailed_for, used_for):
    user, link = MAILED[mailed_for](api_client)
    follow(api_client, link, used_for)

    response = follow(api_client, link, mailed_for)

    assert response.status_code == 204
    user.refresh_from_db()
    if mailed_for == "activation":
        assert user.is_active
    elif mailed_for == "password reset":
        assert user.check_password("a-brand-new-passphrase")
    else:
        assert user.username == "taken-over"
