"""Each order of the post list by one field, either way, read off an index: the id that breaks its
ties goes the way of the field (api.filters), so an index on (field, id) is read forwards for one
direction and backwards for the other. The title's index had the id the other way; `published_at`
had none of its own (0009's start with it, then `created_at`). Written out for PostgreSQL alone,
as 0009's: SQLite refuses NULLS LAST in CREATE INDEX.
"""

from django.db import migrations, models

PUBLISHED_ORDER = ("post_published_order_idx", '"published_at" DESC NULLS LAST, "id" DESC')


def create_published_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        name, columns = PUBLISHED_ORDER
        schema_editor.execute(f'CREATE INDEX "{name}" ON "posts_post" ({columns})')


def drop_published_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{PUBLISHED_ORDER[0]}"')


class Migration(migrations.Migration):
    dependencies = [("posts", "0011_search_vector_trigger")]

    operations = [
        migrations.RemoveIndex(model_name="post", name="post_title_order_idx"),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["title", "id"], name="post_title_order_idx"),
        ),
        migrations.RunPython(create_published_index, drop_published_index, elidable=False),
    ]
