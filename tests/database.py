"""The database as rows, so that a refusal is proven to have changed nothing."""

from django.apps import apps

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
