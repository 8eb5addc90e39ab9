"""On PostgreSQL, `posts_post.search_vector` kept by the database: a trigger computes it on every
insert and on every update that changes the title or the body, so that no way of writing a post
(the API, the admin, `bulk_create`, `update()`, SQL such as `make bench-scale`'s) can leave it
stale, as code on the save path would. Then the existing rows are filled in one statement, and
the GIN index that `?search=` reads is built once they are (building it row by row is slower).

Reversed: the index, the trigger and its function go; 0010's reversal drops the column. SQLite
searches the text itself (api.filters) and has nothing of this.
"""

from django.db import migrations

# The title weighs above the body (A over B) for ts_rank, should a search ever be sorted by
# relevance; `?search=` lists its matches in the list's order (README: Search).
VECTOR = """
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B')
"""
FUNCTION = f"""
CREATE FUNCTION posts_post_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Django writes every column it read; a counter's update writes none of these: either way
    -- an unchanged text keeps its vector, without reading a 50,000-character body again.
    IF TG_OP = 'UPDATE' AND OLD.search_vector IS NOT NULL
            AND NEW.title IS NOT DISTINCT FROM OLD.title
            AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        NEW.search_vector := OLD.search_vector;
    ELSE
        NEW.search_vector := {VECTOR};
    END IF;
    RETURN NEW;
END
$$
"""
TRIGGER = """
CREATE TRIGGER posts_post_search_vector
BEFORE INSERT OR UPDATE OF title, body, search_vector ON posts_post
FOR EACH ROW EXECUTE FUNCTION posts_post_search_vector()
"""
INDEX = 'CREATE INDEX "post_search_vector_idx" ON "posts_post" USING gin ("search_vector")'


def add_trigger_and_backfill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(TRIGGER)
    schema_editor.execute("UPDATE posts_post SET search_vector = NULL")  # The trigger fills it.
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # For this index only.
    schema_editor.execute(INDEX)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('DROP INDEX IF EXISTS "post_search_vector_idx"')
    schema_editor.execute("DROP TRIGGER IF EXISTS posts_post_search_vector ON posts_post")
    schema_editor.execute("DROP FUNCTION IF EXISTS posts_post_search_vector()")


class Migration(migrations.Migration):
    dependencies = [("posts", "0010_post_search_vector")]

    operations = [migrations.RunPython(add_trigger_and_backfill, drop_trigger, elidable=False)]
