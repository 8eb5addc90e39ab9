"""The keys filled in 0003 are unique, and replace the LOWER() constraints, which folded case
differently on SQLite and on PostgreSQL."""

from django.db import migrations

import api.names


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_username_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=api.names.NameKeyField(
                error_messages={"unique": "A user with that username already exists."},
                max_length=450,
                source="username",
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="email_key",
            field=api.names.NameKeyField(
                error_messages={"unique": "A user with that email already exists."},
                max_length=762,
                source="email",
                unique=True,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="user",
            name="unique_username_case_insensitive",
        ),
        migrations.RemoveConstraint(
            model_name="user",
            name="unique_email_case_insensitive",
        ),
    ]
