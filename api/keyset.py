"""Keyset pages: the rows after a position in a list's ordering, found by where they are rather
than by how many come before them, so that a page costs the same at any depth.

A list's ordering ends with the primary key, which makes a position (the ordering's values of one
row) unique. The rows after it are the union of one range per key, from the last key to the first:
the same values up to key k and a later value of key k. Each range is a query an index on the
ordering reads directly (equalities then one bound); PostgreSQL cannot use an index for the OR of
all of them, and a bound on the first key alone reads every tie before the position (most posts
have as many comments as their neighbours), so the ranges are asked in turn until a page is full.
A nullable key keeps its NULLs at one end, in the index's order, and they are a range of their own.
"""

from dataclasses import dataclass, replace

from django.db.models import F, OrderBy, Q


@dataclass(frozen=True)
class Key:
    """One field of an ordering; for a nullable one, which end its NULLs are at."""

    name: str
    descending: bool
    nullable: bool = False
    nulls_last: bool = True

    @property
    def label(self):
        """How a cursor names the key: another ordering's cursor names other keys."""
        nulls = ("~last" if self.nulls_last else "~first") if self.nullable else ""
        return f"{'-' if self.descending else ''}{self.name}{nulls}"

    def reversed(self):
        return replace(self, descending=not self.descending, nulls_last=not self.nulls_last)

    def order_by(self):
        nulls = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        return OrderBy(F(self.name), descending=self.descending, **(nulls if self.nullable else {}))

    def equal(self, value):
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value):
        """The ranges of the rows whose value of this key comes after `value`, in order."""
        if value is None:
            return [] if self.nulls_last else [Q(**{f"{self.name}__isnull": False})]
        later = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and self.nulls_last:
            return [later, Q(**{f"{self.name}__isnull": True})]
        return [later]


def ordering_keys(queryset):
    """The keys of `queryset`'s ordering, up to its primary key (added last when missing).

    A nullable field ordered without saying where its NULLs go has them as its smallest value,
    on either database, as api.filters orders it.
    """
    meta = queryset.model._meta
    keys = []
    for item in queryset.query.order_by or meta.ordering:
        if isinstance(item, str):
            item = F(item[1:]).desc() if item.startswith("-") else F(item).asc()
        name = meta.pk.name if item.expression.name == "pk" else item.expression.name
        field = meta.get_field(name)
        nulls_last = item.nulls_last or (item.descending and not item.nulls_first)
        keys.append(Key(name, item.descending, field.null, nulls_last=bool(nulls_last)))
        if field.primary_key:
            return keys
    return [*keys, Key(meta.pk.name, descending=keys[-1].descending if keys else False)]


def position_of(row, keys):
    return [getattr(row, key.name) for key in keys]


def ranges_after(keys, position):
    """The ranges of the rows after `position`, in the ordering of `keys` (see the module)."""
    for k in reversed(range(len(keys))):
        same = Q()
        for key, value in zip(keys[:k], position[:k], strict=True):
            same &= key.equal(value)
        for later in keys[k].after(position[k]):
            yield same & later


def primary_keys_after(queryset, keys, position, limit):
    """Up to `limit` primary keys of `queryset`'s rows after `position` (from the start if None),
    in the ordering of `keys`."""
    ordering = [key.order_by() for key in keys]
    ranges = [Q()] if position is None else ranges_after(keys, position)
    found = []
    for rows in ranges:
        if len(found) >= limit:
            break
        page = queryset.filter(rows).order_by(*ordering).values_list("pk", flat=True)
        found += page[: limit - len(found)]
    return found
