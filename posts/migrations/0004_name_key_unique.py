"""The keys filled in 0003 are unique, and replace the LOWER() constraints, which folded case
differently on SQLite and on PostgreSQL."""

from django.db import migrations

import api.names


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0003_name_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="name_key",
            field=api.names.NameKeyField(
                error_messages={"unique": "A category with that name already exists."},
                max_length=300,
                source="name",
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="tag",
            name="name_key",
            field=api.names.NameKeyField(
                error_messages={"unique": "A tag with that name already exists."},
                max_length=150,
                source="name",
                unique=True,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="category",
            name="unique_category_name_case_insensitive",
        ),
        migrations.RemoveConstraint(
            model_name="tag",
            name="unique_tag_name_case_insensitive",
        ),
    ]
