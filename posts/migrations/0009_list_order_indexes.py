"""On PostgreSQL, the list's order (`published_at DESC NULLS LAST, created_at DESC, id DESC`) in
three indexes: alone, after the author and after the category. They replace 0002's, which began
with the status: a signed-in reader's list (published posts or their own) is of both statuses, so
that index could not give its order, and PostgreSQL sorted every post. Without the status, a page
is read off the index in order, skipping the few rows the reader may not see.

Written out for PostgreSQL alone, as 0002's: SQLite refuses NULLS LAST in CREATE INDEX (its DESC
already puts NULLs last, and `post_status_published_idx` serves it).
"""

from django.db import migrations

ORDER = '"published_at" DESC NULLS LAST, "created_at" DESC, "id" DESC'
INDEXES = {
    "post_order_idx": ORDER,
    "post_author_order_idx": f'"author_id", {ORDER}',
    "post_category_order_idx": f'"category_id", {ORDER}',
}
REPLACED = ("post_list_order_idx", f'"status", {ORDER}')


def create_index(schema_editor, name, columns):
    schema_editor.execute(f'CREATE INDEX "{name}" ON "posts_post" ({columns})')


def replace_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            create_index(schema_editor, name, columns)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{REPLACED[0]}"')


def restore_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        create_index(schema_editor, *REPLACED)
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("posts", "0008_order_indexes")]

    operations = [migrations.RunPython(replace_indexes, restore_indexes, elidable=False)]
