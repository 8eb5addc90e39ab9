"""Usernames and e-mail addresses get key columns written by api.names' rule (NFKC, Unicode
case folding), filled here for existing users; 0004 makes them unique."""

from django.db import migrations

import accounts.models
import api.names


def fill_keys(apps, schema_editor):
    api.names.fill_name_keys(apps.get_model("accounts", "User"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_lineage_belongs_to_login"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={"verbose_name": "user", "verbose_name_plural": "users"},
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=api.names.NormalizedNameField(
                error_messages={"unique": "A user with that username already exists."},
                help_text="150 characters or fewer: letters, digits and . + - _ only.",
                max_length=150,
                unique=True,
                validators=[accounts.models.UsernameValidator()],
                verbose_name="username",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=api.names.NameKeyField(max_length=450, null=True, source="username"),
        ),
        migrations.AddField(
            model_name="user",
            name="email_key",
            field=api.names.NameKeyField(max_length=762, null=True, source="email"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
    ]
