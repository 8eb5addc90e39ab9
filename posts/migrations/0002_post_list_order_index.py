"""An index in the post list's own order, on PostgreSQL: a page is then read off the index instead
of sorting every published post (`published_at DESC NULLS LAST, created_at DESC, id DESC`).

Written out, not declared in Post.Meta.indexes: SQLite refuses NULLS LAST in CREATE INDEX (its
DESC already puts NULLs last, so `post_status_published_idx` serves the order there), and Django
would write it into every SQLite table it rebuilds.
"""

from django.db import migrations

INDEX = "post_list_order_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{INDEX}" ON "posts_post" '
            '("status", "published_at" DESC NULLS LAST, "created_at" DESC, "id" DESC)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
