"""When two names are one: a single rule for usernames, e-mail addresses and category and tag
names, computed in Python so that it is the same on every database.

PostgreSQL's UPPER() and LOWER() fold case by the database's locale (ASCII only under the C
locale) and SQLite's fold ASCII only. A uniqueness check and a constraint written with them
disagreed with each other (`KİT` passed the check against `kit` and then failed the constraint,
a 500) and with the other database (SQLite took `Émile` beside `émile`). Each unique name now has
a key column written from this rule on every save, and the unique index is on the key.
"""

import unicodedata

from confusable_homoglyphs import confusables
from django.core.exceptions import ValidationError
from django.db import connections, models


def normalized(text):
    """`text` in Unicode's compatibility composition (NFKC): full-width letters, the KELVIN
    SIGN and ligatures become the plain letters they stand for."""
    return unicodedata.normalize("NFKC", text)


def comparison_key(text):
    """What `text` is compared by: NFKC, then case-folded as Unicode folds it (`Straße` is
    `strasse`), then NFKC again, since folding can undo the composition."""
    folded = unicodedata.normalize("NFD", normalized(text).casefold())
    # İ folds to i + COMBINING DOT ABOVE; the dot is the i's own, so `KİT` is `kit`, as
    # PostgreSQL's LOWER() under a UTF-8 locale has it.
    return normalized(folded.replace("i\u0307", "i"))


def latin_look_alike(text):
    """`text` with each letter of another script that Unicode lists as confusable with a Latin
    letter replaced by it: Cyrillic `coco` becomes Latin `coco`. Digits and punctuation stay."""
    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []
    latin = {
        item["character"]: glyph["c"]
        for item in found
        if item["alias"] != "COMMON"
        for glyph in item["homoglyphs"][:1]
        if glyph["n"].startswith("LATIN ")
    }
    return "".join(latin.get(character, character) for character in text)


class NormalizedNameField(models.CharField):
    """A name stored NFKC-normalised, whether it comes through a form (the admin's, where the
    length is measured after normalising), the API's serializers, or a plain save."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalized(value) if isinstance(value, str) else value

    def pre_save(self, instance, add):
        value = self.to_python(getattr(instance, self.attname))
        setattr(instance, self.attname, value)
        return value


class NameKeyField(models.CharField):
    """The comparison key of the row's `source` field, written on every save and bulk_create,
    so that its unique index holds the rule whatever wrote the row (API, admin, shell, demo
    data). A save(update_fields=...) naming the source must name the key too."""

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["editable"]
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, instance, add):
        key = comparison_key(getattr(instance, self.source))
        setattr(instance, self.attname, key)
        return key


def validate_name_keys(instance):
    """Refuses a row whose name is another row's under the rule: for model forms (the admin),
    which leave the key out of their uniqueness checks as it is not one of their fields."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, NameKeyField) and field.unique:
            key = comparison_key(getattr(instance, field.source))
            others = type(instance)._default_manager.filter(**{field.name: key})
            if others.exclude(pk=instance.pk).exists():
                errors[field.source] = field.error_messages["unique"]
    if errors:
        raise ValidationError(errors)


def fill_name_keys(model, batch_size=5000):
    """Writes the keys of a table's existing rows (for a data migration), then stops with the
    names that are one under the rule, if any: a unique index on the keys would otherwise fail
    on them with a message naming no row.

    One UPDATE per row, sent a batch at a time: bulk_update's CASE over a batch is several
    times slower on a table of users."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, NameKeyField)]
    manager = model._default_manager
    connection = connections[manager.db]
    quote = connection.ops.quote_name
    # Only quoted names of the model's own table and columns are formatted in; values are
    # parameters.
    update = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    rows = manager.order_by("pk").values_list("pk", *(f.source for f in fields))
    last_pk = 0
    while batch := list(rows.filter(pk__gt=last_pk)[:batch_size]):
        with connection.cursor() as cursor:
            cursor.executemany(update, [(*map(comparison_key, names), pk) for pk, *names in batch])
        last_pk = batch[-1][0]
    for field in fields:
        clashing = (
            manager.values(field.name)
            .annotate(rows=models.Count("pk"))
            .filter(rows__gt=1)
            .values(field.name)
        )
        colliding = manager.filter(**{f"{field.name}__in": clashing})
        if names := sorted(colliding.values_list(field.source, flat=True)[:50]):
            raise RuntimeError(
                f"These {model._meta.verbose_name_plural} have {field.source}s that are one "
                f"under the new uniqueness rule (NFKC, Unicode case folding): {names}. Rename "
                "all but one of each, then migrate again."
            )
