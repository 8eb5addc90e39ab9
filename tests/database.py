"""The database as rows, so that a refusal is proven to have changed nothing; migrations run
from a test."""

from contextlib import contextmanager

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The apps whose rows the API writes; their auto-created tables (post tags) count too.
WRITTEN_APPS = ["accounts", "posts", "token_blacklist"]


def database_rows():
    """Every row of every table the API writes, table by table, in primary-key order."""
    models = [
        model
        for app in WRITTEN_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values_list()) for model in models}


def migrate(target):
    """Migrates the test database to `target` (app, migration); answers the models as they were."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@contextmanager
def migrated_back_to(target):
    """The models as they were at `target`; every migration is applied again afterwards."""
    try:
        yield migrate(target)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
