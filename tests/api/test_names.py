"""api.names: one rule for when two names are one, held by the database whatever saves."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from api.names import comparison_key, latin_look_alike
from posts.models import Category, Tag
from tests.database import migrate, migrated_back_to
from tests.factories import CategoryFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("kit", "K\u0130T"),  # DOTTED CAPITAL I
        ("kit", "\u212ait"),  # KELVIN SIGN
        ("kit", "\uff2b\uff29\uff34"),  # full-width
        ("\u00e9mile", "\u00c9MILE"),  # precomposed
        ("\u00e9mile", "E\u0301mile"),  # E + COMBINING ACUTE
        ("strasse", "Stra\u00dfe"),  # SHARP S
        ("fish", "\ufb01sh"),  # ligature
    ],
)
def test_spellings_of_one_name_have_one_key(first, second):
    assert comparison_key(first) == comparison_key(second)


@pytest.mark.parametrize(("first", "second"), [("emile", "\u00e9mile"), ("alice", "\u0430lice")])
def test_different_letters_keep_different_keys(first, second):
    assert comparison_key(first) != comparison_key(second)


@pytest.mark.parametrize(
    ("name", "look_alike"),
    [
        ("\u0441\u043e\u0441\u043e", "coco"),
        ("\u0440\u0430\u0443\u0440\u0430l", "paypal"),
        ("b0b", "b0b"),
    ],
)
def test_letters_of_other_scripts_are_read_as_the_latin_letters_they_look_like(name, look_alike):
    assert latin_look_alike(name) == look_alike


@pytest.mark.parametrize(
    ("factory", "model", "field", "taken", "other"),
    [
        (TagFactory, Tag, "name", "kit", "K\u0130T"),
        (CategoryFactory, Category, "name", "kit", "\u212ait"),
        (UserFactory, User, "username", "\u00e9mile", "\u00c9mile"),
        (UserFactory, User, "email", "emile@example.com", "EMILE@example.COM"),
    ],
)
def test_the_database_refuses_a_second_spelling_saved_past_the_serializers(
    factory, model, field, taken, other
):
    factory(**{field: taken})
    intruder = factory.build(**{field: other})

    with pytest.raises(IntegrityError), transaction.atomic():
        intruder.save()

    assert model.objects.count() == 1


def test_a_rename_in_the_shell_keeps_the_key_up_to_date():
    tag = TagFactory(name="kit")
    tag.name = "Flask"
    tag.save()

    TagFactory(name="KIT")

    assert Tag.objects.get(name="Flask").name_key == "flask"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_refuses_a_second_spelling_of_a_tag_with_a_form_error(superuser_client):
    TagFactory(name="kit")

    response = superuser_client.post(reverse("admin:posts_tag_add"), {"name": "\u212aIT"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "name": ["A tag with that name already exists."]
    }
    assert Tag.objects.count() == 1


def test_the_admin_refuses_a_look_alike_username(superuser_client):
    UserFactory(username="alice")
    data = {"username": "\u0430lice", "email": "x@example.com", "usable_password": "false"}

    response = superuser_client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="x@example.com").exists()


@pytest.fixture
def posts_before_keys():
    """The posts app's models before 0003."""
    with migrated_back_to(("posts", "0002_post_list_order_index")) as old_apps:
        yield old_apps


@pytest.mark.django_db(transaction=True)
def test_the_key_migration_names_existing_rows_that_collide_under_the_new_rule(posts_before_keys):
    old_tags = posts_before_keys.get_model("posts", "Tag").objects
    # Two spellings the LOWER() constraint took as two, on SQLite and PostgreSQL alike.
    for name, slug in [("Stra\u00dfe", "strasse"), ("STRASSE", "strasse-2"), ("Flask", "flask")]:
        old_tags.create(name=name, slug=slug)

    with pytest.raises(RuntimeError, match=r"tags have names .*\['STRASSE', 'Stra\u00dfe'\]"):
        migrate(("posts", "0004_name_key_unique"))

    old_tags.filter(name="STRASSE").delete()
    migrate(("posts", "0004_name_key_unique"))
    assert dict(Tag.objects.values_list("name", "name_key")) == {
        "Stra\u00dfe": "strasse",
        "Flask": "flask",
    }
