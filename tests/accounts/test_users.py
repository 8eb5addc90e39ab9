"""Registration and accounts through Djoser's user endpoints."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(client, **fields):
    data = {"username": "carol", "email": "carol@example.com", "password": PASSWORD, **fields}
    return client.post(reverse("user-list"), data)


# --- Registration -------------------------------------------------------------------------------


def test_registration_creates_the_user_without_echoing_the_password(api_client):
    response = register(api_client, bio="Writes about tea.")

    assert response.status_code == 201
    body = response.json()
    assert "password" not in body
    assert body["username"] == "carol"
    assert body["email"] == "carol@example.com"
    user = User.objects.get(username="carol")
    assert user.bio == "Writes about tea."
    assert user.check_password(PASSWORD)


def test_registered_user_can_log_in(api_client):
    register(api_client)
    (email,) = mail.outbox
    assert email.to == ["carol@example.com"]
    link = re.search(
        r"http://localhost:5173/activate/(?P<uid>[^/\s]+)/(?P<token>[^/\s]+)", email.body
    )
    assert link, email.body
    activation = api_client.post(reverse("user-activation"), link.groupdict())
    assert activation.status_code == 204

    response = api_client.post(reverse("jwt-create"), {"username": "carol", "password": PASSWORD})

    assert response.status_code == 200
    assert "access" in response.json()
    assert User.objects.get(username="carol").is_active


def test_registered_user_can_log_in_at_once_when_activation_is_off(api_client, settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": False}
    assert register(api_client).status_code == 201

    response = api_client.post(reverse("jwt-create"), {"username": "carol", "password": PASSWORD})

    assert response.status_code == 200
    assert "access" in response.json()
    assert User.objects.get(username="carol").is_active
    assert mail.outbox == []


def test_registration_refuses_an_email_taken_in_another_case(api_client):
    UserFactory(username="bob", email="bob@example.com")

    response = register(api_client, email="Bob@Example.com")

    assert response.status_code == 400
    assert "email" in response.json()
    assert not User.objects.filter(username="carol").exists()


def test_registration_refuses_a_username_taken_in_another_case(api_client, alice):
    response = register(api_client, username="ALICE")

    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.filter(username__iexact="alice").count() == 1


@pytest.mark.parametrize(
    "username", ["\uff21\uff2c\uff29\uff23\uff25", "\uff41lice", "ALICE", "\u1d43lice"]
)
def test_registration_refuses_a_unicode_spelling_of_a_taken_username(api_client, alice, username):
    response = register(api_client, username=username)

    assert response.status_code == 400
    assert response.json() == {"username": ["A user with that username already exists."]}
    assert User.objects.count() == 1


def test_registration_refuses_a_username_taken_in_another_accented_case(api_client):
    UserFactory(username="\u00e9mile")

    response = register(api_client, username="\u00c9mile")

    assert response.status_code == 400
    assert response.json() == {"username": ["A user with that username already exists."]}
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["\u0430lice", "p\u0430ypal", "\u0391lice"])
def test_registration_refuses_a_username_mixing_look_alike_scripts(api_client, alice, username):
    response = register(api_client, username=username)

    assert response.status_code == 400
    assert response.json() == {
        "username": ["Enter a username in one script: it mixes look-alike letters of several."]
    }
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]


@pytest.mark.parametrize("username", ["\u0441\u043e\u0441\u043e", "\u0421\u041e\u0421\u041e"])
def test_registration_refuses_a_name_in_another_script_that_reads_as_a_taken_one(
    api_client, username
):
    UserFactory(username="coco")

    response = register(api_client, username=username)

    assert response.status_code == 400
    assert response.json() == {
        "username": ["A user with a username that looks the same already exists."]
    }
    assert list(User.objects.values_list("username", flat=True)) == ["coco"]


@pytest.mark.parametrize("username", ["\u00e9mile", "\u0430\u043b\u0438\u0441\u0430", "José_2"])
def test_registration_takes_a_new_name_in_one_script(api_client, alice, username):
    response = register(api_client, username=username)

    assert response.status_code == 201
    assert User.objects.get(username=username).email == "carol@example.com"


def test_registration_stores_the_username_nfkc_normalised(api_client):
    response = register(api_client, username="\uff43\uff41\uff52\uff4f\uff4c")

    assert response.status_code == 201
    assert response.json()["username"] == "carol"
    assert list(User.objects.values_list("username", flat=True)) == ["carol"]


def test_a_username_longer_than_allowed_once_normalised_is_refused(api_client):
    # Each of these 10 ligatures is 18 letters in NFKC: 180 letters, over the 150 allowed.
    response = register(api_client, username="\ufdfa" * 10)

    assert response.status_code == 400
    assert "username" in response.json()
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["123", "password", "carol-the-writer"])
def test_registration_refuses_a_weak_password(api_client, password):
    response = register(api_client, username="carol-the-writer", password=password)

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="carol-the-writer").exists()


@pytest.mark.parametrize("username", ["bad name!<b>", "carol@example.org"])
def test_registration_refuses_a_username_with_other_characters(api_client, username):
    response = register(api_client, username=username)

    assert response.status_code == 400
    assert response.json()["username"] == [
        "Enter a valid username: letters, digits and . + - _ only."
    ]
    assert not User.objects.filter(username=username).exists()


def test_registration_requires_an_email(api_client):
    response = api_client.post(reverse("user-list"), {"username": "carol", "password": PASSWORD})

    assert response.status_code == 400
    assert "email" in response.json()
    assert not User.objects.filter(username="carol").exists()


# --- Listing and reading accounts ---------------------------------------------------------------


def test_user_list_shows_a_regular_user_only_themselves(auth_client, alice, bob):
    response = auth_client(alice).get(reverse("user-list"))

    assert response.status_code == 200
    assert [row["username"] for row in response.json()["results"]] == [alice.username]


def test_anonymous_client_cannot_list_users(api_client, alice):
    response = api_client.get(reverse("user-list"))

    assert response.status_code == 401


def test_user_cannot_read_another_users_account(auth_client, alice, bob):
    response = auth_client(alice).get(reverse("user-detail", kwargs={"id": bob.pk}))

    assert response.status_code == 404
    assert bob.email not in response.content.decode()


def test_me_returns_the_requesters_account(auth_client, alice):
    response = auth_client(alice).get(reverse("user-me"))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "username", "email", "bio", "email_notifications", "date_joined"}
    assert body["id"] == alice.pk
    assert body["username"] == alice.username
    assert body["email"] == alice.email


def test_anonymous_client_has_no_me(api_client):
    response = api_client.get(reverse("user-me"))

    assert response.status_code == 401


def test_me_patch_changes_the_bio(auth_client, alice):
    response = auth_client(alice).patch(reverse("user-me"), {"bio": "New here."})

    assert response.status_code == 200
    assert response.json()["bio"] == "New here."
    alice.refresh_from_db()
    assert alice.bio == "New here."


def test_me_patch_changes_the_email_with_the_current_password(auth_client, alice):
    response = auth_client(alice).patch(
        reverse("user-me"), {"email": "fresh@example.com", "current_password": PASSWORD}
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.email == "fresh@example.com"


@pytest.mark.parametrize("password", [None, "not-the-password"])
def test_a_stolen_access_token_alone_cannot_change_the_email(auth_client, alice, password):
    """Whoever holds the address can reset the password: the token must not be enough."""
    data = {"email": "attacker@example.com"}
    if password:
        data["current_password"] = password

    response = auth_client(alice).patch(reverse("user-me"), data)

    assert response.status_code == 400
    assert response.json() == {
        "current_password": ["Your password is needed to change your e-mail address."]
    }
    alice.refresh_from_db()
    assert alice.email != "attacker@example.com"


def test_changing_only_the_case_of_the_email_takes_the_current_password(auth_client, alice):
    before = User.objects.values_list("email", "is_active").get(pk=alice.pk)

    response = auth_client(alice).patch(reverse("user-me"), {"email": alice.email.upper()})

    assert response.status_code == 400
    assert response.json() == {
        "current_password": ["Your password is needed to change your e-mail address."]
    }
    assert User.objects.values_list("email", "is_active").get(pk=alice.pk) == before
    assert mail.outbox == []


@pytest.mark.parametrize("new_email", ["DAVE@example.com", "fresh@example.com"])
def test_an_email_change_keeps_the_account_active_and_signed_in(api_client, new_email):
    dave = UserFactory(username="dave", email="dave@example.com")
    signed_in = api_client.post(reverse("jwt-create"), {"username": "dave", "password": PASSWORD})
    access = signed_in.json()["access"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")

    response = api_client.patch(
        reverse("user-me"), {"email": new_email, "current_password": PASSWORD}
    )

    assert response.status_code == 200
    dave.refresh_from_db()
    assert (dave.email, dave.is_active) == (new_email, True)
    assert api_client.get(reverse("user-me")).status_code == 200
    api_client.credentials()
    again = api_client.post(reverse("jwt-create"), {"username": new_email, "password": PASSWORD})
    assert again.status_code == 200
    # No activation link to follow: only the notice to the old address.
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["dave@example.com"], "The e-mail address of your Blog API account was changed")
    ]


def test_me_patch_of_the_bio_needs_no_password(auth_client, alice):
    response = auth_client(alice).patch(reverse("user-me"), {"bio": "New.", "email": alice.email})

    assert response.status_code == 200


def test_me_patch_refuses_an_email_taken_in_another_case(auth_client, alice, bob):
    response = auth_client(alice).patch(reverse("user-me"), {"email": bob.email.upper()})

    assert response.status_code == 400
    assert "email" in response.json()
    alice.refresh_from_db()
    assert alice.email != bob.email


def test_me_patch_cannot_change_the_username(auth_client, alice):
    old_username = alice.username

    response = auth_client(alice).patch(reverse("user-me"), {"username": "renamed"})

    assert response.status_code == 200
    assert response.json()["username"] == old_username
    alice.refresh_from_db()
    assert alice.username == old_username


# --- Nobody sees another user's e-mail ----------------------------------------------------------


def test_staff_user_list_hides_other_users_emails(auth_client, staff, bob):
    response = auth_client(staff).get(reverse("user-list"))

    assert response.status_code == 200
    rows = {row["username"]: row for row in response.json()["results"]}
    assert "email" not in rows[bob.username]
    assert rows[staff.username]["email"] == staff.email


def test_staff_user_detail_hides_the_users_email(auth_client, staff, bob):
    response = auth_client(staff).get(reverse("user-detail", kwargs={"id": bob.pk}))

    assert response.status_code == 200
    assert response.json()["username"] == bob.username
    assert "email" not in response.json()


def test_post_list_and_detail_contain_no_email(auth_client, alice, bob):
    post = PostFactory(author=bob)
    CommentFactory(post=post, author=bob)
    client = auth_client(alice)

    responses = [
        client.get(reverse("post-list")),
        client.get(reverse("post-detail", kwargs={"slug": post.slug})),
    ]

    for response in responses:
        assert response.status_code == 200
        assert "@" not in response.content.decode()
        assert "email" not in response.content.decode()


def test_comments_contain_no_email(auth_client, alice, bob):
    post = PostFactory(author=bob)
    comment = CommentFactory(post=post, author=bob)
    client = auth_client(alice)

    responses = [
        client.get(reverse("comment-list", kwargs={"post_slug": post.slug})),
        client.get(reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk})),
    ]

    for response in responses:
        assert response.status_code == 200
        assert "@" not in response.content.decode()
        assert "email" not in response.content.decode()


def test_options_on_me_describes_the_account_endpoint(auth_client, alice):
    response = auth_client(alice).options(reverse("user-me"))

    assert response.status_code == 200
    assert set(response.json()["actions"]["PUT"]) >= {"email", "bio"}


def test_registration_refuses_a_number_for_a_username(api_client):
    response = register(api_client, username=12345)

    assert response.status_code == 400
    assert response.json() == {"username": ["Not a valid string."]}
    assert not User.objects.filter(username="12345").exists()


@pytest.mark.parametrize("email", ["carol@localhost", "carol@example.c", f"{'c' * 65}@example.com"])
def test_registration_refuses_an_email_address_outside_the_documented_form(api_client, email):
    response = register(api_client, email=email)

    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."]}


def test_a_current_password_that_is_not_text_is_refused(auth_client, alice):
    """Found by Schemathesis: the schema says string, and a number must not slip through."""
    response = auth_client(alice).patch(
        reverse("user-me"), {"email": alice.email, "current_password": 12345}, format="json"
    )

    assert response.status_code == 400
    assert "current_password" in response.json()


def test_comment_emails_are_on_for_a_new_account_and_its_owner_can_switch_them_off(
    auth_client, alice
):
    client = auth_client(alice)
    before = client.get(reverse("user-me")).json()["email_notifications"]

    response = client.patch(reverse("user-me"), {"email_notifications": False})

    assert before is True
    assert response.status_code == 200
    assert response.json()["email_notifications"] is False
    alice.refresh_from_db()
    assert alice.email_notifications is False


@pytest.mark.parametrize("sent", ["false", "no", 0, 1, "off", None, [], {}])
def test_comment_emails_take_a_json_boolean_only(auth_client, alice, sent):
    response = auth_client(alice).patch(reverse("user-me"), {"email_notifications": sent})

    assert response.status_code == 400
    assert set(response.json()) == {"email_notifications"}
    alice.refresh_from_db()
    assert alice.email_notifications is True


def test_the_browsable_apis_form_still_switches_comment_emails(auth_client, alice):
    response = auth_client(alice).patch(
        reverse("user-me"), {"email_notifications": "false"}, format="multipart"
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.email_notifications is False


def test_staff_do_not_see_whether_others_get_comment_emails(staff_client, alice):
    response = staff_client.get(reverse("user-detail", kwargs={"id": alice.pk}))

    assert response.status_code == 200
    assert "email_notifications" not in response.json()
