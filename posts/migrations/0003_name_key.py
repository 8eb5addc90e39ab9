"""Category and tag names get key columns written by api.names' rule (NFKC, Unicode case
folding), filled here for existing rows; 0004 makes them unique."""

from django.db import migrations

import api.names


def fill_keys(apps, schema_editor):
    api.names.fill_name_keys(apps.get_model("posts", "Category"))
    api.names.fill_name_keys(apps.get_model("posts", "Tag"))


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0002_post_list_order_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="name",
            field=api.names.NormalizedNameField(max_length=100),
        ),
        migrations.AlterField(
            model_name="tag",
            name="name",
            field=api.names.NormalizedNameField(max_length=50),
        ),
        migrations.AddField(
            model_name="category",
            name="name_key",
            field=api.names.NameKeyField(max_length=300, null=True, source="name"),
        ),
        migrations.AddField(
            model_name="tag",
            name="name_key",
            field=api.names.NameKeyField(max_length=150, null=True, source="name"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
    ]
